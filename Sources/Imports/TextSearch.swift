/// Plain byte searches in source text, much cheaper than `firstRange(of:)` (a generic searcher
/// that instantiates metadata on every call) for the prefilters that run over every file.
enum TextSearch {
    /// Whether `text` contains the ASCII `word` anywhere (not only as a whole identifier).
    static func contains(_ text: Substring, _ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard let first = needle.first else { return true }
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            var i = 0
            let last = bytes.count - needle.count
            while i <= last {
                if bytes[i] == first {
                    var j = 1
                    while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Whether `text` contains the ASCII `word` anywhere.
    static func contains(_ text: String, _ word: String) -> Bool {
        contains(text[...], word)
    }
}
