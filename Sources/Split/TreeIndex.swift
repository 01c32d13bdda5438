import Model

/// Finds folders in trees for every job of a walk, reading each tree once: a tree is scanned for
/// all the names any folder uses, and the hits are remembered by tree id, so that sixty
/// components under `Sources/` cost one scan of each `Sources` tree, not sixty.
struct TreeIndex {
    struct Entry {
        var mode: UInt32
        var id: ObjectID
    }

    /// Every path component any folder uses; a folder is a list of indices into it.
    private(set) var names: [[UInt8]] = []
    private var nameIndex: [[UInt8]: Int32] = [:]
    private var byHash: [UInt64: Int32] = [:]
    private var interestingLength = [Bool](repeating: false, count: 256)
    private var longNames = false
    private var memo: [ObjectID: ContiguousArray<(name: Int32, entry: Entry)>] = [:]

    /// Registers a folder's path and returns its component indices.
    mutating func register(_ path: [String]) -> [Int32] {
        path.map { component in
            let bytes = Array(component.utf8)
            if let i = nameIndex[bytes] { return i }
            let i = Int32(names.count)
            names.append(bytes)
            nameIndex[bytes] = i
            byHash[bytes.withUnsafeBufferPointer { Self.hash($0) }] = i
            if bytes.count < 256 { interestingLength[bytes.count] = true } else { longNames = true }
            return i
        }
    }

    /// The entry `name` (an index from `register`) of `tree`.
    mutating func entry<Store: SplitStore>(_ name: Int32, in tree: ObjectID, store: Store) throws -> Entry? {
        if let hits = memo[tree] {
            for hit in hits where hit.name == name { return hit.entry }
            return nil
        }
        let hits = try store.withObject(tree, kind: .tree) { raw in scan(raw) }
        if memo.count >= 65536 { memo.removeAll(keepingCapacity: true) }
        memo[tree] = hits
        for hit in hits where hit.name == name { return hit.entry }
        return nil
    }

    /// The entries of a raw tree whose names some folder uses.
    private func scan(_ raw: UnsafeRawBufferPointer) -> ContiguousArray<(name: Int32, entry: Entry)> {
        var hits = ContiguousArray<(name: Int32, entry: Entry)>()
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        var i = 0
        while i < n {
            var mode: UInt32 = 0
            while i < n, bytes[i] != RawObject.space {
                mode = mode << 3 | UInt32(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            i += 1
            let nameStart = i
            while i < n, bytes[i] != 0 { i += 1 }
            let length = i - nameStart
            i += 1
            guard i + 20 <= n else { break }
            if length < 256 ? interestingLength[length] : longNames {
                let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<(nameStart + length)])
                if let k = byHash[Self.hash(name)], names[Int(k)].elementsEqual(name) {
                    hits.append((k, Entry(mode: mode, id: ObjectID(bytes: UnsafeRawPointer(bytes.baseAddress! + i)))))
                }
            }
            i += 20
        }
        return hits
    }

    /// FNV-1a, 64 bits.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}
