import Foundation
import Imports
import Manifest
import Model

/// Everything an extraction (one package) or a batch (several) will do, decided before
/// anything is written.
struct ExtractPlan {
    struct Target {
        var name: String
        var folder: String
    }

    /// One new package.
    struct Package {
        var name: String
        var destination: String
        /// Folders split out with their history, kept at their paths.
        var folders: [String]
        /// The moved targets with their names and folders in the new package.
        var targets: [Target]
        /// On a rename, `Sources/X` → `Sources/N` (and the tests).
        var folderMoves: [String: String]
        /// Old name → name in the new package, for every moved target.
        var targetNames: [String: String]
        var generated: GeneratedManifest
        var dependsOn: [String]
        /// Its URL (with `--url-template`).
        var url: String?
        var commitMessage: String
    }

    var tip: ObjectID
    var revision: String
    /// Dependencies first.
    var packages: [Package]
    /// Module renames (old, new), applied to every Swift file on both sides.
    var renames: [(old: String, new: String)]
    var rewiredManifest: String
    /// Targets that stay, with their folders (their sources are rewritten on a rename).
    var remainingTargets: [Target]
    var branch: String
    var dependents: [String]
    var exposedTargets: [String]
    var warnings: [String]
    var monorepoCommitMessage: String
    var version: String?
    /// Where the new packages are put together before they are renamed into place: `nil` puts
    /// each package's folder in place on its own (extract); a folder puts all of them under it
    /// and renames it to `output` (batch).
    var output: String?
    /// Destinations (or the output folder) that are not empty.
    var occupied: [String]
    /// Where the branch points now, if it exists.
    var existingBranch: ObjectID?
}

/// What one new package is asked to hold.
struct GroupRequest {
    /// The package's name (default: its first component's); for a single component, a name
    /// that differs renames the module.
    var name: String?
    var components: [String]
    /// `--name` of extract (checked as a module name), vs a config's package name.
    var renameModule: Bool
}

/// Works out an `ExtractPlan` from the request, the monorepo's manifest at the revision (as
/// SwiftPM reads it) and the repository.
struct ExtractPlanner {
    var repository: ExtractRepository
    var manifests: ManifestSource
    var workspace: Workspace
    var options: PackagingOptions
    private var revision: String { options.revision }
    private var urlTemplate: String? { options.urlTemplate }
    private var version: String? { options.version }

    /// Plans `groups`; `destination(name)` says where each package goes.
    func plan(groups requested: [GroupRequest], all: Bool, defaultBranch: (String) -> String, output: String?, destination: (String) -> String) throws -> ExtractPlan {
        let root = repository.rootPath
        if let template = urlTemplate {
            guard template.contains("{name}") else { throw ExtractError.urlTemplateWithoutName(template) }
            guard version != nil else { throw ExtractError.urlTemplateNeedsVersion }
        }
        if let version, !Self.isSemanticVersion(version) { throw ExtractError.invalidVersion(version) }
        for group in requested where group.renameModule {
            if let name = group.name, !Self.isValidModuleName(name) { throw ExtractError.invalidModuleName(name) }
        }
        try repository.checkHistory(allowShallow: options.allowShallow)
        let tip = try repository.commit(for: revision)
        let tipTree = try repository.tree(of: tip)
        guard let manifestEntry = try repository.entry(at: "Package.swift", in: tipTree), manifestEntry.mode != 0o040000 else {
            throw ExtractError.noManifest(revision)
        }
        let manifestText = String(decoding: try repository.blob(manifestEntry.id), as: UTF8.self)
        let graph = try PackageGraphBuilder.graph(dumpPackageJSON: try manifests.dumpPackage(manifest: manifestText))
        let byName = Dictionary(uniqueKeysWithValues: graph.components.map { ($0.name, $0) })

        // The components of each group, by name or folder; --all adds every other library,
        // executable, C and plugin target as a package of its own.
        func resolve(_ argument: String) throws -> PackageGraph.Component {
            let key = argument.hasPrefix("./") ? String(argument.dropFirst(2)) : argument
            let trimmed = key.hasSuffix("/") ? String(key.dropLast()) : key
            guard let component = graph.components.first(where: { $0.name == trimmed || $0.folder == trimmed }) else {
                throw ExtractError.unknownComponent(argument, graph.components.filter { $0.kind != "test" }.map(\.name))
            }
            if component.kind == "test" { throw ExtractError.testTarget(component.name) }
            return component
        }
        var groups: [(request: GroupRequest, chosen: [PackageGraph.Component])] = []
        var owner: [String: Int] = [:]
        for group in requested {
            var chosen: [PackageGraph.Component] = []
            for argument in group.components {
                let component = try resolve(argument)
                if let other = owner[component.name], other != groups.count { throw ExtractError.componentTwice(component.name) }
                if owner[component.name] == nil { chosen.append(component) }
                owner[component.name] = groups.count
            }
            guard !chosen.isEmpty else { throw ExtractError.noComponents }
            groups.append((group, chosen))
        }
        if all {
            for c in graph.components where c.kind != "test" && owner[c.name] == nil {
                owner[c.name] = groups.count
                groups.append((GroupRequest(name: nil, components: [c.name], renameModule: false), [c]))
            }
        }
        guard !groups.isEmpty else { throw ExtractError.noComponents }
        var moved = Set(owner.keys)
        for (_, chosen) in groups {
            for component in chosen {
                guard case .blocked(let why) = component.extraction else { continue }
                let cycle = graph.cycles.first { $0.contains(component.name) }
                if let cycle, cycle.allSatisfy({ owner[$0] == owner[component.name] }) { continue }
                if let cycle, cycle.allSatisfy({ owner[$0] != nil }) {
                    throw ExtractError.packageCycle(cycle.map { $0 })
                }
                throw ExtractError.blocked(component.name, why)
            }
        }
        // Test targets go along when they test only what one package holds, or are named
        // after one of its targets.
        for test in graph.components where test.kind == "test" {
            let uses = Set(test.dependencies)
            if let named = groups.indices.first(where: { i in groups[i].chosen.contains { test.name == $0.name + "Tests" } }) {
                owner[test.name] = named
            } else if let home = uses.first.flatMap({ owner[$0] }), uses.allSatisfy({ owner[$0] == home }) {
                owner[test.name] = home
            } else {
                continue
            }
            moved.insert(test.name)
        }
        let remaining = graph.components.filter { owner[$0.name] == nil }
        let dependents = remaining.filter { !Set($0.dependencies).isDisjoint(with: moved) }.map(\.name)

        // Names, renames and destinations.
        var packageNames: [String] = []
        var renames: [(old: String, new: String)] = []
        var targetNames = Dictionary(uniqueKeysWithValues: moved.map { ($0, $0) })
        var folderMoves: [[String: String]] = []
        let products = Set(graph.components.flatMap(\.products))
        for (request, chosen) in groups {
            let name = request.name ?? chosen[0].name
            if packageNames.contains(name) { throw ExtractError.duplicatePackage(name) }
            packageNames.append(name)
            var moves: [String: String] = [:]
            let old = chosen[0].name
            let renaming = request.name != nil && name != old && (request.renameModule || chosen.count == 1)
            if request.renameModule, request.name != nil, chosen.count > 1 { throw ExtractError.renameNeedsOneTarget(chosen.map(\.name)) }
            if renaming {
                if !request.renameModule, !Self.isValidModuleName(name) { throw ExtractError.invalidModuleName(name) }
                if byName[name] != nil || byName[name + "Tests"] != nil || products.subtracting(chosen[0].products).contains(name) {
                    throw ExtractError.nameClash(name)
                }
                renames.append((old, name))
                targetNames[old] = name
                if chosen[0].folder == "Sources/\(old)" { moves["Sources/\(old)"] = "Sources/\(name)" }
                if let tests = byName[old + "Tests"], owner[tests.name] == owner[old] {
                    targetNames[tests.name] = name + "Tests"
                    if tests.folder == "Tests/\(old)Tests" { moves[tests.folder] = "Tests/\(name)Tests" }
                }
            }
            folderMoves.append(moves)
        }
        let destinations = packageNames.map(destination)
        for d in destinations {
            if d == root || d.hasPrefix(root + "/") || root.hasPrefix(d + "/") {
                throw ExtractError.destinationInsideRepository(d, root)
            }
        }
        if let output {
            if output == root || output.hasPrefix(root + "/") || root.hasPrefix(output + "/") {
                throw ExtractError.destinationInsideRepository(output, root)
            }
        }
        // Taken destinations are refused after the build, unless they hold exactly this result
        // (a run that was interrupted, or is repeated).
        let occupied = (output.map { [$0] } ?? destinations).filter { !workspace.isMissingOrEmpty($0) }

        // Package order: each after the packages it uses; a cycle among them is refused.
        let count = groups.count
        var uses = [Set<Int>](repeating: [], count: count)
        for c in graph.components {
            guard let from = owner[c.name] else { continue }
            for d in c.dependencies {
                if let to = owner[d], to != from { uses[from].insert(to) }
            }
        }
        let order = try Self.topologicalOrder(uses, names: packageNames)

        // Where each side finds the others.
        let urls = packageNames.map { name in urlTemplate.map { $0.replacingOccurrences(of: "{name}", with: name) } }
        let identities = (0..<count).map { i in urls[i].map(PackageGenerator.packageName(location:)) ?? (destinations[i] as NSString).lastPathComponent }
        func reference(from folder: String, to i: Int) -> String {
            if let url = urls[i], let version { return ".package(url: \"\(url)\", from: \"\(version)\")" }
            return ".package(path: \"\(Self.relativePath(from: folder, to: destinations[i]))\")"
        }
        let monorepoIdentity = (root as NSString).lastPathComponent
        let usedByMonorepo = Set(remaining.flatMap { c in c.dependencies.compactMap { owner[$0] } })
        var packages: [ExtractPlan.Package] = []
        var warnings: [String] = []
        var exposed: [String] = []
        var anyCycle = false
        for i in order {
            let members = Set(moved.filter { owner[$0] == i })
            var elsewhere: [String: PackagedTarget] = [:]
            for (target, j) in owner where j != i {
                elsewhere[target] = PackagedTarget(product: ProductReference(name: targetNames[target]!, package: identities[j]), package: reference(from: destinations[i], to: j))
            }
            let needsMonorepo = graph.components.contains { members.contains($0.name) && $0.dependencies.contains { owner[$0] == nil } }
            let cycle = needsMonorepo && usedByMonorepo.contains(i)
            if cycle, urlTemplate != nil {
                throw ExtractError.cycleWithURL(packageNames[i], graph.components.filter { members.contains($0.name) }.flatMap { $0.dependencies.filter { owner[$0] == nil } })
            }
            let generated = try PackageGenerator.generate(fromMonorepo: manifestText, PackageGeneration(
                name: packageNames[i],
                targets: members,
                renames: targetNames.filter { members.contains($0.key) && $0.key != $0.value },
                monorepoPackage: ".package(path: \"\(Self.relativePath(from: destinations[i], to: root))\")",
                monorepoIdentity: monorepoIdentity,
                raiseToolsVersion: cycle,
                elsewhere: elsewhere
            ))
            let needs = generated.monorepoTargets.joined(separator: ", ")
            if cycle {
                anyCycle = true
                let users = remaining.filter { c in c.dependencies.contains { owner[$0] == i } }.map(\.name)
                warnings.append("\(packageNames[i]) and the monorepo depend on each other (\(packageNames[i]) needs \(needs); \(users.joined(separator: ", ")) need \(packageNames[i])): SwiftPM accepts this from tools version 6.0, so both manifests are raised to it; better, extract \(needs) first or together with \(packageNames[i])")
            } else if needsMonorepo {
                warnings.append("\(packageNames[i]) depends on the monorepo for \(needs), which become products of it; consider extracting them too")
            }
            exposed += generated.monorepoTargets.filter { !exposed.contains($0) }
            warnings += generated.warnings
            let folders = graph.components.filter { members.contains($0.name) }.map(\.folder)
            packages.append(ExtractPlan.Package(
                name: packageNames[i],
                destination: destinations[i],
                folders: folders,
                targets: graph.components.filter { members.contains($0.name) }.map { .init(name: targetNames[$0.name]!, folder: folderMoves[i][$0.folder] ?? $0.folder) },
                folderMoves: folderMoves[i],
                targetNames: targetNames.filter { members.contains($0.key) },
                generated: generated,
                dependsOn: uses[i].sorted().map { packageNames[$0] },
                url: urls[i],
                commitMessage: "Add Package.swift for \(packageNames[i])\n\nThe commits below are the history of \(folders.joined(separator: ", ")) in \(graph.name) up to \(tip.hex),\nsplit by Carve.\n"
            ))
        }

        var replacements: [String: ProductReference] = [:]
        for (target, i) in owner where byName[target]?.kind != "test" {
            replacements[target] = ProductReference(name: targetNames[target]!, package: identities[i])
        }
        let nothingLeft = !remaining.contains { $0.kind != "test" }
        let added = (0..<count).filter { nothingLeft || usedByMonorepo.contains($0) }.map { reference(from: root, to: $0) }
        if nothingLeft {
            warnings.append("nothing is left in the monorepo: its Package.swift on the branch only depends on the new packages (\(packageNames.joined(separator: ", "))), so that it still builds")
        }
        let rewired = try ManifestRewriter.rewire(manifestText, MonorepoRewiring(
            removedTargets: moved,
            replacements: replacements,
            addedPackages: added,
            exposedTargets: exposed,
            raiseToolsVersion: anyCycle
        ))

        let branchName = options.branch ?? defaultBranch(packageNames[0])
        let ref = try repository.branchReference(branchName)
        let existingBranch = try repository.referenceTarget(ref)

        let movedList = graph.components.filter { moved.contains($0.name) && $0.kind != "test" }.map(\.name).joined(separator: ", ")
        let locations = order.map { urls[$0] ?? Self.relativePath(from: root, to: destinations[$0]) }.joined(separator: ", ")
        return ExtractPlan(
            tip: tip,
            revision: revision,
            packages: packages,
            renames: renames,
            rewiredManifest: rewired,
            remainingTargets: remaining.map { .init(name: $0.name, folder: $0.folder) },
            branch: branchName,
            dependents: dependents,
            exposedTargets: exposed,
            warnings: warnings,
            monorepoCommitMessage: "Extract \(movedList) into \(count == 1 ? "the package \(packageNames[0])" : "\(count) packages")\n\nNow at \(locations); \(dependents.isEmpty ? "no target here used them" : "\(dependents.joined(separator: ", ")) use their products").\n",
            version: version,
            output: output,
            occupied: occupied,
            existingBranch: existingBranch
        )
    }

    /// Indices in an order where each comes after those it uses; a cycle is refused.
    static func topologicalOrder(_ uses: [Set<Int>], names: [String]) throws -> [Int] {
        var state = [Int](repeating: 0, count: uses.count)
        var order: [Int] = []
        var path: [Int] = []
        func visit(_ v: Int) throws {
            if state[v] == 2 { return }
            if state[v] == 1 {
                let start = path.firstIndex(of: v)!
                throw ExtractError.packageCycle((path[start...] + [v]).map { names[$0] })
            }
            state[v] = 1
            path.append(v)
            for w in uses[v].sorted() { try visit(w) }
            path.removeLast()
            state[v] = 2
            order.append(v)
        }
        for v in uses.indices { try visit(v) }
        return order
    }

    /// A Swift identifier that can name a module.
    static func isValidModuleName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        let keywords: Set<String> = ["import", "class", "struct", "enum", "protocol", "func", "let", "var", "if", "else", "for", "while", "return", "self", "Self", "Any", "true", "false", "nil", "in", "do", "try", "throw", "switch", "case", "default", "where", "extension", "init", "deinit", "subscript", "operator", "static", "public", "private", "internal", "fileprivate", "open", "Type", "Protocol", "Swift"]
        return !keywords.contains(name) && name.unicodeScalars.allSatisfy { ($0 == "_" || CharacterSet.alphanumerics.contains($0)) && $0.isASCII }
    }

    /// `MAJOR.MINOR.PATCH` with an optional `-pre` part.
    static func isSemanticVersion(_ version: String) -> Bool {
        let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && version.allSatisfy(allowed.contains) && !version.hasSuffix("-") && !version.contains("..")
    }

    /// The relative path from folder `from` to folder `to` (both absolute and standardised).
    static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        let common = commonPrefixCount(a, b)
        let parts = Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Where a folder goes inside a scratch folder so that the relative paths between the
    /// monorepo and the packages stay those of the real folders.
    static func scratchPath(_ path: String, scratch: String, monorepo: String, others: [String]) -> String {
        let base = monorepo.split(separator: "/")
        let common = others.reduce(base.count) { min($0, commonPrefixCount(base, $1.split(separator: "/"))) }
        return ([scratch + "/tree"] + path.split(separator: "/")[common...].map(String.init)).joined(separator: "/")
    }

    private static func commonPrefixCount(_ a: [Substring], _ b: [Substring]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }
}
