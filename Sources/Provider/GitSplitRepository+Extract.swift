import Foundation
import Git
import Model
import Pipeline

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
        guard let start = try entry(at: folder, in: tree), start.mode == 0o040000 else { return [] }
        var out: [TreeFile] = []
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            for e in try repository.treeEntries(tree: tree) {
                let path = prefix.isEmpty ? e.name : prefix + "/" + e.name
                if e.isTree {
                    try walk(e.id, path)
                } else if e.mode == 0o100644 || e.mode == 0o100755 {
                    out.append(TreeFile(path: path, id: e.id, mode: e.mode))
                }
            }
        }
        try walk(start.id, folder)
        return out
    }

    func blob(_ id: ObjectID) throws -> [UInt8] {
        try repository.blob(id)
    }

    func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        try repository.write(bytes, type: .blob)
    }

    func editTree(_ base: ObjectID, _ changes: [String: TreeChange]) throws -> ObjectID {
        try edit(base, changes.map { (path: $0.key.split(separator: "/").map(String.init), change: $0.value) }) ?? repository.writeTree([])
    }

    /// Applies changes to a tree (nil base: none yet); nil when the result is empty.
    private func edit(_ base: ObjectID?, _ changes: [(path: [String], change: TreeChange)]) throws -> ObjectID? {
        var entries: [String: Repository.TreeEntry] = [:]
        if let base {
            for e in try repository.treeEntries(tree: base) { entries[e.name] = e }
        }
        var deeper: [String: [(path: [String], change: TreeChange)]] = [:]
        // Changes at this level first, so that a folder put here can then be edited inside.
        for (path, change) in changes where path.count == 1 {
            switch change {
            case .remove:
                entries[path[0]] = nil
            case .entry(let id, let mode):
                entries[path[0]] = Repository.TreeEntry(name: path[0], mode: mode, id: id)
            }
        }
        for (path, change) in changes where path.count > 1 {
            deeper[path[0], default: []].append((Array(path.dropFirst()), change))
        }
        for (name, inner) in deeper {
            let current = entries[name].flatMap { $0.isTree ? $0.id : nil }
            if let tree = try edit(current, inner) {
                entries[name] = Repository.TreeEntry(name: name, mode: 0o040000, id: tree)
            } else {
                entries[name] = nil
            }
        }
        if entries.isEmpty { return nil }
        return try repository.writeTree(Array(entries.values))
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

    func commitBranch(_ update: ReferenceUpdateRequest) throws {
        try Repository.withSignalsDeferred {
            try repository.persistObjects(reachableFrom: update.target)
            clearStaleReferenceLocks([update])
            try repository.updateReferences([Self.convert(update)])
        }
    }

    func createRepositories(_ repositories: [NewRepository]) throws {
        guard repositories.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1, let openHelper else {
            for r in repositories { try repository.createRepository(at: r.path, head: r.head, tag: r.tag) }
            return
        }
        // Every other repository on a second thread, with its own handle; it reads the objects
        // this handle created (and has not written yet) from this handle, which meanwhile only reads.
        let helper = CreationHelper(repository: try openHelper(), source: repository)
        let second = repositories.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let thread = Thread {
            helper.result = Result {
                for r in second { try helper.repository.createRepository(at: r.path, head: r.head, tag: r.tag, newObjectsOf: helper.source) }
            }
            helper.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let first = Result {
            for r in repositories.enumerated().filter({ $0.offset % 2 == 0 }).map(\.element) {
                try repository.createRepository(at: r.path, head: r.head, tag: r.tag)
            }
        }
        helper.done.wait()
        try first.get()
        try helper.result!.get()
    }
}

/// The second thread's repository handle and outcome, used by that thread only until it signals.
private final class CreationHelper: @unchecked Sendable {
    let repository: Repository
    let source: Repository
    var result: Result<Void, Error>?
    let done = DispatchSemaphore(value: 0)

    init(repository: Repository, source: Repository) {
        self.repository = repository
        self.source = source
    }
}
