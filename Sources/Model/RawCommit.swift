/// The raw format of a git commit object: `tree`, `parent`s, `author`, `committer`, other
/// headers, a blank line, the message. The one commit parser in Carve: the split engine's hot
/// loop reads the links with `header`, the copy and the libgit2 wrapper read identities with
/// `fields`.
public enum RawCommit {
    /// The links of a commit, and what the split engine needs of the rest.
    public struct Header: Sendable, Equatable {
        /// The root tree.
        public var tree: ObjectID
        /// The parents, in order.
        public var parents: [ObjectID]
        /// True when the text after the parents names `git-subtree-dir:` (a subtree marker).
        public var mentionsSubtree: Bool
        /// The committer date as git's parse_commit_date reads it (0 when malformed).
        public var date: UInt64
    }

    /// Why a commit's links cannot be read.
    public enum Malformed: Error, Equatable {
        case noTreeHeader
        case malformedParent
    }

    /// An identity line (`author` or `committer`) as git's split_ident_line reads it.
    public struct Identity: Sendable, Equatable {
        public var name: [UInt8]
        public var email: [UInt8]
        /// Seconds since the epoch (0 when missing or out of range).
        public var timestamp: Int64
        /// The zone as written, e.g. +0100 is 100 (0 when missing or malformed).
        public var tz: Int
        /// The text after the last '>', without surrounding blanks: `<seconds> <zone>` as git
        /// writes it.
        public var date: [UInt8]
    }

    /// The identities and message of a commit.
    public struct Fields: Sendable, Equatable {
        public var author: Identity?
        public var committer: Identity?
        /// Everything after the blank line that ends the header (git's %B).
        public var message: [UInt8]
    }

    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")

    /// Parses the `tree` and `parent` headers (which git writes first) and the committer date.
    public static func header(_ raw: UnsafeRawBufferPointer) throws(Malformed) -> Header {
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        guard n >= 46, matches(bytes, at: 0, "tree "), let tree = hexID(bytes, at: 5), bytes[45] == newline else {
            throw .noTreeHeader
        }
        var parents: [ObjectID] = []
        var i = 46
        while i + 48 <= n, matches(bytes, at: i, "parent ") {
            guard let p = hexID(bytes, at: i + 7), bytes[i + 47] == newline else { throw .malformedParent }
            parents.append(p)
            i += 48
        }
        return Header(tree: tree, parents: parents, mentionsSubtree: contains(bytes, from: i, "git-subtree-dir:"), date: committerDate(bytes, from: i))
    }

    /// `header` of a commit in an array; nil when malformed.
    public static func header(_ raw: [UInt8]) -> Header? {
        raw.withUnsafeBytes { try? header($0) }
    }

    /// git's parse_commit_date: the `author` line must follow the parents (at `start`) and the
    /// `committer` line must follow it; the date is the number after the committer line's last '>'.
    public static func committerDate(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
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

    /// The identities and the message; the last `author` and `committer` header lines win, as
    /// in git's pretty.c.
    public static func fields(_ buffer: [UInt8]) -> Fields {
        var author: Identity?
        var committer: Identity?
        var i = 0
        let n = buffer.count
        while i < n {
            var eol = i
            while eol < n, buffer[eol] != newline { eol += 1 }
            if eol == i { break }
            let line = buffer[i..<eol]
            if line.starts(with: "author ".utf8) {
                author = identity(Array(line.dropFirst(7)))
            } else if line.starts(with: "committer ".utf8) {
                committer = identity(Array(line.dropFirst(10)))
            }
            i = eol + 1
        }
        let message = i < n ? Array(buffer[(i + 1)...]) : []
        return Fields(author: author, committer: committer, message: message)
    }

    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    /// git's split_ident_line, with the date read as %aD reads it.
    public static func identity(_ line: [UInt8]) -> Identity? {
        guard let lt = line.firstIndex(of: UInt8(ascii: "<")) else { return nil }
        var nameEnd = lt - 1
        while nameEnd >= 0, isSpace(line[nameEnd]) { nameEnd -= 1 }
        let name = nameEnd >= 0 ? Array(line[0...nameEnd]) : []
        guard let gt = line[(lt + 1)...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let email = Array(line[(lt + 1)..<gt])
        // The date follows the last '>'.
        var cp = line.lastIndex(of: UInt8(ascii: ">"))! + 1
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let date = Array(line[cp...].drop(while: blank).reversed().drop(while: blank).reversed())
        while cp < line.count, isSpace(line[cp]) { cp += 1 }
        var out = Identity(name: name, email: email, timestamp: 0, tz: 0, date: date)
        let digitsStart = cp
        var timestamp: UInt64 = 0
        var overflow = false
        while cp < line.count, line[cp] >= 0x30, line[cp] <= 0x39 {
            let (m, o1) = timestamp.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(line[cp] - 0x30))
            overflow = overflow || o1 || o2
            timestamp = s
            cp += 1
        }
        if cp > digitsStart, !overflow, timestamp <= UInt64(Int64.max) {
            out.timestamp = Int64(timestamp)
            while cp < line.count, isSpace(line[cp]) { cp += 1 }
            if cp < line.count, line[cp] == UInt8(ascii: "+") || line[cp] == UInt8(ascii: "-") {
                let negative = line[cp] == UInt8(ascii: "-")
                var k = cp + 1
                var tz: Int64 = 0
                while k < line.count, line[k] >= 0x30, line[k] <= 0x39, tz < Int64(Int32.max) {
                    tz = tz * 10 + Int64(line[k] - 0x30)
                    k += 1
                }
                if k > cp + 1, tz < Int64(Int32.max) {
                    out.tz = Int(negative ? -tz : tz)
                }
            }
        }
        return out
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
