import Foundation
import Git
import Model
import Pipeline
import Split

/// Adapts the libgit2 repository to the engine's object store.
final class GitSplitStore: SplitStore {
    private let repository: Repository

    init(repository: Repository) {
        self.repository = repository
    }

    func withObject<R>(_ id: ObjectID, kind: ObjectKind, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        do {
            return try repository.withObject(id, type: kind == .commit ? .commit : .tree, body)
        } catch let error as GitError {
            // A missing or unreadable object: the repository is damaged; say which object.
            throw SplitError.corruptObject(id, error.message)
        }
    }

    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID {
        try repository.write(bytes, type: kind == .commit ? .commit : .tree)
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
        let box = HelperResult(repository: try openHelper())
        let helperJobs = Array(jobs[half...])
        let thread = Thread {
            box.value = Result {
                let results = try SplitEngine(store: GitSplitStore(repository: box.repository)).split(tip: tip, jobs: helperJobs, revisionName: revisionName, progress: nil)
                return (results, box.repository.takeObjects())
            }
            box.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let first = try SplitEngine(store: main).split(tip: tip, jobs: Array(jobs[..<half]), revisionName: revisionName, progress: progress)
        box.done.wait()
        let (second, objects) = try box.value!.get()
        for object in objects { _ = try repository.write(object.bytes, type: object.type) }
        return first + second
    }
}

/// The second thread's repository handle and answer: used by that thread only until it signals.
private final class HelperResult: @unchecked Sendable {
    let repository: Repository
    init(repository: Repository) { self.repository = repository }
    var value: Result<([Result<SplitResult, Error>], [(type: GitObjectType, bytes: [UInt8])]), Error>?
    let done = DispatchSemaphore(value: 0)
}
