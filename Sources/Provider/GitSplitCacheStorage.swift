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
    /// Blob ids of layer blobs loaded or stored, by checksum, so that an unchanged layer (or the
    /// sources list every component of one walk shares) is not hashed and written again.
    private var knownLayers: [[UInt8]: ObjectID] = [:]

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
            var layers: [SplitCache.Layer] = []
            let names = Set(entries.map(\.name))
            for index in 0..<10_000 {
                let prefix = String(format: "layer-%04d", index)
                guard names.contains(prefix + "-sources") else { break }
                guard let s = entries.first(where: { $0.name == prefix + "-sources" }),
                      let v = entries.first(where: { $0.name == prefix + "-values" }) else { return nil }
                layers.append(SplitCache.Layer(sources: try load(s.id), values: try load(v.id)))
            }
            return SplitCache(layers: layers, markerCommits: markers)
        } catch {
            return nil
        }
    }

    /// A layer blob's checksum (its last 8 bytes) and length.
    private static func key(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.suffix(8)) + Array(String(bytes.count).utf8)
    }

    private func load(_ id: ObjectID) throws -> [UInt8] {
        let bytes = try repository.blob(id)
        knownLayers[Self.key(bytes)] = id
        return bytes
    }

    private func store(_ bytes: [UInt8]) throws -> ObjectID {
        if let id = knownLayers[Self.key(bytes)] { return id }
        let id = try repository.write(bytes, type: .blob)
        knownLayers[Self.key(bytes)] = id
        return id
    }

    func storeCache(_ cache: SplitCache, keepAlive: ObjectID, description: String) throws -> ObjectID {
        var meta = "carve-split-cache 1\n\(description)\n"
        for m in cache.markerCommits { meta += "marker \(m.hex)\n" }
        var entries: [(name: String, id: ObjectID)] = []
        for (i, layer) in cache.layers.enumerated() {
            let prefix = String(format: "layer-%04d", i)
            entries.append((prefix + "-sources", try store(layer.sources)))
            entries.append((prefix + "-values", try store(layer.values)))
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
