import Foundation

/// One component of a many-component split: a name, its folders, and the branch to write.
public struct ComponentSplit: Sendable, Equatable, Codable {
    /// The component's name (also the default branch suffix).
    public var name: String
    /// Its folders, each `path` or `from:to` as on the command line.
    public var folders: [String]
    /// The branch to write (default: the branch prefix followed by the name).
    public var branch: String?
    /// Follow the component's folder moves (`--follow` for this component alone).
    public var follow: Bool?
    /// Old paths of its folders to follow (as `--follow-path`: `OLD` or `OLD:FOLDER`).
    public var followPaths: [String]?
    /// `carve publish`: the component's own remote URL, instead of the remote template's.
    public var remote: String?

    /// Describes a component.
    public init(name: String, folders: [String], branch: String? = nil, follow: Bool? = nil, followPaths: [String]? = nil, remote: String? = nil) {
        self.name = name
        self.folders = folders
        self.branch = branch
        self.follow = follow
        self.followPaths = followPaths
        self.remote = remote
    }

    /// The history options for this component: the command's, with its own follow settings.
    public func history(_ common: HistoryOptions) -> HistoryOptions {
        var options = common.adding(followPaths: followPaths ?? [])
        if follow == true { options.follow = true }
        return options
    }

    /// Parses `NAME=FOLDER[,FOLDER...]`.
    public init(argument: String) throws(ComponentError) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .malformedArgument(argument) }
        self.init(name: String(parts[0]), folders: parts[1].split(separator: ",").map(String.init))
    }
}

/// A config file listing components: `{"components": [{"name": ..., "folders": [...], "branch": ...}]}`.
public struct ComponentConfig: Sendable, Equatable, Codable {
    /// The components.
    public var components: [ComponentSplit]

    /// Decodes a config file's bytes.
    public init(data: Data, path: String) throws(ComponentError) {
        do {
            self = try JSONDecoder().decode(ComponentConfig.self, from: data)
        } catch {
            throw .invalidConfig(path, "\(error)")
        }
    }
}

/// What a many-component split was asked to do.
public struct ManySplitRequest: Sendable, Equatable {
    /// Where the components come from.
    public enum Selection: Sendable, Equatable {
        /// The listed components.
        case components([ComponentSplit])
        /// Every folder under `Sources/`, with its `Tests/<Name>Tests` when present.
        case all
    }

    public var selection: Selection
    public var revision: String
    public var branchPrefix: String
    public var useCache: Bool
    public var allowShallow: Bool
    /// History modes for every component (`--adopt` is for single splits only).
    public var history: HistoryOptions

    /// Describes a many-component split.
    public init(selection: Selection, revision: String = "HEAD", branchPrefix: String = "split/", useCache: Bool = true, allowShallow: Bool = false, history: HistoryOptions = HistoryOptions()) {
        self.history = history
        self.selection = selection
        self.revision = revision
        self.branchPrefix = branchPrefix
        self.useCache = useCache
        self.allowShallow = allowShallow
    }
}

/// Why a component list was refused.
public enum ComponentError: Error, Equatable, LocalizedError {
    case malformedArgument(String)
    case invalidConfig(String, String)
    case duplicateName(String)
    case invalidName(String)
    case noComponents
    case failed(String, String)

    public var errorDescription: String? {
        switch self {
        case .malformedArgument(let a):
            return "'\(a)' is not NAME=FOLDER[,FOLDER...]: write e.g. --component Foo=Sources/Foo:Sources/Foo,Tests/FooTests:Tests/FooTests"
        case .invalidConfig(let path, let why):
            return "the config file \(path) is not valid (\(why)): it must be JSON like {\"components\": [{\"name\": \"Foo\", \"folders\": [\"Sources/Foo:Sources/Foo\"]}]}"
        case .duplicateName(let n):
            return "component '\(n)' is named twice: give each component its own name"
        case .invalidName(let n):
            return "'\(n)' is not a usable component name: use letters, digits, '-', '_' or '.', as a branch name allows"
        case .noComponents:
            return "no components to split: pass --component NAME=FOLDER, --config FILE or --all (and check that Sources/ has folders)"
        case .failed(let name, let why):
            return "component '\(name)': \(why)"
        }
    }
}
