import Foundation
import Pipeline
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
}
