import Foundation
import Git
import Model
import Testing

/// Remotes through libgit2 on bare repositories: ls-remote, one push of several refs, the
/// server's refusal, a fetch that writes no ref, and scratch repositories over another's objects.
@Suite final class RemoteTests {
    let directory: URL
    let runtime: GitRuntime

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carve-remote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("source"), withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("source")
        try RepositoryTests.git(source, "init", "-q", "-b", "main")
        let stream = """
            commit refs/heads/main
            mark :1
            committer C <c@x> 1112911993 -0700
            data 4
            one
            M 100644 inline a
            data 2
            a

            commit refs/heads/main
            mark :2
            committer C <c@x> 1112912993 -0700
            data 4
            two
            from :1
            M 100644 inline a
            data 2
            b

            """
        try RepositoryTests.git(source, "fast-import", "--quiet", input: stream)
        try RepositoryTests.git(source, "tag", "v1", "main~1")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("remote.git"), withIntermediateDirectories: true)
        try RepositoryTests.git(directory.appendingPathComponent("remote.git"), "init", "-q", "--bare")
        runtime = try GitRuntime()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    var source: String { directory.appendingPathComponent("source").path }
    var remote: String { directory.appendingPathComponent("remote.git").path }

    @Test func listsPushesAndRefusesANonFastForward() throws {
        let repo = try Repository(path: source, runtime: runtime)
        #expect(try repo.listRemote(url: remote, credentials: RemoteCredentials()).isEmpty)
        try repo.push(url: "file://" + remote, refspecs: ["refs/heads/main:refs/heads/main", "refs/tags/v1:refs/tags/v1"], credentials: RemoteCredentials())
        let listed = try repo.listRemote(url: remote, credentials: RemoteCredentials())
        #expect(listed.map(\.name).sorted() == ["refs/heads/main", "refs/tags/v1"])
        #expect(listed.first { $0.name == "refs/heads/main" }?.target == (try repo.referenceTarget("refs/heads/main")))
        // main~1 onto main: not a fast-forward, refused unless forced.
        #expect(throws: RemoteError.self) {
            try repo.push(url: remote, refspecs: ["refs/tags/v1:refs/heads/main"], credentials: RemoteCredentials())
        }
        try repo.push(url: remote, refspecs: ["+refs/tags/v1:refs/heads/main"], credentials: RemoteCredentials())
        #expect(try RepositoryTests.git(directory.appendingPathComponent("remote.git"), "rev-parse", "main") == (try RepositoryTests.git(directory.appendingPathComponent("source"), "rev-parse", "v1")))
    }

    @Test func anUnreachableRemoteIsOneMessageWithoutTheSecret() throws {
        let repo = try Repository(path: source, runtime: runtime)
        let secret = "s3cr3t-token-value"
        do {
            _ = try repo.listRemote(url: "http://127.0.0.1:9/x.git", credentials: RemoteCredentials(token: secret))
            Issue.record("listed an unreachable remote")
        } catch let error as RemoteError {
            #expect(!error.isAuthentication)
            #expect(error.localizedDescription.contains("127.0.0.1"))
            #expect(!error.localizedDescription.contains(secret))
        }
    }

    @Test func aFetchBringsObjectsButWritesNoReference() throws {
        try RepositoryTests.git(directory.appendingPathComponent("source"), "push", "-q", remote, "main:refs/carve/cache/x")
        let clone = directory.appendingPathComponent("clone")
        try FileManager.default.createDirectory(at: clone, withIntermediateDirectories: true)
        try RepositoryTests.git(clone, "init", "-q")
        try RepositoryTests.git(clone, "remote", "add", "origin", remote)
        let repo = try Repository(path: clone.path, runtime: runtime)
        #expect(repo.hasRemote(named: "origin") && !repo.hasRemote(named: "nowhere"))
        let fetched = try repo.fetchObjects(remoteNamed: "origin", references: ["refs/carve/cache/x", "refs/carve/cache/absent"], credentials: RemoteCredentials())
        #expect(fetched.map(\.name) == ["refs/carve/cache/x"])
        let reopened = try Repository(path: clone.path, runtime: runtime)
        #expect(reopened.objectType(fetched[0].target) == .commit)
        #expect(try reopened.references(matching: "refs/*").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent(".git/FETCH_HEAD").path))
        // A FETCH_HEAD that was there stays as it was.
        try Data("kept\n".utf8).write(to: clone.appendingPathComponent(".git/FETCH_HEAD"))
        _ = try repo.fetchObjects(remoteNamed: "origin", references: ["refs/carve/cache/x"], credentials: RemoteCredentials())
        #expect(try String(contentsOf: clone.appendingPathComponent(".git/FETCH_HEAD"), encoding: .utf8) == "kept\n")
    }

    @Test func aScratchRepositoryReadsTheOthersObjects() throws {
        let repo = try Repository(path: source, runtime: runtime)
        let scratch = try Repository.scratch(at: directory.appendingPathComponent("scratch.git").path, objectsOf: repo, runtime: runtime)
        let head = try #require(try repo.referenceTarget("refs/heads/main"))
        #expect(scratch.objectType(head) == .commit)
        let tag = RawTag(object: head, name: "v2", tagger: Array("T <t@x> 1 +0000".utf8), message: Array("m\n".utf8))
        let id = try scratch.writeLoose(tag.encoded, type: .tag)
        #expect(id == (try Repository.hash(tag.encoded, type: .tag)))
        #expect(repo.objectType(id) == nil, "the tag object stays in the scratch repository")
        #expect(try repo.references(matching: "refs/tags/*").map(\.name) == ["refs/tags/v1"])
        #expect(repo.branchReference(named: "HEAD") == "refs/heads/main" && repo.branchReference(named: "v1") == nil)
    }
}
