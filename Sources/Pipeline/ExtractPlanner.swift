import Foundation
import Imports
import Manifest
import Model

/// Everything an extraction will do, decided before anything is written.
struct ExtractPlan {
    struct Target {
        var name: String
        var folder: String
    }

    var request: ExtractRequest
    var tip: ObjectID
    /// The new package's name.
    var name: String
    /// Folders split out with their history, kept at their paths.
    var folders: [String]
    var movedTargets: [Target]
    /// Targets that stay, with their folders (their sources are rewritten on a rename).
    var remainingTargets: [Target]
    /// On a rename, `Sources/X` → `Sources/N` (and the tests) in the new package.
    var folderMoves: [String: String]
    var renamer: ModuleRenamer?
    /// The module renamed by `--name` (its old name).
    var oldName: String
    /// Old name → name in the new package, for every moved target.
    var targetNames: [String: String]
    var generated: GeneratedManifest
    var rewiredManifest: String
    var branch: String
    var dependents: [String]
    var warnings: [String]
    /// The new package's URL (with `--url-template`).
    var packageURL: String?
    var packageCommitMessage: String
    var monorepoCommitMessage: String
}

/// Works out an `ExtractPlan` from the request, the monorepo's manifest at the revision (as
/// SwiftPM reads it) and the repository.
struct ExtractPlanner {
    var request: ExtractRequest
    var repository: ExtractRepository
    var manifests: ManifestSource
    var workspace: Workspace

    func plan() throws -> ExtractPlan {
        guard !request.components.isEmpty else { throw ExtractError.noComponents }
        let destination = request.destination
        let root = repository.rootPath
        if destination == root || destination.hasPrefix(root + "/") || root.hasPrefix(destination + "/") {
            throw ExtractError.destinationInsideRepository(destination, root)
        }
        guard workspace.isMissingOrEmpty(destination) else { throw ExtractError.destinationNotEmpty(destination) }
        if let name = request.newName, !Self.isValidModuleName(name) { throw ExtractError.invalidModuleName(name) }
        if let template = request.urlTemplate {
            guard template.contains("{name}") else { throw ExtractError.urlTemplateWithoutName(template) }
            guard request.version != nil else { throw ExtractError.urlTemplateNeedsVersion }
        }
        if let version = request.version, !Self.isSemanticVersion(version) { throw ExtractError.invalidVersion(version) }

        if repository.isEmpty { throw PipelineError.emptyRepository }
        if repository.isShallow, !request.allowShallow { throw PipelineError.shallowRepository }
        let tip = try repository.commit(for: request.revision)
        let tipTree = try repository.tree(of: tip)
        guard let manifestEntry = try repository.entry(at: "Package.swift", in: tipTree), manifestEntry.mode != 0o040000 else {
            throw ExtractError.noManifest(request.revision)
        }
        let manifestText = String(decoding: try repository.blob(manifestEntry.id), as: UTF8.self)
        let graph = try PackageGraphBuilder.graph(dumpPackageJSON: try manifests.dumpPackage(manifest: manifestText))

        // The components asked for, by name or folder.
        var chosen: [PackageGraph.Component] = []
        for argument in request.components {
            let key = argument.hasPrefix("./") ? String(argument.dropFirst(2)) : argument
            let trimmed = key.hasSuffix("/") ? String(key.dropLast()) : key
            guard let component = graph.components.first(where: { $0.name == trimmed || $0.folder == trimmed }) else {
                throw ExtractError.unknownComponent(argument, graph.components.filter { $0.kind != "test" }.map(\.name))
            }
            if component.kind == "test" { throw ExtractError.testTarget(component.name) }
            if !chosen.contains(where: { $0.name == component.name }) { chosen.append(component) }
        }
        var moved = Set(chosen.map(\.name))
        for component in chosen {
            if case .blocked(let why) = component.extraction {
                let cycle = graph.cycles.first { $0.contains(component.name) }
                if let cycle, Set(cycle).isSubset(of: moved) { continue }
                throw ExtractError.blocked(component.name, why)
            }
        }
        // Test targets go along when they test only what moves, or are named after it.
        for test in graph.components where test.kind == "test" {
            let uses = Set(test.dependencies)
            guard !uses.isDisjoint(with: moved) else { continue }
            if uses.isSubset(of: moved) || chosen.contains(where: { test.name == $0.name + "Tests" }) {
                moved.insert(test.name)
            }
        }
        let movedComponents = graph.components.filter { moved.contains($0.name) }
        let remaining = graph.components.filter { !moved.contains($0.name) }
        let dependents = remaining.filter { !Set($0.dependencies).isDisjoint(with: moved) }.map(\.name)

        // Names.
        var names = Dictionary(uniqueKeysWithValues: movedComponents.map { ($0.name, $0.name) })
        var folderMoves: [String: String] = [:]
        var renamer: ModuleRenamer?
        let name: String
        if let newName = request.newName {
            guard chosen.count == 1 else { throw ExtractError.renameNeedsOneTarget(chosen.map(\.name)) }
            let old = chosen[0].name
            if newName != old {
                let products = Set(graph.components.flatMap(\.products))
                if remaining.contains(where: { $0.name == newName || $0.name == newName + "Tests" }) || products.subtracting(chosen[0].products).contains(newName) {
                    throw ExtractError.nameClash(newName)
                }
                renamer = ModuleRenamer(from: old, to: newName)
                names[old] = newName
                if chosen[0].folder == "Sources/\(old)" { folderMoves["Sources/\(old)"] = "Sources/\(newName)" }
                if let tests = movedComponents.first(where: { $0.name == old + "Tests" }) {
                    names[tests.name] = newName + "Tests"
                    if tests.folder == "Tests/\(old)Tests" { folderMoves[tests.folder] = "Tests/\(newName)Tests" }
                }
            }
            name = newName
        } else {
            name = chosen[0].name
        }

        // Where each side finds the other.
        let packageURL = request.urlTemplate.map { $0.replacingOccurrences(of: "{name}", with: name) }
        let packageIdentityName: String
        let packageReference: String
        if let packageURL, let version = request.version {
            packageIdentityName = Self.lastComponent(packageURL)
            packageReference = ".package(url: \"\(packageURL)\", from: \"\(version)\")"
        } else {
            packageIdentityName = (destination as NSString).lastPathComponent
            packageReference = ".package(path: \"\(Self.relativePath(from: root, to: destination))\")"
        }
        let monorepoIdentity = (root as NSString).lastPathComponent
        let needsBack = movedComponents.contains { c in c.dependencies.contains { !moved.contains($0) } }
        let cycle = needsBack && !dependents.isEmpty
        if cycle, request.urlTemplate != nil {
            throw ExtractError.cycleWithURL(name, movedComponents.flatMap { $0.dependencies.filter { !moved.contains($0) } })
        }

        let generated = try PackageGenerator.generate(fromMonorepo: manifestText, PackageGeneration(
            name: name,
            targets: moved,
            renames: names.filter { $0.key != $0.value },
            monorepoPackage: ".package(path: \"\(Self.relativePath(from: destination, to: root))\")",
            monorepoIdentity: monorepoIdentity,
            raiseToolsVersion: cycle
        ))
        var replacements: [String: ProductReference] = [:]
        for c in movedComponents where c.kind != "test" {
            replacements[c.name] = ProductReference(name: names[c.name]!, package: packageIdentityName)
        }
        let rewired = try ManifestRewriter.rewire(manifestText, MonorepoRewiring(
            removedTargets: moved,
            replacements: replacements,
            addedPackages: dependents.isEmpty ? [] : [packageReference],
            exposedTargets: generated.monorepoTargets,
            raiseToolsVersion: cycle
        ))

        var warnings = generated.warnings
        if cycle {
            warnings.append("\(name) and the monorepo depend on each other (\(name) needs \(generated.monorepoTargets.joined(separator: ", ")); \(dependents.joined(separator: ", ")) need \(name)): SwiftPM accepts this from tools version 6.0, so both manifests are raised to it; better, extract \(generated.monorepoTargets.joined(separator: ", ")) first or together with \(name)")
        } else if needsBack {
            warnings.append("\(name) depends on the monorepo for \(generated.monorepoTargets.joined(separator: ", ")), which become products of it; consider extracting them too")
        }

        let branch = request.branch ?? "carve/extract-\(name)"
        let ref = "refs/heads/\(branch)"
        guard !branch.isEmpty, !branch.hasPrefix("-"), repository.isValidReferenceName(ref) else { throw PipelineError.invalidBranchName(branch) }
        if ref == repository.checkedOutBranch { throw PipelineError.checkedOutBranch(branch) }
        if !request.dryRun, try repository.referenceTarget(ref) != nil { throw ExtractError.branchExists(branch) }

        let targetList = movedComponents.map(\.name).joined(separator: ", ")
        let location = packageURL ?? Self.relativePath(from: root, to: destination)
        return ExtractPlan(
            request: request,
            tip: tip,
            name: name,
            folders: movedComponents.map(\.folder),
            movedTargets: movedComponents.map { .init(name: names[$0.name]!, folder: $0.folder) },
            remainingTargets: remaining.map { .init(name: $0.name, folder: $0.folder) },
            folderMoves: folderMoves,
            renamer: renamer,
            oldName: chosen[0].name,
            targetNames: names,
            generated: generated,
            rewiredManifest: rewired,
            branch: branch,
            dependents: dependents,
            warnings: warnings,
            packageURL: packageURL,
            packageCommitMessage: "Add Package.swift for \(name)\n\nThe commits below are the history of \(movedComponents.map(\.folder).joined(separator: ", ")) in \(graph.name) up to \(tip.hex),\nsplit by carve extract.\n",
            monorepoCommitMessage: "Extract \(targetList) into the package \(name)\n\n\(name) now lives at \(location); \(dependents.isEmpty ? "no target here used it" : "\(dependents.joined(separator: ", ")) use its products").\n"
        )
    }

    /// A Swift identifier that can name a module.
    static func isValidModuleName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        let keywords: Set<String> = ["import", "class", "struct", "enum", "protocol", "func", "let", "var", "if", "else", "for", "while", "return", "self", "Self", "Any", "true", "false", "nil", "in", "do", "try", "throw", "switch", "case", "default", "where", "extension", "init", "deinit", "subscript", "operator", "static", "public", "private", "internal", "fileprivate", "open", "Type", "Protocol", "Swift"]
        return !keywords.contains(name) && name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) } && name.unicodeScalars.allSatisfy(\.isASCII)
    }

    /// `MAJOR.MINOR.PATCH` with an optional `-pre` part.
    static func isSemanticVersion(_ version: String) -> Bool {
        let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && version.allSatisfy(allowed.contains) && !version.hasSuffix("-") && !version.contains("..")
    }

    static func lastComponent(_ url: String) -> String {
        var last = url.split(separator: "/").last.map(String.init) ?? url
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last
    }

    /// The relative path from folder `from` to folder `to` (both absolute and standardised).
    static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: a.count - common)
        let parts = up + b[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Where the monorepo and the new package go inside a scratch folder so that the relative
    /// paths between them stay those of the real folders.
    static func scratchLayout(root scratch: String, monorepo: String, destination: String) -> (String, String) {
        let a = monorepo.split(separator: "/"), b = destination.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let base = scratch + "/tree"
        return (([base] + a[common...].map(String.init)).joined(separator: "/"), ([base] + b[common...].map(String.init)).joined(separator: "/"))
    }
}
