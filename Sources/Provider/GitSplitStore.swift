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
        try repository.withObject(id, type: kind == .commit ? .commit : .tree, body)
    }

    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID {
        try repository.write(bytes, type: kind == .commit ? .commit : .tree)
    }

    var shallowBoundary: Set<ObjectID> { repository.shallowCommits }

    func resolveCommit(_ revision: String) -> ObjectID? {
        (try? repository.resolveCommit(revision)) ?? nil
    }
}

/// Runs `SplitEngine` over a libgit2 repository.
final class GitSplitRunner: SplitRunner {
    private let store: GitSplitStore

    init(repository: Repository) {
        store = GitSplitStore(repository: repository)
    }

    func split(_ jobs: [SplitJob], tip: ObjectID, revisionName: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>] {
        try SplitEngine(store: store).split(tip: tip, jobs: jobs, revisionName: revisionName, progress: progress)
    }
}
