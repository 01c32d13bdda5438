import Foundation
import Manifest
import Model

/// Plans the extraction of whole local packages (`Packages/Core` with its own Package.swift):
/// each folder's history moves to the root of a new repository, exactly as
/// `git subtree split --prefix` does; path dependencies on sibling packages are pointed at
/// their new places; every package that depends on a moved one by path is rewired.
struct PackagePlanning {
    var inputs: PlanningInputs
    var options: PackagingOptions

    /// The new package's name: the folder's last component (so its identity stays).
    static func name(of folder: String) -> String {
        String(folder.split(separator: "/").last ?? Substring(folder))
    }

    /// Refuses what a whole package cannot take: several packages in one, renames.
    func check(_ requests: [GroupRequest], folders: [[String]]) throws {
        for (request, group) in zip(requests, folders) {
            if group.count > 1 { throw ExtractError.severalLocalPackages(group) }
            if request.renameOnly != nil || !request.renames.isEmpty || (request.packageName.map { $0 != Self.name(of: group[0]) } ?? false) {
                throw ExtractError.renameLocalPackage(group[0])
            }
        }
    }

    /// Order: each package after the extracted packages it depends on by path.
    func order(_ folders: [String]) throws -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: folders.enumerated().map { ($1, $0) })
        let uses = folders.map { f in Set(inputs.repository.package(at: f)!.pathDependencies.compactMap { index[$0] }) }
        return try ExtractPlanner.topologicalOrder(uses, names: folders)
    }

    /// The relocation of the path dependency of the package at `from` on the package at
    /// `folder`, to `replacement` (whose identity is `identity`).
    func relocation(from: String, to folder: String, replacement: String, identity: String) -> PackageRelocation {
        PackageRelocation(
            path: ExtractPlanner.relativePath(from: inputs.absolute(from), to: inputs.absolute(folder)),
            replacement: replacement,
            oldPackage: inputs.repository.package(at: folder)!.identity,
            newPackage: identity
        )
    }

    /// Lines of Xcode projects and workspaces that refer to the moved folders.
    func xcodeWarnings(_ folders: [String]) -> [PlanWarning] {
        folders.flatMap { folder in
            XcodeReferences.references(to: folder, files: inputs.xcodeFiles).map {
                PlanWarning.xcodeReference(folder: folder, file: $0.file, line: $0.line, text: $0.text)
            }
        }
    }
}

extension ExtractPlanner {
    func planPackages(_ p: PackagePlanning, _ requested: [GroupRequest], folders groups: [[String]], frame: PlanFrame) throws -> ExtractPlan {
        let inputs = frame.inputs
        // `--all` adds groups the request did not have.
        let requests = requested + Array(repeating: GroupRequest(components: []), count: max(0, groups.count - requested.count))
        try p.check(requests, folders: groups)
        let folders = groups.map { $0[0] }
        if Set(folders).count < folders.count { throw ExtractError.componentTwice(folders.first { f in folders.filter { $0 == f }.count > 1 }!) }
        let names = folders.map(PackagePlanning.name(of:))
        for name in names where names.filter({ $0 == name }).count > 1 { throw ExtractError.duplicatePackage(name) }
        let destinations = names.map(frame.destination)
        let occupied = try checkDestinations(destinations, output: frame.output, root: inputs.root)
        let order = try p.order(folders)
        let index = Dictionary(uniqueKeysWithValues: folders.enumerated().map { ($1, $0) })
        let urls = names.map { name in options.urlTemplate.map { $0.replacingOccurrences(of: "{name}", with: name) } }
        let identities = (0..<folders.count).map { i in (urls[i].map(PackageGenerator.packageName(location:)) ?? (destinations[i] as NSString).lastPathComponent).lowercased() }
        func reference(from folder: String, to i: Int) -> String {
            if let url = urls[i], let version = options.version { return ".package(url: \"\(url)\", from: \"\(version)\")" }
            return ".package(path: \"\(Self.relativePath(from: folder, to: destinations[i]))\")"
        }

        // Each new package: its own manifest, its sibling dependencies pointed at their new
        // places (another new package, or the folder in the monorepo).
        var packages: [ExtractPlan.Package] = []
        var rewired: [(folder: String, source: PlanningInputs.PackageSource, text: String, rewiring: MonorepoRewiring)] = []
        for i in order {
            let source = inputs.sources[folders[i]]!
            let relocations = source.package.pathDependencies.map { d in
                if let j = index[d] {
                    return p.relocation(from: folders[i], to: d, replacement: reference(from: destinations[i], to: j), identity: identities[j])
                }
                return p.relocation(from: folders[i], to: d, replacement: ".package(path: \"\(Self.relativePath(from: destinations[i], to: inputs.absolute(d)))\")", identity: inputs.repository.package(at: d)!.identity)
            }
            let rewiring = MonorepoRewiring(removedTargets: [], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false, relocations: relocations)
            let text = relocations.isEmpty ? source.manifest : try ManifestRewriter.rewire(source.manifest, rewiring)
            if text != source.manifest { rewired.append((folders[i], source, text, rewiring)) }
            let moved = source.package.graph.components.map(\.name)
            packages.append(ExtractPlan.Package(
                name: names[i],
                destination: destinations[i],
                folders: [.init(from: folders[i], to: "")],
                targets: [],
                folderMoves: [:],
                targetNames: Dictionary(uniqueKeysWithValues: moved.map { ($0, $0) }),
                manifest: text,
                writesManifest: text != source.manifest,
                addsGitignore: false,
                monorepoTargets: [],
                dependsOn: source.package.pathDependencies.compactMap { index[$0] }.map { names[$0] },
                url: urls[i],
                commitMessage: "Point Package.swift at the packages it depends on\n\nThe commits below are the history of \(folders[i]) in the monorepo up to \(inputs.tip.hex),\nsplit by Carve; its sibling packages are now at \(source.package.pathDependencies.map { index[$0].map { urls[$0] ?? Self.relativePath(from: inputs.root, to: destinations[$0]) } ?? $0 }.joined(separator: ", ")).\n"
            ))
        }

        // The packages left behind that depend on a moved one.
        let moved = Set(folders)
        var edits: [String: String] = [:]
        var dependents: [String] = []
        for package in inputs.repository.packages where !moved.contains(package.folder) {
            let relocations = package.pathDependencies.compactMap { d in
                index[d].map { p.relocation(from: package.folder, to: d, replacement: reference(from: inputs.absolute(package.folder), to: $0), identity: identities[$0]) }
            }
            guard !relocations.isEmpty else { continue }
            let source = inputs.sources[package.folder]!
            let rewiring = MonorepoRewiring(removedTargets: [], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false, relocations: relocations)
            let text = try ManifestRewriter.rewire(source.manifest, rewiring)
            rewired.append((package.folder, source, text, rewiring))
            edits[package.repositoryPath("Package.swift")] = text
            dependents.append(package.folder.isEmpty ? "(root)" : package.folder)
        }
        try checkManifests(rewired: rewired, generated: [])

        let (branchName, existing) = try branch(options.branch ?? frame.defaultBranch(names[order[0]]))
        let locations = order.map { urls[$0] ?? Self.relativePath(from: inputs.root, to: destinations[$0]) }.joined(separator: ", ")
        return ExtractPlan(
            tip: inputs.tip,
            revision: options.revision,
            packages: packages,
            renames: [],
            manifestEdits: edits,
            removedFolders: folders,
            remainingTargets: [],
            verifyFolders: inputs.repository.packages.filter { !moved.contains($0.folder) && edits[$0.repositoryPath("Package.swift")] != nil }.map(\.folder),
            branch: branchName,
            dependents: dependents,
            exposedTargets: [],
            warnings: p.xcodeWarnings(folders),
            monorepoCommitMessage: "Extract \(order.map { folders[$0] }.joined(separator: ", ")) into \(folders.count == 1 ? "the package \(names[0])" : "\(folders.count) packages")\n\nNow at \(locations); \(dependents.isEmpty ? "no package here used them" : "\(dependents.joined(separator: ", ")) depend on them there").\n",
            version: options.version,
            output: frame.output,
            occupied: occupied,
            existingBranch: existing
        )
    }
}
