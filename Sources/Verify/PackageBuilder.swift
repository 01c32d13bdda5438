import Foundation
import Model

/// Builds Swift packages with `swift build --build-tests`, offline, each in its own folder
/// (a scratch copy the caller made), with an optional SwiftPM configuration folder of Carve's own.
public final class PackageBuilder: @unchecked Sendable {
    private let runner: ProcessRunner

    /// A builder that starts `swift` through `runner`.
    public init(runner: ProcessRunner) {
        self.runner = runner
    }

    /// Builds the package at `path` and its tests.
    public func build(label: String, packageAt path: String, configPath: String?, cachePath: String) -> BuildOutcome {
        let start = ContinuousClock.now
        guard let swift = ProcessRunner.locate("swift") else {
            return BuildOutcome(package: label, succeeded: false, seconds: 0, output: "`swift` is not on PATH")
        }
        var arguments = ["build", "--build-tests", "--package-path", path, "--scratch-path", path + "/.build"]
        if let configPath { arguments += ["--config-path", configPath] }
        arguments += ["--cache-path", cachePath]
        var environment = ProcessInfo.processInfo.environment
        // Only the mirrors in Carve's configuration folder; never prompt for credentials.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        var outcome: BuildOutcome
        do {
            let output = try runner.run(swift, arguments, in: path, environment: environment)
            let text = String(decoding: output.stdout + output.stderr, as: UTF8.self)
            outcome = BuildOutcome(package: label, succeeded: output.status == 0, seconds: 0, output: Self.tail(text, lines: output.status == 0 ? 3 : 60))
        } catch {
            outcome = BuildOutcome(package: label, succeeded: false, seconds: 0, output: "could not run swift: \(error)")
        }
        let d = ContinuousClock.now - start
        outcome.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return outcome
    }

    /// Writes SwiftPM's `mirrors.json` (original URL → local repository) into `configPath`.
    public func writeMirrors(_ mirrors: [String: String], into configPath: String) throws {
        try FileManager.default.createDirectory(atPath: configPath, withIntermediateDirectories: true)
        let objects = mirrors.sorted { $0.key < $1.key }.map { ["original": $0.key, "mirror": $0.value] }
        let data = try JSONSerialization.data(withJSONObject: ["version": 1, "object": objects] as [String: Any], options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: configPath + "/mirrors.json"))
    }

    static func tail(_ text: String, lines: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
