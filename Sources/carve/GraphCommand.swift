import ArgumentParser
import Foundation
import Model
import Provider

/// `carve graph`: the repository's packages and targets, as text, JSON or Graphviz dot.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The repository's packages and components, their dependencies, cycles, and which can be extracted as they stand.",
        discussion: """
            Reads every Package.swift in the folder and below it (the root package and local \
            packages such as Packages/Core; not .build or hidden folders) the way SwiftPM does, with \
            the path dependencies between the packages.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Only the package in this folder (relative to --repo).")
    var package: String?

    @Flag(name: .long, help: "Print the graph in Graphviz's dot language.")
    var dot = false

    @Option(name: .long, help: "Draw the graph into this SVG file (through Graphviz's `dot`): cycles in red, components that cannot be extracted marked, with the reason as a tooltip.")
    var svg: String?

    func validate() throws {
        if common.json && dot { throw ValidationError("use --json or --dot, not both") }
    }

    func run() throws {
        let root = Paths.real(common.repo)
        let graph = try Terminal.run { try Provider().graphUseCase().run(root: root, package: package.map(Paths.fromCurrentDirectory)) }
        if let svg {
            let path = Paths.real(svg)
            try Terminal.run { try GraphDrawing().drawSVG(GraphRendering.dot(graph), to: path) }
            if !common.quiet { Terminal.diagnostic("drew \(graph.packages.count == 1 ? "\(graph.packages[0].graph.components.count) targets" : "\(graph.packages.count) packages") into \(svg)") }
        }
        if common.json {
            Terminal.printJSON(graph)
        } else if dot {
            print(GraphRendering.dot(graph), terminator: "")
        } else if svg == nil {
            print(GraphRendering.text(graph), terminator: "")
        }
    }
}

/// Text and dot renderings of a package graph.
enum GraphRendering {
    static func text(_ repository: RepositoryGraph) -> String {
        if repository.packages.count == 1 { return text(repository.packages[0].graph) }
        var out = "\(repository.packages.count) packages\n"
        for p in repository.packages {
            out += "\n\(p.folder.isEmpty ? "." : p.folder): package \(p.name)\n"
            if !p.pathDependencies.isEmpty { out += "  depends on (path): \(p.pathDependencies.map { $0.isEmpty ? "." : $0 }.joined(separator: ", "))\n" }
            if !p.dependents.isEmpty { out += "  used by: \(p.dependents.map { $0.isEmpty ? "." : $0 }.joined(separator: ", "))\n" }
            out += "  targets: \(p.graph.components.map { "\($0.name) [\($0.kind)]" }.joined(separator: ", "))\n"
            out += p.folder.isEmpty ? "" : "  extract: yes, as a package (`carve extract \(p.folder) --to DIR`)\n"
        }
        for cycle in repository.cycles { out += "\npackage cycle: \((cycle + [cycle[0]]).joined(separator: " → "))\n" }
        for p in repository.packages {
            out += "\n--- \(p.folder.isEmpty ? "." : p.folder) ---\n" + text(p.graph)
        }
        return out
    }

    static func text(_ graph: PackageGraph) -> String {
        var out = "\(graph.name) (tools \(graph.toolsVersion)): \(graph.components.count) targets\n"
        for c in graph.components {
            out += "\n\(c.name) [\(c.kind)] \(c.folder)\n"
            if !c.dependencies.isEmpty { out += "  depends on: \(c.dependencies.joined(separator: ", "))\n" }
            if !c.externalProducts.isEmpty { out += "  uses: \(c.externalProducts.joined(separator: ", "))\n" }
            if !c.dependents.isEmpty { out += "  used by: \(c.dependents.joined(separator: ", "))\n" }
            if !c.testTargets.isEmpty { out += "  tests: \(c.testTargets.joined(separator: ", "))\n" }
            if !c.products.isEmpty { out += "  products: \(c.products.joined(separator: ", "))\n" }
            if !c.resources.isEmpty { out += "  resources: \(c.resources.joined(separator: ", "))\n" }
            if !c.settings.isEmpty { out += "  settings: \(counted(c.settings).joined(separator: ", "))\n" }
            switch c.extraction {
            case .extractable:
                out += "  extract: yes\n"
            case .dependsOnMonorepo(let targets) where c.dependents.isEmpty:
                out += "  extract: yes; the new package would depend on the monorepo for \(targets.joined(separator: ", "))\n"
            case .dependsOnMonorepo(let targets):
                out += "  extract: yes, but the new package and the monorepo would depend on each other (it needs \(targets.joined(separator: ", ")); \(c.dependents.joined(separator: ", ")) use it): a package cycle, which builds from tools version 6.0; extract \(targets.count == 1 ? "it" : "them") first to avoid it\n"
            case .blocked(let why):
                out += "  extract: no, \(why)\n"
            }
        }
        if graph.cycles.isEmpty {
            out += "\nno dependency cycles\n"
        } else {
            for cycle in graph.cycles { out += "\ncycle: \((cycle + [cycle[0]]).joined(separator: " → "))\n" }
        }
        return out
    }

    /// Each distinct item once, in order, with `×N` when it repeats.
    static func counted(_ items: [String]) -> [String] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for item in items {
            if counts[item] == nil { order.append(item) }
            counts[item, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }
    }

    private static func quoted(_ s: String) -> String {
        let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        return "\"" + escaped + "\""
    }

    static func dot(_ repository: RepositoryGraph) -> String {
        if repository.packages.count == 1 { return dot(repository.packages[0].graph) }
        var out = "digraph \"packages\" {\n  rankdir=LR;\n  compound=true;\n"
        for (i, p) in repository.packages.enumerated() {
            let prefix = p.folder.isEmpty ? "" : p.folder + ":"
            out += "  subgraph \(quoted("cluster_\(i)")) {\n    label=\(quoted((p.folder.isEmpty ? "." : p.folder) + " (" + p.name + ")"));\n"
            out += "    \(quoted(prefix + "#package")) [label=\(quoted(p.name)), shape=folder];\n"
            for c in p.graph.components { out += "    \(quoted(prefix + c.name)) [label=\(quoted(c.name + "\n" + c.kind)), \(style(c))];\n" }
            out += "  }\n"
            for c in p.graph.components {
                for d in c.dependencies { out += "  \(quoted(prefix + c.name)) -> \(quoted(prefix + d))\(edge(c.name, d, p.graph.cycles));\n" }
            }
        }
        for p in repository.packages {
            for d in p.pathDependencies {
                let from = (p.folder.isEmpty ? "" : p.folder + ":") + "#package", to = (d.isEmpty ? "" : d + ":") + "#package"
                out += "  \(quoted(from)) -> \(quoted(to))\(edge(p.folder, d, repository.cycles, bold: true));\n"
            }
        }
        out += "}\n"
        return out
    }

    /// A component's colour, with why it cannot be extracted (or how it can) as its tooltip.
    private static func style(_ c: PackageGraph.Component) -> String {
        switch c.extraction {
        case .extractable: return "color=darkgreen, tooltip=\(quoted("can be extracted as it stands"))"
        case .dependsOnMonorepo(let targets): return "color=orange, tooltip=\(quoted("can be extracted; the new package would depend on the monorepo for " + targets.joined(separator: ", ")))"
        case .blocked(let why) where c.kind == "test": return "color=gray, style=dashed, tooltip=\(quoted(why))"
        case .blocked(let why): return "color=red, penwidth=2, style=\"bold,filled\", fillcolor=mistyrose, tooltip=\(quoted("cannot be extracted: " + why))"
        }
    }

    /// Whether `from -> to` is an edge of one of `cycles`.
    private static func inCycle(_ from: String, _ to: String, _ cycles: [[String]]) -> Bool {
        cycles.contains { $0.contains(from) && $0.contains(to) }
    }

    /// The attributes of a dependency edge: red when it closes a cycle.
    private static func edge(_ from: String, _ to: String, _ cycles: [[String]], bold: Bool = false) -> String {
        var attributes = bold ? ["style=bold"] : []
        if inCycle(from, to, cycles) { attributes += ["color=red", "penwidth=2", "tooltip=\(quoted("in a dependency cycle"))"] }
        return attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
    }

    static func dot(_ graph: PackageGraph) -> String {
        var out = "digraph \(quoted(graph.name)) {\n  rankdir=LR;\n"
        for c in graph.components {
            out += "  \(quoted(c.name)) [label=\(quoted(c.name + "\n" + c.kind)), \(style(c))];\n"
        }
        for c in graph.components {
            for d in c.dependencies { out += "  \(quoted(c.name)) -> \(quoted(d))\(edge(c.name, d, graph.cycles));\n" }
        }
        out += "}\n"
        return out
    }
}
