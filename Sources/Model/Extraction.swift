import Foundation

/// What `carve extract` and `carve batch` share: where to split from, how the packages refer
/// to each other, the branch, and whether to verify or only preview.
public struct PackagingOptions: Sendable, Equatable {
    public var revision: String
    /// `https://host/org/{name}.git`: the packages reference each other by URL and version.
    public var urlTemplate: String?
    public var version: String?
    /// The monorepo branch that gets the rewired commit (default `carve/extract-<Name>` or
    /// `carve/batch`).
    public var branch: String?
    public var verify: Bool
    public var dryRun: Bool
    public var allowShallow: Bool
    /// The package's folder relative to the repository root (`--package`), when the component
    /// names do not say it; nil: found from the components.
    public var package: String?
    /// The opt-in history modes of the splits (`--follow`, `--follow-path OLD:FOLDER`,
    /// `--readd`; not `--adopt`: the new repositories start their own history).
    public var history: HistoryOptions

    /// Describes the options.
    public init(revision: String = "HEAD", urlTemplate: String? = nil, version: String? = nil, branch: String? = nil, verify: Bool = false, dryRun: Bool = false, allowShallow: Bool = false, package: String? = nil, history: HistoryOptions = HistoryOptions()) {
        self.history = history
        self.package = package
        self.revision = revision
        self.urlTemplate = urlTemplate
        self.version = version
        self.branch = branch
        self.verify = verify
        self.dryRun = dryRun
        self.allowShallow = allowShallow
    }
}

/// What `carve extract` is asked to do.
public struct ExtractRequest: Sendable, Equatable {
    /// Target names or their folders.
    public var components: [String]
    /// The new repository's folder (absolute).
    public var destination: String
    /// A new module name for the (single) extracted target, which also names the package
    /// (`--name`).
    public var newName: String?
    /// Module renames of moved targets, old name to new (`--rename OLD=NEW`).
    public var renames: [String: String]
    /// The new package's name (`--package-name`; default: its first module's).
    public var packageName: String?
    public var options: PackagingOptions

    /// Describes an extraction.
    public init(components: [String], destination: String, newName: String? = nil, renames: [String: String] = [:], packageName: String? = nil, options: PackagingOptions = PackagingOptions()) {
        self.components = components
        self.destination = destination
        self.newName = newName
        self.renames = renames
        self.packageName = packageName
        self.options = options
    }
}

/// What `carve batch` is asked to do.
public struct BatchRequest: Sendable, Equatable {
    /// The components to carve out (each its own package unless the config groups them);
    /// empty with `all`.
    public var components: [String]
    public var all: Bool
    /// Groups and renames from a config file.
    public var groups: [PackageGroup]
    /// The folder under which each package goes (`DIR/<name>`), absolute.
    public var output: String
    public var options: PackagingOptions

    /// Describes a batch.
    public init(components: [String], all: Bool, groups: [PackageGroup] = [], output: String, options: PackagingOptions = PackagingOptions()) {
        self.components = components
        self.all = all
        self.groups = groups
        self.output = output
        self.options = options
    }
}

/// Components that go into one package, as a config file declares them:
/// `{"packages": [{"name": "Geometry", "components": ["Geometry", "CMath"]}]}`; a package of one
/// component whose name differs from the component's renames the module.
public struct PackageGroup: Sendable, Equatable, Codable {
    public var name: String?
    public var components: [String]
    /// Module renames of its targets, old name to new (`"renames": {"Hash": "Digests"}`).
    public var renames: [String: String]?
    /// Old paths of its folders to follow, `OLD:FOLDER` (`"followPaths": ["Geo:Sources/Geometry"]`),
    /// as `--follow-path`.
    public var followPaths: [String]?

    /// A group.
    public init(name: String?, components: [String], renames: [String: String]? = nil, followPaths: [String]? = nil) {
        self.name = name
        self.components = components
        self.renames = renames
        self.followPaths = followPaths
    }
}

extension PackageGroup {
    /// The bytes of a `carve batch --config` file, `{"packages": [...]}`, as groups; `path` names
    /// the file in errors. A package without components is refused.
    public static func groups(fromConfig data: Data, path: String) throws(PackageConfigError) -> [PackageGroup] {
        struct File: Decodable {
            var packages: [PackageGroup]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .invalid(path, error.localizedDescription)
        }
        if let empty = file.packages.first(where: { $0.components.isEmpty }) {
            throw .packageWithoutComponents(path, empty.name)
        }
        return file.packages
    }
}

/// Why a `carve batch --config` file was refused.
public enum PackageConfigError: Error, Equatable, LocalizedError {
    /// The file (its path) cannot be read.
    case unreadable(String)
    /// The file is not the JSON of a config (its path, the decoder's reason).
    case invalid(String, String)
    /// A package (its name, if any) lists no components.
    case packageWithoutComponents(String, String?)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path):
            return "cannot read the config file '\(path)': check the path"
        case .invalid(let path, let why):
            return "the config file '\(path)' is not valid: \(why); write {\"packages\": [{\"name\": \"Name\", \"components\": [\"Target\", ...]}]}"
        case .packageWithoutComponents(let path, let name):
            return "the config file '\(path)' has a package\(name.map { " '\($0)'" } ?? "") with no components: list its components"
        }
    }
}

/// The plan of an extraction or a batch, and what was done (everything but the builds is known
/// before anything is written; `--dry-run` stops there).
public struct ExtractReport: Sendable, Equatable, Codable {
    /// The split part of one package: the folders and the commits of their history.
    public struct Split: Sendable, Equatable, Codable {
        public var folders: [String]
        public var commits: Int
        public var first: ObjectID
        public var last: ObjectID
        /// `--follow`: each folder with the old paths its history was followed through.
        public var followed: [FollowedFolder]?
    }

    /// One new package.
    public struct Package: Sendable, Equatable, Codable {
        /// The package's name (and its main module's, when renamed).
        public var name: String
        public var destination: String
        /// Targets that moved (test targets included), with their names in the new package.
        public var targets: [String: String]
        public var split: Split
        /// The new `main`: the commit that adds (or rewrites) Package.swift on top of the split
        /// history, or the split head itself when a local package moves as it is.
        public var packageCommit: ObjectID
        /// Its Package.swift (generated, or the local package's own).
        public var manifest: String
        /// Whether Carve wrote the manifest (false: a local package's own, unchanged).
        public var manifestWritten: Bool = true
        /// A whole local package (its folder moved to the root), not targets of a package.
        public var localPackage: Bool = false
        /// The other new packages it depends on.
        public var dependsOn: [String]
        /// Targets it still needs from the monorepo.
        public var monorepoTargets: [String]
        public var tag: String?

        /// Describes a package.
        public init(name: String, destination: String, targets: [String: String], split: Split, packageCommit: ObjectID, manifest: String, dependsOn: [String], monorepoTargets: [String], tag: String?) {
            self.name = name
            self.destination = destination
            self.targets = targets
            self.split = split
            self.packageCommit = packageCommit
            self.manifest = manifest
            self.dependsOn = dependsOn
            self.monorepoTargets = monorepoTargets
            self.tag = tag
        }
    }

    /// The rewired monorepo.
    public struct Monorepo: Sendable, Equatable, Codable {
        public var branch: String
        public var commit: ObjectID
        /// Unified diff of the monorepo's manifests and sources.
        public var diff: String
        /// The files of `diff`, with their line counts (as `git diff --stat`).
        public var files: [FileStat] = []
        /// Targets left in the monorepo that now use a new package.
        public var dependents: [String]
        /// Targets the new packages still need from the monorepo (made products).
        public var exposedTargets: [String]
        /// Targets left in the monorepo (none: only a Package.swift that depends on the packages).
        public var remainingTargets: [String]
        /// The manifests Carve edited (paths relative to the repository root).
        public var rewiredManifests: [String] = []

        /// Describes the rewired monorepo.
        public init(branch: String, commit: ObjectID, diff: String, dependents: [String], exposedTargets: [String], remainingTargets: [String]) {
            self.branch = branch
            self.commit = commit
            self.diff = diff
            self.dependents = dependents
            self.exposedTargets = exposedTargets
            self.remainingTargets = remainingTargets
        }
    }

    /// The new packages, dependencies first.
    public var packages: [Package]
    public var monorepo: Monorepo
    public var warnings: [PlanWarning]
    public var dryRun: Bool
    /// Builds run by `--verify`, in order.
    public var verification: [BuildOutcome]?
    /// Seconds per phase (plan, split, rewrite, verify, write).
    public var seconds: [String: Double]
    /// The version of Carve that made the report.
    public var version: String = CarveVersion.current

    /// A report.
    public init(packages: [Package], monorepo: Monorepo, warnings: [PlanWarning], dryRun: Bool, verification: [BuildOutcome]? = nil, seconds: [String: Double] = [:]) {
        self.packages = packages
        self.monorepo = monorepo
        self.warnings = warnings
        self.dryRun = dryRun
        self.verification = verification
        self.seconds = seconds
    }
}

extension ExtractReport.Split {
    /// Describes the split part.
    public init(folders: [String], history: [ObjectID]) {
        self.init(folders: folders, commits: history.count, first: history.first!, last: history.last!)
    }
}

/// One `swift build --build-tests` run by `--verify`.
public struct BuildOutcome: Sendable, Equatable, Codable {
    /// What was built (`extracted package`, `monorepo`).
    public var package: String
    public var succeeded: Bool
    public var seconds: Double
    /// The build's output (the compiler's messages), trimmed to its last lines.
    public var output: String

    /// An outcome.
    public init(package: String, succeeded: Bool, seconds: Double, output: String) {
        self.package = package
        self.succeeded = succeeded
        self.seconds = seconds
        self.output = output
    }
}
