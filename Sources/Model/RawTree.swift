/// The raw format of a git tree object: `<octal mode> <name>\0<20-byte id>` per entry, in git's
/// order. The one encoder of trees in Carve (libgit2 wrapper, split engine and cache alike).
public enum RawTree {
    /// The raw bytes of a tree of `entries`, sorted the way git sorts them: by name, a folder's
    /// name compared as if it ended in '/'.
    public static func encode(_ entries: [TreeEntry]) -> [UInt8] {
        let keyed = entries.map { (key: Array($0.name.utf8) + ($0.isTree ? [UInt8(ascii: "/")] : []), entry: $0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 40)
        for (_, entry) in keyed.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            bytes += Array(String(entry.mode, radix: 8).utf8)
            bytes.append(UInt8(ascii: " "))
            bytes += Array(entry.name.utf8)
            bytes.append(0)
            bytes += entry.id.raw
        }
        return bytes
    }

    /// The entries of a raw tree, in their order; a truncated last entry is dropped.
    public static func entries(_ raw: [UInt8]) -> [TreeEntry] {
        var out: [TreeEntry] = []
        var i = 0
        while i < raw.count, let space = raw[i...].firstIndex(of: 0x20), let nul = raw[space...].firstIndex(of: 0), nul + 21 <= raw.count {
            let mode = raw[i..<space].reduce(UInt32(0)) { $0 * 8 + UInt32($1 &- 0x30) }
            let name = String(decoding: raw[(space + 1)..<nul], as: UTF8.self)
            out.append(TreeEntry(name: name, mode: mode, id: raw.withUnsafeBufferPointer { ObjectID(bytes: $0.baseAddress! + nul + 1) }))
            i = nul + 21
        }
        return out
    }
}
