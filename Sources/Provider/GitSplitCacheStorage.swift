import Foundation
import Git
import Model
import Pipeline
import Split

/// Split caches as commits under `refs/carve/cache/`: a tree with a `meta` blob and one blob
/// per layer, and the split head as parent so that `git gc` keeps the split commits. Being refs,
/// caches can be fetched and pushed (`git fetch origin 'refs/carve/*:refs/carve/*'`).
final class GitSplitCacheStorage: SplitCacheStorage {
    private let repository: Repository
    /// Blob ids of loaded layers, by checksum, so that an unchanged layer is not hashed again.
    private var knownLayers: [ArraySlice<UInt8>: ObjectID] = [:]

    init(repository: Repository) {
        self.repository = repository
    }

    func loadCache(reference: String) -> SplitCache? {
        do {
            guard let commit = try repository.referenceTarget(reference),
                  let entries = try repository.treeEntries(commit: commit, path: "")
            else { return nil }
            guard let meta = entries.first(where: { $0.name == "meta" }) else { return nil }
            let text = String(decoding: try repository.blob(meta.id), as: UTF8.self)
            let lines = text.split(separator: "\n")
            guard lines.first == "carve-split-cache 1" else { return nil }
            let markers = lines.filter { $0.hasPrefix("marker ") }.compactMap { ObjectID(hex: $0.dropFirst(7)) }
            var layers: [[UInt8]] = []
            for entry in entries.filter({ $0.name.hasPrefix("layer-") }).sorted(by: { $0.name < $1.name }) {
                let bytes = try repository.blob(entry.id)
                knownLayers[bytes.suffix(8)] = entry.id
                layers.append(bytes)
            }
            return SplitCache(layers: layers, markerCommits: markers)
        } catch {
            return nil
        }
    }

    func storeCache(_ cache: SplitCache, keepAlive: ObjectID, description: String) throws -> ObjectID {
        var meta = "carve-split-cache 1\n\(description)\n"
        for m in cache.markerCommits { meta += "marker \(m.hex)\n" }
        var entries: [(name: String, id: ObjectID)] = []
        for (i, layer) in cache.layers.enumerated() {
            let id = try knownLayers[layer.suffix(8)] ?? repository.write(layer, type: .blob)
            entries.append((String(format: "layer-%04d", i), id))
        }
        entries.append(("meta", try repository.write(Array(meta.utf8), type: .blob)))
        var tree: [UInt8] = []
        for e in entries.sorted(by: { $0.name < $1.name }) {
            tree += Array("100644 \(e.name)".utf8) + [0] + e.id.raw
        }
        let treeID = try repository.write(tree, type: .tree)
        let commit = "tree \(treeID.hex)\nparent \(keepAlive.hex)\nauthor carve <carve@localhost> 0 +0000\ncommitter carve <carve@localhost> 0 +0000\n\nCarve split cache: \(description)\n"
        return try repository.write(Array(commit.utf8), type: .commit)
    }
}
