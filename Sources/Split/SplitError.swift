import Foundation
import Model

/// Why a split could not be made.
public enum SplitError: Error, Equatable, LocalizedError {
    /// No commit in the walked history has any of the folders.
    case folderNeverExisted(String, revision: String)
    /// An object could not be read or parsed.
    case corruptObject(ObjectID, String)
    /// The object store failed (read or write), with its message.
    case store(String)
    /// A commit cannot be copied the way git subtree copies it.
    case uncopyable(ObjectID, String)
    /// A `git-subtree-split:` marker names a commit that is not in the repository.
    case unresolvedMarker(commit: ObjectID, value: String)
    /// `--adopt REF`: no commit of the folders' history matches a commit of REF.
    case adoptionUnmatched(ref: String, folders: String, refCommits: Int)
    /// `--adopt REF`: the split would not continue REF (REF has commits this history does not).
    case adoptionDiverges(ref: String, tip: ObjectID, firstUnmatched: ObjectID?)
    /// `--follow-path OLD`: no commit of the history has a folder at OLD.
    case followPathNeverExisted(String, revision: String)
    /// `--follow-path`: an argument that cannot be used, and why.
    case badFollowPath(String, String)

    public var errorDescription: String? {
        switch self {
        case .folderNeverExisted(let folders, let revision):
            return "'\(folders)' does not exist in any commit of \(revision): check the folder's spelling and case (it is a path from the repository root), or pass --rev to split another history"
        case .corruptObject(let id, let why):
            return "object \(id) is missing or corrupt (\(why)): the repository is damaged; run `git fsck --full` to see what is broken, and restore it from another clone (e.g. `git fetch` from the remote)"
        case .store(let message):
            return "the object database failed: \(message)"
        case .uncopyable(let id, let why):
            return "commit \(id) cannot be copied as git subtree copies it: \(why); git subtree split fails on this history too (rewrite that commit, or split from a revision after it)"
        case .unresolvedMarker(let commit, let value):
            return "commit \(commit.short) says 'git-subtree-split: \(value)', but that commit is not in this repository: fetch it from the subtree's repository (git fetch <subtree-repository> \(value)); git subtree split fails here too"
        case .adoptionUnmatched(let ref, let folders, let count):
            return "refusing to adopt \(ref): none of its \(count) commit\(count == 1 ? "" : "s") has the tree, author and author date of a commit of \(folders); it is not a split of these folders (check the folders, --follow, and that \(ref) was fetched from the published repository); nothing was written"
        case .adoptionDiverges(let ref, let tip, let first):
            let from = first.map { "; the first source commit without a match in \(ref) is \($0.short)" } ?? ""
            return "refusing to adopt \(ref): its tip \(tip.short) is not in the split history (\(ref) has commits that no source commit matches\(from)); adopt a ref that was split from this history, or split without --adopt; nothing was written"
        case .badFollowPath(let argument, let why):
            return "--follow-path '\(argument)' cannot be used: \(why)"
        case .followPathNeverExisted(let path, let revision):
            return "--follow-path '\(path)' is not a folder in any commit of \(revision): check its spelling and case (a path from the repository root as it was before the move); nothing was written"
        }
    }
}
