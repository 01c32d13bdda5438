import ArgumentParser
import Foundation
import Model
import Pipeline
import Provider

@main
struct Carve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carve",
        abstract: "Carve a component out of a Swift package monorepo, with its git history.",
        discussion: """
            Exit codes: 0 success, 1 error (the message on stderr says what, why and how to fix it), \
            64 bad usage.
            """,
        subcommands: [SplitCommand.self]
    )
}

/// Options shared by the commands that read a repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "The repository (default: the current directory).")
    var repo: String = "."

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Flag(name: [.short, .long], help: "No progress on stderr.")
    var quiet = false
}

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split folders out with their full history; prints the split head's commit id.",
        discussion: """
            FOLDER is `Sources/Foo` (its content moved to the root, exactly as `git subtree split \
            --prefix=Sources/Foo` does, with the same commit ids) or `from:to` (kept or moved to `to`), \
            e.g. `carve split Sources/Foo:Sources/Foo Tests/FooTests:Tests/FooTests`.
            """
    )

    @Argument(help: "Folders to split: `path` or `from:to`.")
    var folders: [String] = []

    @OptionGroup var common: RepositoryOptions

    @Option(name: .long, help: "The revision to split (default: HEAD).")
    var rev: String = "HEAD"

    @Option(name: [.short, .long], help: "Create or fast-forward this branch to the split head.")
    var branch: String?

    @Option(name: .long, help: "A history that is already split (as git subtree split --onto).")
    var onto: String?

    @Flag(name: .long, help: "Split a shallow clone anyway (its ids differ from a full clone's).")
    var allowShallow = false

    func validate() throws {
        if folders.isEmpty {
            throw ValidationError("name at least one folder to split, e.g. `carve split Sources/Foo`")
        }
    }

    func run() throws {
        let request = SplitRequest(folders: folders, revision: rev, branch: branch, onto: onto, allowShallow: allowShallow)
        let report = try Terminal.run {
            let provider = try Provider()
            let useCase = try provider.splitUseCase(repositoryPath: common.repo)
            let progress = common.quiet ? nil : ProgressLine.forStandardError(label: "splitting")
            defer { progress?.finish() }
            return try useCase.run(request, progress: progress)
        }
        if common.json {
            Terminal.printJSON(report)
        } else {
            print(report.head.hex)
        }
        if let branch = report.branch, let action = report.branchAction {
            Terminal.diagnostic("\(action.rawValue.capitalized) branch '\(branch)'")
        }
    }
}
