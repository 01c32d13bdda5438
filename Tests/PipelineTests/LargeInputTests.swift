import Foundation
import Testing
import TestSupport

/// Inputs at the edges: a folder of 10,000 files, a 1 MB commit message, a 200-parent octopus
/// merge; each split exactly as git subtree splits it.
@Suite struct LargeInputTests {
    @Test func largeFolderLongMessageAndWideOctopus() throws {
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Shell.git(["init", "-q", "-b", "main"], in: repo)
        var stream = ""
        var mark = 0
        var date = 1_300_000_000
        func commit(_ ref: String, message: String, from: Int?, merges: [Int] = [], files: [String]) -> Int {
            mark += 1
            date += 60
            var s = "commit \(ref)\nmark :\(mark)\ncommitter C <c@x> \(date) +0000\ndata \(message.utf8.count)\n\(message)\n"
            if let from { s += "from :\(from)\n" }
            for m in merges { s += "merge :\(m)\n" }
            for f in files { s += "M 100644 inline \(f)\ndata 2\n\(f.count % 10)\n\n" }
            stream += s
            return mark
        }
        // A folder of 10,000 files in one commit.
        let root = commit("refs/heads/main", message: "big folder", from: nil, files: (0..<10_000).map { "Lib/F\($0).swift" } + ["README"])
        // A 1 MB message.
        let long = commit("refs/heads/main", message: String(repeating: "a long line of text\n", count: 52_429), from: root, files: ["Lib/long.swift"])
        // 200 branches, each touching the folder, merged in one octopus.
        var heads: [Int] = []
        for i in 0..<199 {
            heads.append(commit("refs/heads/b\(i)", message: "branch \(i)", from: long, files: ["Lib/B\(i).swift"]))
        }
        let own = commit("refs/heads/main", message: "main side", from: long, files: ["Lib/main.swift"])
        mark += 1
        date += 60
        stream += "commit refs/heads/main\nmark :\(mark)\ncommitter C <c@x> \(date) +0000\ndata 7\noctopus\nfrom :\(own)\n"
        for h in heads { stream += "merge :\(h)\n" }
        for i in 0..<199 { stream += "M 100644 inline Lib/B\(i).swift\ndata 2\n\("Lib/B\(i).swift".count % 10)\n\n" }
        try Shell.git(["fast-import", "--quiet"], in: repo, input: Data(stream.utf8))

        let clock = ContinuousClock()
        let start = clock.now
        let ours = try Oracle.carveSplit(repo: repo, folders: ["Lib"], revision: "main").get()
        let elapsed = clock.now - start
        let theirs = try #require(try Oracle.subtreeSplit(repo: repo, prefix: "Lib", revision: "main"))
        #expect(ours == theirs)
        let parents = try Shell.git(["rev-list", "--parents", "-n", "1", ours], in: repo).split(separator: " ").count - 1
        #expect(parents == 200)
        #expect(elapsed < .seconds(30), "no quadratic slow-down: \(elapsed)")
    }
}
