import Foundation
import Model
@testable import Pipeline
import Testing

/// The planner's steps over data, without git or SwiftPM: which package a component belongs
/// to, what moves with it, and how modules are named.
@Suite struct PlanningStepsTests {
    static func component(_ name: String, _ kind: String = "regular", folder: String? = nil, dependencies: [String] = [], products: [String] = []) -> PackageGraph.Component {
        PackageGraph.Component(name: name, kind: kind, folder: folder ?? (kind == "test" ? "Tests/\(name)" : "Sources/\(name)"), dependencies: dependencies, products: products)
    }

    static func package(_ folder: String, _ name: String, _ components: [PackageGraph.Component], paths: [String] = []) -> RepositoryGraph.Package {
        RepositoryGraph.Package(folder: folder, name: name, identity: name.lowercased(), pathDependencies: paths, graph: PackageGraph(name: name, toolsVersion: "5.9", components: components, cycles: []))
    }

    /// A root app package with a target Core, beside local packages Core and Networking.
    static let mixed = RepositoryGraph(packages: [
        package("", "App", [component("App", "executable", dependencies: ["Support"]), component("Support"), component("Core", folder: "Sources/CoreShim")], paths: ["Packages/Core"]),
        package("Packages/Core", "Core", [component("Core"), component("CoreTests", "test", dependencies: ["Core"])]),
        package("Packages/Networking", "Networking", [component("Networking"), component("Wire")], paths: ["Packages/Core"]),
    ], cycles: [])

    @Test func argumentsResolveToPackagesThenTargetFoldersThenNames() throws {
        typealias R = ComponentSelection.Resolved
        #expect(try ComponentSelection.resolve("Packages/Core", scope: nil, in: Self.mixed) == R.package("Packages/Core"))
        #expect(try ComponentSelection.resolve("./Packages/Core/", scope: nil, in: Self.mixed) == R.package("Packages/Core"))
        #expect(try ComponentSelection.resolve("Packages/Networking/Sources/Wire", scope: nil, in: Self.mixed) == R.target(folder: "Packages/Networking", name: "Wire"))
        #expect(try ComponentSelection.resolve("Sources/CoreShim", scope: nil, in: Self.mixed) == R.target(folder: "", name: "Core"))
        // A local package's name wins over a target of the same name.
        #expect(try ComponentSelection.resolve("Core", scope: nil, in: Self.mixed) == R.package("Packages/Core"))
        #expect(try ComponentSelection.resolve("Core", scope: "", in: Self.mixed) == R.target(folder: "", name: "Core"))
        #expect(try ComponentSelection.resolve("Sources/Wire", scope: "Packages/Networking", in: Self.mixed) == R.target(folder: "Packages/Networking", name: "Wire"))
        #expect(throws: ExtractError.testTarget("CoreTests")) { try ComponentSelection.resolve("CoreTests", scope: nil, in: Self.mixed) }
        #expect(throws: ExtractError.self) { try ComponentSelection.resolve("Nope", scope: nil, in: Self.mixed) }
    }

    @Test func selectionsKeepToOneKindAndOnePackage() throws {
        #expect(try ComponentSelection.resolve([["Support"], ["App"]], all: false, scope: nil, in: Self.mixed) == .targets(folder: "", groups: [["Support"], ["App"]]))
        #expect(throws: ExtractError.mixedComponents) { try ComponentSelection.resolve([["Support", "Packages/Core"]], all: false, scope: nil, in: Self.mixed) }
        #expect(throws: ExtractError.targetsOfSeveralPackages(["", "Packages/Networking"])) { try ComponentSelection.resolve([["Support"], ["Wire"]], all: false, scope: nil, in: Self.mixed) }
        // --all in a repository of local packages: every local package, the root stays.
        #expect(try ComponentSelection.resolve([], all: true, scope: nil, in: Self.mixed) == .packages(groups: [["Packages/Core"], ["Packages/Networking"]]))
        // --all with --package: that package's targets.
        #expect(try ComponentSelection.resolve([], all: true, scope: "Packages/Networking", in: Self.mixed) == .targets(folder: "Packages/Networking", groups: []))
        #expect(throws: ExtractError.unknownPackage("web", [".", "Packages/Core", "Packages/Networking"])) { try ComponentSelection.resolve([["Core"]], all: false, scope: "web", in: Self.mixed) }
    }

    @Test func theNearestPackageHoldsAPath() {
        #expect(Self.mixed.package(containing: "Packages/Core/Sources/Core/A.swift")?.folder == "Packages/Core")
        #expect(Self.mixed.package(containing: "Sources/App/main.swift")?.folder == "")
        #expect(Self.mixed.package(at: "Packages/Networking")?.repositoryPath("Sources/Wire") == "Packages/Networking/Sources/Wire")
    }

    static func planning(_ package: RepositoryGraph.Package) -> TargetPlanning {
        let source = PlanningInputs.PackageSource(package: package, manifest: "", dump: Data())
        let inputs = PlanningInputs(root: "/r", tip: ObjectID(a: 1, b: 2, c: 3), repository: RepositoryGraph(packages: [package], cycles: []), sources: ["": source], xcodeFiles: [])
        return TargetPlanning(source: source, inputs: inputs, options: PackagingOptions())
    }

    static let notes = package("", "Notes", [
        component("Core", products: ["Core"]), component("Models", dependencies: ["Core"]), component("Sync", dependencies: ["Models"]),
        component("CoreTests", "test", dependencies: ["Core"]), component("ModelsTests", "test", dependencies: ["Models"]),
        component("SyncTests", "test", dependencies: ["Sync", "Models"]),
    ])

    @Test func testsFollowWhatTheyTestAndRenamesMoveFolders() throws {
        let t = Self.planning(Self.notes)
        var a = try t.assign([GroupRequest(packageName: "Base", components: ["Core", "Models"], renames: ["Core": "NotesCore", "Models": "NoteModels"])], names: [["Core", "Models"]], all: false)
        t.assignTests(&a)
        #expect(a.moved == ["Core", "Models", "CoreTests", "ModelsTests"])
        let naming = try t.name(a)
        #expect(naming.packageNames == ["Base"])
        #expect(naming.targetNames == ["Core": "NotesCore", "Models": "NoteModels", "CoreTests": "NotesCoreTests", "ModelsTests": "NoteModelsTests"])
        #expect(naming.folderMoves == [["Sources/Core": "Sources/NotesCore", "Tests/CoreTests": "Tests/NotesCoreTests", "Sources/Models": "Sources/NoteModels", "Tests/ModelsTests": "Tests/NoteModelsTests"]])
        #expect(TargetPlanning.command(extracting: ["Core", "Models"], to: "../Base", renames: naming.renames, package: nil) == "carve extract Core Models --to ../Base --rename Core=NotesCore --rename Models=NoteModels")
    }

    @Test func renamesAreChecked() throws {
        let t = Self.planning(Self.notes)
        func naming(_ request: GroupRequest) throws -> TargetPlanning.Naming {
            var a = try t.assign([request], names: [request.components], all: false)
            t.assignTests(&a)
            return try t.name(a)
        }
        #expect(throws: ExtractError.renameNeedsOneTarget(["Core", "Models"])) { try naming(GroupRequest(components: ["Core", "Models"], renameOnly: "Kit")) }
        #expect(throws: ExtractError.renameUnknown("Sync", ["Core"])) { try naming(GroupRequest(components: ["Core"], renames: ["Sync": "S"])) }
        #expect(throws: ExtractError.nameClash("Models")) { try naming(GroupRequest(components: ["Core"], renames: ["Core": "Models"])) }
        #expect(throws: ExtractError.nameClash("Same")) { try naming(GroupRequest(components: ["Core", "Models"], renames: ["Core": "Same", "Models": "Same"])) }
        #expect(try naming(GroupRequest(components: ["Core"], renameOnly: "Base")).packageNames == ["Base"])
    }

    @Test func packageOrderFollowsTargetDependencies() throws {
        let t = Self.planning(Self.notes)
        let a = try t.assign([GroupRequest(components: ["Sync"]), GroupRequest(components: ["Core"]), GroupRequest(components: ["Models"])], names: [["Sync"], ["Core"], ["Models"]], all: false)
        #expect(try t.order(a, names: ["Sync", "Core", "Models"]).order == [1, 2, 0])
    }
}
