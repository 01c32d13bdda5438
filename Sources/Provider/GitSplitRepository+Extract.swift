import Foundation
import Git
import Model
import Pipeline
import Split

extension GitSplitRepository: ExtractRepository {
    var rootPath: String {
        let path = repository.workDirectory ?? repository.gitDirectory
        // The real path: destinations are compared with it (a symlink must not hide that a
        // destination is inside the repository).
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        return resolved.hasSuffix("/") ? String(resolved.dropLast()) : resolved
    }

    func tree(of commit: ObjectID) throws -> ObjectID {
        try repository.tree(of: commit)
    }

    func entry(at path: String, in tree: ObjectID) throws -> (id: ObjectID, mode: UInt32)? {
        try repository.entry(at: path, inTree: tree).map { ($0.id, $0.mode) }
    }

    func files(under folder: String, in tree: ObjectID) throws -> [TreeFile] {
        try repository.files(under: folder, in: tree)
    }

    func blob(_ id: ObjectID) throws -> [UInt8] {
        try repository.blob(id)
    }

    func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        try repository.write(bytes, type: .blob)
    }

    func editTree(_ base: ObjectID, _ changes: [String: TreeChange]) throws -> ObjectID {
        try repository.editTree(base, changes)
    }

    func writeCommit(tree: ObjectID, parents: [ObjectID], message: String, datedLike: ObjectID) throws -> ObjectID {
        try repository.writeCommit(tree: tree, parents: parents, message: message, datedLike: datedLike)
    }

    func mainOfRepository(at path: String) -> ObjectID? {
        repository.mainOfRepository(at: path)
    }

    func history(of head: ObjectID) throws -> [ObjectID] {
        try repository.history(of: head)
    }

    func diff(from old: ObjectID, to new: ObjectID) throws -> String {
        try repository.diff(from: old, to: new)
    }

    func export(tree: ObjectID, to directory: String) throws {
        try repository.export(tree: tree, to: directory)
    }

    func createRepository(at path: String, head: ObjectID, tag: String?) throws {
        try repository.createRepository(at: path, head: head, tag: tag)
    }

    func commitBranch(_ update: ReferenceUpdate) throws {
        try Repository.withSignalsDeferred {
            try repository.persistObjects(reachableFrom: update.target)
            clearStaleReferenceLocks([update])
            try repository.updateReferences([update])
        }
    }

    func createRepositories(_ repositories: [NewRepository]) throws {
        guard repositories.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1, let openHelper else {
            for r in repositories { try repository.createRepository(at: r.path, head: r.head, tag: r.tag) }
            return
        }
        // The repositories shared among writers, each with a handle of its own (one thread
        // each); the helpers read the objects this handle created (and has not written yet) from
        // this handle, which meanwhile only reads. Four writers on two cores: creating a
        // checkout's files is mostly waiting on the file system (60 repositories of the
        // benchmark monorepo: 5,100 files opened, at a quarter of a millisecond each on this
        // machine's disk).
        let writers = min(Self.writers, repositories.count)
        let source = repository
        // Every handle opened before any thread starts: a failure leaves none running.
        let handles = try (1..<writers).map { _ in try openHelper() }
        // Each writer takes the next repository left when it is done with one: repositories
        // differ in size (shared by position, one writer of the benchmark monorepo's 60 still
        // wrote alone for the last third of the phase).
        let queue = WorkQueue(count: repositories.count)
        // A failure stops the others at their next repository.
        @Sendable func drain(_ write: (NewRepository) throws -> Void) throws {
            do {
                while let i = queue.next() { try write(repositories[i]) }
            } catch {
                queue.stop()
                throw error
            }
        }
        var helpers: [BackgroundThread<Void>] = []
        for helper in handles {
            helpers.append(BackgroundThread {
                try drain { r in try helper.createRepository(at: r.path, head: r.head, tag: r.tag, newObjectsOf: source) }
            })
        }
        let first = Result { try drain { r in try repository.createRepository(at: r.path, head: r.head, tag: r.tag) } }
        let joined = helpers.map { helper in Result { try helper.join() } }
        try first.get()
        for j in joined { try j.get() }
    }

    static let writers = 4
}

/// Positions 0..<count handed out once each, in order, to threads that ask.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next position, nil when none is left or after `stop()`.
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard position < count else { return nil }
        position += 1
        return position - 1
    }

    /// Hands out no more positions.
    func stop() {
        lock.lock()
        position = count
        lock.unlock()
    }
}
