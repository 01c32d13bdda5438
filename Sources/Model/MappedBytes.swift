/// Bytes that lie, in order, in pieces of memory that stays mapped as long as the process runs
/// (a blob a pack holds in zlib's stored blocks: its bytes, 65,535 at a time, between block
/// headers), read where they are instead of copied out whole.
public struct MappedBytes: @unchecked Sendable {
    private let pieces: [UnsafeRawBufferPointer]
    /// Where each piece starts among the bytes.
    private let starts: [Int]
    /// The number of bytes.
    public let count: Int

    /// The bytes of `pieces`, one after the other. The memory must stay mapped and unchanged
    /// for as long as the process runs.
    public init(pieces: [UnsafeRawBufferPointer]) {
        var starts: [Int] = []
        var total = 0
        for piece in pieces {
            starts.append(total)
            total += piece.count
        }
        self.pieces = pieces
        self.starts = starts
        count = total
    }

    /// Calls `body` with the bytes of `range` (in place when one piece holds them, else a copy).
    public func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        var lo = 0, hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= range.lowerBound { lo = mid } else { hi = mid }
        }
        let offset = range.lowerBound - (starts.isEmpty ? 0 : starts[lo])
        if !pieces.isEmpty, offset + range.count <= pieces[lo].count {
            return try body(UnsafeRawBufferPointer(rebasing: pieces[lo][offset..<(offset + range.count)]))
        }
        var copy: [UInt8] = []
        copy.reserveCapacity(range.count)
        var piece = lo, at = offset
        while copy.count < range.count {
            let n = min(pieces[piece].count - at, range.count - copy.count)
            copy.append(contentsOf: pieces[piece][at..<(at + n)])
            piece += 1
            at = 0
        }
        return try copy.withUnsafeBytes(body)
    }

    /// A copy of all the bytes.
    public var array: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for piece in pieces { out.append(contentsOf: piece) }
        return out
    }
}
