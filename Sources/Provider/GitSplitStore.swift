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

    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID {
        try repository.write(bytes, type: Self.type(kind))
    }

    func referenceTarget(_ name: String) throws -> ObjectID? {
        try repository.referenceTarget(name)
    }

    private static func type(_ kind: ObjectKind) -> GitObjectType {
        switch kind {
        case .commit: return .commit
        case .tree: return .tree
        case .blob: return .blob
        }
    }

    var shallowBoundary: Set<ObjectID> { repository.shallowCommits }

    func resolveCommit(_ revision: String) -> ObjectID? {
        (try? repository.resolveCommit(revision)) ?? nil
    }
}

/// Runs `SplitEngine` over a libgit2 repository. Many jobs are shared between two threads, each
/// with its own repository handle (libgit2 objects are not shared across threads); the second
/// thread's new objects are handed to the main handle, which writes them with the rest.
final class GitSplitRunner: SplitRunner {
    private let repository: Repository
    private let openHelper: () throws -> Repository

    init(repository: Repository, openHelper: @escaping () throws -> Repository) {
        self.repository = repository
        self.openHelper = openHelper
    }

    /// Below this many jobs a second thread costs more (a second walk) than it saves.
    static let parallelThreshold = 8

    func split(_ jobs: [SplitJob], tip: ObjectID, revisionName: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>] {
        let main = GitSplitStore(repository: repository)
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else {
            return try SplitEngine(store: main).split(tip: tip, jobs: jobs, revisionName: revisionName, progress: progress)
        }
        guard jobs.count >= Self.parallelThreshold else {
            // Few jobs: the second thread looks up folders while this one reads commits.
            let helper = GitSplitStore(repository: try openHelper())
            return try SplitEngine(store: main, helper: helper).split(tip: tip, jobs: jobs, revisionName: revisionName, progress: progress)
        }
        let half = jobs.count / 2
        let helperRepository = try openHelper()
        let helperJobs = Array(jobs[half...])
        let second = BackgroundThread {
            let results = try SplitEngine(store: GitSplitStore(repository: helperRepository)).split(tip: tip, jobs: helperJobs, revisionName: revisionName, progress: nil)
            return (results, helperRepository.takeObjects())
        }
        let first = Result { try SplitEngine(store: main).split(tip: tip, jobs: Array(jobs[..<half]), revisionName: revisionName, progress: progress) }
        let joined = Result { try second.join() }
        let firstResults = try first.get()
        let (secondResults, objects) = try joined.get()
        for object in objects { _ = try repository.write(object.bytes, type: object.type) }
        return firstResults + secondResults
    }

    /// One detector for every component of a run: the commits it read are read once.
    private lazy var detector = MoveDetector(store: GitSplitStore(repository: repository))

    func followMoves(of spec: SplitSpec, tip: ObjectID, named: [String], revisionName: String) throws -> [FollowedFolder] {
        try detector.follow(tip: tip, spec: spec, named: named, revision: revisionName)
    }
}
