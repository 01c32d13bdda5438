import Foundation
import Imports
import Manifest
import Model

/// The rules of `carve check`, over data: the repository's packages as SwiftPM reads them and
/// the sources of each target. Each rule is a function that returns its findings.
struct CheckRules {
    var inputs: PlanningInputs
    /// The folders of the packages checked.
    var scope: [String]
    /// Package folder → target name → its Swift files.
    var sources: [String: [String: [ModuleSources.File]]]

    private var graph: RepositoryGraph { inputs.repository }

    /// Every finding of every rule, by package, component, file and line.
    func all(timer: PhaseTimer) -> [CheckFinding] {
        let judged = RepositoryModules(graph)
        var out = packageCycles() + packageLayout()
        out += timer.measure("plans") { packagesNotExtractable() }
        for folder in scope {
            let package = graph.package(at: folder)!
            let files = sources[folder] ?? [:]
            let imports = timer.measure("imports") {
                let all = files.flatMap { target, files in files.map { (target, $0) } }
                let scanned = ImportScanner.imports(inEach: all.map(\.1.text))
                return Dictionary(grouping: zip(all, scanned), by: { $0.0.0 }).mapValues { $0.map { (path: $0.0.1.path, imports: $0.1) } }
            }
            let lines = ManifestLocator.targetLines(inputs.sources[folder]!.manifest)
            out += importRules(package, imports: imports, lines: lines, modules: judged)
            out += timer.measure("package access") { packageAccess(package, files: files) }
            out += targetSettings(package, lines: lines)
            out += targetLayout(package, lines: lines)
            out += timer.measure("plans") { targetsNotExtractable(package, lines: lines) }
        }
        return out.sorted { ($0.package, $0.component, $0.file, $0.line, $0.rule) < ($1.package, $1.component, $1.file, $1.line, $1.rule) }
    }

    // MARK: - Where things are

    /// The module name SwiftPM gives a target (its c99 name: `my-lib` → `my_lib`).
    static func moduleName(_ target: String) -> String {
        var name = String(target.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" ? Character($0) : "_" })
        if name.first?.isNumber == true { name = "_" + name }
        return name
    }

    /// The target of `package` whose sources hold the Swift file at `path` (relative to the
    /// repository): the one with the deepest folder holding it, honouring `exclude:` and
    /// `sources:`; nil for a manifest, a file of another (nested) package, or one no target holds.
    static func owner(of path: String, in package: RepositoryGraph.Package, packageFolders: [String]) -> String? {
        guard path.hasSuffix(".swift"), package.folder.isEmpty || path.hasPrefix(package.folder + "/") else { return nil }
        let relative = package.folder.isEmpty ? path : String(path.dropFirst(package.folder.count + 1))
        if !relative.contains("/") && relative.hasPrefix("Package") { return nil }
        // A deeper package holds it.
        if packageFolders.contains(where: { $0.count > package.folder.count && (package.folder.isEmpty || $0.hasPrefix(package.folder + "/")) && path.hasPrefix($0 + "/") }) { return nil }
        func under(_ p: String, _ folder: String) -> Bool { folder.isEmpty || folder == "." || p == folder || p.hasPrefix(folder + "/") }
        let holder = package.graph.components.filter { under(relative, $0.folder) }.max { $0.folder.count < $1.folder.count }
        guard let target = holder else { return nil }
        let inside = target.folder.isEmpty || target.folder == "." ? relative : String(relative.dropFirst(target.folder.count + 1))
        if target.exclude.contains(where: { under(inside, $0) }) { return nil }
        if !target.sources.isEmpty && !target.sources.contains(where: { under(inside, $0) }) { return nil }
        return target.name
    }

    /// A local package's identity as a `.product(package:)` names it.
    private func localPackage(named name: String) -> RepositoryGraph.Package? {
        let lower = name.lowercased()
        return graph.packages.first { $0.identity == lower || $0.name.lowercased() == lower }
    }

    /// The modules a product dependency (`package/product`, or a bare name) brings: a local
    /// package's product's targets, or (for another package, whose targets Carve does not read)
    /// a module named like the product.
    private func modules(ofProduct entry: String) -> [String] {
        let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
        let product = parts.last!
        let local = parts.count == 2 ? localPackage(named: parts[0]).map { [$0] } ?? [] : graph.packages
        let targets = local.flatMap { p in p.graph.components.filter { $0.kind != "test" && $0.products.contains(product) }.map { Self.moduleName($0.name) } }
        return targets + [Self.moduleName(product)]
    }

    /// The modules the import rules judge, computed once per check: this repository's (the
    /// non-test targets of every package: its components) and the products of other packages
    /// that some target declares, each with how a target declares it. An import of anything else
    /// (Foundation, a system module) is not this repository's business.
    struct RepositoryModules {
        var components: Set<String> = []
        var known: [String: String] = [:]

        init(_ graph: RepositoryGraph) {
            for p in graph.packages {
                for c in p.graph.components where c.kind != "test" {
                    let name = CheckRules.moduleName(c.name)
                    components.insert(name)
                    if known[name] == nil {
                        if let product = c.products.first, !p.folder.isEmpty {
                            known[name] = ".product(name: \"\(product)\", package: \"\(p.identity)\")"
                        } else {
                            known[name] = "\"\(c.name)\""
                        }
                    }
                }
                for entry in p.graph.components.flatMap(\.externalProducts) {
                    let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
                    let name = CheckRules.moduleName(parts.last!)
                    if known[name] == nil {
                        known[name] = parts.count == 2 ? ".product(name: \"\(parts[1])\", package: \"\(parts[0])\")" : "\"\(parts[0])\""
                    }
                }
            }
        }
    }

    // MARK: - Imports

    /// `undeclared-import`, `exported-import` and `unused-dependency`.
    private func importRules(_ package: RepositoryGraph.Package, imports: [String: [(path: String, imports: [ImportedModule])]], lines: [String: ManifestLocator.TargetLines], modules judged: RepositoryModules) -> [CheckFinding] {
        let known = judged.known
        let manifest = package.repositoryPath("Package.swift")
        let byName = Dictionary(package.graph.components.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [CheckFinding] = []
        for c in package.graph.components {
            let files = imports[c.name] ?? []
            let own = Self.moduleName(c.name)
            var declared = Set(c.dependencies.map(Self.moduleName))
            for entry in c.externalProducts { declared.formUnion(modules(ofProduct: entry)) }
            var imported: Set<String> = []
            for file in files {
                // One finding per rule, module and file (`import struct X.A` and `import struct X.B` are one).
                var exported: Set<String> = [], undeclared: Set<String> = []
                for i in file.imports {
                    // A dependency imported in any configuration is used; an import is judged
                    // only where it can be compiled.
                    imported.insert(i.module)
                    guard Self.isActive(i.conditions, defines: c.defines), i.module != own, let how = known[i.module] else { continue }
                    if i.exported && judged.components.contains(i.module) && exported.insert(i.module).inserted {
                        out.append(CheckFinding(rule: .exportedImport, package: package.folder, component: c.name, file: file.path, line: i.line,
                                                message: "`@_exported import \(i.module)` re-exports another component to every file that imports \(c.name): import it plainly, and let the targets that use \(i.module) declare it"))
                    }
                    if !declared.contains(i.module) && undeclared.insert(i.module).inserted {
                        out.append(CheckFinding(rule: .undeclaredImport, package: package.folder, component: c.name, file: file.path, line: i.line,
                                                message: "`import \(i.module)`\(i.conditional ? " (in an #if)" : ""), but \(c.name) does not declare \(i.module) in Package.swift: add \(how) to its dependencies"))
                    }
                }
            }
            guard !files.isEmpty else { continue }
            let line = lines[c.name]?.declaration ?? 1
            for d in c.dependencies {
                guard let dependency = byName[d], !["macro", "plugin", "executable", "system", "binary", "test"].contains(dependency.kind),
                      !imported.contains(Self.moduleName(d)) else { continue }
                out.append(CheckFinding(rule: .unusedDependency, package: package.folder, component: c.name, file: manifest, line: line,
                                        message: "\(c.name) depends on \(d), but none of its sources imports \(Self.moduleName(d)): remove the dependency, or import what it uses"))
            }
            for entry in c.externalProducts where Set(modules(ofProduct: entry)).isDisjoint(with: imported) {
                out.append(CheckFinding(rule: .unusedDependency, package: package.folder, component: c.name, file: manifest, line: line,
                                        message: "\(c.name) depends on the product \(entry), but none of its sources imports it: remove the dependency (or, if the product's module has another name, turn the rule off for \(c.name))"))
            }
        }
        return out
    }

    /// Whether code under `#if` clauses with `conditions` can be compiled in a build of the
    /// target: a clause on a custom compilation condition (`#if FLAG`, `#if !FLAG`) counts only
    /// as the target's `.define`s (and SwiftPM's `DEBUG`) decide; any other condition
    /// (`canImport`, `os`, `compiler`, ...) may hold.
    static func isActive(_ conditions: [String], defines: [String]) -> Bool {
        let defined = Set(defines + ["DEBUG"])
        func isFlag(_ text: Substring) -> Bool {
            guard let first = text.first, first == "_" || first.isLetter else { return false }
            return text.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        }
        return conditions.allSatisfy { condition in
            let text = Substring(condition)
            if isFlag(text) { return defined.contains(String(text)) }
            if text.hasPrefix("!"), isFlag(text.dropFirst()) { return !defined.contains(String(text.dropFirst())) }
            return true
        }
    }

    // MARK: - package access

    /// `package-access`: each non-test target is a component, with the test targets that go
    /// along with it when it is extracted.
    private func packageAccess(_ package: RepositoryGraph.Package, files: [String: [ModuleSources.File]]) -> [CheckFinding] {
        let components = package.graph.components
        var groups: [[String]] = components.filter { $0.kind != "test" }.map { [$0.name] }
        var groupOf = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1[0], $0) })
        for test in components where test.kind == "test" {
            let named = groupOf.first { test.name == $0.key + "Tests" }?.value
            let homes = Set(test.dependencies.compactMap { groupOf[$0] })
            if let home = named ?? (homes.count == 1 ? homes.first : nil) {
                groups[home].append(test.name)
                groupOf[test.name] = home
            } else {
                groupOf[test.name] = groups.count
                groups.append([test.name])
            }
        }
        let sources = groups.map { $0.map { ModuleSources(module: Self.moduleName($0), files: files[$0] ?? []) } }
        guard sources.filter({ $0.contains { !$0.files.isEmpty } }).count > 1 else { return [] }
        let owner = Dictionary(components.map { (Self.moduleName($0.name), groups[groupOf[$0.name]!][0]) }, uniquingKeysWith: { a, _ in a })
        return PackageAccessScanner.findings(acrossComponents: sources).map { f in
            CheckFinding(rule: .packageAccess, package: package.folder, component: owner[f.declaringModule] ?? f.declaringModule, file: f.useFile, line: f.useLine,
                         message: "`package \(f.declaration)` of \(f.declaringModule) (\(f.declarationFile):\(f.declarationLine)) is used by \(f.usingModule), another component: make it `public`, or keep the use inside \(f.declaringModule)")
        }
    }

    // MARK: - Manifest

    /// `unsafe-flags`.
    private func targetSettings(_ package: RepositoryGraph.Package, lines: [String: ManifestLocator.TargetLines]) -> [CheckFinding] {
        package.graph.components.filter { $0.settings.contains { $0.hasSuffix(" unsafeFlags") } }.map { c in
            CheckFinding(rule: .unsafeFlags, package: package.folder, component: c.name, file: package.repositoryPath("Package.swift"), line: lines[c.name]?.unsafeFlags ?? lines[c.name]?.declaration ?? 1,
                         message: "\(c.name) uses `unsafeFlags`, which SwiftPM refuses in a package used as a versioned dependency: use a named setting (`.define`, `.enableUpcomingFeature`, ...) or move the flags to the command line")
        }
    }

    /// `nested-target` and `layout` for targets.
    private func targetLayout(_ package: RepositoryGraph.Package, lines: [String: ManifestLocator.TargetLines]) -> [CheckFinding] {
        var out: [CheckFinding] = []
        let manifest = package.repositoryPath("Package.swift")
        let components = package.graph.components
        for (i, c) in components.enumerated() {
            let line = lines[c.name]?.declaration ?? 1
            if let outer = components.enumerated().first(where: { j, o in j != i && (c.folder.hasPrefix(o.folder + "/") || (o.folder == c.folder && j < i)) })?.element {
                let how = outer.folder == c.folder ? "shares its folder \(c.folder) with \(outer.name)" : "has its folder \(c.folder) inside \(outer.name)'s folder \(outer.folder)"
                out.append(CheckFinding(rule: .nestedTarget, package: package.folder, component: c.name, file: manifest, line: line,
                                        message: "\(c.name) \(how): move it to a folder of its own (Sources/\(c.name))"))
            }
            guard c.kind != "binary" else { continue }
            let top = c.kind == "test" ? "Tests" : c.kind == "plugin" ? "Plugins" : "Sources"
            let parts = c.folder.split(separator: "/")
            // A package's only target of its kind may be the whole `Sources` (or `Tests`) folder.
            let alone = c.folder == top && components.filter { ($0.kind == "test") == (c.kind == "test") && $0.kind != "plugin" }.count == 1
            if (parts.count != 2 || parts[0] != top) && !alone {
                out.append(CheckFinding(rule: .layout, package: package.folder, component: c.name, file: manifest, line: line,
                                        message: "\(c.name) is in \(c.folder), not one level below \(top)/: move it to \(top)/\(c.name) (and drop its `path:`)"))
            }
        }
        return out
    }

    /// `layout` for local packages: one package per folder, none inside another local package.
    private func packageLayout() -> [CheckFinding] {
        graph.packages.filter { !$0.folder.isEmpty && scope.contains($0.folder) }.compactMap { p in
            guard let outer = graph.packages.filter({ !$0.folder.isEmpty && p.folder.hasPrefix($0.folder + "/") }).max(by: { $0.folder.count < $1.folder.count }) else { return nil }
            return CheckFinding(rule: .layout, package: p.folder, component: p.folder, file: p.repositoryPath("Package.swift"), line: 0,
                                message: "the package \(p.name) (\(p.folder)) is inside the package \(outer.name) (\(outer.folder)): give it a folder of its own beside it")
        }
    }

    /// `package-cycle`.
    private func packageCycles() -> [CheckFinding] {
        graph.cycles.filter { !Set($0).isDisjoint(with: scope) }.map { cycle in
            let first = cycle[0]
            let shown = (cycle + [first]).map { $0.isEmpty ? "." : $0 }.joined(separator: " → ")
            return CheckFinding(rule: .packageCycle, package: first, component: first.isEmpty ? "." : first, file: first.isEmpty ? "Package.swift" : first + "/Package.swift", line: 0,
                                message: "the local packages depend on each other by path in a cycle (\(shown)): move what they share into a package of its own that they both depend on")
        }
    }

    // MARK: - Extraction plans

    /// Where a checked component would go (a sibling of the repository, as `carve extract`
    /// would be told); it only shapes relative paths in the plan.
    private func destination(_ name: String) -> String {
        (inputs.root as NSString).deletingLastPathComponent + "/" + name
    }

    /// `not-extractable` for targets: the data steps of `carve extract`'s plan, for each target
    /// alone (`package` access and SwiftPM's reading of the written manifests are checked by
    /// `package-access` and by `carve extract --dry-run`).
    private func targetsNotExtractable(_ package: RepositoryGraph.Package, lines: [String: ManifestLocator.TargetLines]) -> [CheckFinding] {
        let planning = TargetPlanning(source: inputs.sources[package.folder]!, inputs: inputs, options: PackagingOptions(package: package.folder))
        return package.graph.components.filter { $0.kind != "test" }.compactMap { c in
            do {
                _ = try ExtractPlanner.draftTargets(planning, [GroupRequest(components: [c.name])], names: [[c.name]], all: false, destination: destination)
                return nil
            } catch {
                return CheckFinding(rule: .notExtractable, package: package.folder, component: c.name, file: package.repositoryPath("Package.swift"), line: lines[c.name]?.declaration ?? 1,
                                    message: "`carve extract \(c.name)` would refuse it: \(error.localizedDescription)")
            }
        }
    }

    /// `not-extractable` for local packages.
    private func packagesNotExtractable() -> [CheckFinding] {
        let planning = PackagePlanning(inputs: inputs, options: PackagingOptions())
        return graph.packages.filter { !$0.folder.isEmpty && scope.contains($0.folder) }.compactMap { p in
            do {
                _ = try ExtractPlanner.draftPackages(planning, [GroupRequest(components: [p.folder])], folders: [[p.folder]], destination: destination)
                return nil
            } catch {
                return CheckFinding(rule: .notExtractable, package: p.folder, component: p.folder, file: p.repositoryPath("Package.swift"), line: 0,
                                    message: "`carve extract \(p.folder)` would refuse it: \(error.localizedDescription)")
            }
        }
    }
}
