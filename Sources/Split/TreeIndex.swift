#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// Finds every job's folders in a commit's tree at once, reading each tree once: the folder
/// paths of all jobs form a trie, a tree is scanned once for all the names its trie node needs,
/// and the hits are remembered by tree id. Sixty components under `Sources/` cost one scan of
/// each distinct `Sources` tree, and a commit that did not change `Sources` costs a lookup.
struct TreeIndex {
    struct Entry {
        var mode: UInt32
        var id: ObjectID
    }

    private struct TrieNode {
        /// The children's name hashes, in the order of `children`.
        var childHashes: [UInt64] = []
        /// An open-addressing table of indexes into `children` by name hash (-1: empty), at
        /// least twice as large as `children`: 40 components under one folder would otherwise
        /// make every entry of each of its 70,000 trees a linear search of 40 hashes.
        var slots: [Int32] = [-1, -1]
        /// Which name lengths any child has (256 bits): a tree entry of another length is not
        /// hashed. Kept per node: 40 components' names would otherwise make nearly every
        /// entry of every tree on the way (the root's, `src`'s...) worth hashing.
        var lengths = SIMD4<UInt64>()
        var name: [UInt8] = []
        var children: [Int32] = []
        /// Folder paths that end here.
        var paths: [Int32] = []
        /// Scan results by tree id: (child trie node, entry).
        var memo: [ObjectID: ContiguousArray<(child: Int32, entry: Entry)>] = [:]
    }

    private var nodes: [TrieNode] = [TrieNode()]
    private(set) var pathCount = 0

    /// The folder tree of every registered path for `resolvedRoot` (nil: no folder there).
    private(set) var resolved: [ObjectID?] = []
    private var resolvedRoot: ObjectID?

    /// Registers a folder path; returns its id, an index into `resolved`.
    mutating func register(_ path: [String]) -> Int32 {
        var at: Int32 = 0
        for component in path {
            let bytes = Array(component.utf8)
            let h = bytes.withUnsafeBufferPointer { FNV1a.hash($0) }
            if let child = self.child(of: at, hash: h, name: bytes) {
                at = child
                continue
            }
            let child = Int32(nodes.count)
            var node = TrieNode()
            node.name = bytes
            nodes.append(node)
            nodes[Int(at)].childHashes.append(h)
            nodes[Int(at)].children.append(child)
            Self.rebuildSlots(&nodes[Int(at)])
            if bytes.count < 256 { Self.setLength(bytes.count, in: &nodes[Int(at)].lengths) }
            at = child
        }
        let id = Int32(pathCount)
        pathCount += 1
        nodes[Int(at)].paths.append(id)
        resolved.append(nil)
        resolvedRoot = nil
        return id
    }

    private func child(of node: Int32, hash: UInt64, name: [UInt8]) -> Int32? {
        name.withUnsafeBufferPointer { child(of: nodes[Int(node)], hash: hash, name: $0) }
    }

    /// The child of `n` named `name` (whose hash is `hash`), if any.
    private func child(of n: TrieNode, hash: UInt64, name: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = n.slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let k = n.slots[i]
            if k < 0 { return nil }
            if n.childHashes[Int(k)] == hash {
                let child = n.children[Int(k)]
                let equal = nodes[Int(child)].name.withUnsafeBufferPointer { own in
                    own.count == name.count && (own.isEmpty || memcmp(own.baseAddress!, name.baseAddress!, own.count) == 0)
                }
                if equal { return child }
            }
            i = (i + 1) & mask
        }
    }

    private static func rebuildSlots(_ n: inout TrieNode) {
        var size = 2
        while size < 2 * n.children.count { size *= 2 }
        n.slots = [Int32](repeating: -1, count: size)
        for (k, h) in n.childHashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & (size - 1)
            while n.slots[i] >= 0 { i = (i + 1) & (size - 1) }
            n.slots[i] = Int32(k)
        }
    }

    private static func setLength(_ length: Int, in bits: inout SIMD4<UInt64>) {
        bits[length >> 6] |= UInt64(1) << UInt64(length & 63)
    }

    private static func hasLength(_ length: Int, in bits: SIMD4<UInt64>) -> Bool {
        bits[length >> 6] & UInt64(1) << UInt64(length & 63) != 0
    }

    /// Resolves every registered path in the commit tree `root` (once per root).
    mutating func resolve<Store: SplitStore>(root: ObjectID, store: Store) throws {
        if resolvedRoot == root { return }
        for i in resolved.indices { resolved[i] = nil }
        try visit(0, tree: root, store: store)
        resolvedRoot = root
    }

    private mutating func visit<Store: SplitStore>(_ node: Int32, tree: ObjectID, store: Store) throws {
        let hits: ContiguousArray<(child: Int32, entry: Entry)>
        if let known = nodes[Int(node)].memo[tree] {
            hits = known
        } else {
            hits = try store.withObject(tree, kind: .tree) { raw in scan(raw, node: node) }
            if nodes[Int(node)].memo.count >= 4096 { nodes[Int(node)].memo.removeAll(keepingCapacity: true) }
            nodes[Int(node)].memo[tree] = hits
        }
        for hit in hits where hit.entry.mode == 0o040000 {
            for path in nodes[Int(hit.child)].paths { resolved[Int(path)] = hit.entry.id }
            if !nodes[Int(hit.child)].children.isEmpty {
                try visit(hit.child, tree: hit.entry.id, store: store)
            }
        }
    }

    /// The entries of a raw tree that are children of trie node `node`.
    private func scan(_ raw: UnsafeRawBufferPointer, node: Int32) -> ContiguousArray<(child: Int32, entry: Entry)> {
        var hits = ContiguousArray<(child: Int32, entry: Entry)>()
        let wanted = nodes[Int(node)]
        guard !wanted.children.isEmpty else { return hits }
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        var i = 0
        while i < n {
            var mode: UInt32 = 0
            while i < n, bytes[i] != UInt8(ascii: " ") {
                mode = mode << 3 | UInt32(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            i += 1
            let nameStart = i
            while i < n, bytes[i] != 0 { i += 1 }
            let length = i - nameStart
            i += 1
            guard i + 20 <= n else { break }
            if length < 256, Self.hasLength(length, in: wanted.lengths) {
                let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<(nameStart + length)])
                if let child = child(of: wanted, hash: FNV1a.hash(name), name: name) {
                    hits.append((child, Entry(mode: mode, id: ObjectID(bytes: UnsafeRawPointer(bytes.baseAddress! + i)))))
                }
            }
            i += 20
        }
        return hits
    }
}
