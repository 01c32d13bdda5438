import Foundation
import Manifest
import Model

/// Everything an extraction (one package) or a batch (several) will do, decided before
/// anything is written.
struct ExtractPlan {
    struct Target {
        var name: String
        var folder: String
    }

    /// A folder split out with its history: from its path in the repository to its path in the
    /// new package ("" moves it to the root, exactly as `git subtree split --prefix` does).
    struct SplitFolder: Equatable {
        var from: String
        var to: String

        /// The `carve split` argument for it.
        var argument: String { to.isEmpty ? from : "\(from):\(to)" }
    }

    /// One new package.
    struct Package {
        var name: String
        var destination: String
        var folders: [SplitFolder]
        /// The moved targets with their names and folders in the new package.
        var targets: [Target]
        /// On a rename, `Sources/X` → `Sources/N` (and the tests), in the new package.
        var folderMoves: [String: String]
        /// Old name → name in the new package, for every moved target.
        var targetNames: [String: String]
        /// Its Package.swift.
        var manifest: String
        /// False when a local package moves as it is: its own manifest, no commit on top.
        var writesManifest: Bool
        /// A package made of targets gets a `.gitignore` when its folders had none; a local
        /// package keeps its own files.
        var addsGitignore: Bool
        /// Monorepo targets it still needs (made products of the monorepo).
        var monorepoTargets: [String]
        var dependsOn: [String]
        /// Its URL (with `--url-template`).
        var url: String?
        var commitMessage: String
    }

    var tip: ObjectID
    var revision: String
    /// Dependencies first.
    var packages: [Package]
    /// Module renames (old, new), applied to every Swift file on both sides.
    var renames: [(old: String, new: String)]
    /// The monorepo's manifests that change (paths relative to the repository root).
    var manifestEdits: [String: String]
    /// Folders that leave the monorepo.
    var removedFolders: [String]
    /// Targets that stay, with their folders in the repository (their sources are rewritten
    /// on a rename).
    var remainingTargets: [Target]
    /// The monorepo's packages (folders, "" for the root) that `--verify` builds after the new
    /// packages.
    var verifyFolders: [String]
    var branch: String
    var dependents: [String]
    var exposedTargets: [String]
    var warnings: [PlanWarning]
    var monorepoCommitMessage: String
    var version: String?
    /// Where the new packages are put together before they are renamed into place: `nil` puts
    /// each package's folder in place on its own (extract); a folder puts all of them under it
    /// and renames it to `output` (batch).
    var output: String?
    /// Destinations (or the output folder) that are not empty.
    var occupied: [String]
    /// Where the branch points now, if it exists.
    var existingBranch: ObjectID?
}

/// What one new package is asked to hold.
struct GroupRequest {
    /// The new package's name (default: its first module's).
    var packageName: String?
    var components: [String]
    /// Module renames of its targets, old name to new.
    var renames: [String: String] = [:]
    /// `--name`: the one moved (non-test) target takes this name.
    var renameOnly: String?
}

/// Where the new packages go and how the others name them: by relative path, or by URL and
/// version (`--url-template`).
struct PackageLocations {
    var destinations: [String]
    var urls: [String?]
    /// The names `.product(package:)` uses for each (the folder's or URL's last component).
    var identities: [String]
    var version: String?

    /// The locations of packages `names` at `destinations`.
    init(names: [String], destinations: [String], urlTemplate: String?, version: String?) {
        self.destinations = destinations
        urls = names.map { name in urlTemplate.map { $0.replacingOccurrences(of: "{name}", with: name) } }
        identities = zip(urls, destinations).map { url, destination in url.map(PackageGenerator.packageName(location:)) ?? (destination as NSString).lastPathComponent }
        self.version = version
    }

    /// The `.package(...)` that names package `i` from the folder `folder` (absolute).
    func reference(from folder: String, to i: Int) -> String {
        if let url = urls[i], let version { return ".package(url: \"\(url)\", from: \"\(version)\")" }
        return ".package(path: \"\(ExtractPlanner.relativePath(from: folder, to: destinations[i]))\")"
    }

    /// Where packages `indices` are, for a commit message: URLs, or paths relative to `root`.
    func describe(_ indices: [Int], from root: String) -> String {
        indices.map { urls[$0] ?? ExtractPlanner.relativePath(from: root, to: destinations[$0]) }.joined(separator: ", ")
    }
}

/// A manifest of the repository that the plan edits: where it is, what it was, what it becomes
/// and the edit that makes it so (for the check against SwiftPM).
struct RewiredManifest {
    var folder: String
    var source: PlanningInputs.PackageSource
    var text: String
    var rewiring: MonorepoRewiring
}
