import Foundation
import Testing
import TestSupport

/// A smart-HTTP git server on loopback (`scripts/git-http-server`: `git http-backend` behind
/// basic authentication), started and stopped by the test.
final class GitHTTPServer {
    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init(root: URL, token: String, dieDuringPush: Bool = false) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Shell.packageRoot.appendingPathComponent("scripts/git-http-server").path, "--root", root.path, "--token", token] + (dieDuringPush ? ["--die-during-push"] : [])
        process.environment = Shell.gitEnvironment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        port = try Self.port(printedBy: process, on: out, name: "scripts/git-http-server")
    }

    /// The port a loopback server prints on its first line once it listens.
    static func port(printedBy process: Process, on out: Pipe, name: String) throws -> Int {
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw ShellError.failed("\(name) did not start")
        }
        return port
    }

    /// Waits for a server that stops by itself (--die-during-push).
    func waitUntilGone() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            // SIGKILL: the test runner's threads may block SIGTERM, and children inherit that.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// `carve publish` over http with a token: pushes with the right one, is refused with the wrong
/// one (and says so, without the token), and completes on a rerun after the server died mid-push.
@Suite(.serialized) struct PublishHTTPTests {
    let token = "tok-3f9a7c1e5b2d"

    func carve(_ arguments: [String], in directory: URL, token: String?) throws -> Shell.Output {
        var env = Shell.gitEnvironment
        env["CARVE_TOKEN"] = token
        return try Shell.run(CommandLineTests.binary, arguments + ["--quiet"], in: directory, environment: env)
    }

    struct Fixture {
        let temp: TemporaryDirectory
        var repo: URL { temp.url.appendingPathComponent("mono") }
        var root: URL { temp.url.appendingPathComponent("srv") }
    }

    func fixture() throws -> Fixture {
        let f = Fixture(temp: try TemporaryDirectory())
        try PublishFixture.standard(at: f.repo)
        for name in ["Core", "Net", "Late"] { try PublishFixture.bare(name, in: f.root) }
        return f
    }

    @Test func theRightTokenPushesAndIsNeverShown() throws {
        let f = try fixture()
        let repo = f.repo, root = f.root
        let server = try GitHTTPServer(root: root, token: token)
        let template = server.url + "/{name}.git"
        let out = try carve(["publish", "--all", "--remote-template", template, "--tags", "v*", "--json"], in: repo, token: token)
        #expect(out.status == 0, "\(out.stderr)")
        let split = try carve(["split", "--all"], in: repo, token: nil).stdout
        for name in ["Core", "Net", "Late"] {
            let head = try Shell.git(["rev-parse", "main"], in: root.appendingPathComponent("\(name).git"))
            #expect(split.contains("\(name) \(head)"))
        }
        #expect(try Shell.git(["cat-file", "-t", "v1.1"], in: root.appendingPathComponent("Core.git")) == "tag")
        let again = try carve(["publish", "--all", "--remote-template", template, "--tags", "v*"], in: repo, token: token)
        #expect(again.status == 0)
        #expect(again.stdout.contains("Core up-to-date"), "\(again.stdout)")
        // The token is nowhere: not in the output, the config, the reflogs or the refs.
        for text in [out.stdout, out.stderr, again.stdout, again.stderr] { #expect(!text.contains(token)) }
        let config = try String(contentsOf: repo.appendingPathComponent(".git/config"), encoding: .utf8)
        #expect(!config.contains(token) && !config.contains("127.0.0.1"))
        let logs = try Shell.run("grep", ["-r", token, repo.appendingPathComponent(".git").path])
        #expect(logs.status == 1, "\(logs.stdout)")
    }

    @Test func aWrongTokenIsRefusedClearlyAndChangesNothing() throws {
        let f = try fixture()
        let repo = f.repo, root = f.root
        let server = try GitHTTPServer(root: root, token: token)
        let before = try PublishFixture.fullState(repo)
        let wrong = "wrong-7d1e0b9c4a"
        let out = try carve(["publish", "Sources/Core", "--remote-template", server.url + "/{name}.git"], in: repo, token: wrong)
        #expect(out.status == 1)
        #expect(out.stderr.contains("error: component 'Core': cannot read the refs of \(server.url)/Core.git: the server refused the token in CARVE_TOKEN"), "\(out.stderr)")
        #expect(!out.stderr.contains(wrong) && !out.stdout.contains(wrong))
        #expect(try PublishFixture.refs(root.appendingPathComponent("Core.git")).isEmpty)
        #expect(try PublishFixture.fullState(repo) == before)
        let none = try carve(["publish", "Sources/Core", "--remote-template", server.url + "/{name}.git"], in: repo, token: nil)
        #expect(none.status == 1)
        #expect(none.stderr.contains("put a token in CARVE_TOKEN"), "\(none.stderr)")
        // A token in the URL itself is never echoed either.
        let inURL = try carve(["publish", "Sources/Core", "--remote-template", "http://user:\(wrong)@127.0.0.1:\(server.port)/{name}.git"], in: repo, token: nil)
        #expect(inURL.status == 1)
        #expect(!inURL.stderr.contains(wrong) && !inURL.stdout.contains(wrong), "\(inURL.stderr)")
    }

    @Test func aServerStoppedMidPushFailsThenARerunCompletes() throws {
        let f = try fixture()
        let repo = f.repo, root = f.root
        let dying = try GitHTTPServer(root: root, token: token, dieDuringPush: true)
        let out = try carve(["publish", "--all", "--remote-template", dying.url + "/{name}.git", "--tags", "v*", "--json"], in: repo, token: token)
        #expect(out.status == 1)
        #expect(dying.waitUntilGone() == 3, "the server stopped in the push")
        let failed = out.stderr.split(separator: "\n").filter { $0.hasPrefix("error: component ") }
        #expect(failed.count == 3, "one message per component: \(out.stderr)")
        #expect(out.stderr.contains("pushing to \(dying.url)/Core.git failed") || out.stderr.contains("cannot read the refs of \(dying.url)/Core.git"), "\(out.stderr)")
        #expect(try PublishFixture.refs(root.appendingPathComponent("Core.git")).isEmpty)
        let server = try GitHTTPServer(root: root, token: token)
        let rerun = try carve(["publish", "--all", "--remote-template", server.url + "/{name}.git", "--tags", "v*"], in: repo, token: token)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let split = try carve(["split", "--all"], in: repo, token: nil).stdout
        for name in ["Core", "Net", "Late"] {
            let remote = root.appendingPathComponent("\(name).git")
            #expect(split.contains("\(name) \(try Shell.git(["rev-parse", "main"], in: remote))"))
            try Shell.git(["fsck", "--no-progress"], in: remote)
        }
    }
}
