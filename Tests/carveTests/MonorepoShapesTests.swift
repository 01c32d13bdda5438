import Foundation
import Testing
import TestSupport

/// `carve extract`, `batch` and `graph` on the monorepo shapes beyond one root package: a
/// package in a subfolder of a repository of other languages, an app repository of local
/// packages, manifests computed with variables, appended arrays and helper types, several
/// modules renamed at once, and `package` access across the cut. Every extraction is built on
/// both sides (`--verify`); whole-package splits are compared with `git subtree split`.
@Suite struct MonorepoShapesTests {
    typealias Workspace = ExtractTests.Workspace

    /// The files a commit changes against its first parent.
    func changedFiles(_ w: Workspace, _ rev: String) throws -> [String] {
        try w.git(["diff", "--name-only", "\(rev)^", rev]).split(separator: "\n").map(String.init)
    }

    // MARK: - A package in a subfolder

    @Test func targetOfAPackageInASubfolder() throws {
        let w = try Workspace("pkg-subfolder")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Net")
        let out = try w.carve(["extract", "swift/Sources/Net", "--to", dir.path, "--verify", "--json"])
        let report = try ExtractTests.verified(out, builds: 2)
        // The layout is the package's: Sources/Net and Tests/NetTests at the new root.
        let split = try w.carve(["split", "swift/Sources/Net:Sources/Net", "swift/Tests/NetTests:Tests/NetTests", "--no-cache"])
        #expect(try w.git(["rev-parse", "main~1"], in: dir) == split.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try w.git(["ls-tree", "--name-only", "main"], in: dir).split(separator: "\n").sorted() == [".gitignore", "Package.swift", "Sources", "Tests"])
        let generated = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(generated.contains(".package(path: \"../pkg-subfolder/swift\")"), "\(generated)")
        #expect(generated.contains(".product(name: \"Base\", package: \"swift\")"), "\(generated)")
        // The rewired commit changes only the package's files.
        let branch = "carve/extract-Net"
        let changed = try changedFiles(w, branch)
        #expect(!changed.isEmpty && changed.allSatisfy { $0.hasPrefix("swift/") }, "\(changed)")
        #expect(changed.contains("swift/Package.swift"))
        #expect(try w.git(["ls-tree", "-r", "--name-only", branch, "android", "web"]) == (try w.git(["ls-tree", "-r", "--name-only", "HEAD", "android", "web"])))
        #expect(try w.git(["ls-tree", branch, "swift/Sources/Net"]) == "")
        #expect(try w.git(["rev-parse", "HEAD"]) == before[1])
        #expect(((report["monorepo"] as? [String: Any])?["rewiredManifests"] as? [String]) == ["swift/Package.swift"])
    }

    @Test func packageOptionAndRelativePaths() throws {
        let w = try Workspace("pkg-subfolder")
        // By name with --package, from the repository's parent with relative --repo: the same plan.
        let named = try Shell.run(CommandLineTests.binary, ["extract", "Net", "--package", "swift", "--repo", "pkg-subfolder", "--to", "Net", "--dry-run", "--json"], in: w.root)
        #expect(named.status == 0, "\(named.stderr)")
        let byFolder = try w.carve(["extract", "swift/Sources/Net", "--to", w.root.appendingPathComponent("Net").path, "--dry-run", "--json"])
        let a = try ExtractTests.json(named), b = try ExtractTests.json(byFolder)
        #expect((a["monorepo"] as? [String: Any])?["commit"] as? String == (b["monorepo"] as? [String: Any])?["commit"] as? String)
        #expect(!FileManager.default.fileExists(atPath: w.root.appendingPathComponent("Net").path))
        // carve graph with a relative --repo reads the package below it.
        let graph = try Shell.run(CommandLineTests.binary, ["graph", "--repo", "pkg-subfolder", "--json"], in: w.root)
        #expect(graph.status == 0, "\(graph.stderr)")
        let packages = try #require(try ExtractTests.json(graph)["packages"] as? [[String: Any]])
        #expect(packages.map { $0["folder"] as? String } == ["swift"])
        let unknown = try w.carve(["extract", "Net", "--package", "android", "--to", w.root.appendingPathComponent("X").path])
        #expect(unknown.status == 1 && unknown.stderr.contains("'android' is not the folder of a package"), "\(unknown.stderr)")
    }

    // MARK: - An app repository of local packages

    @Test func graphOfLocalPackages() throws {
        let w = try Workspace("pkg-local-packages")
        let out = try w.carve(["graph", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let packages = try #require(try ExtractTests.json(out)["packages"] as? [[String: Any]])
        let byFolder = Dictionary(uniqueKeysWithValues: packages.map { ($0["folder"] as! String, $0) })
        #expect(Set(byFolder.keys) == ["", "Packages/Core", "Packages/Networking", "Packages/Features"])
        #expect(byFolder["Packages/Networking"]?["pathDependencies"] as? [String] == ["Packages/Core"])
        #expect(Set(byFolder["Packages/Features"]?["pathDependencies"] as? [String] ?? []) == ["Packages/Core", "Packages/Networking"])
        #expect(Set(byFolder["Packages/Core"]?["dependents"] as? [String] ?? []) == ["", "Packages/Networking", "Packages/Features"])
        let dot = try w.carve(["graph", "--dot"])
        #expect(dot.stdout.contains("\"Packages/Networking:#package\" -> \"Packages/Core:#package\" [style=bold];"), "\(dot.stdout)")
    }

    @Test func localPackageIsSplitExactlyAndItsDependentsRewired() throws {
        let w = try Workspace("pkg-local-packages")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Core")
        let out = try w.carve(["extract", "Packages/Core", "--to", dir.path, "--verify", "--json"])
        // Core, then the three packages that depend on it: Networking, Features and the root.
        let report = try ExtractTests.verified(out, builds: 4)
        // HEAD, index and work tree untouched; the branch is the only new ref.
        let after = try w.snapshot()
        #expect(after[1...] == before[1...])
        let warnings = ExtractTests.warnings(report)
        #expect(warnings.contains { $0.contains("App.xcodeproj/project.pbxproj:") && $0.contains("Packages/Core") }, "\(warnings)")
        let branch = "carve/extract-Core"
        #expect(try w.git(["ls-tree", branch, "Packages/Core"]) == "")
        #expect(try w.show("\(branch):Packages/Networking/Package.swift").contains(".package(path: \"../../../Core\")"))
        #expect(try w.show("\(branch):Package.swift").contains(".package(path: \"../Core\")"))
        #expect(try w.git(["fsck", "--strict", "--no-dangling"]) == "")
        // No manifest to add: main is git subtree's split of the folder, id for id.
        let oracle = try #require(try Oracle.subtreeSplit(repo: w.repo, prefix: "Packages/Core", revision: "HEAD"))
        #expect(try w.git(["rev-parse", "main"], in: dir) == oracle)
    }

    @Test func localPackageWithSiblingDependenciesGetsOneCommitOnTop() throws {
        let w = try Workspace("pkg-local-packages")
        let dir = w.root.appendingPathComponent("Networking")
        let out = try w.carve(["extract", "Networking", "--to", dir.path, "--verify", "--json"])
        // Networking, then Features (the root package does not use Networking).
        _ = try ExtractTests.verified(out, builds: 2)
        let manifest = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(".package(path: \"../pkg-local-packages/Packages/Core\")"), "\(manifest)")
        #expect(try w.git(["diff", "--name-only", "main~1", "main"], in: dir) == "Package.swift")
        let oracle = try #require(try Oracle.subtreeSplit(repo: w.repo, prefix: "Packages/Networking", revision: "HEAD"))
        #expect(try w.git(["rev-parse", "main~1"], in: dir) == oracle)
    }

    @Test func batchMakesOneRepositoryPerLocalPackage() throws {
        let w = try Workspace("pkg-local-packages")
        let out = w.root.appendingPathComponent("split")
        let result = try w.carve(["batch", "--all", "--out", out.path, "--verify", "--json"])
        // Three packages, then the root package.
        let report = try ExtractTests.verified(result, builds: 4)
        let order = (report["packages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(order == ["Core", "Networking", "Features"])
        for name in order {
            let dir = out.appendingPathComponent(name)
            let oracle = try #require(try Oracle.subtreeSplit(repo: w.repo, prefix: "Packages/\(name)", revision: "HEAD"))
            // Sibling dependencies stay `../Core` between the new folders: no commit on top.
            #expect(try w.git(["rev-parse", "main"], in: dir) == oracle, "\(name)")
        }
        let root = try w.show("carve/batch:Package.swift")
        #expect(root.contains(".package(path: \"../split/Features\")") && root.contains(".package(path: \"../split/Core\")"), "\(root)")
        #expect(try w.git(["ls-tree", "carve/batch", "Packages"]) == "")
    }

    @Test func localPackagesByURL() throws {
        let w = try Workspace("pkg-local-packages")
        let dir = w.root.appendingPathComponent("Core")
        let out = try w.carve(["extract", "Core", "--to", dir.path, "--url-template", "https://git.example.com/acme/{name}.git", "--version", "2.0.0", "--verify", "--json"])
        _ = try ExtractTests.verified(out, builds: 4)
        #expect(try w.show("carve/extract-Core:Packages/Features/Package.swift").contains(".package(url: \"https://git.example.com/acme/Core.git\", from: \"2.0.0\")"))
        #expect(try w.git(["tag", "--list"], in: dir) == "2.0.0")
    }

    /// Examples and benchmarks depend on the root package by path (`.package(path: "../..")`)
    /// and name it by its identity, the repository folder's name (swift-nio, swift-aws-lambda-runtime).
    @Test func anExampleThatDependsOnTheRootPackage() throws {
        let w = try Workspace("pkg-local-packages")
        let demo = w.repo.appendingPathComponent("Examples/Demo")
        try FileManager.default.createDirectory(at: demo.appendingPathComponent("Sources/Demo"), withIntermediateDirectories: true)
        try """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Demo",
                dependencies: [.package(path: "../..")],
                targets: [.executableTarget(name: "Demo", dependencies: [.product(name: "AppSupport", package: "pkg-local-packages")])]
            )

            """.write(to: demo.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try "print(1)\n".write(to: demo.appendingPathComponent("Sources/Demo/main.swift"), atomically: true, encoding: .utf8)
        try w.git(["add", "Examples"])
        try w.git(["commit", "-qm", "Demo example"])
        let graph = try ExtractTests.json(try w.carve(["graph", "--json"]))
        let packages = try #require(graph["packages"] as? [[String: Any]])
        #expect(packages.first { $0["folder"] as? String == "Examples/Demo" }?["pathDependencies"] as? [String] == [""])
        let out = try w.carve(["extract", "Examples/Demo", "--to", w.root.appendingPathComponent("Demo").path, "--dry-run", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let manifest = try #require((try ExtractTests.json(out)["packages"] as? [[String: Any]])?.first?["manifest"] as? String)
        #expect(manifest.contains(".package(path: \"../pkg-local-packages\")"), "\(manifest)")
    }

    @Test func packageIdentityFollowsANewFolderName() throws {
        let w = try Workspace("pkg-local-packages")
        let dir = w.root.appendingPathComponent("CoreKit")
        let out = try w.carve(["extract", "Packages/Core", "--to", dir.path, "--dry-run", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let diff = try #require((try ExtractTests.json(out)["monorepo"] as? [String: Any])?["diff"] as? String)
        // The dependents' `.product(name:package:)` name the package by its new identity.
        let added = diff.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }
        #expect(added.contains { $0.contains(".product(name: \"Core\", package: \"CoreKit\")") }, "\(diff)")
        #expect(added.contains { $0.contains(".package(path: \"../../../CoreKit\")") }, "\(diff)")
        #expect(!added.contains { $0.contains("package: \"Core\")") }, "\(diff)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func targetOfTheRootPackageInARepositoryOfLocalPackages() throws {
        let w = try Workspace("pkg-local-packages")
        let dir = w.root.appendingPathComponent("AppSupport")
        let out = try w.carve(["extract", "AppSupport", "--to", dir.path, "--verify", "--json"])
        _ = try ExtractTests.verified(out, builds: 2)
        #expect(try changedFiles(w, "carve/extract-AppSupport").allSatisfy { !$0.hasPrefix("Packages/") })
        #expect(try w.show("carve/extract-AppSupport:Package.swift").contains(".package(path: \"../AppSupport\")"))
    }

    @Test func localPackagesRefuseWhatTheyCannotTake() throws {
        let w = try Workspace("pkg-local-packages")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("X")
        for (arguments, message) in [
            (["Packages/Core", "Packages/Networking"], "are separate local packages"),
            (["Packages/Core", "AppSupport"], "name both local packages and targets"),
            (["Packages/Core", "--name", "Base"], "it moves as it is, under its own name"),
            (["Networking", "Sources/AppSupport"], "name both local packages and targets"),
            (["Packages/Nope"], "is not a target, target folder or local package"),
        ] {
            let out = try w.carve(["extract"] + arguments + ["--to", dir.path])
            #expect(out.status == 1 && out.stderr.contains(message), "\(arguments): \(out.stderr)")
            #expect(out.stdout.isEmpty && out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        }
        #expect(try w.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    // MARK: - Manifests as they are written

    @Test func helperBuiltTargetIsWrittenFromSwiftPMsDescription() throws {
        let w = try Workspace("pkg-computed")
        let dir = w.root.appendingPathComponent("Primitives")
        let out = try w.carve(["extract", "Primitives", "--to", dir.path, "--verify", "--json"])
        _ = try ExtractTests.verified(out, builds: 2)
        let generated = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        // `CustomTarget.target(kind:name:)` cannot be copied alone: the settings SwiftPM reports.
        #expect(generated.contains(".define(\"COMPUTED_FLAG\")") && !generated.contains("CustomTarget"), "\(generated)")
        let rewired = try w.show("carve/extract-Primitives:Package.swift")
        #expect(!rewired.contains(".target(kind: .library, name: \"Primitives\")") && !rewired.contains("name: \"PrimitivesTests\"") && rewired.contains("struct CustomTarget"), "\(rewired)")
        #expect(rewired.contains(".product(name: \"Primitives\", package: \"Primitives\")"))
        // The loop over package.targets is left as it was, in both manifests.
        #expect(rewired.contains("for target in package.targets where target.type != .system {") && generated.contains("for target in package.targets"))
    }

    @Test func appendedAndConditionalTargetsAreRemovedWhereTheyAre() throws {
        let w = try Workspace("pkg-computed")
        let dir = w.root.appendingPathComponent("Codec")
        let out = try w.carve(["extract", "Codec", "Primitives", "--to", dir.path, "--verify", "--json"])
        _ = try ExtractTests.verified(out, builds: 2)
        let rewired = try w.show("carve/extract-Codec:Package.swift")
        #expect(!rewired.contains(".target(name: \"Codec\"") && rewired.contains("package.targets += ["), "\(rewired)")
        #expect(rewired.contains(".package(path: \"../Codec\")"))
        let generated = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(generated.contains("swiftSettings: swiftSettings") && generated.contains("let swiftSettings: [SwiftSetting] = [.define(\"COMPUTED_FLAG\")]"), "\(generated)")

        let tool = w.root.appendingPathComponent("tool")
        let dry = try w.carve(["extract", "tool", "--to", tool.path, "--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let diff = try #require((try ExtractTests.json(dry)["monorepo"] as? [String: Any])?["diff"] as? String)
        // Declared in both branches of `#if os(Linux)`: both go.
        #expect(diff.components(separatedBy: "\n-    .executableTarget(name: \"tool\"").count == 3, "\(diff)")
    }

    // MARK: - Renames, package access

    @Test func twoModulesRenamedAtOnce() throws {
        let w = try Workspace("pkg-deps")
        let dir = w.root.appendingPathComponent("NotesBase")
        let out = try w.carve(["extract", "Core", "Models", "--rename", "Core=NotesCore", "--rename", "Models=NoteModels", "--package-name", "NotesBase", "--to", dir.path, "--verify", "--json"])
        let report = try ExtractTests.verified(out, builds: 2)
        let package = try #require((report["packages"] as? [[String: Any]])?.first)
        #expect(package["name"] as? String == "NotesBase")
        #expect(package["targets"] as? [String: String] == ["Core": "NotesCore", "Models": "NoteModels", "CoreTests": "NotesCoreTests", "ModelsTests": "NoteModelsTests"])
        let files = try w.git(["ls-tree", "-r", "--name-only", "main"], in: dir)
        #expect(files.contains("Sources/NotesCore/Identifier.swift") && files.contains("Sources/NoteModels/Note.swift") && files.contains("Tests/NoteModelsTests/NoteTests.swift"))
        #expect(try w.git(["show", "main:Sources/NoteModels/Note.swift"], in: dir).contains("import NotesCore"))
        #expect(try w.show("carve/extract-NotesBase:Sources/Sync/SyncEngine.swift").contains("import NoteModels"))
        #expect(try w.show("carve/extract-NotesBase:Sources/Networking/Request.swift").contains("import NotesCore"))
    }

    @Test func theSuggestedCommandIsOneCarveAccepts() throws {
        let w = try Workspace("pkg-deps")
        let dir = w.root.appendingPathComponent("Net")
        let out = try w.carve(["extract", "Networking", "--rename", "Networking=Net", "--to", dir.path, "--dry-run", "--json"])
        let warnings = ExtractTests.warnings(try ExtractTests.json(out))
        let warning = try #require(warnings.first { $0.contains("depend on each other") }, "\(warnings)")
        let command = try #require(warning.split(separator: "`").dropFirst().first.map(String.init), "\(warning)")
        #expect(command == "carve extract Networking Core --to \(dir.path) --rename Networking=Net", "\(command)")
        let arguments = command.split(separator: " ").dropFirst().map { String($0) }
        let suggested = try w.carve(arguments + ["--dry-run", "--json"])
        #expect(suggested.status == 0, "\(suggested.stderr)")
        #expect(!ExtractTests.warnings(try ExtractTests.json(suggested)).contains { $0.contains("depend on each other") })
    }

    @Test func batchConfigRenamesSeveralModules() throws {
        let w = try Workspace("pkg-deps")
        let config = w.root.appendingPathComponent("carve.json")
        try #"{"packages": [{"name": "Base", "components": ["Core", "Models"], "renames": {"Core": "NotesCore", "Models": "NoteModels"}}]}"#.write(to: config, atomically: true, encoding: .utf8)
        let out = try w.carve(["batch", "--config", config.path, "--out", w.root.appendingPathComponent("split").path, "--dry-run", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let package = try #require((try ExtractTests.json(out)["packages"] as? [[String: Any]])?.first)
        #expect(package["targets"] as? [String: String] == ["Core": "NotesCore", "Models": "NoteModels", "CoreTests": "NotesCoreTests", "ModelsTests": "NoteModelsTests"])
        let manifest = package["manifest"] as? String ?? ""
        #expect(manifest.contains("name: \"NoteModels\"") && manifest.contains("name: \"NotesCore\"") && !manifest.contains("\"Core\""), "\(manifest)")
    }

    @Test func renamesThatCannotBeFollowedAreRefused() throws {
        let w = try Workspace("pkg-deps")
        let dir = w.root.appendingPathComponent("X")
        let before = try w.snapshot()
        for (arguments, message) in [
            (["Core", "--rename", "Sync=S"], "--rename Sync=... names no target that is extracted"),
            (["Core", "--rename", "Core=Sync"], "'Sync' is already the name of a target or product"),
            (["Core", "--rename", "Core"], "--rename takes OLD=NEW"),
            (["Core", "--name", "A", "--rename", "Core=B"], "not both"),
        ] {
            let out = try w.carve(["extract"] + arguments + ["--to", dir.path])
            #expect(out.status != 0 && out.stderr.contains(message), "\(arguments): \(out.stderr)")
            #expect(out.stdout.isEmpty)
        }
        #expect(try w.snapshot() == before)
    }

    @Test func packageDeclarationsUsedAcrossTheCutAreRefusedInThePlan() throws {
        let w = try Workspace("pkg-package-access")
        let before = try w.snapshot()
        let dir = w.root.appendingPathComponent("Core")
        let out = try w.carve(["extract", "Core", "--to", dir.path, "--dry-run"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("across the cut, which stop resolving once the modules are in different packages"), "\(out.stderr)")
        #expect(out.stderr.contains("normalized") && out.stderr.contains("Sources/App/main.swift:"), "\(out.stderr)")
        #expect(out.stdout.isEmpty)
        #expect(try w.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}
