import Foundation

/// Runs a program with an argument array (never a shell string), an environment chosen on
/// purpose and a temporary folder of its own; waits through a termination handler and the
/// reader's signal, never by polling. Foundation's `Process`, not swift-subprocess: its async
/// API needs the concurrency pool, and Carve's synchronous callers (and tests, which run on that
/// pool) blocked both of its threads on two cores until nothing could run.
public final class ProcessRunner: @unchecked Sendable {
    /// What a finished program left.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
    }

    /// A runner.
    public init() {}

    /// Runs `executable` with `arguments` in `directory` and waits for it. Its `TMPDIR` is a
    /// scratch folder of Carve's own, removed when it ends (what SwiftPM and the compiler leave
    /// in the temporary directory goes with it).
    ///
    /// `temporaryDirectory` instead gives it that folder, kept: SwiftPM keys its manifest cache
    /// on the environment, so a `TMPDIR` of its own each time would never find a manifest again.
    public func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String], temporaryDirectory: String? = nil) throws -> Output {
        let temporary = try temporaryDirectory ?? ScratchFolder.make("tmp")
        defer { if temporaryDirectory == nil { try? FileManager.default.removeItem(atPath: temporary) } }
        var environment = environment
        environment["TMPDIR"] = temporary
        let process = Process()
        let launch = Self.launch(executable, arguments, parent: getpid())
        process.executableURL = URL(fileURLWithPath: launch.executable)
        process.arguments = launch.arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Drain both pipes while the program runs, so that neither can fill up and block it.
        let errorBox = DataBox()
        let errorRead = DispatchSemaphore(value: 0)
        let reader = Thread {
            errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
            errorRead.signal()
        }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        errorRead.wait()
        return Output(status: process.terminationStatus, stdout: stdout, stderr: errorBox.data)
    }

    /// What to start so that `executable` dies with `parent`, SIGKILL included, where util-linux
    /// has `setpriv`: `setpriv --pdeathsig KILL` sets PR_SET_PDEATHSIG and runs a shell that
    /// runs the program only if its parent is still `parent`. (A parent killed between the fork
    /// and the `prctl` sends no signal; the check, made once the signal is set, closes that gap.
    /// The signal comes when the thread that started the program ends: `run`'s, which waits
    /// for it.) A `dump-package` outliving a killed Carve crashed once the next run removed its
    /// scratch folder, and its backtrace then took up to 30 s of CPU.
    static func launch(_ executable: String, _ arguments: [String], parent: pid_t) -> (executable: String, arguments: [String]) {
        guard let setpriv = Self.setpriv, FileManager.default.isExecutableFile(atPath: executable) else { return (executable, arguments) }
        let check = "[ \"$PPID\" = \(parent) ] && exec \"$0\" \"$@\""
        return (setpriv, ["--pdeathsig", "KILL", "--", "/bin/sh", "-c", check, executable] + arguments)
    }

    /// util-linux's `setpriv` (on every Debian system) and a shell, where there are both.
    private static let setpriv: String? = {
        #if os(Linux)
        let path = "/usr/bin/setpriv"
        return FileManager.default.isExecutableFile(atPath: path) && FileManager.default.isExecutableFile(atPath: "/bin/sh") ? path : nil
        #else
        return nil
        #endif
    }()

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

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
