/// The Swift packages of a repository: the root package and local packages in subfolders
/// (`Packages/Core/Package.swift`), their path dependencies on each other, and each one's
/// targets.
public struct RepositoryGraph: Sendable, Equatable, Codable {
    /// One package of the repository.
    public struct Package: Sendable, Equatable, Codable {
        /// Its folder relative to the repository root ("" for the root package).
        public var folder: String
        /// The name its manifest gives.
        public var name: String
        /// SwiftPM's identity for it when another package names it by path: its folder's last
        /// component, lowercased (the repository folder's, for the root package).
        public var identity: String
        /// The folders (relative to the repository root) of the local packages it depends on
        /// with `.package(path:)`.
        public var pathDependencies: [String]
        /// Local packages that depend on it by path (their folders).
        public var dependents: [String]
        /// Its targets.
        public var graph: PackageGraph

        /// Describes a package.
        public init(folder: String, name: String, identity: String, pathDependencies: [String], dependents: [String] = [], graph: PackageGraph) {
            self.folder = folder
            self.name = name
            self.identity = identity
            self.pathDependencies = pathDependencies
            self.dependents = dependents
            self.graph = graph
        }

        /// `folder/path`, or `path` for the root package.
        public func repositoryPath(_ path: String) -> String {
            folder.isEmpty ? path : path.isEmpty ? folder : folder + "/" + path
        }
    }

    /// Every package, the root package (if any) first, then by folder.
    public var packages: [Package]
    /// Cycles among the packages' path dependencies, each as a list of folders.
    public var cycles: [[String]]
    /// The version of Carve that read it.
    public var version: String = CarveVersion.current

    /// Describes the packages of a repository.
    public init(packages: [Package], cycles: [[String]]) {
        self.packages = packages
        self.cycles = cycles
    }

    /// The package whose folder is `folder`.
    public func package(at folder: String) -> Package? {
        packages.first { $0.folder == folder }
    }

    /// The package whose folder holds `path` (the nearest one walking up from it).
    public func package(containing path: String) -> Package? {
        packages.filter { $0.folder.isEmpty || path == $0.folder || path.hasPrefix($0.folder + "/") }
            .max { $0.folder.count < $1.folder.count }
    }
}
