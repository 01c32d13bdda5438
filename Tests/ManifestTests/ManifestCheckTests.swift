import Foundation
import Testing
@testable import Manifest

/// `ManifestCheck` against SwiftPM's real descriptions (captured JSON, and dumps of generated
/// manifests), with hand-broken variants that must be refused.
@Suite struct ManifestCheckTests {
    static let rewiring = MonorepoRewiring(
        removedTargets: ["Net", "NetTests"],
        replacements: ["Net": ProductReference(name: "Net", package: "Net")],
        addedPackages: [".package(path: \"../Net\")"],
        exposedTargets: ["Base", "Log"],
        raiseToolsVersion: true
    )
    static let generation = PackageGeneration(
        name: "Net", targets: ["Net", "NetTests"], renames: [:],
        monorepoPackage: ".package(path: \"../acme\")", monorepoIdentity: "acme", raiseToolsVersion: true
    )

    static func data(_ json: String) -> Data { Data(json.utf8) }

    /// The captured JSON with one change made to it.
    static func broken(_ json: String, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func editTarget(_ name: String, in object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var targets = object["targets"] as! [[String: Any]]
        let i = targets.firstIndex { $0["name"] as? String == name }!
        change(&targets[i])
        object["targets"] = targets
    }

    static func mismatch(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ManifestError {
            if case .planMismatch(let why) = error { return why }
            return "\(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func theRewiredMonorepoPassesAsSwiftPMReadsIt() throws {
        let text = try ManifestRewriter.rewire(ManifestEditingTests.monorepo, Self.rewiring)
        try ManifestCheck.checkRewired(original: Self.data(CapturedDumps.monorepo), edited: Self.data(CapturedDumps.rewired), editedText: text, rewiring: Self.rewiring)
    }

    @Test func aTargetStillDeclaredIsNamedWithItsLine() throws {
        // As if the edit had missed NetTests: SwiftPM still reads it.
        let text = try ManifestRewriter.rewire(ManifestEditingTests.monorepo, Self.rewiring)
            + "for name in [\"NetTests\"] {\n    package.targets.append(.testTarget(name: name))\n}\n"
        let edited = try Self.broken(CapturedDumps.rewired) { object in
            var targets = object["targets"] as! [[String: Any]]
            targets.append(["name": "NetTests", "type": "test", "dependencies": [], "exclude": [], "resources": [], "settings": []])
            object["targets"] = targets
        }
        let why = Self.mismatch { try ManifestCheck.checkRewired(original: Self.data(CapturedDumps.monorepo), edited: edited, editedText: text, rewiring: Self.rewiring) }
        #expect(why?.contains("SwiftPM still declares target NetTests: Package.swift:32 adds targets in a loop (`for name in [\"NetTests\"]...`)") == true, "\(why ?? "")")
        #expect(why?.contains("Nothing was written") == true)
    }

    @Test func aDependencyNotReplacedIsRefused() throws {
        let text = try ManifestRewriter.rewire(ManifestEditingTests.monorepo, Self.rewiring)
        let edited = try Self.broken(CapturedDumps.rewired) { object in
            Self.editTarget("Kit", in: &object) { $0["dependencies"] = [["byName": ["Net", NSNull()]], ["byName": ["Base", NSNull()]]] }
        }
        let why = Self.mismatch { try ManifestCheck.checkRewired(original: Self.data(CapturedDumps.monorepo), edited: edited, editedText: text, rewiring: Self.rewiring) }
        #expect(why?.contains("SwiftPM reads target Kit with its dependencies as [\"Net\", \"Base\"] where the plan has [.product(name: \"Net\", package: \"net\"), \"Base\"]") == true)
        #expect(why?.contains("Package.swift:27 declares it (`.target(name: \"Kit\", dependencies:") == true, "\(why ?? "")")
    }

    @Test func changedSettingsMissingPackagesAndProductsAreRefused() throws {
        let text = try ManifestRewriter.rewire(ManifestEditingTests.monorepo, Self.rewiring)
        let edited = try Self.broken(CapturedDumps.rewired) { object in
            Self.editTarget("Base", in: &object) { $0["settings"] = [["tool": "swift", "kind": ["define": ["_0": "X"]]]] }
            object["dependencies"] = Array((object["dependencies"] as! [Any]).dropLast())
            object["products"] = Array((object["products"] as! [Any]).dropLast())
        }
        let why = try #require(Self.mismatch { try ManifestCheck.checkRewired(original: Self.data(CapturedDumps.monorepo), edited: edited, editedText: text, rewiring: Self.rewiring) })
        #expect(why.contains("SwiftPM reads target Base with its settings as [swift define(X)] where the plan has []"))
        #expect(why.contains("SwiftPM does not depend on package net, which the plan needs"))
        #expect(why.contains("SwiftPM does not declare product Log (targets Log), which the plan has"))
    }

    @Test func theGeneratedPackagePassesAndBrokenVariantsAreRefused() throws {
        try ManifestCheck.checkGenerated(monorepo: Self.data(CapturedDumps.monorepo), generated: Self.data(CapturedDumps.generated), generation: Self.generation)
        let unmapped = try Self.broken(CapturedDumps.generated) { object in
            Self.editTarget("Net", in: &object) { target in
                var deps = target["dependencies"] as! [Any]
                deps[0] = ["byName": ["Base", NSNull()]]
                target["dependencies"] = deps
            }
        }
        let why = Self.mismatch { try ManifestCheck.checkGenerated(monorepo: Self.data(CapturedDumps.monorepo), generated: unmapped, generation: Self.generation) }
        #expect(why?.contains("SwiftPM reads target Net with its dependencies as [\"Base\",") == true)
        #expect(why?.contains("the generated Package.swift of Net") == true)
        let renamed = PackageGeneration(name: "Net", targets: ["Net", "NetTests"], renames: ["Net": "Networking"], monorepoPackage: "", monorepoIdentity: "acme", raiseToolsVersion: true)
        let notRenamed = Self.mismatch { try ManifestCheck.checkGenerated(monorepo: Self.data(CapturedDumps.monorepo), generated: Self.data(CapturedDumps.generated), generation: renamed) }
        #expect(notRenamed?.contains("SwiftPM declares a target Net the plan does not have") == true)
        #expect(notRenamed?.contains("SwiftPM no longer declares target Networking") == true)
    }

    @Test func theGeneratedAcmePackageIsWhatSwiftPMReads() throws {
        let generated = try PackageGenerator.generate(fromMonorepo: ManifestEditingTests.monorepo, Self.generation)
        try ManifestCheck.checkGenerated(monorepo: Self.data(CapturedDumps.monorepo), generated: SwiftPM.dumpPackage(generated.text, name: "Net"), generation: Self.generation)
    }

    // MARK: - Helper-built targets (swift-collections) and carried declarations (swift-nio)

    @Test func swiftCollectionsHelperTargetsAreRewiredAndGeneratedFromTheDump() throws {
        let monorepo = RealManifests.swiftCollections
        let rewiring = MonorepoRewiring(
            removedTargets: ["DequeModule", "DequeTests"],
            replacements: ["DequeModule": ProductReference(name: "DequeModule", package: "swift-deque")],
            addedPackages: [".package(path: \"../swift-deque\")"],
            exposedTargets: ["InternalCollectionsUtilities"], raiseToolsVersion: false
        )
        let rewired = try ManifestRewriter.rewire(monorepo, rewiring)
        let expected = monorepo
            .replacingOccurrences(of: """


                  .target(
                    kind: .exported,
                    name: "DequeModule",
                    dependencies: ["ContainersPreview", "InternalCollectionsUtilities"],
                    exclude: ["CMakeLists.txt"]),
                  .target(
                    kind: .test,
                    name: "DequeTests",
                    dependencies: ["DequeModule", "_CollectionsTestSupport"]),
                """, with: "")
            .replacingOccurrences(of: "      \"DequeModule\",\n", with: "      .product(name: \"DequeModule\", package: \"swift-deque\"),\n")
            .replacingOccurrences(of: "  traits: _traits,\n", with: "  traits: _traits,\n  dependencies: [\n    .package(path: \"../swift-deque\"),\n  ],\n")
            .replacingOccurrences(of: "  targets: _targets)", with: "  targets: _targets)\n\npackage.products += [\n  .library(name: \"InternalCollectionsUtilities\", targets: [\"InternalCollectionsUtilities\"]),\n]")
        #expect(rewired == expected)
        let monorepoDump = try SwiftPM.dumpPackage(monorepo, name: "swift-collections")
        try ManifestCheck.checkRewired(original: monorepoDump, edited: SwiftPM.dumpPackage(rewired, name: "swift-collections"), editedText: rewired, rewiring: rewiring)

        let generation = PackageGeneration(
            name: "swift-deque", targets: ["DequeModule", "DequeTests"], renames: [:],
            monorepoPackage: ".package(path: \"../swift-collections\")", monorepoIdentity: "swift-collections",
            raiseToolsVersion: false, monorepoDump: monorepoDump
        )
        let generated = try PackageGenerator.generate(fromMonorepo: monorepo, generation)
        #expect(generated.monorepoTargets == ["ContainersPreview", "InternalCollectionsUtilities", "_CollectionsTestSupport"])
        #expect(generated.text.contains("""
                    .target(
                        name: "DequeModule",
                        dependencies: [
                            .product(name: "ContainersPreview", package: "swift-collections"),
                            .product(name: "InternalCollectionsUtilities", package: "swift-collections"),
                        ],
                        path: "Sources/DequeModule",
                        exclude: [
                            "CMakeLists.txt",
                        ],
                        swiftSettings: [
                            .define("COLLECTIONS_RANDOMIZED_TESTING"),
                            .enableExperimentalFeature("AvailabilityMacro=SwiftStdlib 5.0: macOS 10.14.4, iOS 12.2, watchOS 5.2, tvOS 12.2"),
            """))
        #expect(generated.text.contains("    products: [\n        .library(name: \"DequeModule\", targets: [\"DequeModule\"]),\n    ],\n    dependencies: [\n        .package(path: \"../swift-collections\"),\n    ],\n"))
        #expect(!generated.text.contains("CustomTarget"))
        try ManifestCheck.checkGenerated(monorepo: monorepoDump, generated: SwiftPM.dumpPackage(generated.text, name: "swift-deque"), generation: generation)

        // Without SwiftPM's description the helper cannot be copied: a clear refusal.
        var withoutDump = generation
        withoutDump.monorepoDump = nil
        #expect(throws: ManifestError.notEditable("target DequeModule cannot be copied: it is declared by a helper (`.target(...)` in a list that is mapped to targets) at Package.swift:278; Carve writes such targets from SwiftPM's description (`PackageGeneration.monorepoDump`), which was not given")) {
            try PackageGenerator.generate(fromMonorepo: monorepo, withoutDump)
        }
    }

    @Test func swiftNIOTargetsCarryTheirConstantsAndTheSettingsLoop() throws {
        let generation = PackageGeneration(
            name: "NIOEmbedded", targets: ["NIOEmbedded"], renames: [:],
            monorepoPackage: ".package(path: \"../swift-nio\")", monorepoIdentity: "swift-nio", raiseToolsVersion: false
        )
        let generated = try PackageGenerator.generate(fromMonorepo: RealManifests.swiftNIO, generation)
        // The trimmed fixture does not declare NIOConcurrencyHelpers.
        #expect(generated.warnings == ["the moved targets use package 'nioconcurrencyhelpers', which the monorepo's Package.swift does not list: add it to the new package by hand"])
        #expect(generated.text == """
            // swift-tools-version:6.1
            import PackageDescription

            let swiftAtomics: PackageDescription.Target.Dependency = .product(name: "Atomics", package: "swift-atomics")

            let swiftCollections: PackageDescription.Target.Dependency = .product(name: "DequeModule", package: "swift-collections")

            let swiftSettings: [SwiftSetting] = [
                // The Language Steering Group has promised that they won't break the APIs that currently exist under
                // this "experimental" feature flag without two subsequent releases. We assume they will respect that
                // promise, so we enable this here. For more, see:
                // https://forums.swift.org/t/experimental-support-for-lifetime-dependencies-in-swift-6-2-and-beyond/78638
                .enableExperimentalFeature("Lifetimes")
            ]

            let package = Package(
                name: "NIOEmbedded",
                products: [
                    .library(name: "NIOEmbedded", targets: ["NIOEmbedded"]),
                ],
                dependencies: [
                    .package(url: "https://github.com/apple/swift-atomics.git", from: "1.1.0"),
                    .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
                    .package(path: "../swift-nio"),
                ],
                targets: [
                    .target(
                        name: "NIOEmbedded",
                        dependencies: [
                            .product(name: "NIOCore", package: "swift-nio"),
                            "NIOConcurrencyHelpers",
                            .product(name: "_NIODataStructures", package: "swift-nio"),
                            swiftAtomics,
                            swiftCollections,
                        ],
                        swiftSettings: swiftSettings
                    ),
                ]
            )

            for target in package.targets {
                switch target.type {
                case .regular, .test, .executable:
                    var settings = target.swiftSettings ?? []
                    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
                    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
                    target.swiftSettings = settings
                case .macro, .plugin, .system, .binary:
                    ()  // not applicable
                @unknown default:
                    ()  // we don't know what to do here, do nothing
                }
            }

            """)
        try ManifestCheck.checkGenerated(monorepo: SwiftPM.dumpPackage(RealManifests.swiftNIO, name: "swift-nio"), generated: SwiftPM.dumpPackage(generated.text, name: "NIOEmbedded"), generation: generation)
    }

    @Test func aHelperFunctionTargetIsWrittenAsLiteralsWithItsSettingsAndRenamed() throws {
        let monorepo = """
            // swift-tools-version:6.0
            import PackageDescription

            func library(name: String, dependencies: [Target.Dependency] = []) -> Target {
                .target(
                    name: name,
                    dependencies: dependencies,
                    exclude: ["README.md"],
                    resources: [.process("Assets")],
                    cSettings: [.define("LEVEL", to: "2"), .headerSearchPath("include")],
                    swiftSettings: [
                        .define("TRACE", .when(platforms: [.linux], configuration: .debug)),
                        .enableUpcomingFeature("ExistentialAny"),
                        .swiftLanguageMode(.v5),
                        .interoperabilityMode(.Cxx),
                    ],
                    linkerSettings: [.linkedLibrary("z"), .linkedFramework("Security", .when(platforms: [.macOS]))]
                )
            }

            let package = Package(
                name: "Acme",
                targets: [
                    library(name: "Net", dependencies: ["Base", .target(name: "Log", condition: .when(platforms: [.linux]))]),
                    .target(name: "Base"),
                    .target(name: "Log"),
                    .testTarget(name: "NetTests", dependencies: ["Net"]),
                ]
            )
            """
        let dump = try SwiftPM.dumpPackage(monorepo, name: "acme")
        let generation = PackageGeneration(
            name: "Networking", targets: ["Net", "NetTests", "Log"], renames: ["Net": "Networking", "NetTests": "NetworkingTests"],
            monorepoPackage: ".package(path: \"../acme\")", monorepoIdentity: "acme", raiseToolsVersion: false, monorepoDump: dump
        )
        let generated = try PackageGenerator.generate(fromMonorepo: monorepo, generation)
        #expect(generated.monorepoTargets == ["Base"])
        #expect(generated.text.contains("""
                    .target(
                        name: "Networking",
                        dependencies: [
                            .product(name: "Base", package: "acme"),
                            .target(name: "Log", condition: .when(platforms: [.linux])),
                        ],
                        exclude: [
                            "README.md",
                        ],
                        resources: [
                            .process("Assets"),
                        ],
                        cSettings: [
                            .define("LEVEL", to: "2"),
                            .headerSearchPath("include"),
                        ],
                        swiftSettings: [
                            .define("TRACE", .when(platforms: [.linux], configuration: .debug)),
                            .enableUpcomingFeature("ExistentialAny"),
                            .swiftLanguageMode(.v5),
                            .interoperabilityMode(.Cxx),
                        ],
                        linkerSettings: [
                            .linkedLibrary("z"),
                            .linkedFramework("Security", .when(platforms: [.macOS])),
                        ]
                    ),
            """), "\(generated.text)")
        #expect(!generated.text.contains("func library"))
        try ManifestCheck.checkGenerated(monorepo: dump, generated: SwiftPM.dumpPackage(generated.text, name: "Networking"), generation: generation)
    }
}
