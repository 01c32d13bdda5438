import Foundation
import Model
import Testing
import TestSupport

/// The SwiftPM command plugin as a package uses it: the pkg-leaf fixture (KeyStore) gets a
/// `.package(path:)` dependency on this checkout and runs `swift package carve ...`.
///
/// The plugin's `carve` tool and swift-syntax are built in one scratch folder kept under .build
/// (2 to 3 minutes the first time on two cores; later runs rebuild only what changed), shared by
/// these tests, which therefore run one at a time.
@Suite(.serialized) struct PluginTests {
    static let scratch = Shell.packageRoot.appendingPathComponent(".build/plugin-fixture")

    /// A fresh KeyStore fixture in `temp` whose Package.swift (left uncommitted, as a user would
    /// edit it) depends on this checkout.
    func keyStore(in temp: TemporaryDirectory) throws -> URL {
        let package = temp.url.appendingPathComponent("KeyStore")
        try Fixtures.buildPackage("pkg-leaf", at: package)
        let manifest = package.appendingPathComponent("Package.swift")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        let dependency = "    dependencies: [\n        .package(path: \"\(Shell.packageRoot.path)\"),\n    ],\n    targets: ["
        let edited = try #require(text.range(of: "    targets: [").map { text.replacingCharacters(in: $0, with: dependency) })
        try edited.write(to: manifest, atomically: true, encoding: .utf8)
        return package
    }

    /// `swift package [before...] carve arguments...` in `package`.
    func swiftPackage(_ arguments: [String], before: [String] = [], in package: URL) throws -> Shell.Output {
        try Shell.run("swift", ["package", "--scratch-path", Self.scratch.path] + before + ["carve"] + arguments, in: package)
    }

    @Test func graphOfTheDependingPackage() throws {
        let temp = try TemporaryDirectory()
        let package = try keyStore(in: temp)
        let out = try swiftPackage(["graph", "--json"], in: package)
        #expect(out.status == 0, "\(out.stderr)")
        // stdout is carve's JSON alone: SwiftPM's build lines and the plugin's go to stderr.
        let graph = try JSONDecoder().decode(RepositoryGraph.self, from: Data(out.stdout.utf8))
        #expect(graph.packages.map(\.name) == ["KeyStore"])
        let components = Dictionary(uniqueKeysWithValues: try #require(graph.packages.first).graph.components.map { ($0.name, $0) })
        #expect(Set(components.keys) == ["Hashing", "Storage", "App", "HashingTests", "StorageTests"])
        #expect(components["Storage"]?.dependencies == ["Hashing"])
        #expect(components["App"]?.kind == "executable")
        #expect(components["Hashing"]?.extraction == .extractable)
    }

    @Test func writingCommandsRunOnlyWithThePermission() throws {
        let temp = try TemporaryDirectory()
        let package = try keyStore(in: temp)
        let destination = temp.url.appendingPathComponent("Hashing")
        let refsBefore = try Shell.git(["for-each-ref"], in: package)

        let refused = try swiftPackage(["extract", "Hashing", "--to", "../Hashing"], in: package)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("carve extract writes to the repository"), "\(refused.stderr)")
        #expect(refused.stderr.contains("swift package --allow-writing-to-package-directory carve extract"))
        #expect(refused.stdout.isEmpty)

        let preview = try swiftPackage(["extract", "Hashing", "--to", "../Hashing", "--dry-run"], in: package)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains(#".library(name: "Hashing", targets: ["Hashing"])"#), "\(preview.stdout)")
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        #expect(try Shell.git(["for-each-ref"], in: package) == refsBefore)

        let granted = try swiftPackage(["extract", "Hashing", "--to", "../Hashing"], before: ["--allow-writing-to-package-directory"], in: package)
        #expect(granted.status == 0, "\(granted.stderr)")
        let files = try Shell.git(["ls-tree", "--name-only", "main"], in: destination).split(separator: "\n")
        #expect(files.contains("Package.swift") && files.contains("Sources"))
        // The plan the dry run showed is what was written.
        #expect(preview.stdout.contains(try Shell.git(["rev-parse", "main"], in: destination)))
        let rewired = try Shell.git(["ls-tree", "-r", "--name-only", "carve/extract-Hashing"], in: package)
        #expect(!rewired.contains("Sources/Hashing/") && rewired.contains("Sources/Storage/Store.swift"))
    }

    /// The flag also counts after the verb (SwiftPM honours it there and passes it on; the plugin
    /// keeps it from carve), and the split has git subtree's id.
    @Test func permissionAfterTheVerb() throws {
        let temp = try TemporaryDirectory()
        let package = try keyStore(in: temp)
        let out = try swiftPackage(["split", "Sources/Storage", "--branch", "split/storage", "--allow-writing-to-package-directory"], in: package)
        #expect(out.status == 0, "\(out.stderr)")
        let theirs = try Shell.git(["subtree", "split", "-q", "--prefix=Sources/Storage", "main"], in: package)
        #expect(out.stdout == theirs + "\n")
        #expect(try Shell.git(["rev-parse", "split/storage"], in: package) == theirs)
    }

    @Test func errorsAndExitCodesComeThrough() throws {
        let temp = try TemporaryDirectory()
        let package = try keyStore(in: temp)
        let unknown = try swiftPackage(["extract", "Nope", "--to", "../Nope"], before: ["--allow-writing-to-package-directory"], in: package)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("error: ") && unknown.stderr.contains("Nope"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("error: carve ended with exit code 1"))
        let usage = try swiftPackage(["graph", "--no-such-flag"], in: package)
        #expect(usage.status != 0)
        #expect(usage.stderr.contains("error: carve ended with exit code 64"), "\(usage.stderr)")
        #expect(usage.stdout.isEmpty)
    }

    /// `check` reads only, so it runs without the permission; `--write-baseline` writes.
    @Test func checkRunsWithoutThePermission() throws {
        let temp = try TemporaryDirectory()
        let package = try keyStore(in: temp)
        let out = try swiftPackage(["check"], in: package)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout == "3 components in 1 package: nothing stops a split\n")
        let baseline = try swiftPackage(["check", "--write-baseline", "baseline.json"], in: package)
        #expect(baseline.status != 0)
        #expect(baseline.stderr.contains("carve check writes to the repository"), "\(baseline.stderr)")
        #expect(!FileManager.default.fileExists(atPath: package.appendingPathComponent("baseline.json").path))
    }
}
