import Model

/// Reports progress of a long split. Called every few hundred commits, never per commit.
public protocol SplitProgress: AnyObject {
    /// `done` of `total` commits of the walk have been processed.
    func splitProgress(done: Int, total: Int)
}

/// What one split produced.
public struct SplitResult: Sendable, Equatable {
    /// The split head: the commit id `git subtree split` prints.
    public var head: ObjectID
    /// The source commit whose split is `head` (git subtree's `latest_old`).
    public var sourceOfHead: ObjectID
    /// Commits in the walk (what `git rev-list` lists for git subtree).
    public var commitsWalked: Int
    /// Split commits written (some may have existed already).
    public var commitsWritten: Int
}

/// The history split, a port of `git subtree split` (git 2.39): `cmd_split`,
/// `process_split_commit`, `copy_or_skip`, `copy_commit` and `find_existing_splits`, generalised
/// to several folders placed at chosen paths.
///
/// Not thread-safe: one engine per split, on one thread.
public final class SplitEngine<Store: SplitStore> {
    private let store: Store
    private let spec: SplitSpec
    private var graph = CommitGraph()
    private var mapped: [CommitGraph.Node] = []
    private var noTree: [Bool] = []
    private var latestNew: CommitGraph.Node = -1
    private var latestOld: CommitGraph.Node = -1
    private var written = 0
    private let folderNames: [[[UInt8]]]
    private var lookupMemo: [[ObjectID: TreeEntry?]]
    private var combinedMemo: [[ObjectID?]: ObjectID] = [:]

    private struct TreeEntry {
        var mode: UInt32
        var id: ObjectID
    }

    /// Prepares a split of `spec`'s folders, reading and writing objects through `store`.
    public init(store: Store, spec: SplitSpec) {
        self.store = store
        self.spec = spec
        folderNames = spec.folders.map { $0.from.map { Array($0.utf8) } }
        lookupMemo = Array(repeating: [:], count: spec.folders.count)
        graph.shallowBoundary = store.shallowBoundary
    }

    /// Splits the history of `tip`. `onto` is git subtree's `--onto`: commits of that history are
    /// taken as already split.
    public func split(tip: ObjectID, onto: ObjectID? = nil, revisionName: String? = nil, progress: SplitProgress? = nil) throws -> SplitResult {
        let tipNode = graph.node(tip)
        let reachableEpoch = graph.newEpoch()
        let reachable = try graph.reachable(from: [tipNode], store: store, epoch: reachableEpoch)
        syncState()

        if let onto {
            // cmd_split: every commit of the --onto history maps to itself.
            let e = graph.newEpoch()
            for n in try graph.reachable(from: [graph.node(onto)], store: store, epoch: e) where mapped[Int(n)] < 0 {
                syncState()
                mapped[Int(n)] = n
            }
            syncState()
        }

        var excluded: [CommitGraph.Node] = []
        if spec.isSubtreeCompatible {
            excluded = try applyExistingSplits(reachable)
        }

        let order = try topologicalOrder(tip: tipNode, reachable: reachable, excluded: excluded)
        var done = 0
        for n in order {
            try process(n)
            done += 1
            if done & 1023 == 0 { progress?.splitProgress(done: done, total: order.count) }
        }
        progress?.splitProgress(done: order.count, total: order.count)

        guard latestNew >= 0 else {
            throw SplitError.folderNeverExisted(spec.folders.map(\.fromPath).joined(separator: ", "), revision: revisionName ?? tip.short)
        }
        return SplitResult(
            head: graph.ids[Int(latestNew)],
            sourceOfHead: graph.ids[Int(latestOld)],
            commitsWalked: order.count,
            commitsWritten: written
        )
    }

    private func syncState() {
        while mapped.count < graph.count {
            mapped.append(-1)
            noTree.append(false)
        }
    }

    // MARK: - find_existing_splits

    /// Seeds the mapping from subtree markers and returns the commits whose history is excluded
    /// from the walk.
    private func applyExistingSplits(_ reachable: [CommitGraph.Node]) throws -> [CommitGraph.Node] {
        var markers = SubtreeMarkers(dir: spec.folders[0].fromPath)
        defer { markers.release() }
        for n in reachable where graph.mentionsSubtree[Int(n)] {
            let id = graph.ids[Int(n)]
            let message = try store.withObject(id, kind: .commit) { raw in
                CommitCopier.parse(CommitCopier.reencodedToUTF8(Array(raw.bindMemory(to: UInt8.self).prefix { $0 != 0 }))).message
            }
            guard markers.matches(message: message) else { continue }
            try markers.scan(commit: id, message: message, resolve: { store.resolveCommit($0) })
        }
        for entry in markers.cacheEntries {
            // Only a full lowercase id can ever match a commit of the walk.
            guard entry.key.utf8.count == 40, entry.key == entry.key.lowercased(), let key = ObjectID(hex: entry.key) else { continue }
            let k = graph.node(key), v = graph.node(entry.value)
            syncState()
            // git subtree dies on a second entry for the same commit; the first one wins here.
            if mapped[Int(k)] < 0 { mapped[Int(k)] = v }
        }
        var excluded: [CommitGraph.Node] = []
        for revision in markers.exclusions {
            if let id = store.resolveCommit(revision) { excluded.append(graph.node(id)) }
        }
        syncState()
        return excluded
    }

    // MARK: - rev-list --topo-order --reverse

    /// The walk order of `git rev-list --topo-order --reverse TIP ^EXCLUDED...` (revision.c's
    /// sort_in_topological_order in graph order: a LIFO of commits whose children are all shown).
    private func topologicalOrder(tip: CommitGraph.Node, reachable: [CommitGraph.Node], excluded: [CommitGraph.Node]) throws -> [CommitGraph.Node] {
        var outside = Set<CommitGraph.Node>()
        if !excluded.isEmpty {
            let e = graph.newEpoch()
            for n in try graph.reachable(from: excluded, store: store, epoch: e) { outside.insert(n) }
            syncState()
        }
        let inWalk = graph.newEpoch()
        for n in reachable where !outside.contains(n) { graph.mark(n, inWalk) }
        guard graph.isMarked(tip, inWalk) else { return [] }

        var indegree = [Int32](repeating: 0, count: graph.count)
        for n in reachable where graph.isMarked(n, inWalk) { indegree[Int(n)] = 1 }
        for n in reachable where graph.isMarked(n, inWalk) {
            for p in graph.parents(n) where indegree[Int(p)] != 0 { indegree[Int(p)] += 1 }
        }
        var order: [CommitGraph.Node] = []
        order.reserveCapacity(reachable.count)
        var stack: [CommitGraph.Node] = [tip]
        while let c = stack.popLast() {
            for p in graph.parents(c) where indegree[Int(p)] != 0 {
                indegree[Int(p)] -= 1
                if indegree[Int(p)] == 1 { stack.append(p) }
            }
            indegree[Int(c)] = 0
            order.append(c)
        }
        order.reverse()
        return order
    }

    // MARK: - process_split_commit

    /// Maps one commit, first mapping any parent the walk has not reached (git subtree's
    /// `check_parents`, which recurses with parents read from the repository).
    private func process(_ root: CommitGraph.Node) throws {
        if mapped[Int(root)] >= 0 || noTree[Int(root)] { return }
        var stack: [(CommitGraph.Node, Bool)] = [(root, false)]
        while let (n, expanded) = stack.popLast() {
            if expanded {
                try finish(n)
                continue
            }
            if mapped[Int(n)] >= 0 || noTree[Int(n)] { continue }
            stack.append((n, true))
            try graph.load(n, from: store)
            syncState()
            for p in graph.parents(n).reversed() where mapped[Int(p)] < 0 && !noTree[Int(p)] {
                stack.append((p, false))
            }
        }
    }

    private func finish(_ n: CommitGraph.Node) throws {
        var newParents: [CommitGraph.Node] = []
        for p in graph.parents(n) where mapped[Int(p)] >= 0 { newParents.append(mapped[Int(p)]) }
        guard let tree = try splitTree(of: n) else {
            // No folder here: remember it, and once the history has split commits, the commit
            // stands for itself.
            noTree[Int(n)] = true
            if !newParents.isEmpty { mapped[Int(n)] = n }
            return
        }
        let newRev = try copyOrSkip(n, tree: tree, newParents: newParents)
        syncState()
        mapped[Int(n)] = newRev
        latestNew = newRev
        latestOld = n
    }

    // MARK: - copy_or_skip

    private func copyOrSkip(_ n: CommitGraph.Node, tree: ObjectID, newParents: [CommitGraph.Node]) throws -> CommitGraph.Node {
        var identical: CommitGraph.Node = -1
        var nonIdentical: CommitGraph.Node = -1
        var copy = false
        var unique: [CommitGraph.Node] = []
        for parent in newParents {
            try graph.load(parent, from: store)
            if graph.trees[Int(parent)] == tree {
                if identical >= 0 {
                    // git merge-base IDENTICAL PARENT: keep the descendant; copy when neither
                    // descends from the other.
                    if try graph.isAncestor(identical, of: parent, store: store) {
                        identical = parent
                    } else if try !graph.isAncestor(parent, of: identical, store: store) {
                        copy = true
                    }
                } else {
                    identical = parent
                }
            } else {
                nonIdentical = parent
            }
            if !unique.contains(parent) { unique.append(parent) }
        }
        // rev-list --count IDENTICAL..NONIDENTICAL: the other branch has history to keep.
        if identical >= 0, nonIdentical >= 0, try !graph.isAncestor(nonIdentical, of: identical, store: store) {
            copy = true
        }
        if identical >= 0, !copy { return identical }
        return try copyCommit(n, tree: tree, parents: unique)
    }

    private func copyCommit(_ n: CommitGraph.Node, tree: ObjectID, parents: [CommitGraph.Node]) throws -> CommitGraph.Node {
        let id = graph.ids[Int(n)]
        let parentIDs = parents.map { graph.ids[Int($0)] }
        let bytes = try store.withObject(id, kind: .commit) { raw in
            try CommitCopier.copy(raw, id: id, tree: tree, parents: parentIDs)
        }
        let newID = try store.write(bytes, kind: .commit)
        written += 1
        let node = graph.node(newID)
        graph.setLoaded(node, tree: tree, parents: parents)
        syncState()
        return node
    }

    // MARK: - Trees

    /// The tree the split commit of `n` has, or nil when none of the folders is a directory there.
    private func splitTree(of n: CommitGraph.Node) throws -> ObjectID? {
        let root = graph.trees[Int(n)]
        if spec.isSubtreeCompatible {
            return try folderTree(0, root: root)
        }
        var parts: [ObjectID?] = []
        parts.reserveCapacity(spec.folders.count)
        var any = false
        for i in spec.folders.indices {
            let t = try folderTree(i, root: root)
            any = any || t != nil
            parts.append(t)
        }
        guard any else { return nil }
        if let known = combinedMemo[parts] { return known }
        let entries = zip(spec.folders, parts).compactMap { f, t in t.map { (f.to[...], $0) } }
        let combined = try writeTree(entries)
        combinedMemo[parts] = combined
        return combined
    }

    /// The folder's tree id in the commit tree `root`: like `git ls-tree`, a submodule or a file
    /// at the folder's path counts as no folder (git subtree ignores submodules and fails on files).
    private func folderTree(_ folder: Int, root: ObjectID) throws -> ObjectID? {
        let names = folderNames[folder]
        var tree = root
        for (level, name) in names.enumerated() {
            let entry: TreeEntry?
            if level > 0, let memo = lookupMemo[folder][tree] {
                entry = memo
            } else {
                entry = try store.withObject(tree, kind: .tree) { raw in
                    RawObject.treeEntry(raw, named: name).map { TreeEntry(mode: $0.mode, id: $0.id) }
                }
                if level > 0 { lookupMemo[folder][tree] = .some(entry) }
            }
            guard let entry, entry.mode == 0o040000 else { return nil }
            tree = entry.id
        }
        return tree
    }

    /// Writes nested trees holding each subtree at its path.
    private func writeTree(_ entries: [(path: ArraySlice<String>, id: ObjectID)]) throws -> ObjectID {
        var groups: [String: [(path: ArraySlice<String>, id: ObjectID)]] = [:]
        var leaves: [String: ObjectID] = [:]
        for entry in entries {
            let head = entry.path.first!
            if entry.path.count == 1 {
                leaves[head] = entry.id
            } else {
                groups[head, default: []].append((entry.path.dropFirst(), entry.id))
            }
        }
        for (name, children) in groups { leaves[name] = try writeTree(children) }
        // Git orders tree entries by name, a directory's name compared as if it ended in '/'.
        let sorted = leaves.sorted { Array(($0.key + "/").utf8).lexicographicallyPrecedes(Array(($1.key + "/").utf8)) }
        var bytes: [UInt8] = []
        for (name, id) in sorted {
            bytes += Array("40000 ".utf8) + Array(name.utf8) + [0] + id.raw
        }
        return try store.write(bytes, kind: .tree)
    }
}
