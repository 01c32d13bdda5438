import Foundation
import Testing

/// Every TestRepos scenario: `carve split` gives exactly the id `git subtree split` gives.
@Suite struct SubtreeOracleTests {
    @Test(arguments: Fixtures.scenarios)
    func matchesGitSubtree(_ scenario: Fixtures.Scenario) throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy(scenario.name, into: temp)
        let carve = Oracle.carveSplit(repo: repo, folders: [scenario.folder], revision: scenario.revision)
        let git = try Oracle.subtreeSplit(repo: repo, prefix: scenario.folder, revision: scenario.revision)
        if scenario.gitFails {
            #expect(git == nil, "git subtree was expected to fail on \(scenario)")
            // Where git subtree fails, Carve still splits (treating the odd entry as no folder).
            #expect((try? carve.get()) != nil, "carve failed on \(scenario): \(carve)")
        } else {
            let expected = try #require(git, "git subtree failed on \(scenario)")
            #expect(try carve.get() == expected, "\(scenario)")
        }
    }

    @Test func scenarioListIsComplete() {
        #expect(Fixtures.scenarios.count >= 15)
        #expect(Set(Fixtures.scenarios.map(\.name)).count >= 15)
    }
}
