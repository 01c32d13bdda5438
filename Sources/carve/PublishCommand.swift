import ArgumentParser
import Foundation
import Model
import Pipeline
import Provider

/// `carve publish`: each component's split, with its tags, pushed to its own repository.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Split components and push each split, with its tags, to its own repository; incremental; only fast-forwards unless --force.",
        usage: """
            carve publish (FOLDER... | --component NAME=FOLDER[,FOLDER...]... | --config FILE | --all) --remote-template URL
                          [--repo DIR] [--rev REV] [--branch NAME] [--tags GLOB]... [--cache-remote NAME] [--force] [--timeout SECONDS] [--dry-run] [--json] [--quiet]
                          [--follow] [--follow-path OLD]... [--readd subtree|continue] [--adopt REF]
            """,
        discussion: """
            Components are given as in `carve split` and split in one history walk with the cache \
            (FOLDER... is one component named after the last folder's name). Each split head goes \
            to refs/heads/BRANCH on the URL --remote-template gives with {name} replaced by the \
            component's name (a config entry's "remote" wins), e.g. 'git@github.com:acme/{name}.git'.

            --tags GLOB (repeatable) publishes the tags it matches whose commit has a split: a \
            lightweight tag as a lightweight tag on that split, an annotated one as an annotated tag \
            with the same tagger, date and message (its signature dropped). A tag named NAME/REST goes \
            to component NAME alone, as REST.

            The remote's refs are read first; only what differs is sent, a branch only \
            fast-forwards, and a ref that points elsewhere is refused for that component (pass \
            --force) while the others go on. Exit code 1 when any component was refused or failed.

            History modes, as in `carve split` (opt-in; other ids than git subtree's): --follow,             --follow-path and --readd for every component; --adopt REF for one component whose             repository already holds a split made by another tool: fetch its branch, pass it as REF,             and the push is a fast-forward of it.

            Credentials come from the environment: CARVE_TOKEN (http(s), basic authentication, user \
            CARVE_TOKEN_USER, default x-access-token), CARVE_SSH_KEY (a key file, or the key itself) \
            with CARVE_SSH_PASSPHRASE, else the ssh agent. They are never printed.
            """
    )

    @Argument(help: "Folders of one component: `path` or `from:to`.")
    var folders: [String] = []

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The remote of each component, {name} standing for its name.")
    var remoteTemplate: String?

    @Option(name: .long, help: "The revision to split (default: HEAD).")
    var rev: String = "HEAD"

    @Option(name: [.short, .long], help: "The branch to push on every remote (default: the branch --rev names).")
    var branch: String?

    @Option(name: .long, help: "Publish the tags this glob matches (repeatable).")
    var tags: [String] = []

    @Option(name: .long, help: "A remote of the monorepo to fetch refs/carve/* from before and push it to after.")
    var cacheRemote: String?

    @Flag(name: .long, help: "Overwrite remote branches and tags that point elsewhere.")
    var force = false

    @Flag(name: .long, help: "Print what would be pushed and refused; write nothing.")
    var dryRun = false

    @Option(name: .long, help: "A component, NAME=FOLDER[,FOLDER...] (repeatable).")
    var component: [String] = []

    @Option(name: .long, help: "A JSON file listing components: {\"components\": [{\"name\", \"folders\", \"remote\"}]}.")
    var config: String?

    @Flag(name: .long, help: "Every Sources/<Name> (with Tests/<Name>Tests when present).")
    var all = false

    @Flag(name: .long, help: "Split a shallow clone anyway (its ids differ from a full clone's).")
    var allowShallow = false

    @Option(name: .long, help: ArgumentHelp("Give up on a remote call (reading its refs, one push) that takes longer than this: that component fails, the others go on.", valueName: "SECONDS"))
    var timeout: Double = 600

    @OptionGroup var history: HistoryFlags

    @Option(name: .long, help: ArgumentHelp("Continue this published split history (the component's branch fetched from its repository): reuse its commits and push only new ones on top, a fast-forward. One component only.", valueName: "REF"))
    var adopt: String?

    private var isMany: Bool { !component.isEmpty || config != nil || all }

    func validate() throws {
        if !(timeout > 0) { throw ValidationError("--timeout takes a number of seconds above 0, not \(timeout)") }
        if isMany {
            if adopt != nil { throw ValidationError("--adopt continues one published split: give the folders of one component, not --component/--config/--all") }
            if !folders.isEmpty { throw ValidationError("give folders, or --component/--config/--all, not both") }
            if [!component.isEmpty, config != nil, all].filter({ $0 }).count > 1 {
                throw ValidationError("use one of --component, --config and --all")
            }
        } else if folders.isEmpty {
            throw ValidationError("name the component's folders, or pass --component, --config or --all, e.g. `carve publish --all --remote-template 'git@github.com:acme/{name}.git'`")
        }
    }

    func run() throws {
        let report = try Terminal.run {
            let request = PublishRequest(selection: try selection(), remoteTemplate: remoteTemplate, revision: rev, branch: branch, tagPatterns: tags, cacheRemote: cacheRemote, force: force, dryRun: dryRun, allowShallow: allowShallow, history: history.options(adopt: adopt))
            let useCase = try Provider().publishUseCase(repositoryPath: common.repo, environment: ProcessInfo.processInfo.environment, timeout: timeout)
            let progress = common.quiet ? nil : ProgressLine.forStandardError(label: "splitting components")
            defer { progress?.finish() }
            return try useCase.run(request, progress: progress)
        }
        if common.json {
            Terminal.printJSON(report)
        } else {
            print(Self.render(report), terminator: "")
        }
        if !common.quiet {
            for note in report.cacheNotes { Terminal.diagnostic("cache: \(note)") }
        }
        let failed = report.components.filter { $0.status == .refused || $0.status == .failed }
        for c in failed { Terminal.diagnostic("error: component '\(c.name)': \(c.message ?? c.status.rawValue)") }
        if !failed.isEmpty {
            Terminal.diagnostic("error: \(PublishError.failedComponents(failed.map(\.name)).localizedDescription)")
            throw ExitCode(1)
        }
    }

    private func selection() throws -> ManySplitRequest.Selection {
        if all { return .all }
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw ComponentError.invalidConfig(config, "it cannot be read")
            }
            return .components(try ComponentConfig(data: data, path: config).components)
        }
        if !component.isEmpty { return .components(try component.map { try ComponentSplit(argument: $0) }) }
        // One component: named after the last folder's name in the monorepo.
        let last = folders.last!.split(separator: ":").first.map(String.init) ?? folders.last!
        let name = last.split(separator: "/").last.map(String.init) ?? last
        return .components([ComponentSplit(name: name, folders: folders)])
    }

    /// The text result: per component its status and remote, then each ref and skipped tag.
    static func render(_ report: PublishReport) -> String {
        var out = ""
        for c in report.components {
            out += "\(c.name) \(c.status.rawValue) \(c.remote)\n"
            for r in c.refs {
                out += "  \(r.ref) \(r.old?.short ?? "-")..\(r.new.short) \(r.action.rawValue)\n"
            }
            for t in c.skippedTags {
                out += "  skipped tag \(t.tag) (\(t.reason.rawValue))\n"
            }
        }
        return out
    }
}
