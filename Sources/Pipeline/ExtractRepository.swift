import Model

/// A repository to create: at `path`, `main` at `head` (with the objects it reaches), tagged.
public struct NewRepository: Sendable, Equatable {
    public var path: String
    public var head: ObjectID
    public var tag: String?

    /// Describes a repository to create.
    public init(path: String, head: ObjectID, tag: String?) {
        self.path = path
        self.head = head
        self.tag = tag
    }
}

/// What `carve extract` needs from the monorepo's repository besides splitting.
public protocol ExtractRepository: SplitRepository {
    /// The root of the work tree (for a bare repository, its git folder), without a trailing '/'.
    var rootPath: String { get }
    /// The root tree of `commit`.
    func tree(of commit: ObjectID) throws -> ObjectID
    /// The entry at `path` of a tree, nil when there is none.
    func entry(at path: String, in tree: ObjectID) throws -> (id: ObjectID, mode: UInt32)?
    /// The regular files below `folder` ("" for all) of a tree, recursively.
    func files(under folder: String, in tree: ObjectID) throws -> [TreeFile]
    func blob(_ id: ObjectID) throws -> [UInt8]
    func writeBlob(_ bytes: [UInt8]) throws -> ObjectID
    /// `base` with `changes` applied (paths relative to its root); folders left empty vanish.
    func editTree(_ base: ObjectID, _ changes: [String: TreeChange]) throws -> ObjectID
    /// A commit by the user, dated like `datedLike` (the same command makes the same commit).
    func writeCommit(tree: ObjectID, parents: [ObjectID], message: String, datedLike: ObjectID) throws -> ObjectID
    /// `refs/heads/main` of the repository at `path` (nil: none there).
    func mainOfRepository(at path: String) -> ObjectID?
    /// The commits reachable from `head`, oldest first.
    func history(of head: ObjectID) throws -> [ObjectID]
    /// Unified diff between two trees.
    func diff(from old: ObjectID, to new: ObjectID) throws -> String
    /// Writes a tree's files into a new folder.
    func export(tree: ObjectID, to directory: String) throws
    /// A new repository at `path` with `main` at `head` (objects copied), `tag`, checked out.
    func createRepository(at path: String, head: ObjectID, tag: String?) throws
    /// Creates several such repositories (on two threads when there are several).
    func createRepositories(_ repositories: [NewRepository]) throws
    /// Writes the new objects `update.target` reaches (and no other) as one pack, then moves the
    /// reference in one transaction.
    func commitBranch(_ update: ReferenceUpdate) throws
}

/// The file system around a command: Carve's scratch folders and the destination.
public protocol Workspace: AnyObject {
    /// True when nothing is at `path` or it is an empty folder.
    func isMissingOrEmpty(_ path: String) -> Bool
    /// A new empty scratch folder of Carve's own.
    func makeScratch(_ label: String) throws -> String
    /// Removes a file or folder tree (scratch folders, an unfinished destination).
    func remove(_ path: String)
    /// Puts the finished folder `from` at `to` in one rename (an empty folder at `to` is replaced).
    func moveIntoPlace(_ from: String, to: String) throws
}

/// Runs `swift build --build-tests` on a package folder.
public protocol PackageVerifier: AnyObject {
    /// Builds the package at `path` offline; `configPath` holds SwiftPM mirrors when URLs must
    /// resolve to local repositories; `cachePath` is SwiftPM's repository cache, shared by the
    /// builds of one verification.
    func build(label: String, packageAt path: String, configPath: String?, cachePath: String) -> BuildOutcome
    /// A SwiftPM configuration folder with `mirrors` (original URL to local path).
    func writeMirrors(_ mirrors: [String: String], into configPath: String) throws
}
