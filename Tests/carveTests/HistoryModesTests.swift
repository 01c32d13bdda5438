import Foundation
import Testing
import TestSupport

/// A history written as one `git fast-import` stream: fixed names and dates, one branch.
struct ImportStream {
    private(set) var text = ""
    private var mark = 0
    private var time = 1_600_000_000

    /// Adds a commit to `main` (on top of the last one, or of `from`; with `merge` parents) and
    /// returns its mark. `files` are written, `removed` deleted, `renamed` moved (old, new).
    @discardableResult
    mutating func commit(_ message: String, files: [String: String] = [:], removed: [String] = [], renamed: [(String, String)] = [], from: Int? = nil, merge: [Int] = []) -> Int {
        mark += 1
        time += 3600
        text += "commit refs/heads/main\nmark :\(mark)\n"
        text += "author Ann Author <ann@example.com> \(time) +0200\ncommitter Cy Committer <cy@example.com> \(time + 7) +0000\n"
        text += "data \(message.utf8.count + 1)\n\(message)\n"
        if let from { text += "from :\(from)\n" }
        for m in merge { text += "merge :\(m)\n" }
        for path in removed { text += "D \(path)\n" }
        for (old, new) in renamed { text += "R \(old) \(new)\n" }
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            text += "M 100644 inline \(path)\ndata \(content.utf8.count)\n\(content)\n"
        }
        text += "\n"
        return mark
    }

    /// A new repository at `url` holding the stream (`main` checked out).
    func build(at url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Shell.git(["init", "-q", "-b", "main"], in: url)
        try Shell.git(["fast-import", "--quiet"], in: url, input: Data(text.utf8))
        try Shell.git(["reset", "-q", "--hard", "main"], in: url)
    }
}

/// `--follow`, `--readd continue` and `--adopt` through the built binary on git repositories,
/// checked against the history invariants and, without the flags, against git subtree.
@Suite struct HistoryModesTests {
    static let binary = CommandLineTests.binary

    func run(_ arguments: [String], in repo: URL) throws -> Shell.Output {
        try Shell.run(Self.binary, arguments + ["--quiet"], in: repo)
    }

    func json(_ arguments: [String], in repo: URL) throws -> [String: Any] {
        let out = try run(arguments + ["--json"], in: repo)
        guard out.status == 0 else { throw ShellError.failed("carve \(arguments): \(out.stderr)") }
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    func head(_ arguments: [String], in repo: URL) throws -> String {
        try #require(try json(arguments, in: repo)["head"] as? String)
    }

    func count(_ rev: String, in repo: URL) throws -> Int {
        Int(try Shell.git(["rev-list", "--count", rev], in: repo))!
    }

    /// Every ref, HEAD and the object count: to prove that nothing was written.
    func state(_ repo: URL) throws -> String {
        try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo) + (try Shell.git(["symbolic-ref", "HEAD"], in: repo)) + (try Shell.git(["count-objects"], in: repo))
    }

    /// The invariants: the head's tree is the followed folder's at `rev`; every non-merge commit
    /// that changed it is in the split (author, date, subject within the split's subject); no
    /// non-merge split commit is empty (but those of an `adopted` history, which are as the other
    /// tool wrote them); a cold run (`--no-cache`) gives the same head. With `carried`, a commit
    /// that re-adds the folder changes it only when it differs from the folder before the deletion.
    func checkInvariants(_ repo: URL, head: String, rev: String = "main", paths: [String], arguments: [String], adopted: String? = nil, carried: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let commits = try Shell.git(["log", "--format=%H %P", rev], in: repo).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // One cat-file for every commit:path.
        let queries = commits.flatMap { c in paths.map { "\(c[0]):\($0)" } }
        let answers = try Shell.git(["cat-file", "--batch-check=%(objectname) %(objecttype)"], in: repo, input: Data((queries.joined(separator: "\n") + "\n").utf8)).split(separator: "\n")
        var trees: [String: String] = [:]
        for (i, c) in commits.enumerated() {
            for k in paths.indices {
                let a = answers[i * paths.count + k].split(separator: " ")
                if a.count == 2, a[1] == "tree" { trees[c[0]] = String(a[0]); break }
            }
        }
        let tipCommit = try Shell.git(["rev-parse", rev], in: repo)
        #expect(try Shell.git(["rev-parse", "\(head)^{tree}"], in: repo) == trees[tipCommit], "the head's tree is the folder's", sourceLocation: sourceLocation)

        let format = ["log", "--format=%an <%ae> %ad%x09%s", "--date=raw"]
        var represented: [Substring: [Substring]] = [:]
        for line in try Shell.git(format + [head], in: repo).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            represented[parts[0], default: []].append(parts[1])
        }
        let signatures = try Shell.git(format + [rev], in: repo).split(separator: "\n")
        let firstParent = Dictionary(commits.map { ($0[0], $0.count > 1 ? $0[1] : "") }, uniquingKeysWith: { a, _ in a })
        func before(_ commit: [String]) -> String? {
            guard commit.count > 1 else { return nil }
            var p = commit[1]
            while carried, trees[p] == nil, let next = firstParent[p], !next.isEmpty { p = next }
            return trees[p]
        }
        for (c, signature) in zip(commits, signatures) where c.count <= 2 {
            guard let tree = trees[c[0]], before(c) != tree else { continue }
            let parts = signature.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            #expect(represented[parts[0]]?.contains { $0.hasSuffix(parts[1]) } == true, "changed the folder but is missing: \(signature)", sourceLocation: sourceLocation)
        }
        for line in try Shell.git(["log", "--format=%T %P", head] + (adopted.map { ["^" + $0] } ?? []), in: repo).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2 else { continue }
            #expect(try Shell.git(["rev-parse", "\(parts[1])^{tree}"], in: repo) != String(parts[0]), "an empty split commit", sourceLocation: sourceLocation)
        }
        let cold = try self.head(arguments + ["--no-cache"], in: repo)
        #expect(cold == head, "a second cold run gives the same ids", sourceLocation: sourceLocation)
    }

    /// Old → Mid → Sources/New (that last move with edits), then moved into Kit/New and edited:
    /// a folder moved twice, into another folder, renamed with edits in the same commit.
    static func renames() -> ImportStream {
        var s = ImportStream()
        s.commit("add Old", files: ["Old/a.swift": "a1\n", "Old/b.swift": "b1\n", "README": "r\n"])
        s.commit("edit Old", files: ["Old/a.swift": "a2\n"])
        s.commit("rename Old to Mid", renamed: [("Old", "Mid")])
        s.commit("edit Mid", files: ["Mid/b.swift": "b2\n"])
        s.commit("readme", files: ["README": "r2\n"])
        s.commit("move Mid to Sources/New with edits", files: ["Sources/New/a.swift": "a3\n", "Sources/New/b.swift": "b2\n", "Sources/New/c.swift": "c\n"], removed: ["Mid"])
        s.commit("edit New", files: ["Sources/New/d.swift": "d\n"])
        return s
    }

    @Test func followReachesTheFirstCommitAndKeepsGitSubtreeIdsWithoutIt() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        try Self.renames().build(at: repo)

        let plain = try head(["split", "Sources/New"], in: repo)
        #expect(try Oracle.subtreeSplit(repo: repo, prefix: "Sources/New", revision: "main") == plain)
        #expect(try count(plain, in: repo) == 2)

        let report = try json(["split", "Sources/New", "--follow", "--branch", "split/new"], in: repo)
        let followed = try #require(report["followed"] as? [[String: Any]])
        #expect(followed.first?["formerPaths"] as? [String] == ["Mid", "Old"])
        let moves = try #require(followed.first?["moves"] as? [[String: Any]])
        #expect(moves.map { $0["from"] as? String } == ["Mid", "Old"])
        let head = try #require(report["head"] as? String)
        #expect(try count(head, in: repo) == 5, "add, edit, edit, the move with edits, edit")
        #expect(try Shell.git(["log", "--format=%s", "-1", "\(head)~4"], in: repo) == "add Old")
        #expect(try Shell.git(["rev-parse", "split/new"], in: repo) == head)
        try checkInvariants(repo, head: head, paths: ["Sources/New", "Mid", "Old"], arguments: ["split", "Sources/New", "--follow"])

        // The plain cache and the followed one never mix.
        #expect(try self.head(["split", "Sources/New"], in: repo) == plain)
        #expect(try Shell.git(["for-each-ref", "--format=%(refname)", "refs/carve/cache"], in: repo).split(separator: "\n").count == 2)

        // Incremental like any split.
        try Shell.git(["read-tree", "main"], in: repo)
        let blob = try Shell.git(["hash-object", "-w", "--stdin"], in: repo, input: Data("e\n".utf8))
        try Shell.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),Sources/New/e.swift"], in: repo)
        try Shell.git(["-c", "user.name=Ann Author", "-c", "user.email=ann@example.com", "commit", "-q", "-m", "edit New again"], in: repo)
        let again = try json(["split", "Sources/New", "--follow"], in: repo)
        #expect(again["incremental"] as? Bool == true)
        #expect(again["commitsWalked"] as? Int == 1)
        let cold = try self.head(["split", "Sources/New", "--follow", "--no-cache"], in: repo)
        #expect(again["head"] as? String == cold)
    }

    @Test func followIntoAnotherFolderAndNamedPaths() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        var s = Self.renames()
        s.commit("move into Kit", renamed: [("Sources/New", "Kit/New")])
        // Deleted, then added back elsewhere later: nothing to detect, so named.
        s.commit("drop Legacy", files: ["Legacy/x.swift": "x\n"])
        s.commit("remove Legacy", removed: ["Legacy"])
        try s.build(at: repo)

        let report = try json(["split", "Kit/New", "--follow", "--dry-run"], in: repo)
        let followed = try #require(report["followed"] as? [[String: Any]])
        #expect(followed.first?["formerPaths"] as? [String] == ["Sources/New", "Mid", "Old"])
        #expect(report["dryRun"] as? Bool == true)
        #expect(try Shell.git(["for-each-ref", "refs/carve"], in: repo).isEmpty, "a dry run writes nothing")
        let head = try self.head(["split", "Kit/New", "--follow"], in: repo)
        #expect(try count(head, in: repo) == 5)
        #expect(try count(try self.head(["split", "Kit/New"], in: repo), in: repo) == 1)
        try checkInvariants(repo, head: head, paths: ["Kit/New", "Sources/New", "Mid", "Old"], arguments: ["split", "Kit/New", "--follow"])

        let named = try json(["split", "Kit/New", "--follow-path", "Legacy"], in: repo)
        let namedMoves = try #require((named["followed"] as? [[String: Any]])?.first?["moves"] as? [[String: Any]])
        #expect(namedMoves.last?["named"] as? Bool == true)

        // With several components a named path says whose folder it was, and goes to that one.
        let many = ["split", "--component", "New=Kit/New", "--component", "Legacy=Legacy", "--branch-prefix", "m/"]
        let ambiguous = try run(many + ["--follow-path", "Legacy"], in: repo)
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("OLD:FOLDER"), "\(ambiguous.stderr)")
        let out = try run(many + ["--follow-path", "Legacy:Kit/New", "--json"], in: repo)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]], "\(out.stderr)")
        let formers = reports.map { (($0["followed"] as? [[String: Any]])?.first?["formerPaths"] as? [String]) ?? [] }
        #expect(formers == [["Sources/New", "Mid", "Old", "Legacy"], []])
        #expect(reports.first?["head"] as? String == named["head"] as? String, "the same ids as the single split")

        // A path that never existed: one error, nothing written.
        let before = try state(repo)
        let bad = try run(["split", "Kit/New", "--follow-path", "Nowhere"], in: repo)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--follow-path 'Nowhere' is not a folder in any commit"), "\(bad.stderr)")
        #expect(try state(repo) == before)
        let badMode = try run(["split", "Kit/New", "--readd", "sometimes"], in: repo)
        #expect(badMode.status == 64)
    }

    @Test func reAddedFolderContinuesFromTheLastSplitCommit() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("delete-readd", into: temp)
        let subtree = try head(["split", "Sources/Lib"], in: repo)
        #expect(try Oracle.subtreeSplit(repo: repo, prefix: "Sources/Lib", revision: "main") == subtree)
        let report = try json(["split", "Sources/Lib", "--readd", "continue"], in: repo)
        #expect(report["readd"] as? String == "continue")
        let head = try #require(report["head"] as? String)
        #expect(head != subtree)
        #expect(try count(subtree, in: repo) == 22, "git subtree pulls mainline history in")
        #expect(try count(head, in: repo) == 6)
        // Every commit of the split has the folder's files: none is a mainline commit.
        let trees = try Shell.git(["log", "--format=%T", head], in: repo).split(separator: "\n")
        for tree in trees { #expect(try Shell.git(["ls-tree", "--name-only", String(tree)], in: repo).contains(".swift")) }
        try checkInvariants(repo, head: head, paths: ["Sources/Lib"], arguments: ["split", "Sources/Lib", "--readd", "continue"], carried: true)
    }

    /// A folder with an originally-empty commit, two merges and a later commit to adopt.
    static func library() -> ImportStream {
        var s = ImportStream()
        s.commit("add Lib", files: ["Lib/a.swift": "1\n", "App/main.swift": "m\n"])
        // filter-repo keeps an originally-empty commit unless it pruned its parent.
        s.commit("empty on purpose")
        s.commit("app only", files: ["App/main.swift": "m2\n"])
        let base = s.commit("edit Lib", files: ["Lib/a.swift": "2\n"])
        let side = s.commit("side edit", files: ["Lib/b.swift": "b\n"])
        s.commit("main edit", files: ["Lib/c.swift": "c\n"], from: base)
        s.commit("merge side", files: ["Lib/b.swift": "b\n"], merge: [side])
        s.commit("edit after merge", files: ["Lib/a.swift": "3\n"])
        return s
    }

    @Test func adoptsASplitMadeWithGitSubtreeAnnotate() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        var s = Self.library()
        try s.build(at: repo)
        // Published from main as it was, with --annotate: other messages, same trees and authors.
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("Lib"), withIntermediateDirectories: true)
        let published = try Shell.git(["subtree", "split", "-q", "--annotate=(published) ", "--prefix=Lib", "main"], in: repo)
        try Shell.git(["update-ref", "refs/remotes/published/main", published], in: repo)
        s.commit("new after publishing", files: ["Lib/d.swift": "d\n"])
        s.commit("another", files: ["Lib/d.swift": "d2\n"])
        let repo2 = temp.url.appendingPathComponent("repo2")
        try s.build(at: repo2)
        try Shell.git(["fetch", "-q", repo.path, "refs/remotes/published/main:refs/remotes/published/main"], in: repo2)

        let plain = try head(["split", "Lib"], in: repo2)
        let report = try json(["split", "Lib", "--adopt", "published/main", "--branch", "split/lib"], in: repo2)
        let adoption = try #require(report["adoption"] as? [String: Any])
        #expect(adoption["written"] as? Int == 2)
        #expect((adoption["matched"] as? Int ?? 0) >= 5)
        let head = try #require(report["head"] as? String)
        #expect(head != plain)
        #expect(try Shell.git(["rev-parse", "\(head)~2"], in: repo2) == published, "only the new commits on top of REF")
        #expect(try Shell.git(["log", "--format=%s", "-1", adoption["firstUnmatched"] as? String ?? "-"], in: repo2) == "new after publishing")
        try checkInvariants(repo2, head: head, paths: ["Lib"], arguments: ["split", "Lib", "--adopt", "published/main"], adopted: published)

        // The cache remembers the adoption: the next run is incremental and on top of the last.
        try Shell.git(["update-ref", "refs/remotes/published/main", head], in: repo2)
        try Shell.git(["-c", "user.name=Ann Author", "-c", "user.email=ann@example.com", "commit", "-q", "--allow-empty", "-m", "unrelated"], in: repo2)
        let again = try json(["split", "Lib", "--adopt", "published/main"], in: repo2)
        #expect(again["incremental"] as? Bool == true)
        #expect(again["head"] as? String == head)

        // The other tool published again meanwhile (its own commit for a new source commit):
        // adopted incrementally, nothing written.
        try FileManager.default.createDirectory(at: repo2.appendingPathComponent("Lib"), withIntermediateDirectories: true)
        let blob = try Shell.git(["hash-object", "-w", "--stdin"], in: repo2, input: Data("e\n".utf8))
        try Shell.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),Lib/e.swift"], in: repo2)
        try Shell.git(["-c", "user.name=Ann Author", "-c", "user.email=ann@example.com", "commit", "-q", "-m", "published by the other tool"], in: repo2)
        let tree = try Shell.git(["rev-parse", "HEAD:Lib"], in: repo2)
        let author = try Shell.git(["log", "-1", "--format=%an%n%ae%n%ad", "--date=raw"], in: repo2).split(separator: "\n").map(String.init)
        let theirs = try Shell.run("git", ["commit-tree", tree, "-p", head, "-m", "(published) published by the other tool"], in: repo2, environment: Shell.gitEnvironment.merging(["GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": author[2], "GIT_COMMITTER_NAME": "Tool", "GIT_COMMITTER_EMAIL": "tool@example.com"]) { $1 }).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try Shell.git(["update-ref", "refs/remotes/published/main", theirs], in: repo2)
        let third = try json(["split", "Lib", "--adopt", "published/main"], in: repo2)
        #expect(third["incremental"] as? Bool == true)
        #expect(third["head"] as? String == theirs)
        #expect((third["adoption"] as? [String: Any])?["matched"] as? Int == 1)
        #expect((third["adoption"] as? [String: Any])?["written"] as? Int == 0)
    }

    @Test func adoptsASplitMadeWithGitFilterRepo() throws {
        let filterRepo = try Shell.run("git", ["filter-repo", "--version"])
        try #require(filterRepo.status == 0, "git filter-repo is missing: run scripts/install-deps")
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        var s = Self.library()
        try s.build(at: repo)
        let filtered = temp.url.appendingPathComponent("filtered")
        try Shell.git(["clone", "-q", "--no-local", repo.path, filtered.path], in: temp.url)
        try Shell.git(["filter-repo", "--quiet", "--force", "--subdirectory-filter", "Lib"], in: filtered)
        // filter-repo keeps the commit that was empty to begin with; git subtree drops it.
        #expect(try Shell.git(["log", "--format=%s", "main"], in: filtered).contains("empty on purpose"))
        s.commit("new after publishing", files: ["Lib/d.swift": "d\n"])
        try s.build(at: temp.url.appendingPathComponent("repo2"))
        let repo2 = temp.url.appendingPathComponent("repo2")
        try Shell.git(["fetch", "-q", filtered.path, "main:refs/remotes/filtered/main"], in: repo2)
        let filteredTip = try Shell.git(["rev-parse", "refs/remotes/filtered/main"], in: repo2)

        let report = try json(["split", "Lib", "--adopt", "filtered/main"], in: repo2)
        let adoption = try #require(report["adoption"] as? [String: Any])
        #expect(adoption["written"] as? Int == 1)
        let head = try #require(report["head"] as? String)
        #expect(try Shell.git(["rev-parse", "\(head)^"], in: repo2) == filteredTip)
        // The adopted history keeps filter-repo's empty commit; nothing Carve wrote is empty.
        try checkInvariants(repo2, head: head, paths: ["Lib"], arguments: ["split", "Lib", "--adopt", "filtered/main"], adopted: filteredTip)
    }

    @Test func adoptionThatCannotMatchIsRefusedAndWritesNothing() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        try Self.library().build(at: repo)
        let before = try state(repo)
        let missing = try run(["split", "Lib", "--adopt", "published/main"], in: repo)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("--adopt 'published/main' names no commit"), "\(missing.stderr)")
        // A ref of another folder's history.
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("App"), withIntermediateDirectories: true)
        let app = try Shell.git(["subtree", "split", "-q", "--prefix=App", "main"], in: repo)
        try Shell.git(["update-ref", "refs/remotes/other/main", app], in: repo)
        let stateWithRef = try state(repo)
        let other = try run(["split", "Lib", "--adopt", "other/main", "--branch", "split/lib"], in: repo)
        #expect(other.status == 1)
        #expect(other.stderr.contains("refusing to adopt other/main"), "\(other.stderr)")
        #expect(try state(repo) == stateWithRef)
        #expect(before != stateWithRef)
    }

    /// A package whose target Core was once Sources/Kernel (its tests Tests/KernelTests).
    static func package() -> ImportStream {
        func manifest(_ core: String) -> String {
            """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Demo",
                targets: [
                    .target(name: "\(core)"),
                    .target(name: "App", dependencies: ["\(core)"]),
                    .testTarget(name: "\(core)Tests", dependencies: ["\(core)"]),
                ]
            )

            """
        }
        var s = ImportStream()
        s.commit("start", files: ["Package.swift": manifest("Kernel"), "Sources/Kernel/Kernel.swift": "public let k = 1\n", "Sources/App/App.swift": "import Kernel\n", "Tests/KernelTests/KernelTests.swift": "import Kernel\n", "Tests/KernelTests/Helpers.swift": "let h = 1\n"])
        s.commit("kernel: two", files: ["Sources/Kernel/Kernel.swift": "public let k = 2\n"])
        s.commit("rename Kernel to Core", files: ["Package.swift": manifest("Core"), "Sources/App/App.swift": "import Core\n", "Tests/CoreTests/CoreTests.swift": "import Core\n", "Tests/CoreTests/Helpers.swift": "let h = 1\n"], removed: ["Tests/KernelTests"], renamed: [("Sources/Kernel/Kernel.swift", "Sources/Core/Kernel.swift")])
        s.commit("core: three", files: ["Sources/Core/Kernel.swift": "public let k = 3\n"])
        return s
    }

    @Test func extractAndBatchFollowTheirComponentsAndShowTheMoves() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        try Self.package().build(at: repo)

        func split(_ report: [String: Any]) throws -> [String: Any] {
            try #require(((report["packages"] as? [[String: Any]])?.first)?["split"] as? [String: Any])
        }
        let plain = try split(try json(["extract", "Core", "--to", temp.url.appendingPathComponent("Core").path, "--dry-run"], in: repo))
        #expect(plain["commits"] as? Int == 2)
        #expect(plain["followed"] == nil)

        let extract = try json(["extract", "Core", "--to", temp.url.appendingPathComponent("Core").path, "--dry-run", "--follow"], in: repo)
        let followed = try #require(try split(extract)["followed"] as? [[String: Any]])
        #expect(followed.map { $0["formerPaths"] as? [String] } == [["Sources/Kernel"], ["Tests/KernelTests"]])
        #expect(try split(extract)["commits"] as? Int == 4)
        let text = try run(["extract", "Core", "--to", temp.url.appendingPathComponent("Core").path, "--dry-run", "--follow"], in: repo)
        #expect(text.stdout.contains("followed Sources/Core: Sources/Kernel → Sources/Core in"), "\(text.stdout)")

        // The batch config names an old path (here one detection finds too, so it is not repeated).
        let config = temp.url.appendingPathComponent("batch.json")
        try Data(#"{"packages": [{"name": "Core", "components": ["Core"], "followPaths": ["Sources/Kernel:Sources/Core"]}]}"#.utf8).write(to: config)
        let batch = try json(["batch", "--out", temp.url.appendingPathComponent("out").path, "--config", config.path, "--dry-run"], in: repo)
        #expect(try split(batch)["commits"] as? Int == 4, "a named path implies --follow: the tests' move is found too")
        let bad = try run(["batch", "--out", temp.url.appendingPathComponent("out").path, "Core", "--follow-path", "Sources/Kernel", "--dry-run"], in: repo)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("OLD:FOLDER"), "\(bad.stderr)")
    }
}
