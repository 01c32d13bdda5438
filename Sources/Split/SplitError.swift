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
        }
    }
}
