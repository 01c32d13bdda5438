/// What `carve publish` did (or, in a dry run, would do) for every component.
public struct PublishReport: Sendable, Equatable, Codable {
    /// One component's outcome.
    public var components: [ComponentPublish]
    /// True for `--dry-run`: nothing was written or pushed.
    public var dryRun: Bool
    /// The branch pushed on every remote.
    public var branch: String
    /// What happened to the shared cache (`--cache-remote`), in words; nil without it.
    public var cacheNotes: [String]
    /// Seconds per phase (split, remote, write, push).
    public var seconds: [String: Double]
    /// Carve's version.
    public var version: String = CarveVersion.current

    /// Describes a run.
    public init(components: [ComponentPublish], dryRun: Bool, branch: String, cacheNotes: [String] = [], seconds: [String: Double] = [:]) {
        self.components = components
        self.dryRun = dryRun
        self.branch = branch
        self.cacheNotes = cacheNotes
        self.seconds = seconds
    }

    /// True when every component was published, is up to date, or (dry run) would be.
    public var succeeded: Bool { components.allSatisfy { $0.status != .refused && $0.status != .failed } }
}

/// One component's outcome.
public struct ComponentPublish: Sendable, Equatable, Codable {
    /// What happened to the component.
    public enum Status: String, Sendable, Codable {
        /// Its refs were pushed.
        case pushed
        /// The remote had every ref already: nothing was sent.
        case upToDate = "up-to-date"
        /// Dry run: these refs would be pushed.
        case wouldPush = "would-push"
        /// A remote ref points elsewhere and would be overwritten (pass --force): nothing was sent.
        case refused
        /// The remote could not be reached or refused the push.
        case failed
    }

    /// The component's name.
    public var name: String
    /// Its remote URL (a password in it shown as `***`).
    public var remote: String
    /// What happened.
    public var status: Status
    /// The split head.
    public var head: ObjectID
    /// Every ref considered, with its old and new target and what is done with it.
    public var refs: [RefPush]
    /// Tags that match a --tags glob but were not pushed to this component, with why.
    public var skippedTags: [SkippedTag]
    /// Why the component was refused or failed, for a person.
    public var message: String?
    /// Source commits the split processed in this run (the cache knew the others).
    public var commitsWalked: Int = 0
    /// True when the split started from a cache.
    public var incremental: Bool = false

    /// Describes one component's outcome.
    public init(name: String, remote: String, status: Status, head: ObjectID, refs: [RefPush], skippedTags: [SkippedTag] = [], message: String? = nil) {
        self.name = name
        self.remote = remote
        self.status = status
        self.head = head
        self.refs = refs
        self.skippedTags = skippedTags
        self.message = message
    }
}

/// One ref on a component's remote.
public struct RefPush: Sendable, Equatable, Codable {
    /// What is done with the ref.
    public enum Action: String, Sendable, Codable {
        /// It does not exist on the remote: created.
        case create
        /// A fast-forward of a branch.
        case fastForward = "fast-forward"
        /// It points elsewhere and --force overwrites it.
        case force
        /// It already points to the new target: not sent.
        case unchanged
        /// It points elsewhere: refused without --force.
        case refused
    }

    /// The remote ref's full name (`refs/heads/main`, `refs/tags/1.2.0`).
    public var ref: String
    /// What it points to on the remote; nil when absent.
    public var old: ObjectID?
    /// What it should point to (a split commit, or a tag object for an annotated tag).
    public var new: ObjectID
    /// What is done.
    public var action: Action

    /// Describes a ref.
    public init(ref: String, old: ObjectID?, new: ObjectID, action: Action) {
        self.ref = ref
        self.old = old
        self.new = new
        self.action = action
    }

    /// True when the ref is sent.
    public var isSent: Bool { action == .create || action == .fastForward || action == .force }
}

/// A tag a component does not get.
public struct SkippedTag: Sendable, Equatable, Codable {
    /// Why.
    public enum Reason: String, Sendable, Codable {
        /// The component's folders do not exist at the tagged commit (nor in its history).
        case noSplit = "no-split"
        /// The tagged commit is not in the history of the revision published.
        case notInHistory = "not-in-history"
        /// The tag points to something other than a commit.
        case notACommit = "not-a-commit"
    }

    /// The tag's name in the monorepo.
    public var tag: String
    /// Why it was skipped.
    public var reason: Reason

    /// Describes a skipped tag.
    public init(tag: String, reason: Reason) {
        self.tag = tag
        self.reason = reason
    }
}
