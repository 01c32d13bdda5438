// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Carve",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "carve", targets: ["carve"]),
        .plugin(name: "CarvePlugin", targets: ["CarvePlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(name: "Model", exclude: ["README.md"]),
        .target(name: "Git", dependencies: ["Clibgit2", "Model"], exclude: ["README.md"]),
        .target(name: "Split", dependencies: ["Model"], exclude: ["README.md"]),
        .target(
            name: "Manifest",
            dependencies: [
                "Model",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "Imports",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ],
            exclude: ["README.md"]
        ),
        .target(name: "Verify", dependencies: ["Model"], exclude: ["README.md"]),
        .target(name: "Pipeline", dependencies: ["Model", "Split", "Manifest", "Imports"], exclude: ["README.md"]),
        .target(name: "Provider", dependencies: ["Model", "Git", "Split", "Pipeline", "Verify"], exclude: ["README.md"]),
        .executableTarget(
            name: "carve",
            dependencies: [
                "Model", "Split", "Pipeline", "Provider", "Verify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        // `swift package carve ...` in a package that depends on Carve. It declares no permission:
        // SwiftPM would then demand --allow-writing-to-package-directory for read-only `graph` and
        // `check` too; the plugin refuses writing commands without it itself.
        // Shared by the test targets: fixtures, the git subtree oracle, commands, random histories.
        .target(name: "TestSupport", dependencies: ["Model", "Pipeline", "Provider"], exclude: ["README.md"]),
        .plugin(
            name: "CarvePlugin",
            capability: .command(
                intent: .custom(
                    verb: "carve",
                    description: "Run carve on this package (graph, check, split, extract, batch); writing commands need --allow-writing-to-package-directory."
                )
            ),
            dependencies: ["carve"]
        ),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "Model"]),
        .testTarget(name: "SplitTests", dependencies: ["Split", "Model"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "Model"]),
        .testTarget(name: "ImportsTests", dependencies: ["Imports"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Provider", "Model", "TestSupport"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Model"]),
        .testTarget(name: "ProviderTests", dependencies: ["Provider", "Pipeline", "Verify"]),
        // End to end: the built `carve` binary (and the plugin) on fixture repositories.
        .testTarget(name: "carveTests", dependencies: ["TestSupport", "Model"]),
    ]
)
