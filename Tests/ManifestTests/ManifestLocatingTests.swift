import Foundation
import Testing
@testable import Manifest

/// Golden tests for manifests as people write them: declarations in top-level variables, in
/// arrays appended after the initializer (in `if`, `#if`), built by helpers; relocations; and the
/// fallbacks for adding dependencies and products. Some also run the real
/// `swift package dump-package` on the result and require `ManifestCheck` to pass.
@Suite struct ManifestLocatingTests {
    /// Rewires `input` and checks the result with SwiftPM's own reading of both texts.
    func rewireChecked(_ input: String, _ rewiring: MonorepoRewiring) throws -> String {
        let out = try ManifestRewriter.rewire(input, rewiring)
        try ManifestCheck.checkRewired(original: SwiftPM.dumpPackage(input), edited: SwiftPM.dumpPackage(out), editedText: out, rewiring: rewiring)
        return out
    }

    static let variables = """
        // swift-tools-version:5.9
        import PackageDescription

        var dep: [Package.Dependency] = [
            .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        ]
        #if os(Linux)
        dep.append(.package(path: "../Tools"))
        #endif

        let common: [Target.Dependency] = ["Net"]

        let targets: [Target] = [
            .target(name: "Net", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
            .target(name: "App", dependencies: common + ["Base"]),
            .target(name: "Base"),
        ] + [
            .testTarget(name: "NetTests", dependencies: ["Net"]),
        ]

        let package = Package(
            name: "Acme",
            products: [.library(name: "Net", targets: ["Net"])],
            dependencies: dep,
            targets: targets
        )

        """

    @Test func topLevelVariablesAndConcatenation() throws {
        let out = try rewireChecked(Self.variables, MonorepoRewiring(
            removedTargets: ["Net", "NetTests"], replacements: ["Net": ProductReference(name: "Net", package: "net")],
            addedPackages: [".package(path: \"../Net\")"], exposedTargets: ["Base"], raiseToolsVersion: false
        ))
        #expect(out == """
            // swift-tools-version:5.9
            import PackageDescription

            var dep: [Package.Dependency] = [
                .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
                .package(path: "../Net"),
            ]
            #if os(Linux)
            dep.append(.package(path: "../Tools"))
            #endif

            let common: [Target.Dependency] = [.product(name: "Net", package: "net")]

            let targets: [Target] = [
                .target(name: "App", dependencies: common + ["Base"]),
                .target(name: "Base"),
            ] + [
            ]

            let package = Package(
                name: "Acme",
                products: [
                    .library(name: "Base", targets: ["Base"]),
                ],
                dependencies: dep,
                targets: targets
            )

            """)
    }

    static let appended = """
        // swift-tools-version:5.9
        import PackageDescription

        let package = Package(
            name: "Acme",
            products: [
                .library(name: "Kit", targets: ["Kit", "Net"]),
            ],
            targets: [
                .target(name: "Kit", dependencies: ["Base"]),
                .target(name: "Base"),
            ]
        )

        package.targets.append(.target(name: "Net", dependencies: ["Base"]))
        if Context.environment["ACME_TESTS"] == nil {
            package.targets += [
                .testTarget(name: "NetTests", dependencies: ["Net"]),
                .testTarget(name: "KitTests", dependencies: ["Kit"]),
            ]
        }
        #if os(Linux)
        package.targets.append(contentsOf: [
            .executableTarget(name: "tool", dependencies: [.target(name: "Net", condition: .when(platforms: [.linux]))]),
            .target(name: "Store"),
        ])
        #endif
        package.targets.first { $0.name == "Kit" }?.dependencies.append("Net")

        // Keep settings uniform.
        for target in package.targets where target.type != .test {
            target.swiftSettings = [.enableUpcomingFeature("ExistentialAny")]
        }

        """

    @Test func appendedArraysInIfAndIfConfig() throws {
        let out = try rewireChecked(Self.appended, MonorepoRewiring(
            removedTargets: ["Net", "NetTests", "Store"], replacements: ["Net": ProductReference(name: "Net", package: "net")],
            addedPackages: [".package(path: \"../Net\")"], exposedTargets: ["Base"], raiseToolsVersion: false
        ))
        #expect(out == """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Acme",
                products: [
                    .library(name: "Kit", targets: ["Kit"]),
                    .library(name: "Base", targets: ["Base"]),
                ],
                dependencies: [
                    .package(path: "../Net"),
                ],
                targets: [
                    .target(name: "Kit", dependencies: ["Base"]),
                    .target(name: "Base"),
                ]
            )

            if Context.environment["ACME_TESTS"] == nil {
                package.targets += [
                    .testTarget(name: "KitTests", dependencies: ["Kit"]),
                ]
            }
            #if os(Linux)
            package.targets.append(contentsOf: [
                .executableTarget(name: "tool", dependencies: [.product(name: "Net", package: "net", condition: .when(platforms: [.linux]))]),
            ])
            #endif
            package.targets.first { $0.name == "Kit" }?.dependencies.append(.product(name: "Net", package: "net"))

            // Keep settings uniform.
            for target in package.targets where target.type != .test {
                target.swiftSettings = [.enableUpcomingFeature("ExistentialAny")]
            }

            """)
    }

    @Test func theArgumentParserAppendsInIfConfig() throws {
        let out = try ManifestRewriter.rewire(RealManifests.swiftArgumentParser, MonorepoRewiring(
            removedTargets: ["count-lines", "roll"], replacements: [:], addedPackages: [".package(path: \"../Dice\")"],
            exposedTargets: [], raiseToolsVersion: false
        ))
        let expected = RealManifests.swiftArgumentParser
            .replacingOccurrences(of: "  dependencies: [],\n", with: "  dependencies: [\n    .package(path: \"../Dice\"),\n  ],\n")
            .replacingOccurrences(of: "\n\n    // Examples\n    .executableTarget(\n      name: \"roll\",\n      dependencies: [\"ArgumentParser\"],\n      path: \"Examples/roll\"),", with: "")
            .replacingOccurrences(of: "\n  // Examples\n  .executableTarget(\n    name: \"count-lines\",\n    dependencies: [\"ArgumentParser\"],\n    path: \"Examples/count-lines\"),", with: "")
        #expect(out == expected)
        #expect(out != RealManifests.swiftArgumentParser)
    }

    @Test func relocatesLocalPackages() throws {
        let networking = """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Networking",
                dependencies: [
                    .package(path: "../Core/"),
                    .package(name: "Log", path: "./../Log"),
                ],
                targets: [
                    .target(name: "Networking", dependencies: [
                        .product(name: "Core", package: "Core"),
                        .product(name: "Log", package: "Log"),
                    ]),
                ]
            )
            """
        let out = try rewireChecked(networking, MonorepoRewiring(
            removedTargets: [], replacements: [:], addedPackages: [], exposedTargets: [], raiseToolsVersion: false,
            relocations: [
                PackageRelocation(path: "../Core", replacement: ".package(url: \"https://example.com/CoreKit.git\", from: \"1.0.0\")", oldPackage: "Core", newPackage: "CoreKit"),
                PackageRelocation(path: "../Log", replacement: ".package(path: \"../../Log\")", oldPackage: "Log", newPackage: "log"),
            ]
        ))
        #expect(out == """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Networking",
                dependencies: [
                    .package(url: "https://example.com/CoreKit.git", from: "1.0.0"),
                    .package(path: "../../Log"),
                ],
                targets: [
                    .target(name: "Networking", dependencies: [
                        .product(name: "Core", package: "CoreKit"),
                        .product(name: "Log", package: "Log"),
                    ]),
                ]
            )
            """)
    }

    @Test func addsAsAStatementWhenTheListIsComputed() throws {
        let computed = """
            // swift-tools-version:5.9
            import PackageDescription

            let base: [Package.Dependency] = []
            let extra: [Package.Dependency] = []
            let libraries: [Product] = ["Kit"].map { .library(name: $0, targets: [$0]) }

            let package = Package(
                name: "Acme",
                products: libraries,
                dependencies: base + extra,
                targets: [.target(name: "Kit", dependencies: ["Net"]), .target(name: "Net"), .target(name: "Base")]
            )
            """
        let out = try rewireChecked(computed, MonorepoRewiring(
            removedTargets: ["Net"], replacements: ["Net": ProductReference(name: "Net", package: "net")],
            addedPackages: [".package(path: \"../Net\")"], exposedTargets: ["Base"], raiseToolsVersion: false
        ))
        #expect(out == """
            // swift-tools-version:5.9
            import PackageDescription

            let base: [Package.Dependency] = []
            let extra: [Package.Dependency] = []
            let libraries: [Product] = ["Kit"].map { .library(name: $0, targets: [$0]) }

            let package = Package(
                name: "Acme",
                products: libraries,
                dependencies: base + extra,
                targets: [.target(name: "Kit", dependencies: [.product(name: "Net", package: "net")]), .target(name: "Base")]
            )

            package.products += [
                .library(name: "Base", targets: ["Base"]),
            ]

            package.dependencies += [
                .package(path: "../Net"),
            ]
            """)
    }

    @Test func swiftNIODependenciesAfterTheInitializer() throws {
        let rewiring = MonorepoRewiring(
            removedTargets: ["_NIOConcurrency"], replacements: [:], addedPackages: [".package(path: \"../swift-nio-concurrency\")"],
            exposedTargets: ["NIOConcurrencyHelpers"], raiseToolsVersion: false
        )
        let out = try ManifestRewriter.rewire(RealManifests.swiftNIO, rewiring)
        let expected = RealManifests.swiftNIO
            .replacingOccurrences(of: "        .library(name: \"_NIOConcurrency\", targets: [\"_NIOConcurrency\"]),\n", with: "        .library(name: \"NIOConcurrencyHelpers\", targets: [\"NIOConcurrencyHelpers\"]),\n")
            .replacingOccurrences(of: "    ],\n    targets: [\n", with: "    ],\n    dependencies: [\n        .package(path: \"../swift-nio-concurrency\"),\n    ],\n    targets: [\n")
            .replacingOccurrences(of: """
                        .target(
                            name: "_NIOConcurrency",
                            dependencies: [
                                .target(name: "NIO", condition: .when(platforms: historicalNIOPosixDependencyRequired)),
                                "NIOCore",
                            ],
                            swiftSettings: swiftSettings
                        ),

                """, with: "")
        #expect(out == expected)
    }
}
