import Model

/// The mapping from source commits to split commits that a split produced, kept so that the next
/// split of the same folders only processes new commits.
///
/// Stored as layers: a base with every commit of a cold run, and small deltas from incremental
/// runs, each a sorted run of fixed-size records that is searched in place (no parsing on load).
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

    static let magic = Array("CARVE-MAP-1\n".utf8)
    static let recordSize = 41

    /// Encoded layers, newest last.
    public private(set) var layers: [[UInt8]]
    /// The commits whose subtree markers the mapping was made with (sorted).
    public var markerCommits: [ObjectID]

    /// An empty cache.
    public init() {
        layers = []
        markerCommits = []
    }

    /// Loads encoded layers; nil when any layer is corrupt (wrong magic, size or checksum).
    public init?(layers: [[UInt8]], markerCommits: [ObjectID]) {
        for layer in layers where !Self.isValid(layer) { return nil }
        self.layers = layers
        self.markerCommits = markerCommits.sorted()
    }

    /// Number of records over all layers (a commit may appear in several).
    public var recordCount: Int { layers.reduce(0) { $0 + ($1.count - Self.magic.count - 12) / Self.recordSize } }

    /// What the cache knows of `source`, newest layer first.
    public func lookup(_ source: ObjectID) -> Record? {
        for layer in layers.reversed() {
            if let r = Self.search(layer, source) { return r }
        }
        return nil
    }

    /// Adds a layer of records (any order).
    public mutating func append(_ records: [Record]) {
        layers.append(Self.encode(records))
    }

    /// Merges all layers into one.
    public func compacted() -> SplitCache {
        var latest: [ObjectID: Record] = [:]
        for layer in layers {
            let count = (layer.count - Self.magic.count - 12) / Self.recordSize
            for i in 0..<count { let r = Self.record(layer, i); latest[r.source] = r }
        }
        var out = SplitCache()
        out.markerCommits = markerCommits
        out.append(Array(latest.values))
        return out
    }

    // MARK: - Encoding

    /// magic, UInt32 count, records sorted by source, UInt64 FNV-1a checksum of all before it.
    static func encode(_ records: [Record]) -> [UInt8] {
        let sorted = records.sorted { $0.source < $1.source }
        var out = magic
        out.reserveCapacity(magic.count + 12 + sorted.count * recordSize)
        appendLE(&out, UInt64(sorted.count), bytes: 4)
        for r in sorted {
            out += r.source.raw
            out.append(r.state.rawValue)
            out += r.value.raw
        }
        appendLE(&out, checksum(out[...]), bytes: 8)
        return out
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
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }

    static func isValid(_ layer: [UInt8]) -> Bool {
        let header = magic.count + 4
        guard layer.count >= header + 8, layer.starts(with: magic) else { return false }
        let count = Int(readLE(layer, at: magic.count, bytes: 4))
        guard layer.count == header + count * recordSize + 8 else { return false }
        guard readLE(layer, at: layer.count - 8, bytes: 8) == checksum(layer[..<(layer.count - 8)]) else { return false }
        for i in 0..<count where State(rawValue: layer[header + i * recordSize + 20]) == nil { return false }
        return true
    }

    private static func record(_ layer: [UInt8], _ i: Int) -> Record {
        let o = magic.count + 4 + i * recordSize
        return layer.withUnsafeBytes { p in
            Record(source: ObjectID(bytes: p.baseAddress! + o), state: State(rawValue: p[o + 20])!, value: ObjectID(bytes: p.baseAddress! + o + 21))
        }
    }

    private static func search(_ layer: [UInt8], _ source: ObjectID) -> Record? {
        var lo = 0, hi = (layer.count - magic.count - 12) / recordSize
        while lo < hi {
            let mid = (lo + hi) / 2
            let r = record(layer, mid)
            if r.source == source { return r }
            if r.source < source { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}
