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
        let files = FileManager.default
        guard files.fileExists(atPath: root) else { throw ProviderError.missingPath(root) }
        var out: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? files.contentsOfDirectory(atPath: path) else { return }
            if names.contains("Package.swift") { out.append(relative) }
            for name in names where !name.hasPrefix(".") && name != "checkouts" && name != "node_modules" {
                var isFolder: ObjCBool = false
                let child = path + "/" + name
                guard files.fileExists(atPath: child, isDirectory: &isFolder), isFolder.boolValue,
                      (try? files.destinationOfSymbolicLink(atPath: child)) == nil
                else { continue }
                walk(relative.isEmpty ? name : relative + "/" + name)
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
