import Foundation

/// Runs commands for tests (fixtures, the git oracle, the built binary).
public enum Shell {
    /// What a command left.
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The root of this package (Sources/TestSupport/Shell.swift, three folders up).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A clean, deterministic environment for git: no user or system configuration.
    public static var gitEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") { env.removeValue(forKey: key) }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["LC_ALL"] = "C"
        env["TZ"] = "UTC"
        env["GIT_AUTHOR_NAME"] = "Test"
        env["GIT_AUTHOR_EMAIL"] = "test@example.com"
        env["GIT_COMMITTER_NAME"] = "Test"
        env["GIT_COMMITTER_EMAIL"] = "test@example.com"
        return env
    }

    /// Runs a program (a path, or a name looked up on PATH) and waits; output goes through files.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil, input: Data? = nil, environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = environment ?? gitEnvironment
        // Output goes to files: no pipe can fill up and block the child.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("carve-shell-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        let inp = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inp
        try process.run()
        if let input {
            inp.fileHandleForWriting.write(input)
            try? inp.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        let outData = (try? Data(contentsOf: outURL)) ?? Data()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs git in `repo`; throws when it fails.
    @discardableResult
    public static func git(_ arguments: [String], in repo: URL, input: Data? = nil) throws -> String {
        let output = try run("git", arguments, in: repo, input: input)
        guard output.status == 0 else {
            throw ShellError.failed("git \(arguments.joined(separator: " ")): \(output.stderr)")
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A command that failed.
public enum ShellError: Error, CustomStringConvertible {
    case failed(String)
    /// The failure for a person.
    public var description: String {
        switch self {
        case .failed(let s): return s
        }
    }
}

/// Temporary directories removed at the end of a test.
public final class TemporaryDirectory {
    public let url: URL

    /// A new empty folder under the temporary directory.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("carve-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
