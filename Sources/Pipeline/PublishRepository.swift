import Model
import Split

/// What `carve publish` needs from the monorepo besides what a split needs.
public protocol PublishRepository: SplitRepository {
    /// The full name of the branch `revision` names (`refs/heads/main`, `refs/remotes/origin/main`),
    /// nil when it names no branch (a tag, an id, a detached HEAD).
    func branchReference(named revision: String) -> String?
    /// Every tag (`refs/tags/*`) with its direct target, sorted by name.
    func tags() throws -> [(name: String, target: ObjectID)]
    /// The bytes of a tag object, nil when `id` is not a tag object.
    func tagObject(_ id: ObjectID) throws -> [UInt8]?
    /// The id of `bytes` as a tag object (nothing is written).
    func hashTag(_ bytes: [UInt8]) throws -> ObjectID
    /// True when the object exists (in the repository or among the objects written in memory).
    func objectExists(_ id: ObjectID) -> Bool
    /// The parents of a commit.
    func parents(of commit: ObjectID) throws -> [ObjectID]
    /// The root tree of a commit.
    func tree(of commit: ObjectID) throws -> ObjectID
    /// The entry at `path` below `tree` (`""`: the tree itself), nil when there is none.
    func entry(at path: String, inTree tree: ObjectID) throws -> TreeEntry?
    /// The entries of a tree.
    func treeEntries(_ tree: ObjectID) throws -> [TreeEntry]
    /// True when the monorepo has a remote of that name.
    func hasRemote(named name: String) -> Bool
    /// The split cache stored in `commit` (the layout of `refs/carve/cache/`), nil when it is
    /// missing, unreadable or corrupt.
    func loadCache(commit: ObjectID) -> SplitCache?
}

/// The remotes `carve publish` talks to (through libgit2: local paths, file://, ssh, http(s)).
public protocol PublishTransport: AnyObject {
    /// The references of the remote at `url` (`git ls-remote`), by full name.
    func listReferences(url: String) throws -> [String: ObjectID]
    /// Sends `refs` (those with `isSent`) to `url` in one push, with the tag objects the
    /// annotated ones need; throws when the push fails or the server refuses a ref.
    func push(url: String, refs: [RefPush], tagObjects: [[UInt8]]) throws
    /// Fetches the objects of those of `references` that the monorepo's remote `name` has (no
    /// ref is written) and returns their targets there.
    func fetchCaches(remote name: String, references: [String]) throws -> [String: ObjectID]
    /// Pushes the monorepo's references `names` to its remote `name` (forced: caches are
    /// replaced, not fast-forwarded).
    func pushCaches(remote name: String, references names: [String]) throws
}
