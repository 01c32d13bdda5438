import Foundation
import Testing
import TestSupport

/// `carve split FOLDER:FOLDER` (keeping the folder at its path) must give the same history as
/// `git subtree split --prefix=FOLDER`, commit for commit, with each tree wrapped at FOLDER.
@Suite struct FolderDestinationTests {
    struct Commit: Equatable {
        var parents: [String]
        var tree: String
        var metadata: String
    }

    /// Every commit reachable from `head`: parents, root tree, and identities plus message.
    static func history(_ repo: URL, _ head: String) throws -> [String: Commit] {
        let log = try Shell.git(["log", "--format=%H%x01%P%x01%T%x01%an|%ae|%ad|%cn|%ce|%cd|%B%x02", "--date=raw", head], in: repo)
        var out: [String: Commit] = [:]
        for record in log.split(separator: "\u{02}") {
            let f = record.split(separator: "\u{01}", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else { continue }
            let id = f[0].trimmingCharacters(in: .whitespacesAndNewlines)
            out[id] = Commit(parents: f[1].split(separator: " ").map(String.init), tree: f[2], metadata: f[3])
        }
        return out
    }

    static let cases: [Fixtures.Scenario] = Fixtures.scenarios.filter { !$0.gitFails && !$0.folder.hasPrefix("Vendor/") && $0.name != "bigger" }

    @Test(arguments: cases)
    func keptFolderIsIsomorphicToSubtreeSplit(_ scenario: Fixtures.Scenario) throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy(scenario.name, into: temp)
        let ours = try Oracle.carveSplit(repo: repo, folders: ["\(scenario.folder):\(scenario.folder)"], revision: scenario.revision).get()
        let theirs = try #require(try Oracle.subtreeSplit(repo: repo, prefix: scenario.folder, revision: scenario.revision))
        let a = try Self.history(repo, ours), b = try Self.history(repo, theirs)
        // Trees of our commits at FOLDER, in one git process.
        let input = a.keys.map { "\($0):\(scenario.folder)" }.joined(separator: "\n") + "\n"
        let check = try Shell.run("git", ["cat-file", "--batch-check=%(objectname)"], in: repo, input: Data(input.utf8))
        let wrapped = Dictionary(uniqueKeysWithValues: zip(a.keys, check.stdout.split(separator: "\n").map(String.init)))

        // Walk both histories in step; the pairing must be one to one.
        var pairs = [(ours, theirs)]
        var forward: [String: String] = [:], backward: [String: String] = [:]
        while let (x, y) = pairs.popLast() {
            if let known = forward[x] {
                #expect(known == y, "\(scenario): \(x) pairs with \(known) and \(y)")
                continue
            }
            #expect(backward[y] == nil, "\(scenario): \(y) paired twice")
            forward[x] = y
            backward[y] = x
            let cx = try #require(a[x]), cy = try #require(b[y])
            #expect(wrapped[x] == cy.tree, "\(scenario): tree of \(x) at \(scenario.folder)")
            #expect(cx.metadata == cy.metadata, "\(scenario): metadata of \(x) vs \(y)")
            #expect(cx.parents.count == cy.parents.count, "\(scenario): parents of \(x) vs \(y)")
            for (px, py) in zip(cx.parents, cy.parents) {
                // The same original commit on both sides (git subtree's rule that a commit
                // without the folder stands for itself) ends the walk there.
                if px != py { pairs.append((px, py)) }
            }
        }
        #expect(forward.count > 0)
    }
}
