import Model
import Split

/// What the split use cases need from the repository besides the engine's object access.
public protocol SplitRepository: AnyObject {
    /// True for a shallow clone.
    var isShallow: Bool { get }
    /// True when the repository has no commit yet.
    var isEmpty: Bool { get }
    /// The full name of the branch checked out in the work tree, if any.
    var checkedOutBranch: String? { get }
    /// Resolves a revision to a commit; throws `PipelineError` when it names nothing, something
    /// ambiguous, or an object that is not a commit.
    func commit(for revision: String) throws -> ObjectID
    /// The names of the folders directly inside `path` in the tree of `commit` (empty when
    /// `path` is not a folder there).
    func folders(in commit: ObjectID, at path: String) throws -> [String]
    /// True when `path` in the tree of `commit` is a file (a blob or a symlink), not a folder.
    func isFile(at path: String, in commit: ObjectID) throws -> Bool
    /// The target of a full reference name, nil when it does not exist.
    func referenceTarget(_ name: String) throws -> ObjectID?
    /// True when `ancestor` is `descendant` or one of its ancestors.
    func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool
    /// True when `name` is a valid full reference name.
    func isValidReferenceName(_ name: String) -> Bool
    /// Writes the objects created so far as one pack, then moves `updates` in one atomic
    /// transaction, then (best effort, in a second transaction) `cacheUpdates`.
    func commitWrites(_ updates: [ReferenceUpdate], cacheUpdates: [ReferenceUpdate]) throws
    /// Drops the objects created so far.
    func discardWrites()
}

extension SplitRepository {
    /// Refuses a repository without history, and a shallow clone unless allowed.
    func checkHistory(allowShallow: Bool) throws {
        if isEmpty { throw PipelineError.emptyRepository }
        if isShallow, !allowShallow { throw PipelineError.shallowRepository }
    }

    /// `refs/heads/<name>`, refused when the name is invalid or is the checked-out branch
    /// (moving it would leave the work tree and index out of step with HEAD).
    func branchReference(_ name: String) throws -> String {
        let ref = "refs/heads/\(name)"
        guard !name.isEmpty, !name.hasPrefix("-"), isValidReferenceName(ref) else {
            throw PipelineError.invalidBranchName(name)
        }
        if ref == checkedOutBranch { throw PipelineError.checkedOutBranch(name) }
        return ref
    }
}

/// Where split caches live (in the repository, under `refs/carve/cache/`).
public protocol SplitCacheStorage: AnyObject {
    /// The cache at `reference`, or nil when there is none or it is unreadable or corrupt.
    func loadCache(reference: String) -> SplitCache?
    /// Writes the objects of a cache (not the reference) and returns the commit to point the
    /// reference at. The commit has `keepAlive` as parent so that `git gc` keeps the split history.
    func storeCache(_ cache: SplitCache, keepAlive: ObjectID, description: String) throws -> ObjectID
}

/// Runs the history engine on the repository.
public protocol SplitRunner: AnyObject {
    /// Splits every job out of the history of `tip` in one walk.
    func split(_ jobs: [SplitJob], tip: ObjectID, revisionName: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>]
    /// `--follow`: the moves of the folders of `spec` in the history of `tip`, with the old
    /// paths `named` checked and followed too (see `MoveDetector`).
    func followMoves(of spec: SplitSpec, tip: ObjectID, named: [String], revisionName: String) throws -> [FollowedFolder]
}
