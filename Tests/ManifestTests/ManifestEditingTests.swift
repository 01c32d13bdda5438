import Testing
@testable import Manifest

/// Golden tests: a monorepo manifest (input text), the rewired manifest and the generated
/// package manifest (expected texts), with swift-syntax edits that keep everything else as is.
@Suite struct ManifestEditingTests {
    static let monorepo = """
        // swift-tools-version:5.9
        // The Acme monorepo.
        import PackageDescription
        import Foundation

        let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

        let package = Package(
            name: "Acme",
            platforms: [
                .macOS(.v13),
                .iOS(.v16),
            ],
            products: [
                .library(name: "Kit", targets: ["Kit", "Net"]),  // umbrella
                .library(name: "Net", targets: ["Net"]),
            ],
            dependencies: [
                .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
                .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
            ],
            targets: [
                // Networking, our candidate.
                .target(
                    name: "Net",
                    dependencies: [
                        "Base",
                        .product(name: "Collections", package: "swift-collections"),
                        .target(name: "Log", condition: .when(platforms: [.linux])),
                    ],
                    swiftSettings: strict
                ),
                .target(name: "Base"),
                .target(name: "Log"),
                .target(name: "Kit", dependencies: ["Net", .byName(name: "Base")]),
                .executableTarget(name: "tool", dependencies: [.target(name: "Net", condition: .when(platforms: [.macOS])), .product(name: "ArgumentParser", package: "swift-argument-parser")]),
                .testTarget(name: "NetTests", dependencies: ["Net"]),
            ]
        )

        """

    @Test func rewiresTheMonorepoKeepingTheRest() throws {
        let out = try ManifestRewriter.rewire(Self.monorepo, MonorepoRewiring(
            removedTargets: ["Net", "NetTests"],
            replacements: ["Net": ProductReference(name: "Net", package: "Net")],
            addedPackages: [".package(path: \"../Net\")"],
            exposedTargets: ["Base", "Log"],
            raiseToolsVersion: true
        ))
        #expect(out == """
            // swift-tools-version:6.0
            // The Acme monorepo.
            import PackageDescription
            import Foundation

            let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

            let package = Package(
                name: "Acme",
                platforms: [
                    .macOS(.v13),
                    .iOS(.v16),
                ],
                products: [
                    .library(name: "Kit", targets: ["Kit"]),  // umbrella
                    .library(name: "Base", targets: ["Base"]),
                    .library(name: "Log", targets: ["Log"]),
                ],
                dependencies: [
                    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
                    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
                    .package(path: "../Net"),
                ],
                targets: [
                    .target(name: "Base"),
                    .target(name: "Log"),
                    .target(name: "Kit", dependencies: [.product(name: "Net", package: "Net"), .byName(name: "Base")]),
                    .executableTarget(name: "tool", dependencies: [.product(name: "Net", package: "Net", condition: .when(platforms: [.macOS])), .product(name: "ArgumentParser", package: "swift-argument-parser")]),
                ],
                swiftLanguageModes: [.v5]
            )

            """)
    }

    @Test func generatesThePackageFromTheMovedDeclarations() throws {
        let out = try PackageGenerator.generate(fromMonorepo: Self.monorepo, PackageGeneration(
            name: "Net", targets: ["Net", "NetTests"], renames: [:],
            monorepoPackage: ".package(path: \"../acme\")", monorepoIdentity: "acme", raiseToolsVersion: true
        ))
        #expect(out.monorepoTargets == ["Base", "Log"])
        #expect(out.warnings.isEmpty)
        #expect(out.text == """
            // swift-tools-version:6.0
            import PackageDescription
            import Foundation

            let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

            let package = Package(
                name: "Net",
                platforms: [
                    .macOS(.v13),
                    .iOS(.v16),
                ],
                products: [
                    .library(name: "Net", targets: ["Net"]),
                ],
                dependencies: [
                    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
                    .package(path: "../acme"),
                ],
                targets: [
                    // Networking, our candidate.
                    .target(
                        name: "Net",
                        dependencies: [
                            .product(name: "Base", package: "acme"),
                            .product(name: "Collections", package: "swift-collections"),
                            .product(name: "Log", package: "acme", condition: .when(platforms: [.linux])),
                        ],
                        swiftSettings: strict
                    ),
                    .testTarget(name: "NetTests", dependencies: ["Net"]),
                ],
                swiftLanguageModes: [.v5]
            )

            """)
    }

    @Test func renamesTargetsAndTheirInternalDependencies() throws {
        let out = try PackageGenerator.generate(fromMonorepo: Self.monorepo, PackageGeneration(
            name: "Networking", targets: ["Net", "NetTests", "Base", "Log"], renames: ["Net": "Networking", "NetTests": "NetworkingTests"],
            monorepoPackage: ".package(path: \"../acme\")", monorepoIdentity: "acme", raiseToolsVersion: false
        ))
        #expect(out.monorepoTargets.isEmpty)
        #expect(out.text.hasPrefix("// swift-tools-version:5.9\n"))
        #expect(!out.text.contains("swiftLanguageModes") && !out.text.contains("../acme"))
        #expect(out.text.contains("            name: \"Networking\",\n"))
        #expect(out.text.contains("        .testTarget(name: \"NetworkingTests\", dependencies: [\"Networking\"]),\n"))
        #expect(out.text.contains("                .target(name: \"Log\", condition: .when(platforms: [.linux])),\n"))
        #expect(out.text.contains("        .library(name: \"Networking\", targets: [\"Networking\"]),\n        .library(name: \"Base\", targets: [\"Base\"]),\n"))
    }

    @Test func addsMissingArgumentsAndRemovesInlineElements() throws {
        let manifest = """
            // swift-tools-version: 5.10
            import PackageDescription

            let package = Package(
                name: "Small",
                products: [.library(name: "Both", targets: ["A", "B"]), .library(name: "B", targets: ["B"])],
                targets: [
                    .target(name: "A", dependencies: ["B"]),
                    .target(name: "B"),
                ],
                swiftLanguageVersions: [.v5]
            )
            """
        let out = try ManifestRewriter.rewire(manifest, MonorepoRewiring(
            removedTargets: ["B"], replacements: ["B": ProductReference(name: "B", package: "b")],
            addedPackages: [".package(path: \"../b\")"], exposedTargets: [], raiseToolsVersion: true
        ))
        #expect(out == """
            // swift-tools-version: 6.0
            import PackageDescription

            let package = Package(
                name: "Small",
                products: [.library(name: "Both", targets: ["A"]), ],
                dependencies: [
                    .package(path: "../b"),
                ],
                targets: [
                    .target(name: "A", dependencies: [.product(name: "B", package: "b")]),
                ],
                swiftLanguageVersions: [.v5]
            )
            """)
    }

    @Test func refusesManifestsItCannotEdit() {
        #expect(throws: ManifestError.self) { try ManifestRewriter.rewire("import PackageDescription\nlet package = Package(name: \"X\", targets: [])\n", MonorepoRewiring(removedTargets: [], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false)) }
        let loop = "// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"X\", targets: [])\nfor name in [\"A\", \"B\"] {\n    package.targets.append(.target(name: name))\n}\n"
        #expect(throws: ManifestError.notEditable("target A is not declared by a call with `name: \"A\"` in a list Carve can follow (Package.swift:4 adds targets in a loop (`for name in [\"A\", \"B\"]...`))")) {
            try ManifestRewriter.rewire(loop, MonorepoRewiring(removedTargets: ["A"], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false))
        }
    }
}
