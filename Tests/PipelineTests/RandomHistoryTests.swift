import Foundation
import Model
import Pipeline
import Provider
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
        let repo = try randomRepository(history, in: temp)
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

/// Several folders of each seeded random history split in one walk, which the split engine
/// shares between two threads and maps mostly through its shortcuts (a commit whose parents
/// split alike, a commit without the folder, a merge whose identical parent wins), against git
/// subtree on each folder alone.
@Suite struct RandomManyFoldersTests {
    static let count = Int(ProcessInfo.processInfo.environment["CARVE_RANDOM_MANY_COUNT"] ?? "") ?? 24

    @Test(arguments: 0..<4)
    func oneWalkAgreesWithGitSubtreePerFolder(batch: Int) throws {
        var walks = 0
        for seed in stride(from: UInt64(1000 + batch), to: UInt64(1000 + Self.count), by: 4) where try check(seed: seed) {
            walks += 1
        }
        #expect(walks >= 2, "only \(walks) seeds had two folders to split together")
    }

    /// False when fewer than two of the folders exist (nothing to split together).
    func check(seed: UInt64) throws -> Bool {
        let history = RandomHistory(seed: seed)
        let temp = try TemporaryDirectory()
        let repo = try randomRepository(history, in: temp)
        // The folder and the look-alike folders beside it (`LibKit`, `Lib-extra`): those git
        // subtree can split.
        var expected: [(folder: String, head: String)] = []
        for folder in [history.folder, history.folder + "Kit", history.folder + "-extra"] {
            if let head = try Oracle.subtreeSplit(repo: repo, prefix: folder, revision: "main") { expected.append((folder, head)) }
        }
        guard expected.count >= 2 else { return false }
        let components = expected.enumerated().map { ComponentSplit(name: "c\($0.offset)", folders: [$0.element.folder]) }
        let useCase = try Provider().splitUseCase(repositoryPath: repo.path)
        let reports = try useCase.runMany(ManySplitRequest(selection: .components(components), revision: "main", useCache: false))
        #expect(reports.map(\.head.hex) == expected.map(\.head), "seed \(seed): \(expected.map(\.folder))")
        return true
    }
}

/// A repository in `temp` holding `history` on `main`.
func randomRepository(_ history: RandomHistory, in temp: TemporaryDirectory) throws -> URL {
    let repo = temp.url.appendingPathComponent("repo")
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    try Shell.git(["init", "-q", "-b", "main"], in: repo)
    try Shell.git(["fast-import", "--quiet"], in: repo, input: history.fastImportStream())
    return repo
}
