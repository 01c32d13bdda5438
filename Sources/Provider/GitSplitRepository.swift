import Foundation
import Git
import Model
import Pipeline

/// Adapts the libgit2 repository to what the use cases need.
final class GitSplitRepository: SplitRepository {
    let repository: Repository
    /// Held while the use case lives: two Carve processes never write one repository at once.
    private let lock: RepositoryLock

    /// Opens a second handle on the same repository, for work shared with a second thread.
    let openHelper: (() throws -> Repository)?

    init(repository: Repository, openHelper: (() throws -> Repository)? = nil) throws {
        self.repository = repository
        self.openHelper = openHelper
        lock = try RepositoryLock(gitDirectory: repository.gitDirectory)
    }

    var isShallow: Bool { repository.isShallow }
    var isEmpty: Bool { repository.isEmpty }
    var checkedOutBranch: String? { repository.checkedOutBranch }

    func commit(for revision: String) throws -> ObjectID {
        if revision.isEmpty || revision.hasPrefix("-") { throw PipelineError.unknownRevision(revision) }
        do {
            guard let id = try repository.resolveCommit(revision) else { throw PipelineError.unknownRevision(revision) }
            return id
        } catch RepositoryError.wrongType(let id, _) {
            let kind = repository.objectType(id).map { "\($0)" } ?? "non-commit object"
            throw PipelineError.notACommit(revision, kind)
        } catch let error as GitError {
            throw PipelineError.ambiguousRevision(revision, error.message)
        }
    }

    func folders(in commit: ObjectID, at path: String) throws -> [String] {
        try repository.treeEntries(commit: commit, path: path)?.filter(\.isTree).map(\.name) ?? []
    }

    func isFile(at path: String, in commit: ObjectID) throws -> Bool {
        guard let entry = try entry(at: path, in: try repository.tree(of: commit)) else { return false }
        return entry.mode != 0o040000 && entry.mode != 0o160000
    }

    func referenceTarget(_ name: String) throws -> ObjectID? {
        try repository.referenceTarget(name)
    }

    func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        try repository.isAncestor(ancestor, of: descendant)
    }

    func isValidReferenceName(_ name: String) -> Bool {
        Repository.isValidReferenceName(name)
    }

    func commitWrites(_ updates: [ReferenceUpdate], cacheUpdates: [ReferenceUpdate]) throws {
        try Repository.withSignalsDeferred {
            try repository.persistObjects()
            clearStaleReferenceLocks(updates + cacheUpdates)
            try repository.updateReferences(updates)
            // A cache another process moved meanwhile is left to it: caches are an optimisation.
            try? repository.updateReferences(cacheUpdates)
        }
    }

    /// A Carve process killed inside libgit2's reference transaction leaves `<ref>.lock` files
    /// behind, as git itself would. When this process took over that process's stale
    /// `carve.lock`, the `.lock` files of the references it is about to write are that
    /// process's leftovers (Carve writes them only under `carve.lock`): remove them.
    func clearStaleReferenceLocks(_ updates: [ReferenceUpdate]) {
        guard lock.tookOverStaleLock else { return }
        let folder = repository.gitDirectory.hasSuffix("/") ? repository.gitDirectory : repository.gitDirectory + "/"
        for update in updates { unlink(folder + update.name + ".lock") }
    }

    func discardWrites() {
        repository.discardObjects()
    }
}
