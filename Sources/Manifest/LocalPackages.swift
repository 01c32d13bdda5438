import Foundation
import Model

/// Reads the package dependencies of SwiftPM's description, and puts the packages of a
/// repository together into a `RepositoryGraph`.
public enum LocalPackages {
    /// The absolute paths of the `.package(path:)` dependencies in a `dump-package` JSON.
    public static func pathDependencies(dumpPackageJSON data: Data) throws -> [String] {
        let dump: ManifestDump
        do {
            dump = try JSONDecoder().decode(ManifestDump.self, from: data)
        } catch {
            throw ManifestError.unreadable("\(error)")
        }
        return (dump.dependencies ?? []).compactMap(\.path)
    }

    /// The graph of the packages at `folders` (relative to the repository root, "" for the
    /// root), from their `dump-package` JSON; `root` is the absolute folder the manifests were
    /// evaluated under (path dependencies are absolute below it), `rootIdentity` the root
    /// package's identity (its folder's name).
    public static func graph(folders: [String], dumps: [Data], evaluatedUnder root: String, rootIdentity: String) throws -> RepositoryGraph {
        var packages: [RepositoryGraph.Package] = []
        let known = Set(folders)
        for (folder, data) in zip(folders, dumps) {
            let graph = try PackageGraphBuilder.graph(dumpPackageJSON: data)
            let paths = try pathDependencies(dumpPackageJSON: data).compactMap { relative($0, under: root) }.filter(known.contains)
            let identity = folder.isEmpty ? rootIdentity : String(folder.split(separator: "/").last ?? "")
            packages.append(.init(folder: folder, name: graph.name, identity: identity.lowercased(), pathDependencies: paths, graph: graph))
        }
        packages.sort { ($0.folder.isEmpty ? 0 : 1, $0.folder) < ($1.folder.isEmpty ? 0 : 1, $1.folder) }
        for i in packages.indices {
            packages[i].dependents = packages.filter { $0.pathDependencies.contains(packages[i].folder) }.map(\.folder)
        }
        let asComponents = packages.map { PackageGraph.Component(name: $0.folder, kind: "regular", folder: $0.folder, dependencies: $0.pathDependencies) }
        return RepositoryGraph(packages: packages, cycles: PackageGraphBuilder.cycles(asComponents))
    }

    /// `path` (absolute, standardised by SwiftPM) relative to `root`; nil outside it.
    static func relative(_ path: String, under root: String) -> String? {
        let standard = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        if standard == base { return "" }
        guard standard.hasPrefix(base + "/") else { return nil }
        var rest = String(standard.dropFirst(base.count + 1))
        while rest.hasSuffix("/") { rest.removeLast() }
        return rest
    }
}
