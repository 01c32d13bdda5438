import Model

/// The opt-in history modes of one job, as the engine applies them. The default value is git
/// subtree's behaviour, and the engine's default path does none of this work.
public struct SplitHistory: Sendable, Hashable {
    /// Per folder of the spec (same order), its old paths as components, newest first: a commit
    /// without the folder takes the first of them it has (`--follow`).
    public var formerPaths: [[[String]]]
    /// A commit without the folders whose parents have split commits continues from their split
    /// commit instead of standing for itself (`--readd continue`).
    public var readdContinues: Bool
    /// The tip of a published split history whose commits are reused where they match
    /// (`--adopt REF`), and the name it was given as.
    public var adopt: ObjectID?
    public var adoptName: String

    /// Describes the modes (the defaults: none).
    public init(formerPaths: [[[String]]] = [], readdContinues: Bool = false, adopt: ObjectID? = nil, adoptName: String = "") {
        self.formerPaths = formerPaths
        self.readdContinues = readdContinues
        self.adopt = adopt
        self.adoptName = adoptName
    }

    /// The old paths of followed folders, as `formerPaths` takes them.
    public static func formerPaths(_ followed: [FollowedFolder]) -> [[[String]]] {
        followed.map { f in f.formerPaths.map { $0.split(separator: "/").map(String.init) } }
    }

    /// True when no mode is on.
    public var isDefault: Bool { !follows && !readdContinues && adopt == nil }

    /// True when some folder has old paths.
    public var follows: Bool { formerPaths.contains { !$0.isEmpty } }

    /// A stable text naming the modes, part of the cache key: a cache made in one mode (or with
    /// other followed paths) is never used in another. Adoption is keyed by the mode alone: a
    /// later run checks that REF's tip is in the cached history, else runs cold.
    public var cacheKey: String {
        var parts: [String] = []
        if follows {
            parts.append("follow " + formerPaths.map { $0.map { $0.joined(separator: "/") }.joined(separator: "|") }.joined(separator: ";"))
        }
        if readdContinues { parts.append("readd continue") }
        if adopt != nil { parts.append("adopt") }
        return parts.joined(separator: " ")
    }
}
