import Foundation
import Model
import Testing

/// The built `carve` binary, end to end: results on stdout, one clear error on stderr, exit codes,
/// and nothing written when the input is refused.
@Suite struct CommandLineTests {
    static let binary = Shell.packageRoot.appendingPathComponent(".build/debug/carve").path

    func carve(_ arguments: [String], in directory: URL) throws -> Shell.Output {
        try Shell.run(Self.binary, arguments, in: directory)
    }

    /// Every ref and HEAD, to prove that nothing changed.
    func refState(_ repo: URL) throws -> String {
        let refs = try Shell.run("git", ["for-each-ref", "--format=%(refname) %(objectname)"], in: repo).stdout
        let head = try Shell.run("git", ["symbolic-ref", "-q", "HEAD"], in: repo).stdout
        let objects = try Shell.run("git", ["count-objects", "-v"], in: repo).stdout
        return refs + head + objects
    }

    @Test func splitPrintsTheIdAndWritesTheBranch() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("feature-noff", into: temp)
        let status = try Shell.git(["status", "--porcelain"], in: repo)
        let out = try carve(["split", "Sources/Lib", "--branch", "split/lib"], in: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let id = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(out.stdout == id + "\n", "stdout carries the id only")
        #expect(try Shell.git(["rev-parse", "split/lib"], in: repo) == id)
        #expect(try Oracle.subtreeSplit(repo: repo, prefix: "Sources/Lib", revision: "main") == id)
        try FileManager.default.removeItem(at: repo.appendingPathComponent("Sources/Lib"))
        try Shell.git(["checkout", "--", "."], in: repo)
        #expect(try Shell.git(["status", "--porcelain"], in: repo) == status, "work tree untouched")
        #expect(try Shell.git(["symbolic-ref", "HEAD"], in: repo) == "refs/heads/main")
        // The new objects were written as one pack, and the repository is consistent.
        try Shell.git(["fsck", "--strict", "--no-progress"], in: repo)
        // Running again is a no-op for the branch.
        let again = try carve(["split", "Sources/Lib", "--branch", "split/lib", "--repo", repo.path], in: temp.url)
        #expect(again.stdout == out.stdout)
    }

    @Test func progressOnlyOnATerminal() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("bigger", into: temp)
        // stderr is a file here: nothing at all, let alone per commit.
        let quietRun = try carve(["split", "Sources/Lib", "--no-cache"], in: repo)
        #expect(quietRun.status == 0 && quietRun.stderr.isEmpty, "\(quietRun.stderr)")
        // Under a pseudo-terminal (util-linux `script`), a progress line is drawn on stderr.
        let command = "\(Self.binary) split Sources/Lib --no-cache --repo \(repo.path) >/dev/null"
        let tty = try Shell.run("script", ["-qec", command, "/dev/null"], in: repo)
        #expect(tty.status == 0)
        #expect(tty.stdout.contains("splitting:") && tty.stdout.contains("commits"), "\(tty.stdout)")
        let silenced = try Shell.run("script", ["-qec", command + " --quiet", "/dev/null"], in: repo)
        #expect(!silenced.stdout.contains("splitting:"))
    }

    @Test func bareRepositoryAndJSON() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        let bare = temp.url.appendingPathComponent("bare.git")
        try Shell.git(["clone", "-q", "--bare", repo.path, bare.path], in: temp.url)
        let out = try carve(["split", "Sources/Lib", "--repo", bare.path, "--json"], in: temp.url)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(json?["head"] as? String == (try Oracle.subtreeSplit(repo: repo, prefix: "Sources/Lib", revision: "main")))
    }

    @Test func versionOnItsOwnAndInEveryJSONReport() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        let version = try carve(["--version"], in: repo)
        #expect(version.status == 0 && version.stdout == CarveVersion.current + "\n" && version.stderr.isEmpty, "\(version)")
        #expect(CarveVersion.current.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
        let split = try JSONSerialization.jsonObject(with: Data(try carve(["split", "Sources/Lib", "--json"], in: repo).stdout.utf8)) as? [String: Any]
        #expect(split?["version"] as? String == CarveVersion.current)
        let many = try JSONSerialization.jsonObject(with: Data(try carve(["split", "--component", "Lib=Sources/Lib", "--json"], in: repo).stdout.utf8)) as? [[String: Any]]
        #expect(many?.count == 1 && many?.allSatisfy { $0["version"] as? String == CarveVersion.current } == true, "\(String(describing: many))")
        let graph = try JSONSerialization.jsonObject(with: Data(try carve(["graph", "--json", "--repo", Shell.packageRoot.path], in: repo).stdout.utf8)) as? [String: Any]
        #expect(graph?["version"] as? String == CarveVersion.current)
        // `--version` of extract and batch is still the new packages' version.
        let usage = try carve(["extract", "Lib", "--to", temp.url.appendingPathComponent("x").path, "--version"], in: repo)
        #expect(usage.status == 64 && usage.stderr.contains("Missing value for '--version <version>'"), "\(usage.stderr)")
        let w = try ExtractTests.Workspace("pkg-mixed")
        let byURL = try w.carve(["extract", "geo", "--to", w.root.appendingPathComponent("geo").path, "--url-template", "https://example.com/{name}.git", "--version", "1.2.0", "--dry-run"])
        #expect(byURL.status == 0 && byURL.stdout.contains(", tag 1.2.0\n"), "\(byURL.stderr)")
        #expect(try carve(["--version", "extra"], in: repo).status == 64)
    }

    @Test func completionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try carve(["--generate-completion-script", shell], in: Shell.packageRoot)
            #expect(script.status == 0 && script.stdout.contains("carve") && script.stdout.contains("dry-run"), "\(shell): \(script.stderr)")
            // A `--version` flag beside extract's `--version V` makes fish's argparse loop forever.
            if shell == "fish" {
                for line in script.stdout.split(separator: "\n") where line.contains("'version='") {
                    #expect(!line.contains("'version' "), "\(line)")
                }
            }
        }
    }

    struct BadInput: CustomStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var expect: String
        var description: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "unknown revision", arguments: ["split", "Sources/Lib", "--rev", "nope"], expect: "unknown revision 'nope'"),
        BadInput(name: "revision is a tree", arguments: ["split", "Sources/Lib", "--rev", "main^{tree}"], expect: "names a tree, not a commit"),
        BadInput(name: "revision is a blob", arguments: ["split", "Sources/Lib", "--rev", "main:README.md"], expect: "names a blob, not a commit"),
        BadInput(name: "folder never existed", arguments: ["split", "Sources/Nope"], expect: "does not exist in any commit"),
        BadInput(name: "escaping folder", arguments: ["split", "../outside"], expect: "contains '.' or '..'"),
        BadInput(name: "absolute folder", arguments: ["split", "/etc"], expect: "absolute path"),
        BadInput(name: "overlapping destinations", arguments: ["split", "Sources/Lib:X", "Sources/App:X/Y"], expect: "overlap"),
        BadInput(name: "invalid branch name", arguments: ["split", "Sources/Lib", "--branch", "bad..name"], expect: "not a valid branch name"),
        BadInput(name: "branch not an ancestor", arguments: ["split", "Sources/Lib", "--branch", "other"], expect: "refusing to move branch 'other'"),
        BadInput(name: "checked-out branch", arguments: ["split", "Sources/Lib", "--branch", "main"], expect: "it is the branch checked out"),
        BadInput(name: "not a repository", arguments: ["split", "Sources/Lib", "--repo", "/"], expect: "not inside a git repository"),
        BadInput(name: "missing path", arguments: ["split", "Sources/Lib", "--repo", "/no/such/dir"], expect: "does not exist"),
        BadInput(name: "unknown flag", arguments: ["split", "Sources/Lib", "--frobnicate"], expect: "Unknown option"),
        BadInput(name: "no folder", arguments: ["split"], expect: "name at least one folder"),
    ]

    @Test(arguments: badInputs)
    func badInputIsRefusedAndNothingChanges(_ bad: BadInput) throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        try Shell.git(["branch", "other", "main"], in: repo)
        let before = try refState(repo)
        let out = try carve(bad.arguments, in: repo)
        #expect(out.status != 0, "\(bad)")
        #expect(out.status < 128, "no crash: \(out.status)")
        #expect(out.stdout.isEmpty, "\(bad): stdout \(out.stdout)")
        #expect(out.stderr.contains(bad.expect), "\(bad): \(out.stderr)")
        #expect(try refState(repo) == before, "\(bad): the repository changed")
    }

    @Test func emptyAndShallowRepositoriesAreRefused() throws {
        let temp = try TemporaryDirectory()
        let empty = temp.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Shell.git(["init", "-q"], in: empty)
        let out = try carve(["split", "Sources/Lib"], in: empty)
        #expect(out.status == 1 && out.stderr.contains("no commits yet") && out.stdout.isEmpty, "\(out.stderr)")

        let repo = try Fixtures.copy("linear", into: temp)
        let shallow = temp.url.appendingPathComponent("shallow")
        try Shell.git(["clone", "-q", "--depth", "2", "file://" + repo.path, shallow.path], in: temp.url)
        let refused = try carve(["split", "Sources/Lib"], in: shallow)
        #expect(refused.status == 1 && refused.stderr.contains("shallow clone"), "\(refused.stderr)")
        let allowed = try carve(["split", "Sources/Lib", "--allow-shallow"], in: shallow)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        // What git subtree gives on the same shallow clone: the cut commits are roots.
        let expected = try Oracle.subtreeSplit(repo: shallow, prefix: "Sources/Lib", revision: "HEAD")
        #expect(allowed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test func graphOfARealPackage() throws {
        // Carve's own package: Model is a leaf, the executable depends on the use cases.
        let out = try carve(["graph", "--json", "--repo", Shell.packageRoot.path], in: Shell.packageRoot)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        // One package (the fixtures under TestRepos are scripts, not packages).
        let packages = try #require(json["packages"] as? [[String: Any]])
        #expect(packages.map { $0["folder"] as? String } == [""])
        let graph = try #require(packages.first?["graph"] as? [String: Any])
        let components = try #require(graph["components"] as? [[String: Any]])
        let model = try #require(components.first { $0["name"] as? String == "Model" })
        #expect(model["dependencies"] as? [String] == [])
        #expect((model["dependents"] as? [String])?.contains("Split") == true)
        #expect((graph["cycles"] as? [Any])?.isEmpty == true)
        let dot = try carve(["graph", "--dot", "--repo", Shell.packageRoot.path], in: Shell.packageRoot)
        #expect(dot.stdout.hasPrefix("digraph") && dot.stdout.contains("\"Split\" -> \"Model\""))
    }

    @Test func graphRefusesWhatIsNotAPackage() throws {
        let temp = try TemporaryDirectory()
        let none = try carve(["graph", "--repo", temp.url.path], in: temp.url)
        #expect(none.status == 1 && none.stdout.isEmpty && none.stderr.contains("no Package.swift"), "\(none.stderr)")
        try Data("// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: 1)\n".utf8)
            .write(to: temp.url.appendingPathComponent("Package.swift"))
        let broken = try carve(["graph", "--repo", temp.url.path], in: temp.url)
        #expect(broken.status == 1 && broken.stdout.isEmpty && broken.stderr.contains("does not evaluate"), "\(broken.stderr)")
    }

    @Test func aHeldLockRefusesAndAStaleOneIsTakenOver() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        let lock = repo.appendingPathComponent(".git/carve.lock")
        // Held by a live process (this test's).
        try Data("\(ProcessInfo.processInfo.processIdentifier)\n".utf8).write(to: lock)
        let held = try carve(["split", "Sources/Lib", "--branch", "s"], in: repo)
        #expect(held.status == 1 && held.stdout.isEmpty, "\(held.stderr)")
        #expect(held.stderr.contains("another carve (process \(ProcessInfo.processInfo.processIdentifier))"), "\(held.stderr)")
        #expect(FileManager.default.fileExists(atPath: lock.path), "someone else's lock is left alone")
        #expect(try Shell.run("git", ["rev-parse", "--verify", "-q", "s"], in: repo).status != 0)
        // Left by a process that is gone: taken over, and removed at the end.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try Data("\(gone.processIdentifier)\n".utf8).write(to: lock)
        let stale = try carve(["split", "Sources/Lib", "--branch", "s"], in: repo)
        #expect(stale.status == 0, "\(stale.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lock.path))
    }
}
