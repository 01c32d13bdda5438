import ArgumentParser
import Foundation
import Model
import Pipeline
import Provider

/// `carve split`: folders split out with their history, one component or many in one walk.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split folders out with their full history; prints the split head's commit id.",
        usage: """
            carve split FOLDER... [--repo DIR] [--rev REV] [--branch NAME] [--onto REV] [--no-cache] [--dry-run] [--json] [--quiet]
                              [--follow] [--follow-path OLD]... [--readd subtree|continue] [--adopt REF]
            carve split --component NAME=FOLDER[,FOLDER...]... | --config FILE | --all [--branch-prefix P] [--follow] [--readd MODE]
            """,
        discussion: """
            FOLDER is `Sources/Foo` (its content moved to the root, exactly as `git subtree split \
            --prefix=Sources/Foo` does, with the same commit ids) or `from:to` (kept or moved to `to`), \
            e.g. `carve split Sources/Foo:Sources/Foo Tests/FooTests:Tests/FooTests`.

            With --component, --config or --all, every component is split in one history walk and \
            gets a branch (prefix + name); one `NAME ID` line is printed per component.

            The mapping of each split is kept under refs/carve/cache/, so a later split of the same \
            folders only processes new commits (fetch and push refs/carve/* to share it between CI \
            runners). A cache that no longer matches the history is ignored.

            History modes (opt-in; they give other ids than git subtree where they add or reuse \
            history): --follow follows the folders back across moves and renames (--follow-path OLD \
            names an old path it cannot detect); --readd continue links a folder re-added after a \
            deletion to the last split commit instead of the mainline commit; --adopt REF continues a \
            split history published by another tool (commits matched by tree, author and author date) \
            and writes only new commits on top of it.
            """
    )

    @Argument(help: "Folders to split: `path` or `from:to`.")
    var folders: [String] = []

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The revision to split (default: HEAD).")
    var rev: String = "HEAD"

    @Option(name: [.short, .long], help: "Create or fast-forward this branch to the split head.")
    var branch: String?

    @Option(name: .long, help: "A history that is already split (as git subtree split --onto).")
    var onto: String?

    @Option(name: .long, help: "A component to split, NAME=FOLDER[,FOLDER...] (repeatable).")
    var component: [String] = []

    @Option(name: .long, help: "A JSON file listing components: {\"components\": [{\"name\", \"folders\", \"branch\"}]}.")
    var config: String?

    @Flag(name: .long, help: "Split every Sources/<Name> (with Tests/<Name>Tests when present).")
    var all = false

    @Option(name: .long, help: "Branch prefix for components (default: split/).")
    var branchPrefix: String = "split/"

    @Flag(name: .long, help: "Ignore the cache of earlier splits (a cold run); the cache is still refreshed.")
    var noCache = false

    @Flag(name: .long, help: "Split a shallow clone anyway (its ids differ from a full clone's).")
    var allowShallow = false

    @OptionGroup var history: HistoryFlags

    @Option(name: .long, help: ArgumentHelp("Continue this published split history (a branch fetched from the split repository): reuse its commits, write only new ones on top.", valueName: "REF"))
    var adopt: String?

    @Flag(name: .customLong("dry-run"), help: "Split and report (with --follow: the moves found), but write no objects or refs.")
    var dryRun = false

    private var isMany: Bool { !component.isEmpty || config != nil || all }

    func validate() throws {
        if isMany {
            if !folders.isEmpty { throw ValidationError("give folders, or --component/--config/--all, not both") }
            if branch != nil || onto != nil { throw ValidationError("--branch and --onto apply to a single split; components use --branch-prefix") }
            if adopt != nil { throw ValidationError("--adopt continues one published split: give the folders of one split, not --component/--config/--all") }
            if dryRun { throw ValidationError("--dry-run applies to a single split") }
            if [!component.isEmpty, config != nil, all].filter({ $0 }).count > 1 {
                throw ValidationError("use one of --component, --config and --all")
            }
        } else if folders.isEmpty {
            throw ValidationError("name at least one folder to split, e.g. `carve split Sources/Foo`")
        }
    }

    func run() throws {
        if isMany { return try runMany() }
        if adopt != nil, onto != nil { throw ValidationError("--adopt and --onto both say where the split history comes from: use one") }
        var request = SplitRequest(folders: folders, revision: rev, branch: branch, onto: onto, allowShallow: allowShallow, useCache: !noCache, history: history.options(adopt: adopt))
        request.dryRun = dryRun
        let report = try withSplitUseCase(label: "splitting") { try $0.run(request, progress: $1) }
        if !common.quiet {
            for line in HistoryRendering.lines(report.followed ?? []) { Terminal.diagnostic(line) }
            if let adoption = report.adoption { Terminal.diagnostic(HistoryRendering.line(adoption)) }
            if dryRun { Terminal.diagnostic("dry run: nothing was written") }
        }
        if common.json {
            Terminal.printJSON(report)
        } else {
            print(report.head.hex)
        }
        if let branch = report.branch, let action = report.branchAction {
            Terminal.diagnostic(dryRun ? "dry run: branch '\(branch)' would be \(action.rawValue)" : "\(action.rawValue.capitalized) branch '\(branch)'")
        }
    }

    /// Runs `body` with the split use case and a progress line (on a terminal, unless --quiet);
    /// an error becomes one line on stderr and exit code 1.
    private func withSplitUseCase<T>(label: String, _ body: (SplitUseCase, ProgressLine?) throws -> T) throws -> T {
        try Terminal.run {
            let useCase = try Provider().splitUseCase(repositoryPath: common.repo)
            let progress = common.quiet ? nil : ProgressLine.forStandardError(label: label)
            defer { progress?.finish() }
            return try body(useCase, progress)
        }
    }

    private func runMany() throws {
        let reports = try withSplitUseCase(label: "splitting components") { useCase, progress in
            let selection: ManySplitRequest.Selection
            if all {
                selection = .all
            } else if let config {
                guard let data = FileManager.default.contents(atPath: config) else {
                    throw ComponentError.invalidConfig(config, "it cannot be read")
                }
                selection = .components(try ComponentConfig(data: data, path: config).components)
            } else {
                selection = .components(try component.map { try ComponentSplit(argument: $0) })
            }
            let request = ManySplitRequest(selection: selection, revision: rev, branchPrefix: branchPrefix, useCache: !noCache, allowShallow: allowShallow, history: history.options())
            return try useCase.runMany(request, progress: progress)
        }
        if !common.quiet {
            for r in reports {
                for line in HistoryRendering.lines(r.followed ?? []) { Terminal.diagnostic("\(r.name ?? "-"): \(line)") }
            }
        }
        if common.json {
            Terminal.printJSON(reports)
        } else {
            for r in reports { print("\(r.name ?? "-") \(r.head.hex)") }
        }
        if !common.quiet, isatty(2) == 1 {
            for r in reports {
                Terminal.diagnostic("\(r.name ?? "-"): \(r.commitsWalked) commits processed, \(r.commitsWritten) written\(r.incremental ? " (incremental)" : ""), branch \(r.branch ?? "-") \(r.branchAction?.rawValue ?? "")")
            }
        }
    }
}
