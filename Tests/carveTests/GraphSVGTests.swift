import Foundation
import Testing
import TestSupport

/// `carve graph --svg`: drawn by Graphviz (CI installs it), cycles in red, components that cannot
/// be extracted marked with the reason; without `dot`, a message that says how to install it.
@Suite struct GraphSVGTests {
    /// A package whose Core and Feature depend on each other (SwiftPM's dump reads it; a build
    /// would refuse it), beside an extractable App.
    static func cyclicPackage(in temp: TemporaryDirectory) throws -> URL {
        let repo = temp.url.appendingPathComponent("shop")
        var files = CheckTests.base
        files["Package.swift"] = CheckTests.manifest(replacing: #".target(name: "Core"),"#, with: #".target(name: "Core", dependencies: ["Feature"]),"#)
        try CheckTests.write(files, into: repo)
        return repo
    }

    @Test func svgMarksCyclesAndBlockedComponents() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.cyclicPackage(in: temp)
        let svg = temp.url.appendingPathComponent("graph.svg")
        let out = try Shell.run(CommandLineTests.binary, ["graph", "--repo", repo.path, "--svg", svg.path], in: repo)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("drew 4 targets into"))
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.contains("<svg"))
        #expect(text.contains("<title>Core</title>") && text.contains("<title>App</title>"))
        // The two edges of the cycle are red; App's edges are not.
        #expect(text.components(separatedBy: "stroke=\"red\"").count - 1 >= 4)
        #expect(text.contains("<title>Core&#45;&gt;Feature</title>") && text.contains("<title>Feature&#45;&gt;Core</title>"))
        #expect(text.contains("cannot be extracted: it is in a dependency cycle"))
        #expect(text.contains("can be extracted"))
    }

    @Test func withoutGraphvizItSaysHowToInstallIt() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.cyclicPackage(in: temp)
        // The same PATH, each folder that holds `dot` replaced by a copy of it (symlinks) without it.
        var folders: [String] = []
        for (i, folder) in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init).enumerated() {
            guard FileManager.default.fileExists(atPath: folder + "/dot") else { folders.append(folder); continue }
            let shadow = temp.url.appendingPathComponent("path-\(i)").path
            try FileManager.default.createDirectory(atPath: shadow, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "dot" {
                try FileManager.default.createSymbolicLink(atPath: shadow + "/" + name, withDestinationPath: folder + "/" + name)
            }
            folders.append(shadow)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = folders.joined(separator: ":")
        let svg = temp.url.appendingPathComponent("graph.svg")
        let out = try Shell.run(CommandLineTests.binary, ["graph", "--repo", repo.path, "--svg", svg.path], in: repo, environment: environment)
        #expect(out.status == 1)
        #expect(out.stderr.contains("Graphviz's `dot` is not on PATH"))
        #expect(out.stderr.contains("apt-get install graphviz"))
        #expect(!FileManager.default.fileExists(atPath: svg.path))
    }
}
