import Foundation
import Testing
import TestSupport

/// `carve graph` on the Swift monorepo fixtures (TestRepos/pkg-*.sh), read through SwiftPM.
@Suite struct GraphTests {
    func graph(_ fixture: String) throws -> [String: [String: Any]] {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent(fixture)
        try Fixtures.buildPackage(fixture, at: repo)
        let out = try Shell.run(CommandLineTests.binary, ["graph", "--json", "--repo", repo.path], in: repo)
        guard out.status == 0 else { throw ShellError.failed("carve graph: \(out.stderr)") }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let packages = try #require(json["packages"] as? [[String: Any]])
        #expect(packages.count == 1 && packages[0]["folder"] as? String == "")
        let components = try #require((packages[0]["graph"] as? [String: Any])?["components"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: components.map { ($0["name"] as! String, $0) })
    }

    @Test func dependenciesDependentsAndTests() throws {
        let g = try graph("pkg-deps")
        #expect(g["Networking"]?["dependencies"] as? [String] == ["Core"])
        #expect(g["Networking"]?["dependents"] as? [String] == ["Sync"])
        #expect(Set(g["Networking"]?["testTargets"] as? [String] ?? []) == ["NetworkingTests", "SyncTests"])
        #expect(g["Networking"]?["products"] as? [String] == ["Networking"])
        #expect(g["CLI"]?["kind"] as? String == "executable")
        #expect(g["Core"]?["dependencies"] as? [String] == [])
    }

    @Test func resourcesAndCTargets() throws {
        let g = try graph("pkg-mixed")
        #expect(g["Geometry"]?["resources"] as? [String] == ["Resources"])
        #expect(g["Geometry"]?["dependencies"] as? [String] == ["CMath"])
        #expect(g["CMath"]?["folder"] as? String == "Sources/CMath")
        #expect(g["CMath"]?["dependents"] as? [String] == ["Geometry"])
        #expect(g["Geometry"]?["settings"] as? [String] == ["swift define"])
        #expect(g["CMath"]?["settings"] as? [String] == ["c define", "c headerSearchPath", "linker linkedLibrary"])
    }

    @Test func textSaysWhenAnExtractionMakesAPackageCycle() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("pkg-deps")
        try Fixtures.buildPackage("pkg-deps", at: repo)
        let out = try Shell.run(CommandLineTests.binary, ["graph", "--repo", repo.path], in: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let blocks = out.stdout.components(separatedBy: "\n\n")
        let networking = try #require(blocks.first { $0.hasPrefix("Networking [regular]") })
        #expect(networking.contains("the new package and the monorepo would depend on each other (it needs Core; Sync use it)"))
        let cli = try #require(blocks.first { $0.hasPrefix("CLI [executable]") })
        #expect(cli.contains("extract: yes; the new package would depend on the monorepo for Sync"))
        let core = try #require(blocks.first { $0.hasPrefix("Core [regular]") })
        #expect(core.contains("extract: yes\n") || core.hasSuffix("extract: yes"))
    }
}
