import Foundation

/// The fixture histories of TestRepos/, built once per test process by scripts/build-test-repos.
public enum Fixtures {
    /// One line of scenarios.tsv.
    public struct Scenario: CustomStringConvertible, Sendable {
        public var name: String
        public var folder: String
        public var revision: String
        public var gitFails: Bool
        public var description: String { "\(name) \(folder) @\(revision)" }
    }

    /// Where scripts/build-test-repos builds the split fixtures.
    public static let builtRoot = Shell.packageRoot.appendingPathComponent(".build/test-repos")

    /// Every line of TestRepos/scenarios.tsv.
    public static let scenarios: [Scenario] = {
        let url = Shell.packageRoot.appendingPathComponent("TestRepos/scenarios.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 2 else { return nil }
            return Scenario(name: cols[0], folder: cols[1], revision: cols.count > 2 && !cols[2].isEmpty ? cols[2] : "main", gitFails: cols.count > 3 && cols[3] == "git-fails")
        }
    }()

    private static let built: Result<Void, ShellError> = {
        do {
            let output = try Shell.run("bash", [Shell.packageRoot.appendingPathComponent("scripts/build-test-repos").path, builtRoot.path], environment: ProcessInfo.processInfo.environment)
            guard output.status == 0 else { return .failure(.failed("build-test-repos failed: \(output.stderr)")) }
            return .success(())
        } catch {
            return .failure(.failed("build-test-repos did not run: \(error)"))
        }
    }()

    /// A fresh copy of a built fixture in a temporary directory.
    public static func copy(_ name: String, into directory: TemporaryDirectory) throws -> URL {
        try built.get()
        let destination = directory.url.appendingPathComponent(name)
        try FileManager.default.copyItem(at: builtRoot.appendingPathComponent(name), to: destination)
        return destination
    }

    /// Builds the Swift package fixture `TestRepos/<name>.sh` into `url` (a new folder).
    public static func buildPackage(_ name: String, at url: URL) throws {
        let script = Shell.packageRoot.appendingPathComponent("TestRepos/\(name).sh").path
        let built = try Shell.run("bash", [script, url.path], environment: ProcessInfo.processInfo.environment)
        guard built.status == 0 else { throw ShellError.failed("\(name): \(built.stderr)") }
    }
}
