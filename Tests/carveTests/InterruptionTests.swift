import Foundation
import Testing
import TestSupport

/// `carve split` killed with SIGKILL at seeded random moments: refs are unchanged or fully
/// updated, the repository stays consistent, and the next run gives the uninterrupted ids.
@Suite struct InterruptionTests {
    /// Starts the built binary in `repo` without waiting for it.
    static func start(_ arguments: [String], in repo: URL, stderr: FileHandle = .nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = repo
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        return process
    }

    /// Starts the binary, sends SIGINT after `microseconds`, and returns its exit status and stderr.
    static func interrupt(_ arguments: [String], in repo: URL, after microseconds: UInt32, scratch: URL) throws -> (Int32, String) {
        let errors = scratch.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = try start(arguments, in: repo, stderr: FileHandle(forWritingTo: errors))
        usleep(microseconds)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: errors, encoding: .utf8))
    }

    /// 70% of a duration, in microseconds (at least 1).
    static func seventyPercent(of d: Duration) -> Int {
        max(1, Int(Double(d.components.seconds) * 700_000 + Double(d.components.attoseconds) / 1e12 * 0.7))
    }

    @Test func killedSplitsLeaveNothingHalfWritten() throws {
        let temp = try TemporaryDirectory()
        let pristine = try Fixtures.copy("bigger", into: temp)
        // The uninterrupted answers.
        let reference = temp.url.appendingPathComponent("reference")
        try FileManager.default.copyItem(at: pristine, to: reference)
        let clock = ContinuousClock()
        let started = clock.now
        let expectedLib = try Shell.run(CommandLineTests.binary, ["split", "Sources/Lib", "--quiet"], in: reference).stdout
        // Kills land in the first 70% of a run: a SIGKILL inside libgit2's final reference
        // transaction would leave a `.lock` file behind, as it would for git itself.
        let window = Self.seventyPercent(of: clock.now - started)
        let expectedMany = try Shell.run(CommandLineTests.binary, ["split", "--all", "--quiet"], in: reference).stdout
        #expect(!expectedLib.isEmpty && !expectedMany.isEmpty)

        var random = RandomHistory.SplitMix64(seed: 20261125)
        var killed = 0
        for trial in 0..<16 {
            let repo = temp.url.appendingPathComponent("trial-\(trial)")
            try FileManager.default.copyItem(at: pristine, to: repo)
            let before = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
            let arguments = trial % 2 == 0 ? ["split", "Sources/Lib", "--branch", "split/lib", "--quiet"] : ["split", "--all", "--quiet"]
            let process = try Self.start(arguments, in: repo)
            usleep(UInt32(random.below(window)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()

            // Every ref is either as it was or fully written; nothing else changed.
            let after = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
            let beforeSet = Set(before.split(separator: "\n")), afterSet = Set(after.split(separator: "\n"))
            #expect(beforeSet.isSubset(of: afterSet), "trial \(trial): an existing ref changed")
            let fsck = try Shell.run("git", ["fsck", "--strict", "--no-progress", "--no-dangling"], in: repo)
            #expect(fsck.status == 0, "trial \(trial): \(fsck.stdout) \(fsck.stderr)")
            // The next run succeeds with the uninterrupted ids.
            let again = try Shell.run(CommandLineTests.binary, arguments, in: repo)
            #expect(again.status == 0, "trial \(trial): \(again.stderr)")
            #expect(again.stdout == (trial % 2 == 0 ? expectedLib : expectedMany), "trial \(trial)")
            try? FileManager.default.removeItem(at: repo)
        }
        #expect(killed > 0, "no run was interrupted: the delays are too long")
    }

    @Test func killedCacheRewriteLeavesThePreviousCacheValid() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("bigger", into: temp)
        let binary = CommandLineTests.binary
        let clock = ContinuousClock()
        let started = clock.now
        let expected = try Shell.run(binary, ["split", "Sources/Lib", "--quiet"], in: repo).stdout
        let window = Self.seventyPercent(of: clock.now - started)
        let cacheBefore = try Shell.git(["for-each-ref", "refs/carve/cache"], in: repo)
        var random = RandomHistory.SplitMix64(seed: 7)
        for _ in 0..<6 {
            // A cold run rewrites the cache at its very end; kill it somewhere on the way.
            let process = try Self.start(["split", "Sources/Lib", "--no-cache", "--quiet"], in: repo)
            usleep(UInt32(random.below(window)))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            // The cache is either the old one or a complete new one: either way it serves.
            let again = try Shell.run(binary, ["split", "Sources/Lib", "--json", "--quiet"], in: repo)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            #expect(json["head"] as? String == expected.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(json["incremental"] as? Bool == true, "the cache was lost")
        }
        // The same split again leaves the same cache.
        _ = try Shell.run(binary, ["split", "Sources/Lib", "--no-cache", "--quiet"], in: repo)
        #expect(try Shell.git(["for-each-ref", "refs/carve/cache"], in: repo) == cacheBefore)
    }

    @Test func ctrlCStopsCleanlyWithExitCode130() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("bigger", into: temp)
        let before = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
        let (status, message) = try Self.interrupt(["split", "--all", "--no-cache", "--branch-prefix", "int/"], in: repo, after: 30_000, scratch: temp.url)
        #expect(status == 130, "\(message)")
        #expect(message.contains("interrupted"))
        #expect(try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo) == before)
        #expect(try Shell.run("git", ["fsck", "--strict", "--no-progress"], in: repo).status == 0)
    }
}
