import Foundation
import Model
import Testing
@testable import Verify

/// Verify's process runner and package builder, on real programs.
@Suite struct VerifyTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carve-verify-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func runnerGivesStatusOutputAndErrorOfAnArgumentArray() throws {
        let runner = ProcessRunner()
        let sh = try #require(ProcessRunner.locate("sh"))
        // An argument with spaces and quotes is one argument: no shell parses the array itself.
        let out = try runner.run(sh, ["-c", "printf '%s' \"$1\"; printf 'oops' >&2; exit 7", "sh", "a 'b' \"c\""], in: "/", environment: ["PATH": "/usr/bin:/bin"])
        #expect(out.status == 7)
        #expect(String(decoding: out.stdout, as: UTF8.self) == "a 'b' \"c\"")
        #expect(String(decoding: out.stderr, as: UTF8.self) == "oops")
    }

    @Test func runnerDrainsLargeOutputOnBothStreams() throws {
        let sh = try #require(ProcessRunner.locate("sh"))
        // 1 MB on each stream: more than a pipe holds, so a runner that waits first would hang.
        let out = try ProcessRunner().run(sh, ["-c", "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2"], in: "/", environment: ["PATH": "/usr/bin:/bin"])
        #expect(out.status == 0 && out.stdout.count == 1_048_576 && out.stderr.count == 1_048_576)
    }

    /// A program started to die with its parent runs only while that parent lives: one whose
    /// parent is already another process by the time the signal is set (Carve killed between
    /// the fork and the `prctl`) never starts.
    @Test func aProgramRunsOnlyUnderTheParentItWasStartedFor() throws {
        #if os(Linux)
        let sh = try #require(ProcessRunner.locate("sh"))
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func started(parent: pid_t) throws -> Bool {
            let marker = folder.appendingPathComponent("ran-\(parent)").path
            let launch = ProcessRunner.launch(sh, ["-c", "touch \"$1\"", "sh", marker], parent: parent)
            #expect(launch.executable.hasSuffix("setpriv"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: launch.executable)
            process.arguments = launch.arguments
            try process.run()
            process.waitUntilExit()
            return FileManager.default.fileExists(atPath: marker)
        }
        #expect(try started(parent: getpid()))
        #expect(try !started(parent: getppid()))
        #endif
    }

    @Test func locateFindsProgramsOnPath() {
        #expect(ProcessRunner.locate("sh")?.hasSuffix("/sh") == true)
        #expect(ProcessRunner.locate("no-such-program-\(UUID().uuidString)") == nil)
    }

    @Test func mirrorsAreSwiftPMsFormat() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try PackageBuilder(runner: ProcessRunner()).writeMirrors(["https://example.com/b.git": "/m/b", "https://example.com/a.git": "/m/a"], into: folder.path + "/config")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config/mirrors.json"))) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let objects = try #require(json["object"] as? [[String: String]])
        #expect(objects == [["original": "https://example.com/a.git", "mirror": "/m/a"], ["original": "https://example.com/b.git", "mirror": "/m/b"]])
    }

    @Test func aBuildThatFailsKeepsTheCompilersLastLines() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sources/Broken"), withIntermediateDirectories: true)
        try "// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"Broken\", targets: [.target(name: \"Broken\")])\n".write(to: folder.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try "let x: Int = \"not a number\"\n".write(to: folder.appendingPathComponent("Sources/Broken/Broken.swift"), atomically: true, encoding: .utf8)
        let outcome = PackageBuilder(runner: ProcessRunner()).build(label: "broken", packageAt: folder.path, configPath: nil, cachePath: folder.path + "/cache")
        #expect(!outcome.succeeded && outcome.package == "broken" && outcome.seconds > 0)
        #expect(outcome.output.contains("Broken.swift:1:") && outcome.output.contains("error:"), "\(outcome.output)")
        #expect(PackageBuilder.tail("a\nb\nc\nd", lines: 2) == "c\nd")
    }
}
