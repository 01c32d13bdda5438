import Model
import Testing
@testable import Split

/// `--adopt REF`: a published split history continued, its commits matched by tree, author and
/// author date.
@Suite struct AdoptTests {
    let store = InMemoryStore()
    let author = "A U Thor <author@example.com>"

    func adopt(_ folder: String, _ tip: ObjectID, ref: ObjectID) throws -> SplitResult {
        try SplitEngine(store: store).split(tip: tip, jobs: [SplitJob(spec: SplitSpec(arguments: [folder]), history: history(ref))])[0].get()
    }

    func history(_ ref: ObjectID) -> SplitHistory { SplitHistory(adopt: ref, adoptName: "published/main") }

    /// The author date `InMemoryStore.commit` gave a commit.
    func date(_ id: ObjectID) throws -> Int64 {
        try store.withObject(id, kind: .commit) { RawCommit.fields(Array($0.bindMemory(to: UInt8.self))).author!.timestamp }
    }

    /// A copy of a source commit as another tool writes it: the folder's tree, the same author and
    /// date, its own message and committer.
    func published(_ source: ObjectID, tree: ObjectID, parents: [ObjectID], message: String) throws -> ObjectID {
        try store.rawCommit(tree: tree, parents: parents, author: author, date: try date(source), message: message)
    }

    func lib(_ commit: ObjectID) throws -> ObjectID { try store.folder("Lib", in: try store.info(commit).tree)! }

    @Test func annotatedSplitIsContinuedWithOnlyTheNewCommitsOnTop() throws {
        let c1 = try store.commit("add", files: ["Lib/a": "1", "R": "r"])
        let c2 = try store.commit("readme", files: ["Lib/a": "1", "R": "r2"], parents: [c1])
        let c3 = try store.commit("edit", files: ["Lib/a": "2", "R": "r2"], parents: [c2])
        // As `git subtree split --annotate='(split) '` published it.
        let p1 = try published(c1, tree: try lib(c1), parents: [], message: "(split) add")
        let p3 = try published(c3, tree: try lib(c3), parents: [p1], message: "(split) edit")
        let c4 = try store.commit("edit again", files: ["Lib/a": "3", "R": "r2"], parents: [c3])
        let c5 = try store.commit("and again", files: ["Lib/a": "4", "R": "r2"], parents: [c4])

        let result = try adopt("Lib", c5, ref: p3)
        let adoption = try #require(result.adoption)
        #expect(adoption.matched == 2)
        #expect(adoption.written == 2)
        #expect(adoption.firstUnmatched == c4)
        let head = try store.info(result.head)
        #expect(try store.info(head.parents[0]).parents == [p3], "the new commits are on top of REF")
        #expect(try store.history(result.head).count == 4)
        try checkInvariants(store, tip: c5, result: result, paths: ["Lib"], history: history(p3))

        // Nothing new: the head is REF itself.
        #expect(try adopt("Lib", c3, ref: p3).head == p3)
    }

    @Test func originallyEmptyCommitsKeptByTheOtherToolAreMatched() throws {
        // git filter-repo keeps commits that were empty to begin with; git subtree drops them.
        let c1 = try store.commit("add", files: ["Lib/a": "1"])
        let c2 = try store.commit("empty on purpose", files: ["Lib/a": "1"], parents: [c1])
        let c3 = try store.commit("edit", files: ["Lib/a": "2"], parents: [c2])
        let p1 = try published(c1, tree: try lib(c1), parents: [], message: "add")
        let p2 = try published(c2, tree: try lib(c2), parents: [p1], message: "empty on purpose")
        let p3 = try published(c3, tree: try lib(c3), parents: [p2], message: "edit")
        let c4 = try store.commit("new", files: ["Lib/a": "3"], parents: [c3])

        let result = try adopt("Lib", c4, ref: p3)
        #expect(result.adoption?.matched == 3)
        #expect(result.adoption?.written == 1)
        #expect(try store.info(result.head).parents == [p3])
    }

    @Test func mergeWithIdenticalParentsThatTheOtherToolFlattened() throws {
        // Two unrelated histories with the same Lib, merged: git subtree keeps the merge (neither
        // parent descends from the other); the other tool kept only the last parent.
        let r1 = try store.commit("one", files: ["Lib/a": "1", "X": "1"])
        let r2 = try store.commit("two", files: ["Lib/a": "1", "Y": "1"])
        let m = try store.commit("merge", files: ["Lib/a": "1", "X": "1", "Y": "1"], parents: [r1, r2])
        let c = try store.commit("edit", files: ["Lib/a": "2", "X": "1", "Y": "1"], parents: [m])
        let subtree = try SplitEngine(store: store).split(tip: c, spec: SplitSpec(arguments: ["Lib"]))
        #expect(try store.info(try store.info(subtree.head).parents[0]).parents.count == 2, "git subtree keeps the merge")

        // The flattened merge left only the last parent's history in REF.
        let p2 = try published(r2, tree: try lib(r2), parents: [], message: "two")
        let pc = try published(c, tree: try lib(c), parents: [p2], message: "edit")
        let d = try store.commit("new", files: ["Lib/a": "3", "X": "1", "Y": "1"], parents: [c])

        let result = try adopt("Lib", d, ref: pc)
        #expect(try store.info(result.head).parents == [pc])
        #expect(result.adoption?.written == 1)
        #expect(result.adoption?.firstUnmatched == r1, "REF has no commit for the first parent's history")
        #expect(result.adoption?.matched == 2)
        // REF dropped "one" with the merge: every other invariant holds.
        try checkInvariants(store, tip: d, result: result, paths: ["Lib"], history: history(pc), everyCommit: false)
    }

    @Test func mergeKeptByTheOtherToolWhereGitSubtreeSkipsIt() throws {
        // Only the side branch changed Lib: git subtree's split of the merge is the side's; a
        // splitsh-lite-like tool kept the merge. Its merge is matched by tree, author and date.
        let base = try store.commit("base", files: ["Lib/a": "1", "App/x": "0"])
        let side = try store.commit("side", files: ["Lib/a": "2", "App/x": "0"], parents: [base])
        let main = try store.commit("main", files: ["Lib/a": "1", "App/x": "1"], parents: [base])
        let merge = try store.commit("merge", files: ["Lib/a": "2", "App/x": "1"], parents: [main, side])
        let next = try store.commit("next", files: ["Lib/a": "3", "App/x": "1"], parents: [merge])
        let subtree = try SplitEngine(store: store).split(tip: next, spec: SplitSpec(arguments: ["Lib"]))
        #expect(try store.history(subtree.head).count == 3, "git subtree: base, side, next")

        let pb = try published(base, tree: try lib(base), parents: [], message: "base")
        let ps = try published(side, tree: try lib(side), parents: [pb], message: "side")
        let pm = try published(merge, tree: try lib(merge), parents: [pb, ps], message: "Merge")
        let result = try adopt("Lib", next, ref: pm)
        #expect(try store.info(result.head).parents == [pm])
        #expect(result.adoption?.matched == 3)
        #expect(result.adoption?.written == 1)
        try checkInvariants(store, tip: next, result: result, paths: ["Lib"], history: history(pm))
    }

    @Test func refOfAnotherHistoryIsRefused() throws {
        let c1 = try store.commit("add", files: ["Lib/a": "1"])
        let other = try store.rawCommit(tree: try store.tree(["z": "z"]), parents: [], author: author, date: 1, message: "elsewhere")
        #expect(throws: SplitError.adoptionUnmatched(ref: "published/main", folders: "Lib", refCommits: 1)) { try adopt("Lib", c1, ref: other) }
    }

    @Test func refWithCommitsThisHistoryLacksIsRefused() throws {
        let c1 = try store.commit("add", files: ["Lib/a": "1"])
        let c2 = try store.commit("edit", files: ["Lib/a": "2"], parents: [c1])
        let p1 = try published(c1, tree: try lib(c1), parents: [], message: "add")
        // Someone committed to the published repository directly.
        let direct = try store.rawCommit(tree: try store.tree(["a": "9"]), parents: [p1], author: author, date: 5, message: "hotfix")
        #expect(throws: SplitError.adoptionDiverges(ref: "published/main", tip: direct, firstUnmatched: c2)) { try adopt("Lib", c2, ref: direct) }
    }
}
