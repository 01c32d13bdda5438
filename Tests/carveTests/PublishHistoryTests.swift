import Foundation
import Testing
import TestSupport

/// `carve publish` with the history modes: `--adopt` continues a split that another tool
/// published (git subtree split --annotate), so the push is a fast-forward of it instead of a
/// refused divergence; the modes of every component pass through.
@Suite struct PublishHistoryTests {
    let publish = PublishTests()

    @Test func adoptingASplitAnotherToolPublishedFastForwardsIt() throws {
        let s = try publish.setup(components: ["Core"])
        // Another tool published Core with other ids (annotated messages).
        let theirs = try Shell.git(["subtree", "split", "-q", "--annotate=(split) ", "--prefix=Sources/Core", "main"], in: s.repo)
        try Shell.git(["push", "-q", s.remote("Core").path, "\(theirs):refs/heads/main"], in: s.repo)

        let plain = try publish.carve(["publish", "Sources/Core", "--remote-template", s.template, "--json"], in: s.repo)
        #expect(plain.status == 1)
        #expect(try publish.components(plain)["Core"]?["status"] as? String == "refused")
        #expect(try Shell.git(["rev-parse", "main"], in: s.remote("Core")) == theirs)

        try Shell.git(["fetch", "-q", s.remote("Core").path, "main:refs/remotes/core/main"], in: s.repo)
        let adopted = try publish.carve(["publish", "Sources/Core", "--remote-template", s.template, "--adopt", "refs/remotes/core/main", "--json"], in: s.repo)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(try publish.components(adopted)["Core"]?["status"] as? String == "up-to-date")
        #expect(try Shell.git(["rev-parse", "main"], in: s.remote("Core")) == theirs)

        // A new commit on Core goes on top of their history.
        try "let core = 42\n".write(to: s.repo.appendingPathComponent("Sources/Core/Core.swift"), atomically: true, encoding: .utf8)
        try Shell.git(["-c", "user.name=N", "-c", "user.email=n@x", "commit", "-q", "-am", "core 42"], in: s.repo)
        let next = try publish.carve(["publish", "Sources/Core", "--remote-template", s.template, "--adopt", "refs/remotes/core/main", "--json"], in: s.repo)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(publish.refs(try publish.components(next)["Core"])["refs/heads/main"]?["action"] as? String == "fast-forward")
        #expect(try Shell.git(["rev-parse", "main~1"], in: s.remote("Core")) == theirs)
        #expect(try Shell.git(["log", "-1", "--format=%s", "main"], in: s.remote("Core")) == "core 42")
    }

    @Test func historyModesPassThroughAndAdoptTakesOneComponent() throws {
        let s = try publish.setup()
        let followed = try publish.carve(["publish", "--all", "--remote-template", s.template, "--follow", "--readd", "continue", "--dry-run", "--json"], in: s.repo)
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(try publish.components(followed).count == 3)
        let many = try publish.carve(["publish", "--all", "--remote-template", s.template, "--adopt", "main"], in: s.repo)
        #expect(many.status == 64)
        #expect(many.stderr.contains("--adopt continues one published split"))
        let badMode = try publish.carve(["publish", "--all", "--remote-template", s.template, "--readd", "sometimes"], in: s.repo)
        #expect(badMode.status == 64)
        #expect(badMode.stderr.contains("--readd takes subtree or continue"))
    }
}
