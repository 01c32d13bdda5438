import Foundation
import Manifest
import Model
import Testing

/// `LocalPackages`: the packages of a repository from their SwiftPM descriptions.
@Suite struct LocalPackagesTests {
    /// A minimal `dump-package` JSON with `.package(path:)` dependencies at `paths` (absolute).
    static func dump(_ name: String, paths: [String], url: String? = nil) -> Data {
        let fileSystem = paths.map { #"{"fileSystem": [{"identity": "\#(($0 as NSString).lastPathComponent.lowercased())", "path": "\#($0)", "productFilter": null}]}"# }
        let remote = url.map { [#"{"sourceControl": [{"identity": "remote", "location": {"remote": [{"urlString": "\#($0)"}]}, "productFilter": null, "requirement": {"range": [{"lowerBound": "1.0.0", "upperBound": "2.0.0"}]}}]}"#] } ?? []
        return Data(#"{"name": "\#(name)", "toolsVersion": {"_version": "5.9.0"}, "targets": [{"name": "\#(name)", "type": "regular", "dependencies": []}], "products": [], "dependencies": [\#((fileSystem + remote).joined(separator: ", "))]}"#.utf8)
    }

    @Test func pathDependenciesBecomeEdgesBetweenFolders() throws {
        let root = "/scratch/App"
        let graph = try LocalPackages.graph(
            folders: ["", "Packages/Core", "Packages/Net", "Examples/Demo"],
            dumps: [
                Self.dump("App", paths: [root + "/Packages/Net", root + "/Packages/Core"]),
                Self.dump("Core", paths: [], url: "https://example.com/remote.git"),
                Self.dump("Net", paths: [root + "/Packages/Net/../Core/"]),
                Self.dump("Demo", paths: [root + "/Examples/Demo/../..", "/elsewhere/Outside"]),
            ],
            evaluatedUnder: root, rootIdentity: "App"
        )
        #expect(graph.packages.map(\.folder) == ["", "Examples/Demo", "Packages/Core", "Packages/Net"])
        #expect(graph.package(at: "")?.pathDependencies == ["Packages/Net", "Packages/Core"])
        #expect(graph.package(at: "Packages/Net")?.pathDependencies == ["Packages/Core"])
        // The root by `../..`; a path outside the repository is not a local package.
        #expect(graph.package(at: "Examples/Demo")?.pathDependencies == [""])
        #expect(Set(graph.package(at: "Packages/Core")?.dependents ?? []) == ["", "Packages/Net"])
        #expect(graph.package(at: "")?.identity == "app" && graph.package(at: "Packages/Net")?.identity == "net")
        #expect(graph.cycles.isEmpty)
    }

    @Test func cyclesAmongPackages() throws {
        let root = "/r"
        let graph = try LocalPackages.graph(folders: ["A", "B"], dumps: [Self.dump("A", paths: ["/r/B"]), Self.dump("B", paths: ["/r/A"])], evaluatedUnder: root, rootIdentity: "r")
        #expect(graph.cycles == [["A", "B"]])
    }
}
