import Model

/// The plan and result of `carve extract`, for a person.
enum ExtractRendering {
    static func text(_ r: ExtractReport) -> String {
        var out = ""
        let verb = r.dryRun ? "Would extract" : "Extracted"
        let moved = r.targets.sorted { $0.key < $1.key }.map { $0.key == $0.value ? $0.key : "\($0.key) → \($0.value)" }
        out += "\(verb) \(moved.joined(separator: ", ")) into the package \(r.name) at \(r.destination)\n"
        out += "\nSplit: \(r.split.folders.joined(separator: " ")): \(r.split.commits) commits, first \(r.split.first.hex), last \(r.split.last.hex)\n"
        out += "New repository: main = \(r.packageCommit.hex) (the split history + one commit adding Package.swift)\(r.tag.map { ", tag \($0)" } ?? "")\n"
        out += "Monorepo: branch \(r.monorepo.branch) = \(r.monorepo.commit.hex)"
        out += r.monorepo.dependents.isEmpty ? "\n" : "; rewired dependents: \(r.monorepo.dependents.joined(separator: ", "))\n"
        if !r.monorepo.exposedTargets.isEmpty {
            out += "Still needed from the monorepo (now products of it): \(r.monorepo.exposedTargets.joined(separator: ", "))\n"
        }
        for warning in r.warnings { out += "warning: \(warning)\n" }
        if r.dryRun {
            out += "\n--- \(r.name)/Package.swift (generated) ---\n\(r.manifest)"
            out += "\n--- monorepo changes (\(r.monorepo.branch)) ---\n\(r.monorepo.diff)"
        }
        for outcome in r.verification ?? [] {
            out += String(format: "Verified: %@ %@ (%.1f s)\n", outcome.package, outcome.succeeded ? "builds" : "FAILED", outcome.seconds)
        }
        return out
    }
}
