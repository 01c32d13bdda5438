import Foundation
import Testing
import TestSupport

/// `carve publish` end to end, with bare repositories as the components' remotes: what is pushed
/// (branches, lightweight, annotated and per-component tags, with git subtree's ids), what is
/// refused, the second run that sends nothing, many components at once, the dry run, bad input.
@Suite struct PublishTests {
    static let binary = CommandLineTests.binary

    func carve(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Shell.Output {
        var env = Shell.gitEnvironment
        for (k, v) in environment { env[k] = v }
        return try Shell.run(Self.binary, arguments + ["--quiet"], in: directory, environment: env)
    }

    func json(_ output: Shell.Output) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stdout) \(output.stderr)")
    }

    func components(_ output: Shell.Output) throws -> [String: [String: Any]] {
        let list = try #require(try json(output)["components"] as? [[String: Any]])
        var out: [String: [String: Any]] = [:]
        for c in list { out[c["name"] as! String] = c }
        return out
    }

    func refs(_ component: [String: Any]?) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for r in (component?["refs"] as? [[String: Any]]) ?? [] { out[r["ref"] as! String] = r }
        return out
    }

    struct Setup {
        let temp: TemporaryDirectory
        let repo: URL
        let remotes: URL
        var template: String { remotes.path + "/{name}.git" }
        func remote(_ name: String) -> URL { remotes.appendingPathComponent("\(name).git") }
    }

    func setup(components: [String] = ["Core", "Net", "Late"]) throws -> Setup {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("mono")
        try PublishFixture.standard(at: repo)
        let remotes = temp.url.appendingPathComponent("remotes")
        for name in components { try PublishFixture.bare(name, in: remotes) }
        return Setup(temp: temp, repo: repo, remotes: remotes)
    }

    @Test func oneFolderGetsGitSubtreeIdsAndItsTags() throws {
        let s = try setup()
        let before = try PublishFixture.state(s.repo)
        let out = try carve(["publish", "Sources/Core", "--remote-template", s.template, "--tags", "v*", "--tags", "*/*", "--json"], in: s.repo)
        #expect(out.status == 0, "\(out.stderr)")
        let core = try components(out)["Core"]
        #expect(core?["status"] as? String == "pushed")
        let remote = s.remote("Core")
        // The branch is main (the branch HEAD is on), with git subtree's ids.
        let main = try Shell.git(["rev-parse", "refs/heads/main"], in: remote)
        #expect(main == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Core", revision: "main")))
        // Lightweight v1.0: the split of the tagged commit, a commit.
        #expect(try Shell.git(["cat-file", "-t", "refs/tags/v1.0"], in: remote) == "commit")
        #expect(try Shell.git(["rev-parse", "refs/tags/v1.0"], in: remote) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Core", revision: "v1.0")))
        // Annotated v1.1 (on a commit that does not touch Core): an annotated tag on git subtree's
        // split of that commit, same tagger and message, the signature dropped.
        #expect(try Shell.git(["cat-file", "-t", "refs/tags/v1.1"], in: remote) == "tag")
        #expect(try Shell.git(["rev-parse", "refs/tags/v1.1^{commit}"], in: remote) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Core", revision: "v1.1")))
        let tag = try Shell.git(["cat-file", "-p", "refs/tags/v1.1"], in: remote)
        #expect(tag.contains("tag v1.1\ntagger Tina Tagger <tina@example.com> "))
        let sourceTagger = try Shell.git(["for-each-ref", "--format=%(taggerdate:raw)", "refs/tags/v1.1"], in: s.repo)
        #expect(try Shell.git(["for-each-ref", "--format=%(taggerdate:raw)", "refs/tags/v1.1"], in: remote) == sourceTagger)
        #expect(tag.hasSuffix("Release 1.1\n\nNotes."), "\(tag)")
        #expect(!tag.contains("SIGNATURE"))
        // Core/1.2.0 goes to Core as 1.2.0; Net/2.0.0 is not Core's.
        #expect(try Shell.git(["rev-parse", "refs/tags/1.2.0"], in: remote) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Core", revision: "Core/1.2.0")))
        #expect(!(try PublishFixture.refs(remote)).contains("2.0.0"))
        // The monorepo kept its refs, HEAD, index and work tree; only the cache was added.
        #expect(try PublishFixture.state(s.repo) == before)
        #expect(try PublishFixture.refs(s.repo).contains("refs/carve/cache/"))
        try Shell.git(["fsck", "--strict", "--no-progress"], in: remote)
    }

    @Test func everyComponentWithTagsThenASecondRunSendsNothing() throws {
        let s = try setup()
        let first = try carve(["publish", "--all", "--remote-template", s.template, "--tags", "*", "--json"], in: s.repo)
        #expect(first.status == 0, "\(first.stderr)")
        let result = try components(first)
        #expect(result.keys.sorted() == ["Core", "Late", "Net"])
        #expect(result.values.allSatisfy { $0["status"] as? String == "pushed" })
        // Net gets Net/2.0.0 as the annotated 2.0.0, and not Core/1.2.0.
        let net = s.remote("Net")
        #expect(try Shell.git(["cat-file", "-t", "refs/tags/2.0.0"], in: net) == "tag")
        #expect(!(try PublishFixture.refs(net)).contains("1.2.0"))
        // Late did not exist at v0.1, v1.0, v1.1: skipped and reported.
        let skipped = (result["Late"]?["skippedTags"] as? [[String: Any]])?.compactMap { $0["tag"] as? String } ?? []
        #expect(Set(skipped) == ["v0.1", "v1.0", "v1.1"], "\(skipped)")
        #expect((result["Late"]?["skippedTags"] as? [[String: Any]])?.first?["reason"] as? String == "no-split")
        // --all keeps the layout: the same ids as `carve split --all`.
        let split = try carve(["split", "--all"], in: s.repo)
        for line in split.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            #expect(try Shell.git(["rev-parse", "refs/heads/main"], in: s.remote(String(parts[0]))) == String(parts[1]))
        }
        let remotesBefore = try ["Core", "Net", "Late"].map { try PublishFixture.refs(s.remote($0)) }
        let packsBefore = try ["Core", "Net", "Late"].map { try Shell.git(["count-objects", "-v"], in: s.remote($0)) }
        let second = try carve(["publish", "--all", "--remote-template", s.template, "--tags", "*", "--json"], in: s.repo)
        #expect(second.status == 0, "\(second.stderr)")
        let again = try components(second)
        #expect(again.values.allSatisfy { $0["status"] as? String == "up-to-date" })
        #expect(again.values.allSatisfy { c in refs(c).values.allSatisfy { $0["action"] as? String == "unchanged" } })
        #expect(try ["Core", "Net", "Late"].map { try PublishFixture.refs(s.remote($0)) } == remotesBefore)
        #expect(try ["Core", "Net", "Late"].map { try Shell.git(["count-objects", "-v"], in: s.remote($0)) } == packsBefore, "nothing was sent")
    }

    @Test func newCommitsFastForward() throws {
        let s = try setup()
        #expect(try carve(["publish", "--all", "--remote-template", s.template], in: s.repo).status == 0)
        let old = try Shell.git(["rev-parse", "main"], in: s.remote("Core"))
        try Shell.git(["-c", "user.name=N", "-c", "user.email=n@x", "commit", "-q", "--allow-empty", "-m", "empty"], in: s.repo)
        try FileManager.default.createDirectory(at: s.repo.appendingPathComponent("Sources/Core"), withIntermediateDirectories: true)
        try "let core = 3\n".write(to: s.repo.appendingPathComponent("Sources/Core/Core.swift"), atomically: true, encoding: .utf8)
        try Shell.git(["-c", "user.name=N", "-c", "user.email=n@x", "commit", "-q", "-am", "core three"], in: s.repo)
        let out = try carve(["publish", "--all", "--remote-template", s.template, "--json"], in: s.repo)
        #expect(out.status == 0, "\(out.stderr)")
        let result = try components(out)
        #expect(result["Core"]?["status"] as? String == "pushed")
        #expect(refs(result["Core"])["refs/heads/main"]?["action"] as? String == "fast-forward")
        #expect(refs(result["Core"])["refs/heads/main"]?["old"] as? String == old)
        #expect(result["Net"]?["status"] as? String == "up-to-date")
        #expect(try Shell.git(["rev-parse", "main~1"], in: s.remote("Core")) == old)
    }

    @Test func aDivergedBranchAndAMovedTagAreRefusedUntilForced() throws {
        let s = try setup()
        #expect(try carve(["publish", "--all", "--remote-template", s.template, "--tags", "v*"], in: s.repo).status == 0)
        // Core's remote: someone committed on main. Net's remote: v1.0 moved.
        let core = s.remote("Core"), net = s.remote("Net")
        let tree = try Shell.git(["rev-parse", "main^{tree}"], in: core)
        let foreign = try Shell.git(["commit-tree", tree, "-p", "main", "-m", "pushed by someone else"], in: core)
        try Shell.git(["update-ref", "refs/heads/main", foreign], in: core)
        try Shell.git(["update-ref", "refs/tags/v1.0", "main"], in: net)
        let coreBefore = try PublishFixture.refs(core), netBefore = try PublishFixture.refs(net)
        let out = try carve(["publish", "--all", "--remote-template", s.template, "--tags", "v*", "--json"], in: s.repo)
        #expect(out.status == 1)
        let result = try components(out)
        #expect(result["Core"]?["status"] as? String == "refused")
        #expect(refs(result["Core"])["refs/heads/main"]?["action"] as? String == "refused")
        #expect(result["Net"]?["status"] as? String == "refused")
        #expect(refs(result["Net"])["refs/tags/v1.0"]?["action"] as? String == "refused")
        #expect(result["Late"]?["status"] as? String == "up-to-date", "the others go on")
        #expect((result["Core"]?["message"] as? String)?.contains("--force") == true)
        #expect(out.stderr.contains("error: component 'Core'") && out.stderr.contains("--force"), "\(out.stderr)")
        #expect(try PublishFixture.refs(core) == coreBefore && PublishFixture.refs(net) == netBefore, "nothing sent to a refused component")
        // A refused component does not stop the others: a new commit reaches Late.
        let forced = try carve(["publish", "--all", "--remote-template", s.template, "--tags", "v*", "--force", "--json"], in: s.repo)
        #expect(forced.status == 0, "\(forced.stderr)")
        let after = try components(forced)
        #expect(refs(after["Core"])["refs/heads/main"]?["action"] as? String == "force")
        #expect(refs(after["Net"])["refs/tags/v1.0"]?["action"] as? String == "force")
        #expect(try Shell.git(["rev-parse", "main"], in: core) == after["Core"]?["head"] as? String)
        let split = try carve(["split", "--all"], in: s.repo).stdout
        #expect(split.contains("Core \(try Shell.git(["rev-parse", "main"], in: core))"))
        #expect(try carve(["publish", "--all", "--remote-template", s.template, "--tags", "v*"], in: s.repo).status == 0)
    }

    @Test func fortyComponentsInOneRun() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("mono")
        try PublishFixture.many(40, at: repo)
        let remotes = temp.url.appendingPathComponent("remotes")
        let names = (0..<40).map { String(format: "C%02d", $0) }
        for name in names { try PublishFixture.bare(name, in: remotes) }
        let out = try carve(["publish", "--all", "--remote-template", remotes.path + "/{name}.git", "--tags", "v*", "--json"], in: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let result = try components(out)
        #expect(result.count == 40)
        #expect(result.values.allSatisfy { $0["status"] as? String == "pushed" })
        let split = try carve(["split", "--all"], in: repo).stdout.split(separator: "\n")
        #expect(split.count == 40)
        for line in split {
            let parts = line.split(separator: " ").map(String.init)
            let remote = remotes.appendingPathComponent("\(parts[0]).git")
            #expect(try Shell.git(["rev-parse", "main"], in: remote) == parts[1])
            #expect(try Shell.git(["rev-parse", "v2"], in: remote).count == 40)
        }
        let again = try components(try carve(["publish", "--all", "--remote-template", remotes.path + "/{name}.git", "--tags", "v*", "--json"], in: repo))
        #expect(again.values.allSatisfy { $0["status"] as? String == "up-to-date" })
    }

    @Test func theDryRunSaysWhatWouldHappenAndWritesNothing() throws {
        let s = try setup()
        let before = try PublishFixture.fullState(s.repo)
        let out = try carve(["publish", "--all", "--remote-template", s.template, "--tags", "v*", "--dry-run"], in: s.repo)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Core would-push \(s.remote("Core").path)"), "\(out.stdout)")
        #expect(out.stdout.contains("  refs/heads/main -.."), "\(out.stdout)")
        #expect(out.stdout.contains("refs/tags/v1.1 -.."))
        #expect(out.stdout.contains("skipped tag v0.1 (no-split)"))
        #expect(try PublishFixture.fullState(s.repo) == before, "not even the cache or an object")
        for name in ["Core", "Net", "Late"] { #expect(try PublishFixture.refs(s.remote(name)).isEmpty) }
        // After a publish and a foreign commit: the dry run names what it would refuse.
        #expect(try carve(["publish", "--all", "--remote-template", s.template], in: s.repo).status == 0)
        let core = s.remote("Core")
        let foreign = try Shell.git(["commit-tree", try Shell.git(["rev-parse", "main^{tree}"], in: core), "-m", "foreign"], in: core)
        try Shell.git(["update-ref", "refs/heads/main", foreign], in: core)
        let state = try PublishFixture.fullState(s.repo)
        let refused = try carve(["publish", "--all", "--remote-template", s.template, "--dry-run", "--json"], in: s.repo)
        #expect(refused.status == 1)
        let result = try components(refused)
        #expect(result["Core"]?["status"] as? String == "refused")
        #expect(refs(result["Core"])["refs/heads/main"]?["old"] as? String == foreign)
        #expect(result["Net"]?["status"] as? String == "up-to-date")
        #expect(try json(refused)["dryRun"] as? Bool == true)
        #expect(try PublishFixture.fullState(s.repo) == state)
        #expect(try Shell.git(["rev-parse", "main"], in: core) == foreign)
    }

    @Test func aConfigEntryCarriesItsOwnRemote() throws {
        let s = try setup()
        let elsewhere = try PublishFixture.bare("elsewhere", in: s.temp.url)
        let config = s.temp.url.appendingPathComponent("carve.json")
        try #"{"components": [{"name": "Core", "folders": ["Sources/Core"], "remote": "\#(elsewhere.path)"}, {"name": "Net", "folders": ["Sources/Net"]}]}"#.write(to: config, atomically: true, encoding: .utf8)
        let out = try carve(["publish", "--config", config.path, "--remote-template", s.template], in: s.repo)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try Shell.git(["rev-parse", "main"], in: elsewhere) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Core", revision: "main")))
        #expect(try PublishFixture.refs(s.remote("Core")).isEmpty)
        #expect(try Shell.git(["rev-parse", "main"], in: s.remote("Net")) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Net", revision: "main")))
    }

    @Test func badInputIsOneClearErrorAndWritesNothing() throws {
        let s = try setup()
        let head = try Shell.git(["rev-parse", "HEAD"], in: s.repo)
        let cases: [(arguments: [String], says: String)] = [
            (["publish", "--all"], "--remote-template"),
            (["publish", "--all", "--remote-template", s.remotes.path + "/{nmae}.git"], "{nmae}"),
            (["publish", "--all", "--remote-template", s.remotes.path + "/{name"], "{name"),
            (["publish", "--all", "--remote-template", s.template, "--rev", head], "--branch"),
            (["publish", "--all", "--remote-template", s.template, "--rev", "v1.0"], "--branch"),
            (["publish", "--all", "--remote-template", s.template, "--cache-remote", "nowhere"], "nowhere"),
            (["publish", "--all", "--remote-template", s.template, "--branch", "bad..name"], "bad..name"),
            (["publish", "--remote-template", s.template], "--all"),
            (["publish", "--component", "Core=Sources/Nothing", "--remote-template", s.template], "Sources/Nothing"),
        ]
        for c in cases {
            let before = try PublishFixture.fullState(s.repo)
            let out = try carve(c.arguments, in: s.repo)
            #expect(out.status != 0, "\(c.arguments)")
            #expect(out.stdout.isEmpty, "\(c.arguments): \(out.stdout)")
            let lines = out.stderr.split(separator: "\n").filter { !$0.isEmpty }
            // One error line (usage errors add ArgumentParser's usage lines, exit 64).
            #expect(lines.filter { $0.hasPrefix("error:") || $0.hasPrefix("Error:") }.count == 1 && (lines.count == 1 || out.status == 64), "\(c.arguments): \(out.stderr)")
            #expect(out.stderr.contains(c.says), "\(c.arguments): \(out.stderr)")
            #expect(try PublishFixture.fullState(s.repo) == before, "\(c.arguments) wrote something")
        }
        // An unreachable remote: one message for the component, exit 1, nothing written.
        let before = try PublishFixture.fullState(s.repo)
        let out = try carve(["publish", "Sources/Core", "--remote-template", s.temp.url.path + "/missing/{name}.git"], in: s.repo)
        #expect(out.status == 1)
        #expect(out.stderr.contains("error: component 'Core': cannot read the refs of"), "\(out.stderr)")
        #expect(try PublishFixture.fullState(s.repo) == before)
        let http = try carve(["publish", "Sources/Core", "--remote-template", "http://127.0.0.1:9/{name}.git"], in: s.repo)
        #expect(http.status == 1)
        #expect(http.stderr.contains("error: component 'Core': cannot read the refs of http://127.0.0.1:9/Core.git"), "\(http.stderr)")
        #expect(try PublishFixture.fullState(s.repo) == before)
    }

    @Test func aDetachedRevisionWithABranchPublishesTheTaggedState() throws {
        let s = try setup()
        let out = try carve(["publish", "Sources/Core", "--remote-template", s.template, "--rev", "v1.0", "--branch", "release"], in: s.repo)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try Shell.git(["rev-parse", "refs/heads/release"], in: s.remote("Core")) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Core", revision: "v1.0")))
    }
}
