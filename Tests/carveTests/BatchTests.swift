import Foundation
import Testing
import TestSupport

/// `carve batch` end to end on the Swift monorepo fixtures: every package and the rewired
/// monorepo built with `swift build --build-tests` (`--verify`), the histories checked against
/// `carve split` of the same folders, groups, renames, the cycle refusal and the dry run.
@Suite struct BatchTests {
    typealias Workspace = ExtractTests.Workspace

    func succeeded(_ out: Shell.Output, builds expected: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try ExtractTests.verified(out, builds: expected, sourceLocation: sourceLocation)
    }

    func packageNames(_ report: [String: Any]) -> [String] {
        (report["packages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// Each package's `main~1` is `carve split` of its folders alone (one walk == single splits).
    func checkHistories(_ w: Workspace, out: URL, _ packages: [String: [String]]) throws {
        for (name, folders) in packages {
            let split = try w.carve(["split"] + folders.map { "\($0):\($0)" } + ["--no-cache"])
            #expect(try w.git(["rev-parse", "main~1"], in: out.appendingPathComponent(name)) == split.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "\(name)")
        }
    }

    @Test func allComponentsInDependencyOrderAndNothingLeft() throws {
        let w = try Workspace("pkg-deps")
        let before = try w.snapshot()
        let out = w.root.appendingPathComponent("packages")
        let report = try succeeded(try w.carve(["batch", "--all", "--out", out.path, "--verify", "--json"]), builds: 6)
        let order = packageNames(report)
        #expect(Set(order) == ["Core", "Networking", "Models", "Sync", "CLI"])
        for (first, then) in [("Core", "Networking"), ("Core", "Models"), ("Networking", "Sync"), ("Models", "Sync"), ("Sync", "CLI")] {
            #expect(order.firstIndex(of: first)! < order.firstIndex(of: then)!, "\(order)")
        }
        #expect(ExtractTests.warnings(report).contains { $0.contains("nothing is left in the monorepo") })
        try checkHistories(w, out: out, [
            "Core": ["Sources/Core", "Tests/CoreTests"], "Networking": ["Sources/Networking", "Tests/NetworkingTests"],
            "Models": ["Sources/Models", "Tests/ModelsTests"], "Sync": ["Sources/Sync", "Tests/SyncTests"], "CLI": ["Sources/CLI"],
        ])
        let sync = try String(contentsOf: out.appendingPathComponent("Sync/Package.swift"), encoding: .utf8)
        #expect(sync.contains(".package(path: \"../Networking\")") && sync.contains(".package(path: \"../Models\")") && !sync.contains("pkg-deps"))
        #expect(sync.contains(".testTarget(name: \"SyncTests\", dependencies: [\"Sync\", .product(name: \"Networking\", package: \"Networking\"), .product(name: \"Models\", package: \"Models\")]),"))
        let mono = try w.show("carve/batch:Package.swift")
        #expect(mono.contains(".package(path: \"../packages/CLI\")") && !mono.contains(".target("))
        #expect(try w.git(["ls-tree", "--name-only", "carve/batch"]) == ".gitignore\nPackage.swift\nREADME.md")
        #expect(try w.git(["rev-parse", "HEAD"]) == before[1])
        #expect(try w.git(["status", "--porcelain", "--ignored"]) == before[2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.root.path).sorted() == ["packages", "pkg-deps"])
    }

    @Test func subsetDependsOnItsOwnPackagesAndTheRestStays() throws {
        let w = try Workspace("pkg-deps")
        let out = w.root.appendingPathComponent("split")
        let report = try succeeded(try w.carve(["batch", "Networking", "Core", "--out", out.path, "--verify", "--json"]), builds: 3)
        #expect(packageNames(report) == ["Core", "Networking"])
        let networking = try String(contentsOf: out.appendingPathComponent("Networking/Package.swift"), encoding: .utf8)
        #expect(networking.contains(".target(name: \"Networking\", dependencies: [.product(name: \"Core\", package: \"Core\")]),"))
        #expect(networking.hasPrefix("// swift-tools-version:6.0\n") && !networking.contains("pkg-deps"))
        let mono = try w.show("carve/batch:Package.swift")
        #expect(mono.contains(".target(name: \"Models\", dependencies: [.product(name: \"Core\", package: \"Core\")]),"))
        #expect(mono.contains(".target(name: \"Sync\", dependencies: [.product(name: \"Networking\", package: \"Networking\"), \"Models\"]),"))
        #expect(mono.contains(".package(path: \"../split/Core\")") && mono.contains(".package(path: \"../split/Networking\")"))
        #expect(ExtractTests.warnings(report).isEmpty)
        try checkHistories(w, out: out, ["Core": ["Sources/Core", "Tests/CoreTests"], "Networking": ["Sources/Networking", "Tests/NetworkingTests"]])
    }

    @Test func configGroupsACTargetWithItsUser() throws {
        let w = try Workspace("pkg-mixed")
        let config = w.root.appendingPathComponent("carve.json")
        try #"{"packages": [{"name": "Geometry", "components": ["Geometry", "Sources/CMath"]}]}"#.write(to: config, atomically: true, encoding: .utf8)
        let out = w.root.appendingPathComponent("out")
        let report = try succeeded(try w.carve(["batch", "--config", config.path, "geo", "--out", out.path, "--verify", "--json"]), builds: 3)
        #expect(packageNames(report) == ["Geometry", "geo"])
        try checkHistories(w, out: out, ["Geometry": ["Sources/CMath", "Sources/Geometry", "Tests/GeometryTests"], "geo": ["Sources/geo"]])
        let geo = try String(contentsOf: out.appendingPathComponent("geo/Package.swift"), encoding: .utf8)
        #expect(geo.contains(".executableTarget(name: \"geo\", dependencies: [.product(name: \"Geometry\", package: \"Geometry\")]),"))
        #expect(geo.contains(".package(path: \"../Geometry\")"))
    }

    @Test func configRenamesAModuleAcrossPackages() throws {
        let w = try Workspace("pkg-rename")
        let config = w.root.appendingPathComponent("carve.json")
        try #"{"packages": [{"name": "Digests", "components": ["Hash"]}]}"#.write(to: config, atomically: true, encoding: .utf8)
        let out = w.root.appendingPathComponent("out")
        let report = try succeeded(try w.carve(["batch", "--config", config.path, "Cache", "--out", out.path, "--verify", "--json"]), builds: 3)
        #expect(packageNames(report) == ["Digests", "Cache"])
        let keys = try String(contentsOf: out.appendingPathComponent("Cache/Sources/Cache/Keys.swift"), encoding: .utf8)
        #expect(keys.contains("import struct Digests.Digest") && keys.contains("\"Hash.Digest#\""))
        let cacheTests = try w.git(["grep", "-h", "import", "main", "--", "Tests/CacheTests"], in: out.appendingPathComponent("Cache"))
        #expect(!cacheTests.contains("import Hash") && cacheTests.contains("Digests"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("Digests/Sources/Digests/Digest.swift").path))
        #expect(try w.show("carve/batch:Package.swift").contains(".package(path: \"../out/Digests\")") == false)
    }

    @Test func packageCycleIsRefusedBeforeAnythingIsWritten() throws {
        let w = try Workspace("pkg-deps")
        let config = w.root.appendingPathComponent("carve.json")
        try #"{"packages": [{"name": "Base", "components": ["Core", "Sync"]}]}"#.write(to: config, atomically: true, encoding: .utf8)
        let before = try w.snapshot()
        let out = w.root.appendingPathComponent("out")
        let result = try w.carve(["batch", "--config", config.path, "Networking", "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("would depend on each other in a cycle (Base → Networking → Base)") && result.stderr.contains("group those components into one package"), "\(result.stderr)")
        #expect(try w.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func dryRunPrintsThePlanAndWritesNothing() throws {
        let w = try Workspace("pkg-leaf")
        let before = try w.snapshot()
        let objects = try w.git(["count-objects", "-v"])
        let out = w.root.appendingPathComponent("out")
        let result = try w.carve(["batch", "--all", "--out", out.path, "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in ["into the package Hashing", "into the package Storage", "into the package App", "--- Storage/Package.swift (generated) ---", "--- monorepo changes (carve/batch) ---", ".package(path: \"../Hashing\")"] {
            #expect(result.stdout.contains(expected), "\(expected)")
        }
        #expect(try w.snapshot() == before)
        #expect(try w.git(["count-objects", "-v"]) == objects)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: [
        (["--all", "Core"], "give components or --all, not both", Int32(64)),
        (["Nope"], "'Nope' is not a target, target folder or local package", Int32(1)),
        (["--config", "/nonexistent/carve.json"], "cannot read the config file", Int32(1)),
    ])
    func badInput(arguments: [String], message: String, status: Int32) throws {
        let w = try Workspace("pkg-deps")
        let before = try w.snapshot()
        let out = w.root.appendingPathComponent("out")
        let result = try w.carve(["batch"] + arguments + ["--out", out.path])
        #expect(result.status == status)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try w.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func invalidConfigFiles() throws {
        let w = try Workspace("pkg-deps")
        let out = w.root.appendingPathComponent("out")
        for (text, message) in [("{not json", "is not valid"), (#"{"packages": [{"name": "X", "components": []}]}"#, "with no components"),
                                (#"{"packages": [{"components": ["Ghost"]}]}"#, "'Ghost' is not a target"),
                                (#"{"packages": [{"name": "A", "components": ["Core"]}, {"name": "B", "components": ["Core"]}]}"#, "Core is listed in two packages")] {
            let config = w.root.appendingPathComponent("c.json")
            try text.write(to: config, atomically: true, encoding: .utf8)
            let result = try w.carve(["batch", "--config", config.path, "--out", out.path])
            #expect(result.status == 1 && result.stderr.contains(message), "\(text): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}

extension BatchTests {
    @Test func urlTemplateTagsEveryPackageAndResolvesThroughMirrors() throws {
        let w = try Workspace("pkg-deps")
        let out = w.root.appendingPathComponent("out")
        let report = try succeeded(try w.carve(["batch", "Core", "Networking", "--out", out.path, "--url-template", "https://git.example.com/notes/{name}.git", "--version", "2.0.0", "--verify", "--json"]), builds: 3)
        #expect(packageNames(report) == ["Core", "Networking"])
        for name in ["Core", "Networking"] {
            #expect(try w.git(["tag", "--points-at", "main"], in: out.appendingPathComponent(name)) == "2.0.0")
        }
        let networking = try String(contentsOf: out.appendingPathComponent("Networking/Package.swift"), encoding: .utf8)
        #expect(networking.contains(".package(url: \"https://git.example.com/notes/Core.git\", from: \"2.0.0\"),"))
        let mono = try w.show("carve/batch:Package.swift")
        #expect(mono.contains(".package(url: \"https://git.example.com/notes/Core.git\", from: \"2.0.0\"),") && mono.contains(".package(url: \"https://git.example.com/notes/Networking.git\", from: \"2.0.0\"),"))
    }
}
