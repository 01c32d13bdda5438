/// How a split links a folder that is re-added after it was deleted (`--readd`).
public enum ReaddMode: String, Sendable, Codable, CaseIterable {
    /// git subtree's rule: a commit without the folder stands for itself, so the re-added
    /// folder's first split commit has that mainline commit as its parent.
    case subtree
    /// The re-added folder continues from the last split commit before the deletion.
    case `continue`
}

/// The opt-in history modes of a split (`--follow`, `--follow-path`, `--readd`, `--adopt`),
/// shared by `split`, `extract`, `batch` and `publish`. The default value changes nothing: the
/// ids stay those of `git subtree split`.
public struct HistoryOptions: Sendable, Equatable, Codable {
    /// Detect moves of the folders and split their old paths into the same destination.
    public var follow: Bool
    /// Old paths to follow that detection cannot find: `OLD`, or `OLD:FOLDER` naming which of
    /// several folders it was (implies `follow`).
    public var followPaths: [String]
    /// How a re-added folder is linked.
    public var readd: ReaddMode
    /// A published split history to continue (`--adopt REF`).
    public var adopt: String?

    /// Describes the modes; the defaults are git subtree's behaviour.
    public init(follow: Bool = false, followPaths: [String] = [], readd: ReaddMode = .subtree, adopt: String? = nil) {
        self.follow = follow
        self.followPaths = followPaths
        self.readd = readd
        self.adopt = adopt
    }

    /// True when folder moves are followed (detected, or named with `followPaths`).
    public var follows: Bool { follow || !followPaths.isEmpty }

    /// True when nothing differs from git subtree.
    public var isDefault: Bool { !follows && readd == .subtree && adopt == nil }

    /// The same modes with `other`'s follow paths added (a component's own paths in a config
    /// file beside the command line's).
    public func adding(followPaths other: [String]) -> HistoryOptions {
        var copy = self
        copy.followPaths += other
        return copy
    }
}

/// A move of a folder, found by `--follow` or named with `--follow-path`.
public struct FolderMove: Sendable, Equatable, Codable {
    /// The commit in which the tree appeared at `to` and left `from`; nil for a path named with
    /// `--follow-path`.
    public var commit: ObjectID?
    /// The old path.
    public var from: String
    /// The path it moved to.
    public var to: String
    /// How much of the tree at `to` was already at `from` (percent of files; 100 when the trees
    /// are the same).
    public var similarity: Int
    /// True when the path was named with `--follow-path` rather than detected.
    public var named: Bool

    /// Describes a move.
    public init(commit: ObjectID?, from: String, to: String, similarity: Int, named: Bool = false) {
        self.commit = commit
        self.from = from
        self.to = to
        self.similarity = similarity
        self.named = named
    }
}

/// One folder of a split with the old paths its history is followed through.
public struct FollowedFolder: Sendable, Equatable, Codable {
    /// The folder's path at the split revision.
    public var folder: String
    /// Its old paths, newest first: a commit without the folder uses the first of them it has.
    public var formerPaths: [String]
    /// The moves that led there, newest first.
    public var moves: [FolderMove]

    /// Describes a followed folder.
    public init(folder: String, formerPaths: [String], moves: [FolderMove]) {
        self.folder = folder
        self.formerPaths = formerPaths
        self.moves = moves
    }
}

/// How `--adopt REF` continued a published split history.
public struct AdoptionReport: Sendable, Equatable, Codable {
    /// The reference as given.
    public var ref: String
    /// The commit it named.
    public var refTip: ObjectID
    /// Source commits whose split is a commit of REF (matched by tree, author and author date).
    public var matched: Int
    /// The first source commit (oldest first) that matched no commit of REF and got a new
    /// split commit; nil when every split commit came from REF.
    public var firstUnmatched: ObjectID?
    /// Commits of the new split history that are not REF's: those written on top of it.
    public var written: Int

    /// Describes an adoption.
    public init(ref: String, refTip: ObjectID, matched: Int, firstUnmatched: ObjectID?, written: Int) {
        self.ref = ref
        self.refTip = refTip
        self.matched = matched
        self.firstUnmatched = firstUnmatched
        self.written = written
    }
}
