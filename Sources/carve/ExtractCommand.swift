import ArgumentParser
import Foundation
import Model
import Pipeline
import Provider

/// `carve extract`: components carved out into one new package; the monorepo rewired on a branch.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Carve components out into a new package with their history; rewire the monorepo on a new branch.",
        usage: """
            carve extract COMPONENT... --to DIR [--repo DIR] [--package DIR] [--rev REV] [--name NEW | --rename OLD=NEW...]
                                       [--package-name NAME] [--url-template T] [--version V] [--branch NAME] [--verify] [--dry-run [--diff]] [--json] [--quiet]
                                       [--follow] [--follow-path OLD:FOLDER]... [--readd subtree|continue]
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

    @OptionGroup var common: CommonOptions

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
        try ExtractCommand.execute(common, fullDiff: options.diff) { try $0.run(request, progress: $1) }
    }

    /// Runs an extraction or a batch and renders it; a verification failure shows the
    /// compiler's output and exits with 3, any other error one line and exit code 1.
    static func execute(_ common: CommonOptions, fullDiff: Bool, _ body: (ExtractUseCase, ProgressLine?) throws -> ExtractReport) throws {
        let json = common.json
        let report = try Terminal.run(exitCode: { if case ExtractError.verificationFailed = $0 { 3 } else { 1 } }) {
            let useCase = try Provider().extractUseCase(repositoryPath: Paths.real(common.repo))
            let progress = common.quiet ? nil : ProgressLine.forStandardError(label: "splitting")
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
            print(ExtractRendering.text(report, fullDiff: fullDiff), terminator: "")
        }
    }
}

/// The options `carve extract` and `carve batch` share (besides the common ones).
struct ExtractOptions: ParsableArguments {
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

    @Flag(name: .long, help: "With --dry-run: print the whole monorepo diff (without it, files moved out or removed are only counted).")
    var diff = false

    @Flag(name: .customLong("allow-shallow"), help: "Split a shallow clone anyway (ids differ from the full history's).")
    var allowShallow = false

    @OptionGroup var history: HistoryFlags

    func validate() throws {
        if diff && !dryRun { throw ValidationError("--diff shows the monorepo diff of a dry run: pass --dry-run too") }
    }

    /// The options the use case takes.
    var packaging: PackagingOptions {
        PackagingOptions(revision: rev, urlTemplate: urlTemplate, version: version, branch: branch, verify: verify, dryRun: dryRun, allowShallow: allowShallow, package: package.map(Paths.fromCurrentDirectory), history: history.options())
    }
}

/// The plan and result of `carve extract` and `carve batch`, for a person.
enum ExtractRendering {
    /// The report for a person; a dry run shows the manifests and the monorepo's changes: every
    /// file counted, the diff of the files Carve edits (all of it with `fullDiff`).
    static func text(_ r: ExtractReport, fullDiff: Bool = false) -> String {
        var out = ""
        for p in r.packages {
            let verb = r.dryRun ? "Would extract" : "Extracted"
            let moved = p.targets.sorted { $0.key < $1.key }.map { $0.key == $0.value ? $0.key : "\($0.key) → \($0.value)" }
            if p.localPackage {
                out += "\(verb) the local package \(p.split.folders[0]) (\(moved.joined(separator: ", "))) as the package \(p.name) at \(p.destination)\n"
            } else {
                out += "\(verb) \(moved.joined(separator: ", ")) into the package \(p.name) at \(p.destination)\n"
            }
            out += "  split: \(p.split.folders.joined(separator: " ")): \(p.split.commits) commit\(p.split.commits == 1 ? "" : "s"), first \(p.split.first.hex), last \(p.split.last.hex)\n"
            for line in HistoryRendering.lines(p.split.followed ?? []) { out += "  \(line)\n" }
            let top = p.manifestWritten ? "the split history + one commit \(p.localPackage ? "rewriting" : "adding") Package.swift" : "the split history as it is"
            out += "  main = \(p.packageCommit.hex) (\(top))\(p.tag.map { ", tag \($0)" } ?? "")\n"
            if !p.dependsOn.isEmpty { out += "  depends on the packages \(p.dependsOn.joined(separator: ", "))\n" }
            if !p.monorepoTargets.isEmpty { out += "  still needs from the monorepo (made products of it): \(p.monorepoTargets.joined(separator: ", "))\n" }
        }
        out += "Monorepo: branch \(r.monorepo.branch) = \(r.monorepo.commit.hex)"
        out += r.monorepo.dependents.isEmpty ? "\n" : "; rewired dependents: \(r.monorepo.dependents.joined(separator: ", "))\n"
        for warning in r.warnings { out += "warning: \(warning.message)\n" }
        if r.dryRun {
            for p in r.packages where p.manifestWritten { out += "\n--- \(p.name)/Package.swift (\(p.localPackage ? "its own, rewired" : "generated")) ---\n\(p.manifest)" }
            out += "\n--- monorepo changes (\(r.monorepo.branch)) ---\n" + stat(r.monorepo.files)
            if fullDiff {
                out += "\n" + r.monorepo.diff
            } else {
                // What Carve edits in full; what moves out or is removed only counted above.
                let edited = UnifiedDiff(r.monorepo.diff).files.filter { $0.stat.change == .modified }
                let left = r.monorepo.files.count - edited.count
                if left > 0 { out += "(\(left) file\(left == 1 ? "" : "s") moved out or removed: --diff shows \(left == 1 ? "its" : "their") lines too)\n" }
                if !edited.isEmpty { out += "\n" + edited.map(\.text).joined() }
            }
        }
        for outcome in r.verification ?? [] {
            out += "Verified: \(outcome.package) \(outcome.succeeded ? "builds" : "FAILED") (\(String(format: "%.1f", outcome.seconds)) s)\n"
        }
        return out
    }

    /// Files with their line counts as `git diff --stat` prints them, and a total line.
    static func stat(_ files: [FileStat], width: Int = 80) -> String {
        guard !files.isEmpty else { return " 0 files changed\n" }
        let counts = files.map { $0.binary ? "Bin" : String($0.insertions + $0.deletions) }
        let nameWidth = files.map(\.path.count).max()!, countWidth = counts.map(\.count).max()!
        let most = files.filter { !$0.binary }.map { $0.insertions + $0.deletions }.max() ?? 0
        // The bars fit the line; scaled down (never to nothing) when the largest change does not.
        let room = max(10, width - nameWidth - countWidth - 4)
        func scaled(_ n: Int) -> Int { most <= room || n == 0 ? n : max(1, n * room / most) }
        var out = ""
        for (file, count) in zip(files, counts) {
            let name = file.path.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let padded = String(repeating: " ", count: countWidth - count.count) + count
            let plus = scaled(file.insertions), bar = scaled(file.insertions + file.deletions)
            let graph = file.binary ? "" : " " + String(repeating: "+", count: plus) + String(repeating: "-", count: max(0, bar - plus))
            out += " \(name) | \(padded)\(graph)\n"
        }
        let insertions = files.map(\.insertions).reduce(0, +), deletions = files.map(\.deletions).reduce(0, +)
        out += " \(files.count) file\(files.count == 1 ? "" : "s") changed"
        if insertions > 0 { out += ", \(insertions) insertion\(insertions == 1 ? "" : "s")(+)" }
        if deletions > 0 { out += ", \(deletions) deletion\(deletions == 1 ? "" : "s")(-)" }
        return out + "\n"
    }
}
