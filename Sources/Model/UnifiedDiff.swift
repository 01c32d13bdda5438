/// One file of a diff, counted as `git diff --stat` counts it.
public struct FileStat: Sendable, Equatable, Codable {
    /// What happened to the file.
    public enum Change: String, Sendable, Equatable, Codable {
        /// Only on the new side.
        case added
        /// Only on the old side (moved into a new package, or removed).
        case deleted
        /// On both sides, changed (an edited manifest, a source rewritten by a rename).
        case modified
    }

    /// The path relative to the repository root.
    public var path: String
    public var change: Change
    /// Lines added.
    public var insertions: Int
    /// Lines removed.
    public var deletions: Int
    /// A binary file (no line counts).
    public var binary: Bool

    /// Describes one file of a diff.
    public init(path: String, change: Change, insertions: Int, deletions: Int, binary: Bool = false) {
        self.path = path
        self.change = change
        self.insertions = insertions
        self.deletions = deletions
        self.binary = binary
    }
}

/// A unified diff in git's patch format (`diff --git` sections, as libgit2 writes them without
/// rename detection), cut into its files.
public struct UnifiedDiff: Sendable, Equatable {
    /// One file's section of the patch.
    public struct File: Sendable, Equatable {
        public var stat: FileStat
        /// The section's text, from its `diff --git` line to the next one.
        public var text: String
    }

    /// The files, in the patch's order (git's: by path).
    public var files: [File]

    /// Cuts `patch` into its files and counts each one's lines.
    public init(_ patch: String) {
        files = []
        var section: [Substring] = []
        func flush() {
            guard !section.isEmpty else { return }
            files.append(File(stat: Self.stat(of: section), text: section.map { $0 + "\n" }.joined()))
            section = []
        }
        var lines = patch.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            if line.hasPrefix("diff --git ") { flush() }
            section.append(line)
        }
        flush()
    }

    private static func stat(of section: [Substring]) -> FileStat {
        var change = FileStat.Change.modified
        var binary = false
        var insertions = 0, deletions = 0
        var inHunk = false
        for line in section.dropFirst() {
            if line.hasPrefix("@@") {
                inHunk = true
            } else if inHunk {
                // In a hunk every line starts with ' ', '+', '-' or '\' (no newline at end of file).
                if line.hasPrefix("+") { insertions += 1 } else if line.hasPrefix("-") { deletions += 1 }
            } else if line.hasPrefix("new file mode ") {
                change = .added
            } else if line.hasPrefix("deleted file mode ") {
                change = .deleted
            } else if line.hasPrefix("Binary files ") || line == "GIT binary patch" {
                binary = true
            }
        }
        return FileStat(path: path(ofHeader: section[0]), change: change, insertions: insertions, deletions: deletions, binary: binary)
    }

    /// The path of `diff --git a/P b/P` (the same path twice: no rename detection), either
    /// spelled plainly or C-quoted (`"a/na\303\257ve"`), as git quotes unusual names.
    static func path(ofHeader header: Substring) -> String {
        let rest = header.dropFirst("diff --git ".count)
        if rest.hasPrefix("\""), let (quoted, _) = unquote(rest) {
            return quoted.hasPrefix("a/") ? String(quoted.dropFirst(2)) : quoted
        }
        // "a/" + P + " b/" + P
        let length = (rest.utf8.count - 5) / 2
        guard length > 0 else { return String(rest) }
        return String(decoding: rest.utf8.dropFirst(2).prefix(length), as: UTF8.self)
    }

    /// The C-quoted string at the start of `text` and what follows it.
    private static func unquote(_ text: Substring) -> (String, Substring)? {
        var bytes: [UInt8] = []
        var index = text.utf8.index(after: text.utf8.startIndex)
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            if byte == UInt8(ascii: "\"") { return (String(decoding: bytes, as: UTF8.self), text[index...]) }
            guard byte == UInt8(ascii: "\\"), index < utf8.endIndex else {
                bytes.append(byte)
                continue
            }
            let escaped = utf8[index]
            index = utf8.index(after: index)
            switch escaped {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "a"): bytes.append(0x07)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "v"): bytes.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                // Three octal digits: one byte of the name's UTF-8.
                var value = UInt32(escaped - UInt8(ascii: "0"))
                for _ in 0..<2 where index < utf8.endIndex && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(utf8[index]) {
                    value = value * 8 + UInt32(utf8[index] - UInt8(ascii: "0"))
                    index = utf8.index(after: index)
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            default: bytes.append(escaped)
            }
        }
        return nil
    }
}
