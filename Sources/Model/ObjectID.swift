/// A 20-byte git object id (SHA-1), stored inline so that it can be hashed and compared cheaply.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Bytes 0..<8, big-endian.
    public var a: UInt64
    /// Bytes 8..<16, big-endian.
    public var b: UInt64
    /// Bytes 16..<20, big-endian.
    public var c: UInt32

    /// The all-zero id, which git uses for "no object".
    public static let zero = ObjectID(a: 0, b: 0, c: 0)

    /// Creates an id from its three big-endian words.
    public init(a: UInt64, b: UInt64, c: UInt32) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// Creates an id from 20 raw bytes read from `pointer`.
    public init(bytes pointer: UnsafeRawPointer) {
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt32 = 0
        let p = pointer.assumingMemoryBound(to: UInt8.self)
        for i in 0..<8 { a = a << 8 | UInt64(p[i]) }
        for i in 8..<16 { b = b << 8 | UInt64(p[i]) }
        for i in 16..<20 { c = c << 8 | UInt32(p[i]) }
        self.init(a: a, b: b, c: c)
    }

    /// Creates an id from 20 raw bytes.
    public init?(raw: some Collection<UInt8>) {
        guard raw.count == 20 else { return nil }
        let bytes = Array(raw)
        self = bytes.withUnsafeBytes { ObjectID(bytes: $0.baseAddress!) }
    }

    /// Parses exactly 40 hexadecimal digits (either case).
    public init?(hex: some StringProtocol) {
        var text = String(hex)
        guard let id = text.withUTF8({ ObjectID(hexDigits: $0) }) else { return nil }
        self = id
    }

    /// Parses exactly 40 hexadecimal digits (either case) given as UTF-8 bytes.
    public init?(hexDigits utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for i in 0..<40 {
            guard let v = Self.nibble(utf8[i]) else { return nil }
            switch i {
            case 0..<16: words.0 = words.0 << 4 | UInt64(v)
            case 16..<32: words.1 = words.1 << 4 | UInt64(v)
            default: words.2 = words.2 << 4 | UInt64(v)
            }
        }
        self.init(a: words.0, b: words.1, c: UInt32(truncatingIfNeeded: words.2))
    }

    private static func nibble(_ ch: UInt8) -> UInt8? {
        switch ch {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return ch - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return ch - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return ch - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The 20 raw bytes.
    public var raw: [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: a >> (56 - 8 * UInt64(i))) }
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: b >> (56 - 8 * UInt64(i))) }
        for i in 0..<4 { out[16 + i] = UInt8(truncatingIfNeeded: c >> (24 - 8 * UInt32(i))) }
        return out
    }

    /// Appends the 20 raw bytes to `out` (what `raw` holds, without making an array).
    public func appendRaw(to out: inout [UInt8]) {
        withUnsafeBytes(of: a.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: b.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: c.bigEndian) { out.append(contentsOf: $0) }
    }

    /// The 40 lowercase hexadecimal digits as UTF-8 bytes.
    public var hexBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(40)
        appendHex(to: &out)
        return out
    }

    /// Appends the 40 lowercase hexadecimal digits to `out` as UTF-8 bytes.
    public func appendHex(to out: inout [UInt8]) {
        func digits(_ word: UInt64, _ count: Int) {
            for k in stride(from: 4 * (count - 1), through: 0, by: -4) {
                let d = UInt8(truncatingIfNeeded: word >> UInt64(k)) & 0xF
                out.append(d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") - 10 + d)
            }
        }
        digits(a, 16)
        digits(b, 16)
        digits(UInt64(c), 8)
    }

    /// The 40 lowercase hexadecimal digits.
    public var hex: String { String(decoding: hexBytes, as: UTF8.self) }

    /// The first seven hexadecimal digits, as git abbreviates by default.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    /// Hashes only the first word: object ids are already uniformly distributed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(a)
    }

    /// The hash sets and dictionaries use: the first word mixed with their seed, without
    /// SipHash (which was 4% of a 40-component split of symfony, for words that are already
    /// uniformly distributed).
    public func _rawHashValue(seed: Int) -> Int {
        var x = a ^ UInt64(bitPattern: Int64(seed))
        // A 64-bit finaliser (splitmix64's), so that seeds still scatter the buckets.
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: x ^ (x >> 31))
    }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.a, lhs.b, lhs.c) < (rhs.a, rhs.b, rhs.c)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an object id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
