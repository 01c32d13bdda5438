import Model

/// Finds the moves of a split's folders (`--follow`): a commit in which a folder appears at a
/// path none of its parents has, while a parent has, at a path that the commit no longer has, the
/// same tree or a similar one. Moves are followed back one after another (a folder renamed
/// twice), into and out of other folders, and through edits made in the moving commit. Old
/// paths named by the user (`--follow-path`) are checked and followed back the same way.
///
/// Reads only; runs before the split, off the engine's default path.
public final class MoveDetector<Store: SplitStore> {
    private let store: Store
    private var headers: [ObjectID: (tree: ObjectID, parents: [ObjectID])] = [:]

    /// The least similarity (percent of files, see `similarity`) for a tree to count as moved.
    public static var threshold: Int { 50 }

    /// Prepares to read histories from `store`.
    public init(store: Store) {
        self.store = store
    }

    /// The followed folders of `spec` in the history of `tip`, with the old paths `named`
    /// (`OLD`, or `OLD:FOLDER` when the spec has several folders).
    public func follow(tip: ObjectID, spec: SplitSpec, named: [String], revision: String) throws -> [FollowedFolder] {
        var assigned = [[[String]]](repeating: [], count: spec.folders.count)
        for argument in named {
            let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let old: [String]
            do {
                old = try SplitSpec.components(of: parts[0], in: argument)
            } catch {
                throw SplitError.badFollowPath(argument, error.localizedDescription)
            }
            if old.isEmpty { throw SplitError.badFollowPath(argument, "it names no folder") }
            let index: Int
            if parts.count == 2 {
                guard let i = spec.folders.firstIndex(where: { $0.fromPath == parts[1] || $0.from == parts[1].split(separator: "/").map(String.init) }) else {
                    throw SplitError.badFollowPath(argument, "'\(parts[1])' is not one of the folders being split (\(spec.folders.map(\.fromPath).joined(separator: ", ")))")
                }
                index = i
            } else {
                guard spec.folders.count == 1 else {
                    throw SplitError.badFollowPath(argument, "several folders are split: say which one it was, as OLD:FOLDER (e.g. \(parts[0]):\(spec.folders[0].fromPath))")
                }
                index = 0
            }
            if !assigned[index].contains(old) { assigned[index].append(old) }
        }
        return try spec.folders.indices.map { i in
            try follow(folder: spec.folders[i].from, named: assigned[i], tip: tip, revision: revision)
        }
    }

    private func follow(folder: [String], named: [[String]], tip: ObjectID, revision: String) throws -> FollowedFolder {
        var chain: [[String]] = [folder]
        var moves: [FolderMove] = []
        var queue: [(path: [String], roots: [ObjectID])] = [(folder, [tip])]
        var next = 0
        var pendingNamed = named[...]
        while true {
            while next < queue.count {
                let (path, roots) = queue[next]
                next += 1
                for (commit, tree) in try appearances(of: path, from: roots).appearances {
                    for parent in headers[commit]!.parents {
                        guard let found = try movedFrom(parent: parent, child: commit, tree: tree, excluding: chain) else { continue }
                        chain.append(found.path)
                        moves.append(FolderMove(commit: commit, from: found.path.joined(separator: "/"), to: path.joined(separator: "/"), similarity: found.similarity))
                        queue.append((found.path, [parent]))
                        break
                    }
                }
            }
            guard let old = pendingNamed.popFirst() else { break }
            if chain.contains(old) { continue }
            guard try appearances(of: old, from: [tip]).exists else {
                throw SplitError.followPathNeverExisted(old.joined(separator: "/"), revision: revision)
            }
            chain.append(old)
            moves.append(FolderMove(commit: nil, from: old.joined(separator: "/"), to: folder.joined(separator: "/"), similarity: 0, named: true))
            queue.append((old, [tip]))
        }
        return FollowedFolder(folder: folder.joined(separator: "/"), formerPaths: chain.dropFirst().map { $0.joined(separator: "/") }, moves: moves)
    }

    // MARK: - The history

    private func header(_ id: ObjectID) throws -> (tree: ObjectID, parents: [ObjectID]) {
        if let known = headers[id] { return known }
        let h = try store.withObject(id, kind: .commit) { try RawObject.commitHeader($0, id: id) }
        let value = (h.tree, store.shallowBoundary.contains(id) ? [] : h.parents)
        headers[id] = value
        return value
    }

    /// The commits reachable from `roots` that have a folder at `path` while none of their
    /// parents has (first parents first), and whether any commit has it.
    private func appearances(of path: [String], from roots: [ObjectID]) throws -> (appearances: [(ObjectID, ObjectID)], exists: Bool) {
        var memo: [ObjectID: ObjectID?] = [:]
        func folder(_ commit: ObjectID) throws -> ObjectID? {
            let root = try header(commit).tree
            if let known = memo[root] { return known }
            let found = try lookup(root, path)
            memo[root] = found
            return found
        }
        var found: [(ObjectID, ObjectID)] = []
        var exists = false
        for c in try order(from: roots) {
            guard let tree = try folder(c) else { continue }
            exists = true
            let parents = headers[c]!.parents
            if !parents.isEmpty, try parents.allSatisfy({ try folder($0) == nil }) { found.append((c, tree)) }
        }
        return (found, exists)
    }

    /// The walks made so far, by their roots: every folder of every component walks from the tip.
    private var orders: [[ObjectID]: [ObjectID]] = [:]

    /// The commits reachable from `roots`, first parents first.
    private func order(from roots: [ObjectID]) throws -> [ObjectID] {
        if let known = orders[roots] { return known }
        var out: [ObjectID] = []
        var seen = Set<ObjectID>()
        var stack = Array(roots.reversed())
        while let c = stack.popLast() {
            guard seen.insert(c).inserted else { continue }
            out.append(c)
            for p in try header(c).parents.reversed() where !seen.contains(p) { stack.append(p) }
        }
        orders[roots] = out
        return out
    }

    // MARK: - Trees

    private struct Entry {
        var name: String
        var mode: UInt32
        var id: ObjectID
        var isTree: Bool { mode == 0o040000 }
    }

    private func entries(_ tree: ObjectID) throws -> [Entry] {
        try store.withObject(tree, kind: .tree) { raw in
            var out: [Entry] = []
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            var i = 0
            while i < n {
                var mode: UInt32 = 0
                while i < n, bytes[i] != UInt8(ascii: " ") {
                    mode = mode << 3 | UInt32(bytes[i] &- UInt8(ascii: "0"))
                    i += 1
                }
                i += 1
                let nameStart = i
                while i < n, bytes[i] != 0 { i += 1 }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<i]), as: UTF8.self)
                i += 1
                guard i + 20 <= n else { break }
                out.append(Entry(name: name, mode: mode, id: ObjectID(bytes: UnsafeRawPointer(bytes.baseAddress! + i))))
                i += 20
            }
            return out
        }
    }

    private struct ChildKey: Hashable {
        var tree: ObjectID
        var name: String
    }

    /// Lookups of a folder's first component (`Sources` in the root tree), which every folder
    /// and every walk of a many-component split repeats.
    private var firstLevel: [ChildKey: ObjectID?] = [:]

    /// The folder (a tree, not a submodule or file) at `path` under `root`.
    private func lookup(_ root: ObjectID, _ path: [String]) throws -> ObjectID? {
        var current = root
        for (depth, name) in path.enumerated() {
            let next: ObjectID?
            if depth == 0, path.count > 1 {
                let key = ChildKey(tree: current, name: name)
                if let known = firstLevel[key] {
                    next = known
                } else {
                    next = try child(current, named: name)
                    firstLevel[key] = next
                }
            } else if depth == 1 {
                next = try subfolders(current)[name]
            } else {
                next = try child(current, named: name)
            }
            guard let found = next else { return nil }
            current = found
        }
        return current
    }

    /// The folders of second-level trees (`Sources`), kept up to a bound: each differs from the
    /// next commit's in one entry, and every component looks in them.
    private var secondLevel: [ObjectID: [String: ObjectID]] = [:]
    private var secondLevelEntries = 0

    private func subfolders(_ tree: ObjectID) throws -> [String: ObjectID] {
        if let known = secondLevel[tree] { return known }
        var folders: [String: ObjectID] = [:]
        for e in try entries(tree) where e.isTree { folders[e.name] = e.id }
        if secondLevelEntries < 2_000_000 {
            secondLevel[tree] = folders
            secondLevelEntries += folders.count + 1
        }
        return folders
    }

    /// The subtree `name` of `tree`, scanning the raw tree without copying its entries.
    private func child(_ tree: ObjectID, named name: String) throws -> ObjectID? {
        let wanted = Array(name.utf8)
        return try store.withObject(tree, kind: .tree) { raw -> ObjectID? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            var i = 0
            while i < n {
                let modeStart = i
                while i < n, bytes[i] != UInt8(ascii: " ") { i += 1 }
                // Trees are written "40000"; a blob, link or submodule has six digits.
                let isTree = i - modeStart == 5 && bytes[modeStart] == UInt8(ascii: "4")
                i += 1
                let nameStart = i
                while i < n, bytes[i] != 0 { i += 1 }
                let nameEnd = i
                i += 1
                guard i + 20 <= n else { return nil }
                if isTree, nameEnd - nameStart == wanted.count, wanted.withUnsafeBufferPointer({ w in
                    (0..<w.count).allSatisfy { bytes[nameStart + $0] == w[$0] }
                }) {
                    return ObjectID(bytes: UnsafeRawPointer(bytes.baseAddress! + i))
                }
                i += 20
            }
            return nil
        }
    }

    /// The old path the folder `tree` of `child` came from in `parent`: a folder of `parent`
    /// that `child` no longer has, with the same tree (preferred) or the most similar one at or
    /// above the threshold; ties go to the shorter, then the smaller path.
    private func movedFrom(parent: ObjectID, child: ObjectID, tree: ObjectID, excluding chain: [[String]]) throws -> (path: [String], similarity: Int)? {
        var candidates: [(path: [String], tree: ObjectID)] = []
        let limit = 20_000
        func removed(_ tree: ObjectID, _ path: [String]) throws {
            guard candidates.count < limit else { return }
            candidates.append((path, tree))
            for e in try entries(tree) where e.isTree { try removed(e.id, path + [e.name]) }
        }
        func diff(_ old: ObjectID, _ new: ObjectID, _ prefix: [String]) throws {
            let now = Dictionary(try entries(new).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for e in try entries(old) where e.isTree {
                if let n = now[e.name], n.isTree {
                    if n.id != e.id { try diff(e.id, n.id, prefix + [e.name]) }
                } else {
                    try removed(e.id, prefix + [e.name])
                }
            }
        }
        try diff(header(parent).tree, header(child).tree, [])
        candidates.removeAll { chain.contains($0.path) }
        func better(_ a: [String], _ b: [String]) -> Bool {
            a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
        }
        if let exact = candidates.filter({ $0.tree == tree }).map(\.path).min(by: better) {
            return (exact, 100)
        }
        let moved = try files(tree)
        guard !moved.isEmpty else { return nil }
        // Only a folder that shares a name or an id with the moved one at the top can pass.
        let top = try entries(tree)
        let names = Set(top.map(\.name)), ids = Set(top.map(\.id))
        var best: (path: [String], similarity: Int)?
        for c in candidates {
            guard try entries(c.tree).contains(where: { names.contains($0.name) || ids.contains($0.id) }) else { continue }
            let score = Self.similarity(moved, try files(c.tree))
            guard score >= Self.threshold else { continue }
            if let b = best, b.similarity > score || (b.similarity == score && !better(c.path, b.path)) { continue }
            best = (c.path, score)
        }
        return best
    }

    /// Every file under `tree` by relative path (at most 50 000).
    private func files(_ tree: ObjectID) throws -> [String: ObjectID] {
        var out: [String: ObjectID] = [:]
        func visit(_ t: ObjectID, _ prefix: String) throws {
            for e in try entries(t) {
                guard out.count < 50_000 else { return }
                if e.isTree { try visit(e.id, prefix + e.name + "/") } else { out[prefix + e.name] = e.id }
            }
        }
        try visit(tree, "")
        return out
    }

    /// How much of `new` was in `old`, in percent: a file counts fully when the same content
    /// is at the same relative path, half when only its content (renamed) or only its path
    /// (edited) is there; divided by the larger of the two file counts.
    static func similarity(_ new: [String: ObjectID], _ old: [String: ObjectID]) -> Int {
        guard !new.isEmpty, !old.isEmpty else { return 0 }
        let contents = Set(old.values)
        var points = 0
        for (path, id) in new {
            let samePath = old[path] != nil
            if old[path] == id {
                points += 2
            } else if samePath || contents.contains(id) {
                points += 1
            }
        }
        return points * 50 / max(new.count, old.count)
    }
}
