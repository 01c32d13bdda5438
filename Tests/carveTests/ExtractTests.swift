import Foundation
import Testing
import TestSupport

/// `carve extract` end to end: the built binary on the Swift monorepo fixtures
/// (TestRepos/pkg-*.sh), then `swift build --build-tests` on both results (`--verify`, which
/// builds scratch copies), and checks of the histories, manifests and sources it wrote.
@Suite struct ExtractTests {
    /// A fixture monorepo built from its script in a fresh temporary folder.
    struct Workspace {
        let temp: TemporaryDirectory
        let repo: URL
        var root: URL { temp.url }

        init(_ fixture: String) throws {
            temp = try TemporaryDirectory()
            repo = temp.url.appendingPathComponent(fixture)
            try Fixtures.buildPackage(fixture, at: repo)
        }

        func carve(_ arguments: [String]) throws -> Shell.Output {
            try Shell.run(CommandLineTests.binary, arguments + ["--repo", repo.path], in: repo)
        }

        @discardableResult
        func git(_ arguments: [String], in directory: URL? = nil) throws -> String {
            try Shell.git(arguments, in: directory ?? repo)
        }

        func show(_ spec: String, in directory: URL? = nil) throws -> String {
            try git(["show", spec], in: directory)
        }

        /// Refs, HEAD, index and work tree: what no extraction may change.
        func snapshot() throws -> [String] {
            [try git(["for-each-ref", "--format=%(refname) %(objectname)"]), try git(["rev-parse", "HEAD"]),
             try git(["status", "--porcelain", "--ignored"]), try git(["symbolic-ref", "HEAD"])]
        }
    }

    /// The messages of a JSON report's warnings.
    static func warnings(_ report: [String: Any]) -> [String] {
        (report["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }

    static func json(_ output: Shell.Output) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    /// The JSON report of a successful `--verify --json` run whose `builds` builds all passed.
    static func verified(_ out: Shell.Output, builds expected: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(out.status == 0, "\(out.stderr)", sourceLocation: sourceLocation)
        let report = try json(out)
        let builds = try #require(report["verification"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(builds.count == expected && builds.allSatisfy { $0["succeeded"] as? Bool == true }, "\(builds)", sourceLocation: sourceLocation)
        return report
    }

    /// Checks what every successful extraction promises: DIR's `main` is the `carve split` of
    /// the folders (same ids) plus one commit; the monorepo's checkout is untouched; the branch
    /// has the rewired commit on top of HEAD without the folders.
    func checkWritten(_ w: Workspace, to dir: URL, folders: [String], branch: String, before: [String]) throws {
        let split = try w.carve(["split"] + folders.map { "\($0):\($0)" } + ["--no-cache"])
        #expect(split.status == 0, "\(split.stderr)")
        #expect(try w.git(["rev-parse", "main~1"], in: dir) == split.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try w.git(["rev-list", "--count", "--parents", "-1", "main"], in: dir) == "1")
        let added = try w.git(["diff", "--name-status", "main~1", "main"], in: dir).split(separator: "\n").map(String.init)
        #expect(added.contains("A\tPackage.swift"))
        #expect(try w.git(["status", "--porcelain"], in: dir) == "")
        // The split ran after the extraction; it only adds objects, so compare refs before it.
        #expect(try w.git(["rev-parse", "HEAD"]) == before[1])
        #expect(try w.git(["status", "--porcelain", "--ignored"]) == before[2])
        #expect(try w.git(["rev-parse", "\(branch)^"]) == before[1])
        for folder in folders {
            #expect(try w.git(["ls-tree", branch, folder]) == "")
        }
        #expect(try w.git(["fsck", "--strict", "--no-dangling"]) == "")
    }

    @Test func leafComponentBuildsOnBothSides() throws {
        let w = try Workspace("pkg-leaf")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Hashing")
        let out = try w.carve(["extract", "Hashing", "--to", dir.path, "--verify", "--json"])
        _ = try Self.verified(out, builds: 2)
        try checkWritten(w, to: dir, folders: ["Sources/Hashing", "Tests/HashingTests"], branch: "carve/extract-Hashing", before: before)

        // Golden: the generated manifest and the rewired one.
        #expect(try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8) == """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Hashing",
                products: [
                    .library(name: "Hashing", targets: ["Hashing"]),
                ],
                targets: [
                    .target(name: "Hashing"),
                    .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
                ]
            )

            """)
        #expect(try w.show("carve/extract-Hashing:Package.swift") == """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "KeyStore",
                products: [
                    .library(name: "Storage", targets: ["Storage"]),
                    .executable(name: "keystore", targets: ["App"]),
                ],
                dependencies: [
                    .package(path: "../Hashing"),
                ],
                targets: [
                    .target(name: "Storage", dependencies: [.product(name: "Hashing", package: "Hashing")]),
                    .executableTarget(name: "App", dependencies: ["Storage", .product(name: "Hashing", package: "Hashing")]),
                    .testTarget(name: "StorageTests", dependencies: ["Storage"]),
                ]
            )
            """)
    }

    @Test func componentWithInternalDependencyAndDependentsMakesACycleThatBuilds() throws {
        let w = try Workspace("pkg-deps")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Networking")
        let out = try w.carve(["extract", "Sources/Networking", "--to", dir.path, "--verify", "--json"])
        let report = try Self.verified(out, builds: 2)
        let warnings = Self.warnings(report)
        #expect(warnings.contains { $0.contains("depend on each other") && $0.contains("extract Core first") }, "\(warnings)")
        try checkWritten(w, to: dir, folders: ["Sources/Networking", "Tests/NetworkingTests"], branch: "carve/extract-Networking", before: before)
        let generated = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(generated.hasPrefix("// swift-tools-version:6.0\n"))
        #expect(generated.contains("    platforms: [.macOS(.v13)],\n"))
        #expect(generated.contains(".package(path: \"../pkg-deps\")"))
        #expect(generated.contains(".target(name: \"Networking\", dependencies: [.product(name: \"Core\", package: \"pkg-deps\")])"))
        let rewired = try w.show("carve/extract-Networking:Package.swift")
        #expect(rewired.contains(".library(name: \"Core\", targets: [\"Core\"]),"))
        #expect(rewired.contains(".testTarget(name: \"SyncTests\", dependencies: [\"Sync\", .product(name: \"Networking\", package: \"Networking\"), \"Models\"]),"))
        #expect(!rewired.contains("NetworkingTests"))
    }

    @Test func cTargetResourcesAndExecutable() throws {
        let w = try Workspace("pkg-mixed")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Geometry")
        let out = try w.carve(["extract", "Geometry", "CMath", "--to", dir.path, "--verify", "--json"])
        _ = try Self.verified(out, builds: 2)
        try checkWritten(w, to: dir, folders: ["Sources/CMath", "Sources/Geometry", "Tests/GeometryTests"], branch: "carve/extract-Geometry", before: before)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Sources/Geometry/Resources/shapes.json").path))
        let generated = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        for setting in ["resources: [.process(\"Resources\")]", ".headerSearchPath(\"internal\")", ".define(\"CMATH_EPSILON\", to: \"1e-9\")",
                        "linkerSettings: [.linkedLibrary(\"m\", .when(platforms: [.linux]))]", "swiftSettings: [.define(\"GEOMETRY_FAST\")]"] {
            #expect(generated.contains(setting), "\(setting)")
        }
        #expect(try w.show("carve/extract-Geometry:Package.swift").contains(".executableTarget(name: \"geo\", dependencies: [.product(name: \"Geometry\", package: \"Geometry\")]),"))
    }

    @Test func executableByFolderDryRunWritesNothing() throws {
        let w = try Workspace("pkg-mixed")
        let before = try w.snapshot()
        let objects = try w.git(["count-objects", "-v"])
        let dir = w.root.appendingPathComponent("geo")
        let out = try w.carve(["extract", "Sources/geo", "--to", dir.path, "--dry-run"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains(".executable(name: \"geo\", targets: [\"geo\"])"))
        #expect(out.stdout.contains(".executableTarget(name: \"geo\", dependencies: [.product(name: \"Geometry\", package: \"pkg-mixed\")])"))
        #expect(out.stdout.contains("-        .executableTarget(name: \"geo\", dependencies: [\"Geometry\"]),"))
        #expect(out.stdout.contains("  split: Sources/geo: "))
        #expect(try w.snapshot() == before)
        #expect(try w.git(["count-objects", "-v"]) == objects)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.root.path) == ["pkg-mixed"])
    }

    @Test func renameRewritesEveryModuleReferenceAndNothingElse() throws {
        let w = try Workspace("pkg-rename")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Digests")
        let out = try w.carve(["extract", "Hash", "--name", "Digests", "--to", dir.path, "--verify", "--json"])
        _ = try Self.verified(out, builds: 2)
        let split = try w.carve(["split", "Sources/Hash:Sources/Hash", "Tests/HashTests:Tests/HashTests", "--no-cache"])
        #expect(try w.git(["rev-parse", "main~1"], in: dir) == split.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try w.git(["rev-parse", "HEAD"]) == before[1])

        // The new package: folders and targets renamed, its own qualified use rewritten.
        #expect(try w.git(["ls-tree", "--name-only", "main", "Sources/", "Tests/"], in: dir) == "Sources/Digests\nTests/DigestsTests")
        #expect(try w.show("main:Sources/Digests/Digest.swift", in: dir).contains("Digest(value: Digests.fnv1a(string))"))
        let generated = try w.show("main:Package.swift", in: dir)
        #expect(generated.contains(".target(name: \"Digests\"),") && generated.contains(".testTarget(name: \"DigestsTests\", dependencies: [\"Digests\"]),"))

        // The monorepo: every kind of module reference renamed, look-alikes left alone.
        let branch = "carve/extract-Digests"
        let keys = try w.show("\(branch):Sources/Cache/Keys.swift")
        #expect(keys.contains("import struct Digests.Digest") && keys.contains("#if canImport(Digests)") && keys.contains("\"Hash.Digest#\""))
        let sharding = try w.show("\(branch):Sources/Cache/Sharding.swift")
        #expect(sharding.contains("Digests.fnv1a(key)") && sharding.contains("let Hash = Int(") && sharding.contains("return Hash % max(1, shards)"))
        let lru = try w.show("\(branch):Sources/Cache/LRUCache.swift")
        #expect(lru.contains("stats.Hash += 1") && lru.contains("return Digests.Digest.fnv1a(key)"))
        #expect(try w.show("\(branch):Sources/Cache/Stats.swift") == (try w.show("HEAD:Sources/Cache/Stats.swift")))
        #expect(try w.show("\(branch):Sources/Inventory/Item.swift") == (try w.show("HEAD:Sources/Inventory/Item.swift")))
        let manifest = try w.show("\(branch):Package.swift")
        #expect(manifest.contains(".target(name: \"Cache\", dependencies: [.product(name: \"Digests\", package: \"Digests\")]),"))
        #expect(manifest.contains(".testTarget(name: \"CacheTests\", dependencies: [\"Cache\", .product(name: \"Digests\", package: \"Digests\")]),"))
    }

    @Test func urlTemplateAndVersionResolveThroughMirrors() throws {
        let w = try Workspace("pkg-leaf")
        let dir = w.root.appendingPathComponent("Hashing")
        let out = try w.carve(["extract", "Hashing", "--to", dir.path, "--url-template", "https://git.example.com/acme/{name}.git", "--version", "1.2.0", "--verify", "--json"])
        _ = try Self.verified(out, builds: 2)
        #expect(try w.git(["tag", "--points-at", "main"], in: dir) == "1.2.0")
        #expect(try w.show("carve/extract-Hashing:Package.swift").contains(".package(url: \"https://git.example.com/acme/Hashing.git\", from: \"1.2.0\"),"))
    }

    @Test func verificationFailureExitsThreeAndWritesNothing() throws {
        let w = try Workspace("pkg-leaf")
        // A dependent that does not compile: the monorepo's side of the verification fails.
        try "let broken: Int = \"not a number\"\n".write(to: w.repo.appendingPathComponent("Sources/Storage/Broken.swift"), atomically: true, encoding: .utf8)
        try w.git(["add", "Sources/Storage/Broken.swift"])
        try w.git(["commit", "-qm", "Break Storage"])
        try FileManager.default.removeItem(at: w.repo.appendingPathComponent("Sources/Storage/Broken.swift"))
        try w.git(["checkout", "--", "."])
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Hashing")
        let out = try w.carve(["extract", "Hashing", "--to", dir.path, "--verify"])
        #expect(out.status == 3)
        #expect(out.stderr.contains("Broken.swift") && out.stderr.contains("error:"), "\(out.stderr)")
        #expect(out.stderr.contains("verification failed: monorepo"))
        #expect(out.stdout.isEmpty)
        #expect(try w.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test(arguments: [
        (["Nope"], "'Nope' is not a target, target folder or local package of this repository: choose one of"),
        (["HashingTests"], "'HashingTests' is a test target"),
        (["Hashing", "--name", "1Hash"], "'1Hash' is not a valid Swift module name"),
        (["Hashing", "--name", "Storage"], "'Storage' is already the name of a target or product"),
        (["Hashing", "Storage", "--name", "Kit"], "--name renames the one extracted module, but 2 targets are extracted"),
        (["Hashing", "--url-template", "https://example.com/x.git", "--version", "1.0.0"], "has no {name}"),
        (["Hashing", "--url-template", "https://example.com/{name}.git"], "--url-template needs --version"),
        (["Hashing", "--version", "one"], "'one' is not a semantic version"),
        (["Hashing", "--branch", "main"], "it is the branch checked out in the work tree"),
        (["Hashing", "--branch", "bad..name"], "bad..name"),
        (["Hashing", "--rev", "nope"], "nope"),
    ])
    func badInputIsRefusedWithNothingWritten(arguments: [String], message: String) throws {
        let w = try Workspace("pkg-leaf")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Out")
        let out = try w.carve(["extract"] + arguments + ["--to", dir.path])
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.hasPrefix("error: ") && out.stderr.contains(message), "\(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(try w.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func refusesANonEmptyDestinationAndAnExistingBranch() throws {
        let w = try Workspace("pkg-leaf")
        let dir = w.root.appendingPathComponent("Taken")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "keep me\n".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let out = try w.carve(["extract", "Hashing", "--to", dir.path])
        #expect(out.status == 1 && out.stderr.contains("exists and is not empty"), "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])

        try w.git(["branch", "carve/extract-Hashing"])
        let again = try w.carve(["extract", "Hashing", "--to", w.root.appendingPathComponent("Fresh").path])
        #expect(again.status == 1 && again.stderr.contains("branch 'carve/extract-Hashing' already exists"), "\(again.stderr)")
        let inside = try w.carve(["extract", "Hashing", "--to", w.repo.appendingPathComponent("Hashing").path])
        #expect(inside.status == 1 && inside.stderr.contains("is inside (or contains) the monorepo"), "\(inside.stderr)")

        // An empty folder is fine.
        let empty = w.root.appendingPathComponent("Empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let ok = try w.carve(["extract", "Hashing", "--to", empty.path, "--branch", "extracted"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try w.git(["rev-parse", "--verify", "-q", "extracted"]).count == 40)
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("Package.swift").path))
    }
}

extension ExtractTests {
    @Test func customPathExcludeAndSourcesTravelAsWritten() throws {
        let w = try Workspace("pkg-custom-path")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Util")
        let out = try w.carve(["extract", "lib/util", "--to", dir.path, "--verify", "--json"])
        _ = try Self.verified(out, builds: 2)
        try checkWritten(w, to: dir, folders: ["lib/util"], branch: "carve/extract-Util", before: before)
        let generated = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(generated.contains("        .target(name: \"Util\", path: \"lib/util\", exclude: [\"NOTES.md\"], sources: [\"Sources\"]),\n"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lib/util/NOTES.md").path))
    }
}
