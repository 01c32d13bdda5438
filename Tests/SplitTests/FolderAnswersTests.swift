@testable import Split
import Model
import Testing

/// The tree worker's compact answers give back what was appended.
@Suite struct FolderAnswersTests {
    @Test func answersComeBackAsAppended() {
        let a = ObjectID(a: 1, b: 2, c: 3), b = ObjectID(a: 4, b: 5, c: 6), c = ObjectID(a: 7, b: 8, c: 9)
        let rows: [[ObjectID?]] = [[a, nil, b], [a, nil, b], [c, a, nil], [nil, nil, nil], [b, a, c], [a, nil, b]]
        var answers = FolderAnswers(pathCount: 3)
        for row in rows { answers.append(row) }
        for (r, row) in rows.enumerated() {
            for (p, expected) in row.enumerated() {
                #expect(answers[r * 3 + p] == expected, "root \(r), path \(p)")
            }
        }
    }

    /// Answers made in two parts and joined are those made in one go.
    @Test func answersAppendedInTwoPartsAreThoseOfOne() {
        let a = ObjectID(a: 1, b: 2, c: 3), b = ObjectID(a: 4, b: 5, c: 6), c = ObjectID(a: 7, b: 8, c: 9)
        let rows: [[ObjectID?]] = [[a, nil], [a, b], [c, b], [nil, nil], [b, c], [b, c], [a, nil]]
        var whole = FolderAnswers(pathCount: 2), first = FolderAnswers(pathCount: 2), second = FolderAnswers(pathCount: 2)
        for (r, row) in rows.enumerated() {
            whole.append(row)
            if r < 3 { first.append(row) } else { second.append(row) }
        }
        first.append(contentsOf: second)
        first.append([c, a])
        whole.append([c, a])
        for i in 0..<(rows.count + 1) * 2 { #expect(first[i] == whole[i], "answer \(i)") }
    }

    /// The thread that finishes the worker resolves the second half of what is left itself:
    /// the answers are those of one index resolving every root in order.
    @Test func theFinishingThreadSharesTheRoots() throws {
        let store = InMemoryStore()
        var roots: [ObjectID] = []
        for i in 0..<1200 {
            var files = ["README": "\(i % 3)", "Sources/A/a.swift": "\(i / 7)", "Sources/B/b.swift": "\(i / 11)"]
            if i % 5 != 0 { files["Sources/C/c.swift"] = "\(i / 13)" }
            roots.append(try store.tree(files))
        }
        let paths = [["Sources", "A"], ["Sources", "B"], ["Sources", "C"], ["Nope"]]
        var index = TreeIndex()
        for path in paths { _ = index.register(path) }
        var expected: [ObjectID?] = []
        for root in roots {
            try index.resolve(root: root, store: store)
            expected += index.resolved
        }
        // One root at a time: the worker has taken only a few when the finishing thread comes.
        let worker = TreeWorker(store: store, paths: paths, chunk: 1)
        worker.publish(roots)
        worker.start()
        worker.finish(helpingWith: store)
        #expect(!worker.failed)
        #expect(worker.resolvedByFinisher > 0)
        #expect((0..<expected.count).map { worker.results[$0] } == expected)
    }
}
