import Model

/// The mapping from source commits to split commits that a split produced, kept so that the next
/// split of the same folders only processes new commits.
///
/// Stored as layers: a base with every commit of a cold run, and small deltas from incremental
/// runs. A layer is two blobs searched in place (no parsing on load): the sorted source ids,
/// identical for every component split in the same walk (so stored once), and per source a
/// state and an index into a table of the split commits.
public struct SplitCache: Sendable {
    /// What is known of one source commit.
    public enum State: UInt8, Sendable {
        /// Split, with the folder present: `value` is its split commit.
        case split = 1
        /// No folder and no split parent: it maps to nothing.
        case noTree = 2
        /// No folder but split parents: it stands for itself (`value` is the commit itself).
        case standsForItself = 3
        /// Seeded from a subtree marker or `--onto`.
        case seeded = 4
    }

    /// One record: a source commit, its state, and its split commit (zero for `.noTree`).
    public struct Record: Sendable, Equatable {
        public var source: ObjectID
        public var state: State
        public var value: ObjectID

        /// Creates a record.
        public init(source: ObjectID, state: State, value: ObjectID) {
            self.source = source
            self.state = state
            self.value = value
        }
    }

    /// One encoded layer: the `sources` and `values` blobs.
    public struct Layer: Sendable, Equatable {
        public var sources: [UInt8]
        public var values: [UInt8]

        /// Wraps two encoded blobs (check with `isValid`).
        public init(sources: [UInt8], values: [UInt8]) {
            self.sources = sources
            self.values = values
        }
    }

    static let sourcesMagic = Array("CARVE-SRC-1\n".utf8)
    static let valuesMagic = Array("CARVE-VAL-1\n".utf8)

    /// Encoded layers, newest last.
    public private(set) var layers: [Layer]
    /// The commits whose subtree markers the mapping was made with (sorted).
    public var markerCommits: [ObjectID]

    /// An empty cache.
    public init() {
        layers = []
        markerCommits = []
    }

    /// Loads encoded layers; nil when any layer is corrupt (wrong magic, size or checksum).
    public init?(layers: [Layer], markerCommits: [ObjectID]) {
        for layer in layers where !Self.isValid(layer) { return nil }
        self.layers = layers
        self.markerCommits = markerCommits.sorted()
    }

    /// Layers already checked (by the archive, which checks a blob shared by many caches once).
    init(checkedLayers layers: [Layer], markerCommits: [ObjectID]) {
        self.layers = layers
        self.markerCommits = markerCommits.sorted()
    }

    /// What the cache knows of `source`, newest layer first.
    public func lookup(_ source: ObjectID) -> Record? {
        for layer in layers.reversed() {
            // An invalid entry (only possible in a layer whose entries were not all checked)
            // counts as unknown: the commit is then split again, which is always right.
            if let i = Self.search(layer.sources, source) { return Self.record(layer, i, source: source) }
        }
        return nil
    }

    /// Adds a layer.
    public mutating func append(_ layer: Layer) {
        layers.append(layer)
    }

    /// Merges all layers into one.
    public func compacted() -> SplitCache {
        var latest: [ObjectID: Record] = [:]
        for layer in layers {
            for i in 0..<Self.count(layer.sources) {
                guard let r = Self.record(layer, i, source: Self.source(layer.sources, i)) else { continue }
                latest[r.source] = r
            }
        }
        var out = SplitCache()
        out.markerCommits = markerCommits
        out.append(Self.encode(latest.values.sorted { $0.source < $1.source }))
        return out
    }

    // MARK: - Encoding

    /// Encodes records sorted by source. `sources` may be passed in when already encoded for
    /// the same sources (every job of one walk).
    public static func encode(_ sorted: [Record], sources known: [UInt8]? = nil) -> Layer {
        var sources: [UInt8]
        if let known {
            sources = known
        } else {
            sources = sourcesMagic
            sources.reserveCapacity(sourcesMagic.count + 12 + sorted.count * 20)
            appendLE(&sources, UInt64(sorted.count), bytes: 4)
            for r in sorted { sources += r.source.raw }
            appendLE(&sources, checksum(sources[...]), bytes: 8)
        }
        var table: [ObjectID: UInt32] = [:]
        var tableIDs: [ObjectID] = []
        var entries: [UInt8] = []
        entries.reserveCapacity(sorted.count * 5)
        for r in sorted {
            var index = UInt32.max
            if r.state != .noTree {
                if let known = table[r.value] {
                    index = known
                } else {
                    index = UInt32(tableIDs.count)
                    table[r.value] = index
                    tableIDs.append(r.value)
                }
            }
            entries.append(r.state.rawValue)
            appendLE(&entries, UInt64(index), bytes: 4)
        }
        var values = valuesMagic
        appendLE(&values, UInt64(sorted.count), bytes: 4)
        appendLE(&values, UInt64(tableIDs.count), bytes: 4)
        for id in tableIDs { values += id.raw }
        values += entries
        appendLE(&values, checksum(values[...]), bytes: 8)
        return Layer(sources: sources, values: values)
    }

    private static func appendLE(_ out: inout [UInt8], _ value: UInt64, bytes: Int) {
        for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    private static func readLE(_ bytes: [UInt8], at offset: Int, bytes count: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in (0..<count).reversed() { v = v << 8 | UInt64(bytes[offset + i]) }
        return v
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { p in
            // FNV-1a over 8-byte words, then the tail: fast enough for megabytes.
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            let words = p.count / 8
            let raw = UnsafeRawBufferPointer(p)
            for w in 0..<words { h = (h ^ raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)) &* 0x100_0000_01B3 }
            for i in (words * 8)..<p.count { h = (h ^ UInt64(p[i])) &* 0x100_0000_01B3 }
            return h
        }
    }

    private static func count(_ sources: [UInt8]) -> Int { Int(readLE(sources, at: sourcesMagic.count, bytes: 4)) }

    static func isValid(_ layer: Layer) -> Bool {
        guard let n = validSourceCount(layer.sources) else { return false }
        return isValid(values: layer.values, count: n)
    }

    /// The number of sources of a valid sources blob; nil when it is corrupt.
    static func validSourceCount(_ s: [UInt8]) -> Int? {
        guard s.count >= sourcesMagic.count + 12, s.starts(with: sourcesMagic) else { return nil }
        let n = count(s)
        guard s.count == sourcesMagic.count + 4 + 20 * n + 8,
              readLE(s, at: s.count - 8, bytes: 8) == checksum(s[..<(s.count - 8)]) else { return nil }
        return n
    }

    /// True when `v` is a valid values blob for `n` sources. Without `entries`, only its size
    /// and checksum are checked, and each entry when it is looked up (`record` gives nil for a
    /// bad one): a run that looks up a few commits then does not read every entry.
    static func isValid(values v: [UInt8], count n: Int, entries: Bool = true) -> Bool {
        guard v.count >= valuesMagic.count + 16, v.starts(with: valuesMagic),
              Int(readLE(v, at: valuesMagic.count, bytes: 4)) == n else { return false }
        let t = Int(readLE(v, at: valuesMagic.count + 4, bytes: 4))
        guard v.count == valuesMagic.count + 8 + 20 * t + 5 * n + 8,
              readLE(v, at: v.count - 8, bytes: 8) == checksum(v[..<(v.count - 8)]) else { return false }
        guard entries else { return true }
        let base = valuesMagic.count + 8 + 20 * t
        for i in 0..<n {
            guard let state = State(rawValue: v[base + 5 * i]) else { return false }
            let index = readLE(v, at: base + 5 * i + 1, bytes: 4)
            if state == .noTree ? index != UInt64(UInt32.max) : index >= UInt64(t) { return false }
        }
        return true
    }

    private static func source(_ sources: [UInt8], _ i: Int) -> ObjectID {
        sources.withUnsafeBytes { ObjectID(bytes: $0.baseAddress! + sourcesMagic.count + 4 + 20 * i) }
    }

    /// Record `i` of a layer; nil when its entry is invalid (a state or index out of range).
    private static func record(_ layer: Layer, _ i: Int, source: ObjectID) -> Record? {
        let v = layer.values
        let t = Int(readLE(v, at: valuesMagic.count + 4, bytes: 4))
        let base = valuesMagic.count + 8 + 20 * t + 5 * i
        guard let state = State(rawValue: v[base]) else { return nil }
        let index = Int(readLE(v, at: base + 1, bytes: 4))
        if state == .noTree ? index != Int(UInt32.max) : index >= t { return nil }
        let value = state == .noTree ? ObjectID.zero : v.withUnsafeBytes { ObjectID(bytes: $0.baseAddress! + valuesMagic.count + 8 + 20 * index) }
        return Record(source: source, state: state, value: value)
    }

    private static func search(_ sources: [UInt8], _ id: ObjectID) -> Int? {
        var lo = 0, hi = count(sources)
        while lo < hi {
            let mid = (lo + hi) / 2
            let s = source(sources, mid)
            if s == id { return mid }
            if s < id { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}
