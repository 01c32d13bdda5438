import Foundation
import Model
import Pipeline
import Provider
import Testing
import TestSupport

/// The history modes on seeded random histories (merges of every shape, deletions and re-adds,
/// empty commits): `--readd continue` never links a mainline commit and writes no empty commit;
/// `--follow` that finds no move gives git subtree's ids; both are the same on a second cold run.
@Suite struct HistoryModesRandomTests {
    static let count = Int(ProcessInfo.processInfo.environment["CARVE_RANDOM_COUNT"] ?? "") ?? 40

    func split(_ repo: URL, _ folder: String, _ history: HistoryOptions) throws -> SplitReport {
        try Provider().splitUseCase(repositoryPath: repo.path).run(SplitRequest(folders: [folder], revision: "main", useCache: false, history: history))
    }

    @Test(arguments: 0..<4)
    func modesKeepTheirInvariants(batch: Int) throws {
        var linked = 0
        defer { #expect(linked > 0, "some histories link a mainline commit under git subtree's rule") }
        for seed in stride(from: UInt64(batch), to: UInt64(Self.count), by: 4) {
            let history = RandomHistory(seed: seed)
            let temp = try TemporaryDirectory()
            let repo = try randomRepository(history, in: temp)
            guard let plain = try? split(repo, history.folder, HistoryOptions()) else { continue }

            let continued = try split(repo, history.folder, HistoryOptions(readd: .continue))
            #expect(try split(repo, history.folder, HistoryOptions(readd: .continue)).head == continued.head, "seed \(seed): a second cold run")
            let source = Set(try Shell.git(["rev-list", "main"], in: repo).split(separator: "\n"))
            if try Shell.git(["rev-list", plain.head.hex], in: repo).split(separator: "\n").contains(where: source.contains) { linked += 1 }
            var trees: [Substring: Substring] = [:]
            var parents: [Substring: [Substring]] = [:]
            for line in try Shell.git(["log", "--format=%H %T %P", continued.head.hex], in: repo).split(separator: "\n") {
                let parts = line.split(separator: " ")
                trees[parts[0]] = parts[1]
                parents[parts[0]] = Array(parts.dropFirst(2))
            }
            for (commit, ps) in parents {
                #expect(!source.contains(commit), "seed \(seed): --readd continue links the mainline commit \(commit)")
                if ps.count == 1 { #expect(trees[ps[0]] != trees[commit], "seed \(seed): empty split commit \(commit)") }
            }
            let tipFolder = try Shell.run("git", ["rev-parse", "-q", "--verify", "main:\(history.folder)^{tree}"], in: repo)
            if tipFolder.status == 0 {
                #expect(try Shell.git(["rev-parse", "\(continued.head.hex)^{tree}"], in: repo) == tipFolder.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "seed \(seed): the tip's folder")
            }

            let followed = try split(repo, history.folder, HistoryOptions(follow: true))
            if followed.followed?.allSatisfy({ $0.moves.isEmpty }) == true {
                #expect(followed.head == plain.head, "seed \(seed): nothing to follow, git subtree's ids")
            }
        }
    }
}
