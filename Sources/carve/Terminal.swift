import ArgumentParser
import Foundation
import Split

/// Output helpers of the executable: results on stdout, everything else on stderr.
enum Terminal {
    /// Runs `body`; a thrown error becomes one line on stderr and exit code `exitCode(error)`
    /// (1 unless said otherwise).
    static func run<T>(exitCode: (Error) -> Int32 = { _ in 1 }, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            diagnostic("error: \(error.localizedDescription)")
            throw ExitCode(exitCode(error))
        }
    }

    static func diagnostic(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func printJSON<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}

/// A progress line on stderr, redrawn in place; only when stderr is a terminal.
final class ProgressLine: SplitProgress {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    private init(label: String) {
        self.label = label
    }

    /// A progress line when stderr is a terminal, else nil (nothing per commit in logs).
    static func forStandardError(label: String) -> ProgressLine? {
        isatty(2) == 1 ? ProgressLine(label: label) : nil
    }

    func splitProgress(done: Int, total: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r%@: %d/%d commits, %.0f/s, ETA %.0fs ", label, done, total, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Absolute paths for the folders a command writes, with symlinks resolved.
enum Paths {
    /// A relative path that exists from the current directory, made real (absolute); any
    /// other path as it is (then relative to the repository).
    static func fromCurrentDirectory(_ path: String) -> String {
        path.hasPrefix("/") || !FileManager.default.fileExists(atPath: path) ? path : real(path)
    }

    /// `path` made absolute and standardised, with every symlink in its longest existing
    /// prefix resolved (the rest does not exist yet).
    static func real(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
            missing.insert(url.lastPathComponent, at: 0)
            url = url.deletingLastPathComponent()
        }
        var resolved = url.path
        if let real = realpath(url.path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        let joined = ([resolved == "/" ? "" : resolved] + missing).joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }
}
