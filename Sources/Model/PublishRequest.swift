import Foundation

/// What `carve publish` was asked to do.
public struct PublishRequest: Sendable, Equatable {
    /// The components, as `carve split` takes them.
    public var selection: ManySplitRequest.Selection
    /// The remote URL of each component, `{name}` standing for its name; a component's own
    /// `remote` wins.
    public var remoteTemplate: String?
    /// The revision to split (default HEAD).
    public var revision: String
    /// The branch to push to on each remote (default: the short name of the branch `revision` names).
    public var branch: String?
    /// Globs of the tag names to push (`v*`, `*/*`); none: no tags.
    public var tagPatterns: [String]
    /// The monorepo's remote whose `refs/carve/*` is fetched before and pushed after.
    public var cacheRemote: String?
    /// Overwrite remote branches and tags that point elsewhere.
    public var force: Bool
    /// Say what would be pushed and refused; write nothing.
    public var dryRun: Bool
    /// Split a shallow clone anyway.
    public var allowShallow: Bool
    /// History modes (`--follow`, `--follow-path`, `--readd`; `--adopt` for one component).
    public var history: HistoryOptions

    /// Describes a publish run.
    public init(selection: ManySplitRequest.Selection, remoteTemplate: String?, revision: String = "HEAD", branch: String? = nil, tagPatterns: [String] = [], cacheRemote: String? = nil, force: Bool = false, dryRun: Bool = false, allowShallow: Bool = false, history: HistoryOptions = HistoryOptions()) {
        self.history = history
        self.selection = selection
        self.remoteTemplate = remoteTemplate
        self.revision = revision
        self.branch = branch
        self.tagPatterns = tagPatterns
        self.cacheRemote = cacheRemote
        self.force = force
        self.dryRun = dryRun
        self.allowShallow = allowShallow
    }
}

/// A remote URL template: `{name}` is the component's name, nothing else may stand in braces.
public struct RemoteTemplate: Sendable, Equatable {
    /// The template as given.
    public var text: String

    /// Validates a template; refuses placeholders other than `{name}`.
    public init(_ text: String) throws(PublishError) {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingRemoteTemplate }
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { throw .unknownPlaceholder(text, String(rest[open...])) }
            let placeholder = rest[open...close]
            guard placeholder == "{name}" else { throw .unknownPlaceholder(text, String(placeholder)) }
            rest = rest[rest.index(after: close)...]
        }
        if rest.contains("}") { throw .unknownPlaceholder(text, "}") }
        self.text = text
    }

    /// The URL of component `name`.
    public func url(for name: String) -> String {
        text.replacingOccurrences(of: "{name}", with: name)
    }

    /// `message` with the password of `url` (if it has one) replaced by `***`.
    public static func scrubbed(_ message: String, url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return message }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return message }
        let password = String(userInfo[userInfo.index(after: colon)...])
        guard !password.isEmpty else { return message }
        return message.replacingOccurrences(of: password, with: "***")
    }

    /// `url` as it may be shown: a password in it (`https://user:secret@host`) replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

/// Why a publish run was refused before anything was pushed.
public enum PublishError: Error, Equatable, LocalizedError {
    case missingRemoteTemplate
    case unknownPlaceholder(String, String)
    case noRemote(String)
    case detachedWithoutBranch(String)
    case invalidBranch(String)
    case invalidTagPattern(String)
    case unknownCacheRemote(String)
    case failedComponents([String])

    public var errorDescription: String? {
        switch self {
        case .missingRemoteTemplate:
            return "no remote to publish to: pass --remote-template URL with {name} for the component's name, e.g. --remote-template 'git@github.com:acme/{name}.git' (or give each component a \"remote\" in --config)"
        case .unknownPlaceholder(let template, let placeholder):
            return "the remote template '\(RemoteTemplate.redacted(template))' holds '\(placeholder)', which Carve does not know: the only placeholder is {name}, the component's name"
        case .noRemote(let name):
            return "component '\(name)' has no remote: pass --remote-template URL (with {name}), or give it a \"remote\" in the config file"
        case .detachedWithoutBranch(let revision):
            return "'\(revision)' is not a branch (a tag, a commit id or a detached HEAD), so Carve cannot tell which branch to push: pass --branch NAME, e.g. --branch main"
        case .invalidBranch(let name):
            return "'\(name)' is not a valid branch name: pass --branch with a name git accepts, e.g. main"
        case .invalidTagPattern(let pattern):
            return "'\(pattern)' is not a usable --tags glob: give a glob of tag names, e.g. --tags 'v*' --tags '*/*'"
        case .unknownCacheRemote(let name):
            return "the monorepo has no remote named '\(name)' for --cache-remote: pass the name of one of its remotes (`git remote`), e.g. --cache-remote origin"
        case .failedComponents(let names):
            return "\(names.count) component\(names.count == 1 ? "" : "s") not published (\(names.joined(separator: ", "))): see the messages above; run again once fixed (what was published stays, a rerun sends only what is missing)"
        }
    }
}
