import Clibgit2
import Foundation
import Model

/// Builds a pack file (version 2) from whole objects and entries copied from other packs, and
/// its index (version 2), and installs both into a repository's `objects/pack` folder.
///
/// libgit2's `git_mempack_dump` cannot be used: it packs each commit with its whole tree,
/// recursively, which copies every blob of the folder's history into the new pack. Nor is its
/// indexer: it inflates and hashes again every object this writer has just compressed and whose
/// id the caller knows (on symfony, 0.7 s of the 1.7 s that writing 67,000 split commits took).
final class PackWriter {
    /// Bytes not yet written to the file (in memory: the whole pack).
    private var bytes: [UInt8] = []
    /// Bytes already written to the file and hashed.
    private var flushed = 0
    private var sha = mbedtls_sha1_context()
    /// The temporary file being written (streaming), or -1 (in memory).
    private var file: Int32 = -1
    private let temporaryPath: String
    private let packFolder: String
    /// The object count announced in the header (streaming), or nil (patched at the end).
    private let declaredCount: Int?
    /// Per object: its id, where its entry starts and the CRC-32 of the entry (what the index
    /// holds).
    private var entries: [(id: ObjectID, offset: UInt64, crc: UInt32)] = []
    private var written = Set<ObjectID>()
    /// One deflate stream, reset per object: setting one up allocates hundreds of kilobytes,
    /// which per object (as `compress2` does) costs more than the compression.
    private var stream = z_stream()
    /// Set by `finish()`: the name the pack is installed under (without extension), and its
    /// index; the finished pack is then the whole temporary file.
    private var finished: (name: String, index: [UInt8])?
    /// A second stream that stores without compressing (zlib's stored blocks), for the objects
    /// `append(..., stored: true)` is asked to store.
    private var storing = z_stream()
    private static let flushSize = 1 << 20

    /// A pack for `packFolder` (a repository's `objects/pack`). With `objectCount` it is
    /// streamed to a temporary file there as it is built (a run that writes tens of megabytes
    /// of objects does not hold them twice); without, it is built in memory and the count
    /// patched in at the end.
    init(packFolder: String, objectCount: Int? = nil) throws {
        self.packFolder = packFolder
        declaredCount = objectCount
        temporaryPath = packFolder + "/tmp_carve_pack_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        mbedtls_sha1_init(&sha)
        mbedtls_sha1_starts_ret(&sha)
        let count = UInt32(objectCount ?? 0)
        bytes.reserveCapacity(objectCount == nil ? 1 << 20 : Self.flushSize + (1 << 16))
        bytes += Array("PACK".utf8) + [0, 0, 0, 2]
        bytes += [UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
        let status = deflateInit2_(&stream, Z_BEST_SPEED, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw GitError(function: "deflateInit", code: Int32(status), message: "zlib could not start")
        }
        let stored = deflateInit2_(&storing, Z_NO_COMPRESSION, Z_DEFLATED, 15, 1, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard stored == Z_OK else {
            deflateEnd(&stream)
            throw GitError(function: "deflateInit", code: Int32(stored), message: "zlib could not start")
        }
        if objectCount != nil {
            file = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
            guard file >= 0 else {
                deflateEnd(&stream)
                deflateEnd(&storing)
                throw RepositoryError.cannotWrite(packFolder)
            }
        }
    }

    deinit {
        deflateEnd(&stream)
        deflateEnd(&storing)
        mbedtls_sha1_free(&sha)
        if file >= 0 {
            // Never finished: the temporary file goes.
            close(file)
            unlink(temporaryPath)
        } else if finished != nil {
            // Finished, never installed.
            unlink(temporaryPath)
        }
    }

    /// The number of objects appended.
    var count: Int { entries.count }

    /// Appends one object whose id is `id`: its type and size header, then its content
    /// zlib-compressed, or with `stored` in zlib's stored blocks (valid zlib that inflates at the
    /// speed of a copy). An object already appended is not appended again.
    func append(type: GitObjectType, content: [UInt8], id: ObjectID, stored: Bool = false) throws(GitError) {
        guard written.insert(id).inserted else { return }
        let start = bytes.count
        let code: UInt8
        switch type {
        case .commit: code = 1
        case .tree: code = 2
        case .blob: code = 3
        case .tag: code = 4
        }
        var size = content.count
        var first = code << 4 | UInt8(size & 0x0F)
        size >>= 4
        if size > 0 { first |= 0x80 }
        bytes.append(first)
        while size > 0 {
            var b = UInt8(size & 0x7F)
            size >>= 7
            if size > 0 { b |= 0x80 }
            bytes.append(b)
        }
        func compress(_ z: inout z_stream) throws(GitError) {
            let bound = Int(deflateBound(&z, uLong(content.count)))
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: bound))
            guard deflateReset(&z) == Z_OK else {
                throw GitError(function: "deflateReset", code: -1, message: "zlib could not reset")
            }
            let status: Int32 = bytes.withUnsafeMutableBufferPointer { out in
                content.withUnsafeBufferPointer { src in
                    z.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
                    z.avail_in = uInt(src.count)
                    z.next_out = out.baseAddress! + start
                    z.avail_out = uInt(bound)
                    return deflate(&z, Z_FINISH)
                }
            }
            guard status == Z_STREAM_END else {
                throw GitError(function: "deflate", code: status, message: "zlib could not compress an object")
            }
            bytes.removeLast(Int(z.avail_out))
        }
        if stored {
            try compress(&storing)
        } else {
            try compress(&stream)
        }
        let crc = bytes.withUnsafeBufferPointer { b in
            UInt32(crc32(0, b.baseAddress! + start, uInt(b.count - start)))
        }
        entries.append((id, UInt64(flushed + start), crc))
        if file >= 0, bytes.count >= Self.flushSize { try flush() }
    }

    /// Appends an entry copied from another pack without inflating it: `header` (its type and
    /// size, and for a delta its base's id), then `data`, its zlib stream as it was stored,
    /// whose CRC-32 is `dataCRC`. An object already appended is not appended again.
    func appendCopied(id: ObjectID, header: [UInt8], data: UnsafeRawBufferPointer, dataCRC: UInt32) throws(GitError) {
        guard written.insert(id).inserted else { return }
        let start = bytes.count
        bytes += header
        bytes.append(contentsOf: data)
        let headerCRC = header.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        let crc = UInt32(crc32_combine(headerCRC, uLong(dataCRC), off_t(data.count)))
        entries.append((id, UInt64(flushed + start), crc))
        if file >= 0, bytes.count >= Self.flushSize { try flush() }
    }

    /// Hashes and writes the buffered bytes to the file.
    private func flush() throws(GitError) {
        try hash(bytes[...])
        guard Self.writeAll(file, bytes[...]) else {
            throw GitError(function: "write", code: -1, message: "cannot write '\(temporaryPath)': check that the disk is not full")
        }
        flushed += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    private func hash(_ data: ArraySlice<UInt8>) throws(GitError) {
        let status = data.withUnsafeBufferPointer { mbedtls_sha1_update_ret(&sha, $0.baseAddress, $0.count) }
        guard status == 0 else { throw GitError(function: "mbedtls_sha1_update_ret", code: status, message: "SHA-1 failed") }
    }

    /// Finishes the pack without installing it: its SHA-1 trailer, the whole pack in its
    /// temporary file, and its index in memory. `install()` then puts both in place; a writer
    /// dropped before that leaves nothing behind.
    func finish() throws {
        guard finished == nil else { return }
        let count = entries.count
        if let declaredCount {
            guard count == declaredCount else {
                throw GitError(function: "PackWriter", code: -1, message: "\(count) objects packed where \(declaredCount) were announced")
            }
        } else {
            bytes[8] = UInt8(truncatingIfNeeded: count >> 24)
            bytes[9] = UInt8(truncatingIfNeeded: count >> 16)
            bytes[10] = UInt8(truncatingIfNeeded: count >> 8)
            bytes[11] = UInt8(truncatingIfNeeded: count)
        }
        try hash(bytes[...])
        var digest = [UInt8](repeating: 0, count: 20)
        let status = digest.withUnsafeMutableBufferPointer { mbedtls_sha1_finish_ret(&sha, $0.baseAddress) }
        guard status == 0 else { throw GitError(function: "mbedtls_sha1_finish_ret", code: status, message: "SHA-1 failed") }
        bytes += digest
        let name = packFolder + "/pack-" + ObjectID(raw: digest)!.hex
        // Made before the file is closed: a failure here leaves the temporary file to `deinit`.
        let index = try index(packChecksum: digest)
        if file < 0 {
            file = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
            guard file >= 0 else { throw RepositoryError.cannotWrite(packFolder) }
        }
        let ok = Self.writeAll(file, bytes[...])
        let closed = close(file) == 0
        file = -1
        guard ok, closed else {
            unlink(temporaryPath)
            throw RepositoryError.cannotWrite(name + ".pack")
        }
        bytes = []
        finished = (name, index)
    }

    /// Installs the finished pack (finishing it first if need be) into the pack folder: the
    /// pack first (renamed from its temporary file), then the index, as git does, so that
    /// readers never see an index whose pack is not complete. Nothing is left behind when it
    /// fails.
    func install() throws {
        try finish()
        guard let (name, index) = finished else { return }
        finished = nil
        guard rename(temporaryPath, name + ".pack") == 0 else {
            unlink(temporaryPath)
            throw RepositoryError.cannotWrite(name + ".pack")
        }
        do {
            try Self.write(index, to: name + ".idx")
        } catch {
            unlink(name + ".pack")
            throw error
        }
    }

    /// The pack index, version 2 (gitformat-pack): fan-out table, sorted ids, CRC-32s, 31-bit
    /// offsets (with a table of 64-bit ones past 2 GiB), the pack's checksum and its own.
    private func index(packChecksum: [UInt8]) throws(GitError) -> [UInt8] {
        let sorted = entries.sorted { $0.id < $1.id }
        var out: [UInt8] = [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2]
        out.reserveCapacity(8 + 1024 + sorted.count * 28 + 40)
        func be32(_ v: UInt32) {
            out.append(UInt8(truncatingIfNeeded: v >> 24))
            out.append(UInt8(truncatingIfNeeded: v >> 16))
            out.append(UInt8(truncatingIfNeeded: v >> 8))
            out.append(UInt8(truncatingIfNeeded: v))
        }
        var fanout = [UInt32](repeating: 0, count: 256)
        for e in sorted { fanout[Int(e.id.a >> 56)] += 1 }
        var total: UInt32 = 0
        for i in 0..<256 {
            total += fanout[i]
            be32(total)
        }
        for e in sorted { e.id.appendRaw(to: &out) }
        for e in sorted { be32(e.crc) }
        var large: [UInt64] = []
        for e in sorted {
            if e.offset < 0x8000_0000 {
                be32(UInt32(e.offset))
            } else {
                be32(0x8000_0000 | UInt32(large.count))
                large.append(e.offset)
            }
        }
        for offset in large {
            be32(UInt32(truncatingIfNeeded: offset >> 32))
            be32(UInt32(truncatingIfNeeded: offset))
        }
        out += packChecksum
        out += try Self.sha1(out[...])
        return out
    }

    private static func sha1(_ data: ArraySlice<UInt8>) throws(GitError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        let status = data.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { out in
                mbedtls_sha1_ret(input.baseAddress, input.count, out.baseAddress)
            }
        }
        guard status == 0 else { throw GitError(function: "mbedtls_sha1_ret", code: status, message: "SHA-1 failed") }
        return digest
    }

    private static func writeAll(_ fd: Int32, _ data: ArraySlice<UInt8>) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    /// Writes a file through a temporary file in the same folder (named `tmp_…`, which
    /// `git prune` removes if a killed run leaves it) and a rename.
    private static func write(_ data: [UInt8], to path: String) throws {
        let temporary = (path as NSString).deletingLastPathComponent + "/tmp_carve_idx_\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw RepositoryError.cannotWrite(path) }
        let ok = writeAll(fd, data[...])
        guard close(fd) == 0, ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw RepositoryError.cannotWrite(path)
        }
    }
}
