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
}

/// `carve graph`: the components of the package, their dependencies, cycles, and which can be
/// extracted as they stand.
public final class GraphUseCase {
    private let manifests: ManifestSource

    /// Wires the use case to a manifest source.
    public init(manifests: ManifestSource) {
        self.manifests = manifests
    }

    /// The graph of the package at `path`.
    public func run(packagePath path: String) throws -> PackageGraph {
        try PackageGraphBuilder.graph(dumpPackageJSON: manifests.dumpPackage(at: path))
    }
}
