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
        var helpers: [BackgroundThread<Void>] = []
        for (w, helper) in zip(1..<writers, handles) {
            helpers.append(BackgroundThread {
                for r in repositories.enumerated().filter({ $0.offset % writers == w }).map(\.element) {
                    try helper.createRepository(at: r.path, head: r.head, tag: r.tag, newObjectsOf: source)
                }
            })
        }
        let first = Result {
            for r in repositories.enumerated().filter({ $0.offset % writers == 0 }).map(\.element) {
                try repository.createRepository(at: r.path, head: r.head, tag: r.tag)
            }
        }
        let joined = helpers.map { helper in Result { try helper.join() } }
        try first.get()
        for j in joined { try j.get() }
    }

    static let writers = 4
}
