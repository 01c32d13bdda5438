import Model

/// What `SplitCacheArchive` needs from the repository: objects, and the reference a cache is at.
///
/// Implementations are used from one thread at a time.
public protocol SplitCacheObjects: AnyObject {
    /// Calls `body` with the raw bytes of an object of `kind`; throws when it is missing or of
    /// another kind.
    func withObject<R>(_ id: ObjectID, kind: ObjectKind, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R
    /// The bytes of an object of `kind` (an implementation that has them as an array already
    /// hands that over instead of a copy).
    func bytes(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8]
    /// Writes an object (readable at once) and returns its id.
    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID
    /// The commit a full reference name points to, nil when it does not exist.
    func referenceTarget(_ name: String) throws -> ObjectID?
    /// A blob's bytes where they lie in memory mapped for the whole run (a pack's stored
    /// blocks), to read a few parts of without copying the whole; nil when not so stored.
    func mappedBlob(_ id: ObjectID) -> MappedBytes?
}

extension SplitCacheObjects {
    /// No blob is mapped.
    public func mappedBlob(_ id: ObjectID) -> MappedBytes? { nil }

    /// A copy of what `withObject` gives.
    public func bytes(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8] {
        try withObject(id, kind: kind) { Array($0.bindMemory(to: UInt8.self)) }
    }
}

/// The storage layout of split caches: each cache is a commit (under `refs/carve/cache/`, which
/// the caller moves) whose tree holds a `meta` blob and two blobs per layer
/// (`layer-NNNN-sources`, `layer-NNNN-values`), with the split head as parent so that `git gc`
/// keeps the split commits. Being refs, caches can be fetched and pushed
/// (`git fetch origin 'refs/carve/*:refs/carve/*'`).
///
/// `meta` is `carve-split-cache 2`, the description line, then one `marker <hex>` line per
/// marker commit. The commit's identity and date are fixed, so the same cache is the same commit.
public final class SplitCacheArchive<Objects: SplitCacheObjects> {
    private let objects: Objects
    /// Blob ids of layer blobs loaded or stored, by checksum, so that an unchanged layer (or the
    /// sources list every component of one walk shares) is not hashed and written again.
    private var knownLayers: [[UInt8]: ObjectID] = [:]
    /// Layer blobs read, by blob id, with their source count once checked: every component of
    /// one walk shares its sources blob, which is then read and checked once, not per component.
    private var readBlobs: [ObjectID: (bytes: LayerBytes, sources: Int?)] = [:]

    static var version: String { "carve-split-cache 2" }

    /// An archive reading and writing through `objects`.
    public init(objects: Objects) {
        self.objects = objects
    }

    /// The cache at `reference`, or nil when there is none, or it is unreadable, of another
    /// version or corrupt.
    public func loadCache(reference: String) -> SplitCache? {
        do {
            guard let commit = try objects.referenceTarget(reference) else { return nil }
            let links = try objects.withObject(commit, kind: .commit) { try RawCommit.header($0) }
            let entries = RawTree.entries(try read(links.tree, .tree))
            func blob(_ name: String) -> ObjectID? {
                entries.first { $0.name == name && !$0.isTree }?.id
            }
            guard let meta = blob("meta") else { return nil }
            let lines = String(decoding: try read(meta, .blob), as: UTF8.self).split(separator: "\n")
            guard lines.first.map(String.init) == Self.version else { return nil }
            let markers = lines.filter { $0.hasPrefix("marker ") }.compactMap { ObjectID(hex: $0.dropFirst(7)) }
            var layers: [SplitCache.Layer] = []
            for index in 0..<10_000 {
                let prefix = Self.layerName(index)
                guard let s = blob(prefix + "-sources") else { break }
                guard let v = blob(prefix + "-values") else { return nil }
                let (sources, count) = try loadSources(s)
                let values = try load(v)
                guard let count, SplitCache.isValid(values: values, count: count, entries: false) else { return nil }
                layers.append(SplitCache.Layer(sources: sources, values: values))
            }
            return SplitCache(checkedLayers: layers, markerCommits: markers)
        } catch {
            return nil
        }
    }

    /// Writes the objects of a cache (not the reference) and returns the commit to point the
    /// reference at, whose parent is `keepAlive`.
    public func storeCache(_ cache: SplitCache, keepAlive: ObjectID, description: String) throws -> ObjectID {
        var meta = "\(Self.version)\n\(description)\n"
        for m in cache.markerCommits { meta += "marker \(m.hex)\n" }
        var entries: [TreeEntry] = []
        for (i, layer) in cache.layers.enumerated() {
            let prefix = Self.layerName(i)
            entries.append(TreeEntry(name: prefix + "-sources", mode: 0o100644, id: try store(layer.sources)))
            entries.append(TreeEntry(name: prefix + "-values", mode: 0o100644, id: try store(layer.values)))
        }
        entries.append(TreeEntry(name: "meta", mode: 0o100644, id: try objects.write(Array(meta.utf8), kind: .blob)))
        let tree = try objects.write(RawTree.encode(entries), kind: .tree)
        let commit = "tree \(tree.hex)\nparent \(keepAlive.hex)\nauthor carve <carve@localhost> 0 +0000\ncommitter carve <carve@localhost> 0 +0000\n\nCarve split cache: \(description)\n"
        return try objects.write(Array(commit.utf8), kind: .commit)
    }

    private static func layerName(_ index: Int) -> String {
        let digits = String(index)
        return "layer-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func read(_ id: ObjectID, _ kind: ObjectKind) throws -> [UInt8] {
        try objects.bytes(id, kind: kind)
    }

    /// A layer blob's checksum (its last 8 bytes, the trailer's own) and length.
    private static func key(_ bytes: LayerBytes) -> [UInt8] {
        bytes.withBytes(max(0, bytes.count - 8)..<bytes.count) { Array($0) } + Array(String(bytes.count).utf8)
    }

    private func load(_ id: ObjectID) throws -> LayerBytes {
        if let known = readBlobs[id] { return known.bytes }
        let bytes: LayerBytes
        if let mapped = objects.mappedBlob(id) {
            bytes = LayerBytes(mapped: mapped)
        } else {
            bytes = LayerBytes(try read(id, .blob))
        }
        knownLayers[Self.key(bytes)] = id
        readBlobs[id] = (bytes, nil)
        return bytes
    }

    /// A sources blob and its source count (nil when corrupt), checked once per blob.
    private func loadSources(_ id: ObjectID) throws -> (bytes: LayerBytes, count: Int?) {
        if let known = readBlobs[id], let count = known.sources { return (known.bytes, count) }
        let bytes = try load(id)
        let count = SplitCache.validSourceCount(bytes)
        readBlobs[id] = (bytes, count)
        return (bytes, count)
    }

    private func store(_ bytes: LayerBytes) throws -> ObjectID {
        if let id = knownLayers[Self.key(bytes)] { return id }
        let id = try objects.write(bytes.array, kind: .blob)
        knownLayers[Self.key(bytes)] = id
        return id
    }
}
