import Foundation
import Subprocess

/// Runs a program with an argument array (never a shell string), an environment chosen on
/// purpose and a temporary folder of its own, through swift-subprocess (which waits for the exit
/// and drains both pipes without polling).
public final class ProcessRunner: Sendable {
    /// What a finished program left.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
    }

    /// The most output kept per stream: far above what `swift build` or a package description
    /// prints; a program printing more fails the run.
    static let outputLimit = 1 << 30

    /// A runner.
    public init() {}

    /// Runs `executable` with `arguments` in `directory` and waits for it. The exit status is
    /// the program's, or the signal that ended it. Its `TMPDIR` is a scratch folder of Carve's
    /// own, removed when it ends (what SwiftPM and the compiler leave in the temporary directory
    /// goes with it).
    public func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String]) throws -> Output {
        let temporary = try ScratchFolder.make("tmp")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        var environment = environment
        environment["TMPDIR"] = temporary
        // Callers are synchronous (and run on threads of their own, never on the concurrency
        // pool): the calling thread waits while the pool runs the process.
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                outcome.value = .success(try await Self.run(executable, arguments, in: directory, environment: environment))
            } catch {
                outcome.value = .failure(error)
            }
            finished.signal()
        }
        finished.wait()
        return try outcome.value!.get()
    }

    private static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String]) async throws -> Output {
        var variables: [Environment.Key: String] = [:]
        for (key, value) in environment {
            if let key = Environment.Key(rawValue: key) { variables[key] = value }
        }
        let result = try await Subprocess.run(
            .path(.init(executable)),
            arguments: Arguments(arguments),
            environment: .custom(variables),
            workingDirectory: .init(directory),
            input: .none,
            output: .data(limit: outputLimit),
            error: .data(limit: outputLimit)
        )
        let status: Int32
        switch result.terminationStatus {
        case .exited(let code): status = code
        case .signaled(let signal): status = signal
        }
        return Output(status: status, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// The full path of `name` on PATH, or nil.
    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The outcome handed from the task to the waiting thread (written before the semaphore is
/// signalled, read after it is waited for).
private final class Outcome: @unchecked Sendable {
    var value: Result<ProcessRunner.Output, Error>?
}
