import Foundation
import PackagePlugin

/// `swift package carve graph|check|split|extract|batch ...`: runs the `carve` tool on this
/// package with the user's arguments, `--repo` defaulting to the package's folder. Commands that
/// write (everything but `graph`, `check`, `--dry-run` and help) run only when SwiftPM was given
/// `--allow-writing-to-package-directory`. carve's stdout comes through unchanged; its stderr
/// lines become SwiftPM diagnostics (`error:` and `warning:` lines as such, the rest as progress
/// lines); its exit code is the plugin's, and named in the last diagnostic when it is not 0.
@main
struct CarvePlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let packageDirectory = context.package.directoryURL
        let invocation = CarveInvocation(arguments: arguments, packageDirectory: packageDirectory.path)
        if invocation.writes && !WritePermission.isGranted(flagInArguments: invocation.writingFlagGiven, packageDirectory: packageDirectory) {
            throw CarvePluginError.writingNotAllowed(command: invocation.subcommand ?? "")
        }
        let status = try Self.run(context.tool(named: "carve").url, invocation.arguments)
        if status != 0 {
            // Once a plugin has emitted an error, SwiftPM no longer names its exit code, and
            // `swift package` itself always exits with 1: say which code carve gave.
            Diagnostics.error("carve ended with exit code \(status)")
            exit(status)
        }
    }

    /// Runs carve in the current directory (the user's); returns its exit code.
    private static func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        // The plugin's stdout is SwiftPM's: carve's result goes straight through, byte for byte.
        process.standardOutput = FileHandle.standardOutput
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        var lines = StderrLines()
        while true {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            lines.append(chunk)
        }
        lines.finish()
        process.waitUntilExit()
        switch process.terminationReason {
        case .exit: return process.terminationStatus
        case .uncaughtSignal: return 128 + process.terminationStatus
        @unknown default: return 1
        }
    }
}

/// carve's stderr, forwarded line by line as it comes. The plugin's own stderr would land on
/// SwiftPM's stdout, among carve's results; diagnostics reach SwiftPM's stderr.
private struct StderrLines {
    private var pending = Data()

    mutating func append(_ chunk: Data) {
        pending.append(chunk)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            Self.emit(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
            pending.removeSubrange(pending.startIndex...newline)
        }
    }

    mutating func finish() {
        if !pending.isEmpty { Self.emit(String(decoding: pending, as: UTF8.self)) }
        pending.removeAll()
    }

    private static func emit(_ line: String) {
        if line.isEmpty { return }
        // carve's own errors say `error:`; argument-parser's usage errors say `Error:`.
        for prefix in ["error: ", "Error: "] where line.hasPrefix(prefix) {
            return Diagnostics.error(String(line.dropFirst(prefix.count)))
        }
        if line.hasPrefix("warning: ") { return Diagnostics.warning(String(line.dropFirst("warning: ".count))) }
        Diagnostics.progress(line)
    }
}

/// Why the plugin did not run carve.
enum CarvePluginError: Error, CustomStringConvertible {
    case writingNotAllowed(command: String)

    var description: String {
        switch self {
        case .writingNotAllowed(let command):
            let preview = ["extract", "batch", "publish"].contains(command) ? " (or add --dry-run to see the plan without writing)" : ""
            return "carve \(command) writes to the repository (objects, refs, new folders) and SwiftPM was not told it may: "
                + "run `swift package \(WritePermission.flag) carve \(command) ...`\(preview)"
        }
    }
}
