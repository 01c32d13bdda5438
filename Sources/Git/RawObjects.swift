import Model

/// What raw commit and tree bytes link to, read without libgit2 (for objects that exist only in
/// memory, or are read by another handle).
enum RawObjects {
    /// The tree and the parents of a raw commit: `tree <hex>\n` first, then `parent <hex>\n` lines.
    static func links(ofCommit raw: [UInt8]) -> (tree: ObjectID, parents: [ObjectID])? {
        guard raw.count >= 46, let tree = ObjectID(hex: String(decoding: raw[5..<45], as: UTF8.self)) else { return nil }
        var parents: [ObjectID] = []
        var line = 46
        while line + 48 <= raw.count, raw[line..<(line + 7)].elementsEqual("parent ".utf8) {
            if let parent = ObjectID(hex: String(decoding: raw[(line + 7)..<(line + 47)], as: UTF8.self)) { parents.append(parent) }
            line += 48
        }
        return (tree, parents)
    }

    /// The mode and id of each entry of a raw tree (`<octal mode> <name>\0<20 bytes>`).
    static func entries(ofTree raw: [UInt8]) -> [(mode: UInt32, id: ObjectID)] {
        var out: [(mode: UInt32, id: ObjectID)] = []
        var i = 0
        while i < raw.count, let space = raw[i...].firstIndex(of: 0x20), let nul = raw[space...].firstIndex(of: 0), nul + 21 <= raw.count {
            let mode = raw[i..<space].reduce(UInt32(0)) { $0 * 8 + UInt32($1 &- 0x30) }
            out.append((mode, raw.withUnsafeBufferPointer { ObjectID(bytes: $0.baseAddress! + nul + 1) }))
            i = nul + 21
        }
        return out
    }
}
