import Foundation
import Testing
import TestSupport

/// `carve extract` and `carve batch` killed with SIGKILL (and stopped with SIGINT) at seeded
/// random moments: existing refs are unchanged, the repository is consistent, no destination is
/// half-written, and the next run finishes with the ids of an uninterrupted run.
@Suite struct ExtractInterruptionTests {
    struct Command {
        var arguments: [String]
        /// Where the result goes, relative to the folder that holds the monorepo.
        var destination: String
    }

    static let extract = Command(arguments: ["extract", "Networking", "--to", "../Networking", "--json", "--quiet"], destination: "Networking")
    static let batch = Command(arguments: ["batch", "Core", "Models", "--out", "../packages", "--json", "--quiet"], destination: "packages")

    /// The package commits and the monorepo commit of a JSON report.
    static func ids(_ output: String) throws -> [String] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let packages = try #require(report["packages"] as? [[String: Any]])
        let monorepo = try #require(report["monorepo"] as? [String: Any])
        return packages.compactMap { $0["packageCommit"] as? String } + [monorepo["commit"] as? String ?? "-"]
    }

    /// Every repository under `folder` (the destination itself, or the packages of a batch).
    static func repositories(in folder: URL) -> [URL] {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) { return [folder] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func killedExtractionsAndBatchesLeaveNothingHalfWritten() throws {
        let temp = try TemporaryDirectory()
        let pristine = temp.url.appendingPathComponent("pristine/pkg-deps")
        try Fixtures.buildPackage("pkg-deps", at: pristine)

        // The uninterrupted answers, and how long a run takes.
        var expected: [[String]] = []
        var window = 0
        for command in [Self.extract, Self.batch] {
            let reference = temp.url.appendingPathComponent("reference-\(command.destination)/pkg-deps")
            try FileManager.default.createDirectory(at: reference.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: pristine, to: reference)
            let clock = ContinuousClock()
            let started = clock.now
            let out = try Shell.run(CommandLineTests.binary, command.arguments, in: reference)
            #expect(out.status == 0, "\(out.stderr)")
            window = max(window, InterruptionTests.seventyPercent(of: clock.now - started))
            expected.append(try Self.ids(out.stdout))
        }

        var random = RandomHistory.SplitMix64(seed: 20261129)
        var killed = 0
        var killedWriting = 0
        // 36 trials at random moments, then 8 killed the moment the new repositories start to
        // be written (their folder beside the destination appears).
        for trial in 0..<44 {
            let which = trial % 2
            let command = [Self.extract, Self.batch][which]
            let base = temp.url.appendingPathComponent("trial-\(trial)")
            let repo = base.appendingPathComponent("pkg-deps")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: pristine, to: repo)
            let before = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
            let process = try InterruptionTests.start(command.arguments, in: repo)
            if trial < 36 {
                usleep(UInt32(random.below(window)))
            } else {
                let scratch = base.appendingPathComponent(".\(command.destination).carve-tmp").path
                var polls = 0
                while polls < 20_000, process.isRunning, !FileManager.default.fileExists(atPath: scratch) {
                    usleep(250)
                    polls += 1
                }
                if FileManager.default.fileExists(atPath: scratch) { killedWriting += 1 }
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()

            let after = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
            #expect(Set(before.split(separator: "\n")).isSubset(of: Set(after.split(separator: "\n"))), "trial \(trial): an existing ref changed")
            let fsck = try Shell.run("git", ["fsck", "--strict", "--no-progress", "--no-dangling"], in: repo)
            #expect(fsck.status == 0, "trial \(trial): \(fsck.stdout) \(fsck.stderr)")
            // The destination is absent or complete: never half-written.
            let destination = base.appendingPathComponent(command.destination)
            if FileManager.default.fileExists(atPath: destination.path) {
                let repositories = Self.repositories(in: destination)
                #expect(repositories.count == expected[which].count - 1, "trial \(trial): \(repositories)")
                for r in repositories {
                    #expect(try Shell.git(["status", "--porcelain"], in: r) == "", "trial \(trial)")
                }
            }

            // The next run succeeds with the uninterrupted ids, and leaves no scratch behind.
            let again = try Shell.run(CommandLineTests.binary, command.arguments, in: repo)
            #expect(again.status == 0, "trial \(trial): \(again.stderr)")
            if again.status == 0 { #expect(try Self.ids(again.stdout) == expected[which], "trial \(trial)") }
            let mains = try Self.repositories(in: destination).map { try Shell.git(["rev-parse", "main"], in: $0) }
            #expect(Set(mains) == Set(expected[which].dropLast()), "trial \(trial)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == [command.destination, "pkg-deps"].sorted(), "trial \(trial)")
            try? FileManager.default.removeItem(at: base)
        }
        #expect(killed > 0, "no run was interrupted: the delays are too long")
        #expect(killedWriting > 0, "no run was killed while writing the new repositories")
        FileHandle.standardError.write(Data("ExtractInterruptionTests: \(killed) of 44 runs killed, \(killedWriting) while writing the new repositories\n".utf8))
    }

    @Test func ctrlCStopsAnExtractionWithExitCode130() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("pkg-deps")
        try Fixtures.buildPackage("pkg-deps", at: repo)
        let before = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo)
        let (status, message) = try InterruptionTests.interrupt(["extract", "Networking", "--to", "../Networking", "--verify"], in: repo, after: 1_500_000, scratch: temp.url)
        #expect(status == 130, "\(message)")
        #expect(message.contains("interrupted"))
        #expect(try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo) == before)
        #expect(!FileManager.default.fileExists(atPath: temp.url.appendingPathComponent("Networking").path))
        // The next run succeeds.
        let again = try Shell.run(CommandLineTests.binary, ["extract", "Networking", "--to", "../Networking"], in: repo)
        #expect(again.status == 0, "\(again.stderr)")
    }
}

extension ExtractInterruptionTests {
    /// A run killed inside libgit2's reference transaction leaves `<ref>.lock` behind, with its
    /// `carve.lock`: the next run takes both over. A `.lock` without a stale `carve.lock` is
    /// someone else's and is respected.
    @Test func aReferenceLockLeftByAKilledRunIsTakenOver() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("pkg-deps")
        try Fixtures.buildPackage("pkg-deps", at: repo)
        let refLock = repo.appendingPathComponent(".git/refs/heads/carve/extract-Core.lock")
        try FileManager.default.createDirectory(at: refLock.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: refLock)
        let respected = try Shell.run(CommandLineTests.binary, ["extract", "Core", "--to", "../Core"], in: repo)
        #expect(respected.status == 1 && respected.stderr.contains("carve/extract-Core.lock"), "\(respected.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.url.appendingPathComponent("Core").path))

        // Now as a killed Carve leaves it: its carve.lock names a process that is gone.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try Data("\(gone.processIdentifier)\n".utf8).write(to: repo.appendingPathComponent(".git/carve.lock"))
        let again = try Shell.run(CommandLineTests.binary, ["extract", "Core", "--to", "../Core"], in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: refLock.path))
        #expect(try Shell.run("git", ["rev-parse", "--verify", "-q", "carve/extract-Core"], in: repo).status == 0)
    }
}
