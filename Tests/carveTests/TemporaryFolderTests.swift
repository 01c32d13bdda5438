import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Carve leaves nothing in the temporary folder: the built binary runs with TMPDIR set to a
/// folder of the test's own, whose entries are counted before and after (what SwiftPM's
/// `dump-package` and `swift build` make there included), and the folders a killed run
/// leaves behind are removed by the next run.
@Suite struct TemporaryFolderTests {
    typealias Workspace = ExtractTests.Workspace

    /// A private temporary folder, and the environment that makes it the binary's.
    struct PrivateTemporary {
        let temp: TemporaryDirectory
        var url: URL { temp.url }
        var environment: [String: String] {
            var env = Shell.gitEnvironment
            env["TMPDIR"] = url.path
            // SwiftPM runs every time (what it leaves is what these tests count), whatever an
            // earlier run kept of its answers.
            env["CARVE_MANIFEST_CACHE"] = "0"
            return env
        }

        init() throws {
            temp = try TemporaryDirectory()
        }

        func entries() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        }
    }

    @Test func extractAndGraphLeaveNothing() throws {
        let w = try Workspace("pkg-mixed")
        let tmp = try PrivateTemporary()
        #expect(try tmp.entries() == [])
        let dir = w.root.appendingPathComponent("geo").path
        let dry = try Shell.run(CommandLineTests.binary, ["extract", "Sources/geo", "--to", dir, "--dry-run", "--repo", w.repo.path], in: w.repo, environment: tmp.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try tmp.entries() == [], "after extract --dry-run")
        let graph = try Shell.run(CommandLineTests.binary, ["graph", "--repo", w.repo.path], in: w.repo, environment: tmp.environment)
        #expect(graph.status == 0, "\(graph.stderr)")
        #expect(try tmp.entries() == [], "after graph")
        // `swift build` of both sides, in Carve's scratch copies.
        let verified = try Shell.run(CommandLineTests.binary, ["extract", "Sources/geo", "--to", dir, "--dry-run", "--verify", "--repo", w.repo.path], in: w.repo, environment: tmp.environment)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try tmp.entries() == [], "after extract --verify")
    }

    @Test func aKilledRunsFoldersAreRemovedByTheNextRun() throws {
        let w = try Workspace("pkg-mixed")
        let tmp = try PrivateTemporary()
        let dir = w.root.appendingPathComponent("geo").path
        var left: [String] = []
        var killed: pid_t = 0
        // Kill while `swift package dump-package` runs (its TMPDIR, carve-tmp-*, exists); a
        // trial that misses the moment is repeated.
        for _ in 0..<10 where left.isEmpty {
            let process = try Self.startDryExtract(w, to: dir, tmp)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline, !(try tmp.entries()).contains(where: { $0.hasPrefix("carve-tmp-") }) {
                usleep(2_000)
            }
            killed = process.processIdentifier
            Self.killTree(killed)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            left = try tmp.entries()
        }
        #expect(!left.isEmpty, "no trial was killed mid-run")
        #expect(left.allSatisfy { $0.hasPrefix("carve-") && $0.contains("-\(killed)-") }, "\(left)")

        // A live process's scratch folder and other names are not the next run's to remove.
        let live = "carve-manifest-\(getpid())-1", other = "carve-notes"
        for name in [live, other] {
            try FileManager.default.createDirectory(at: tmp.url.appendingPathComponent(name), withIntermediateDirectories: false)
        }
        // Any run cleans up first, also one that makes no scratch folder itself.
        let next = try Shell.run(CommandLineTests.binary, ["split", "Sources/geo", "--repo", w.repo.path], in: w.repo, environment: tmp.environment)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try tmp.entries() == [live, other].sorted())
    }

    /// The programs Carve runs die with it: Carve alone killed with SIGKILL while SwiftPM
    /// runs leaves no SwiftPM behind.
    @Test func programsDieWithAKilledCarve() throws {
        #if os(Linux)
        let w = try Workspace("pkg-mixed")
        let tmp = try PrivateTemporary()
        let dir = w.root.appendingPathComponent("geo").path
        var orphans: [pid_t] = []
        var caught = false
        for _ in 0..<10 where !caught {
            let process = try Self.startDryExtract(w, to: dir, tmp)
            let carve = process.processIdentifier
            var children: [pid_t] = []
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline, children.isEmpty {
                children = Self.children(of: carve)
                usleep(1_000)
            }
            kill(carve, SIGKILL)
            process.waitUntilExit()
            guard !children.isEmpty else { continue }
            caught = true
            // A child caught before it started the program (still Carve's image, `setpriv`, or
            // the shell that checks its parent) must end without starting it; one caught later
            // was killed with Carve. An orphan is a child seen running the program afterwards.
            let until = Date().addingTimeInterval(10)
            var watched = children
            while !watched.isEmpty, Date() < until {
                watched = watched.filter { p in
                    guard let name = Self.running(p) else { return false }
                    if !["carve", "setpriv", "sh"].contains(name) { orphans.append(p); return false }
                    return true
                }
                usleep(2_000)
            }
            orphans += watched
            for p in orphans { Self.killTree(p) }
        }
        #expect(caught, "no trial caught a program Carve ran")
        #expect(orphans.isEmpty, "still running after Carve was killed: \(orphans)")
        #endif
    }

    /// `carve extract Sources/geo --dry-run`, started and not waited for.
    static func startDryExtract(_ w: Workspace, to dir: String, _ tmp: PrivateTemporary) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["extract", "Sources/geo", "--to", dir, "--dry-run", "--repo", w.repo.path]
        process.environment = tmp.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGKILL for `pid` and every process below it: each is stopped first, so none can start
    /// another meanwhile, nor be orphaned (and lost from the tree) before it is found.
    static func killTree(_ pid: pid_t) {
        var found: [pid_t] = [pid]
        kill(pid, SIGSTOP)
        var index = 0
        while index < found.count {
            for child in children(of: found[index]) where !found.contains(child) {
                kill(child, SIGSTOP)
                found.append(child)
            }
            index += 1
        }
        for p in found { kill(p, SIGKILL) }
    }

    /// The processes whose parent is `pid`.
    static func children(of pid: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let child = pid_t(name), let stat = stat(of: child) else { return nil }
            return stat.parent == pid ? child : nil
        }
    }

    /// The program `pid` runs (its command name), nil when it is gone: no such process, a zombie
    /// (its new parent has yet to reap it), or one with SIGKILL pending (bit 8 of its pending
    /// signals), which does not run on.
    static func running(_ pid: pid_t) -> String? {
        guard let stat = stat(of: pid), stat.state != "Z",
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { return nil }
        let pending = status.split(separator: "\n").compactMap { line -> UInt64? in
            guard line.hasPrefix("SigPnd:") || line.hasPrefix("ShdPnd:") else { return nil }
            return UInt64(line.split(separator: "\t").last ?? "", radix: 16)
        }
        return pending.contains { $0 & 0x100 != 0 } ? nil : stat.name
    }

    /// The command name, state and parent in /proc/<pid>/stat ("pid (comm) state ppid ...":
    /// comm may hold spaces and parentheses); nil when there is no such process.
    static func stat(of pid: pid_t) -> (name: String, state: Substring, parent: pid_t)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
        return (String(stat[stat.index(after: open)..<close]), fields[0], parent)
    }
}
