import Model

/// The commits the engine has seen, indexed densely: original commits read from the store and
/// the split commits it wrote. Parents, root trees and generation numbers are kept per node so
/// that the hot loop and ancestry queries touch arrays, not dictionaries.
struct CommitGraph {
    typealias Node = Int32

    private(set) var ids: [ObjectID] = []
    private var index: [ObjectID: Node] = [:]
    private(set) var trees: [ObjectID] = []
    private(set) var dates: [UInt64] = []
    private var loaded: [Bool] = []
    private(set) var mentionsSubtree: [Bool] = []
    private var parentStart: [Int32] = []
    private var parentCount: [Int32] = []
    private var flatParents: [Node] = []
    private var generation: [UInt32] = []
    private var marks: [UInt32] = []
    private var epoch: UInt32 = 0
    private var ancestry: [UInt64: Bool] = [:]
    /// `limitedWalk`'s flags per node (zero outside a walk) and the nodes it set.
    private var walkFlags: [UInt8] = []
    private var walkTouched: [Node] = []
    /// `limitedWalk`'s buffers, kept between walks.
    private var walkQueue: [Node] = []
    private var walkOutput: [Node] = []
    private var pendingScratch: [Node] = []
    private var negativeScratch: [Node] = []
    /// `revListHasCommits`'s answers, by pair of nodes.
    private var revListMemo: [UInt64: Bool] = [:]

    var count: Int { ids.count }


    /// Commits whose parents are cut off (a shallow clone's boundary).
    var shallowBoundary: Set<ObjectID> = []

    init() {
        index.reserveCapacity(1 << 12)
    }

    /// The node for `id`, created (not yet loaded) when new.
    mutating func node(_ id: ObjectID) -> Node {
        if let n = index[id] { return n }
        let n = Node(ids.count)
        ids.append(id)
        index[id] = n
        trees.append(.zero)
        dates.append(0)
        loaded.append(false)
        mentionsSubtree.append(false)
        parentStart.append(0)
        parentCount.append(0)
        generation.append(0)
        marks.append(0)
        return n
    }

    func isLoaded(_ n: Node) -> Bool { loaded[Int(n)] }

    /// Reads a commit's tree and parents from the store, once.
    mutating func load<Store: SplitStore>(_ n: Node, from store: Store) throws {
        if loaded[Int(n)] { return }
        let id = ids[Int(n)]
        let header: RawCommit.Header
        do {
            header = try store.withObject(id, kind: .commit) { raw throws(SplitError) in try RawObject.commitHeader(raw, id: id) }
        } catch let error as SplitError {
            throw error
        } catch {
            throw SplitError.store("\(error.localizedDescription)")
        }
        let parents = shallowBoundary.contains(id) ? [] : header.parents
        setLoaded(n, tree: header.tree, parents: parents.map { node($0) }, date: header.date, mentions: header.mentionsSubtree)
    }

    /// Records a commit whose tree and parents are already known (one the engine wrote).
    mutating func setLoaded(_ n: Node, tree: ObjectID, parents: [Node], date: UInt64, mentions: Bool = false) {
        let i = Int(n)
        guard !loaded[i] else { return }
        trees[i] = tree
        dates[i] = date
        parentStart[i] = Int32(flatParents.count)
        parentCount[i] = Int32(parents.count)
        flatParents.append(contentsOf: parents)
        mentionsSubtree[i] = mentions
        loaded[i] = true
    }

    /// The parents of a loaded node, in order.
    func parents(_ n: Node) -> ArraySlice<Node> {
        let s = Int(parentStart[Int(n)])
        return flatParents[s..<(s + Int(parentCount[Int(n)]))]
    }

    // MARK: - Traversals

    /// Starts a traversal: afterwards `mark`/`isMarked` see only this traversal's marks.
    mutating func newEpoch() -> UInt32 {
        epoch &+= 1
        if epoch == 0 {
            for i in marks.indices { marks[i] = 0 }
            epoch = 1
        }
        return epoch
    }

    func isMarked(_ n: Node, _ e: UInt32) -> Bool { marks[Int(n)] == e }
    mutating func mark(_ n: Node, _ e: UInt32) { marks[Int(n)] = e }

    /// Every commit reachable from `starts` (themselves included), loading as it goes, in the
    /// order first reached; `e` marks them.
    mutating func reachable<Store: SplitStore>(from starts: [Node], store: Store, epoch e: UInt32) throws -> [Node] {
        var out: [Node] = []
        var stack = starts
        while let n = stack.popLast() {
            if isMarked(n, e) { continue }
            mark(n, e)
            try load(n, from: store)
            out.append(n)
            for p in parents(n) where !isMarked(p, e) { stack.append(p) }
        }
        return out
    }

    // MARK: - Ancestry

    /// Generation number: 1 for a root, else one more than the largest among the parents.
    mutating func generationNumber<Store: SplitStore>(_ n: Node, store: Store) throws -> UInt32 {
        if generation[Int(n)] != 0 { return generation[Int(n)] }
        var stack: [Node] = [n]
        while let x = stack.last {
            if generation[Int(x)] != 0 {
                stack.removeLast()
                continue
            }
            try load(x, from: store)
            var ready = true
            var g: UInt32 = 0
            for p in parents(x) {
                let pg = generation[Int(p)]
                if pg == 0 {
                    ready = false
                    stack.append(p)
                } else if pg > g {
                    g = pg
                }
            }
            if ready {
                generation[Int(x)] = g + 1
                stack.removeLast()
            }
        }
        return generation[Int(n)]
    }

    /// True when `a` is `b` or an ancestor of `b` (what `git merge-base --is-ancestor` answers).
    mutating func isAncestor<Store: SplitStore>(_ a: Node, of b: Node, store: Store) throws -> Bool {
        if a == b { return true }
        let key = UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
        if let known = ancestry[key] { return known }
        let ga = try generationNumber(a, store: store)
        let gb = try generationNumber(b, store: store)
        var found = false
        if ga < gb {
            let e = newEpoch()
            var stack: [Node] = [b]
            mark(b, e)
            search: while let x = stack.popLast() {
                for p in parents(x) {
                    if p == a {
                        found = true
                        break search
                    }
                    if !isMarked(p, e), generation[Int(p)] > ga {
                        mark(p, e)
                        stack.append(p)
                    }
                }
            }
        }
        ancestry[key] = found
        return found
    }

    // MARK: - git's limited revision walk

    /// What `git rev-list POSITIVE ^NEGATIVE...` lists, walked the way git's revision.c
    /// `limit_list` walks: newest commit date first, stopping once only uninteresting commits
    /// remain and five more are older than the last interesting one (SLOP). With clock skew this
    /// stops early, and git then lists commits that are in fact reachable from a negative side;
    /// git subtree's answers inherit that, so Carve walks the same way.
    ///
    /// Returns the list limit_list builds (newest first) and the commits finally uninteresting.
    mutating func limitedWalk<Store: SplitStore>(positive: Node, negatives: [Node], store: Store) throws -> (list: [Node], uninteresting: Set<Node>) {
        defer { clearWalkFlags() }
        try runLimitedWalk(positive: positive, negatives: negatives, store: store)
        return (walkOutput, Set(walkOutput.filter { walkFlags[Int($0)] & Self.uninteresting != 0 }))
    }

    /// True when `git rev-list --count EXCLUDED..FROM` is not zero.
    mutating func revListHasCommits<Store: SplitStore>(from: Node, excluding: Node, store: Store) throws -> Bool {
        if from == excluding { return false }
        // A merge of every component asks this once per component (320,000 times in a
        // 40-component split of symfony), mostly about pairs it asked before: the parents of
        // consecutive merges split to the same commits while a component does not change. The
        // answer depends only on the history below the two commits, which never changes.
        let key = UInt64(UInt32(bitPattern: from)) << 32 | UInt64(UInt32(bitPattern: excluding))
        if let known = revListMemo[key] { return known }
        // git lists FROM unless the walk from EXCLUDED marks it, and only an ancestor of
        // EXCLUDED can be marked: one at least as far from the roots is listed, whatever the
        // dates (clock skew only ever stops the walk before it marks what it would reach).
        if try generationNumber(from, store: store) >= generationNumber(excluding, store: store) {
            revListMemo[key] = true
            return true
        }
        // The walk marks EXCLUDED's parents before it starts, so a parent is never listed: half
        // of the pairs a 40-component split of symfony still asks about here. (EXCLUDED is
        // loaded: its generation number is known.)
        if parents(excluding).contains(from) {
            revListMemo[key] = false
            return false
        }
        // The walk reuses its buffers and flags, and the answer is read off the flags, without
        // building the list and set `limitedWalk` returns.
        defer { clearWalkFlags() }
        negativeScratch.removeAll(keepingCapacity: true)
        negativeScratch.append(excluding)
        try runLimitedWalk(positive: from, negatives: negativeScratch, store: store)
        let answer = walkOutput.contains { walkFlags[Int($0)] & Self.uninteresting == 0 }
        revListMemo[key] = answer
        return answer
    }

    private static let seen: UInt8 = 1, added: UInt8 = 2, uninteresting: UInt8 = 4, parsed: UInt8 = 8

    private mutating func clearWalkFlags() {
        for n in walkTouched { walkFlags[Int(n)] = 0 }
        walkTouched.removeAll(keepingCapacity: true)
    }

    /// `limit_list`: leaves its list in `walkOutput` and the flags set (the caller clears them).
    private mutating func runLimitedWalk<Store: SplitStore>(positive: Node, negatives: [Node], store: Store) throws {
        let seen = Self.seen, added = Self.added, uninteresting = Self.uninteresting, parsed = Self.parsed
        // Flags per node in an array kept between walks (only the touched nodes are cleared):
        // hashing nodes was most of this walk's cost.
        if walkFlags.count < count { walkFlags += repeatElement(0, count: count - walkFlags.count) }
        func flags(_ n: Node) -> UInt8 { Int(n) < walkFlags.count ? walkFlags[Int(n)] : 0 }
        func has(_ n: Node, _ f: UInt8) -> Bool { flags(n) & f != 0 }
        func set(_ n: Node, _ f: UInt8) {
            let i = Int(n)
            if i >= walkFlags.count { walkFlags += repeatElement(0, count: max(i + 1, count) - walkFlags.count) }
            if walkFlags[i] == 0 { walkTouched.append(n) }
            walkFlags[i] |= f
        }

        func parse(_ n: Node) throws {
            try load(n, from: store)
            set(n, parsed)
        }
        func markParentsUninteresting(_ c: Node) {
            pendingScratch.removeAll(keepingCapacity: true)
            func markOne(_ p: Node) {
                let f = flags(p)
                if f & uninteresting != 0 { return }
                set(p, uninteresting)
                // Only a parsed commit knows its parents.
                if f & parsed != 0 { pendingScratch.append(contentsOf: parents(p)) }
            }
            for p in parents(c) { markOne(p) }
            while let q = pendingScratch.popLast() { markOne(q) }
        }

        // setup_revisions / prepare_revision_walk: the positive first, then the negatives.
        walkQueue.removeAll(keepingCapacity: true)
        try parse(positive)
        if !has(positive, seen) {
            set(positive, seen)
            walkQueue.append(positive)
        }
        for neg in negatives {
            try parse(neg)
            set(neg, uninteresting)
            markParentsUninteresting(neg)
            if !has(neg, seen) {
                set(neg, seen)
                walkQueue.append(neg)
            }
        }
        // commit_list_sort_by_date: newest first, stable (an insertion sort: the list is short).
        for i in walkQueue.indices.dropFirst() {
            var j = i
            let x = walkQueue[i]
            while j > 0, dates[Int(walkQueue[j - 1])] < dates[Int(x)] {
                walkQueue[j] = walkQueue[j - 1]
                j -= 1
            }
            walkQueue[j] = x
        }

        func insertByDate(_ p: Node) {
            let d = dates[Int(p)]
            var k = 0
            while k < walkQueue.count, dates[Int(walkQueue[k])] >= d { k += 1 }
            walkQueue.insert(p, at: k)
        }

        let slopMax = 5
        var slop = slopMax
        var date = UInt64.max
        walkOutput.removeAll(keepingCapacity: true)
        while !walkQueue.isEmpty {
            let c = walkQueue.removeFirst()
            // process_parents
            if !has(c, added) {
                set(c, added)
                if has(c, uninteresting) {
                    for p in parents(c) {
                        set(p, uninteresting)
                        try parse(p)
                        if !parents(p).isEmpty { markParentsUninteresting(p) }
                        if has(p, seen) { continue }
                        set(p, seen)
                        insertByDate(p)
                    }
                } else {
                    for p in parents(c) {
                        try parse(p)
                        if !has(p, seen) {
                            set(p, seen)
                            insertByDate(p)
                        }
                    }
                }
            }
            if has(c, uninteresting) {
                markParentsUninteresting(c)
                // still_interesting
                if walkQueue.isEmpty {
                    slop = 0
                } else if date <= dates[Int(walkQueue[0])] {
                    slop = slopMax
                } else if walkQueue.contains(where: { !has($0, uninteresting) }) {
                    slop = slopMax
                } else {
                    slop -= 1
                }
                if slop > 0 { continue }
                break
            }
            date = dates[Int(c)]
            walkOutput.append(c)
        }
    }
}
