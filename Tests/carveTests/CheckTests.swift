import Foundation
import Testing
import TestSupport

/// `carve check` on packages written by the tests: for every rule, a package that breaks it and
/// the same package fixed; the exit codes, the baseline, the config, `--rev`, and Carve itself.
@Suite struct CheckTests {
    /// A clean package: Core <- Feature <- App (which also uses Core), CoreTests.
    static let base: [String: String] = [
        "Package.swift": """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Shop",
                products: [
                    .library(name: "Core", targets: ["Core"]),
                    .library(name: "Feature", targets: ["Feature"]),
                ],
                targets: [
                    .target(name: "Core"),
                    .target(name: "Feature", dependencies: ["Core"]),
                    .executableTarget(name: "App", dependencies: ["Feature", "Core"]),
                    .testTarget(name: "CoreTests", dependencies: ["Core"]),
                ]
            )

            """,
        "Sources/Core/Core.swift": "public struct Token {\n    public init() {}\n}\n",
        "Sources/Feature/Feature.swift": "import Core\n\npublic func feature() -> Token { Token() }\n",
        "Sources/App/main.swift": "import Feature\nimport Core\n\nlet token: Token = feature()\nprint(token)\n",
        "Tests/CoreTests/CoreTests.swift": "import Testing\n@testable import Core\n\n@Test func token() { _ = Token() }\n",
    ]

    /// `files` written into a new folder.
    static func write(_ files: [String: String], into folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// The base package with `changes` applied (a path mapped to nil is removed).
    static func package(_ changes: [String: String?] = [:], base: [String: String] = base) -> [String: String] {
        var files = base
        for (path, text) in changes { files[path] = text }
        return files
    }

    /// The base manifest with one text replaced.
    static func manifest(replacing old: String, with new: String) -> String {
        let text = base["Package.swift"]!
        precondition(text.contains(old), "the base manifest has no \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var findings: [[String: Any]]

        var rules: [String] { findings.map { $0["rule"] as! String } }
        func only(_ rule: String) -> [[String: Any]] { findings.filter { $0["rule"] as? String == rule } }
    }

    /// `carve check --json` on `files`.
    static func check(_ files: [String: String], _ arguments: [String] = []) throws -> Run {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("shop")
        try write(files, into: repo)
        return try check(repo, arguments)
    }

    static func check(_ repo: URL, _ arguments: [String] = []) throws -> Run {
        let out = try Shell.run(CommandLineTests.binary, ["check", "--json", "--repo", repo.path] + arguments, in: repo)
        var findings: [[String: Any]] = []
        if let json = try? JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] {
            findings = json["findings"] as? [[String: Any]] ?? []
        }
        return Run(status: out.status, stdout: out.stdout, stderr: out.stderr, findings: findings)
    }

    /// Breaks `rule` with `changes`, then checks the same package fixed (the base).
    func breaks(_ rule: String, _ changes: [String: String?], base: [String: String] = Self.base, status: Int32 = 2) throws -> [[String: Any]] {
        let broken = try Self.check(Self.package(changes, base: base))
        #expect(broken.status == status, "\(broken.stderr)\n\(broken.stdout)")
        #expect(broken.rules.contains(rule), "\(broken.rules)")
        let fixed = try Self.check(base)
        #expect(fixed.status == 0, "\(fixed.stderr)\n\(fixed.stdout)")
        #expect(fixed.findings.isEmpty, "\(fixed.rules)")
        return broken.only(rule)
    }

    @Test func cleanPackagePasses() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("shop")
        try Self.write(Self.base, into: repo)
        let out = try Shell.run(CommandLineTests.binary, ["check", "--repo", repo.path], in: repo)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout == "3 components in 1 package: nothing stops a split\n")
    }

    @Test func undeclaredImport() throws {
        let found = try breaks("undeclared-import", ["Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#)])
        #expect(found.count == 1)
        #expect(found.first?["component"] as? String == "App")
        #expect(found.first?["file"] as? String == "Sources/App/main.swift")
        #expect(found.first?["line"] as? Int == 2)
        #expect((found.first?["message"] as? String)?.contains(#"add "Core" to its dependencies"#) == true)
    }

    @Test func undeclaredImportInEveryForm() throws {
        let app = "#if canImport(Core)\n@preconcurrency internal import struct Core.Token\n#endif\nimport Feature\n\nprint(feature())\n"
        let found = try breaks("undeclared-import", [
            "Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#),
            "Sources/App/main.swift": app,
        ])
        #expect(found.map { $0["line"] as? Int } == [2])
        #expect((found.first?["message"] as? String)?.contains("(in an #if)") == true)
    }

    /// An import under a custom compilation condition counts only when the target defines it.
    @Test func importsUnderCompilationConditions() throws {
        let app = "import Feature\n#if USE_CORE\nimport Core\n#else\nimport Foundation\n#endif\n\nprint(feature())\n"
        let undefined = try Self.check(Self.package([
            "Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#),
            "Sources/App/main.swift": app,
        ]))
        #expect(undefined.status == 0, "\(undefined.stderr)")
        #expect(undefined.findings.isEmpty, "\(undefined.rules)")
        let defined = try Self.check(Self.package([
            "Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"], swiftSettings: [.define("USE_CORE")]"#),
            "Sources/App/main.swift": app,
        ]))
        #expect(defined.rules == ["undeclared-import"])
        #expect(defined.findings.first?["line"] as? Int == 3)
    }

    @Test func unusedDependencyIsAWarning() throws {
        let found = try breaks("unused-dependency", ["Sources/Feature/Feature.swift": "public func feature() -> Int { 1 }\n", "Sources/App/main.swift": "import Feature\n\nprint(feature())\n",
                                                     "Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#)], status: 0)
        #expect(found.count == 1)
        #expect(found.first?["component"] as? String == "Feature")
        #expect(found.first?["severity"] as? String == "warning")
        #expect(found.first?["file"] as? String == "Package.swift")
        #expect(found.first?["line"] as? Int == 12)
    }

    @Test func packageAccessAcrossComponents() throws {
        let found = try breaks("package-access", [
            "Sources/Core/Core.swift": "public struct Token {\n    public init() {}\n}\n\npackage func secret() -> Int { 42 }\n",
            "Sources/App/main.swift": "import Feature\nimport Core\n\nlet token: Token = feature()\nprint(token, secret())\n",
        ])
        #expect(found.count == 1)
        #expect(found.first?["component"] as? String == "Core")
        #expect(found.first?["file"] as? String == "Sources/App/main.swift")
        #expect(found.first?["line"] as? Int == 5)
        #expect((found.first?["message"] as? String)?.contains("Sources/Core/Core.swift:5") == true)
    }

    @Test func packageAccessFromTheComponentsOwnTestsIsFine() throws {
        let run = try Self.check(Self.package([
            "Sources/Core/Core.swift": "public struct Token {\n    public init() {}\n}\n\npackage func secret() -> Int { 42 }\n",
            "Tests/CoreTests/CoreTests.swift": "import Testing\nimport Core\n\n@Test func token() { #expect(secret() == 42) }\n",
        ]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.findings.isEmpty, "\(run.rules)")
    }

    @Test func exportedImportOfAnotherComponent() throws {
        let found = try breaks("exported-import", ["Sources/Feature/Feature.swift": "@_exported import Core\n\npublic func feature() -> Token { Token() }\n"])
        #expect(found.map { $0["line"] as? Int } == [1])
        #expect(found.first?["component"] as? String == "Feature")
    }

    @Test func unsafeFlags() throws {
        let found = try breaks("unsafe-flags", ["Package.swift": Self.manifest(replacing: #".target(name: "Core"),"#, with: ".target(\n            name: \"Core\",\n            swiftSettings: [.unsafeFlags([\"-Onone\"])]\n        ),")])
        #expect(found.first?["component"] as? String == "Core")
        #expect(found.first?["line"] as? Int == 13)
    }

    @Test func nestedTarget() throws {
        let found = try breaks("nested-target", [
            "Package.swift": Self.manifest(replacing: #".target(name: "Core"),"#, with: #".target(name: "Core", exclude: ["Inner"]), .target(name: "Inner", path: "Sources/Core/Inner"),"#),
            "Sources/Core/Inner/Inner.swift": "public let inner = 1\n",
        ])
        #expect(found.first?["component"] as? String == "Inner")
        #expect((found.first?["message"] as? String)?.contains("inside Core's folder Sources/Core") == true)
    }

    @Test func layoutOfTargets() throws {
        let found = try breaks("layout", [
            "Package.swift": Self.manifest(replacing: #".target(name: "Core"),"#, with: #".target(name: "Core", path: "lib/core"),"#),
            "Sources/Core/Core.swift": nil,
            "lib/core/Core.swift": Self.base["Sources/Core/Core.swift"]!,
        ])
        #expect(found.map { $0["component"] as? String } == ["Core"])
        #expect((found.first?["message"] as? String)?.contains("move it to Sources/Core") == true)
    }

    /// A package's only target may be its whole Sources folder (a one-target package is one
    /// component); beside another target it may not.
    @Test func aLoneTargetMayBeTheSourcesFolder() throws {
        let alone = try Self.check(Self.package([
            "Packages/Models/Package.swift": Self.localManifest("Models", dependencies: []).replacingOccurrences(of: #".target(name: "Models", dependencies: [])"#, with: #".target(name: "Models", dependencies: [], path: "Sources")"#),
            "Packages/Models/Sources/Models/Note.swift": nil,
            "Packages/Models/Sources/Note.swift": "public struct Note {\n    public init() {}\n}\n",
        ], base: Self.localPackages))
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.findings.isEmpty, "\(alone.rules)")
    }

    @Test func notExtractableWhenInATargetCycle() throws {
        let found = try breaks("not-extractable", [
            "Package.swift": Self.manifest(replacing: #".target(name: "Core"),"#, with: #".target(name: "Core", dependencies: ["Feature"]),"#),
        ])
        #expect(Set(found.compactMap { $0["component"] as? String }) == ["Core", "Feature"])
        #expect((found.first?["message"] as? String)?.contains("dependency cycle") == true)
    }

    // MARK: - Local packages

    /// An app repository: Packages/Models <- Packages/Sync, and a root app package using both.
    static let localPackages: [String: String] = [
        "Package.swift": """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "App",
                dependencies: [.package(path: "Packages/Models"), .package(path: "Packages/Sync")],
                targets: [
                    .executableTarget(name: "App", dependencies: [
                        .product(name: "Models", package: "Models"),
                        .product(name: "Sync", package: "Sync"),
                    ]),
                ]
            )

            """,
        "Sources/App/main.swift": "import Models\nimport Sync\n\nprint(Note(), sync())\n",
        "Packages/Models/Package.swift": localManifest("Models", dependencies: []),
        "Packages/Models/Sources/Models/Note.swift": "public struct Note {\n    public init() {}\n}\n",
        "Packages/Sync/Package.swift": localManifest("Sync", dependencies: ["Models"]),
        "Packages/Sync/Sources/Sync/Sync.swift": "import Models\n\npublic func sync() -> Note { Note() }\n",
    ]

    static func localManifest(_ name: String, dependencies: [String]) -> String {
        """
        // swift-tools-version:5.9
        import PackageDescription

        let package = Package(
            name: "\(name)",
            products: [.library(name: "\(name)", targets: ["\(name)"])],
            dependencies: [\(dependencies.map { ".package(path: \"../\($0)\")" }.joined(separator: ", "))],
            targets: [
                .target(name: "\(name)", dependencies: [\(dependencies.map { ".product(name: \"\($0)\", package: \"\($0)\")" }.joined(separator: ", "))]),
            ]
        )

        """
    }

    @Test func localPackagesCleanThenUndeclaredImport() throws {
        let found = try breaks("undeclared-import", [
            "Sources/App/main.swift": "import Models\nimport Sync\n\nprint(Note(), sync())\n",
            "Package.swift": Self.localPackages["Package.swift"]!.replacingOccurrences(of: ".product(name: \"Models\", package: \"Models\"),", with: ""),
        ], base: Self.localPackages)
        #expect(found.first?["package"] as? String == "")
        #expect((found.first?["message"] as? String)?.contains(#".product(name: "Models", package: "models")"#) == true)
    }

    @Test func packageCycle() throws {
        let found = try breaks("package-cycle", [
            "Packages/Models/Package.swift": Self.localManifest("Models", dependencies: ["Sync"]),
        ], base: Self.localPackages)
        #expect(found.count == 1)
        #expect((found.first?["message"] as? String)?.contains("Packages/Models → Packages/Sync → Packages/Models") == true)
    }

    @Test func layoutOfLocalPackages() throws {
        let found = try breaks("layout", [
            "Packages/Sync/Inner/Package.swift": Self.localManifest("Inner", dependencies: []),
            "Packages/Sync/Inner/Sources/Inner/Inner.swift": "public let inner = 1\n",
        ], base: Self.localPackages)
        #expect(found.map { $0["component"] as? String } == ["Packages/Sync/Inner"])
    }

    // MARK: - Output, baseline, config, revisions

    @Test func textGroupsByComponentWithRuleAndLine() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("shop")
        try Self.write(Self.package(["Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#)]), into: repo)
        let out = try Shell.run(CommandLineTests.binary, ["check", "--repo", repo.path], in: repo)
        #expect(out.status == 2)
        #expect(out.stdout.hasPrefix("App\n  Sources/App/main.swift:2: error [undeclared-import] `import Core`, but App does not declare Core"))
        #expect(out.stdout.contains("\nundeclared-import: a target imports a module its manifest entry does not declare"))
        #expect(out.stdout.hasSuffix("3 components in 1 package: 1 error, 0 warnings\n"))
    }

    @Test func baselineFailsOnlyOnNewFindings() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("shop")
        let baseline = temp.url.appendingPathComponent("baseline.json").path
        try Self.write(Self.package(["Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#)]), into: repo)
        let written = try Self.check(repo, ["--write-baseline", baseline])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.findings.count == 1)
        let known = try Self.check(repo, ["--baseline", baseline])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.findings.isEmpty)
        // Lines that move do not make a finding new; a new finding fails.
        try Self.write(["Sources/App/main.swift": "// moved\nimport Feature\nimport Core\n\nlet token: Token = feature()\nprint(token)\n",
                        "Sources/Feature/Feature.swift": "@_exported import Core\n\npublic func feature() -> Token { Token() }\n"], into: repo)
        let new = try Self.check(repo, ["--baseline", baseline])
        #expect(new.status == 2)
        #expect(new.rules == ["exported-import"])
        let text = try Shell.run(CommandLineTests.binary, ["check", "--repo", repo.path, "--baseline", baseline], in: repo)
        #expect(text.stdout.contains("(not shown: 1 in the baseline)"))
    }

    @Test func configTurnsRulesOffPerComponentAndExcludesFolders() throws {
        var files = Self.package(["Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#)])
        files["carve-check.json"] = #"{"disable": {"App": ["undeclared-import"]}, "exclude": ["Fixtures"]}"#
        files["Fixtures/Broken/Package.swift"] = "this is not a manifest\n"
        let run = try Self.check(files)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.findings.isEmpty)
        #expect(run.stdout.contains(#""disabled" : 1"#))
        // The rule stays on for other components.
        files["carve-check.json"] = #"{"disable": {"Feature": ["undeclared-import"]}, "exclude": ["Fixtures"]}"#
        #expect(try Self.check(files).rules == ["undeclared-import"])
    }

    @Test func badConfigAndBaselineAreRefused() throws {
        var files = Self.base
        files["carve-check.json"] = #"{"disable": {"App": ["no-such-rule"]}}"#
        let unknown = try Self.check(files)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("turns off 'no-such-rule' for App, which is not a rule of carve check: use one of undeclared-import,"))
        files["carve-check.json"] = "{ not json"
        let broken = try Self.check(files)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("carve-check.json' is not valid"))
        files["carve-check.json"] = nil
        let missing = try Self.check(files, ["--baseline", "/nonexistent/baseline.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the baseline file '/nonexistent/baseline.json' does not exist"))
        #expect(missing.stdout.isEmpty)
    }

    @Test func revisionInsteadOfTheWorkingTree() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("shop")
        try Self.write(Self.package(["Package.swift": Self.manifest(replacing: #"dependencies: ["Feature", "Core"]"#, with: #"dependencies: ["Feature"]"#)]), into: repo)
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "broken"]] {
            let git = try Shell.run("git", arguments, in: repo, environment: Shell.gitEnvironment)
            #expect(git.status == 0, "\(git.stderr)")
        }
        try Self.write(["Package.swift": Self.base["Package.swift"]!], into: repo)
        let head = try Self.check(repo, ["--rev", "HEAD"])
        #expect(head.status == 2, "\(head.stderr)")
        #expect(head.rules == ["undeclared-import"])
        #expect(head.stdout.contains(#""revision" : "HEAD""#))
        let tree = try Self.check(repo)
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(try Shell.git(["status", "--porcelain"], in: repo) == "M Package.swift")
    }

    @Test func carveItselfPasses() throws {
        let out = try Shell.run(CommandLineTests.binary, ["check", "--repo", Shell.packageRoot.path], in: Shell.packageRoot)
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.hasSuffix("nothing stops a split\n"), "\(out.stdout)")
    }
}
