/// git's tag object format, as data: parsed from and encoded to the bytes git hashes.
public struct RawTag: Sendable, Equatable {
    /// The object the tag points to.
    public var object: ObjectID
    /// Its type (`commit`).
    public var type: String
    /// The tag's name.
    public var name: String
    /// The `tagger` line's value, as written (name, email, date); nil for tags made without one.
    public var tagger: [UInt8]?
    /// The message, without a signature.
    public var message: [UInt8]

    /// Describes a tag.
    public init(object: ObjectID, type: String = "commit", name: String, tagger: [UInt8]?, message: [UInt8]) {
        self.object = object
        self.type = type
        self.name = name
        self.tagger = tagger
        self.message = message
    }

    /// Parses a tag object's bytes; nil when they are not a tag. A signature (git appends it to
    /// the message: `-----BEGIN PGP SIGNATURE-----`, `-----BEGIN SSH SIGNATURE-----`, ...) and
    /// headers other than object, type, tag and tagger are dropped.
    public init?(_ bytes: [UInt8]) {
        var index = 0
        var object: ObjectID?, type: String?, name: String?, tagger: [UInt8]?
        while index < bytes.count, bytes[index] != 0x0A {
            guard let end = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            let line = bytes[index..<end]
            if let space = line.firstIndex(of: 0x20) {
                let key = String(decoding: line[line.startIndex..<space], as: UTF8.self)
                let value = Array(line[(space + 1)...])
                switch key {
                case "object": object = ObjectID(hex: String(decoding: value, as: UTF8.self))
                case "type": type = String(decoding: value, as: UTF8.self)
                case "tag": name = String(decoding: value, as: UTF8.self)
                case "tagger": tagger = value
                default: break
                }
            }
            index = end + 1
            // Continuation lines of a multi-line header (` ...`) belong to the header just read.
            while index < bytes.count, bytes[index] == 0x20, let next = bytes[index...].firstIndex(of: 0x0A) { index = next + 1 }
        }
        guard let object, let type, let name else { return nil }
        var message = index < bytes.count ? Array(bytes[(index + 1)...]) : []
        message = Self.unsigned(message)
        self.init(object: object, type: type, name: name, tagger: tagger, message: message)
    }

    /// The bytes git hashes for this tag.
    public var encoded: [UInt8] {
        var out = Array("object \(object.hex)\ntype \(type)\ntag \(name)\n".utf8)
        if let tagger { out += Array("tagger ".utf8) + tagger + [0x0A] }
        out.append(0x0A)
        out += message
        return out
    }

    /// `message` without the signature git appended to it.
    static func unsigned(_ message: [UInt8]) -> [UInt8] {
        let markers = ["-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----", "-----BEGIN SSH SIGNATURE-----", "-----BEGIN SIGNED MESSAGE-----"].map { Array($0.utf8) }
        var lineStart = 0
        while lineStart < message.count {
            for marker in markers where message[lineStart...].starts(with: marker) {
                return Array(message[..<lineStart])
            }
            guard let end = message[lineStart...].firstIndex(of: 0x0A) else { break }
            lineStart = end + 1
        }
        return message
    }
}
