import ArgumentParser
import Foundation
import Model
import Verify

/// The root command: `carve split`, `publish`, `extract`, `batch` and `graph`.
@main
struct Carve: ParsableCommand {
    static func main() {
        Interruption.install()
        // What killed runs left in the temporary directory (their processes are gone).
        ScratchFolder.removeStale()
        // `carve --version` alone. Not ArgumentParser's `version:`, which gives every
        // subcommand a `--version` flag beside extract's and batch's `--version V` (fish's
        // completion of them then hangs, the manual lists it twice), nor a flag of the root
        // command, which ArgumentParser also accepts after a subcommand (taking `--version V`).
        if CommandLine.arguments.dropFirst() == ["--version"] {
            print(CarveVersion.current)
            return
        }
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
        usage: """
            carve <subcommand>
            carve --version
            """,
        discussion: """
            `carve --version` prints Carve's version (also in the `version` field of every --json output).

            Exit codes: 0 success, 1 error (the message on stderr says what, why and how to fix it), \
            2 check found violations (`carve check`), 3 verification failed (`--verify`: a side does not build), 64 bad usage, 130 interrupted \
            (Ctrl-C; SIGTERM gives 143: the repository is left as it was).
            """,
        subcommands: [SplitCommand.self, PublishCommand.self, ExtractCommand.self, BatchCommand.self, GraphCommand.self, CheckCommand.self]
    )
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
