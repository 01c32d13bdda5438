import Model
import Testing
@testable import Split

/// The invariants every history mode keeps, checked on an in-memory split.
extension InMemoryStore {
    /// A commit written as given (tree, author line and message chosen by the test).
    func rawCommit(tree: ObjectID, parents: [ObjectID], author: String, date: Int64, message: String) throws -> ObjectID {
        var text = "tree \(tree.hex)\n"
        for p in parents { text += "parent \(p.hex)\n" }
        text += "author \(author) \(date) +0100\ncommitter Some Tool <tool@example.com> \(date + 5) +0000\n\n\(message)\n"
        return try write(Array(text.utf8), kind: .commit)
    }

    /// The folder at `path` in `tree`, if it is one.
    func folder(_ path: String, in tree: ObjectID) throws -> ObjectID? {
        var current = tree
        for name in path.split(separator: "/") {
            let found: ObjectID? = try withObject(current, kind: .tree) { raw in
                let b = Array(raw.bindMemory(to: UInt8.self))
                var i = 0
                while i < b.count {
                    let sp = b[i...].firstIndex(of: 0x20)!, nul = b[sp...].firstIndex(of: 0)!
                    let mode = String(decoding: b[i..<sp], as: UTF8.self)
                    if mode == "40000", String(decoding: b[(sp + 1)..<nul], as: UTF8.self) == name { return ObjectID(raw: b[(nul + 1)..<(nul + 21)]) }
                    i = nul + 21
                }
                return nil
            }
            guard let next = found else { return nil }
            current = next
        }
        return current
    }

    /// Author line (name, email, date) and subject of a commit.
    func signature(_ id: ObjectID) throws -> String {
        try withObject(id, kind: .commit) { raw in
            let fields = RawCommit.fields(Array(raw.bindMemory(to: UInt8.self)))
            let author = fields.author.map { String(decoding: $0.name + [0x20] + $0.email + [0x20] + $0.date, as: UTF8.self) } ?? "-"
            let subject = String(decoding: fields.message.prefix { $0 != 0x0A }, as: UTF8.self)
            return author + " | " + subject
        }
    }

    /// Every commit reachable from `tip`.
    func history(_ tip: ObjectID) throws -> [ObjectID] {
        var seen = Set<ObjectID>(), out: [ObjectID] = [], stack = [tip]
        while let c = stack.popLast() {
            guard seen.insert(c).inserted else { continue }
            out.append(c)
            stack += try info(c).parents
        }
        return out
    }
}

/// Checks a split of one folder to the root, followed through `paths` (the folder first, then
/// its old paths): the head's tree is the folder's at the tip; every non-merge source commit
/// that changed the followed folder is in the split (author, date, and its subject within the
/// split commit's, which an adopted history may have annotated); no non-merge split commit is
/// empty; a second cold run gives the same head.
func checkInvariants(_ store: InMemoryStore, tip: ObjectID, result: SplitResult, paths: [String], history: SplitHistory, everyCommit: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
    func followed(_ commit: ObjectID) throws -> ObjectID? {
        let tree = try store.info(commit).tree
        for p in paths { if let t = try store.folder(p, in: tree) { return t } }
        return nil
    }
    let head = try store.info(result.head)
    #expect(head.tree == (try followed(tip)), "the head's tree is the folder's tree at the tip", sourceLocation: sourceLocation)

    let split = try store.history(result.head)
    var represented: [Substring: [Substring]] = [:]
    for s in split {
        let parts = try store.signature(s).split(separator: "|", maxSplits: 1)
        represented[parts[0], default: []].append(parts[1])
    }
    for c in try store.history(tip) where everyCommit {
        let info = try store.info(c)
        guard info.parents.count <= 1, let tree = try followed(c) else { continue }
        let before = try info.parents.first.flatMap { try followed($0) }
        guard before != tree else { continue }
        let signature = try store.signature(c)
        let parts = signature.split(separator: "|", maxSplits: 1)
        let found = represented[parts[0]]?.contains { $0.hasSuffix(parts[1].dropFirst()) } ?? false
        #expect(found, "changed the folder but is missing: \(signature)", sourceLocation: sourceLocation)
    }
    for s in split {
        let info = try store.info(s)
        guard info.parents.count == 1 else { continue }
        let signature = try store.signature(s)
        #expect(try store.info(info.parents[0]).tree != info.tree, "an empty split commit: \(signature)", sourceLocation: sourceLocation)
    }
    let again = try SplitEngine(store: store).split(tip: tip, jobs: [SplitJob(spec: SplitSpec(arguments: [paths[0]]), history: history)])[0].get()
    #expect(again.head == result.head, "a second cold run gives the same ids", sourceLocation: sourceLocation)
}
