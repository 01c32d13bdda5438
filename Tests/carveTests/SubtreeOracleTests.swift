import Foundation
import Testing
import TestSupport

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

/// `--onto`: a history taken as already split, as git subtree split --onto does.
@Suite struct OntoTests {
    @Test(arguments: [
        ("subtree-add-rejoin-squash", "Sources/Lib", "sub-upstream"),
        ("subtree-add-rejoin-squash", "Vendor/Squashed", "sq-upstream"),
        ("feature-noff", "Sources/Lib", "feature/a"),
    ])
    func ontoMatchesGitSubtree(_ fixture: String, _ folder: String, _ onto: String) throws {
        let temp = try TemporaryDirectory()
        let repo = try Fixtures.copy(fixture, into: temp)
        let ours = try Shell.run(CommandLineTests.binary, ["split", folder, "--onto", onto, "--quiet"], in: repo)
        #expect(ours.status == 0, "\(ours.stderr)")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(folder), withIntermediateDirectories: true)
        let theirs = try Shell.git(["subtree", "split", "-q", "--prefix=\(folder)", "--onto=\(onto)", "main"], in: repo)
        #expect(ours.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == theirs)
    }
}
