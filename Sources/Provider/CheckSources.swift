import Foundation
import Model
import Pipeline

/// The working tree, for `carve check`: the Swift files below a folder, read from disk.
final class WorkingTreeCheckSource: CheckSource {
    let root: String
    var revision: String? { nil }

    init(root: String) {
        self.root = root
    }

    func swiftFiles() throws -> [String] {
        let files = FileManager.default
        guard files.fileExists(atPath: root) else { throw ProviderError.missingPath(root) }
        var out: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? files.contentsOfDirectory(atPath: path) else { return }
            for name in names where !name.hasPrefix(".") && name != "checkouts" && name != "node_modules" {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isFolder: ObjCBool = false
                guard files.fileExists(atPath: path + "/" + name, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    // Symlinked folders are not followed (they can loop, and git does not follow them either).
                    if (try? files.destinationOfSymbolicLink(atPath: path + "/" + name)) == nil { walk(child) }
                } else if name.hasSuffix(".swift") {
                    out.append(child)
                }
            }
        }
        walk("")
        return out
    }

    func text(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
        return String(decoding: data, as: UTF8.self)
    }
}

/// A revision of the repository, for `carve check --rev`: the Swift files of its tree.
final class RevisionCheckSource: CheckSource {
    private let repository: ExtractRepository
    private var ids: [String: ObjectID] = [:]
    let revision: String?
    var root: String { repository.rootPath }

    init(repository: ExtractRepository, revision: String) {
        self.repository = repository
        self.revision = revision
    }

    func swiftFiles() throws -> [String] {
        let tree = try repository.tree(of: try repository.commit(for: revision!))
        let files = try repository.files(under: "", in: tree).filter { $0.path.hasSuffix(".swift") }
        ids = Dictionary(files.map { ($0.path, $0.id) }, uniquingKeysWith: { a, _ in a })
        return files.map(\.path)
    }

    func text(_ path: String) throws -> String {
        String(decoding: try repository.blob(ids[path]!), as: UTF8.self)
    }
}
