import Clibgit2
import Foundation
import Model

/// A repository's pack files (its own and its alternates'), mapped read-only once per process
/// and shared by every `PackReader` (one per repository handle, so one per thread).
final class PackFiles: @unchecked Sendable {
    /// One pack and its version-2 index, both mapped.
    struct Pack {
        let data: UnsafeRawBufferPointer
        let index: UnsafeRawBufferPointer
        let count: Int

        private func be32(_ at: Int) -> UInt32 { UInt32(bigEndian: index.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }

        /// The id at `position` of the index.
        func id(at position: Int) -> ObjectID { ObjectID(bytes: index.baseAddress! + 8 + 1024 + position * 20) }
        /// The CRC-32 the index gives for the entry at `position`.
        func crc(at position: Int) -> UInt32 { be32(8 + 1024 + count * 20 + position * 4) }
        /// The offset in the pack of the entry at `position` of the index; nil when the index
        /// points past its own table of large offsets.
        func offset(at position: Int) -> Int? {
            let small = be32(8 + 1024 + count * 24 + position * 4)
            if small & 0x8000_0000 == 0 { return Int(small) }
            let at = 8 + 1024 + count * 28 + Int(small & 0x7FFF_FFFF) * 8
            guard at + 8 <= index.count else { return nil }
            return Int(UInt64(bigEndian: index.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
        }
    }

    /// A pack's entries in the order they lie in it: their offsets, increasing, and their
    /// positions in the index (what git's `.rev` files hold). Where an entry ends, and which
    /// object an offset delta's base is, are read from it.
    final class ReverseIndex: Sendable {
        let offsets: [Int]
        let positions: [UInt32]

        init?(_ pack: Pack) {
            var keyed: [(offset: Int, position: UInt32)] = []
            keyed.reserveCapacity(pack.count)
            for position in 0..<pack.count {
                guard let offset = pack.offset(at: position), offset >= 12, offset < pack.data.count - 20 else { return nil }
                keyed.append((offset, UInt32(position)))
            }
            keyed.sort { $0.offset < $1.offset }
            offsets = keyed.map(\.offset)
            positions = keyed.map(\.position)
        }

        /// Where the entries from `offset` on start (the first offset not below it).
        func lowerBound(_ offset: Int) -> Int {
            var lo = 0, hi = offsets.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if offsets[mid] < offset { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// Reverse indexes built so far, by the pack's mapped address (guarded by `lock`; packs are
    /// never unmapped).
    nonisolated(unsafe) private static var reverse: [UnsafeRawPointer: ReverseIndex] = [:]

    /// The reverse index of pack `p`, built the first time a process asks for it (a sort of the
    /// index's offsets: tens of milliseconds for a few hundred thousand objects); nil for a pack
    /// whose index has an offset outside the pack.
    func reverseIndex(_ p: Int) -> ReverseIndex? {
        let pack = packs[p]
        Self.lock.lock()
        defer { Self.lock.unlock() }
        if let known = Self.reverse[pack.data.baseAddress!] { return known }
        guard let built = ReverseIndex(pack) else { return nil }
        Self.reverse[pack.data.baseAddress!] = built
        return built
    }

    let packs: [Pack]
    /// False when some pack was left out (`PackReader.contains` then cannot say that an
    /// object is in no pack).
    let complete: Bool

    private init(packs: [Pack], complete: Bool) {
        self.packs = packs
        self.complete = complete
    }

    private static let lock = NSLock()
    /// Packs mapped so far, by path, with the file identity they were mapped with (guarded by
    /// `lock`; a pack is never unmapped, as readers of other threads may be using it).
    nonisolated(unsafe) private static var mapped: [String: (identity: [Int], pack: Pack)] = [:]

    /// The packs of the object folder `objects` and of its alternates, as they are now (packs
    /// added later are read through libgit2). Packs that cannot be mapped, or whose index is not
    /// version 2, are left out. A pack is mapped once per process while its files stay the same
    /// (same inode, size and time).
    static func of(objectsFolder objects: String) -> PackFiles {
        lock.lock()
        defer { lock.unlock() }
        var packs: [Pack] = []
        var complete = true
        var seen = Set<String>()
        func add(_ folder: String, depth: Int) {
            let folder = (folder as NSString).standardizingPath
            guard depth < 5, seen.insert(folder).inserted else { return }
            let packFolder = folder + "/pack"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: packFolder)) ?? []).filter { $0.hasPrefix("pack-") && $0.hasSuffix(".idx") }.sorted()
            for name in names {
                let base = packFolder + "/" + String(name.dropLast(4))
                guard let identity = identity(base + ".idx", base + ".pack") else {
                    complete = false
                    continue
                }
                if let known = mapped[base], known.identity == identity {
                    packs.append(known.pack)
                } else if let pack = map(index: base + ".idx", pack: base + ".pack") {
                    mapped[base] = (identity, pack)
                    packs.append(pack)
                } else {
                    complete = false
                }
            }
            guard let text = try? String(contentsOfFile: folder + "/info/alternates", encoding: .utf8) else { return }
            for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") && !line.isEmpty {
                let path = String(line)
                add(path.hasPrefix("/") ? path : folder + "/" + path, depth: depth + 1)
            }
        }
        add(objects, depth: 0)
        return PackFiles(packs: packs, complete: complete)
    }

    /// Inode, size and modification time of both files.
    private static func identity(_ paths: String...) -> [Int]? {
        var out: [Int] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            out += [Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        }
        return out
    }

    private static func map(index indexPath: String, pack packPath: String) -> Pack? {
        guard let index = mapFile(indexPath) else { return nil }
        guard let data = mapFile(packPath) else {
            munmap(UnsafeMutableRawPointer(mutating: index.baseAddress), index.count)
            return nil
        }
        let bytes = index.bindMemory(to: UInt8.self)
        func be32(_ at: Int) -> UInt32 { UInt32(bigEndian: index.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        guard index.count >= 8 + 1024 + 40, bytes[0] == 0xFF, bytes[1] == 0x74, bytes[2] == 0x4F, bytes[3] == 0x63, be32(4) == 2,
              data.count >= 32, data.loadUnaligned(as: UInt32.self) == UInt32(bigEndian: 0x5041_434B) else {
            munmap(UnsafeMutableRawPointer(mutating: index.baseAddress), index.count)
            munmap(UnsafeMutableRawPointer(mutating: data.baseAddress), data.count)
            return nil
        }
        let count = Int(be32(8 + 255 * 4))
        guard index.count >= 8 + 1024 + count * 28 + 40 else {
            munmap(UnsafeMutableRawPointer(mutating: index.baseAddress), index.count)
            munmap(UnsafeMutableRawPointer(mutating: data.baseAddress), data.count)
            return nil
        }
        return Pack(data: data, index: index, count: count)
    }

    private static func mapFile(_ path: String) -> UnsafeRawBufferPointer? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        // Objects are read here and there: without this the kernel maps 64 KB around each page
        // read, and those pages count as this process's memory.
        madvise(p, size, MADV_RANDOM)
        return UnsafeRawBufferPointer(start: p, count: size)
    }
}

/// Reads objects straight from pack files: the index's fan-out and binary search, zlib, and
/// git's delta format, with a cache of recently built objects (delta chains of trees share
/// their bases). libgit2 reads the same objects behind a mutex per pack, shared by every
/// handle of the process: with the split's two threads reading at once, waiting on it was a
/// seventh of a 40-component split of symfony.
///
/// An object it cannot find or read is left to libgit2 (nil), which reports what is wrong.
/// Not thread-safe: one reader per repository handle.
final class PackReader {
    private let files: PackFiles
    private var stream = z_stream()
    private var streamReady = false
    /// Objects built from deltas, and the bases they were built on, by pack and offset.
    private var cache: [UInt64: (type: UInt8, bytes: [UInt8])] = [:]
    private var cacheBytes = 0
    private static let cacheLimit = 16 << 20
    /// Entries read since the mappings' pages were last given back (see `inflate`).
    private var touched = 0
    /// Symfony, 40 components in one walk: every 4,096 entries 2.13 s and 281 MB, every 16,384
    /// 1.92 s and 285 MB (page faults had been a tenth of the samples), every 65,536 1.88 s and
    /// 331 MB.
    private static let releaseEvery = 16384

    init(objectsFolder: String) {
        files = PackFiles.of(objectsFolder: objectsFolder)
        streamReady = inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if streamReady { inflateEnd(&stream) }
    }

    /// Calls `body` with the object's type (git's pack type code: 1 commit, 2 tree, 3 blob,
    /// 4 tag) and content; nil when no pack holds it or it cannot be read here.
    func withObject<R>(_ id: ObjectID, _ body: (UInt8, UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard let object = object(id) else { return nil }
        return try object.bytes.withUnsafeBytes { try body(object.type, $0) }
    }

    /// The object's type code and content; nil as for `withObject`.
    func object(_ id: ObjectID) -> (type: UInt8, bytes: [UInt8])? {
        guard streamReady, let (pack, offset, _) = find(id) else { return nil }
        return read(pack: pack, offset: offset)
    }

    /// True when a pack holds `id`; nil when no pack does and some pack could not be mapped.
    func contains(_ id: ObjectID) -> Bool? {
        if find(id) != nil { return true }
        return files.complete ? false : nil
    }

    /// An object as a pack holds it, to be copied into another pack without inflating it (what
    /// git calls reusing a pack's data): a whole object, or a delta on another object.
    struct StoredEntry {
        /// Git's pack type code (1 commit, 2 tree, 3 blob, 4 tag), or nil for a delta.
        let type: UInt8?
        /// The delta's base object (nil for a whole object).
        let base: ObjectID?
        /// The pack that holds it (its base, when in the same pack, can be copied the same way).
        let pack: Int
        /// The entry's type and size header as it is in the pack (without a delta's base).
        let header: UnsafeRawBufferPointer
        /// The zlib stream that follows, and its CRC-32.
        let data: UnsafeRawBufferPointer
        let dataCRC: UInt32
    }

    /// How a pack stores `id`; nil when no pack holds it (or its pack cannot be read this way).
    /// The entry's bytes are checked against the CRC-32 its pack's index holds, as git does
    /// before it reuses them, and a mismatch throws: a copy would carry the damage along.
    func storedEntry(_ id: ObjectID) throws(GitError) -> StoredEntry? {
        guard let (p, offset, position) = find(id), let reverse = files.reverseIndex(p) else { return nil }
        let pack = files.packs[p]
        let data = pack.data
        guard let header = Self.header(data, at: offset) else { return nil }
        let next = reverse.lowerBound(offset + 1)
        let end = next < reverse.offsets.count ? reverse.offsets[next] : data.count - 20
        var start = header.data
        var base: ObjectID?
        switch header.type {
        case 1, 2, 3, 4:
            break
        case 6:
            guard let (back, after) = Self.baseDistance(data, at: header.data, end: end), back <= offset else { return nil }
            let i = reverse.lowerBound(offset - back)
            guard i < reverse.offsets.count, reverse.offsets[i] == offset - back else { return nil }
            base = pack.id(at: Int(reverse.positions[i]))
            start = after
        case 7:
            guard header.data + 20 <= end else { return nil }
            base = ObjectID(bytes: data.baseAddress! + header.data)
            start = header.data + 20
        default:
            return nil
        }
        guard start < end else { return nil }
        let stream = UnsafeRawBufferPointer(rebasing: data[start..<end])
        let dataCRC = UInt32(crc32(0, stream.baseAddress!.assumingMemoryBound(to: UInt8.self), uInt(stream.count)))
        let prefix = UnsafeRawBufferPointer(rebasing: data[offset..<start])
        let entryCRC = UInt32(crc32_combine(crc32(0, prefix.baseAddress!.assumingMemoryBound(to: UInt8.self), uInt(prefix.count)), uLong(dataCRC), off_t(stream.count)))
        guard entryCRC == pack.crc(at: position) else {
            throw GitError(function: "PackReader", code: -1, message: "object \(id) is damaged in its pack (its CRC-32 does not match the pack's index): run `git fsck` and repair the repository")
        }
        return StoredEntry(type: base == nil ? header.type : nil, base: base, pack: p,
                           header: UnsafeRawBufferPointer(rebasing: data[offset..<header.data]), data: stream, dataCRC: dataCRC)
    }

    /// The pack that holds `id` (an index into this reader's packs), nil when none does.
    func pack(of id: ObjectID) -> Int? {
        find(id)?.pack
    }

    /// The pack of `id`, its offset there and its position in the pack's index.
    private func find(_ id: ObjectID) -> (pack: Int, offset: Int, position: Int)? {
        for (p, pack) in files.packs.enumerated() {
            let index = pack.index
            func be32(_ at: Int) -> Int { Int(UInt32(bigEndian: index.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            let first = Int(id.a >> 56)
            var lo = first == 0 ? 0 : be32(8 + (first - 1) * 4)
            var hi = be32(8 + first * 4)
            let ids = 8 + 1024
            func word(_ i: Int) -> UInt64 { UInt64(bigEndian: index.loadUnaligned(fromByteOffset: ids + i * 20, as: UInt64.self)) }
            // Ids are uniformly distributed: an interpolation on the first word lands within a
            // few entries of the id, where a binary search of a 1.3-million-object index takes
            // a dozen probes, each a cache miss and often a page to map.
            var guess = -1
            if hi - lo > 16 {
                let low = word(lo), high = word(hi - 1)
                if id.a >= low, id.a <= high, high > low {
                    let fraction = Double(id.a - low) / Double(high - low)
                    guess = lo + Int(fraction * Double(hi - 1 - lo))
                }
            }
            while lo < hi {
                let mid: Int
                if guess >= lo, guess < hi {
                    mid = guess
                    // Next: a narrow window around the guess, then plain bisection.
                    let a = word(mid)
                    if a < id.a {
                        guess = min(hi - 1, mid + 8)
                        if word(guess) < id.a { lo = guess + 1; guess = -1; continue }
                        lo = mid + 1
                        hi = guess + 1
                        guess = -1
                        continue
                    } else if a > id.a {
                        guess = max(lo, mid - 8)
                        if word(guess) > id.a { hi = guess; guess = -1; continue }
                        hi = mid
                        lo = guess
                        guess = -1
                        continue
                    }
                } else {
                    mid = (lo + hi) / 2
                }
                let at = ids + mid * 20
                let a = word(mid)
                var order = a == id.a ? 0 : (a < id.a ? -1 : 1)
                if order == 0 {
                    let b = UInt64(bigEndian: index.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
                    order = b == id.b ? 0 : (b < id.b ? -1 : 1)
                    if order == 0 {
                        let c = UInt32(bigEndian: index.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self))
                        order = c == id.c ? 0 : (c < id.c ? -1 : 1)
                    }
                }
                if order == 0 { return pack.offset(at: mid).map { (p, $0, mid) } }
                if order < 0 { lo = mid + 1 } else { hi = mid }
            }
        }
        return nil
    }

    /// The object at `offset` of pack `p`, its delta chain applied.
    private func read(pack p: Int, offset start: Int) -> (type: UInt8, bytes: [UInt8])? {
        // Follow the chain down to a whole object or a cached one, then apply the deltas back up.
        var chain: [(pack: Int, offset: Int, data: Int, size: Int)] = []
        var pack = p, offset = start
        var base: (type: UInt8, bytes: [UInt8])
        while true {
            if let known = cache[Self.key(pack, offset)] {
                base = known
                break
            }
            let data = files.packs[pack].data
            guard let header = Self.header(data, at: offset) else { return nil }
            switch header.type {
            case 1, 2, 3, 4:
                guard let bytes = inflate(data, at: header.data, size: header.size) else { return nil }
                base = (header.type, bytes)
                if !chain.isEmpty { remember(Self.key(pack, offset), base) }
            case 6:
                guard let (back, after) = Self.baseDistance(data, at: header.data, end: data.count), back <= offset, chain.count < 10_000 else { return nil }
                chain.append((pack, offset, after, header.size))
                offset -= back
                continue
            case 7:
                // REF_DELTA: the base is named by id (in this pack or another).
                guard header.data + 20 <= data.count, chain.count < 10_000,
                      let (basePack, baseOffset, _) = find(ObjectID(bytes: data.baseAddress! + header.data)) else { return nil }
                chain.append((pack, offset, header.data + 20, header.size))
                pack = basePack
                offset = baseOffset
                continue
            default:
                return nil
            }
            break
        }
        for link in chain.reversed() {
            guard let delta = inflate(files.packs[link.pack].data, at: link.data, size: link.size),
                  let built = Self.apply(delta, to: base.bytes) else { return nil }
            base = (base.type, built)
            remember(Self.key(link.pack, link.offset), base)
        }
        return base
    }

    private static func key(_ pack: Int, _ offset: Int) -> UInt64 { UInt64(pack) << 48 | UInt64(offset) }

    private func remember(_ key: UInt64, _ object: (type: UInt8, bytes: [UInt8])) {
        // Only trees and commits: blobs are read once, to be copied into a new repository.
        guard object.type != 3, object.bytes.count < Self.cacheLimit / 16 else { return }
        if cacheBytes + object.bytes.count > Self.cacheLimit {
            cache.removeAll(keepingCapacity: true)
            cacheBytes = 0
        }
        if cache.updateValue(object, forKey: key) == nil { cacheBytes += object.bytes.count }
    }

    /// An offset delta's distance back to its base (git's big-endian varint at `at`, before
    /// `end`, never zero) and where its delta data starts.
    private static func baseDistance(_ data: UnsafeRawBufferPointer, at start: Int, end: Int) -> (back: Int, data: Int)? {
        var at = start
        guard at < end else { return nil }
        var byte = data[at]
        var back = Int(byte & 0x7F)
        while byte & 0x80 != 0 {
            at += 1
            guard at < end, back < Int.max >> 8 else { return nil }
            byte = data[at]
            back = ((back + 1) << 7) | Int(byte & 0x7F)
        }
        return back > 0 ? (back, at + 1) : nil
    }

    /// An entry's type, size and where its data starts.
    private static func header(_ data: UnsafeRawBufferPointer, at offset: Int) -> (type: UInt8, size: Int, data: Int)? {
        guard offset >= 12, offset < data.count - 20 else { return nil }
        var at = offset
        var byte = data[at]
        let type = (byte >> 4) & 7
        var size = Int(byte & 0x0F)
        var shift = 4
        while byte & 0x80 != 0 {
            at += 1
            guard at < data.count, shift < 57 else { return nil }
            byte = data[at]
            size |= Int(byte & 0x7F) << shift
            shift += 7
        }
        return (type, size, at + 1)
    }

    /// Gives back the pages of the mappings read so far (they are read again on demand).
    func releasePages() {
        touched = 0
        for pack in files.packs {
            madvise(UnsafeMutableRawPointer(mutating: pack.data.baseAddress), pack.data.count, MADV_DONTNEED)
            madvise(UnsafeMutableRawPointer(mutating: pack.index.baseAddress), pack.index.count, MADV_DONTNEED)
        }
    }

    /// Inflates `size` bytes of zlib data starting at `offset`.
    private func inflate(_ data: UnsafeRawBufferPointer, at offset: Int, size: Int) -> [UInt8]? {
        guard offset < data.count, size < Int(UInt32.max) else { return nil }
        touched += 1
        if touched > Self.releaseEvery {
            // The mappings' pages read so far count as this process's memory until given back;
            // the kernel keeps them cached, and reading them again costs a page fault. Trees
            // and deltas lie all over a pack, a page or two each, and the index's binary
            // search touches a dozen pages per lookup: counted in entries read, not bytes.
            releasePages()
        }
        if size >= Self.storedSize, let copied = Self.unstore(data, at: offset, size: size) { return copied }
        guard inflateReset(&stream) == Z_OK else { return nil }
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            stream.next_in = UnsafeMutablePointer(mutating: data.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset)
            stream.avail_in = uInt(min(data.count - offset, Int(UInt32.max)))
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(size)
            let status = Clibgit2.inflate(&stream, Z_FINISH)
            ok = status == Z_STREAM_END && stream.avail_out == 0
            count = ok ? size : 0
        }
        return ok ? out : nil
    }

    /// Objects from this size on are looked at for zlib's stored blocks (see `unstore`).
    static let storedSize = 64 << 10

    /// A blob a pack holds whole in zlib's stored blocks (how Carve packs its cache layers),
    /// where it lies in the mapped pack; nil for any other object. Nothing is checked beyond
    /// the blocks' framing: the layers carry checksums of their own, checked where they are read.
    func mappedBlob(_ id: ObjectID) -> MappedBytes? {
        guard let (p, offset, _) = find(id) else { return nil }
        let data = files.packs[p].data
        guard let header = Self.header(data, at: offset), header.type == 3, header.size >= Self.storedSize,
              let pieces = Self.storedPieces(data, at: header.data, size: header.size) else { return nil }
        return MappedBytes(pieces: pieces)
    }

    /// The content of a zlib stream made only of stored blocks (how Carve packs its cache
    /// layers), copied out block by block; nil for any other stream (zlib then inflates it).
    /// zlib's Adler-32 is not recomputed: the layers carry a checksum of their own, checked
    /// when they are loaded. Inflating the 40 layers of an incremental 40-component split
    /// spent as long on Adler-32 as on copying.
    static func unstore(_ data: UnsafeRawBufferPointer, at offset: Int, size: Int) -> [UInt8]? {
        guard let pieces = storedPieces(data, at: offset, size: size) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        for piece in pieces { out.append(contentsOf: piece) }
        return out
    }

    /// Where the `size` bytes of a zlib stream made only of stored blocks lie in `data`,
    /// between the blocks' headers; nil for any other stream.
    static func storedPieces(_ data: UnsafeRawBufferPointer, at offset: Int, size: Int) -> [UnsafeRawBufferPointer]? {
        // The zlib header (deflate, 32 KB window, no dictionary, a valid check), then blocks of
        // a header byte (BFINAL, BTYPE 00, padding), LEN and its complement, and LEN bytes.
        guard offset + 2 <= data.count, data[offset] == 0x78, (UInt16(data[offset]) << 8 | UInt16(data[offset + 1])) % 31 == 0,
              data[offset + 1] & 0x20 == 0 else { return nil }
        var at = offset + 2, total = 0
        var pieces: [UnsafeRawBufferPointer] = []
        while true {
            guard at + 5 <= data.count, data[at] & 0xFE == 0 else { return nil }
            let final = data[at] & 1 == 1
            let length = Int(data[at + 1]) | Int(data[at + 2]) << 8
            let complement = Int(data[at + 3]) | Int(data[at + 4]) << 8
            guard length ^ complement == 0xFFFF, at + 5 + length <= data.count, total + length <= size else { return nil }
            pieces.append(UnsafeRawBufferPointer(rebasing: data[(at + 5)..<(at + 5 + length)]))
            total += length
            at += 5 + length
            if final { break }
        }
        return total == size ? pieces : nil
    }

    /// Applies a git delta (source size, target size, then copy and insert instructions).
    static func apply(_ delta: [UInt8], to source: [UInt8]) -> [UInt8]? {
        var at = 0
        func varint() -> Int? {
            var value = 0, shift = 0
            while at < delta.count {
                let byte = delta[at]
                at += 1
                value |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
                if shift > 56 { return nil }
            }
            return nil
        }
        guard let sourceSize = varint(), sourceSize == source.count, let targetSize = varint() else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(targetSize)
        while at < delta.count {
            let op = delta[at]
            at += 1
            if op & 0x80 != 0 {
                var copyOffset = 0, copySize = 0
                for i in 0..<4 where op & (1 << i) != 0 {
                    guard at < delta.count else { return nil }
                    copyOffset |= Int(delta[at]) << (8 * i)
                    at += 1
                }
                for i in 0..<3 where op & (0x10 << i) != 0 {
                    guard at < delta.count else { return nil }
                    copySize |= Int(delta[at]) << (8 * i)
                    at += 1
                }
                if copySize == 0 { copySize = 0x10000 }
                guard copyOffset + copySize <= source.count, out.count + copySize <= targetSize else { return nil }
                out.append(contentsOf: source[copyOffset..<(copyOffset + copySize)])
            } else if op != 0 {
                let n = Int(op)
                guard at + n <= delta.count, out.count + n <= targetSize else { return nil }
                out.append(contentsOf: delta[at..<(at + n)])
                at += n
            } else {
                return nil
            }
        }
        return out.count == targetSize ? out : nil
    }
}
