import Foundation
import Pipeline
import Verify
import Testing
@testable import Provider

/// The composition root's file-system and toolchain adapters.
@Suite struct ProviderTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carve-provider-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func touch(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "".write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func packageFoldersSkipHiddenAndBuildFolders() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["Package.swift", "Packages/Core/Package.swift", "Packages/Net/Package.swift", ".build/checkouts/x/Package.swift", "Examples/checkouts/Package.swift", "node_modules/y/Package.swift", "Docs/readme.md"] {
            try Self.touch(root.appendingPathComponent(path))
        }
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Link"), withDestinationURL: root.appendingPathComponent("Packages"))
        #expect(try FileWorkspace.packageFolders(under: root.path).sorted() == ["", "Packages/Core", "Packages/Net"])
        #expect(throws: ProviderError.missingPath(root.path + "/nope")) { try FileWorkspace.packageFolders(under: root.path + "/nope") }
    }

    @Test func destinationsAreEmptyOrMissingAndMoveInOneRename() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = FileWorkspace()
        #expect(workspace.isMissingOrEmpty(root.appendingPathComponent("missing").path))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        #expect(workspace.isMissingOrEmpty(root.appendingPathComponent("empty").path))
        try Self.touch(root.appendingPathComponent("full/a"))
        #expect(!workspace.isMissingOrEmpty(root.appendingPathComponent("full").path))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "/no/such/place")
        #expect(!workspace.isMissingOrEmpty(root.appendingPathComponent("dangling").path))
        // A finished folder replaces an empty one; a full one is not replaced.
        try Self.touch(root.appendingPathComponent("new/file"))
        try workspace.moveIntoPlace(root.appendingPathComponent("new").path, to: root.appendingPathComponent("empty").path)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("empty/file").path))
        try Self.touch(root.appendingPathComponent("other/file"))
        #expect(throws: (any Error).self) { try workspace.moveIntoPlace(root.appendingPathComponent("other").path, to: root.appendingPathComponent("full").path) }
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("full/a").path))
    }

    @Test func manifestErrorsKeepTheCompilersLocatedMessages() {
        let output = """
            /tmp/x/Package.swift:3:71: error: cannot find 'B' in scope
            let package = Package(name: "X", targets: [.target(name: "A", dependencies: [B])])
            error: invalid manifests at /tmp/x compiled with: swiftc -frontend ...
            """
        #expect(SwiftPackageManifests.reason(output) == "Package.swift:3:71: error: cannot find 'B' in scope")
        #expect(SwiftPackageManifests.reason("error: 'x': unknown package 'y'\n\n") == "error: 'x': unknown package 'y'")
    }

    @Test func manifestCacheKeysOnWhatSwiftPMIsGiven() throws {
        let swift = try #require(ProcessRunner.locate("swift"))
        let manifests = [ManifestFile(folder: "", text: "root"), ManifestFile(folder: "Sub", text: "sub")]
        let environment = ["HOME": "/home/u", "PATH": "/usr/bin", "TERM": "xterm", "PWD": "/here"]
        let key = try #require(ManifestCache.key(manifests, treeName: "repo", swift: swift, environment: environment))
        // The terminal's and the shell's variables do not count.
        #expect(ManifestCache.key(manifests, treeName: "repo", swift: swift, environment: environment.merging(["TERM": "dumb", "PWD": "/there", "SHLVL": "3"]) { $1 }) == key)
        // Anything SwiftPM is given does.
        let others = [
            ManifestCache.key([manifests[0], ManifestFile(folder: "Sub", text: "sub2")], treeName: "repo", swift: swift, environment: environment),
            ManifestCache.key([manifests[0], ManifestFile(folder: "Other", text: "sub")], treeName: "repo", swift: swift, environment: environment),
            ManifestCache.key([ManifestFile(folder: "", text: "rootsub")], treeName: "repo", swift: swift, environment: environment),
            ManifestCache.key(manifests, treeName: "other", swift: swift, environment: environment),
            ManifestCache.key(manifests, treeName: "repo", swift: swift, environment: environment.merging(["PATH": "/bin"]) { $1 }),
            ManifestCache.key(manifests, treeName: "repo", swift: swift, environment: environment.merging(["TMPDIR": "/scratch"]) { $1 }),
            ManifestCache.key(manifests, treeName: "repo", swift: "/no/such/toolchain/swift", environment: environment),
        ]
        for (i, other) in others.enumerated() { #expect(other != nil && other != key, "change \(i)") }
    }

    @Test func manifestCacheAnswersAreReadBackIntoANewScratchFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ManifestCache(folder: root.path)
        let old = "/tmp/carve-manifests-1-2", new = "/tmp/carve-manifests-3-4"
        let dumps = [Data(#"{"name" : "A", "path" : "/tmp/carve-manifests-1-2/repo/B"}"#.utf8), Data(#"{"name" : "B"}"#.utf8)]
        cache.store("k", dumps: dumps, scratch: old)
        #expect(cache.load("k", count: 2, scratch: new) == [Data(#"{"name" : "A", "path" : "/tmp/carve-manifests-3-4/repo/B"}"#.utf8), dumps[1]])
        #expect(cache.load("k", count: 3, scratch: new) == nil, "another number of manifests")
        #expect(cache.load("other", count: 2, scratch: new) == nil)
        // An entry cut short, or whose answers are not JSON objects, is not an answer.
        let path = root.appendingPathComponent("k").path
        let stored = try #require(FileManager.default.contents(atPath: path))
        try stored.dropLast(3).write(to: URL(fileURLWithPath: path))
        #expect(cache.load("k", count: 2, scratch: new) == nil, "cut short")
        cache.store("k", dumps: [Data("[1]".utf8)], scratch: old)
        #expect(cache.load("k", count: 1, scratch: new) == nil, "not an object")
        // An answer that names the scratch folder another way (its links resolved), or a folder
        // whose name starts like it, is not kept.
        for (n, other) in ["/private/tmp/carve-manifests-1-2/repo", "/tmp/carve-manifests-1-23/repo"].enumerated() {
            cache.store("other\(n)", dumps: [Data(#"{"path" : "\#(other)"}"#.utf8)], scratch: old)
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("other\(n)").path), "\(other)")
        }
    }

    /// With real SwiftPM: the second evaluation of the same manifests is the stored answer
    /// (edited here to tell it apart), its path dependency in the new scratch tree; a changed
    /// manifest, and a failing one, go to SwiftPM.
    @Test func manifestsEvaluatedBeforeAreAnsweredFromTheCache() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ManifestCache(folder: root.path)
        let manifests = SwiftPackageManifests(runner: ProcessRunner(), cache: cache)
        func manifest(_ name: String, _ extra: String = "") -> String {
            "// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"\(name)\", dependencies: [\(extra)], targets: [.target(name: \"\(name)Module\")])\n"
        }
        let files = [ManifestFile(folder: "", text: manifest("Root", ".package(path: \"Sub\")")), ManifestFile(folder: "Sub", text: manifest("Sub"))]
        let first = try manifests.dumpPackages(files, rootName: "repo")
        #expect(String(decoding: first.dumps[0], as: UTF8.self).contains("\"\(first.tree)/Sub\""))
        let entries = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(entries.count == 1)
        let entry = root.appendingPathComponent(entries[0]).path
        let text = String(decoding: try #require(FileManager.default.contents(atPath: entry)), as: UTF8.self)
        #expect(text.contains("RootModule"))
        try Data(text.replacingOccurrences(of: "RootModule", with: "CachModule").utf8).write(to: URL(fileURLWithPath: entry))

        let second = try manifests.dumpPackages(files, rootName: "repo")
        #expect(second.tree != first.tree)
        let answer = String(decoding: second.dumps[0], as: UTF8.self)
        #expect(answer.contains("CachModule") && !answer.contains("RootModule"), "the stored answer")
        #expect(answer.contains("\"\(second.tree)/Sub\""), "the path in this run's tree")

        let changed = [files[0], ManifestFile(folder: "Sub", text: manifest("Sub2"))]
        #expect(String(decoding: try manifests.dumpPackages(changed, rootName: "repo").dumps[1], as: UTF8.self).contains("Sub2Module"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).count == 2)
        #expect(throws: (any Error).self) { try manifests.dumpPackages([ManifestFile(folder: "", text: "let package = nope")], rootName: "repo") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).count == 2, "a failure is not kept")
    }

    @Test func swiftPMsEmptyTemporaryFoldersAreRemovedOnceOld() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["TemporaryDirectory.old", "TemporaryDirectory.full", "TemporaryDirectory.new", "other"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Self.touch(root.appendingPathComponent("TemporaryDirectory.full/file"))
        let old = Date().addingTimeInterval(-120)
        for name in ["TemporaryDirectory.old", "TemporaryDirectory.full", "other"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: root.appendingPathComponent(name).path)
        }
        SwiftPackageManifests.removeLeftovers(in: root.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["TemporaryDirectory.full", "TemporaryDirectory.new", "other"])
    }
}
