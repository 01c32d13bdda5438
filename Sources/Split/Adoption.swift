import Model

/// The commits of a published split history (`--adopt REF`), found by what every split tool
/// keeps: the tree, the author and the author date. Messages may differ (`git subtree split
/// --annotate`), and so may the shape of merges (splitsh-lite): neither is part of the key.
struct AdoptionIndex {
    struct Key: Hashable {
        var tree: ObjectID
        var name: [UInt8]
        var email: [UInt8]
        var timestamp: Int64
        var tz: Int
    }

    /// REF's tip, and the name it was given as.
    let tip: ObjectID
    let name: String
    /// Commits of REF by key; several only when two commits share tree, author and date.
    private var commits: [Key: [ObjectID]] = [:]
    /// The commits of REF.
    private(set) var members = Set<ObjectID>()
    var count: Int { members.count }

    /// Reads every commit reachable from `tip`.
    init<Store: SplitStore>(tip: ObjectID, name: String, store: Store) throws {
        self.tip = tip
        self.name = name
        var seen = Set<ObjectID>()
        var stack = [tip]
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            let (key, parents) = try store.withObject(id, kind: .commit) { raw in
                let header = try RawObject.commitHeader(raw, id: id)
                return (Self.key(tree: header.tree, raw: raw), header.parents)
            }
            if let key { commits[key, default: []].append(id) }
            stack += parents
        }
        members = seen
        for key in commits.keys { commits[key]!.sort() }
    }

    /// The key of a commit whose (split) tree is `tree`; nil without a readable author.
    static func key(tree: ObjectID, raw: UnsafeRawBufferPointer) -> Key? {
        // As git subtree copies it: a commit with an `encoding` header is read in UTF-8.
        let bytes = CommitCopier.reencodedToUTF8(Array(raw.bindMemory(to: UInt8.self).prefix { $0 != 0 }))
        guard let author = RawCommit.fields(bytes).author else { return nil }
        return Key(tree: tree, name: author.name, email: author.email, timestamp: author.timestamp, tz: author.tz)
    }

    /// The commits of REF that match a source commit whose split tree is `tree`.
    func candidates<Store: SplitStore>(for source: ObjectID, tree: ObjectID, store: Store) throws -> [ObjectID] {
        let key = try store.withObject(source, kind: .commit) { Self.key(tree: tree, raw: $0) }
        return key.flatMap { commits[$0] } ?? []
    }
}
