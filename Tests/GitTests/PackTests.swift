import Foundation
@testable import Git
import Model
import Testing

/// Carve's own pack reader and pack writer against git on real packs: every object of a
/// history read from packs git wrote (deltas against an offset and against an id, through
/// alternates), and packs Carve wrote checked by git.
@Suite final class PackTests {
    let directory: URL
    let runtime: GitRuntime

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carve-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        runtime = try GitRuntime()
        try git("init", "-q", "-b", "main")
        // Forty commits editing the same files a little each time, so that git's repack
        // stores most trees and blobs as deltas, some of them chains.
        var stream = ""
        for i in 0..<40 {
            stream += "commit refs/heads/main\ncommitter C <c@x> \(1_700_000_000 + i * 60) +0000\ndata 8\nchange\(i % 10)\n"
            let text = (0..<200).map { "line \($0) \($0 == i ? "edited" : "same")\n" }.joined()
            stream += "M 100644 inline Lib/file.txt\ndata \(text.utf8.count)\n\(text)\n"
            stream += "M 100644 inline Lib/n\(i % 7).txt\ndata 3\n\(i % 10)\(i % 3)\n\n"
        }
        try git("fast-import", "--quiet", input: stream)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func git(_ args: String..., input: String? = nil, in folder: URL? = nil) throws -> String {
        try RepositoryTests.git(folder ?? directory, args, input: input)
    }

    /// An object's content as `git cat-file TYPE ID` prints it, byte for byte.
    func content(_ type: String, _ id: ObjectID, in folder: URL? = nil) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "cat-file", type, id.hex]
        p.currentDirectoryURL = folder ?? directory
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return Array(data)
    }

    /// Every object of the repository: id and type.
    func objects(in folder: URL? = nil) throws -> [(ObjectID, String)] {
        try git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)", in: folder)
            .split(separator: "\n").map { line in
                let parts = line.split(separator: " ")
                return (ObjectID(hex: parts[0])!, String(parts[1]))
            }
    }

    /// Reads every object with a pack reader of `folder`'s objects and compares with git.
    func expectReaderAgrees(objectsOf folder: URL, all: [(ObjectID, String)]) throws {
        let reader = PackReader(objectsFolder: folder.appendingPathComponent(".git/objects").path)
        for (id, type) in all {
            let expected = try content(type, id, in: folder)
            let read = reader.withObject(id) { code, raw in (code, Array(raw.bindMemory(to: UInt8.self))) }
            let code: UInt8 = ["commit": 1, "tree": 2, "blob": 3, "tag": 4][type]!
            #expect(read?.0 == code, "\(type) \(id)")
            #expect(read?.1 == expected, "\(type) \(id)")
        }
    }

    @Test func readsEveryObjectOfOffsetAndReferenceDeltas() throws {
        try git("repack", "-a", "-d", "-f", "--depth=8", "-q")
        let all = try objects()
        let verbose = try git("verify-pack", "-v", try packIndex())
        #expect(verbose.contains("chain length = 2"), "the repack made delta chains")
        try expectReaderAgrees(objectsOf: directory, all: all)
        // The same objects with deltas naming their base by id.
        try git("-c", "repack.useDeltaBaseOffset=false", "repack", "-a", "-d", "-f", "--depth=8", "-q")
        try expectReaderAgrees(objectsOf: directory, all: all)
        // And through a clone that borrows them (objects/info/alternates).
        let clone = directory.appendingPathComponent("clone")
        try git("clone", "-q", "--shared", directory.path, clone.path)
        try expectReaderAgrees(objectsOf: clone, all: all)
    }

    @Test func objectsNoPackHoldsAreLeftToLibgit2() throws {
        try git("repack", "-a", "-d", "-q")
        let loose = try git("hash-object", "-w", "--stdin", input: "loose and new\n")
        let reader = PackReader(objectsFolder: directory.appendingPathComponent(".git/objects").path)
        #expect(reader.withObject(ObjectID(hex: loose)!) { _, _ in true } == nil)
        #expect(reader.contains(ObjectID(hex: loose)!) == false)
        #expect(reader.contains(ObjectID(hex: try git("rev-parse", "main"))!) == true)
        // The repository reads it all the same, through libgit2.
        let repository = try Repository(path: directory.path, runtime: runtime)
        let bytes = try repository.withObject(ObjectID(hex: loose)!, type: .blob) { Array($0.bindMemory(to: UInt8.self)) }
        #expect(bytes == Array("loose and new\n".utf8))
        // A packed object asked for as another type is refused.
        #expect(throws: RepositoryError.self) {
            try repository.withObject(ObjectID(hex: try git("rev-parse", "main"))!, type: .tree) { _ in () }
        }
    }

    @Test func malformedDeltasAreRefused() {
        let source = Array("abcdefgh".utf8)
        // Source size 8, target size 3, copy 3 bytes from offset 2: "cde".
        #expect(PackReader.apply([8, 3, 0x91, 2, 3], to: source) == Array("cde".utf8))
        // Insert 2 literal bytes.
        #expect(PackReader.apply([8, 2, 2, 0x78, 0x79], to: source) == Array("xy".utf8))
        #expect(PackReader.apply([7, 3, 0x91, 2, 3], to: source) == nil, "wrong source size")
        #expect(PackReader.apply([8, 3, 0x91, 7, 3], to: source) == nil, "copy past the source")
        #expect(PackReader.apply([8, 4, 0x91, 2, 3], to: source) == nil, "short of the target size")
        #expect(PackReader.apply([8, 1, 0], to: source) == nil, "reserved instruction")
        #expect(PackReader.apply([8, 3, 5, 1], to: source) == nil, "insert past the end")
    }

    @Test func packsCarveWritesAreValidForGit() throws {
        let repository = try Repository(path: directory.path, runtime: runtime)
        var ids: [(ObjectID, GitObjectType, [UInt8])] = []
        // A small blob, a large one (stored uncompressed), a tree and a commit (stored).
        let small = Array("hello\n".utf8)
        let large = (0..<(100 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        for blob in [small, large] { ids.append((try repository.write(blob, type: .blob), .blob, blob)) }
        let tree = RawTree.encode([TreeEntry(name: "a", mode: 0o100644, id: ids[0].0), TreeEntry(name: "b", mode: 0o100644, id: ids[1].0)])
        ids.append((try repository.write(tree, type: .tree), .tree, tree))
        let commit = Array("tree \(ids[2].0.hex)\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nnew\n".utf8)
        ids.append((try repository.write(commit, type: .commit), .commit, commit))
        // Writing an object again, or one git already has, adds nothing.
        #expect(try repository.write(small, type: .blob) == ids[0].0)
        try repository.persistObjects()

        let packs = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(".git/objects/pack").path)
        #expect(!packs.contains { $0.hasPrefix("tmp_") }, "no temporary file left: \(packs)")
        let index = try #require(packs.first { $0.hasSuffix(".idx") })
        let verbose = try git("verify-pack", "-v", directory.appendingPathComponent(".git/objects/pack/" + index).path)
        #expect(verbose.contains("ok"))
        for (id, _, _) in ids { #expect(verbose.contains(id.hex)) }
        try git("fsck", "--full", "--no-dangling")
        for (id, type, bytes) in ids {
            #expect(try content("\(type)", id) == bytes)
        }
        // The handle reads what it wrote from the new pack; the large blob also where the pack
        // holds it (stored blocks, read in place), the small one (compressed) not so.
        #expect(try repository.withObject(ids[1].0, type: .blob) { Array($0.bindMemory(to: UInt8.self)) } == large)
        #expect(repository.mappedBlob(ids[1].0)?.array == large)
        #expect(repository.mappedBlob(ids[0].0) == nil)
    }

    /// Many objects are written as two packs of about the same size, made at once: together
    /// they hold every object, each once, and git finds them valid.
    @Test func manyObjectsAreWrittenAsTwoPacks() throws {
        let repository = try Repository(path: directory.path, runtime: runtime)
        let packFolder = directory.appendingPathComponent(".git/objects/pack")
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: packFolder.path))
        var written: [ObjectID: [UInt8]] = [:]
        for i in 0..<Repository.twoPacksFrom {
            let bytes = Array("object \(i)\n".utf8) + (i % 1000 == 0 ? Array(repeating: UInt8(i % 251), count: 80 << 10) : [])
            written[try repository.write(bytes, type: .blob)] = bytes
        }
        try repository.persistObjects()
        let added = Set(try FileManager.default.contentsOfDirectory(atPath: packFolder.path)).subtracting(before)
        #expect(!added.contains { $0.hasPrefix("tmp_") }, "no temporary file left: \(added)")
        let indexes = added.filter { $0.hasSuffix(".idx") }.sorted()
        #expect(indexes.count == 2 && added.count == 4, "\(added)")
        var seen: [ObjectID] = []
        var sizes: [Int] = []
        for index in indexes {
            let verbose = try git("verify-pack", "-v", packFolder.appendingPathComponent(index).path)
            let ids = verbose.split(separator: "\n").compactMap { line -> ObjectID? in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                return fields.count >= 5 && fields[1] == "blob" ? ObjectID(hex: fields[0]) : nil
            }
            seen += ids
            let pack = packFolder.appendingPathComponent(String(index.dropLast(4)) + ".pack").path
            sizes.append(try #require(try FileManager.default.attributesOfItem(atPath: pack)[.size] as? Int))
        }
        #expect(seen.count == written.count && Set(seen) == Set(written.keys))
        #expect(sizes.count == 2 && sizes.min()! * 3 > sizes.max()!, "halves by size: \(sizes)")
        try git("fsck", "--full", "--strict", "--no-dangling")
        for (id, bytes) in written.prefix(50) { #expect(try content("blob", id) == bytes) }
        #expect(try repository.blob(written.keys.first!) == written.values.first!)
    }

    /// A pack finished but never installed leaves nothing behind.
    @Test func aFinishedPackNotInstalledLeavesNothing() throws {
        let packFolder = directory.appendingPathComponent(".git/objects/pack")
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: packFolder.path))
        do {
            let writer = try PackWriter(packFolder: packFolder.path, objectCount: 1)
            try writer.append(type: .blob, content: Array("x\n".utf8), id: try Repository.hash(Array("x\n".utf8), type: .blob))
            try writer.finish()
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: packFolder.path)).subtracting(before).count == 1, "the finished pack, still temporary")
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: packFolder.path)) == before)
    }

    /// Per object of the pack `index`: the id of the base it is a delta on, or nil (from `git
    /// verify-pack -v`: id, type, size, size in pack, offset, then depth and base for a delta).
    func deltaBases(_ index: String, in folder: URL? = nil) throws -> [ObjectID: ObjectID?] {
        var bases: [ObjectID: ObjectID?] = [:]
        for line in try git("verify-pack", "-v", index, in: folder).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, let id = ObjectID(hex: fields[0]), ["commit", "tree", "blob", "tag"].contains(fields[1]) else { continue }
            bases[id] = fields.count >= 7 ? ObjectID(hex: fields[6]) : nil
        }
        return bases
    }

    /// A repository created from a packed history holds exactly the objects its head reaches;
    /// each is copied as the source pack stores it where it can: a whole object as it is, a
    /// delta on an object also copied as a delta on that object; a delta on one left behind is
    /// written whole. Checked against both of git's delta forms (base by offset, by id).
    @Test func createdRepositoriesCopyPackedEntriesAsTheyAre() throws {
        // A branch of its own whose file, at the same path, is each time one of main's versions
        // cut short: git stores it as a delta on main's (an object the branch does not reach).
        var stream = ""
        for i in 0..<6 {
            stream += "commit refs/heads/other\ncommitter C <c@x> \(1_800_000_000 + i * 60) +0000\ndata 6\nother\(i)\n"
            let text = (0..<190).map { "line \($0) \($0 == i * 5 ? "edited" : "same")\n" }.joined()
            stream += "M 100644 inline Lib/file.txt\ndata \(text.utf8.count)\n\(text)\n"
            // And a file of its own, edited a little each time: deltas on each other.
            let own = (0..<300).map { "own \($0) \($0 == i ? "edited" : "kept")\n" }.joined()
            stream += "M 100644 inline Lib/own.txt\ndata \(own.utf8.count)\n\(own)\n\n"
        }
        try git("fast-import", "--quiet", input: stream)
        let head = try #require(ObjectID(hex: try git("rev-parse", "other")))
        let reached = Set(try git("rev-list", "--objects", "other").split(separator: "\n").compactMap { ObjectID(hex: $0.prefix(40)) })
        var outside = 0
        for (n, options) in [["repack"], ["-c", "repack.useDeltaBaseOffset=false", "repack"]].enumerated() {
            try RepositoryTests.git(directory, options + ["-a", "-d", "-f", "--depth=8", "-q"])
            let source = try deltaBases(try packIndex())
            let created = directory.appendingPathComponent("created-\(n)")
            try Repository(path: directory.path, runtime: runtime).createRepository(at: created.path, head: head, tag: nil)
            try git("fsck", "--full", "--strict", "--no-dangling", in: created)
            #expect(Set(try objects(in: created).map(\.0)) == reached, "exactly the objects the head reaches")
            let pack = created.appendingPathComponent(".git/objects/pack")
            let index = try #require(try FileManager.default.contentsOfDirectory(atPath: pack.path).first { $0.hasSuffix(".idx") })
            let copied = try deltaBases(pack.appendingPathComponent(index).path, in: created)
            #expect(Set(copied.keys) == reached)
            for id in reached {
                guard let base = source[id] ?? nil, reached.contains(base) else {
                    #expect(copied[id] ?? nil == nil, "\(id): whole")
                    if source[id] ?? nil != nil { outside += 1 }
                    continue
                }
                #expect(copied[id] ?? nil == base, "\(id): a delta on \(base), as in the source")
            }
            #expect(copied.values.contains { $0 != nil }, "some deltas were copied")
        }
        #expect(outside > 0, "some object was a delta on one the new repository does not hold")
    }

    /// An entry whose bytes do not match its CRC-32 in the pack's index is not copied: the
    /// creation fails, naming the object.
    @Test func aDamagedEntryIsNotCopied() throws {
        try git("repack", "-a", "-d", "-f", "-q")
        let index = try packIndex()
        // The largest whole blob: one byte in the middle of its zlib data flipped.
        let entries = try git("verify-pack", "-v", index).split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let blob = try #require(entries.filter { $0.count == 5 && $0[1] == "blob" }.max { Int($0[3])! < Int($1[3])! })
        let packPath = String(index.dropLast(4)) + ".pack"
        chmod(packPath, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: packPath))
        bytes[Int(blob[4])! + Int(blob[3])! / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: packPath))
        let created = directory.appendingPathComponent("created")
        do {
            try Repository(path: directory.path, runtime: runtime).createRepository(at: created.path, head: try #require(ObjectID(hex: try git("rev-parse", "main"))), tag: nil)
            Issue.record("a damaged pack entry was copied")
        } catch {
            #expect("\(error)".contains(String(blob[0])) && "\(error)".contains("damaged"), "\(error)")
        }
    }

    func packIndex() throws -> String {
        let folder = directory.appendingPathComponent(".git/objects/pack")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".idx") })
        return folder.appendingPathComponent(name).path
    }
}
