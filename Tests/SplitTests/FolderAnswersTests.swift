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
}
