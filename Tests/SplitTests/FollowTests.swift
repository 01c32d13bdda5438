import Model
import Testing
@testable import Split

/// `--follow`: moves detected in the history and split into the same destination.
@Suite struct FollowTests {
    let store = InMemoryStore()

    func follow(_ folders: [String], _ tip: ObjectID, named: [String] = [], readdContinues: Bool = false) throws -> (followed: [FollowedFolder], history: SplitHistory, result: SplitResult) {
        let spec = try SplitSpec(arguments: folders)
        let followed = try MoveDetector(store: store).follow(tip: tip, spec: spec, named: named, revision: "tip")
        let history = SplitHistory(formerPaths: SplitHistory.formerPaths(followed), readdContinues: readdContinues)
        let result = try SplitEngine(store: store).split(tip: tip, jobs: [SplitJob(spec: spec, history: history)])[0].get()
        return (followed, history, result)
    }

    func plain(_ folder: String, _ tip: ObjectID) throws -> SplitResult {
        try SplitEngine(store: store).split(tip: tip, spec: SplitSpec(arguments: [folder]))
    }

    func count(_ head: ObjectID) throws -> Int { try store.history(head).count }

    @Test func folderMovedTwiceIsFollowedToItsFirstCommit() throws {
        let c1 = try store.commit("add Old", files: ["Old/a": "1", "Old/b": "1", "README": "r"])
        let c2 = try store.commit("edit Old", files: ["Old/a": "2", "Old/b": "1", "README": "r"], parents: [c1])
        let c3 = try store.commit("rename Old to Mid", files: ["Mid/a": "2", "Mid/b": "1", "README": "r"], parents: [c2])
        let c4 = try store.commit("edit Mid", files: ["Mid/a": "3", "Mid/b": "1", "README": "r"], parents: [c3])
        let c5 = try store.commit("rename Mid to New", files: ["New/a": "3", "New/b": "1", "README": "r"], parents: [c4])
        let c6 = try store.commit("readme", files: ["New/a": "3", "New/b": "1", "README": "r2"], parents: [c5])
        let c7 = try store.commit("edit New", files: ["New/a": "4", "New/b": "1", "README": "r2"], parents: [c6])

        let (followed, history, result) = try follow(["New"], c7)
        #expect(followed == [FollowedFolder(folder: "New", formerPaths: ["Mid", "Old"], moves: [
            FolderMove(commit: c5, from: "Mid", to: "New", similarity: 100),
            FolderMove(commit: c3, from: "Old", to: "Mid", similarity: 100),
        ])])
        #expect(try count(result.head) == 4, "add, edit, edit, edit: the renames leave the tree as it was")
        #expect(try count(try plain("New", c7).head) == 2, "without --follow: the last rename and the edit after it")
        let root = try store.history(result.head).last!
        #expect(try store.info(root).message == "add Old\n")
        try checkInvariants(store, tip: c7, result: result, paths: ["New", "Mid", "Old"], history: history)
    }

    @Test func folderMovedIntoAndOutOfAnotherFolder() throws {
        let c1 = try store.commit("add Lib", files: ["Lib/a": "1", "Lib/Sub/b": "1", "App/x": "0"])
        let c2 = try store.commit("edit Lib", files: ["Lib/a": "2", "Lib/Sub/b": "1", "App/x": "0"], parents: [c1])
        let c3 = try store.commit("move Lib into Sources", files: ["Sources/Lib/a": "2", "Sources/Lib/Sub/b": "1", "App/x": "0"], parents: [c2])
        let c4 = try store.commit("edit", files: ["Sources/Lib/a": "3", "Sources/Lib/Sub/b": "1", "App/x": "0"], parents: [c3])
        let c5 = try store.commit("move out of Sources into Kit", files: ["Kit/a": "3", "Kit/Sub/b": "1", "App/x": "1", "Sources/Other/y": "y"], parents: [c4])

        let (followed, history, result) = try follow(["Kit"], c5)
        #expect(followed[0].formerPaths == ["Sources/Lib", "Lib"])
        #expect(followed[0].moves.map(\.commit) == [c5, c3])
        #expect(try count(result.head) == 3)
        #expect(try count(try plain("Kit", c5).head) == 1)
        try checkInvariants(store, tip: c5, result: result, paths: ["Kit", "Sources/Lib", "Lib"], history: history)
    }

    @Test func renameWithEditsInTheSameCommitIsDetected() throws {
        let files = ["a": "1", "b": "1", "c": "1", "d": "1"]
        func under(_ folder: String, _ f: [String: String]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: f.map { ("\(folder)/\($0.key)", $0.value) })
        }
        let c1 = try store.commit("add", files: under("Sources/Complex", files))
        let c2 = try store.commit("edit", files: under("Sources/Complex", files.merging(["a": "2"]) { $1 }), parents: [c1])
        // Renamed, one file edited, one renamed inside, one added: still most of the folder.
        let moved = ["a": "2", "b": "2", "c2": "1", "d": "1", "e": "new"]
        let c3 = try store.commit("rename to ComplexModule and edit", files: under("Sources/ComplexModule", moved), parents: [c2])
        let c4 = try store.commit("edit after", files: under("Sources/ComplexModule", moved.merging(["e": "newer"]) { $1 }), parents: [c3])

        let (followed, history, result) = try follow(["Sources/ComplexModule"], c4)
        #expect(followed[0].formerPaths == ["Sources/Complex"])
        #expect(followed[0].moves[0].commit == c3)
        #expect(followed[0].moves[0].similarity >= MoveDetector<InMemoryStore>.threshold && followed[0].moves[0].similarity < 100)
        #expect(try count(result.head) == 4)
        #expect(try count(try plain("Sources/ComplexModule", c4).head) == 2)
        try checkInvariants(store, tip: c4, result: result, paths: ["Sources/ComplexModule", "Sources/Complex"], history: history)
    }

    @Test func anUnrelatedFolderThatLeavesIsNotAMove() throws {
        let c1 = try store.commit("add Old", files: ["Old/a": "1", "Old/b": "2"])
        let c2 = try store.commit("drop Old, add New", files: ["New/x": "9", "New/y": "8"], parents: [c1])
        let (followed, _, result) = try follow(["New"], c2)
        #expect(followed[0].moves.isEmpty)
        #expect(result.head == (try plain("New", c2)).head, "nothing followed: git subtree's ids")
    }

    @Test func namedOldPathsAreFollowedAndCheckedToExist() throws {
        // Deleted in one commit, added back elsewhere two commits later: no move to detect.
        let c1 = try store.commit("add Old", files: ["Old/a": "1", "R": "r"])
        let c2 = try store.commit("drop Old", files: ["R": "r"], parents: [c1])
        let c3 = try store.commit("add New", files: ["New/a": "1", "New/b": "b", "R": "r"], parents: [c2])
        #expect(try follow(["New"], c3).followed[0].moves.isEmpty)
        let (followed, _, linked) = try follow(["New"], c3, named: ["Old"])
        #expect(followed[0].moves == [FolderMove(commit: nil, from: "Old", to: "New", similarity: 0, named: true)])
        // Between the two, no folder at all: git subtree's rule links the mainline commit.
        #expect(try store.history(linked.head).map { try store.info($0).message } == ["add New\n", "drop Old\n", "add Old\n"])
        let (_, history, result) = try follow(["New"], c3, named: ["Old"], readdContinues: true)
        #expect(try store.history(result.head).map { try store.info($0).message } == ["add New\n", "add Old\n"])
        try checkInvariants(store, tip: c3, result: result, paths: ["New", "Old"], history: history)

        #expect(throws: SplitError.followPathNeverExisted("Gone", revision: "tip")) { try follow(["New"], c3, named: ["Gone"]) }
        #expect(throws: SplitError.self, "several folders: OLD:FOLDER says which") { try follow(["New:New", "R2:R2"], c3, named: ["Old"]) }
        #expect(throws: SplitError.self, "not a folder of the split") { try follow(["New:New"], c3, named: ["Old:Other"]) }
        #expect(try follow(["New:New", "R2:R2"], c3, named: ["Old:New"]).followed[0].formerPaths == ["Old"])
    }

    @Test func severalFoldersAreFollowedEachOnItsOwn() throws {
        let c1 = try store.commit("add", files: ["Sources/A/x": "1", "Tests/ATests/t": "1"])
        let c2 = try store.commit("rename", files: ["Sources/B/x": "1", "Tests/BTests/t": "1"], parents: [c1])
        let c3 = try store.commit("edit", files: ["Sources/B/x": "2", "Tests/BTests/t": "1"], parents: [c2])
        let (followed, _, result) = try follow(["Sources/B:Sources/B", "Tests/BTests:Tests/BTests"], c3)
        #expect(followed.map(\.formerPaths) == [["Sources/A"], ["Tests/ATests"]])
        #expect(try count(result.head) == 2)
        let root = try store.info(try store.history(result.head).last!)
        #expect(root.message == "add\n")
        #expect(try store.folder("Sources/B", in: root.tree) != nil, "old paths land at the folder's destination")
    }

    @Test func withoutHistoryModesTheEngineIsUnchanged() throws {
        let c1 = try store.commit("add Old", files: ["Old/a": "1"])
        let c2 = try store.commit("rename", files: ["New/a": "1"], parents: [c1])
        let spec = try SplitSpec(arguments: ["New"])
        let plain = try SplitEngine(store: store).split(tip: c2, spec: spec)
        let none = try SplitEngine(store: store).split(tip: c2, jobs: [SplitJob(spec: spec, history: SplitHistory())])[0].get()
        #expect(plain == none)
        #expect(SplitHistory().isDefault && SplitHistory().cacheKey.isEmpty)
        #expect(SplitHistory(formerPaths: [[["Old"]]]).cacheKey == "follow Old")
    }
}
