import Model
import Testing
@testable import Split

/// `--readd continue`: a folder re-added after a deletion continues from the last split commit.
@Suite struct ReaddTests {
    let store = InMemoryStore()

    func split(_ folder: String, _ tip: ObjectID, continues: Bool) throws -> SplitResult {
        try SplitEngine(store: store).split(tip: tip, jobs: [SplitJob(spec: SplitSpec(arguments: [folder]), history: SplitHistory(readdContinues: continues))])[0].get()
    }

    @Test func reAddedFolderContinuesFromTheLastSplitCommit() throws {
        let c1 = try store.commit("add", files: ["Lib/a": "1", "README": "r"])
        let c2 = try store.commit("edit", files: ["Lib/a": "2", "README": "r"], parents: [c1])
        let c3 = try store.commit("delete", files: ["README": "r"], parents: [c2])
        let c4 = try store.commit("unrelated", files: ["README": "r2"], parents: [c3])
        let c5 = try store.commit("readd", files: ["Lib/a": "3", "README": "r2"], parents: [c4])

        let subtree = try store.info(try split("Lib", c5, continues: false).head)
        #expect(subtree.parents == [c4], "git subtree's rule: the mainline commit")

        let result = try split("Lib", c5, continues: true)
        let head = try store.info(result.head)
        #expect(head.message == "readd\n")
        #expect(try head.parents.map { try store.info($0).message } == ["edit\n"])
        #expect(try store.history(result.head).count == 3)
        try checkInvariants(store, tip: c5, result: result, paths: ["Lib"], history: SplitHistory(readdContinues: true))
    }

    @Test func mergeOfABranchThatDeletedTheFolderStaysClean() throws {
        let base = try store.commit("base", files: ["Lib/a": "1", "App/x": "0"])
        let gone = try store.commit("delete Lib on a branch", files: ["App/x": "1"], parents: [base])
        let main = try store.commit("edit Lib", files: ["Lib/a": "2", "App/x": "0"], parents: [base])
        let merge = try store.commit("merge, keeping Lib", files: ["Lib/a": "2", "App/x": "1"], parents: [main, gone])

        let subtree = try split("Lib", merge, continues: false)
        #expect(try store.history(subtree.head).contains(gone), "git subtree links the branch's mainline commit")
        let result = try split("Lib", merge, continues: true)
        #expect(try store.info(result.head).message == "edit Lib\n", "the merge adds nothing to Lib")
        #expect(try store.history(result.head).count == 2)
        try checkInvariants(store, tip: merge, result: result, paths: ["Lib"], history: SplitHistory(readdContinues: true))
    }

    @Test func withoutADeletionTheIdsAreGitSubtrees() throws {
        let c1 = try store.commit("add", files: ["Lib/a": "1"])
        let c2 = try store.commit("other", files: ["Lib/a": "1", "x": "1"], parents: [c1])
        let c3 = try store.commit("edit", files: ["Lib/a": "2", "x": "1"], parents: [c2])
        #expect(try split("Lib", c3, continues: true).head == (try split("Lib", c3, continues: false)).head)
    }
}
