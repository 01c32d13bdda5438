import Model

/// Parsing of raw git objects, without copying them.
enum RawObject {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")

    /// The tree and parents of a raw commit, and whether its message mentions a subtree marker.
    struct CommitHeader {
        var tree: ObjectID
        var parents: [ObjectID]
        var mentionsSubtree: Bool
    }

    /// Parses the `tree` and `parent` headers of a commit.
    static func commitHeader(_ raw: UnsafeRawBufferPointer, id: ObjectID) throws(SplitError) -> CommitHeader {
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        guard n >= 46, matches(bytes, at: 0, "tree "), let tree = hexID(bytes, at: 5), bytes[45] == newline else {
            throw .corruptObject(id, "commit has no tree header")
        }
        var parents: [ObjectID] = []
        var i = 46
        while i + 48 <= n, matches(bytes, at: i, "parent ") {
            guard let p = hexID(bytes, at: i + 7), bytes[i + 47] == newline else {
                throw .corruptObject(id, "malformed parent header")
            }
            parents.append(p)
            i += 48
        }
        return CommitHeader(tree: tree, parents: parents, mentionsSubtree: contains(bytes, from: i, "git-subtree-dir:"))
    }

    /// Looks up one entry of a raw tree by name.
    static func treeEntry(_ raw: UnsafeRawBufferPointer, named name: [UInt8]) -> (mode: UInt32, id: ObjectID)? {
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        var i = 0
        while i < n {
            var mode: UInt32 = 0
            while i < n, bytes[i] != space {
                mode = mode << 3 | UInt32(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            i += 1
            let nameStart = i
            while i < n, bytes[i] != 0 { i += 1 }
            let nameEnd = i
            i += 1
            guard i + 20 <= n else { return nil }
            if nameEnd - nameStart == name.count {
                var equal = true
                for k in 0..<name.count where bytes[nameStart + k] != name[k] {
                    equal = false
                    break
                }
                if equal {
                    return (mode, ObjectID(bytes: UnsafeRawPointer(bytes.baseAddress! + i)))
                }
            }
            i += 20
        }
        return nil
    }

    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let p = text.utf8Start
        for k in 0..<count where bytes[offset + k] != p[k] { return false }
        return true
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        let first = text.utf8Start[0]
        var i = start
        while i + count <= bytes.count {
            if bytes[i] == first, matches(bytes, at: i, text) { return true }
            i += 1
        }
        return false
    }

    static func hexID(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> ObjectID? {
        guard offset + 40 <= bytes.count else { return nil }
        return ObjectID(hexDigits: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + 40)]))
    }
}
