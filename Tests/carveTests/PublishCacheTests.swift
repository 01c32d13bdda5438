import Foundation
import Testing
import TestSupport

/// `carve publish --cache-remote`: CI runners share the split cache through the monorepo's remote,
/// and a cache fetched from there is used only once the entries the run uses are checked.
@Suite struct PublishCacheTests {
    func carve(_ arguments: [String], in directory: URL) throws -> Shell.Output {
        try Shell.run(CommandLineTests.binary, arguments, in: directory)
    }

    func components(_ output: Shell.Output) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
        var out: [String: [String: Any]] = [:]
        for c in (object["components"] as? [[String: Any]]) ?? [] { out[c["name"] as! String] = c }
        return out
    }

    func notes(_ output: Shell.Output) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        return object["cacheNotes"] as? [String] ?? []
    }

    /// A runner: a fresh clone of the monorepo's remote (no cache refs), with one new Core commit.
    func runner(_ origin: URL, at url: URL) throws {
        try Shell.git(["clone", "-q", origin.path, url.path], in: origin.deletingLastPathComponent())
        try "let core = 9\n".write(to: url.appendingPathComponent("Sources/Core/Core.swift"), atomically: true, encoding: .utf8)
        try Shell.git(["-c", "user.name=N", "-c", "user.email=n@x", "commit", "-q", "-am", "core nine"], in: url)
        #expect(try !PublishFixture.refs(url).contains("refs/carve/"))
    }

    @Test func runnersShareTheCacheAndAPoisonedOneIsIgnored() throws {
        let temp = try TemporaryDirectory()
        let mono = temp.url.appendingPathComponent("mono")
        try PublishFixture.standard(at: mono)
        let origin = temp.url.appendingPathComponent("origin.git")
        try Shell.git(["clone", "-q", "--bare", mono.path, origin.path], in: temp.url)
        try Shell.git(["remote", "add", "origin", origin.path], in: mono)
        let remotes = temp.url.appendingPathComponent("remotes")
        for name in ["Core", "Net", "Late"] { try PublishFixture.bare(name, in: remotes) }
        let template = remotes.path + "/{name}.git"

        // The first runner publishes and pushes its cache to origin.
        let first = try carve(["publish", "--all", "--remote-template", template, "--cache-remote", "origin", "--json", "--quiet"], in: mono)
        #expect(first.status == 0, "\(first.stderr)")
        let firstNotes = try notes(first)
        #expect(firstNotes.contains("pushed 3 cache refs to remote 'origin'"), "\(firstNotes)")
        let shared = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/carve/cache"], in: origin)
        #expect(shared == (try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/carve/cache"], in: mono)))

        // A second runner starts from a clone without the cache: it fetches, checks and uses it,
        // so only the new commit is split.
        let second = temp.url.appendingPathComponent("runner2")
        try runner(origin, at: second)
        let out = try carve(["publish", "--all", "--remote-template", template, "--cache-remote", "origin", "--json", "--quiet"], in: second)
        #expect(out.status == 0, "\(out.stderr)")
        let outNotes = try notes(out)
        #expect(outNotes.contains { $0.contains("3 component caches checked and used") }, "\(outNotes)")
        let result = try components(out)
        #expect(result["Core"]?["incremental"] as? Bool == true)
        #expect(result["Core"]?["commitsWalked"] as? Int == 1)
        #expect(result["Core"]?["status"] as? String == "pushed")
        let cold = try carve(["split", "--all", "--no-cache", "--branch-prefix", "cold/"], in: second).stdout
        #expect(cold.contains("Core \(result["Core"]?["head"] as? String ?? "-")"))

        // Someone poisons origin's cache: Net's ref now holds Core's mapping.
        let refsByName = Dictionary(uniqueKeysWithValues: shared.split(separator: "\n").map { line in
            let parts = line.split(separator: " ").map(String.init)
            return (parts[0], parts[1])
        })
        let netKey = try #require(refsByName.keys.first { ref in
            (try? Shell.git(["log", "-1", "--format=%s", ref], in: origin))?.contains("Sources/Net") == true
        })
        let coreKey = try #require(refsByName.keys.first { ref in
            (try? Shell.git(["log", "-1", "--format=%s", ref], in: origin))?.contains("Sources/Core") == true
        })
        try Shell.git(["update-ref", netKey, refsByName[coreKey]!], in: origin)
        let third = temp.url.appendingPathComponent("runner3")
        try runner(origin, at: third)
        // This runner's new Core commit is not the second runner's: start Core and Net afresh.
        for name in ["Core", "Net"] {
            try FileManager.default.removeItem(at: remotes.appendingPathComponent("\(name).git"))
            try PublishFixture.bare(name, in: remotes)
        }
        let poisoned = try carve(["publish", "--all", "--remote-template", template, "--cache-remote", "origin", "--json", "--quiet"], in: third)
        #expect(poisoned.status == 0, "\(poisoned.stderr)")
        let poisonedNotes = try notes(poisoned)
        #expect(poisonedNotes.contains { $0.contains("the cache of 'Net' from remote 'origin' failed the check") }, "\(poisonedNotes)")
        let after = try components(poisoned)
        #expect(after["Net"]?["incremental"] as? Bool == false, "Net split cold")
        let truth = try carve(["split", "--all", "--no-cache", "--branch-prefix", "cold/"], in: third).stdout
        #expect(truth.contains("Net \(try Shell.git(["rev-parse", "main"], in: remotes.appendingPathComponent("Net.git")))"))
        #expect(truth.contains("Core \(after["Core"]?["head"] as? String ?? "-")"))
    }

    @Test func theDryRunFetchesNothing() throws {
        let temp = try TemporaryDirectory()
        let mono = temp.url.appendingPathComponent("mono")
        try PublishFixture.standard(at: mono)
        let origin = temp.url.appendingPathComponent("origin.git")
        try Shell.git(["clone", "-q", "--bare", mono.path, origin.path], in: temp.url)
        try Shell.git(["remote", "add", "origin", origin.path], in: mono)
        let before = try PublishFixture.fullState(mono)
        let out = try carve(["publish", "--all", "--remote-template", temp.url.path + "/{name}.git", "--cache-remote", "origin", "--dry-run", "--quiet"], in: mono)
        // The remotes do not exist: every component fails, and nothing is written.
        #expect(out.status == 1)
        #expect(try PublishFixture.fullState(mono) == before)
        #expect(try !PublishFixture.refs(origin).contains("refs/carve/"))
    }
}
