import Foundation
import Git
import Model
import Pipeline
import Split

/// Adapts the libgit2 repository to the engine's object store and to the cache archive's.
final class GitSplitStore: SplitStore, SplitCacheObjects {
    private let repository: Repository

    init(repository: Repository) {
        self.repository = repository
    }

    func withObject<R>(_ id: ObjectID, kind: ObjectKind, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        do {
            return try repository.withObject(id, type: Self.type(kind), body)
        } catch let error as GitError {
            // A missing or unreadable object: the repository is damaged; say which object.
            throw SplitError.corruptObject(id, error.message)
        }
    }

    func bytes(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8] {
        do {
            return try repository.objectBytes(id, type: Self.type(kind))
        } catch let error as GitError {
            throw SplitError.corruptObject(id, error.message)
        }
    }

    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID {
        try repository.write(bytes, type: Self.type(kind))
    }

    func referenceTarget(_ name: String) throws -> ObjectID? {
        try repository.referenceTarget(name)
    }

    func mappedBlob(_ id: ObjectID) -> MappedBytes? {
        repository.mappedBlob(id)
    }

    private static func type(_ kind: ObjectKind) -> GitObjectType {
        switch kind {
        case .commit: return .commit
        case .tree: return .tree
        case .blob: return .blob
        }
    }

    var shallowBoundary: Set<ObjectID> { repository.shallowCommits }

    func releaseReadMemory() {
        repository.releaseReadPages()
    }

    func resolveCommit(_ revision: String) -> ObjectID? {
        (try? repository.resolveCommit(revision)) ?? nil
    }
}

/// Runs `SplitEngine` over a libgit2 repository, with a second repository handle for the
/// engine's second thread (libgit2 objects are not shared across threads): it looks up folders
/// while the walk reads commits, then completes half of the jobs. The objects that thread wrote
/// are handed to the main handle, which writes them with the rest.
final class GitSplitRunner: SplitRunner {
    private let repository: Repository
    private let openHelper: () throws -> Repository

    init(repository: Repository, openHelper: @escaping () throws -> Repository) {
        self.repository = repository
        self.openHelper = openHelper
    }

    func split(_ jobs: [SplitJob], tip: ObjectID, revisionName: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>] {
        let main = GitSplitStore(repository: repository)
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else {
            return try SplitEngine(store: main).split(tip: tip, jobs: jobs, revisionName: revisionName, progress: progress)
        }
        let helperRepository = try openHelper()
        let results = try SplitEngine(store: main, helper: GitSplitStore(repository: helperRepository)).split(tip: tip, jobs: jobs, revisionName: revisionName, progress: progress)
        try repository.adopt(objectsOf: helperRepository)
        return results
    }

    /// One detector for every component of a run: the commits it read are read once.
    private lazy var detector = MoveDetector(store: GitSplitStore(repository: repository))

    func followMoves(of spec: SplitSpec, tip: ObjectID, named: [String], revisionName: String) throws -> [FollowedFolder] {
        try detector.follow(tip: tip, spec: spec, named: named, revision: revisionName)
    }
}
