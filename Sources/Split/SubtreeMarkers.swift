#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// Port of git subtree's `find_existing_splits`: commits whose message has a line
/// `git-subtree-dir: DIR` (from `git subtree add`, `split --rejoin` or `--squash`) tell which
/// mainline commit corresponds to which subtree commit.
struct SubtreeMarkers {
    /// `cache_set KEY VALUE` lines, in the order git subtree performs them. Keys are the raw
    /// words of the message; only full lowercase ids ever match a commit later.
    var cacheEntries: [(key: String, value: ObjectID)] = []
    /// Revisions excluded from the walk (`^MAIN^` and `^SUB^`), as revision strings.
    var exclusions: [String] = []

    private var regex = regex_t()
    private let compiled: Bool

    /// `dir` is the folder exactly as git subtree has it (no trailing slash).
    init(dir: String) {
        // git log --grep uses POSIX basic regular expressions, matched line by line.
        compiled = regcomp(&regex, "^git-subtree-dir: \(dir)/*$", REG_NOSUB) == 0
    }

    /// True when a line of the (UTF-8) message matches the `--grep` pattern.
    mutating func matches(message: [UInt8]) -> Bool {
        guard compiled else { return false }
        var found = false
        var start = 0
        while start <= message.count, !found {
            var end = start
            while end < message.count, message[end] != 0x0A { end += 1 }
            let line = Array(message[start..<end]) + [0]
            found = line.withUnsafeBufferPointer { p in
                p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { regexec(&regex, $0, 0, nil, 0) == 0 }
            }
            start = end + 1
        }
        return found
    }

    /// Runs git subtree's `while read a b junk` loop over one commit's
    /// `START %H%n%s%n%n%b%nEND%n` block.
    mutating func scan(commit: ObjectID, message: [UInt8], resolve: (String) -> ObjectID?) throws(SplitError) {
        var text = Array("START ".utf8) + commit.hexBytes + [0x0A]
        let (subject, body) = Self.subjectAndBody(message)
        text += subject + [0x0A, 0x0A] + body + Array("\nEND\n".utf8)

        var reader = ShellReader(text)
        var sq = ""
        var main = ""
        var sub: ObjectID?
        while reader.offset < text.count {
            let words = Self.fields(reader.readLine(), count: 3)
            let a = words[0], b = words[1]
            switch a {
            case "START":
                sq = b
            case "git-subtree-mainline:":
                main = b
            case "git-subtree-split:":
                guard let resolved = resolve(b) else { throw .unresolvedMarker(commit: commit, value: b) }
                sub = resolved
            case "END":
                if main.isEmpty, let sub {
                    // A squash commit stands for the subtree commit it squashed.
                    cacheEntries.append((sq, sub))
                }
                if !main.isEmpty, let sub {
                    cacheEntries.append((main, sub))
                    cacheEntries.append((sub.hex, sub))
                    exclusions.append(main + "^")
                    exclusions.append(sub.hex + "^")
                }
                main = ""
                sub = nil
            default:
                break
            }
        }
    }

    /// `%s` (the first paragraph, lines trimmed and joined by spaces) and `%b` (the rest, from
    /// its first non-blank line), as git's pretty.c computes them.
    static func subjectAndBody(_ message: [UInt8]) -> (subject: [UInt8], body: [UInt8]) {
        var i = skipBlankLines(message, from: 0)
        var subject: [UInt8] = []
        var first = true
        while i < message.count {
            var end = i
            while end < message.count, message[end] != 0x0A { end += 1 }
            let lineEnd = end < message.count ? end + 1 : end
            var trimmed = end
            while trimmed > i, isGitSpace(message[trimmed - 1]) { trimmed -= 1 }
            if trimmed == i {
                i = lineEnd
                break
            }
            if !first { subject.append(0x20) }
            subject += message[i..<trimmed]
            first = false
            i = lineEnd
        }
        let bodyStart = skipBlankLines(message, from: i)
        return (subject, Array(message[bodyStart...]))
    }

    private static func isGitSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func skipBlankLines(_ m: [UInt8], from start: Int) -> Int {
        var i = start
        while i < m.count {
            var end = i
            while end < m.count, m[end] != 0x0A { end += 1 }
            let lineEnd = end < m.count ? end + 1 : end
            if m[i..<end].contains(where: { !isGitSpace($0) }) { break }
            i = lineEnd
        }
        return i
    }

    /// Splits a `read` value into `count` variables the way the shell assigns `read a b junk`.
    static func fields(_ value: [UInt8], count: Int) -> [String] {
        var out: [String] = []
        var i = 0
        let n = value.count
        func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A }
        while out.count < count - 1 {
            while i < n, blank(value[i]) { i += 1 }
            let s = i
            while i < n, !blank(value[i]) { i += 1 }
            out.append(String(decoding: value[s..<i], as: UTF8.self))
        }
        while i < n, blank(value[i]) { i += 1 }
        out.append(String(decoding: value[i...], as: UTF8.self))
        return out
    }
}

extension SubtreeMarkers {
    /// Frees the compiled pattern.
    mutating func release() {
        if compiled { regfree(&regex) }
    }
}
