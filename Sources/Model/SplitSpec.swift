import Foundation

/// One folder of a split: the folder `from` in the monorepo, placed at `to` in the split history
/// (`to` empty means "moved to the root", as `git subtree split --prefix=from` does).
public struct FolderMapping: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Path components of the folder in the source history.
    public var from: [String]
    /// Path components of the folder in the split history; empty for the root.
    public var to: [String]

    /// Creates a mapping from already validated path components.
    public init(from: [String], to: [String]) {
        self.from = from
        self.to = to
    }

    /// `from` as a slash-separated path.
    public var fromPath: String { from.joined(separator: "/") }
    /// `to` as a slash-separated path ("" for the root).
    public var toPath: String { to.joined(separator: "/") }

    public var description: String { to.isEmpty ? fromPath : "\(fromPath):\(toPath)" }
}

/// The folders of one split, validated: what `carve split FOLDER...` was asked to carve out.
public struct SplitSpec: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The folders, in the order given.
    public var folders: [FolderMapping]

    /// Validates a set of mappings: non-empty, and no two `to` paths overlap.
    public init(folders: [FolderMapping]) throws(SpecError) {
        guard !folders.isEmpty else { throw .noFolders }
        if folders.count > 1 {
            for (i, f) in folders.enumerated() {
                if f.to.isEmpty { throw .rootTargetWithOthers(f.description) }
                for g in folders[(i + 1)...] where f.to.starts(with: g.to) || g.to.starts(with: f.to) {
                    throw .overlappingTargets(f.description, g.description)
                }
            }
        }
        self.folders = folders
    }

    /// Parses command-line folder arguments such as `Sources/Foo` or `Sources/Foo:Sources/Foo`.
    public init(arguments: [String]) throws(SpecError) {
        var folders: [FolderMapping] = []
        for argument in arguments {
            let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let from = try Self.components(of: String(parts[0]), in: argument)
            if from.isEmpty { throw .emptyFolder(argument) }
            let to = parts.count == 2 ? try Self.components(of: String(parts[1]), in: argument) : []
            folders.append(FolderMapping(from: from, to: to))
        }
        try self.init(folders: folders)
    }

    /// True when this is exactly what `git subtree split --prefix=FOLDER` does: one folder, moved
    /// to the root. Only then do `git-subtree-*` markers in commit messages apply.
    public var isSubtreeCompatible: Bool { folders.count == 1 && folders[0].to.isEmpty }

    /// A stable text naming the folder set, used to key caches.
    public var key: String { folders.map(\.description).joined(separator: " ") }

    public var description: String { key }

    /// Splits and checks one path: relative, inside the repository, no `.` or `..` components.
    public static func components(of path: String, in argument: String) throws(SpecError) -> [String] {
        if path.hasPrefix("/") { throw .absolutePath(argument) }
        if path.utf8.contains(0) { throw .invalidCharacter(argument) }
        if path.contains("\\") { throw .invalidCharacter(argument) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for part in parts where part == "." || part == ".." {
            throw .escapingPath(argument)
        }
        for part in parts where part == ".git" {
            throw .gitDirectory(argument)
        }
        return parts
    }
}

/// Why a folder argument was refused.
public enum SpecError: Error, Equatable, LocalizedError {
    case noFolders
    case emptyFolder(String)
    case absolutePath(String)
    case escapingPath(String)
    case invalidCharacter(String)
    case gitDirectory(String)
    case rootTargetWithOthers(String)
    case overlappingTargets(String, String)

    public var errorDescription: String? {
        switch self {
        case .noFolders:
            return "no folder to split: name at least one, e.g. `carve split Sources/Foo`"
        case .emptyFolder(let a):
            return "'\(a)' names no folder: give a path inside the repository, e.g. Sources/Foo"
        case .absolutePath(let a):
            return "'\(a)' is an absolute path: folders are paths inside the repository, relative to its root (e.g. Sources/Foo)"
        case .escapingPath(let a):
            return "'\(a)' contains '.' or '..': folders must be plain paths inside the repository, e.g. Sources/Foo"
        case .invalidCharacter(let a):
            return "'\(a)' contains a backslash or NUL: use '/' to separate folders"
        case .gitDirectory(let a):
            return "'\(a)' names a .git folder, which is never part of a tree: pick a folder of the project"
        case .rootTargetWithOthers(let a):
            return "'\(a)' moves a folder to the root, which cannot be combined with other folders: give every folder a destination, e.g. Sources/Foo:Sources/Foo Tests/FooTests:Tests/FooTests"
        case .overlappingTargets(let a, let b):
            return "'\(a)' and '\(b)' overlap in the split tree: give each folder its own destination path"
        }
    }
}
