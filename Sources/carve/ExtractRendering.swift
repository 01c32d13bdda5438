import Model

/// The plan and result of `carve extract` and `carve batch`, for a person.
enum ExtractRendering {
    static func text(_ r: ExtractReport) -> String {
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
            out += "\n--- monorepo changes (\(r.monorepo.branch)) ---\n\(r.monorepo.diff)"
        }
        for outcome in r.verification ?? [] {
            out += "Verified: \(outcome.package) \(outcome.succeeded ? "builds" : "FAILED") (\(String(format: "%.1f", outcome.seconds)) s)\n"
        }
        return out
    }
}
