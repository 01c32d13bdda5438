import Foundation
import Manifest
import Model

/// What an extraction plan is made from, gathered once: the revision, every package of the
/// repository at it (as SwiftPM reads them), and the paths the plan relates.
struct PlanningInputs {
    /// One package of the repository, with the text and description of its manifest.
    struct PackageSource {
        var package: RepositoryGraph.Package
        var manifest: String
        var dump: Data
    }

    /// The repository's root folder (absolute, no trailing '/').
    var root: String
    var tip: ObjectID
    var repository: RepositoryGraph
    var sources: [String: PackageSource]
    /// Xcode project and workspace files at the revision (path, text).
    var xcodeFiles: [(path: String, text: String)]

    /// The absolute folder of the package at `folder`.
    func absolute(_ folder: String) -> String {
        folder.isEmpty ? root : root + "/" + folder
    }

    /// Folders that never hold a package of the repository (build products, checkouts).
    static func isIgnored(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { [".build", ".swiftpm", "checkouts", ".git"].contains($0) || $0.hasPrefix(".build-") }
    }
}

extension ExtractPlanner {
    /// Reads every Package.swift at the revision (outside build folders) and asks SwiftPM for
    /// each, evaluated in a scratch tree laid out like the repository so that path
    /// dependencies resolve between them.
    func gatherInputs() throws -> PlanningInputs {
        try repository.checkHistory(allowShallow: options.allowShallow)
        let tip = try repository.commit(for: options.revision)
        let tree = try repository.tree(of: tip)
        var manifests: [ManifestFile] = []
        var xcode: [(path: String, text: String)] = []
        for file in try repository.files(under: "", in: tree) where !PlanningInputs.isIgnored(file.path) {
            let name = (file.path as NSString).lastPathComponent
            if name == "Package.swift" {
                let folder = (file.path as NSString).deletingLastPathComponent
                manifests.append(ManifestFile(folder: folder, text: String(decoding: try repository.blob(file.id), as: UTF8.self)))
            } else if XcodeReferences.isProjectFile(file.path) {
                xcode.append((file.path, String(decoding: try repository.blob(file.id), as: UTF8.self)))
            }
        }
        guard !manifests.isEmpty else { throw ExtractError.noManifest(options.revision) }
        let root = repository.rootPath
        let evaluated = try manifests.dumpPackages(using: self.manifests, rootName: (root as NSString).lastPathComponent)
        let graph = try LocalPackages.graph(folders: manifests.map(\.folder), dumps: evaluated.dumps, evaluatedUnder: evaluated.tree, rootIdentity: (root as NSString).lastPathComponent)
        var sources: [String: PlanningInputs.PackageSource] = [:]
        for (manifest, dump) in zip(manifests, evaluated.dumps) {
            sources[manifest.folder] = .init(package: graph.package(at: manifest.folder)!, manifest: manifest.text, dump: dump)
        }
        return PlanningInputs(root: root, tip: tip, repository: graph, sources: sources, xcodeFiles: xcode)
    }
}

extension [ManifestFile] {
    /// Evaluates the manifests (none: nothing to run) in a tree whose root folder is named
    /// `rootName`.
    func dumpPackages(using source: ManifestSource, rootName: String) throws -> EvaluatedManifests {
        isEmpty ? EvaluatedManifests(tree: "/", dumps: []) : try source.dumpPackages(self, rootName: rootName)
    }
}
