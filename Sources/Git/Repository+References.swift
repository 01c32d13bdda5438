import Clibgit2
import Foundation
import Model

/// A reference of the repository, with what it points to.
public struct LocalReference: Sendable, Equatable {
    /// Its full name (`refs/tags/v1.0`).
    public var name: String
    /// Its direct target (for an annotated tag: the tag object).
    public var target: ObjectID
}

extension Repository {
    /// The references whose full names match `glob` (`refs/tags/*`), sorted by name; symbolic
    /// references are left out.
    public func references(matching glob: String) throws -> [LocalReference] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var out: [LocalReference] = []
        var ref: OpaquePointer?
        while true {
            let code = git_reference_next(&ref, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "git_reference_next")
            defer { git_reference_free(ref) }
            guard git_reference_type(ref) == GIT_REFERENCE_DIRECT, let oid = git_reference_target(ref) else { continue }
            out.append(LocalReference(name: String(cString: git_reference_name(ref)), target: ObjectID(oid.pointee)))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// The full name of the reference `revision` names when it names a branch (`HEAD` on a branch,
    /// `main`, `refs/heads/main`, `origin/main`), nil for anything else (a tag, an id, a detached HEAD).
    public func branchReference(named revision: String) -> String? {
        var object: OpaquePointer?
        var reference: OpaquePointer?
        try? exposePending()
        guard git_revparse_ext(&object, &reference, handle, revision) == 0 else { return nil }
        git_object_free(object)
        guard let reference else { return nil }
        defer { git_reference_free(reference) }
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, reference) == 0 else { return nil }
        defer { git_reference_free(resolved) }
        let name = String(cString: git_reference_name(resolved))
        return name.hasPrefix("refs/heads/") || name.hasPrefix("refs/remotes/") ? name : nil
    }

    /// Writes an object straight into the object database (a loose object), bypassing the
    /// in-memory pack: for a scratch repository.
    @discardableResult
    public func writeLoose(_ bytes: [UInt8], type: GitObjectType) throws -> ObjectID {
        var database: OpaquePointer?
        try check(git_repository_odb(&database, handle), "git_repository_odb")
        defer { git_odb_free(database) }
        var oid = git_oid()
        _ = try bytes.withUnsafeBytes { raw in
            try check(git_odb_write(&oid, database, raw.baseAddress, raw.count, type.raw), "git_odb_write")
        }
        return ObjectID(oid)
    }

    /// Creates a bare repository at `path` whose objects come from `objectsOf` (through
    /// `objects/info/alternates`): a scratch repository that holds refs and a few objects of its
    /// own while reading everything else from the other one.
    public static func scratch(at path: String, objectsOf other: Repository, runtime: GitRuntime) throws -> Repository {
        var repo: OpaquePointer?
        try check(git_repository_init(&repo, path, 1), "git_repository_init")
        git_repository_free(repo)
        let folder = other.gitDirectory.hasSuffix("/") ? other.gitDirectory : other.gitDirectory + "/"
        let alternates = (path as NSString).appendingPathComponent("objects/info/alternates")
        guard FileManager.default.createFile(atPath: alternates, contents: Data((folder + "objects\n").utf8)) else {
            throw RepositoryError.cannotWrite(alternates)
        }
        return try Repository(path: path, runtime: runtime)
    }
}
