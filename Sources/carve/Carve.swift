import ArgumentParser
import Foundation
import Model
import Verify

/// The root command: `carve split`, `extract`, `batch` and `graph`.
@main
struct Carve: ParsableCommand {
    static func main() {
        Interruption.install()
        // What killed runs left in the temporary directory (their processes are gone).
        ScratchFolder.removeStale()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "carve",
        abstract: "Carve a component out of a Swift package monorepo, with its git history.",
        discussion: """
            Exit codes: 0 success, 1 error (the message on stderr says what, why and how to fix it), \
            3 verification failed (`--verify`: a side does not build), 64 bad usage, 130 interrupted \
            (Ctrl-C; SIGTERM gives 143: the repository is left as it was).
            """,
        subcommands: [SplitCommand.self, ExtractCommand.self, BatchCommand.self, GraphCommand.self]
    )

    // A flag of the root command only, not the configuration's `version`: that one adds a
    // `--version` flag to every subcommand beside extract's and batch's `--version V` (the
    // packages' version), which hangs fish's completions and doubles it in the manual.
    @Flag(name: .long, help: "Print Carve's version.")
    var version = false

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print(CarveVersion.current)
    }
}

/// The options every command has: the repository, JSON output, and no progress.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The repository (default: the current directory).")
    var repo: String = "."

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Flag(name: [.short, .long], help: "No progress on stderr.")
    var quiet = false
}
