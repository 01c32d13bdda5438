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
            carve extract COMPONENT... --to DIR [--repo DIR] [--rev REV] [--name NEWNAME] [--url-template T] [--version V]
                                       [--branch NAME] [--verify] [--dry-run] [--json]
            """,
        discussion: """
            COMPONENT is a target name or its folder; several go into one package, with the test \
            targets that test them. DIR becomes a new git repository whose `main` is the split \
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

    @Option(name: .long, help: "The monorepo (default: the current directory).")
    var repo: String = "."

    @Option(name: .long, help: "The revision to extract from.")
    var rev: String = "HEAD"

    @Option(name: .long, help: "Rename the extracted module (and its package); references are rewritten.")
    var name: String?

    @Option(name: .customLong("url-template"), help: "Refer to the new package by URL, e.g. https://github.com/acme/{name}.git (needs --version).")
    var urlTemplate: String?

    @Option(name: .long, help: "The new package's version (a tag in DIR; the monorepo depends on it from this version).")
    var version: String?

    @Option(name: .long, help: "The monorepo branch for the rewired commit (default: carve/extract-NAME).")
    var branch: String?

    @Flag(name: .long, help: "Build both sides with `swift build --build-tests` in scratch copies first.")
    var verify = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan; write nothing.")
    var dryRun = false

    @Flag(name: .customLong("allow-shallow"), help: "Split a shallow clone anyway (ids differ from the full history's).")
    var allowShallow = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: [.short, .long], help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if components.isEmpty { throw ValidationError("name at least one component (a target or its folder), e.g. `carve extract Networking --to ../Networking`") }
    }

    func run() throws {
        let destination = URL(fileURLWithPath: to).standardizedFileURL.path
        let request = ExtractRequest(components: components, destination: destination, revision: rev, newName: name, urlTemplate: urlTemplate, version: version, branch: branch, verify: verify, dryRun: dryRun, allowShallow: allowShallow)
        let report: ExtractReport
        do {
            let useCase = try Terminal.run { try Provider().extractUseCase(repositoryPath: repo) }
            let progress = quiet ? nil : ProgressLine.forStandardError(label: "splitting")
            defer { progress?.finish() }
            report = try useCase.run(request, progress: progress)
        } catch ExtractError.verificationFailed(let report) {
            for outcome in report.verification ?? [] where !outcome.succeeded {
                Terminal.diagnostic("--- \(outcome.package): swift build --build-tests failed ---\n\(outcome.output)")
            }
            if json { Terminal.printJSON(report) }
            Terminal.diagnostic("error: \(ExtractError.verificationFailed(report).localizedDescription)")
            throw ExitCode(3)
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.diagnostic("error: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        if json {
            Terminal.printJSON(report)
            return
        }
        print(ExtractRendering.text(report), terminator: "")
    }
}
