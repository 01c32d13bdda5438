import Foundation
import Model
@testable import Split

/// An object store in memory with git's object ids (SHA-1 of "type size\0" + content), so that
/// the engine can be tested without a repository.
final class InMemoryStore: SplitStore, SplitCacheObjects {
    private(set) var objects: [ObjectID: (kind: ObjectKind, bytes: [UInt8])] = [:]
    private(set) var writes = 0

    func withObject<R>(_ id: ObjectID, kind: ObjectKind, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let object = objects[id], object.kind == kind else { throw SplitError.corruptObject(id, "missing") }
        return try object.bytes.withUnsafeBytes(body)
    }

    func write(_ bytes: [UInt8], kind: ObjectKind) throws -> ObjectID {
        writes += 1
        let type = switch kind {
        case .commit: "commit"
        case .tree: "tree"
        case .blob: "blob"
        }
        let header = Array("\(type) \(bytes.count)".utf8) + [0]
        let id = ObjectID(raw: SHA1.hash(header + bytes))!
        objects[id] = (kind, bytes)
        return id
    }

    var shallowBoundary: Set<ObjectID> = []

    /// References, for the cache archive.
    var references: [String: ObjectID] = [:]

    func referenceTarget(_ name: String) throws -> ObjectID? {
        references[name]
    }

    func resolveCommit(_ revision: String) -> ObjectID? {
        if revision.hasSuffix("^"), let base = ObjectID(hex: revision.dropLast()) {
            return try? withObject(base, kind: .commit) { try RawObject.commitHeader($0, id: base).parents.first }
        }
        guard let id = ObjectID(hex: revision), objects[id]?.kind == .commit else { return nil }
        return id
    }

    // MARK: - Building histories

    /// A tree from a flat map of paths to file contents (directories are created as needed).
    func tree(_ files: [String: String]) throws -> ObjectID {
        var blobs: [String: ObjectID] = [:]
        var dirs: [String: [String: String]] = [:]
        for (path, content) in files {
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 1 {
                blobs[parts[0]] = try writeBlob(content)
            } else {
                dirs[parts[0], default: [:]][parts[1]] = content
            }
        }
        var entries: [(name: String, mode: String, id: ObjectID)] = blobs.map { ($0.key, "100644", $0.value) }
        for (name, sub) in dirs { entries.append((name, "40000", try tree(sub))) }
        entries.sort { Array(($0.name + ($0.mode == "40000" ? "/" : "")).utf8).lexicographicallyPrecedes(Array(($1.name + ($1.mode == "40000" ? "/" : "")).utf8)) }
        var bytes: [UInt8] = []
        for e in entries { bytes += Array("\(e.mode) \(e.name)".utf8) + [0] + e.id.raw }
        return try write(bytes, kind: .tree)
    }

    private func writeBlob(_ content: String) throws -> ObjectID {
        // Blobs are never read by the engine; store them as trees' leaves with a blob-like id.
        let bytes = Array(content.utf8)
        let header = Array("blob \(bytes.count)".utf8) + [0]
        return ObjectID(raw: SHA1.hash(header + bytes))!
    }

    private var clock: Int64 = 1_700_000_000

    /// A commit with fixed identities and an increasing date.
    func commit(_ message: String, files: [String: String], parents: [ObjectID] = [], author: String = "A U Thor <author@example.com>") throws -> ObjectID {
        clock += 60
        var text = "tree \(try tree(files).hex)\n"
        for p in parents { text += "parent \(p.hex)\n" }
        text += "author \(author) \(clock) +0100\ncommitter C O Mitter <committer@example.com> \(clock) +0100\n\n\(message)\n"
        return try write(Array(text.utf8), kind: .commit)
    }

    /// Parsed view of a stored commit.
    func info(_ id: ObjectID) throws -> (tree: ObjectID, parents: [ObjectID], message: String) {
        try withObject(id, kind: .commit) { raw in
            let header = try RawObject.commitHeader(raw, id: id)
            let bytes = Array(raw.bindMemory(to: UInt8.self))
            let message = RawCommit.fields(bytes).message
            return (header.tree, header.parents, String(decoding: message, as: UTF8.self))
        }
    }

    /// The names in a stored tree.
    func names(_ tree: ObjectID) throws -> [String] {
        try withObject(tree, kind: .tree) { raw in
            var names: [String] = []
            let b = Array(raw.bindMemory(to: UInt8.self))
            var i = 0
            while i < b.count {
                let sp = b[i...].firstIndex(of: 0x20)!, nul = b[sp...].firstIndex(of: 0)!
                names.append(String(decoding: b[(sp + 1)..<nul], as: UTF8.self))
                i = nul + 21
            }
            return names
        }
    }
}

/// SHA-1 (FIPS 180-4), for git object ids in tests.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                w[i] = UInt32(data[chunk + 4 * i]) << 24 | UInt32(data[chunk + 4 * i + 1]) << 16 | UInt32(data[chunk + 4 * i + 2]) << 8 | UInt32(data[chunk + 4 * i + 3])
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w[i] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch i {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, t)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    }
}
