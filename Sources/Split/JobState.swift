import Model

/// The state of one job during a walk: what each commit maps to, per graph node. A value,
/// passed `inout` through the walk (see `SplitEngine` on why not a class).
struct JobState {
    let job: SplitJob
    /// The folders' path ids in the walk's `TreeIndex`.
    let folderPaths: [Int32]
    /// Per folder, the path ids of its old paths (`--follow`), newest first.
    let formerPaths: [[Int32]]
    /// True when some folder has old paths.
    let follows: Bool
    /// The published history to continue (`--adopt`), if any.
    var adoption: AdoptionIndex?
    /// Source commits mapped to a commit of the adopted history in this run.
    var adoptedCount = 0
    /// The first source commit (in walk order) that got a new split commit.
    var firstWritten: CommitGraph.Node = -1
    /// Scratch buffers, reused for every commit.
    var scratchParents: [CommitGraph.Node] = []
    var scratchUnique: [CommitGraph.Node] = []
    var parts: [ObjectID?] = []
    var lastParts: [ObjectID?] = []
    var lastCombined: ObjectID?
    /// Split commit of each node (-1: none yet).
    var mapped: [CommitGraph.Node] = []
    /// 0: unknown; otherwise a `SplitCache.State` raw value.
    private var state: [UInt8] = []
    /// Per node: `consultedFlag` once the cache has been consulted for it, `learntFlag` once
    /// it is in `learnt` (one byte for both: 40 jobs over symfony's 100,000 nodes per thread).
    private var flags: [UInt8] = []
    private static let consultedFlag: UInt8 = 1, learntFlag: UInt8 = 2
    private(set) var learnt: [CommitGraph.Node] = []
    var latestNew: CommitGraph.Node = -1
    var latestOld: CommitGraph.Node = -1
    var written = 0
    var processedCount = 0
    var combinedMemo: [[ObjectID?]: ObjectID] = [:]
    var excluded: [CommitGraph.Node] = []
    var markerCommits: [ObjectID] = []
    let cachedMarkers: [ObjectID]
    var failure: Error?
    var needsColdRun = false

    var incremental: Bool { job.cache != nil }
    /// True for a cold job of one folder at the root with git subtree's rules: the jobs
    /// `carriesOver` may map.
    let plain: Bool
    /// The folder's path id (the first folder's).
    let primaryPath: Int32

    init(job: SplitJob, trees: inout TreeIndex) {
        self.job = job
        folderPaths = job.spec.folders.map { trees.register($0.from) }
        formerPaths = job.spec.folders.indices.map { i in
            i < job.history.formerPaths.count ? job.history.formerPaths[i].map { trees.register($0) } : []
        }
        follows = formerPaths.contains { !$0.isEmpty }
        cachedMarkers = job.cache?.markerCommits ?? []
        primaryPath = folderPaths[0]
        plain = job.cache == nil && job.spec.isSubtreeCompatible && job.history.isDefault
    }

    mutating func grow(to count: Int) {
        while mapped.count < count {
            mapped.append(-1)
            state.append(0)
            flags.append(0)
        }
    }

    /// True when the node's mapping is decided (from this run, a seed, or the cache).
    mutating func knows(_ n: CommitGraph.Node, graph: inout CommitGraph) -> Bool {
        knownState(n, graph: &graph) != nil
    }

    /// The node's decided state, consulting the cache the first time.
    mutating func knownState(_ n: CommitGraph.Node, graph: inout CommitGraph) -> SplitCache.State? {
        let i = Int(n)
        if i >= mapped.count { grow(to: graph.count) }
        if state[i] == 0, flags[i] & Self.consultedFlag == 0 {
            flags[i] |= Self.consultedFlag
            if let cache = job.cache, let r = cache.lookup(graph.ids[i]) {
                state[i] = r.state.rawValue
                if r.state != .noTree {
                    let v = graph.node(r.value)
                    grow(to: graph.count)
                    mapped[i] = v
                }
            }
        }
        return SplitCache.State(rawValue: state[i])
    }

    /// The split commit every parent of `n` maps to, when `n` is not decided yet and all its
    /// parents are split to the same commit; else nil (see `SplitWalk.carryOver`).
    func commonSplit(of n: CommitGraph.Node, parents: ArraySlice<CommitGraph.Node>) -> CommitGraph.Node? {
        guard state[Int(n)] == 0, let first = parents.first else { return nil }
        let split = SplitCache.State.split.rawValue
        guard state[Int(first)] == split else { return nil }
        let a = mapped[Int(first)]
        for p in parents.dropFirst() where state[Int(p)] != split || mapped[Int(p)] != a { return nil }
        return a >= 0 ? a : nil
    }

    /// The two commits the two parents of `n` split to, when `n` is not decided yet and both
    /// parents are split to different commits; else nil (see `SplitWalk.mergeCarryOver`).
    func splitParents(of n: CommitGraph.Node, parents: ArraySlice<CommitGraph.Node>) -> (CommitGraph.Node, CommitGraph.Node)? {
        guard parents.count == 2, state[Int(n)] == 0 else { return nil }
        let split = SplitCache.State.split.rawValue
        let p1 = parents[parents.startIndex], p2 = parents[parents.startIndex + 1]
        guard state[Int(p1)] == split, state[Int(p2)] == split else { return nil }
        let a1 = mapped[Int(p1)], a2 = mapped[Int(p2)]
        return a1 >= 0 && a2 >= 0 && a1 != a2 ? (a1, a2) : nil
    }

    /// Maps `n` without the folder as `process_split_commit` does once its parents are
    /// decided: to nothing when none of them is split, else to itself. False when `n` or a
    /// parent is not decided yet.
    mutating func mapWithoutFolder(_ n: CommitGraph.Node, parents: ArraySlice<CommitGraph.Node>) -> Bool {
        guard state[Int(n)] == 0 else { return false }
        var none = true
        for p in parents {
            guard state[Int(p)] != 0 else { return false }
            if mapped[Int(p)] >= 0 { none = false }
        }
        record(n, state: none ? .noTree : .standsForItself, value: none ? -1 : n)
        return true
    }

    mutating func seed(_ n: CommitGraph.Node, to value: CommitGraph.Node) {
        mapped[Int(n)] = value
        state[Int(n)] = SplitCache.State.seeded.rawValue
        learn(n)
    }

    mutating func record(_ n: CommitGraph.Node, state s: SplitCache.State, value: CommitGraph.Node) {
        if value >= 0 { mapped[Int(n)] = value }
        state[Int(n)] = s.rawValue
        learn(n)
        processedCount += 1
    }

    private mutating func learn(_ n: CommitGraph.Node) {
        if flags[Int(n)] & Self.learntFlag == 0 {
            flags[Int(n)] |= Self.learntFlag
            learnt.append(n)
        }
    }

    /// This run's cache layer: the records learnt, in the order of `sortedNodes` (nodes sorted
    /// by id). `sources` is used when it holds exactly `sortedNodes` (a layer made for another
    /// job of the walk); `coversAll` says whether this layer's sources are `sortedNodes`. The
    /// same bytes as `SplitCache.encode` of the records, without making them: 40 components of
    /// symfony learn 72,000 commits each.
    func layer(sortedNodes: [CommitGraph.Node], graph: CommitGraph, sources: LayerBytes?) -> (layer: SplitCache.Layer, coversAll: Bool) {
        var nodes: [CommitGraph.Node] = []
        nodes.reserveCapacity(learnt.count)
        for n in sortedNodes where Int(n) < flags.count && flags[Int(n)] & Self.learntFlag != 0 { nodes.append(n) }
        var states: [UInt8] = []
        var indexes: [UInt32] = []
        states.reserveCapacity(nodes.count)
        indexes.reserveCapacity(nodes.count)
        var values: [ObjectID] = []
        // Per graph node, its index in `values` once a record names it.
        var slot = [UInt32](repeating: .max, count: graph.count)
        var zeroSlot = UInt32.max
        for n in nodes {
            let s = state[Int(n)]
            var index = UInt32.max
            if s != SplitCache.State.noTree.rawValue {
                let v = mapped[Int(n)]
                if v >= 0 {
                    if slot[Int(v)] == .max {
                        slot[Int(v)] = UInt32(values.count)
                        values.append(graph.ids[Int(v)])
                    }
                    index = slot[Int(v)]
                } else {
                    if zeroSlot == .max {
                        zeroSlot = UInt32(values.count)
                        values.append(.zero)
                    }
                    index = zeroSlot
                }
            }
            states.append(s)
            indexes.append(index)
        }
        let all = nodes.count == sortedNodes.count
        let layer = SplitCache.encode(count: nodes.count, source: { graph.ids[Int(nodes[$0])] }, states: states, indexes: indexes, values: values, sources: all ? sources : nil)
        return (layer, all)
    }
}
