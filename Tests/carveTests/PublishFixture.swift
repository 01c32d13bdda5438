import Foundation
import TestSupport

/// Monorepos for the publish tests, each made by one `git fast-import` with fixed identities and
/// dates, and bare repositories as the components' remotes.
enum PublishFixture {
    /// A small builder of fast-import streams: commits on main, lightweight and annotated tags.
    struct Stream {
        private(set) var text = ""
        private var mark = 0
        private var time = 1_200_000_000

        /// Adds a commit on main that writes `files` (path → content); returns its mark.
        @discardableResult
        mutating func commit(_ message: String, _ files: [String: String]) -> Int {
            mark += 1
            time += 100
            text += "commit refs/heads/main\nmark :\(mark)\n"
            text += "author Ann Author <ann@example.com> \(time) +0100\ncommitter Carl Committer <carl@example.com> \(time) +0100\n"
            text += "data \(message.utf8.count)\n\(message)\n"
            for (path, content) in files.sorted(by: { $0.key < $1.key }) {
                text += "M 100644 inline \(path)\ndata \(content.utf8.count)\n\(content)\n"
            }
            return mark
        }

        /// A lightweight tag on commit `mark`.
        mutating func lightweightTag(_ name: String, at mark: Int) {
            text += "reset refs/tags/\(name)\nfrom :\(mark)\n\n"
        }

        /// An annotated tag on commit `mark`.
        mutating func annotatedTag(_ name: String, at mark: Int, message: String) {
            text += "tag \(name)\nfrom :\(mark)\ntagger Tina Tagger <tina@example.com> \(time + 7) -0500\ndata \(message.utf8.count)\n\(message)\n"
        }
    }

    /// Makes a repository with a work tree at `url` from `stream`, HEAD on main.
    static func make(_ stream: Stream, at url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Shell.git(["init", "-q", "-b", "main"], in: url)
        try Shell.git(["fast-import", "--quiet"], in: url, input: Data(stream.text.utf8))
        try Shell.git(["reset", "-q", "--hard", "main"], in: url)
    }

    /// The standard monorepo: Core and Net from the start, Late added at the end; tags
    /// `v1.0` (lightweight, a Core commit), `v1.1` (annotated, a commit touching only the README,
    /// with a signature in its message), `Core/1.2.0` (lightweight) and `Net/2.0.0` (annotated),
    /// `v0.1` on the first commit (before Late existed).
    static func standard(at url: URL) throws {
        var s = Stream()
        let first = s.commit("first", ["README": "hello\n", "Sources/Core/Core.swift": "let core = 1\n", "Sources/Net/Net.swift": "let net = 1\n", "Tests/CoreTests/CoreTests.swift": "// tests\n"])
        s.lightweightTag("v0.1", at: first)
        let second = s.commit("core two", ["Sources/Core/Core.swift": "let core = 2\n"])
        s.lightweightTag("v1.0", at: second)
        let third = s.commit("readme only", ["README": "hello again\n"])
        s.annotatedTag("v1.1", at: third, message: "Release 1.1\n\nNotes.\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEEfake\n-----END PGP SIGNATURE-----\n")
        let fourth = s.commit("net two", ["Sources/Net/Net.swift": "let net = 2\n"])
        s.lightweightTag("Core/1.2.0", at: fourth)
        s.annotatedTag("Net/2.0.0", at: fourth, message: "Net 2.0.0\n")
        s.commit("late arrives", ["Sources/Late/Late.swift": "let late = 1\n"])
        try make(s, at: url)
    }

    /// A monorepo with `count` components `C00`, `C01`, ... touched in turn over a few commits.
    static func many(_ count: Int, at url: URL) throws {
        var s = Stream()
        var files: [String: String] = ["README": "many\n"]
        for i in 0..<count { files[String(format: "Sources/C%02d/File.swift", i)] = "let v = 0\n" }
        s.commit("all components", files)
        for round in 1...3 {
            var changed: [String: String] = [:]
            for i in stride(from: round - 1, to: count, by: 3) { changed[String(format: "Sources/C%02d/File.swift", i)] = "let v = \(round)\n" }
            let mark = s.commit("round \(round)", changed)
            if round == 2 { s.lightweightTag("v2", at: mark) }
        }
        try make(s, at: url)
    }

    /// An empty bare repository `name.git` in `folder`.
    @discardableResult
    static func bare(_ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("\(name).git")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Shell.git(["init", "-q", "--bare"], in: url)
        return url
    }

    /// Every ref of a repository with its target, one per line.
    static func refs(_ repo: URL) throws -> String {
        try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
    }

    /// The monorepo's state apart from its cache refs: refs, HEAD, index and work tree.
    static func state(_ repo: URL) throws -> String {
        let refs = try refs(repo).split(separator: "\n").filter { !$0.hasPrefix("refs/carve/") }.joined(separator: "\n")
        let head = try Shell.git(["symbolic-ref", "HEAD"], in: repo)
        let status = try Shell.git(["status", "--porcelain", "--untracked-files=all"], in: repo)
        let index = try Shell.git(["ls-files", "-s"], in: repo)
        return [refs, head, status, index].joined(separator: "\n--\n")
    }

    /// Everything of a repository, objects included: to prove a run wrote nothing.
    static func fullState(_ repo: URL) throws -> String {
        let all = try refs(repo)
        let objects = try Shell.git(["count-objects", "-v"], in: repo)
        let packs = (try? FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent(".git/objects/pack").path).sorted().joined(separator: " ")) ?? ""
        return try [all, objects, packs, state(repo)].joined(separator: "\n==\n")
    }
}
