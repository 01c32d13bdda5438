import ArgumentParser
import Model

/// The history modes every splitting command shares (`split`, `extract`, `batch`, `publish`):
/// `--follow`, `--follow-path`, `--readd`. Each is opt-in; without them the ids are git subtree's.
struct HistoryFlags: ParsableArguments {
    @Flag(name: .long, help: "Follow the folders back across moves and renames (detected); adds their older history, so ids differ from git subtree's.")
    var follow = false

    @Option(name: .customLong("follow-path"), parsing: .singleValue, help: ArgumentHelp("An old path of a folder to follow that --follow cannot detect (repeatable; implies --follow). OLD:FOLDER says which folder it was.", valueName: "OLD"))
    var followPath: [String] = []

    @Option(name: .long, help: ArgumentHelp("A folder re-added after a deletion: `subtree` links it to the mainline commit as git subtree does (default); `continue` continues from the last split commit.", valueName: "MODE"))
    var readd: String = ReaddMode.subtree.rawValue

    func validate() throws {
        guard ReaddMode(rawValue: readd) != nil else {
            throw ValidationError("--readd takes \(ReaddMode.allCases.map(\.rawValue).joined(separator: " or ")), not '\(readd)'")
        }
    }

    /// The options the use cases take.
    func options(adopt: String? = nil) -> HistoryOptions {
        HistoryOptions(follow: follow, followPaths: followPath, readd: ReaddMode(rawValue: readd) ?? .subtree, adopt: adopt)
    }
}

/// History modes for a person: detected moves and adoption, as the commands print them on stderr.
enum HistoryRendering {
    /// One line per followed folder with its moves, e.g.
    /// `followed Sources/B: Sources/A → Sources/B in 1a2b3c4 (100%)`.
    static func lines(_ followed: [FollowedFolder]) -> [String] {
        followed.map { f in
            guard !f.moves.isEmpty else { return "followed \(f.folder): no moves found" }
            let moves = f.moves.map { m in
                m.named ? "\(m.from) (named with --follow-path)" : "\(m.from) → \(m.to) in \(m.commit?.short ?? "?") (\(m.similarity)%)"
            }
            return "followed \(f.folder): " + moves.joined(separator: "; ")
        }
    }

    /// The adoption in one line.
    static func line(_ a: AdoptionReport) -> String {
        var text = "adopted \(a.ref) (\(a.refTip.short)): \(a.matched) source commit\(a.matched == 1 ? "" : "s") matched, \(a.written) new commit\(a.written == 1 ? "" : "s") written"
        if let first = a.firstUnmatched { text += "; first source commit without a match: \(first.short)" }
        return text
    }
}
