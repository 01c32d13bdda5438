import Clibgit2
import Foundation
import Model

/// The kind of a git object.
public enum GitObjectType: Sendable {
    case commit, tree, blob, tag

    var raw: git_object_t {
        switch self {
        case .commit: return GIT_OBJECT_COMMIT
        case .tree: return GIT_OBJECT_TREE
        case .blob: return GIT_OBJECT_BLOB
        case .tag: return GIT_OBJECT_TAG
        }
    }

    /// The type's code in a pack file.
    var packCode: UInt8 {
        switch self {
        case .commit: return 1
        case .tree: return 2
        case .blob: return 3
        case .tag: return 4
        }
    }

    /// The type's name in an object header ("commit 123\0").
    var name: String {
        switch self {
        case .commit: return "commit"
        case .tree: return "tree"
        case .blob: return "blob"
        case .tag: return "tag"
        }
    }

    init?(_ raw: git_object_t) {
        switch raw {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }
}

/// Errors of the repository wrapper that are not libgit2 failures.
public enum RepositoryError: Error, LocalizedError, Equatable {
    case wrongType(ObjectID, expected: String)
    case referenceMoved(String)
    case cannotWrite(String)
    case unsafePath(String)

    public var errorDescription: String? {
        switch self {
        case .wrongType(let id, let expected):
            return "object \(id) is not a \(expected)"
        case .referenceMoved(let name):
            return "\(name) changed while Carve was running; run the command again"
        case .unsafePath(let name):
            return "the history holds a file named '\(name)', which cannot be written safely (it would land outside the package or in its .git): remove it from the component's folder"
        case .cannotWrite(let path):
            return "cannot write '\(path)': check that its folder is writable and the disk is not full"
        }
    }
}

/// An open git repository (libgit2 `git_repository` and its object database).
///
/// Objects written are kept in memory first; `persistObjects()` writes them to the repository as
/// one pack file, so an interrupted run leaves no objects behind.
public final class Repository {
    let handle: OpaquePointer
    private let odb: OpaquePointer
    /// Keeps libgit2 initialised for as long as this repository is open.
    private let runtime: GitRuntime
    /// libgit2's in-memory object backend, holding the first `exposed` pending objects: filled
    /// only before a libgit2 call that may read objects (`exposePending`). Writing every object
    /// there as well (a copy and an insertion into libgit2's table) and reading each back to
    /// pack it cost a tenth of a 40-component split of symfony (67,000 new commits).
    private var mempack: UnsafeMutablePointer<git_odb_backend>?
    private var exposed = 0
    /// Objects written since the last `persistObjects()`, new to the repository, in order, and
    /// their bytes (the arrays the writers made, kept as they are).
    private var pending: [(type: GitObjectType, id: ObjectID)] = []
    private var pendingBytes: [[UInt8]] = []
    /// Where each pending object is in `pending`.
    private var pendingIndex: [ObjectID: Int] = [:]
    /// Reads packed objects without libgit2 (whose reads of one pack wait on one mutex for the
    /// whole process); what it cannot read, libgit2 reads.
    private lazy var packReader = PackReader(objectsFolder: objectsFolder)
    private var objectsFolder: String { String(cString: git_repository_commondir(handle)) + "objects" }

    /// Opens the repository containing `path` (searching upwards, like git).
    public init(path: String, runtime: GitRuntime) throws(GitError) {
        self.runtime = runtime
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, 0, nil), "git_repository_open_ext")
        handle = repo!
        var db: OpaquePointer?
        do {
            try check(git_repository_odb(&db, handle), "git_repository_odb")
        } catch {
            git_repository_free(handle)
            throw error
        }
        odb = db!
    }

    deinit {
        if let mempack { git_mempack_reset(mempack) }
        git_odb_free(odb)
        git_repository_free(handle)
    }

    /// True for a bare repository.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    /// True for a shallow clone (its history is cut).
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    /// The commits listed in `.git/shallow`: their parents are not in this clone.
    public var shallowCommits: Set<ObjectID> {
        guard isShallow, let text = try? String(contentsOfFile: gitDirectory + "shallow", encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: $0) })
    }

    /// True when HEAD points to an unborn branch (no commit yet).
    public var isEmpty: Bool { git_repository_is_empty(handle) == 1 }
    /// The branch HEAD points to (`refs/heads/...`) in a repository with a work tree; nil for a
    /// bare repository or a detached HEAD.
    public var checkedOutBranch: String? {
        guard !isBare else { return nil }
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, "HEAD") == 0 else { return nil }
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else { return nil }
        return String(cString: target)
    }

    /// The `.git` folder (or the bare repository's folder).
    public var gitDirectory: String { String(cString: git_repository_path(handle)) }
    /// The work tree, nil for a bare repository.
    public var workDirectory: String? { git_repository_workdir(handle).map { String(cString: $0) } }

    // MARK: - Objects

    /// Calls `body` with the raw bytes of an object, checking its type.
    public func withObject<R>(_ id: ObjectID, type: GitObjectType, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        if let packed = try packReader.withObject(id, { code, raw in
            guard code == type.packCode else { throw RepositoryError.wrongType(id, expected: "\(type)") }
            return try body(raw)
        }) {
            return packed
        }
        if let k = pendingIndex[id] {
            guard pending[k].type == type else { throw RepositoryError.wrongType(id, expected: "\(type)") }
            return try pendingBytes[k].withUnsafeBytes { try body($0) }
        }
        var oid = git_oid(id)
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &oid), "git_odb_read")
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == type.raw else {
            throw RepositoryError.wrongType(id, expected: "\(type)")
        }
        let size = git_odb_object_size(object)
        let data = git_odb_object_data(object)
        return try body(UnsafeRawBufferPointer(start: data, count: size))
    }

    /// The bytes of an object, checking its type: a packed object's as the pack reader built
    /// them (no copy; caches' layers are hundreds of kilobytes each).
    public func objectBytes(_ id: ObjectID, type: GitObjectType) throws -> [UInt8] {
        if let packed = packReader.object(id) {
            guard packed.type == type.packCode else { throw RepositoryError.wrongType(id, expected: "\(type)") }
            return packed.bytes
        }
        return try withObject(id, type: type) { Array($0.bindMemory(to: UInt8.self)) }
    }

    /// The type of an object, or nil when it does not exist.
    public func objectType(_ id: ObjectID) -> GitObjectType? {
        if let k = pendingIndex[id] { return pending[k].type }
        var oid = git_oid(id)
        var size = 0
        var type = GIT_OBJECT_INVALID
        guard git_odb_read_header(&size, &type, odb, &oid) == 0 else { return nil }
        return GitObjectType(type)
    }

    /// Writes an object. It is readable at once (kept in memory) and reaches the repository
    /// with `persistObjects()`.
    public func write(_ bytes: [UInt8], type: GitObjectType) throws -> ObjectID {
        let id = try Self.hash(bytes, type: type)
        if pendingIndex[id] != nil { return id }
        // Only packs are asked: an object that exists only loose (git subtree writes loose
        // objects) is packed again, which git allows and `git prune-packed` tidies. libgit2's
        // lookup would stat two loose paths per new object, own and alternate (67,000 split
        // commits of symfony). It is asked only when a pack could not be read here, and then
        // without rescanning the pack folder (git_odb_write's freshen step refreshes on a miss).
        switch packReader.contains(id) {
        case true?: return id
        case false?: break
        case nil:
            var oid = git_oid(id)
            if git_odb_exists_ext(odb, &oid, UInt32(GIT_ODB_LOOKUP_NO_REFRESH.rawValue)) == 1 { return id }
        }
        track(type, id, bytes)
        return id
    }

    /// The id git gives `bytes` as an object of `type`, without writing it: the SHA-1 of its
    /// header and bytes, by libgit2, which detects the blocks of known SHA-1 collision attacks
    /// as git does.
    public static func hash(_ bytes: [UInt8], type: GitObjectType) throws(GitError) -> ObjectID {
        if type == .commit { return try plainHash(bytes, type: type) }
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { raw in git_odb_hash(&oid, raw.baseAddress, raw.count, type.raw) }
        try check(code, "git_odb_hash")
        return ObjectID(oid)
    }

    /// The same SHA-1 by mbedTLS, without collision detection, at twice the speed: used for
    /// commits only, which Carve makes from commits already in the repository (a split copies
    /// an existing commit's identities, dates and message, which git hashed with detection when
    /// the commit was made, under a new tree and parent lines, and re-encodes them as UTF-8).
    /// Hashing the 67,000 commits of a 40-component split of symfony with libgit2 took 0.1 s
    /// of its 1.8.
    static func plainHash(_ bytes: [UInt8], type: GitObjectType) throws(GitError) -> ObjectID {
        var header = Array("\(type.name) \(bytes.count)".utf8)
        header.append(0)
        var context = mbedtls_sha1_context()
        mbedtls_sha1_init(&context)
        defer { mbedtls_sha1_free(&context) }
        var digest = [UInt8](repeating: 0, count: 20)
        let status = header.withUnsafeBufferPointer { h in
            bytes.withUnsafeBufferPointer { b in
                digest.withUnsafeMutableBufferPointer { d in
                    var code = mbedtls_sha1_starts_ret(&context)
                    if code == 0 { code = mbedtls_sha1_update_ret(&context, h.baseAddress, h.count) }
                    if code == 0, b.count > 0 { code = mbedtls_sha1_update_ret(&context, b.baseAddress, b.count) }
                    if code == 0 { code = mbedtls_sha1_finish_ret(&context, d.baseAddress) }
                    return code
                }
            }
        }
        guard status == 0 else { throw GitError(function: "mbedtls_sha1", code: status, message: "SHA-1 failed") }
        return digest.withUnsafeBytes { ObjectID(bytes: $0.baseAddress!) }
    }

    /// Takes over the objects `other` (another handle of the same repository, no longer used
    /// by any other thread) wrote and has not persisted, as if written here: readable at once,
    /// written with the rest. `other` forgets them.
    public func adopt(objectsOf other: Repository) throws {
        defer { other.discardObjects() }
        pending.reserveCapacity(pending.count + other.pending.count)
        pendingBytes.reserveCapacity(pendingBytes.count + other.pending.count)
        for (k, object) in other.pending.enumerated() where pendingIndex[object.id] == nil {
            track(object.type, object.id, other.pendingBytes[k])
        }
    }

    /// Records an object as pending.
    private func track(_ type: GitObjectType, _ id: ObjectID, _ bytes: [UInt8]) {
        pendingIndex[id] = pending.count
        pending.append((type, id))
        pendingBytes.append(bytes)
    }

    /// Makes the pending objects readable through libgit2 as well (its in-memory backend):
    /// called before every libgit2 call that may read an object (a lookup, a walk, a push,
    /// reference writes, which check their targets).
    func exposePending() throws(GitError) {
        guard exposed < pending.count else { return }
        for k in exposed..<pending.count {
            var oid = git_oid(pending[k].id)
            try addToMempack(&oid, pendingBytes[k], pending[k].type)
        }
        exposed = pending.count
    }

    private func addToMempack(_ oid: inout git_oid, _ bytes: [UInt8], _ type: GitObjectType) throws(GitError) {
        if mempack == nil {
            var backend: UnsafeMutablePointer<git_odb_backend>?
            try check(git_mempack_new(&backend), "git_mempack_new")
            try check(git_odb_add_backend(odb, backend, 999), "git_odb_add_backend")
            mempack = backend
        }
        guard let backend = mempack, let write = backend.pointee.write else {
            throw GitError(function: "git_odb_backend.write", code: -1, message: "the in-memory object backend cannot write")
        }
        let code = bytes.withUnsafeBytes { raw in write(backend, &oid, raw.baseAddress, raw.count, type.raw) }
        try check(code, "git_mempack.write")
    }

    /// Runs `body` with SIGINT and SIGTERM held back, so that Ctrl-C cannot cut a pack or a
    /// reference transaction in half (and leave a `.lock` file behind); a signal that arrived
    /// meanwhile is delivered when `body` is done.
    public static func withSignalsDeferred<T>(_ body: () throws -> T) rethrows -> T {
        var block = sigset_t(), previous = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGINT)
        sigaddset(&block, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// Writes the objects created since the last call into the repository as one pack file and
    /// its index (`PackWriter`, which renames the finished `.pack` and `.idx` into place).
    public func persistObjects() throws {
        defer { discardObjects() }
        try writePack(Array(pending.indices))
    }

    /// Writes only the new objects that `commit` reaches (a commit made on top of existing
    /// history: what lies below an existing object exists too), and forgets the others.
    public func persistObjects(reachableFrom commit: ObjectID) throws {
        defer { discardObjects() }
        var keep: [Int] = []
        var stack = [commit]
        var visited = Set<ObjectID>()
        while let id = stack.popLast() {
            guard visited.insert(id).inserted, let index = pendingIndex[id] else { continue }
            keep.append(index)
            let bytes = pendingBytes[index]
            switch pending[index].type {
            case .commit:
                if let links = RawCommit.header(bytes) { stack.append(links.tree) }
            case .tree:
                stack += RawTree.entries(bytes).map(\.id)
            default:
                break
            }
        }
        try writePack(keep.sorted())
    }

    /// Blobs from this size on are packed without compression, like commits (see `writePack`).
    static let storedBlobSize = 64 << 10

    /// Whether an object of `type` and `size` bytes is packed in zlib's stored blocks rather
    /// than compressed: commits (see `finishedPack`), and any object from `storedBlobSize` on.
    static func packsStored(_ type: GitObjectType, size: Int) -> Bool {
        type == .commit || size >= storedBlobSize
    }

    /// From this many objects on, `writePack` writes two packs at once.
    static let twoPacksFrom = 16_384

    /// Packs the pending objects at positions `objects` (of `pending`) into a pack file streamed into the repository; many objects
    /// into two packs, the second made on another thread (a 40-component split of symfony
    /// writes 67,000 commits, 39 MB: hashing, checksumming and storing them took a fifth of the
    /// run, on one core). Both are finished before either is installed.
    private func writePack(_ objects: [Int]) throws {
        guard !objects.isEmpty else { return }
        // What the run read of the packs is not needed to write: while the new packs are made
        // (57 MB for 40 components of symfony), those pages would count too.
        releaseReadPages()
        let folder = Self.packFolder(gitDirectory)
        let items = objects.map { (type: pending[$0].type, id: pending[$0].id, bytes: pendingBytes[$0]) }
        // Halves of about the same size in bytes (caches' layers, hundreds of kilobytes each,
        // come last).
        var half = items.count
        if items.count >= Self.twoPacksFrom {
            let total = items.reduce(0) { $0 + $1.bytes.count }
            var sum = 0
            half = 0
            while half < items.count - 1, 2 * (sum + items[half].bytes.count) <= total {
                sum += items[half].bytes.count
                half += 1
            }
        }
        let second = PackJob(folder: folder, items: Array(items[half...]))
        if !second.items.isEmpty { second.start() }
        let first = Result { try Self.finishedPack(folder: folder, items: items[..<half]) }
        let other = second.items.isEmpty ? nil : second.join()
        let pack = try first.get()
        let otherPack = try other?.get()
        try pack.install()
        try otherPack?.install()
        try check(git_odb_refresh(odb), "git_odb_refresh")
        packReader = PackReader(objectsFolder: objectsFolder)
    }

    /// A finished (not installed) pack of `items`. Commits and large blobs are stored without
    /// compression (zlib's stored blocks). Large blobs written here are split caches' layers
    /// (sorted commit ids and indexes): they barely compress, and stored uncompressed every
    /// later run inflates them at the speed of a copy (an incremental run of 40 components
    /// reads 40 of them). Split commits compress to 62% of their size at zlib's fastest level,
    /// and compressing them took 1.0 s of a 40-component split of symfony (67,000 commits,
    /// 39 MB) where storing takes 0.05 s: the pack is 16 MB larger (`git repack -a -d -f`
    /// recompresses it).
    fileprivate static func finishedPack(folder: String, items: ArraySlice<(type: GitObjectType, id: ObjectID, bytes: [UInt8])>) throws -> PackWriter {
        let pack = try PackWriter(packFolder: folder, objectCount: items.count)
        for item in items {
            try pack.append(type: item.type, content: item.bytes, id: item.id, stored: packsStored(item.type, size: item.bytes.count))
        }
        try pack.finish()
        return pack
    }

    static func packFolder(_ gitDirectory: String) -> String {
        (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "objects/pack"
    }

    /// Gives back the pages of the packs read so far: they count as this process's memory
    /// until then, and later reads fault them in again from the kernel's cache.
    public func releaseReadPages() {
        packReader.releasePages()
    }

    /// A blob this repository's packs hold in zlib's stored blocks, read where it lies in the
    /// mapped pack (see `PackReader.mappedBlob`); nil for any other object.
    public func mappedBlob(_ id: ObjectID) -> MappedBytes? {
        packReader.mappedBlob(id)
    }

    /// How this repository's packs store `id`, to copy it into another pack as it is; nil when
    /// no pack holds it (see `PackReader.storedEntry`).
    func storedEntry(_ id: ObjectID) throws(GitError) -> PackReader.StoredEntry? {
        try packReader.storedEntry(id)
    }

    /// Which of this repository's packs holds `id` (see `PackReader.pack(of:)`).
    func pack(of id: ObjectID) -> Int? {
        packReader.pack(of: id)
    }

    /// The bytes of an object created since the last `persistObjects()`, nil for any other.
    func pendingObject(_ id: ObjectID) -> [UInt8]? {
        pendingIndex[id].map { pendingBytes[$0] }
    }

    /// Forgets the objects created since the last `persistObjects()`.
    public func discardObjects() {
        if let mempack { git_mempack_reset(mempack) }
        exposed = 0
        pending.removeAll()
        pendingBytes.removeAll()
        pendingIndex.removeAll()
    }

    /// The entries of the tree at `path` ("" for the root) in `commit`'s tree; nil when there is
    /// no folder at that path.
    public func treeEntries(commit: ObjectID, path: String) throws -> [TreeEntry]? {
        guard let folder = try entry(at: path, inTree: try tree(of: commit)), folder.isTree else { return nil }
        return try treeEntries(tree: folder.id)
    }

    /// The entry at `path` ("" for the tree itself) below `tree`, nil when there is none.
    public func entry(at path: String, inTree tree: ObjectID) throws -> TreeEntry? {
        if path.isEmpty { return TreeEntry(name: "", mode: 0o040000, id: tree) }
        try exposePending()
        var oid = git_oid(tree)
        var treeObject: OpaquePointer?
        try check(git_tree_lookup(&treeObject, handle, &oid), "git_tree_lookup")
        defer { git_tree_free(treeObject) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, treeObject, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        return TreeEntry(
            name: String(cString: git_tree_entry_name(entry)),
            mode: UInt32(git_tree_entry_filemode(entry).rawValue),
            id: ObjectID(git_tree_entry_id(entry).pointee)
        )
    }

    /// The entries of a tree.
    public func treeEntries(tree: ObjectID) throws -> [TreeEntry] {
        try exposePending()
        var oid = git_oid(tree)
        var treeObject: OpaquePointer?
        try check(git_tree_lookup(&treeObject, handle, &oid), "git_tree_lookup")
        defer { git_tree_free(treeObject) }
        var out: [TreeEntry] = []
        for i in 0..<git_tree_entrycount(treeObject) {
            let entry = git_tree_entry_byindex(treeObject, i)
            out.append(TreeEntry(
                name: String(cString: git_tree_entry_name(entry)),
                mode: UInt32(git_tree_entry_filemode(entry).rawValue),
                id: ObjectID(git_tree_entry_id(entry).pointee)
            ))
        }
        return out
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        try withObject(id, type: .blob) { Array($0.bindMemory(to: UInt8.self)) }
    }

    // MARK: - Revisions and references

    /// Resolves a revision to the commit it names (peeling tags), like `git rev-parse REV^{commit}`;
    /// nil when it names nothing. Throws `GitError` for an ambiguous or invalid revision, and
    /// `RepositoryError.wrongType` when it names a tree or blob.
    public func resolveCommit(_ revision: String) throws -> ObjectID? {
        try exposePending()
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_revparse_single")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peelCode = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        if peelCode < 0 {
            let id = ObjectID(git_object_id(object).pointee)
            throw RepositoryError.wrongType(id, expected: "commit")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// The commit a reference points to (peeled), or nil when it does not exist.
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_reference_name_to_id")
        return ObjectID(oid)
    }

    /// True when `name` is a valid full reference name.
    public static func isValidReferenceName(_ name: String) -> Bool {
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, name) == 0 && valid == 1
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        try exposePending()
        var a = git_oid(ancestor)
        var d = git_oid(descendant)
        return try check(git_graph_descendant_of(handle, &d, &a), "git_graph_descendant_of") == 1
    }

    /// Updates references in one libgit2 transaction: all are locked, their current targets
    /// checked against `expected`, then all are written.
    public func updateReferences(_ updates: [ReferenceUpdate]) throws {
        guard !updates.isEmpty else { return }
        try exposePending()
        var tx: OpaquePointer?
        try check(git_transaction_new(&tx, handle), "git_transaction_new")
        defer { git_transaction_free(tx) }
        for update in updates {
            try check(git_transaction_lock_ref(tx, update.name), "git_transaction_lock_ref")
            if try referenceTarget(update.name) != update.expected {
                throw RepositoryError.referenceMoved(update.name)
            }
        }
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, handle) < 0 {
            try check(git_signature_now(&signature, "carve", "carve@localhost"), "git_signature_now")
        }
        defer { git_signature_free(signature) }
        for update in updates {
            var oid = git_oid(update.target)
            try check(git_transaction_set_target(tx, update.name, &oid, signature, update.message), "git_transaction_set_target")
        }
        try check(git_transaction_commit(tx), "git_transaction_commit")
    }
}

extension git_oid {
    init(_ id: ObjectID) {
        self.init()
        withUnsafeMutableBytes(of: &self.id) { dst in
            dst.storeBytes(of: id.a.bigEndian, toByteOffset: 0, as: UInt64.self)
            dst.storeBytes(of: id.b.bigEndian, toByteOffset: 8, as: UInt64.self)
            dst.storeBytes(of: id.c.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
    }
}

extension ObjectID {
    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { ObjectID(bytes: $0.baseAddress!) }
    }
}

/// The second pack of `Repository.writePack`, made on a thread of its own: it touches only its
/// items (arrays no one changes meanwhile) and its own files.
private final class PackJob: @unchecked Sendable {
    let folder: String
    let items: [(type: GitObjectType, id: ObjectID, bytes: [UInt8])]
    private var outcome: Result<PackWriter, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(folder: String, items: [(type: GitObjectType, id: ObjectID, bytes: [UInt8])]) {
        self.folder = folder
        self.items = items
    }

    func start() {
        Thread { [self] in
            outcome = Result { try Repository.finishedPack(folder: folder, items: items[...]) }
            done.signal()
        }.start()
    }

    func join() -> Result<PackWriter, Error> {
        done.wait()
        return outcome!
    }
}
