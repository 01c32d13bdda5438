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
        public var sources: LayerBytes
        public var values: LayerBytes

        /// Wraps two encoded blobs (check with `isValid`).
        public init(sources: LayerBytes, values: LayerBytes) {
            self.sources = sources
            self.values = values
        }

        /// Wraps two encoded blobs held in memory.
        public init(sources: [UInt8], values: [UInt8]) {
            self.init(sources: LayerBytes(sources), values: LayerBytes(values))
        }
    }

    static let sourcesMagic = Array("CARVE-SRC-2\n".utf8)
    static let valuesMagic = Array("CARVE-VAL-2\n".utf8)

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
            // An entry that is invalid, or lies in a part of the layer whose checksum does not
            // match, counts as unknown: the commit is then split again, which is always right.
            switch Self.search(layer.sources, source) {
            case .found(let i): return Self.record(layer, i, source: source)
            case .damaged: return nil
            case .absent: continue
            }
        }
        return nil
    }

    /// Adds a layer.
    public mutating func append(_ layer: Layer) {
        layers.append(layer)
    }

    /// Merges all layers into one (their records that read back whole).
    public func compacted() -> SplitCache {
        var latest: [ObjectID: Record] = [:]
        for layer in layers {
            // Checked whole once, then read without checking each part again.
            guard Self.isValid(layer) else { continue }
            for i in 0..<Self.count(layer.sources) {
                guard let r = Self.record(layer, i, source: Self.checkedSource(layer.sources, i), checked: true) else { continue }
                latest[r.source] = r
            }
        }
        var out = SplitCache()
        out.markerCommits = markerCommits
        out.append(Self.encode(latest.values.sorted { $0.source < $1.source }))
        return out
    }

    // MARK: - Encoding
    //
    // Both blobs are their content (a magic line, counts, then fixed-size fields) followed by a
    // trailer: an FNV-1a checksum per 1,024 bytes of content, the number of those, and a
    // checksum of the trailer. A lookup checks only the parts it reads, so an incremental run
    // reads a few kilobytes of each component's mapping (the blobs are read where the pack
    // holds them), not the whole of it: every commit of the history, 5 bytes each per
    // component, and 20 bytes each in the sources every component of one walk shares.

    static let part = 1024

    /// Encodes records sorted by source. `sources` may be passed in when already encoded for
    /// the same sources (every job of one walk).
    public static func encode(_ sorted: [Record], sources known: LayerBytes? = nil) -> Layer {
        var table: [ObjectID: UInt32] = [:]
        var tableIDs: [ObjectID] = []
        var states: [UInt8] = []
        var indexes: [UInt32] = []
        states.reserveCapacity(sorted.count)
        indexes.reserveCapacity(sorted.count)
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
            states.append(r.state.rawValue)
            indexes.append(index)
        }
        return encode(count: sorted.count, source: { sorted[$0].source }, states: states, indexes: indexes, values: tableIDs, sources: known)
    }

    /// Encodes `count` records sorted by source: record `i` has source `source(i)`, state
    /// `states[i]` and value `values[indexes[i]]` (`UInt32.max`: none), the values in the
    /// order the records first name them. `sources` as in `encode(_:sources:)`.
    static func encode(count: Int, source: (Int) -> ObjectID, states: [UInt8], indexes: [UInt32], values valueIDs: [ObjectID], sources known: LayerBytes?) -> Layer {
        let sources: LayerBytes
        if let known {
            sources = known
        } else {
            var content = sourcesMagic
            content.reserveCapacity(sourcesMagic.count + 4 + count * 20)
            appendLE(&content, UInt64(count), bytes: 4)
            for i in 0..<count { source(i).appendRaw(to: &content) }
            sources = LayerBytes(sealed(content))
        }
        var values = valuesMagic
        values.reserveCapacity(valuesMagic.count + 8 + valueIDs.count * 20 + count * 5)
        appendLE(&values, UInt64(count), bytes: 4)
        appendLE(&values, UInt64(valueIDs.count), bytes: 4)
        for id in valueIDs { id.appendRaw(to: &values) }
        for i in 0..<count {
            values.append(states[i])
            withUnsafeBytes(of: indexes[i].littleEndian) { values.append(contentsOf: $0) }
        }
        return Layer(sources: sources, values: LayerBytes(sealed(values)))
    }

    /// `content` and its trailer.
    static func sealed(_ content: [UInt8]) -> [UInt8] {
        var out = content
        let parts = (content.count + part - 1) / part
        out.reserveCapacity(content.count + parts * 8 + 12)
        for k in 0..<parts { appendLE(&out, checksum(content[(k * part)..<min(content.count, (k + 1) * part)]), bytes: 8) }
        appendLE(&out, UInt64(parts), bytes: 4)
        appendLE(&out, checksum(out[content.count...]), bytes: 8)
        return out
    }

    private static func appendLE(_ out: inout [UInt8], _ value: UInt64, bytes: Int) {
        for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        // FNV-1a over 8-byte words, then the tail.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let words = raw.count / 8
        for w in 0..<words { h = (h ^ raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)) &* 0x100_0000_01B3 }
        for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x100_0000_01B3 }
        return h
    }

    /// The length of a blob's content when its trailer is whole (its size, count and own
    /// checksum); nil when it is not.
    static func contentCount(_ b: LayerBytes) -> Int? {
        guard b.count >= 12 else { return nil }
        let parts = Int(b.le(at: b.count - 12, bytes: 4))
        let content = b.count - 12 - parts * 8
        guard content >= 0, parts == (content + part - 1) / part,
              b.le(at: b.count - 8, bytes: 8) == b.withBytes(content..<(b.count - 8), checksum) else { return nil }
        return content
    }

    /// True when the parts of a blob's content that `range` touches match their checksums.
    static func holds(_ b: LayerBytes, _ range: Range<Int>) -> Bool {
        guard let content = b.contentLength, range.upperBound <= content else { return false }
        for k in (range.lowerBound / part)...max(range.lowerBound / part, (range.upperBound - 1) / part) {
            let bounds = (k * part)..<min(content, (k + 1) * part)
            guard b.withBytes(bounds, checksum) == b.le(at: content + 8 * k, bytes: 8) else { return false }
        }
        return true
    }

    private static func count(_ sources: LayerBytes) -> Int { Int(sources.le(at: sourcesMagic.count, bytes: 4)) }

    static func isValid(_ layer: Layer) -> Bool {
        guard let n = validSourceCount(layer.sources, whole: true) else { return false }
        return isValid(values: layer.values, count: n)
    }

    /// The number of sources of a sources blob whose trailer, header and size are right (with
    /// `whole`, every part checked too); nil when it is corrupt.
    static func validSourceCount(_ s: LayerBytes, whole: Bool = false) -> Int? {
        guard let content = s.contentLength, content >= sourcesMagic.count + 4,
              holds(s, 0..<(sourcesMagic.count + 4)), s.withBytes(0..<sourcesMagic.count, { $0.elementsEqual(sourcesMagic) }) else { return nil }
        let n = count(s)
        guard content == sourcesMagic.count + 4 + 20 * n, !whole || holds(s, 0..<content) else { return nil }
        return n
    }

    /// True when `v` is a values blob for `n` sources whose trailer, header and size are right.
    /// With `entries`, every part and every entry are checked too; without, each entry is
    /// checked when it is looked up (`record` gives nil for a bad one): a run that looks up a
    /// few commits then reads a few parts of the blob.
    static func isValid(values v: LayerBytes, count n: Int, entries: Bool = true) -> Bool {
        let header = valuesMagic.count + 8
        guard let content = v.contentLength, content >= header, holds(v, 0..<header),
              v.withBytes(0..<valuesMagic.count, { $0.elementsEqual(valuesMagic) }),
              Int(v.le(at: valuesMagic.count, bytes: 4)) == n else { return false }
        let t = Int(v.le(at: valuesMagic.count + 4, bytes: 4))
        guard content == header + 20 * t + 5 * n else { return false }
        guard entries else { return true }
        guard holds(v, 0..<content) else { return false }
        let base = header + 20 * t
        for i in 0..<n {
            guard let state = State(rawValue: v.byte(at: base + 5 * i)) else { return false }
            let index = v.le(at: base + 5 * i + 1, bytes: 4)
            if state == .noTree ? index != UInt64(UInt32.max) : index >= UInt64(t) { return false }
        }
        return true
    }

    /// Source `i`; nil when its part of the blob is damaged.
    private static func source(_ sources: LayerBytes, _ i: Int) -> ObjectID? {
        let at = sourcesMagic.count + 4 + 20 * i
        return holds(sources, at..<(at + 20)) ? checkedSource(sources, i) : nil
    }

    /// Source `i` of a blob checked whole already.
    private static func checkedSource(_ sources: LayerBytes, _ i: Int) -> ObjectID {
        let at = sourcesMagic.count + 4 + 20 * i
        return sources.withBytes(at..<(at + 20)) { ObjectID(bytes: $0.baseAddress!) }
    }

    /// Record `i` of a layer; nil when its entry is invalid (a state or index out of range) or
    /// lies in a damaged part of the blob.
    private static func record(_ layer: Layer, _ i: Int, source: ObjectID, checked: Bool = false) -> Record? {
        let v = layer.values
        let header = valuesMagic.count + 8
        let t = Int(v.le(at: valuesMagic.count + 4, bytes: 4))
        let base = header + 20 * t + 5 * i
        guard checked || holds(v, base..<(base + 5)) else { return nil }
        guard let state = State(rawValue: v.byte(at: base)) else { return nil }
        let index = Int(v.le(at: base + 1, bytes: 4))
        if state == .noTree ? index != Int(UInt32.max) : index >= t { return nil }
        if state == .noTree { return Record(source: source, state: state, value: .zero) }
        let at = header + 20 * index
        guard checked || holds(v, at..<(at + 20)) else { return nil }
        return Record(source: source, state: state, value: v.withBytes(at..<(at + 20)) { ObjectID(bytes: $0.baseAddress!) })
    }

    private enum Search { case found(Int), absent, damaged }

    private static func search(_ sources: LayerBytes, _ id: ObjectID) -> Search {
        // Sources [lo, hi) are left; those before lo sort before `id`, those from hi after it.
        var lo = 0, hi = count(sources)
        // Ids are uniformly distributed: interpolating on the first word lands near `id`, so
        // a lookup reads a part or two of the blob, where bisection reads a dozen.
        var low: UInt64 = 0, high: UInt64 = .max
        var steps = 0
        while hi - lo > 16, steps < 8, high > low {
            steps += 1
            let fraction = Double(id.a - low) / Double(high - low)
            let mid = min(hi - 1, max(lo, lo + Int(fraction * Double(hi - lo - 1))))
            guard let s = source(sources, mid) else { return .damaged }
            if s == id { return .found(mid) }
            if s < id {
                lo = mid + 1
                low = s.a
            } else {
                hi = mid
                high = s.a
            }
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            guard let s = source(sources, mid) else { return .damaged }
            if s == id { return .found(mid) }
            if s < id { lo = mid + 1 } else { hi = mid }
        }
        return .absent
    }
}

/// A layer blob's bytes: in memory, or where a pack mapped for the whole run holds them (read
/// in place, a few parts at a time).
public struct LayerBytes: Sendable, Equatable {
    private enum Storage: Sendable {
        case memory([UInt8])
        case mapped(MappedBytes)
    }

    private let storage: Storage
    /// The length of the content before the trailer, when the trailer is whole (found once).
    private(set) var contentLength: Int?

    /// Bytes in memory.
    public init(_ bytes: [UInt8]) {
        self.init(storage: .memory(bytes))
    }

    /// Bytes where a pack holds them.
    public init(mapped: MappedBytes) {
        self.init(storage: .mapped(mapped))
    }

    private init(storage: Storage) {
        self.storage = storage
        contentLength = nil
        contentLength = SplitCache.contentCount(self)
    }

    /// The number of bytes.
    public var count: Int {
        switch storage {
        case .memory(let b): return b.count
        case .mapped(let m): return m.count
        }
    }

    /// A copy of the bytes.
    public var array: [UInt8] {
        switch storage {
        case .memory(let b): return b
        case .mapped(let m): return m.array
        }
    }

    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .memory(let b): return try b.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        case .mapped(let m): return try m.withBytes(range, body)
        }
    }

    func byte(at i: Int) -> UInt8 {
        withBytes(i..<(i + 1)) { $0[0] }
    }

    /// The little-endian number of `bytes` bytes at `offset`.
    func le(at offset: Int, bytes n: Int) -> UInt64 {
        withBytes(offset..<(offset + n)) { raw in
            var v: UInt64 = 0
            for i in (0..<n).reversed() { v = v << 8 | UInt64(raw[i]) }
            return v
        }
    }

    public static func == (a: LayerBytes, b: LayerBytes) -> Bool {
        a.array == b.array
    }
}
