import Foundation
import Testing
import TestSupport

/// A remote that takes the connection and never answers: with `--timeout`, that component fails
/// with one clear message while the others are published, and the run ends.
@Suite struct PublishTimeoutTests {
    /// A loopback TCP server that accepts connections and never replies.
    final class SilentServer {
        let process = Process()
        let port: Int

        init() throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(8)\nprint(s.getsockname()[1], flush=True)\nheld = []\nwhile True:\n    held.append(s.accept())\n"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            port = try GitHTTPServer.port(printedBy: process, on: out, name: "the silent server")
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func aSilentRemoteTimesOutAndTheOthersArePublished() throws {
        let publish = PublishTests()
        let s = try publish.setup(components: ["Net"])
        let server = try SilentServer()
        let config = s.temp.url.appendingPathComponent("components.json")
        try """
            {"components": [
              {"name": "Core", "folders": ["Sources/Core"], "remote": "http://127.0.0.1:\(server.port)/Core.git"},
              {"name": "Net", "folders": ["Sources/Net"]}
            ]}
            """.write(to: config, atomically: true, encoding: .utf8)
        let started = Date()
        let out = try publish.carve(["publish", "--config", config.path, "--remote-template", s.template, "--timeout", "2", "--json"], in: s.repo)
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(out.status == 1, "\(out.stderr)")
        let result = try publish.components(out)
        #expect(result["Core"]?["status"] as? String == "failed")
        #expect((result["Core"]?["message"] as? String)?.contains("no answer within 2 s") == true, "\(result["Core"] ?? [:])")
        #expect(result["Net"]?["status"] as? String == "pushed")
        #expect(try Shell.git(["rev-parse", "main"], in: s.remote("Net")) == (try Oracle.subtreeSplit(repo: s.repo, prefix: "Sources/Net", revision: "main")))
        let bad = try publish.carve(["publish", "--all", "--remote-template", s.template, "--timeout", "0"], in: s.repo)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--timeout takes a number of seconds above 0"))
    }
}
