import Foundation
import Model
import Pipeline
import Verify

/// The file system, for the extract use case: scratch folders under the temporary directory,
/// and the destination (checked, then replaced in one rename).
final class FileWorkspace: Workspace {
    private let files = FileManager.default

    func isMissingOrEmpty(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isFolder) else {
            // A dangling symlink is something, too.
            return (try? files.destinationOfSymbolicLink(atPath: path)) == nil
        }
        return isFolder.boolValue && ((try? files.contentsOfDirectory(atPath: path).isEmpty) ?? false)
    }

    func makeScratch(_ label: String) throws -> String {
        try ScratchFolder.make(label)
    }

    /// The folders (relative to `root`, "" for itself) below `root` that hold a Package.swift,
    /// not descending into hidden folders or build products.
    static func packageFolders(under root: String) throws -> [String] {
        try files(under: root) { $0 == "Package.swift" }.map { ($0 as NSString).deletingLastPathComponent }
    }

    /// The files below `root` (relative to it) whose names `wanted` takes, not descending into
    /// hidden folders, checkouts, node_modules or symlinked folders (they can loop, and git
    /// does not follow them either).
    static func files(under root: String, named wanted: (String) -> Bool) throws -> [String] {
        let files = FileManager.default
        guard files.fileExists(atPath: root) else { throw ProviderError.missingPath(root) }
        var out: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? files.contentsOfDirectory(atPath: path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") && name != "checkouts" && name != "node_modules" {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isFolder: ObjCBool = false
                guard files.fileExists(atPath: path + "/" + name, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    if (try? files.destinationOfSymbolicLink(atPath: path + "/" + name)) == nil { walk(child) }
                } else if wanted(name) {
                    out.append(child)
                }
            }
        }
        walk("")
        return out
    }

    func remove(_ path: String) {
        try? files.removeItem(atPath: path)
    }

    func moveIntoPlace(_ from: String, to: String) throws {
        // An empty folder at the destination is replaced (rename(2) replaces an empty folder).
        guard rename(from, to) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to, NSLocalizedDescriptionKey: "cannot move the new repository to '\(to)': \(String(cString: strerror(errno)))"])
        }
    }
}

/// Adapts Verify's builder to the use case.
final class SwiftPackageVerifier: PackageVerifier {
    private let builder: PackageBuilder

    init(builder: PackageBuilder) {
        self.builder = builder
    }

    func build(label: String, packageAt path: String, configPath: String?, cachePath: String) -> BuildOutcome {
        builder.build(label: label, packageAt: path, configPath: configPath, cachePath: cachePath)
    }

    func writeMirrors(_ mirrors: [String: String], into configPath: String) throws {
        try builder.writeMirrors(mirrors, into: configPath)
    }
}
