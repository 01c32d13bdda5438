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

    /// New package `i` (of the packages at `folders`): the folder's history moved to the root,
    /// and its own manifest with its sibling dependencies pointed at their new places (another
    /// new package, or the folder that stays in the monorepo); the rewired manifest, if it changes.
    func newPackage(_ i: Int, folders: [String], names: [String], locations: PackageLocations) throws -> (package: ExtractPlan.Package, rewired: RewiredManifest?) {
        let index = Dictionary(uniqueKeysWithValues: folders.enumerated().map { ($1, $0) })
        let folder = folders[i], destination = locations.destinations[i]
        let source = inputs.sources[folder]!
        let relocations = source.package.pathDependencies.map { d in
            if let j = index[d] {
                return relocation(from: folder, to: d, replacement: locations.reference(from: destination, to: j), identity: locations.identities[j])
            }
            return relocation(from: folder, to: d, replacement: ".package(path: \"\(ExtractPlanner.relativePath(from: destination, to: inputs.absolute(d)))\")", identity: inputs.repository.package(at: d)!.identity)
        }
        let rewiring = MonorepoRewiring(removedTargets: [], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false, relocations: relocations)
        let text = relocations.isEmpty ? source.manifest : try ManifestRewriter.rewire(source.manifest, rewiring)
        let modules = source.package.graph.components.map(\.name)
        let siblings = source.package.pathDependencies.map { d in index[d].map { locations.urls[$0] ?? ExtractPlanner.relativePath(from: inputs.root, to: locations.destinations[$0]) } ?? d }
        let package = ExtractPlan.Package(
            name: names[i],
            destination: destination,
            folders: [.init(from: folder, to: "")],
            targets: [],
            folderMoves: [:],
            targetNames: Dictionary(uniqueKeysWithValues: modules.map { ($0, $0) }),
            manifest: text,
            writesManifest: text != source.manifest,
            addsGitignore: false,
            monorepoTargets: [],
            dependsOn: source.package.pathDependencies.compactMap { index[$0] }.map { names[$0] },
            url: locations.urls[i],
            commitMessage: "Point Package.swift at the packages it depends on\n\nThe commits below are the history of \(folder) in the monorepo up to \(inputs.tip.hex),\nsplit by Carve; its sibling packages are now at \(siblings.joined(separator: ", ")).\n"
        )
        return (package, text == source.manifest ? nil : RewiredManifest(folder: folder, source: source, text: text, rewiring: rewiring))
    }

    /// The packages left behind that depend on a moved one by path, rewired to its new place.
    func rewireDependents(of folders: [String], locations: PackageLocations) throws -> [RewiredManifest] {
        let index = Dictionary(uniqueKeysWithValues: folders.enumerated().map { ($1, $0) })
        var out: [RewiredManifest] = []
        for package in inputs.repository.packages where index[package.folder] == nil {
            let relocations = package.pathDependencies.compactMap { d in
                index[d].map { relocation(from: package.folder, to: d, replacement: locations.reference(from: inputs.absolute(package.folder), to: $0), identity: locations.identities[$0]) }
            }
            guard !relocations.isEmpty else { continue }
            let source = inputs.sources[package.folder]!
            let rewiring = MonorepoRewiring(removedTargets: [], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false, relocations: relocations)
            out.append(RewiredManifest(folder: package.folder, source: source, text: try ManifestRewriter.rewire(source.manifest, rewiring), rewiring: rewiring))
        }
        return out
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
    /// What a packages plan is before the checks that need more than data: the new packages,
    /// their relocated manifests, and the rewired dependents.
    struct PackageDraft {
        var folders: [String]
        var names: [String]
        var order: [Int]
        var locations: PackageLocations
        var packages: [ExtractPlan.Package] = []
        var rewired: [RewiredManifest] = []
        var dependents: [RewiredManifest] = []
    }

    /// Every step of a packages plan that is computed from data alone (no repository, no
    /// SwiftPM): `carve check` runs it for each local package.
    static func draftPackages(_ p: PackagePlanning, _ requested: [GroupRequest], folders groups: [[String]], destination: (String) -> String) throws -> PackageDraft {
        // `--all` adds groups the request did not have.
        let requests = requested + Array(repeating: GroupRequest(components: []), count: max(0, groups.count - requested.count))
        try p.check(requests, folders: groups)
        let folders = groups.map { $0[0] }
        if Set(folders).count < folders.count { throw ExtractError.componentTwice(folders.first { f in folders.filter { $0 == f }.count > 1 }!) }
        let names = folders.map(PackagePlanning.name(of:))
        for name in names where names.filter({ $0 == name }).count > 1 { throw ExtractError.duplicatePackage(name) }
        let order = try p.order(folders)
        let locations = PackageLocations(names: names, destinations: names.map(destination), urlTemplate: p.options.urlTemplate, version: p.options.version)
        var d = PackageDraft(folders: folders, names: names, order: order, locations: locations)
        for i in order {
            let made = try p.newPackage(i, folders: folders, names: names, locations: locations)
            d.packages.append(made.package)
            d.rewired += made.rewired.map { [$0] } ?? []
        }
        d.dependents = try p.rewireDependents(of: folders, locations: locations)
        return d
    }

    func planPackages(_ p: PackagePlanning, _ requested: [GroupRequest], folders groups: [[String]], frame: PlanFrame) throws -> ExtractPlan {
        let inputs = frame.inputs
        let draft = try Self.draftPackages(p, requested, folders: groups, destination: frame.destination)
        let (folders, names, order, locations, packages, dependents) = (draft.folders, draft.names, draft.order, draft.locations, draft.packages, draft.dependents)
        let occupied = try checkDestinations(names.map(frame.destination), output: frame.output, root: inputs.root)
        try checkManifests(rewired: draft.rewired + dependents, generated: [])
        let moved = Set(folders)
        let edits = Dictionary(uniqueKeysWithValues: dependents.map { (inputs.sources[$0.folder]!.package.repositoryPath("Package.swift"), $0.text) })
        let dependentNames = dependents.map { $0.folder.isEmpty ? "(root)" : $0.folder }

        let (branchName, existing) = try branch(options.branch ?? frame.defaultBranch(names[order[0]]))
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
            dependents: dependentNames,
            exposedTargets: [],
            warnings: p.xcodeWarnings(folders),
            monorepoCommitMessage: "Extract \(order.map { folders[$0] }.joined(separator: ", ")) into \(folders.count == 1 ? "the package \(names[0])" : "\(folders.count) packages")\n\nNow at \(locations.describe(order, from: inputs.root)); \(dependentNames.isEmpty ? "no package here used them" : "\(dependentNames.joined(separator: ", ")) depend on them there").\n",
            version: options.version,
            output: frame.output,
            occupied: occupied,
            existingBranch: existing
        )
    }
}
