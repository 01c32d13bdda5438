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
        // Every other repository on a second thread, with its own handle; it reads the objects
        // this handle created (and has not written yet) from this handle, which meanwhile only reads.
        let helper = try openHelper()
        let source = repository
        let second = BackgroundThread {
            for r in repositories.enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                try helper.createRepository(at: r.path, head: r.head, tag: r.tag, newObjectsOf: source)
            }
        }
        let first = Result {
            for r in repositories.enumerated().filter({ $0.offset % 2 == 0 }).map(\.element) {
                try repository.createRepository(at: r.path, head: r.head, tag: r.tag)
            }
        }
        let joined = Result { try second.join() }
        try first.get()
        try joined.get()
    }
}
