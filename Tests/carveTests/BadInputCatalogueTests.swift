import Foundation
import Testing
import TestSupport

/// The rest of the bad-input catalogue (CommandLineTests, ExtractTests and BatchTests hold the
/// others): each is refused with a non-zero exit below 128 (no crash), one message on stderr that
/// says what, why and how to fix it, nothing on stdout, and nothing changed.
@Suite struct BadInputCatalogueTests {
    func refState(_ repo: URL) throws -> String {
        try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo) + (try Shell.git(["status", "--porcelain"], in: repo))
    }

    func expectRefused(_ arguments: [String], in repo: URL, saying message: String, status: Int32 = 1, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try refState(repo)
        let out = try Shell.run(CommandLineTests.binary, arguments, in: repo)
        #expect(out.status == status, "\(arguments): \(out.stderr)", sourceLocation: sourceLocation)
        #expect(out.stdout.isEmpty, "\(arguments): \(out.stdout)", sourceLocation: sourceLocation)
        #expect(out.stderr.hasPrefix("error: ") || out.stderr.hasPrefix("Error: "), "\(arguments): \(out.stderr)", sourceLocation: sourceLocation)
        #expect(out.stderr.contains(message), "\(arguments): \(out.stderr)", sourceLocation: sourceLocation)
        #expect(try refState(repo) == before, "\(arguments) changed the repository", sourceLocation: sourceLocation)
    }

    @Test func aFileIsNotAFolder() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        try expectRefused(["split", "README.md"], in: repo, saying: "'README.md' is a file in HEAD, not a folder")
    }

    @Test func anAmbiguousShortId() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("bigger", into: temp)
        // Two objects whose ids share their first four hex digits.
        let ids = try Shell.git(["rev-list", "--objects", "--all"], in: repo).split(separator: "\n").map { String($0.prefix(4)) }
        var seen = Set<String>()
        let prefix = try #require(ids.first { !seen.insert($0).inserted })
        try expectRefused(["split", "Sources/Lib", "--rev", prefix], in: repo, saying: "revision '\(prefix)' is ambiguous")
    }

    @Test func missingAndCorruptObjects() throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy("linear", into: temp)
        let tree = try Shell.git(["rev-parse", "HEAD~2^{tree}"], in: repo)
        let path = repo.appendingPathComponent(".git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        let saved = temp.url.appendingPathComponent("saved")
        try FileManager.default.moveItem(at: path, to: saved)
        try expectRefused(["split", "Sources/Lib"], in: repo, saying: "object \(tree) is missing or corrupt")
        try FileManager.default.moveItem(at: saved, to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path.path)
        try Data("garbage".utf8).write(to: path)
        try expectRefused(["split", "Sources/Lib", "--no-cache"], in: repo, saying: "run `git fsck --full`")
    }

    @Test func extractNeedsAPackageThatEvaluates() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("pkg")
        try Fixtures.buildPackage("pkg-leaf", at: repo)
        let manifest = repo.appendingPathComponent("Package.swift")
        try "// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"X\", targets: [.target(name: \"A\", dependencies: [B])])\n".write(to: manifest, atomically: true, encoding: .utf8)
        try Shell.git(["commit", "-qam", "Break the manifest"], in: repo)
        try expectRefused(["extract", "Hashing", "--to", "../out"], in: repo, saying: "does not evaluate (Package.swift:3:")
        try Shell.git(["rm", "-q", "Package.swift"], in: repo)
        try Shell.git(["commit", "-qm", "No manifest"], in: repo)
        try expectRefused(["extract", "Hashing", "--to", "../out"], in: repo, saying: "there is no Package.swift anywhere in HEAD")
        try expectRefused(["batch", "--all", "--out", "../out"], in: repo, saying: "there is no Package.swift anywhere in HEAD")
        try expectRefused(["extract", "Hashing", "--to", "../out", "--frobnicate"], in: repo, saying: "Unknown option", status: 64)
        try expectRefused(["extract", "Hashing", "--to", "../out", "--repo", "/no/such/dir"], in: repo, saying: "does not exist")
        try expectRefused(["extract", "Hashing", "--to", "../out", "--repo", "/"], in: repo, saying: "not inside a git repository")
        #expect(!FileManager.default.fileExists(atPath: temp.url.appendingPathComponent("out").path))
    }

    @Test func aDestinationThatIsTheRepositoryThroughASymlink() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("pkg")
        try Fixtures.buildPackage("pkg-leaf", at: repo)
        let link = temp.url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: repo)
        try expectRefused(["extract", "Hashing", "--to", link.appendingPathComponent("Sources/New").path], in: repo, saying: "is inside (or contains) the monorepo")
        #expect(!FileManager.default.fileExists(atPath: repo.appendingPathComponent("Sources/New").path))
    }
}

extension BadInputCatalogueTests {
    @Test func extractAndBatchWaitForNoOneAndRefuseAHeldLock() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("pkg")
        try Fixtures.buildPackage("pkg-leaf", at: repo)
        let lock = repo.appendingPathComponent(".git/carve.lock")
        try Data("\(ProcessInfo.processInfo.processIdentifier)\n".utf8).write(to: lock)
        let owner = "another carve (process \(ProcessInfo.processInfo.processIdentifier))"
        try expectRefused(["extract", "Hashing", "--to", "../out"], in: repo, saying: owner)
        try expectRefused(["batch", "--all", "--out", "../out"], in: repo, saying: owner)
        #expect(FileManager.default.fileExists(atPath: lock.path))
        #expect(!FileManager.default.fileExists(atPath: temp.url.appendingPathComponent("out").path))
    }
}
