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
        /// The committer date as git's parse_commit_date reads it (0 when malformed).
        var date: UInt64
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
        return CommitHeader(tree: tree, parents: parents, mentionsSubtree: contains(bytes, from: i, "git-subtree-dir:"), date: commitDate(bytes, from: i))
    }

    /// git's parse_commit_date: the `author` line must follow the parents and the `committer`
    /// line must follow it; the date is the number after the committer line's last '>'.
    static func commitDate(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
        let n = bytes.count
        guard matches(bytes, at: start, "author") else { return 0 }
        var i = start
        while i < n, bytes[i] != newline { i += 1 }
        i += 1
        guard i + 9 < n, matches(bytes, at: i, "committer") else { return 0 }
        var eol = i
        while eol < n, bytes[eol] != newline { eol += 1 }
        guard eol < n else { return 0 }
        var d = eol
        while d > i, bytes[d - 1] != UInt8(ascii: ">") { d -= 1 }
        guard d > i else { return 0 }
        while d < eol, bytes[d] == space || bytes[d] == 0x09 || bytes[d] == 0x0D { d += 1 }
        var value: UInt64 = 0
        while d < eol, bytes[d] >= 0x30, bytes[d] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(bytes[d] - 0x30))
            if o1 || o2 { return UInt64.max }
            value = s
            d += 1
        }
        return value
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
