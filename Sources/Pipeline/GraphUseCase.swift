import Foundation
import Manifest
import Model

/// Where the package description comes from (SwiftPM, run by the composition root).
public protocol ManifestSource: AnyObject {
    /// The JSON of `swift package dump-package` for the package at `path`.
    func dumpPackage(at path: String) throws -> Data
    /// The JSON of `swift package dump-package` for a package whose Package.swift is `manifest`
    /// (evaluated on its own in a scratch folder).
    func dumpPackage(manifest: String) throws -> Data
    /// The JSON of `swift package dump-package` for each manifest, evaluated in a scratch tree
    /// laid out like the repository (each at `folder/Package.swift` below a folder named
    /// `rootName`, the repository's own name, so that a package that names the root package by
    /// path finds it under its identity), so that `.package(path:)` dependencies point into that
    /// tree. Several run at once.
    func dumpPackages(_ manifests: [ManifestFile], rootName: String) throws -> EvaluatedManifests
    /// The JSON of `swift package dump-package` for the package in each folder (absolute),
    /// evaluated where it is (so SwiftPM's manifest cache answers a manifest it has seen).
    /// Several run at once.
    func dumpPackages(atFolders folders: [String]) throws -> [Data]
}

/// A Package.swift to evaluate: its folder relative to the repository root ("" for the root)
/// and its text.
public struct ManifestFile: Sendable, Equatable {
    public var folder: String
    public var text: String

    /// Describes a manifest.
    public init(folder: String, text: String) {
        self.folder = folder
        self.text = text
    }
}

/// What `dumpPackages` read: the folder the manifests were evaluated under, and each JSON.
public struct EvaluatedManifests: Sendable {
    /// The absolute folder that played the repository root (absolute `.package(path:)` paths in
    /// the JSON are below it).
    public var tree: String
    public var dumps: [Data]

    /// Describes evaluated manifests.
    public init(tree: String, dumps: [Data]) {
        self.tree = tree
        self.dumps = dumps
    }
}

/// `carve graph`: the packages of the repository (the root package and local packages), their
/// path dependencies, and each one's components, dependencies, cycles, and which can be
/// extracted as they stand.
public final class GraphUseCase {
    private let manifests: ManifestSource
    private let listing: (String) throws -> [String]

    /// Wires the use case to a manifest source and a lister of the Package.swift files below a
    /// folder (their folders, relative to it).
    public init(manifests: ManifestSource, listing: @escaping (String) throws -> [String]) {
        self.manifests = manifests
        self.listing = listing
    }

    /// The packages below `root` (absolute), or only the one at `package` (relative to it).
    public func run(root: String, package: String? = nil) throws -> RepositoryGraph {
        let folders = try listing(root).filter { !PlanningInputs.isIgnored($0 + "/Package.swift") }.sorted()
        guard !folders.isEmpty else { throw GraphError.noPackage(root) }
        let dumps = try manifests.dumpPackages(atFolders: folders.map { $0.isEmpty ? root : root + "/" + $0 })
        var graph = try LocalPackages.graph(folders: folders, dumps: dumps, evaluatedUnder: root, rootIdentity: (root as NSString).lastPathComponent)
        if let folder = ExtractPlanner.normalizedFolder(package, root: root) {
            guard let only = graph.package(at: folder) else { throw ExtractError.unknownPackage(folder, graph.packages.map { $0.folder.isEmpty ? "." : $0.folder }) }
            graph = RepositoryGraph(packages: [only], cycles: [])
        }
        return graph
    }
}

/// Why `carve graph` found nothing to show.
public enum GraphError: Error, LocalizedError, Equatable {
    case noPackage(String)

    public var errorDescription: String? {
        switch self {
        case .noPackage(let p):
            return "there is no Package.swift in '\(p)' or below it: pass --repo with a Swift package or a repository of local packages"
        }
    }
}
