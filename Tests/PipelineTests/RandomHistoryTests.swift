import Foundation
import Testing
import TestSupport

/// Seeded random histories (branches, merges of every shape, octopus merges, unrelated roots,
/// deletions and re-adds, empty commits), each split by Carve and by git subtree. A failure
/// names the seed; `CARVE_RANDOM_BASE` and `CARVE_RANDOM_COUNT` explore other seeds.
@Suite struct RandomHistoryTests {
    static let base = UInt64(ProcessInfo.processInfo.environment["CARVE_RANDOM_BASE"] ?? "") ?? 0
    static let count = Int(ProcessInfo.processInfo.environment["CARVE_RANDOM_COUNT"] ?? "") ?? 210
    static let batches = 14

    @Test(arguments: 0..<batches)
    func carveAgreesWithGitSubtree(batch: Int) throws {
        let seeds = stride(from: batch, to: Self.count, by: Self.batches).map { Self.base + UInt64($0) }
        for seed in seeds {
            try check(seed: seed)
        }
    }

    func check(seed: UInt64) throws {
        let history = RandomHistory(seed: seed)
        let temp = try TemporaryDirectory()
        let repo = temp.url.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Shell.git(["init", "-q", "-b", "main"], in: repo)
        try Shell.git(["fast-import", "--quiet"], in: repo, input: history.fastImportStream())
        let carve = Oracle.carveSplit(repo: repo, folders: [history.folder], revision: "main")
        let git = try Oracle.subtreeSplit(repo: repo, prefix: history.folder, revision: "main")
        switch (carve, git) {
        case (.success(let ours), .some(let theirs)):
            #expect(ours == theirs, "seed \(seed): carve \(ours) != git subtree \(theirs)")
        case (.failure, nil):
            break // the folder never existed: both refuse
        case (.failure(let error), .some(let theirs)):
            Issue.record("seed \(seed): carve failed (\(error.localizedDescription)) where git subtree gave \(theirs)")
        case (.success(let ours), nil):
            Issue.record("seed \(seed): carve gave \(ours) where git subtree failed")
        }
    }
}
