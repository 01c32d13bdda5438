import Model
import Split

/// Turns the history options of a request into the engine's modes for one folder set: moves
/// detected (`--follow`), old paths checked, the adopted ref resolved. Shared by every command
/// that splits (`split`, `extract`, `batch`, and `publish`).
struct HistoryResolution {
    /// The engine's modes.
    var history: SplitHistory
    /// The followed folders, for the plan and the report (empty without `--follow`).
    var followed: [FollowedFolder]

    /// No mode at all: git subtree's rules.
    static let none = HistoryResolution(history: SplitHistory(), followed: [])

    /// Resolves `options` for `spec` in the history of `tip`; `commit` resolves the adopted ref.
    static func resolve(_ options: HistoryOptions, spec: SplitSpec, tip: ObjectID, revision: String, runner: SplitRunner, commit: (String) throws -> ObjectID) throws -> HistoryResolution {
        guard !options.isDefault else { return .none }
        var followed: [FollowedFolder] = []
        var history = SplitHistory(readdContinues: options.readd == .continue)
        if options.follows {
            followed = try runner.followMoves(of: spec, tip: tip, named: options.followPaths, revisionName: revision)
            history.formerPaths = SplitHistory.formerPaths(followed)
        }
        if let ref = options.adopt {
            do {
                history.adopt = try commit(ref)
            } catch {
                throw PipelineError.unknownAdoptRef(ref)
            }
            history.adoptName = ref
        }
        return HistoryResolution(history: history, followed: followed)
    }

    /// Hands each `--follow-path` of a command with several folder sets (a batch, many
    /// components) to the one it names (`OLD:FOLDER`; plain `OLD` only with one folder set).
    static func assign(_ followPaths: [String], to specs: [SplitSpec]) throws -> [[String]] {
        var out = [[String]](repeating: [], count: specs.count)
        for path in followPaths {
            let parts = path.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 {
                guard specs.count == 1 else {
                    throw SplitError.badFollowPath(path, "several folder sets are split: say which folder it was, as OLD:FOLDER (e.g. \(path):\(specs[0].folders[0].fromPath))")
                }
                out[0].append(path)
                continue
            }
            guard let i = specs.firstIndex(where: { $0.folders.contains { $0.fromPath == parts[1] } }) else {
                let all = specs.flatMap { $0.folders.map(\.fromPath) }.joined(separator: ", ")
                throw SplitError.badFollowPath(path, "'\(parts[1])' is not a folder of the components being split (\(all))")
            }
            out[i].append(path)
        }
        return out
    }
}
