#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// Builds the raw bytes of a split commit exactly as git subtree's `copy_commit` leaves them:
/// `git log -1 --pretty=format:'%an%n%ae%n%aD%n%cn%n%ce%n%cD%n%B'`, six shell `read`s, and
/// `git commit-tree` with the identities in the environment and the rest as the message.
enum CommitCopier {
    /// The new commit object for `original` with `tree` and `parents`.
    static func copy(_ original: UnsafeRawBufferPointer, id: ObjectID, tree: ObjectID, parents: [ObjectID]) throws(SplitError) -> [UInt8] {
        assemble(tree: tree, parents: parents, body: try body(original, id: id))
    }

    /// A split commit: its tree and parent lines, then `body` (what `body(_:id:)` made).
    static func assemble(tree: ObjectID, parents: [ObjectID], body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(46 + 48 * parents.count + body.count)
        out += treePrefix
        tree.appendHex(to: &out)
        out.append(newline)
        for p in parents {
            out += parentPrefix
            p.appendHex(to: &out)
            out.append(newline)
        }
        out += body
        return out
    }

    private static let treePrefix = Array("tree ".utf8)
    private static let parentPrefix = Array("parent ".utf8)

    /// What a split commit of `original` holds after its tree and parent lines: the author and
    /// committer lines and the message, as git subtree's `copy_commit` rewrites them. The same
    /// for every folder split out of `original`; the lines before it are ASCII, so making it
    /// valid UTF-8 on its own is what git does to the whole commit.
    static func body(_ original: UnsafeRawBufferPointer, id: ObjectID, plainFirst: Bool = true) throws(SplitError) -> [UInt8] {
        // `git log` re-encodes the whole commit buffer to UTF-8 when it names another encoding.
        let buffer = reencodedToUTF8(Array(original.bindMemory(to: UInt8.self).prefix { $0 != 0 }))
        let parsed = RawCommit.fields(buffer)
        guard let author = parsed.author, let committer = parsed.committer else {
            throw .uncopyable(id, "it has no author or committer line")
        }
        if plainFirst, let body = try plainBody(author: author, committer: committer, message: parsed.message, id: id) { return body }

        // Six `read`s, as dash does them, over the stream git log prints.
        var stream: [UInt8] = []
        for (i, field) in [author.name, author.email, dateToken, committer.name, committer.email, dateToken].enumerated() {
            stream += field
            if i < 6 { stream.append(newline) }
        }
        let messageStart = stream.count
        stream += parsed.message
        var reader = ShellReader(stream)
        let fields = (0..<6).map { _ in reader.readLine() }
        guard fields[2] == dateToken, fields[5] == dateToken, reader.offset == messageStart else {
            throw .uncopyable(id, "a name or email ends with a backslash, which makes git subtree's `read` swallow the next line")
        }
        let message = Array(stream[reader.offset...])
        try refuseNUL(in: message, id: id)

        var out: [UInt8] = []
        out.reserveCapacity(200 + message.count)
        out += authorPrefix
        try appendIdent(&out, name: fields[0], email: fields[1], date: GitDate(author), id: id)
        out += committerPrefix
        try appendIdent(&out, name: fields[3], email: fields[4], date: GitDate(committer), id: id)
        out.append(newline)
        out += message
        return ensureUTF8(out)
    }

    private static let dateToken = Array("DATE".utf8)
    private static let authorPrefix = Array("author ".utf8)
    private static let committerPrefix = Array("committer ".utf8)

    private static func refuseNUL(in message: [UInt8], id: ObjectID) throws(SplitError) {
        if message.contains(0) {
            throw .uncopyable(id, "its message contains a NUL byte, which git commit-tree refuses")
        }
    }

    /// `body` for the usual commit, made without the shell's steps: when no name or email has
    /// a byte that `read` or git's ident code would change (a backslash, `<` or `>`, crud at an
    /// end), the six reads and `commit-tree` give them back as they are. Nil otherwise (the
    /// full steps then decide). Three in four samples of `body` were those steps.
    static func plainBody(author: RawCommit.Identity, committer: RawCommit.Identity, message: [UInt8], id: ObjectID) throws(SplitError) -> [UInt8]? {
        func plain(_ field: [UInt8], mayBeEmpty: Bool) -> Bool {
            guard let first = field.first, let last = field.last else { return mayBeEmpty }
            if isCrud(first) || isCrud(last) { return false }
            for c in field where c == UInt8(ascii: "\\") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") { return false }
            return true
        }
        guard plain(author.name, mayBeEmpty: false), plain(author.email, mayBeEmpty: true),
              plain(committer.name, mayBeEmpty: false), plain(committer.email, mayBeEmpty: true) else { return nil }
        try refuseNUL(in: message, id: id)
        var out: [UInt8] = []
        out.reserveCapacity(120 + author.name.count + author.email.count + committer.name.count + committer.email.count + message.count)
        out += authorPrefix
        appendIdentLine(&out, name: author.name, email: author.email, date: GitDate(author))
        out += committerPrefix
        appendIdentLine(&out, name: committer.name, email: committer.email, date: GitDate(committer))
        out.append(newline)
        out += message
        return ensureUTF8(out)
    }

    static let newline = UInt8(ascii: "\n")

    // MARK: - What git commit-tree writes (ident.c fmt_ident, date.c)

    /// git's `crud()`: characters stripped from both ends of names and emails.
    static func isCrud(_ c: UInt8) -> Bool {
        c <= 32 || c == UInt8(ascii: ".") || c == UInt8(ascii: ",") || c == UInt8(ascii: ":") || c == UInt8(ascii: ";")
            || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") || c == UInt8(ascii: "\"")
            || c == UInt8(ascii: "\\") || c == UInt8(ascii: "'")
    }

    static func withoutCrud(_ s: [UInt8]) -> [UInt8] {
        var start = 0, end = s.count
        while start < end, isCrud(s[start]) { start += 1 }
        while end > start, isCrud(s[end - 1]) { end -= 1 }
        return s[start..<end].filter { $0 != newline && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    static func appendIdent(_ out: inout [UInt8], name: [UInt8], email: [UInt8], date: GitDate, id: ObjectID) throws(SplitError) {
        if name.isEmpty {
            throw .uncopyable(id, "its author or committer name is empty, which git commit-tree refuses")
        }
        if !name.contains(where: { !isCrud($0) }) {
            throw .uncopyable(id, "its author or committer name consists only of characters git refuses")
        }
        appendIdentLine(&out, name: withoutCrud(name), email: withoutCrud(email), date: date)
    }

    /// `NAME <EMAIL> DATE` and a newline, as commit-tree writes a name and email it has
    /// cleaned, with the date `%aD` and git's parser give back.
    private static func appendIdentLine(_ out: inout [UInt8], name: [UInt8], email: [UInt8], date: GitDate) {
        out += name
        out += [UInt8(ascii: " "), UInt8(ascii: "<")]
        out += email
        out += [UInt8(ascii: ">"), UInt8(ascii: " ")]
        date.roundTripped.appendText(to: &out)
        out.append(newline)
    }

    // MARK: - Encodings

    /// git's logmsg_reencode to UTF-8: a commit with an `encoding` header other than UTF-8 is
    /// converted whole; on any failure the buffer is used as it is.
    static func reencodedToUTF8(_ buffer: [UInt8]) -> [UInt8] {
        guard let encoding = header("encoding", in: buffer) else { return buffer }
        let name = String(decoding: encoding, as: UTF8.self)
        let lower = name.lowercased()
        if lower == "utf-8" || lower == "utf8" { return buffer }
        guard let converted = iconvToUTF8(buffer, from: name) ?? fallbackName(lower).flatMap({ iconvToUTF8(buffer, from: $0) }) else {
            return buffer
        }
        return converted
    }

    private static func fallbackName(_ lower: String) -> String? {
        switch lower {
        case "latin-1", "latin1": return "ISO-8859-1"
        default: return nil
        }
    }

    static func header(_ key: String, in buffer: [UInt8]) -> [UInt8]? {
        let prefix = Array((key + " ").utf8)
        var i = 0
        let n = buffer.count
        while i < n {
            var eol = i
            while eol < n, buffer[eol] != newline { eol += 1 }
            if eol == i { return nil }
            if buffer[i..<eol].starts(with: prefix) { return Array(buffer[(i + prefix.count)..<eol]) }
            i = eol + 1
        }
        return nil
    }

    static func iconvToUTF8(_ input: [UInt8], from encoding: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var inBytes = input.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        let ok: Bool = inBytes.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return false }
                let produced = outBuf.count - outLeft
                outBuf[produced] = 0
                return true
            }
        }
        guard ok, let end = output.firstIndex(of: 0) else { return nil }
        return output[..<end].map { UInt8(bitPattern: $0) }
    }

    /// git's verify_utf8 (commit.c): every byte that is not part of valid UTF-8 is taken as
    /// Latin-1 and converted.
    static func ensureUTF8(_ buffer: [UInt8]) -> [UInt8] {
        var pos = 0
        var out = buffer
        while let bad = firstInvalidUTF8(out, from: pos) {
            let c = out[bad]
            out.replaceSubrange(bad...bad, with: [0xC0 + (c >> 6), 0x80 + (c & 0x3F)])
            pos = bad + 2
        }
        return out
    }

    /// git's find_invalid_utf8.
    static func firstInvalidUTF8(_ buf: [UInt8], from start: Int) -> Int? {
        let maxCodepoint: [UInt32] = [0x7F, 0x7FF, 0xFFFF, 0x10FFFF]
        var i = start
        let n = buf.count
        while i < n {
            var c = buf[i]
            let badOffset = i
            i += 1
            if c < 0x80 { continue }
            var bytes = 0
            while c & 0x40 != 0 {
                c <<= 1
                bytes += 1
            }
            if bytes < 1 || bytes > 3 { return badOffset }
            if n - i < bytes { return badOffset }
            var codepoint = UInt32(c & 0x7F) >> UInt32(bytes)
            let minVal = maxCodepoint[bytes - 1] + 1
            let maxVal = maxCodepoint[bytes]
            for _ in 0..<bytes {
                codepoint = codepoint << 6 | UInt32(buf[i] & 0x3F)
                if buf[i] & 0xC0 != 0x80 { return badOffset }
                i += 1
            }
            if codepoint < minVal || codepoint > maxVal { return badOffset }
            if codepoint & 0x1F_F800 == 0xD800 { return badOffset }
            if codepoint & 0xFFFE == 0xFFFE { return badOffset }
            if codepoint >= 0xFDD0, codepoint <= 0xFDEF { return badOffset }
        }
        return nil
    }
}

/// A timestamp and the time zone as git stores it (`+0200` is 200).
struct GitDate: Equatable {
    var timestamp: Int64
    var tz: Int

    init(timestamp: Int64, tz: Int) {
        self.timestamp = timestamp
        self.tz = tz
    }

    /// The date of an identity line.
    init(_ identity: RawCommit.Identity) {
        self.init(timestamp: identity.timestamp, tz: identity.tz)
    }

    /// What `%aD` followed by git's date parser gives back: the same instant and zone when the
    /// zone is well-formed; otherwise git reads the wall-clock time in the local zone, which on a
    /// UTC machine shifts the instant and resets the zone to +0000.
    var roundTripped: GitDate {
        let magnitude = abs(tz)
        let hours = magnitude / 100, minutes = magnitude % 100
        if magnitude < 10000, minutes < 60, hours < 24 { return GitDate(timestamp: timestamp, tz: tz < 0 ? -magnitude : magnitude) }
        let offsetMinutes = (hours * 60 + minutes) * (tz < 0 ? -1 : 1)
        return GitDate(timestamp: timestamp + Int64(offsetMinutes) * 60, tz: 0)
    }

    /// Appends `text` to `out` (`timestamp +hhmm`).
    func appendText(to out: inout [UInt8]) {
        // At most 20 digits and a sign: a small string, made without allocating.
        out.append(contentsOf: String(timestamp).utf8)
        out.append(UInt8(ascii: " "))
        out.append(tz < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let m = abs(tz)
        let hh = m / 100, mm = m % 100
        if hh < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(hh).utf8)
        out.append(UInt8(ascii: "0") + UInt8(mm / 10))
        out.append(UInt8(ascii: "0") + UInt8(mm % 10))
    }

    /// `timestamp +hhmm`, as git writes it in a commit.
    var text: String {
        var out: [UInt8] = []
        appendText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// dash's `read VAR` without `-r`: backslash-newline joins lines, a backslash protects the next
/// character, and unprotected blanks are trimmed from both ends.
struct ShellReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func readLine() -> [UInt8] {
        var value: [UInt8] = []
        var protected: [Bool] = []
        while offset < bytes.count {
            let c = bytes[offset]
            offset += 1
            if c == UInt8(ascii: "\\") {
                guard offset < bytes.count else { break }
                let next = bytes[offset]
                offset += 1
                if next == CommitCopier.newline { continue }
                value.append(next)
                protected.append(true)
                continue
            }
            if c == CommitCopier.newline { break }
            value.append(c)
            protected.append(false)
        }
        var start = 0, end = value.count
        func blank(_ i: Int) -> Bool {
            !protected[i] && (value[i] == 0x20 || value[i] == 0x09 || value[i] == 0x0A)
        }
        while start < end, blank(start) { start += 1 }
        while end > start, blank(end - 1) { end -= 1 }
        return Array(value[start..<end])
    }
}
