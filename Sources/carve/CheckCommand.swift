import ArgumentParser
import Foundation
import Model
import Provider

/// `carve check`: the architecture guard that keeps every component splittable.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that every component can be split out: imports that follow the manifest, no `package` access across components, no cycles, one level of components.",
        discussion: """
            Reads every Package.swift of the working tree (or of --rev) the way SwiftPM does, and \
            the sources of every target. Rules:

            \(CheckRule.allCases.map { "  \($0.id)\($0.isError ? "" : " (warning)"): \($0.explanation)" }.joined(separator: "\n"))

            A config file (carve-check.json at the root of --repo, or --config FILE) leaves folders \
            out and turns rules off per component: \
            {"exclude": ["TestRepos"], "disable": {"*": ["unused-dependency"], "NIOCore": ["package-access"]}}

            Exit codes: 0 nothing fails the check (warnings may be printed), 2 a rule is violated, \
            1 an error (the message says what, why and how to fix it).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Only the package in this folder (relative to --repo).")
    var package: String?

    @Option(name: .long, help: "Check this revision instead of the working tree.")
    var rev: String?

    @Option(name: .long, help: "The config file (default: carve-check.json in --repo, when there is one).")
    var config: String?

    @Option(name: .long, help: "Findings recorded in this file (by --write-baseline) do not fail the check; only new ones do.")
    var baseline: String?

    @Option(name: .long, help: "Record today's findings in this file, to pass to --baseline later; exits 0.")
    var writeBaseline: String?

    func run() throws {
        let root = Paths.real(common.repo)
        let report = try Terminal.run {
            let request = CheckRequest(
                package: package.map(Paths.fromCurrentDirectory),
                config: try Self.readConfig(config.map(Paths.real) ?? root + "/carve-check.json", required: config != nil),
                baseline: try baseline.map { try Self.readBaseline(Paths.real($0)) }
            )
            let report = try Provider().checkUseCase(root: root, revision: rev).run(request)
            if let file = writeBaseline {
                try Self.write(CheckBaseline(findings: report.findings), to: Paths.real(file))
            }
            return report
        }
        if common.json {
            Terminal.printJSON(report)
        } else {
            print(CheckRendering.text(report), terminator: "")
        }
        if let file = writeBaseline {
            if !common.quiet { Terminal.diagnostic("wrote \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") to \(file)") }
            return
        }
        if report.failed { throw ExitCode(2) }
    }

    /// The config at `path`; none there is an empty config unless it was asked for.
    static func readConfig(_ path: String, required: Bool) throws -> CheckConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw CheckInputError.missingFile(path, "config") }
            return CheckConfig()
        }
        let config: CheckConfig
        do {
            config = try JSONDecoder().decode(CheckConfig.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CheckInputError.unreadable(path, "config", Self.reason(error))
        }
        let ids = Set(CheckRule.allCases.map(\.id))
        for (component, rules) in config.disable {
            if let unknown = rules.first(where: { !ids.contains($0) }) { throw CheckInputError.unknownRule(path, unknown, component) }
        }
        return config
    }

    static func readBaseline(_ path: String) throws -> CheckBaseline {
        guard FileManager.default.fileExists(atPath: path) else { throw CheckInputError.missingFile(path, "baseline") }
        do {
            return try JSONDecoder().decode(CheckBaseline.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CheckInputError.unreadable(path, "baseline", Self.reason(error))
        }
    }

    /// Writes `baseline` to `path` through a temporary file renamed into place.
    static func write(_ baseline: CheckBaseline, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(baseline) + Data("\n".utf8)
        let temporary = path + ".carve-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data), rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CheckInputError.unwritable(path, String(cString: strerror(errno)))
        }
    }

    private static func reason(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error { return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)" }
        if case DecodingError.keyNotFound(let key, _) = error { return "the key \"\(key.stringValue)\" is missing" }
        return error.localizedDescription
    }
}

/// Bad files given to `carve check`.
enum CheckInputError: Error, LocalizedError {
    case missingFile(String, String)
    case unreadable(String, String, String)
    case unknownRule(String, String, String)
    case unwritable(String, String)

    var errorDescription: String? {
        switch self {
        case .missingFile(let path, let what):
            return "the \(what) file '\(path)' does not exist: pass the path of an existing file\(what == "baseline" ? " (write one with --write-baseline FILE)" : "")"
        case .unreadable(let path, let what, let why):
            return "the \(what) file '\(path)' is not valid (\(why)): \(what == "config" ? "write it as {\"exclude\": [\"FOLDER\"], \"disable\": {\"COMPONENT or *\": [\"RULE\"]}}" : "write it again with --write-baseline FILE")"
        case .unknownRule(let path, let rule, let component):
            return "the config file '\(path)' turns off '\(rule)' for \(component), which is not a rule of carve check: use one of \(CheckRule.allCases.map(\.id).joined(separator: ", "))"
        case .unwritable(let path, let why):
            return "cannot write the baseline '\(path)' (\(why)): pass a path in an existing, writable folder"
        }
    }
}

/// The text rendering of a check: findings grouped by package and component, then what each
/// rule that fired asks for.
enum CheckRendering {
    static func text(_ report: CheckReport) -> String {
        let errors = report.findings.filter { $0.severity == "error" }.count
        let warnings = report.findings.count - errors
        var out = ""
        var group: (String, String)?
        for f in report.findings {
            if group.map({ $0 != (f.package, f.component) }) ?? true {
                group = (f.package, f.component)
                out += "\n\(f.component)\(f.package.isEmpty || f.package == f.component ? "" : " (\(f.package))")\n"
            }
            out += "  \(f.file)\(f.line > 0 ? ":\(f.line)" : ""): \(f.severity) [\(f.rule)] \(f.message)\n"
        }
        let fired = CheckRule.allCases.filter { r in report.findings.contains { $0.rule == r.id } }
        if !fired.isEmpty {
            out += "\n" + fired.map { "\($0.id): \($0.explanation)\n" }.joined()
        }
        let packages = report.packages.count
        var summary = "\(report.components) component\(report.components == 1 ? "" : "s") in \(packages) package\(packages == 1 ? "" : "s")\(report.revision.map { " at \($0)" } ?? ""): "
        summary += errors == 0 && warnings == 0 ? "nothing stops a split" : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        var left: [String] = []
        if report.baselined > 0 { left.append("\(report.baselined) in the baseline") }
        if report.disabled > 0 { left.append("\(report.disabled) turned off by the config") }
        if !left.isEmpty { summary += " (not shown: \(left.joined(separator: ", ")))" }
        return (out.isEmpty ? "" : String(out.dropFirst())) + (out.isEmpty ? "" : "\n") + summary + "\n"
    }
}
