/// What `carve split FOLDER...` was asked to do.
public struct SplitRequest: Sendable, Equatable, Codable {
    /// The folders as given on the command line (`Sources/Foo` or `from:to`).
    public var folders: [String]
    /// The revision to split (default HEAD).
    public var revision: String
    /// A branch to create or fast-forward to the split head.
    public var branch: String?
    /// git subtree's `--onto`: a history taken as already split.
    public var onto: String?
    /// Accept a shallow clone (whose split ids differ from a full clone's).
    public var allowShallow: Bool
    /// Start from the mapping an earlier split left (false: a cold run, as `--no-cache`).
    public var useCache: Bool
    /// The opt-in history modes (`--follow`, `--follow-path`, `--readd`, `--adopt`).
    public var history: HistoryOptions
    /// Split and report, but write no objects or refs.
    public var dryRun = false

    /// Describes a split request.
    public init(folders: [String], revision: String = "HEAD", branch: String? = nil, onto: String? = nil, allowShallow: Bool = false, useCache: Bool = true, history: HistoryOptions = HistoryOptions()) {
        self.history = history
        self.folders = folders
        self.revision = revision
        self.branch = branch
        self.onto = onto
        self.allowShallow = allowShallow
        self.useCache = useCache
    }
}

/// What a split produced.
public struct SplitReport: Sendable, Equatable, Codable {
    /// What happened to `--branch`.
    public enum BranchAction: String, Sendable, Codable {
        case created, updated, unchanged
    }

    /// The component's name, for many-component splits.
    public var name: String?
    /// The split head's commit id.
    public var head: ObjectID
    /// The source commit the head was split from.
    public var source: ObjectID
    /// The folder set, as text.
    public var folders: String
    /// Commits walked.
    public var commitsWalked: Int
    /// Split commits written.
    public var commitsWritten: Int
    /// The branch written, if any.
    public var branch: String?
    /// What happened to it.
    public var branchAction: BranchAction?
    /// True when the run reused an earlier split's mapping and processed only new commits.
    public var incremental: Bool = false
    /// `--follow`: each folder with the old paths its history was followed through.
    public var followed: [FollowedFolder]?
    /// `--adopt`: how the published history was continued.
    public var adoption: AdoptionReport?
    /// `--readd continue`, when on.
    public var readd: ReaddMode?
    /// True when nothing was written (`--dry-run`).
    public var dryRun: Bool?
    /// Seconds spent in each phase of the command (shared by all components of one walk).
    public var seconds: [String: Double] = [:]
    /// The version of Carve that made the report.
    public var version: String = CarveVersion.current

    /// Creates a report.
    public init(head: ObjectID, source: ObjectID, folders: String, commitsWalked: Int, commitsWritten: Int, branch: String? = nil, branchAction: BranchAction? = nil) {
        self.head = head
        self.source = source
        self.folders = folders
        self.commitsWalked = commitsWalked
        self.commitsWritten = commitsWritten
        self.branch = branch
        self.branchAction = branchAction
    }
}
