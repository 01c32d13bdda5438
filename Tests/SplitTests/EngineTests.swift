import Model
import Testing
@testable import Split

/// The engine against an in-memory store: the rules of git subtree's split, one by one.
@Suite struct EngineTests {
    let store = InMemoryStore()

    func split(_ folders: [String], _ tip: ObjectID) throws -> SplitResult {
        try SplitEngine(store: store).split(tip: tip, spec: SplitSpec(arguments: folders))
    }

    @Test func sha1MatchesGit() {
        // `git hash-object -t blob --stdin <<< ''` hashes "blob 1\0\n".
        let id = ObjectID(raw: SHA1.hash(Array("blob 1\0\n".utf8)))!
        #expect(id.hex == "8b137891791fe96927ad78e64b0aad7bded08bdc")
    }

    @Test func linearHistoryKeepsOnlyCommitsThatChangeTheFolder() throws {
        let c1 = try store.commit("one", files: ["Lib/a": "1", "README": "r"])
        let c2 = try store.commit("two", files: ["Lib/a": "1", "README": "r2"], parents: [c1])
        let c3 = try store.commit("three", files: ["Lib/a": "3", "README": "r2"], parents: [c2])
        let result = try split(["Lib"], c3)
        let head = try store.info(result.head)
        #expect(head.message == "three\n")
        #expect(try store.names(head.tree) == ["a"])
        #expect(head.parents.count == 1)
        let parent = try store.info(head.parents[0])
        #expect(parent.message == "one\n", "the commit that left Lib alone is dropped")
        #expect(parent.parents.isEmpty)
        #expect(result.sourceOfHead == c3)
        #expect(result.commitsWalked == 3)
    }

    @Test func mergeWhereOnlyOneSideChangedTheFolderFastForwards() throws {
        let base = try store.commit("base", files: ["Lib/a": "1", "App/x": "0"])
        let side = try store.commit("side", files: ["Lib/a": "2", "App/x": "0"], parents: [base])
        let main = try store.commit("main", files: ["Lib/a": "1", "App/x": "9"], parents: [base])
        let merge = try store.commit("merge", files: ["Lib/a": "2", "App/x": "9"], parents: [main, side])
        let result = try split(["Lib"], merge)
        let head = try store.info(result.head)
        #expect(head.message == "side\n", "the merge adds nothing to Lib: its split is the side's")
    }

    @Test func mergeWhereBothSidesChangedTheFolderIsKept() throws {
        let base = try store.commit("base", files: ["Lib/a": "1"])
        let left = try store.commit("left", files: ["Lib/a": "1", "Lib/l": "l"], parents: [base])
        let right = try store.commit("right", files: ["Lib/a": "1", "Lib/r": "r"], parents: [base])
        let merge = try store.commit("merge", files: ["Lib/a": "1", "Lib/l": "l", "Lib/r": "r"], parents: [left, right])
        let head = try store.info(try split(["Lib"], merge).head)
        #expect(head.message == "merge\n")
        #expect(head.parents.count == 2)
        #expect(try head.parents.map { try store.info($0).message } == ["left\n", "right\n"])
    }

    @Test func commitWithoutTheFolderStandsForItselfOnceTheSplitHasStarted() throws {
        // git subtree's rule: a commit without the folder whose parents have split commits maps
        // to itself, so a re-added folder's split commit has that original commit as a parent.
        let c1 = try store.commit("add", files: ["Lib/a": "1", "README": "r"])
        let c2 = try store.commit("delete", files: ["README": "r"], parents: [c1])
        let c3 = try store.commit("readd", files: ["Lib/a": "2", "README": "r"], parents: [c2])
        let head = try store.info(try split(["Lib"], c3).head)
        #expect(head.message == "readd\n")
        #expect(head.parents == [c2])
    }

    @Test func folderThatNeverExistedIsAnError() throws {
        let c1 = try store.commit("one", files: ["README": "r"])
        #expect(throws: SplitError.self) { try split(["Lib"], c1) }
    }

    @Test func fileOrSubmoduleAtTheFolderCountsAsNoFolder() throws {
        let c1 = try store.commit("file", files: ["Lib": "not a folder"])
        let c2 = try store.commit("folder", files: ["Lib/a": "1"], parents: [c1])
        let head = try store.info(try split(["Lib"], c2).head)
        #expect(head.message == "folder\n")
        #expect(head.parents.isEmpty)
    }

    @Test func severalFoldersAreCombinedAtTheirDestinations() throws {
        let c1 = try store.commit("one", files: ["Sources/Foo/a": "1", "Tests/FooTests/t": "t", "Sources/Bar/b": "b"])
        let c2 = try store.commit("bar only", files: ["Sources/Foo/a": "1", "Tests/FooTests/t": "t", "Sources/Bar/b": "b2"], parents: [c1])
        let c3 = try store.commit("tests", files: ["Sources/Foo/a": "1", "Tests/FooTests/t": "t2", "Sources/Bar/b": "b2"], parents: [c2])
        let result = try split(["Sources/Foo:Sources/Foo", "Tests/FooTests:Tests/FooTests"], c3)
        let head = try store.info(result.head)
        #expect(head.message == "tests\n")
        #expect(try store.names(head.tree) == ["Sources", "Tests"])
        #expect(try store.info(head.parents[0]).message == "one\n")
        // Deterministic: the same split again gives the same id.
        #expect(try split(["Sources/Foo:Sources/Foo", "Tests/FooTests:Tests/FooTests"], c3).head == result.head)
    }

    @Test func folderMovedToAnotherPath() throws {
        let c1 = try store.commit("one", files: ["Sources/Foo/a": "1"])
        let head = try store.info(try split(["Sources/Foo:Lib/Foo"], c1).head)
        #expect(try store.names(head.tree) == ["Lib"])
    }

    @Test func rejoinMarkersSeedTheMapping() throws {
        // A history already split once and rejoined: the rejoin says main M maps to split S.
        let m = try store.commit("m", files: ["Lib/a": "1"])
        let s = try split(["Lib"], m).head
        let rejoinText = "Split 'Lib/' into commit '\(s.hex)'\n\ngit-subtree-dir: Lib\ngit-subtree-mainline: \(m.hex)\ngit-subtree-split: \(s.hex)"
        let rejoin = try store.commit(rejoinText, files: ["Lib/a": "1"], parents: [m, s])
        let next = try store.commit("next", files: ["Lib/a": "2"], parents: [rejoin])
        let result = try split(["Lib"], next)
        let head = try store.info(result.head)
        #expect(head.parents == [s], "the new split continues the old one")
        #expect(result.commitsWalked == 2, "M and S are known from the marker: only the rejoin and next are processed")
    }
}
