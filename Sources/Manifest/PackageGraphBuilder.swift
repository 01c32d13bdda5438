import Foundation
import Model

/// Why a manifest could not be read.
public enum ManifestError: Error, Equatable, LocalizedError {
    /// SwiftPM's description of the package could not be read (the reason).
    case unreadable(String)
    /// Package.swift is not written in a way Carve can edit (the reason).
    case notEditable(String)
    /// SwiftPM reads an edited or generated Package.swift differently from the plan (what
    /// differs, the construct responsible, and what to do).
    case planMismatch(String)

    /// What failed, why, and what to do.
    public var errorDescription: String? {
        switch self {
        case .notEditable(let why):
            return "Carve cannot edit this Package.swift: \(why). Carve follows targets, products and dependencies through array literals, top-level variables, `+`, `.map`, and `package.targets += [...]`/`append` statements; write the declaration that way and try again"
        case .planMismatch(let why):
            return why
        case .unreadable(let why):
            return "the package description could not be read (\(why)): check that `swift package dump-package` works in the package"
        }
    }
}

/// Builds the component graph from SwiftPM's own description of the package
/// (`swift package dump-package`), never from the text of Package.swift.
public enum PackageGraphBuilder {
    /// The graph of the package described by `dumpPackageJSON`.
    public static func graph(dumpPackageJSON data: Data) throws -> PackageGraph {
        let dump: ManifestDump
        do {
            dump = try JSONDecoder().decode(ManifestDump.self, from: data)
        } catch {
            throw ManifestError.unreadable("\(error)")
        }
        let names = Set(dump.targets.map(\.name))
        var components: [PackageGraph.Component] = dump.targets.map { t in
            let inside = t.dependencies.compactMap { d -> String? in
                if let target = d.target, names.contains(target) { return target }
                if let product = d.product, product.package == nil, names.contains(product.name) { return product.name }
                return nil
            }
            let external = t.dependencies.compactMap { d -> String? in
                if let product = d.product, let package = product.package { return "\(package)/\(product.name)" }
                if let target = d.target, !names.contains(target) { return target }
                return nil
            }
            let defaultRoot = t.type == "test" ? "Tests" : t.type == "plugin" ? "Plugins" : "Sources"
            var component = PackageGraph.Component(
                name: t.name,
                kind: t.type,
                folder: t.path ?? "\(defaultRoot)/\(t.name)",
                exclude: t.exclude ?? [],
                resources: (t.resources ?? []).map(\.path),
                dependencies: inside,
                externalProducts: external,
                products: dump.products.filter { $0.targets.contains(t.name) }.map(\.name)
            )
            component.sources = t.sources ?? []
            component.settings = (t.settings ?? []).map { "\($0.tool) \($0.kind)" }
            component.defines = (t.settings ?? []).filter { $0.tool == "swift" && $0.kind == "define" }.flatMap(\.values).map { String($0.split(separator: "=").first ?? "") }
            return component
        }
        let index = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.name, $0) })
        for c in components {
            for d in c.dependencies {
                guard let i = index[d] else { continue }
                if c.kind == "test" {
                    components[i].testTargets.append(c.name)
                } else {
                    components[i].dependents.append(c.name)
                }
            }
        }
        let cycles = Self.cycles(components.filter { $0.kind != "test" })
        for i in components.indices {
            components[i].extraction = extraction(of: components[i], in: components, cycles: cycles)
        }
        return PackageGraph(name: dump.name, toolsVersion: dump.toolsVersion._version, components: components, cycles: cycles)
    }

    private static func extraction(of c: PackageGraph.Component, in all: [PackageGraph.Component], cycles: [[String]]) -> PackageGraph.Extraction {
        switch c.kind {
        case "regular", "executable", "system", "macro", "plugin", "binary":
            break
        default:
            return .blocked("a \(c.kind) target goes with the component it tests")
        }
        if let cycle = cycles.first(where: { $0.contains(c.name) }) {
            return .blocked("it is in a dependency cycle (\((cycle + [cycle[0]]).joined(separator: " → "))): extract those targets together")
        }
        for other in all where other.name != c.name {
            if other.folder.hasPrefix(c.folder + "/") || c.folder.hasPrefix(other.folder + "/") || other.folder == c.folder {
                return .blocked("its folder \(c.folder) overlaps the folder of \(other.name) (\(other.folder))")
            }
        }
        let inside = c.dependencies.filter { d in all.first { $0.name == d }?.kind != "test" }
        return inside.isEmpty ? .extractable : .dependsOnMonorepo(inside)
    }

    /// Strongly connected components with more than one target, or a target that depends on
    /// itself (Tarjan's algorithm).
    static func cycles(_ components: [PackageGraph.Component]) -> [[String]] {
        let index = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.name, $0) })
        var order = [Int](repeating: -1, count: components.count)
        var low = [Int](repeating: 0, count: components.count)
        var onStack = [Bool](repeating: false, count: components.count)
        var stack: [Int] = []
        var counter = 0
        var out: [[String]] = []
        func visit(_ v: Int) {
            order[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack[v] = true
            for d in components[v].dependencies {
                guard let w = index[d] else { continue }
                if order[w] < 0 {
                    visit(w)
                    low[v] = min(low[v], low[w])
                } else if onStack[w] {
                    low[v] = min(low[v], order[w])
                }
            }
            if low[v] == order[v] {
                var scc: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    scc.append(w)
                    if w == v { break }
                }
                if scc.count > 1 || components[v].dependencies.contains(components[v].name) {
                    out.append(scc.sorted().map { components[$0].name })
                }
            }
        }
        for v in components.indices where order[v] < 0 { visit(v) }
        return out
    }
}
