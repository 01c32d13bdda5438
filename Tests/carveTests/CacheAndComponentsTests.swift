import Foundation
import Testing
import TestSupport

/// The incremental cache and many-component splits, through the built binary, checked against
/// cold runs and git subtree.
@Suite struct CacheAndComponentsTests {
    static let binary = CommandLineTests.binary

    func carve(_ arguments: [String], in repo: URL) throws -> String {
        let out = try Shell.run(Self.binary, arguments + ["--quiet"], in: repo)
        guard out.status == 0 else { throw ShellError.failed("carve \(arguments): \(out.stderr)") }
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func json(_ arguments: [String], in repo: URL) throws -> [String: Any] {
        let text = try carve(arguments + ["--json"], in: repo)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Adds a commit touching `path` on top of main, with fixed dates.
    func addCommit(_ repo: URL, path: String, content: String, message: String) throws {
        let blob = try Shell.git(["hash-object", "-w", "--stdin"], in: repo, input: Data(content.utf8))
        try Shell.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)"], in: repo)
        let tree = try Shell.git(["write-tree"], in: repo)
        var env = Shell.gitEnvironment
        env["GIT_AUTHOR_NAME"] = "N"; env["GIT_AUTHOR_EMAIL"] = "n@x"; env["GIT_AUTHOR_DATE"] = "1200000000 +0000"
        env["GIT_COMMITTER_NAME"] = "N"; env["GIT_COMMITTER_EMAIL"] = "n@x"; env["GIT_COMMITTER_DATE"] = "1200000000 +0000"
        let commit = try Shell.run("git", ["commit-tree", tree, "-p", "main", "-m", message], in: repo, environment: env)
        try Shell.git(["update-ref", "refs/heads/main", commit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)], in: repo)
    }

    @Test func secondRunIsIncrementalAndExact() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("bigger", into: temp)
        let first = try json(["split", "Sources/Lib"], in: repo)
        #expect(first["incremental"] as? Bool == false)
        #expect(try Shell.git(["for-each-ref", "refs/carve/cache"], in: repo).contains("refs/carve/cache/"))
        try Shell.git(["read-tree", "main"], in: repo)
        try addCommit(repo, path: "Sources/Lib/New.swift", content: "let n = 1\n", message: "new lib commit")
        let second = try json(["split", "Sources/Lib"], in: repo)
        #expect(second["incremental"] as? Bool == true)
        #expect(second["commitsWalked"] as? Int == 1)
        let cold = try carve(["split", "Sources/Lib", "--no-cache"], in: repo)
        #expect(second["head"] as? String == cold)
        #expect(try Oracle.subtreeSplit(repo: repo, prefix: "Sources/Lib", revision: "main") == cold)
        // The cache survives git gc: its ref keeps the split history alive.
        try Shell.git(["gc", "-q", "--prune=now"], in: repo)
        let afterGC = try json(["split", "Sources/Lib"], in: repo)
        #expect(afterGC["head"] as? String == cold)
    }

    /// A history long enough that the cache's blobs are stored uncompressed in the pack (from
    /// 64 KB: 14,000 commits make 280 KB of sources and 70 KB of values), which the next run
    /// reads where the pack holds them, a few parts at a time: the incremental run equals a
    /// cold one.
    @Test func largeCacheLayersAreReadInPlace() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("long")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Shell.git(["init", "-q", "-b", "main"], in: repo)
        var stream = ""
        for i in 0..<14_000 {
            stream += "commit refs/heads/main\ncommitter C <c@x> \(1_600_000_000 + i) +0000\ndata 2\nc\n"
            let path = i % 3 == 0 ? "Sources/Lib/a.swift" : "Other/b.txt"
            stream += "M 100644 inline \(path)\ndata \(String(i).utf8.count)\n\(i)\n\n"
        }
        try Shell.git(["fast-import", "--quiet"], in: repo, input: Data(stream.utf8))
        try Shell.git(["checkout", "-q", "main"], in: repo)
        let first = try json(["split", "Sources/Lib"], in: repo)
        #expect(first["incremental"] as? Bool == false)
        let ref = try Shell.git(["for-each-ref", "--format=%(refname)", "refs/carve/cache"], in: repo)
        let values = try Shell.git(["cat-file", "-s", "\(ref):layer-0000-values"], in: repo)
        #expect((Int(values) ?? 0) >= 64 << 10, "the values blob is stored uncompressed (\(values) bytes)")
        try Shell.git(["read-tree", "main"], in: repo)
        try addCommit(repo, path: "Sources/Lib/New.swift", content: "let n = 1\n", message: "new lib commit")
        let second = try json(["split", "Sources/Lib"], in: repo)
        #expect(second["incremental"] as? Bool == true)
        #expect(second["commitsWalked"] as? Int == 1)
        #expect(second["head"] as? String == (try carve(["split", "Sources/Lib", "--no-cache"], in: repo)))
    }

    @Test func rewrittenHistoryIsNotTrusted() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        _ = try carve(["split", "Sources/Lib"], in: repo)
        // Force-push style rewrite: main moves to an amended version of an older commit.
        try Shell.git(["read-tree", "main~2"], in: repo)
        try Shell.git(["update-ref", "refs/heads/main", "main~2"], in: repo)
        try addCommit(repo, path: "Sources/Lib/Rewritten.swift", content: "let r = 2\n", message: "rewritten")
        let warm = try carve(["split", "Sources/Lib"], in: repo)
        let cold = try carve(["split", "Sources/Lib", "--no-cache"], in: repo)
        #expect(warm == cold)
        #expect(try Oracle.subtreeSplit(repo: repo, prefix: "Sources/Lib", revision: "main") == cold)
    }

    @Test func corruptCacheIsIgnored() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("feature-noff", into: temp)
        let expected = try carve(["split", "Sources/Lib"], in: repo)
        let ref = try Shell.git(["for-each-ref", "--format=%(refname)", "refs/carve/cache"], in: repo)
        // Replace the cache's values with garbage of the same shape.
        let garbage = try Shell.git(["hash-object", "-w", "--stdin"], in: repo, input: Data("CARVE-VAL-2\n\u{1}\0\0\0garbage-garbage-garbage-garbage-garbage!12345678".utf8))
        let meta = try Shell.git(["rev-parse", "\(ref):meta"], in: repo)
        let sources = try Shell.git(["rev-parse", "\(ref):layer-0000-sources"], in: repo)
        let tree = try Shell.git(["mktree"], in: repo, input: Data("100644 blob \(sources)\tlayer-0000-sources\n100644 blob \(garbage)\tlayer-0000-values\n100644 blob \(meta)\tmeta\n".utf8))
        let commit = try Shell.git(["commit-tree", tree, "-m", "corrupt"], in: repo)
        try Shell.git(["update-ref", ref, commit], in: repo)
        let again = try json(["split", "Sources/Lib"], in: repo)
        #expect(again["head"] as? String == expected)
        #expect(again["incremental"] as? Bool == false)
    }

    @Test func manyComponentsInOneWalkEqualSingleSplits() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("feature-noff", into: temp)
        let lines = try carve(["split", "--component", "Lib=Sources/Lib", "--component", "App=Sources/App:Sources/App,Sources/Lib:Lib"], in: repo)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let lib = try carve(["split", "Sources/Lib", "--no-cache"], in: repo)
        let app = try carve(["split", "Sources/App:Sources/App", "Sources/Lib:Lib", "--no-cache"], in: repo)
        #expect(lines == ["Lib \(lib)", "App \(app)"])
        #expect(try Shell.git(["rev-parse", "split/Lib"], in: repo) == lib)
        #expect(try Oracle.subtreeSplit(repo: repo, prefix: "Sources/Lib", revision: "main") == lib)

        let all = try carve(["split", "--all", "--branch-prefix", "all/"], in: repo).split(separator: "\n").map(String.init)
        let libKept = try carve(["split", "Sources/Lib:Sources/Lib", "--no-cache"], in: repo)
        let appKept = try carve(["split", "Sources/App:Sources/App", "--no-cache"], in: repo)
        #expect(all == ["App \(appKept)", "Lib \(libKept)"])
        #expect(try Shell.git(["rev-parse", "all/App"], in: repo) == appKept)

        // A config file gives the same, and a second run is incremental per component.
        let config = temp.url.appendingPathComponent("carve.json")
        try Data(#"{"components": [{"name": "Lib", "folders": ["Sources/Lib"], "branch": "cfg/lib"}]}"#.utf8).write(to: config)
        #expect(try carve(["split", "--config", config.path], in: repo) == "Lib \(lib)")
        #expect(try Shell.git(["rev-parse", "cfg/lib"], in: repo) == lib)
    }

    @Test func badComponentInputIsRefused() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("feature-noff", into: temp)
        let config = temp.url.appendingPathComponent("bad.json")
        try Data("{not json".utf8).write(to: config)
        let cases: [([String], String)] = [
            (["split", "--component", "NoEquals"], "is not NAME=FOLDER"),
            (["split", "--component", "A=Sources/Lib", "--component", "A=Sources/App"], "named twice"),
            (["split", "--component", "Nope=Sources/Nope"], "component 'Nope'"),
            (["split", "--config", config.path], "is not valid"),
            (["split", "--config", "/no/such.json"], "cannot be read"),
            (["split", "--all", "Sources/Lib"], "not both"),
        ]
        let before = try Shell.git(["for-each-ref"], in: repo)
        for (args, message) in cases {
            let out = try Shell.run(Self.binary, args, in: repo)
            #expect(out.status != 0 && out.status < 128, "\(args)")
            #expect(out.stdout.isEmpty, "\(args)")
            #expect(out.stderr.contains(message), "\(args): \(out.stderr)")
        }
        #expect(try Shell.git(["for-each-ref"], in: repo) == before)
    }
}
