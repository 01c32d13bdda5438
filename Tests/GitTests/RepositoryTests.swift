import Foundation
import Git
import Model
import Testing

/// The libgit2 wrapper on a real repository made by git.
@Suite final class RepositoryTests {
    let directory: URL
    let runtime: GitRuntime

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carve-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dir = directory
        try Self.git(dir, "init", "-q", "-b", "main")
        let stream = """
            commit refs/heads/main
            mark :1
            committer C <c@x> 1112911993 -0700
            data 4
            one
            M 100644 inline Lib/a
            data 2
            a

            """
        try Self.git(dir, "fast-import", "--quiet", input: stream)
        runtime = try GitRuntime()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func git(_ args: String..., input: String? = nil) throws -> String {
        try Self.git(directory, args, input: input)
    }

    @discardableResult
    static func git(_ directory: URL, _ args: String..., input: String? = nil) throws -> String {
        try git(directory, args, input: input)
    }

    @discardableResult
    static func git(_ directory: URL, _ args: [String], input: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        p.environment = env
        let out = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardInput = inp
        p.standardError = FileHandle.nullDevice
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func resolvesRevisionsAndRefusesNonCommits() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let head = try #require(try repo.resolveCommit("main"))
        #expect(head.hex == (try git("rev-parse", "main")))
        #expect(try repo.resolveCommit("no-such-branch") == nil)
        #expect(throws: RepositoryError.self) { try repo.resolveCommit("main^{tree}") }
        #expect(repo.objectType(head) == .commit)
    }

    @Test func objectsReachDiskOnlyWhenPersisted() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let id = try repo.write(Array("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\n\nx\n".utf8), type: .commit)
        #expect(try repo.withObject(id, type: .commit) { $0.count } > 0, "readable in memory")
        #expect(throws: (any Error).self) { try git("cat-file", "-e", id.hex) }
        try repo.persistObjects()
        try git("cat-file", "-e", id.hex)
    }

    @Test func writtenObjectsHaveGitsIds() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let commit = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor \u{C9}mile <e@x> 3 +0100\ncommitter C <c@x> 3 +0100\n\nz\u{0}\u{FF}\n"
        let blob = "caf\u{E9}\n"
        for (text, type, name) in [(commit, GitObjectType.commit, "commit"), (blob, .blob, "blob"), ("", .blob, "blob")] {
            let id = try repo.write(Array(text.utf8), type: type)
            #expect(id.hex == (try git("hash-object", "-t", name, "--literally", "--stdin", input: text)))
            #expect(try Repository.hash(Array(text.utf8), type: type) == id)
        }
    }

    @Test func objectsNotPersistedYetAreReadByLibgit2Calls() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let head = try #require(try repo.resolveCommit("main"))
        let tree = try repo.tree(of: head)
        let child = try repo.write(Array("tree \(tree.hex)\nparent \(head.hex)\nauthor A <a> 4 +0000\ncommitter A <a> 4 +0000\n\nchild\n".utf8), type: .commit)
        // Each of these asks libgit2, which reads the commit only if it was handed the objects.
        #expect(try repo.tree(of: child) == tree)
        #expect(try repo.isAncestor(head, of: child))
        #expect(try repo.history(of: child) == [head, child])
        #expect(try repo.resolveCommit(child.hex) == child)
        let grandchild = try repo.write(Array("tree \(tree.hex)\nparent \(child.hex)\nauthor A <a> 5 +0000\ncommitter A <a> 5 +0000\n\ngrandchild\n".utf8), type: .commit)
        #expect(try repo.isAncestor(child, of: grandchild), "written after the first hand-over")
        try repo.updateReferences([ReferenceUpdate(name: "refs/heads/next", target: grandchild, expected: nil, message: "test")])
        repo.discardObjects()
        #expect(throws: (any Error).self) { try repo.tree(of: child) }
        #expect(repo.objectType(child) == nil)
    }

    @Test func adoptedObjectsAreReadableAndPersisted() throws {
        let main = try Repository(path: directory.path, runtime: runtime)
        let helper = try Repository(path: directory.path, runtime: runtime)
        let head = try #require(try main.resolveCommit("main"))
        let tree = try main.tree(of: head)
        let commit = try helper.write(Array("tree \(tree.hex)\nparent \(head.hex)\nauthor A <a> 6 +0000\ncommitter A <a> 6 +0000\n\nhelper\n".utf8), type: .commit)
        let blob = try helper.write(Array("helper blob\n".utf8), type: .blob)
        #expect(try helper.isAncestor(head, of: commit))
        try main.adopt(objectsOf: helper)
        #expect(helper.objectType(blob) == nil, "the helper forgets them")
        #expect(main.objectType(blob) == .blob)
        #expect(try main.blob(blob) == Array("helper blob\n".utf8))
        #expect(try main.isAncestor(head, of: commit))
        #expect(throws: RepositoryError.wrongType(blob, expected: "commit")) { try main.withObject(blob, type: .commit) { $0.count } }
        try main.persistObjects()
        try git("cat-file", "-e", commit.hex)
        #expect(try git("cat-file", "blob", blob.hex) == "helper blob")
    }

    @Test func discardedObjectsNeverReachDisk() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let id = try repo.write(Array("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a> 2 +0000\ncommitter A <a> 2 +0000\n\ny\n".utf8), type: .commit)
        repo.discardObjects()
        try repo.persistObjects()
        #expect(throws: (any Error).self) { try git("cat-file", "-e", id.hex) }
    }

    @Test func referenceTransactionChecksTheExpectedTarget() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let head = try #require(try repo.resolveCommit("main"))
        try repo.updateReferences([ReferenceUpdate(name: "refs/heads/split", target: head, expected: nil, message: "test")])
        #expect(try git("rev-parse", "split") == head.hex)
        #expect(throws: RepositoryError.referenceMoved("refs/heads/split")) {
            try repo.updateReferences([ReferenceUpdate(name: "refs/heads/split", target: head, expected: nil, message: "test")])
        }
        #expect(Repository.isValidReferenceName("refs/heads/ok"))
        #expect(!Repository.isValidReferenceName("refs/heads/bad..name"))
    }

    @Test func treesAreEncodedAndEditedLikeGit() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let head = try #require(try repo.resolveCommit("main"))
        let root = try repo.tree(of: head)
        // git's own bytes of a tree round-trip through the one encoder (order: "Lib" sorts as "Lib/").
        let raw = try repo.withObject(root, type: .tree) { Array($0.bindMemory(to: UInt8.self)) }
        #expect(RawTree.encode(RawTree.entries(raw)) == raw)
        let a = try #require(try repo.entry(at: "Lib/a", inTree: root))
        let edited = try repo.editTree(root, [
            "Lib/b": .entry(a.id, mode: 0o100755),
            "Lib-x": .entry(a.id, mode: 0o100644),
            "Docs/deep/c": .entry(a.id, mode: 0o100644),
        ])
        try repo.persistObjects()
        #expect(try git("ls-tree", "-r", "--name-only", edited.hex) == "Docs/deep/c\nLib-x\nLib/a\nLib/b")
        try git("fsck", "--strict", "--no-dangling")
        #expect(try repo.files(under: "Lib", in: edited).map(\.path) == ["Lib/a", "Lib/b"])
        #expect(try repo.files(under: "Lib", in: edited).map(\.mode) == [0o100644, 0o100755])
        #expect(try repo.files(under: "Lib/a", in: edited).isEmpty, "a file is not a folder")
        let emptied = try repo.editTree(edited, ["Lib": .remove, "Lib-x": .remove, "Docs/deep/c": .remove])
        #expect(emptied.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "folders left empty vanish")
    }

    @Test func commitsAreParsedLikeGit() throws {
        let repo = try Repository(path: directory.path, runtime: runtime)
        let head = try #require(try repo.resolveCommit("main"))
        let raw = try repo.withObject(head, type: .commit) { Array($0.bindMemory(to: UInt8.self)) }
        let header = try #require(RawCommit.header(raw))
        #expect(header.tree.hex == (try git("rev-parse", "main^{tree}")))
        #expect(header.parents.isEmpty)
        #expect(header.date == 1_112_911_993)
        let fields = RawCommit.fields(raw)
        #expect(fields.committer.map { String(decoding: $0.date, as: UTF8.self) } == "1112911993 -0700")
        #expect(fields.committer?.tz == -700)
        #expect(String(decoding: fields.message, as: UTF8.self) == "one\n")
        // A commit dated like it carries its committer date and zone.
        let made = try repo.writeCommit(tree: header.tree, parents: [head], message: "two", datedLike: head)
        try repo.persistObjects()
        #expect(try git("log", "-1", "--format=%cd", "--date=raw", made.hex) == "1112911993 -0700")
        #expect(try git("rev-parse", made.hex + "^") == head.hex)
    }
}
