import Clibgit2
import Model

/// Builds a pack file (version 2, no deltas) from whole objects: what Carve hands to libgit2's
/// indexer, which writes the `.pack` and `.idx` into the repository atomically.
///
/// libgit2's `git_mempack_dump` cannot be used: it packs each commit with its whole tree,
/// recursively, which copies every blob of the folder's history into the new pack.
final class PackWriter {
    private(set) var bytes: [UInt8] = []
    private var count: UInt32 = 0
    /// One deflate stream, reset per object: setting one up allocates and clears hundreds of
    /// kilobytes, which per object (as `compress2` does) costs more than the compression.
    private var stream = z_stream()
    /// A second stream that stores without compressing (zlib's stored blocks), for the objects
    /// `append(..., stored: true)` is asked to store.
    private var storing = z_stream()

    init(expectedSize: Int) throws(GitError) {
        bytes.reserveCapacity(expectedSize + 32)
        bytes += Array("PACK".utf8) + [0, 0, 0, 2] + [0, 0, 0, 0]
        let status = deflateInit_(&stream, Z_BEST_SPEED, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw GitError(function: "deflateInit", code: Int32(status), message: "zlib could not start")
        }
        let stored = deflateInit_(&storing, Z_NO_COMPRESSION, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard stored == Z_OK else {
            deflateEnd(&stream)
            throw GitError(function: "deflateInit", code: Int32(stored), message: "zlib could not start")
        }
    }

    deinit {
        deflateEnd(&stream)
        deflateEnd(&storing)
    }

    /// Appends one object: its type and size header, then its content zlib-compressed, or with
    /// `stored` in zlib's stored blocks (valid zlib that inflates at the speed of a copy).
    func append(type: GitObjectType, content: [UInt8], stored: Bool = false) throws(GitError) {
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
        count += 1
    }

    /// The finished pack: the object count patched in and the SHA-1 trailer appended.
    func finish() throws(GitError) -> [UInt8] {
        bytes[8] = UInt8(truncatingIfNeeded: count >> 24)
        bytes[9] = UInt8(truncatingIfNeeded: count >> 16)
        bytes[10] = UInt8(truncatingIfNeeded: count >> 8)
        bytes[11] = UInt8(truncatingIfNeeded: count)
        var digest = [UInt8](repeating: 0, count: 20)
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { out in
                mbedtls_sha1_ret(input.baseAddress, input.count, out.baseAddress)
            }
        }
        guard status == 0 else { throw GitError(function: "mbedtls_sha1_ret", code: status, message: "SHA-1 failed") }
        // Appended in place: `bytes + digest` would copy the whole pack.
        bytes.append(contentsOf: digest)
        return bytes
    }
}
