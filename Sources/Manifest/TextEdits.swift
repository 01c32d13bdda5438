/// Replacements of byte ranges of one text, applied together so that the rest of the text keeps
/// its formatting and comments byte for byte.
struct TextEdits {
    fileprivate var edits: [(range: Range<Int>, text: String)] = []

    mutating func replace(_ range: Range<Int>, with text: String) {
        edits.append((range, text))
    }

    mutating func insert(_ text: String, at offset: Int) {
        edits.append((offset..<offset, text))
    }

    /// True when an edit removes exactly `range`.
    func removes(_ range: Range<Int>) -> Bool {
        edits.contains { $0.range == range && $0.text.isEmpty }
    }

    /// The edited text. Where edits overlap, the one that starts first wins (an edit inside a
    /// removed range is dropped with it); insertions at one offset keep their order.
    func apply(to text: String) -> String {
        let bytes = Array(text.utf8)
        let sorted = edits.enumerated().sorted { a, b in
            let (x, y) = (a.element.range, b.element.range)
            if x.lowerBound != y.lowerBound { return x.lowerBound < y.lowerBound }
            if x.isEmpty != y.isEmpty { return x.isEmpty }
            return a.offset < b.offset
        }.map(\.element)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for edit in sorted where edit.range.lowerBound >= cursor {
            out += bytes[cursor..<edit.range.lowerBound]
            out += Array(edit.text.utf8)
            cursor = edit.range.upperBound
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }
}

extension TextEdits {
    /// The edited text of `range` alone (edits outside it are ignored).
    func apply(to text: String, within range: Range<Int>) -> String {
        var local = TextEdits()
        for edit in edits where edit.range.lowerBound >= range.lowerBound && edit.range.upperBound <= range.upperBound {
            local.replace((edit.range.lowerBound - range.lowerBound)..<(edit.range.upperBound - range.lowerBound), with: edit.text)
        }
        let bytes = Array(text.utf8)[range]
        return local.apply(to: String(decoding: bytes, as: UTF8.self))
    }
}
