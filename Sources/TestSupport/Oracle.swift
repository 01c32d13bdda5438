import Foundation
import Model
import Pipeline
import Provider

/// The reference: `git subtree split` of the installed git, run on the same repository.
public enum Oracle {
    /// The id git subtree prints, or nil when it fails.
    public static func subtreeSplit(repo: URL, prefix: String, revision: String) throws -> String? {
        // git subtree insists that the prefix exists in the work tree.
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(prefix), withIntermediateDirectories: true)
        let output = try Shell.run("git", ["subtree", "split", "-q", "--prefix=\(prefix)", revision], in: repo)
        guard output.status == 0 else { return nil }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What `carve split` gives, in process.
    public static func carveSplit(repo: URL, folders: [String], revision: String) -> Result<String, Error> {
        Result {
            let provider = try Provider()
            let useCase = try provider.splitUseCase(repositoryPath: repo.path)
            return try useCase.run(SplitRequest(folders: folders, revision: revision)).head.hex
        }
    }
}
