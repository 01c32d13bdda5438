import Model

/// The kind of a git object, as the split engine reads and writes them.
public enum ObjectKind: Sendable {
    case commit
    case tree
    /// Only split caches read and write blobs (`SplitCacheArchive`); the engine never does.
    case blob
}

/// What the split engine needs from a git object database. The composition root adapts the
/// libgit2 repository to it; tests use an in-memory store.
///
/// Implementations are used from one thread at a time.
public protocol SplitStore: AnyObject, SendableMetatype {
    /// Calls `body` with the raw (uncompressed, headerless) bytes of an object of `kind`.
    /// Throws when the object is missing, corrupt or of another kind.
    func withObject<R>(_ id: ObjectID, kind: ObjectKind, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R

    /// Writes an object and returns its id.
    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID

    /// Resolves a revision the way `git rev-parse --verify --quiet "REV^{commit}"` does;
    /// nil when it does not name a commit.
    func resolveCommit(_ revision: String) -> ObjectID?

    /// The commits of a shallow clone whose parents were cut off (git's `.git/shallow`); the
    /// engine treats them as roots, as git does.
    var shallowBoundary: Set<ObjectID> { get }

    /// Gives back memory that reading objects so far holds and that later reads can do
    /// without (mapped pages, read again on demand).
    func releaseReadMemory()
}

extension SplitStore {
    public func releaseReadMemory() {}
}
