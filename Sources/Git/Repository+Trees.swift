import Clibgit2
import Foundation
import Model

extension Repository {
    /// The root tree of a commit.
    public func tree(of commit: ObjectID) throws -> ObjectID {
        try exposePending()
        var oid = git_oid(commit)
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, handle, &oid), "git_commit_lookup")
        defer { git_commit_free(object) }
        return ObjectID(git_commit_tree_id(object).pointee)
    }

    /// Writes a tree of `entries` (git's order: by name, a folder's name compared as if it
    /// ended in '/').
    public func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        try write(RawTree.encode(entries), type: .tree)
    }

    /// The regular files (modes 100644 and 100755) below `folder` ("" for all) of a tree,
    /// recursively, with their paths from the tree's root; empty when `folder` is not a folder.
    public func files(under folder: String, in tree: ObjectID) throws -> [TreeFile] {
        guard let start = try entry(at: folder, inTree: tree), start.isTree else { return [] }
        var out: [TreeFile] = []
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            for e in try treeEntries(tree: tree) {
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

    /// Writes `base` with `changes` applied (paths relative to its root, '/'-separated); folders
    /// left empty vanish, and an empty result is the empty tree.
    public func editTree(_ base: ObjectID, _ changes: [String: TreeChange]) throws -> ObjectID {
        try edit(base, changes.map { (path: $0.key.split(separator: "/").map(String.init), change: $0.value) }) ?? writeTree([])
    }

    /// Applies changes to a tree (nil base: none yet); nil when the result is empty.
    private func edit(_ base: ObjectID?, _ changes: [(path: [String], change: TreeChange)]) throws -> ObjectID? {
        var entries: [String: TreeEntry] = [:]
        if let base {
            for e in try treeEntries(tree: base) { entries[e.name] = e }
        }
        var deeper: [String: [(path: [String], change: TreeChange)]] = [:]
        // Changes at this level first, so that a folder put here can then be edited inside.
        for (path, change) in changes where path.count == 1 {
            switch change {
            case .remove:
                entries[path[0]] = nil
            case .entry(let id, let mode):
                entries[path[0]] = TreeEntry(name: path[0], mode: mode, id: id)
            }
        }
        for (path, change) in changes where path.count > 1 {
            deeper[path[0], default: []].append((Array(path.dropFirst()), change))
        }
        for (name, inner) in deeper {
            let current = entries[name].flatMap { $0.isTree ? $0.id : nil }
            if let tree = try edit(current, inner) {
                entries[name] = TreeEntry(name: name, mode: 0o040000, id: tree)
            } else {
                entries[name] = nil
            }
        }
        if entries.isEmpty { return nil }
        return try writeTree(Array(entries.values))
    }

    /// Writes a commit with the user's identity from the git configuration (or Carve's own
    /// when there is none) as author and committer, dated like the committer date of
    /// `datedLike`, so that running the same command again makes the same commit.
    public func writeCommit(tree: ObjectID, parents: [ObjectID], message: String, datedLike: ObjectID) throws -> ObjectID {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, handle) < 0 {
            try check(git_signature_now(&signature, "Carve", "carve@localhost"), "git_signature_now")
        }
        defer { git_signature_free(signature) }
        let s = signature!.pointee
        let committer = try withObject(datedLike, type: .commit) { RawCommit.fields(Array($0.bindMemory(to: UInt8.self))).committer }
        let date = committer.map { String(decoding: $0.date, as: UTF8.self) } ?? "0 +0000"
        let person = "\(String(cString: s.name)) <\(String(cString: s.email))> \(date)"
        var text = "tree \(tree.hex)\n"
        for parent in parents { text += "parent \(parent.hex)\n" }
        text += "author \(person)\ncommitter \(person)\n\n\(message)"
        if !message.hasSuffix("\n") { text += "\n" }
        return try write(Array(text.utf8), type: .commit)
    }

    /// The commit `refs/heads/main` names in the repository at `path`, nil when there is no
    /// repository there or no such branch.
    public func mainOfRepository(at path: String) -> ObjectID? {
        var other: OpaquePointer?
        guard git_repository_open_ext(&other, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil) == 0 else { return nil }
        defer { git_repository_free(other) }
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, other, "refs/heads/main") == 0 else { return nil }
        return ObjectID(oid)
    }

    /// The commits reachable from `head`, oldest first (git's topological order).
    public func history(of head: ObjectID) throws -> [ObjectID] {
        try exposePending()
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "git_revwalk_sorting")
        var oid = git_oid(head)
        try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
        var out: [ObjectID] = []
        var next = git_oid()
        while git_revwalk_next(&next, walk) == 0 { out.append(ObjectID(next)) }
        return out
    }

    /// The unified diff (`git diff` patch format) between two trees.
    public func diff(from old: ObjectID, to new: ObjectID) throws -> String {
        try exposePending()
        var a = git_oid(old), b = git_oid(new)
        var oldTree: OpaquePointer?, newTree: OpaquePointer?
        try check(git_tree_lookup(&oldTree, handle, &a), "git_tree_lookup")
        defer { git_tree_free(oldTree) }
        try check(git_tree_lookup(&newTree, handle, &b), "git_tree_lookup")
        defer { git_tree_free(newTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, oldTree, newTree, nil), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_diff_to_buf(&buffer, diff, GIT_DIFF_FORMAT_PATCH), "git_diff_to_buf")
        guard let pointer = buffer.ptr else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: buffer.size), as: UTF8.self)
    }

    /// Writes the files of a tree into `directory` (created), with their modes and symlinks;
    /// submodules become empty folders.
    public func export(tree: ObjectID, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for entry in try treeEntries(tree: tree) {
            // A crafted tree could name `..`, `.git` or a path with '/': never write outside.
            let lower = entry.name.lowercased()
            guard !entry.name.isEmpty, entry.name != ".", entry.name != "..", lower != ".git", !entry.name.contains("/") else {
                throw RepositoryError.unsafePath(entry.name)
            }
            let path = directory + "/" + entry.name
            switch entry.mode {
            case 0o040000:
                try export(tree: entry.id, to: path)
            case 0o120000:
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: String(decoding: blob(entry.id), as: UTF8.self))
            case 0o160000:
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            default:
                let bytes = try blob(entry.id)
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: entry.mode == 0o100755 ? 0o755 : 0o644]) else {
                    throw RepositoryError.cannotWrite(path)
                }
            }
        }
    }

    /// Creates a repository at `path` (a folder that must not exist yet) whose `main` is
    /// `head`, with every object it reaches copied from this repository as one pack, an
    /// optional tag on `head`, and `main` checked out. With `newObjectsOf`, objects that
    /// repository created and has not written yet are read from it (this handle may then run on
    /// another thread, while that one only reads).
    public func createRepository(at path: String, head: ObjectID, tag: String?, newObjectsOf source: Repository? = nil) throws {
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var created: OpaquePointer?
        try "main".withCString { main in
            options.initial_head = main
            try check(git_repository_init_ext(&created, path, &options), "git_repository_init_ext")
        }
        defer { git_repository_free(created) }

        // Objects created and not written yet are read from the handle that made them (this one
        // without `newObjectsOf`) and packed from its bytes.
        let maker = source ?? self
        func read(_ id: ObjectID, _ type: GitObjectType) throws -> [UInt8] {
            try withObject(id, type: type) { Array($0.bindMemory(to: UInt8.self)) }
        }
        // Every object `head` reaches, in one pack (no delta search: a split is written once).
        var newODB: OpaquePointer?
        try check(git_repository_odb(&newODB, created), "git_repository_odb")
        defer { git_odb_free(newODB) }
        let pack = try PackWriter(packFolder: Self.packFolder(String(cString: git_repository_path(created))))
        var objects: [(id: ObjectID, type: GitObjectType, new: [UInt8]?)] = []
        var seen = Set<ObjectID>()
        func visitTree(_ id: ObjectID) throws {
            guard seen.insert(id).inserted else { return }
            let new = maker.pendingObject(id)
            objects.append((id, .tree, new))
            for entry in RawTree.entries(try new ?? read(id, .tree)) {
                if entry.mode == 0o040000 {
                    try visitTree(entry.id)
                } else if entry.mode != 0o160000, seen.insert(entry.id).inserted {
                    objects.append((entry.id, .blob, maker.pendingObject(entry.id)))
                }
            }
        }
        var commits = [head]
        while let commit = commits.popLast() {
            guard seen.insert(commit).inserted else { continue }
            let new = maker.pendingObject(commit)
            objects.append((commit, .commit, new))
            let raw = try new ?? read(commit, .commit)
            guard let links = RawCommit.header(raw) else { throw RepositoryError.wrongType(commit, expected: "commit") }
            commits += links.parents
            try visitTree(links.tree)
        }
        // A new object is packed from its bytes, compressed or not as `writePack` would. Any
        // other is copied as this repository's packs store it where that is whole, or a delta
        // on an object copied too from the same pack (then as a delta on that object's id);
        // one stored otherwise is inflated and compressed again. Blobs are most of the bytes,
        // and were most of the time of `batch --all` on the 50,000-commit benchmark (60
        // repositories: zlib 48% of the samples, deflating each blob again and inflating it
        // first).
        for object in objects {
            if let new = object.new {
                try pack.append(type: object.type, content: new, id: object.id, stored: Self.packsStored(object.type, size: new.count))
                continue
            }
            if let stored = try storedEntry(object.id) {
                if let type = stored.type, type == object.type.packCode {
                    try pack.appendCopied(id: object.id, header: Array(stored.header), data: stored.data, dataCRC: stored.dataCRC)
                    continue
                }
                // The base's own entry is checked when it is copied (it is among `objects`).
                if let base = stored.base, seen.contains(base), self.pack(of: base) == stored.pack {
                    var header = Array(stored.header)
                    header[0] = header[0] & 0x8F | 7 << 4
                    try pack.appendCopied(id: object.id, header: header + base.raw, data: stored.data, dataCRC: stored.dataCRC)
                    continue
                }
            }
            let content = try read(object.id, object.type)
            try pack.append(type: object.type, content: content, id: object.id, stored: Self.packsStored(object.type, size: content.count))
        }
        try pack.install()
        try check(git_odb_refresh(newODB), "git_odb_refresh")
        var oid = git_oid(head)

        var reference: OpaquePointer?
        try check(git_reference_create(&reference, created, "refs/heads/main", &oid, 0, "carve extract"), "git_reference_create")
        git_reference_free(reference)
        if let tag {
            try check(git_reference_create(&reference, created, "refs/tags/\(tag)", &oid, 0, "carve extract"), "git_reference_create")
            git_reference_free(reference)
        }
        var checkout = git_checkout_options()
        try check(git_checkout_options_init(&checkout, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        checkout.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check(git_checkout_head(created, &checkout), "git_checkout_head")
    }
}
