import Git
import Model
import Pipeline
import Split

/// The monorepo as `carve publish` reads it: tags, branches, commits and trees for the cache
/// check, and caches stored in commits fetched from a remote.
extension GitSplitRepository: PublishRepository {
    func branchReference(named revision: String) -> String? {
        repository.branchReference(named: revision)
    }

    func tags() throws -> [(name: String, target: ObjectID)] {
        try repository.references(matching: "refs/tags/*").map { ($0.name, $0.target) }
    }

    func tagObject(_ id: ObjectID) throws -> [UInt8]? {
        guard repository.objectType(id) == .tag else { return nil }
        return try repository.withObject(id, type: .tag) { Array($0.bindMemory(to: UInt8.self)) }
    }

    func hashTag(_ bytes: [UInt8]) throws -> ObjectID {
        try Repository.hash(bytes, type: .tag)
    }

    func objectExists(_ id: ObjectID) -> Bool {
        repository.objectType(id) != nil
    }

    func parents(of commit: ObjectID) throws -> [ObjectID] {
        try repository.withObject(commit, type: .commit) { try RawCommit.header($0).parents }
    }

    func entry(at path: String, inTree tree: ObjectID) throws -> TreeEntry? {
        try repository.entry(at: path, inTree: tree)
    }

    func treeEntries(_ tree: ObjectID) throws -> [TreeEntry] {
        try repository.treeEntries(tree: tree)
    }

    func hasRemote(named name: String) -> Bool {
        repository.hasRemote(named: name)
    }

    func loadCache(commit: ObjectID) -> SplitCache? {
        SplitCacheArchive(objects: FixedReferenceObjects(repository: repository, commit: commit)).loadCache(reference: "refs/carve/fetched")
    }
}

/// The cache archive's object access with its reference pinned to one commit: a cache read from
/// a commit that no local reference points to (fetched from a remote).
private final class FixedReferenceObjects: SplitCacheObjects {
    private let store: GitSplitStore
    private let commit: ObjectID

    init(repository: Repository, commit: ObjectID) {
        store = GitSplitStore(repository: repository)
        self.commit = commit
    }

    func withObject<R>(_ id: ObjectID, kind: ObjectKind, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try store.withObject(id, kind: kind, body)
    }

    func bytes(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8] {
        try store.bytes(id, kind: kind)
    }

    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID {
        try store.write(bytes, kind: kind)
    }

    func referenceTarget(_ name: String) throws -> ObjectID? { commit }

    func mappedBlob(_ id: ObjectID) -> MappedBytes? { store.mappedBlob(id) }
}
