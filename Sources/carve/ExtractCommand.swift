import ArgumentParser
import Foundation
import Model
import Pipeline
import Provider

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Carve components out into a new package with their history; rewire the monorepo on a new branch.",
        usage: """
            carve extract COMPONENT... --to DIR [--repo DIR] [--package DIR] [--rev REV] [--name NEW | --rename OLD=NEW...]
                                       [--package-name NAME] [--url-template T] [--version V] [--branch NAME] [--verify] [--dry-run] [--json]
            """,
        discussion: """
            COMPONENT is a target name or its folder (the package is the one whose folder holds it, \
            or --package DIR), or a local package's folder or name (Packages/Core): several targets go \
            into one package, with the test targets that test them. A local package moves as it is: \
            DIR's `main` is exactly `git subtree split --prefix=Packages/Core` (plus one commit when its \
            path dependencies on sibling packages must point elsewhere), and every package that depends \
            on it by path is rewired. DIR becomes a new git repository whose `main` is the split \
            history of their folders (layout kept: Sources/X, Tests/XTests) plus one commit adding the \
            generated Package.swift. The monorepo gets one commit on a new branch (default \
            carve/extract-NAME): the folders removed, Package.swift rewired to the new package; the \
            checked-out branch, work tree and index are never touched.

            The two packages refer to each other by relative path (check the branch out beside DIR), \
            or with --url-template and --version by URL and version (DIR gets the version as a tag).

            Exit code 3: --verify found that a side does not build (nothing was written).
            """
    )

    @Argument(help: "Targets (or their folders) to extract into one package.")
    var components: [String] = []

    @Option(name: .long, help: "The new repository's folder (new or empty).")
    var to: String

    @Option(name: .long, help: "Rename the one extracted module (and name its package so); references are rewritten.")
    var name: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Rename a moved module (repeatable); references are rewritten on both sides.", valueName: "OLD=NEW"))
    var rename: [String] = []

    @Option(name: .customLong("package-name"), help: "The new package's name (default: its first module's).")
    var packageName: String?

    @OptionGroup var options: ExtractOptions

    func validate() throws {
        if components.isEmpty { throw ValidationError("name at least one component (a target or its folder), e.g. `carve extract Networking --to ../Networking`") }
        if name != nil && !rename.isEmpty { throw ValidationError("use --name NEW for one module, or --rename OLD=NEW for each, not both") }
        _ = try renames()
    }

    /// `--rename OLD=NEW` as a map.
    func renames() throws -> [String: String] {
        var out: [String: String] = [:]
        for r in rename {
            let parts = r.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("--rename takes OLD=NEW (e.g. --rename Core=NotesCore), not '\(r)'") }
            guard out.updateValue(parts[1], forKey: parts[0]) == nil else { throw ValidationError("--rename names \(parts[0]) twice") }
        }
        return out
    }

    func run() throws {
        let destination = Paths.real(to)
        let request = ExtractRequest(components: components, destination: destination, newName: name, renames: try renames(), packageName: packageName, options: options.packaging)
        try ExtractCommand.execute(options) { try $0.run(request, progress: $1) }
    }

    /// Runs an extraction or a batch and renders it; a verification failure shows the
    /// compiler's output and exits with 3, any other error one line and exit code 1.
    static func execute(_ options: ExtractOptions, _ body: (ExtractUseCase, ProgressLine?) throws -> ExtractReport) throws {
        let json = options.json
        let report = try Terminal.run(exitCode: { if case ExtractError.verificationFailed = $0 { 3 } else { 1 } }) {
            let useCase = try Provider().extractUseCase(repositoryPath: Paths.real(options.repo))
            let progress = options.quiet ? nil : ProgressLine.forStandardError(label: "splitting")
            defer { progress?.finish() }
            do {
                return try body(useCase, progress)
            } catch ExtractError.verificationFailed(let report) {
                // The compiler's output first; then the one-line error.
                for outcome in report.verification ?? [] where !outcome.succeeded {
                    Terminal.diagnostic("--- \(outcome.package): swift build --build-tests failed ---\n\(outcome.output)")
                }
                if json { Terminal.printJSON(report) }
                throw ExtractError.verificationFailed(report)
            }
        }
        if json {
            Terminal.printJSON(report)
        } else {
            print(ExtractRendering.text(report), terminator: "")
        }
    }
}

/// The options `carve extract` and `carve batch` share.
struct ExtractOptions: ParsableArguments {
    @Option(name: .long, help: "The monorepo (default: the current directory).")
    var repo: String = "."

    @Option(name: .long, help: "The package the targets belong to, a folder relative to the repository (default: found from the components).")
    var package: String?

    @Option(name: .long, help: "The revision to split.")
    var rev: String = "HEAD"

    @Option(name: .customLong("url-template"), help: "Refer to the new packages by URL, e.g. https://github.com/acme/{name}.git (needs --version).")
    var urlTemplate: String?

    @Option(name: .long, help: "The new packages' version (a tag in each; dependents require it).")
    var version: String?

    @Option(name: .long, help: "The monorepo branch for the rewired commit (default: carve/extract-NAME, or carve/batch).")
    var branch: String?

    @Flag(name: .long, help: "Build the new packages and the rewired monorepo with `swift build --build-tests` in scratch copies first.")
    var verify = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan; write nothing.")
    var dryRun = false

    @Flag(name: .customLong("allow-shallow"), help: "Split a shallow clone anyway (ids differ from the full history's).")
    var allowShallow = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: [.short, .long], help: "No progress on stderr.")
    var quiet = false

    /// The options the use case takes.
    var packaging: PackagingOptions {
        PackagingOptions(revision: rev, urlTemplate: urlTemplate, version: version, branch: branch, verify: verify, dryRun: dryRun, allowShallow: allowShallow, package: package.map(Paths.fromCurrentDirectory))
    }
}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Split a monorepo into packages at once: each component its own package under DIR, the monorepo rewired once.",
        usage: """
            carve batch --out DIR [--all | COMPONENT...] [--config FILE] [--repo DIR] [--rev REV] [--url-template T] [--version V]
                                  [--branch NAME] [--verify] [--dry-run] [--json]
            """,
        discussion: """
            Every selected component (a target name or folder; --all: every non-test target) becomes \
            a package at DIR/<name>, exactly as `carve extract` makes one: its split history with the \
            layout kept plus one commit with its generated Package.swift. All histories come from one \
            walk. Packages depend on the packages of the components they use (by relative path, or by \
            URL and version with --url-template), in dependency order; a cycle among them is refused \
            before anything is written. The monorepo gets one commit on a new branch (default carve/batch).

            In a repository of local packages (Packages/*/Package.swift), --all makes one repository per \
            local package (the root package stays), in dependency order.

            --config FILE groups components into one package and renames: \
            {"packages": [{"name": "Geometry", "components": ["Geometry", "CMath"], "renames": {"Geometry": "Geo"}}, {"name": "Digests", "components": ["Hash"]}]} \
            (a package of one component named otherwise renames its module). Components listed there \
            are selected too.

            Exit code 3: --verify found a package or the monorepo that does not build (nothing was written).
            """
    )

    @Argument(help: "Components (targets or their folders) to carve out, each into its own package.")
    var components: [String] = []

    @Option(name: .long, help: "The folder that receives one package per component (new or empty).")
    var out: String

    @Flag(name: .long, help: "Every non-test target.")
    var all = false

    @Option(name: .long, help: "A JSON file that groups components into packages and names them.")
    var config: String?

    @OptionGroup var options: ExtractOptions

    func validate() throws {
        if all && !components.isEmpty { throw ValidationError("give components or --all, not both") }
        if !all && components.isEmpty && config == nil { throw ValidationError("name the components to carve out, or pass --all or --config") }
    }

    func run() throws {
        let groups = try Terminal.run { try config.map(BatchConfig.load) ?? [] }
        let output = Paths.real(out)
        let request = BatchRequest(components: components, all: all, groups: groups, output: output, options: options.packaging)
        try ExtractCommand.execute(options) { try $0.runBatch(request, progress: $1) }
    }
}

/// The config file of `carve batch`.
enum BatchConfig {
    struct File: Decodable {
        var packages: [PackageGroup]
    }

    static func load(_ path: String) throws -> [PackageGroup] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the config file '\(path)': check the path")
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            for group in file.packages where group.components.isEmpty {
                throw ConfigError("the config file '\(path)' has a package\(group.name.map { " '\($0)'" } ?? "") with no components: list its components")
            }
            return file.packages
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("the config file '\(path)' is not valid: \(error.localizedDescription); write {\"packages\": [{\"name\": \"Name\", \"components\": [\"Target\", ...]}]}")
        }
    }

    struct ConfigError: Error, LocalizedError {
        var message: String
        init(_ message: String) { self.message = message }
        var errorDescription: String? { message }
    }
}
