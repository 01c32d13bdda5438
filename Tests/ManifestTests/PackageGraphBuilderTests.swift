import Foundation
import Manifest
import Model
import Testing

/// The component graph from SwiftPM's JSON (a trimmed `swift package dump-package` output).
@Suite struct PackageGraphBuilderTests {
    static let dump = #"""
    {"name": "Mono", "toolsVersion": {"_version": "5.9.0"},
     "products": [{"name": "Net", "targets": ["Networking"], "type": {"library": ["automatic"]}}],
     "targets": [
      {"name": "Core", "type": "regular", "dependencies": [], "exclude": [], "resources": []},
      {"name": "Networking", "type": "regular", "path": "Src/Net", "exclude": ["notes.md"],
       "resources": [{"path": "certs", "rule": {"process": {}}}],
       "dependencies": [{"target": ["Core", null]}, {"product": ["ArgumentParser", "swift-argument-parser", null, null]}]},
      {"name": "A", "type": "regular", "dependencies": [{"byName": ["B", null]}]},
      {"name": "B", "type": "regular", "dependencies": [{"byName": ["A", null]}]},
      {"name": "App", "type": "executable", "dependencies": [{"byName": ["Networking", null]}]},
      {"name": "NetworkingTests", "type": "test", "dependencies": [{"byName": ["Networking", null]}]}
     ]}
    """#

    @Test func componentsDependenciesAndExtraction() throws {
        let graph = try PackageGraphBuilder.graph(dumpPackageJSON: Data(Self.dump.utf8))
        #expect(graph.name == "Mono" && graph.toolsVersion == "5.9.0")
        let byName = Dictionary(uniqueKeysWithValues: graph.components.map { ($0.name, $0) })
        let net = try #require(byName["Networking"])
        #expect(net.folder == "Src/Net")
        #expect(net.exclude == ["notes.md"] && net.resources == ["certs"])
        #expect(net.dependencies == ["Core"])
        #expect(net.externalProducts == ["swift-argument-parser/ArgumentParser"])
        #expect(net.dependents == ["App"])
        #expect(net.testTargets == ["NetworkingTests"])
        #expect(net.products == ["Net"])
        #expect(net.extraction == .dependsOnMonorepo(["Core"]))
        #expect(byName["Core"]?.folder == "Sources/Core")
        #expect(byName["Core"]?.extraction == .extractable)
        #expect(byName["Core"]?.dependents == ["Networking"])
        #expect(byName["NetworkingTests"]?.folder == "Tests/NetworkingTests")
        guard case .blocked = byName["NetworkingTests"]?.extraction else {
            Issue.record("a test target is not extracted on its own")
            return
        }
    }

    @Test func cyclesAreFoundAndBlockExtraction() throws {
        let graph = try PackageGraphBuilder.graph(dumpPackageJSON: Data(Self.dump.utf8))
        #expect(graph.cycles == [["A", "B"]])
        let a = try #require(graph.components.first { $0.name == "A" })
        guard case .blocked(let why) = a.extraction else {
            Issue.record("A is in a cycle")
            return
        }
        #expect(why.contains("A → B → A") || why.contains("B → A"))
    }

    @Test func malformedJSONIsAClearError() {
        #expect(throws: ManifestError.self) { try PackageGraphBuilder.graph(dumpPackageJSON: Data("{}".utf8)) }
    }
}
