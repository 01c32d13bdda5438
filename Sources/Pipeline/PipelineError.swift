import Foundation
import Model

/// Why a command was refused or failed, for a person to read.
public enum PipelineError: Error, Equatable, LocalizedError {
    case unknownRevision(String)
    case ambiguousRevision(String, String)
    case notACommit(String, String)
    case emptyRepository
    case shallowRepository
    case invalidBranchName(String)
    case branchNotAncestor(branch: String, head: ObjectID)
    case checkedOutBranch(String)
    case folderIsFile(String, String)
    /// `--adopt REF` names no commit.
    case unknownAdoptRef(String)
    /// `--adopt` with many components.
    case adoptManyComponents

    public var errorDescription: String? {
        switch self {
        case .unknownRevision(let r):
            return "unknown revision '\(r)': it names no commit in this repository; check `git log --oneline` or `git branch -a` for the name"
        case .ambiguousRevision(let r, let why):
            return "revision '\(r)' is ambiguous or invalid (\(why)): give a full commit id or a full reference name such as refs/heads/\(r)"
        case .notACommit(let r, let kind):
            return "revision '\(r)' names a \(kind), not a commit: give a branch, tag or commit to split"
        case .folderIsFile(let path, let revision):
            return "'\(path)' is a file in \(revision), not a folder, and no commit has a folder there: name the folder that holds the component (e.g. Sources/Name)"
        case .emptyRepository:
            return "the repository has no commits yet: there is no history to split; commit first"
        case .shallowRepository:
            return "the repository is a shallow clone: its history is cut, so split ids would differ from a full clone's; run `git fetch --unshallow` first (or pass --allow-shallow to split what is there)"
        case .invalidBranchName(let b):
            return "'\(b)' is not a valid branch name (see `git check-ref-format --branch`): pick a name without spaces, '..', '~', '^', ':' or a trailing '.lock'"
        case .checkedOutBranch(let b):
            return "refusing to write the split to '\(b)': it is the branch checked out in the work tree, whose files and index would no longer match it; pass another --branch"
        case .unknownAdoptRef(let r):
            return "--adopt '\(r)' names no commit in this repository: fetch the published split first (e.g. `git fetch <published-repository> main:refs/remotes/published/main`, then --adopt published/main); nothing was written"
        case .adoptManyComponents:
            return "--adopt continues one published split: run `carve split FOLDER... --adopt REF` (or `carve publish FOLDER... --adopt REF`) for each component"
        case .branchNotAncestor(let b, let head):
            return "refusing to move branch '\(b)': it is not an ancestor of the new split \(head.short), so moving it would lose its commits; delete it (git branch -D \(b)) or pass another --branch"
        }
    }
}

