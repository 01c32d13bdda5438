import Model

/// Reports progress of a long split. Called every few hundred commits, never per commit.
public protocol SplitProgress: AnyObject {
    /// `done` of `total` commits of the walk have been processed.
    func splitProgress(done: Int, total: Int)
}

/// One folder set to split in a walk, with what an earlier split of it left.
public struct SplitJob: Sendable {
    /// The folders.
    public var spec: SplitSpec
    /// git subtree's `--onto`: a history taken as already split.
    public var onto: ObjectID?
    /// The mapping an earlier split of the same folders left, if any.
    public var cache: SplitCache?
    /// The opt-in history modes (none by default: git subtree's rules).
    public var history: SplitHistory

    /// Describes a job.
    public init(spec: SplitSpec, onto: ObjectID? = nil, cache: SplitCache? = nil, history: SplitHistory = SplitHistory()) {
        self.spec = spec
        self.onto = onto
        self.cache = cache
        self.history = history
    }

    /// Every path the job looks up: its folders, then their old paths.
    var allPaths: [[String]] { spec.folders.map(\.from) + history.formerPaths.flatMap { $0 } }
}

/// What one split produced.
public struct SplitResult: Sendable, Equatable {
    /// The split head: the commit id `git subtree split` prints.
    public var head: ObjectID
    /// The source commit whose split is `head` (git subtree's `latest_old`).
    public var sourceOfHead: ObjectID
    /// Commits processed in this run (commits known from markers, --onto or the cache are not).
    public var commitsWalked: Int
    /// Split commits written (some may have existed already).
    public var commitsWritten: Int
    /// True when the run started from a cache and processed only new commits.
    public var incremental: Bool
    /// What this run learnt, as a cache layer to add (every record for a cold run); nil when
    /// nothing new was learnt.
    public var newLayer: SplitCache.Layer?
    /// The commits whose subtree markers this run used; a cache is only reused while they stay
    /// in the history.
    public var markerCommits: [ObjectID]
    /// How `--adopt` went, when the job adopts a published history.
    public var adoption: AdoptionReport?
}

/// The placeholder result of a job whose cache could not serve the history: `split` runs such
/// jobs again without their cache, so it never reaches a caller.
private struct CacheBypassed: Error {}

/// The history split, a port of `git subtree split` (git 2.39): `cmd_split`,
/// `process_split_commit`, `copy_or_skip`, `copy_commit` and `find_existing_splits`, generalised
/// to several folders placed at chosen paths, and to many folder sets in one walk.
///
/// Not thread-safe: one engine per thread.
public final class SplitEngine<Store: SplitStore> {
    /// The walk's state, kept between splits (the commit graph is reused). A split runs on it as
    /// a local value: the compiler then proves exclusive access to its properties statically,
    /// where a class's stored properties are checked at run time on every access of the hot loop.
    private var walk: SplitWalk<Store>?

    /// Prepares to split histories read from and written to `store`. With a `helper` store (a
    /// second handle on the same repository, used from another thread), folder lookups run on
    /// a second thread while the walk reads commits, and with several jobs that thread then
    /// completes every other job. The objects those jobs write stay in the helper store: the
    /// caller takes them over into `store` before writing.
    public init(store: Store, helper: Store? = nil) {
        walk = SplitWalk(store: store, helper: helper)
    }

    /// Splits one folder set out of the history of `tip`.
    public func split(tip: ObjectID, spec: SplitSpec, onto: ObjectID? = nil, cache: SplitCache? = nil, revisionName: String? = nil, progress: SplitProgress? = nil) throws -> SplitResult {
        try split(tip: tip, jobs: [SplitJob(spec: spec, onto: onto, cache: cache)], revisionName: revisionName, progress: progress)[0].get()
    }

    /// Splits every job out of the history of `tip` in one walk: each commit is read once, each
    /// tree scanned once for all jobs. A job's result is the same as a split of it alone.
    public func split(tip: ObjectID, jobs: [SplitJob], revisionName: String? = nil, progress: SplitProgress? = nil) throws -> [Result<SplitResult, Error>] {
        // Moved out, not copied: a copy would share the graph's arrays and copy them on write.
        guard var walk = walk.take() else { preconditionFailure("SplitEngine.split called while a split runs") }
        defer { self.walk = walk }
        return try walk.split(tip: tip, jobs: jobs, revisionName: revisionName ?? tip.short, progress: progress)
    }
}

/// The state and steps of splits on one store. Its methods are `mutating` and the job states are
/// passed `inout`, so that every access in the hot loop is checked statically (see `SplitEngine`).
struct SplitWalk<Store: SplitStore> {
    private var store: Store
    private var helper: Store?
    private var graph = CommitGraph()
    private var trees = TreeIndex()
    private var registeredPaths: [[String]] = []
    /// Per node, its position in the tree worker's answers (-1: none).
    private var precomputed: [Int32] = []
    /// The tree worker's answers of the current walk, `workerPathCount` per position.
    private var workerResults = FolderAnswers(pathCount: 0)
    private var workerPathCount = 0
    /// The last commit copied and what of its copy every job shares (`CommitCopier.body`).
    private var lastBody: (node: CommitGraph.Node, bytes: [UInt8])?

    init(store: Store, helper: Store?) {
        self.store = store
        self.helper = helper
        graph.shallowBoundary = store.shallowBoundary
    }

    mutating func split(tip: ObjectID, jobs: [SplitJob], revisionName name: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>] {
        var states = jobs.map { JobState(job: $0, trees: &trees) }
        for job in jobs { registeredPaths += job.allPaths }
        for k in states.indices {
            guard let tip = jobs[k].history.adopt else { continue }
            states[k].adoption = try AdoptionIndex(tip: tip, name: jobs[k].history.adoptName, store: store)
        }
        var results = try run(tip: tip, states: &states, revisionName: name, progress: progress)
        // A cache that cannot serve this history (markers, a missing object, a tip without the
        // folder) is never trusted: those jobs run again from scratch.
        let retry = results.indices.filter { states[$0].incremental && states[$0].needsColdRun }
        if !retry.isEmpty {
            var cold = retry.map { JobState(job: SplitJob(spec: jobs[$0].spec, onto: jobs[$0].onto, history: jobs[$0].history), trees: &trees) }
            for (k, i) in retry.enumerated() {
                registeredPaths += jobs[i].allPaths
                cold[k].adoption = states[i].adoption
            }
            let again = try run(tip: tip, states: &cold, revisionName: name, progress: progress)
            for (k, i) in retry.enumerated() { results[i] = again[k] }
        }
        return results
    }

    private mutating func run(tip: ObjectID, states: inout [JobState], revisionName: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>] {
        let tipNode = graph.node(tip)
        sync(&states)
        // Only a cache made without subtree markers lets the walk stop at known commits: markers
        // anywhere in the history change how older commits map.
        let incremental = !states.isEmpty && states.allSatisfy { $0.incremental && $0.cachedMarkers.isEmpty }

        // The walk: every commit reachable from the tip; in an incremental run, only those some
        // job does not know yet.
        let walkEpoch = graph.newEpoch()
        var walked: [CommitGraph.Node] = []
        var stack: [CommitGraph.Node] = [tipNode]
        let worker = helper.map { TreeWorker(store: $0, paths: registeredPaths) }
        worker?.start()
        var batch: [ObjectID] = []
        defer { worker?.join() }
        while let n = stack.popLast() {
            if graph.isMarked(n, walkEpoch) { continue }
            graph.mark(n, walkEpoch)
            if incremental, knownToAll(n, &states) { continue }
            try graph.load(n, from: store)
            walked.append(n)
            if let worker {
                batch.append(graph.trees[Int(n)])
                if batch.count == 256 {
                    worker.publish(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            for p in graph.parents(n) where !graph.isMarked(p, walkEpoch) { stack.append(p) }
        }
        sync(&states)
        if let worker {
            worker.publish(batch)
            worker.finish(helpingWith: store)
            // The trees the walk read are not read again: on symfony with 40 components their
            // pages were tens of megabytes of the peak, reached at the end of the jobs.
            store.releaseReadMemory()
            helper?.releaseReadMemory()
            if !worker.failed, worker.pathCount == trees.pathCount {
                while precomputed.count < graph.count { precomputed.append(-1) }
                for (i, n) in walked.enumerated() { precomputed[Int(n)] = Int32(i) }
                workerResults = worker.results
                workerPathCount = worker.pathCount
            }
        }
        defer {
            workerResults = FolderAnswers(pathCount: 0)
            precomputed.removeAll()
        }

        if incremental, walked.contains(where: { graph.mentionsSubtree[Int($0)] }) {
            // New subtree markers change how older commits map: start over without the cache.
            for k in states.indices { states[k].needsColdRun = true }
            return states.map { _ in .failure(CacheBypassed()) }
        }

        for k in states.indices {
            do {
                if let onto = states[k].job.onto, !incremental { try seedOnto(&states[k], onto) }
                if states[k].job.spec.isSubtreeCompatible, !incremental { try applyExistingSplits(&states[k], walked) }
                if states[k].incremental, !incremental, states[k].cachedMarkers != states[k].markerCommits {
                    // The markers this cache was made with are not those of this history.
                    states[k].needsColdRun = true
                }
            } catch {
                states[k].failure = error
            }
        }

        let order = topologicalOrder(tip: tipNode, walked: walked, excluded: [])
        guard let helper, states.count >= 2 else {
            return try complete(tip: tipNode, states: &states, walked: walked, order: order, incremental: incremental, revisionName: revisionName, progress: progress)
        }
        // The jobs are independent once the walk is done: every other one is completed on a
        // second thread, on a copy of the walk's state (its graph grows with its own split
        // commits) reading and writing through the helper store. Its new objects stay in that
        // store for the caller to take (`SplitEngine`'s helper rule).
        let (mine, theirs) = halves(states, walked: walked.count)
        var fork = self
        fork.store = helper
        fork.helper = nil
        // Moved out, not copied: a copy left behind would keep each job's arrays alive, and
        // the first write on either side would copy them whole.
        var taken = states.map { Optional($0) }
        states.removeAll()
        func take(_ i: Int) -> JobState {
            defer { taken[i] = nil }
            return taken[i]!
        }
        let forkStates = theirs.map(take)
        var myStates = mine.map(take)
        taken.removeAll()
        let second = BackgroundThread(stackSize: 16 << 20) { () -> ([Result<SplitResult, Error>], [JobState]) in
            var walk = fork
            var jobs = forkStates
            let results = try walk.complete(tip: tipNode, states: &jobs, walked: walked, order: order, incremental: incremental, revisionName: revisionName, progress: nil)
            return (results, jobs)
        }
        let myResults = Result { try complete(tip: tipNode, states: &myStates, walked: walked, order: order, incremental: incremental, revisionName: revisionName, progress: progress) }
        let joined = Result { try second.join() }
        let (theirResults, theirStates) = try joined.get()
        let count = mine.count + theirs.count
        var merged = [JobState?](repeating: nil, count: count)
        var results = [Result<SplitResult, Error>](repeating: .failure(CacheBypassed()), count: count)
        for (k, i) in mine.enumerated() {
            merged[i] = myStates[k]
            results[i] = try myResults.get()[k]
        }
        for (k, i) in theirs.enumerated() {
            merged[i] = theirStates[k]
            results[i] = theirResults[k]
        }
        myStates.removeAll()
        states = merged.map { $0! }
        return results
    }

    /// The jobs each thread completes, about the same work each: weighed by how often their
    /// folders change along the walk (the tree worker's count, about the commits they write)
    /// and assigned heaviest first to the thread with less so far. (By position, the 40 first
    /// components of symfony split into halves writing 30,465 and 36,631 commits.) Without the
    /// worker's answers every job weighs the same.
    private func halves(_ states: [JobState], walked: Int) -> (mine: [Int], theirs: [Int]) {
        let changes = workerResults.changes
        let counted = workerPathCount > 0 && changes.count == workerPathCount
        // Every job also visits every commit of the walk, cheaply.
        let weights = states.map { s in counted ? s.folderPaths.reduce(walked / 256) { $0 + changes[Int($1)] } : 1 }
        let order = states.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
        var mine: [Int] = [], theirs: [Int] = []
        var mineWeight = 0, theirWeight = 0
        for i in order {
            if mineWeight <= theirWeight {
                mine.append(i)
                mineWeight += weights[i]
            } else {
                theirs.append(i)
                theirWeight += weights[i]
            }
        }
        return (mine.sorted(), theirs.sorted())
    }

    /// Maps every commit of the walk for each job (in the walk's order, or git's own for a job
    /// that excludes history) and makes each job's result and cache layer.
    private mutating func complete(tip tipNode: CommitGraph.Node, states: inout [JobState], walked: [CommitGraph.Node], order: [CommitGraph.Node], incremental: Bool, revisionName: String, progress: SplitProgress?) throws -> [Result<SplitResult, Error>] {
        // One shared order for the jobs that exclude nothing; git's own order for the others.
        let shared = states.indices.filter { states[$0].failure == nil && states[$0].excluded.isEmpty && !states[$0].needsColdRun }
        var done = 0
        let plain = shared.filter { states[$0].plain }
        var parentScratch: [CommitGraph.Node] = []
        let others = shared.filter { !states[$0].plain }
        for n in order {
            if !plain.isEmpty, Int(n) < precomputed.count, precomputed[Int(n)] >= 0, graph.isLoaded(n) {
                // The tree worker's answers for `n`: most plain jobs map it at once.
                let base = Int(precomputed[Int(n)]) * workerPathCount
                // Copied: a slice of the graph's parents kept while `process` adds to the graph
                // would copy its whole parents array on every commit written.
                parentScratch.removeAll(keepingCapacity: true)
                parentScratch.append(contentsOf: graph.parents(n))
                let parents = parentScratch[...]
                for k in plain where states[k].failure == nil {
                    if let tree = workerResults[base + Int(states[k].primaryPath)] {
                        if carryOver(&states[k], n, parents: parents, tree: tree) { continue }
                        do {
                            if try mergeCarryOver(&states[k], n, parents: parents, tree: tree) { continue }
                        } catch {
                            states[k].failure = error
                            continue
                        }
                    } else if states[k].mapWithoutFolder(n, parents: parents) {
                        continue
                    }
                    do { try process(&states[k], n) } catch { states[k].failure = error }
                }
            } else {
                for k in plain where states[k].failure == nil {
                    do { try process(&states[k], n) } catch { states[k].failure = error }
                }
            }
            for k in others where states[k].failure == nil {
                do { try process(&states[k], n) } catch { states[k].failure = error }
            }
            done += 1
            if done & 1023 == 0 { progress?.splitProgress(done: done, total: order.count) }
        }
        for k in states.indices where states[k].failure == nil && !states[k].excluded.isEmpty && !states[k].needsColdRun {
            do {
                let own = try excludedOrder(tip: tipNode, walked: walked, excluded: states[k].excluded)
                for n in own { try process(&states[k], n) }
            } catch {
                states[k].failure = error
            }
        }
        progress?.splitProgress(done: order.count, total: order.count)

        // One sort of the learnt commits by id serves every job's cache layer, and jobs that
        // learnt the same commits share the encoded list of sources.
        var inUnion = [Bool](repeating: false, count: graph.count)
        var union: [CommitGraph.Node] = []
        for s in states where s.failure == nil {
            for n in s.learnt where !inUnion[Int(n)] {
                inUnion[Int(n)] = true
                union.append(n)
            }
        }
        let sortedNodes = union.sorted { graph.ids[Int($0)] < graph.ids[Int($1)] }
        var sharedSources: LayerBytes?
        func layer(_ s: JobState, _ graph: CommitGraph) -> SplitCache.Layer? {
            guard !s.learnt.isEmpty else { return nil }
            let encoded = s.layer(sortedNodes: sortedNodes, graph: graph, sources: sharedSources)
            if encoded.coversAll { sharedSources = encoded.layer.sources }
            return encoded.layer
        }

        var results: [Result<SplitResult, Error>] = []
        for k in states.indices {
            if let failure = states[k].failure {
                if states[k].incremental { states[k].needsColdRun = true }
                results.append(.failure(failure))
                continue
            }
            if states[k].needsColdRun {
                results.append(.failure(CacheBypassed()))
                continue
            }
            var head = states[k].latestNew, source = states[k].latestOld
            if states[k].incremental {
                // git subtree prints the split of the last commit it processed with the folder;
                // with a cache that is the tip's split only when the tip has the folder.
                guard states[k].knownState(tipNode, graph: &graph) == .split else {
                    states[k].needsColdRun = true
                    results.append(.failure(CacheBypassed()))
                    continue
                }
                head = states[k].mapped[Int(tipNode)]
                source = tipNode
            }
            guard head >= 0 else {
                results.append(.failure(SplitError.folderNeverExisted(states[k].job.spec.folders.map(\.fromPath).joined(separator: ", "), revision: revisionName)))
                continue
            }
            var adoption: AdoptionReport?
            if let index = states[k].adoption {
                do {
                    if let failure = try adoptionFailure(&states[k], head: head, incremental: states[k].incremental) {
                        results.append(.failure(failure))
                        continue
                    }
                } catch {
                    results.append(.failure(error))
                    continue
                }
                let first = states[k].firstWritten
                adoption = AdoptionReport(ref: index.name, refTip: index.tip, matched: states[k].adoptedCount, firstUnmatched: first >= 0 ? graph.ids[Int(first)] : nil, written: try onTop(head, of: index))
            }
            let s = states[k]
            results.append(.success(SplitResult(
                head: graph.ids[Int(head)],
                sourceOfHead: graph.ids[Int(source)],
                commitsWalked: s.processedCount,
                commitsWritten: s.written,
                incremental: s.incremental,
                newLayer: layer(s, graph),
                markerCommits: s.markerCommits,
                adoption: adoption
            )))
        }
        return results
    }

    /// Maps `n` the way `process_split_commit` would in its most common case, without its
    /// steps: every parent split to the same commit, whose tree is the folder's tree `tree` in
    /// `n` (`copy_or_skip` then finds that parent identical and keeps it). False, with nothing
    /// changed, when that is not the case (the full steps then decide). On symfony this is most
    /// of the 2.9 million commit-and-component pairs of a 40-component split.
    private func carryOver(_ s: inout JobState, _ n: CommitGraph.Node, parents: ArraySlice<CommitGraph.Node>, tree: ObjectID) -> Bool {
        guard let a = s.commonSplit(of: n, parents: parents), graph.isLoaded(a), graph.trees[Int(a)] == tree else { return false }
        s.record(n, state: .split, value: a)
        s.latestNew = a
        s.latestOld = n
        return true
    }

    /// Maps a merge `n` whose parents split to two commits of which exactly one has the
    /// folder's tree `tree` in `n`, when `copy_or_skip` keeps that one: `rev-list
    /// IDENTICAL..OTHER` is empty (remembered per pair, so a component that does not change
    /// over many merges asks once). False, with nothing changed, in every other case (the
    /// full steps then decide, asking the same question again from the memo). On symfony this
    /// is most of the 340,000 merges a 40-component split does not map with `carryOver`.
    private mutating func mergeCarryOver(_ s: inout JobState, _ n: CommitGraph.Node, parents: ArraySlice<CommitGraph.Node>, tree: ObjectID) throws -> Bool {
        guard let (a1, a2) = s.splitParents(of: n, parents: parents), graph.isLoaded(a1), graph.isLoaded(a2) else { return false }
        let first = graph.trees[Int(a1)] == tree, second = graph.trees[Int(a2)] == tree
        guard first != second else { return false }
        // copy_or_skip's loop: the parent with the tree is IDENTICAL, the other NONIDENTICAL.
        let (identical, other) = first ? (a1, a2) : (a2, a1)
        guard try !graph.revListHasCommits(from: other, excluding: identical, store: store) else { return false }
        s.record(n, state: .split, value: identical)
        s.latestNew = identical
        s.latestOld = n
        return true
    }

    /// True when every job knows the node's mapping.
    private mutating func knownToAll(_ n: CommitGraph.Node, _ states: inout [JobState]) -> Bool {
        for k in states.indices where !states[k].knows(n, graph: &graph) { return false }
        return true
    }

    private func sync(_ states: inout [JobState]) {
        for k in states.indices { states[k].grow(to: graph.count) }
    }

    // MARK: - Seeds: --onto and find_existing_splits

    private mutating func seedOnto(_ s: inout JobState, _ onto: ObjectID) throws {
        // cmd_split: every commit of the --onto history maps to itself.
        let e = graph.newEpoch()
        let nodes = try graph.reachable(from: [graph.node(onto)], store: store, epoch: e)
        s.grow(to: graph.count)
        for n in nodes where s.mapped[Int(n)] < 0 { s.seed(n, to: n) }
    }

    /// Seeds the mapping from subtree markers and records the excluded history.
    private mutating func applyExistingSplits(_ s: inout JobState, _ walked: [CommitGraph.Node]) throws {
        var markers = SubtreeMarkers(dir: s.job.spec.folders[0].fromPath)
        defer { markers.release() }
        for n in walked where graph.mentionsSubtree[Int(n)] {
            let id = graph.ids[Int(n)]
            let message = try store.withObject(id, kind: .commit) { raw in
                RawCommit.fields(CommitCopier.reencodedToUTF8(Array(raw.bindMemory(to: UInt8.self).prefix { $0 != 0 }))).message
            }
            guard markers.matches(message: message) else { continue }
            s.markerCommits.append(id)
            try markers.scan(commit: id, message: message, resolve: { store.resolveCommit($0) })
        }
        s.markerCommits.sort()
        for entry in markers.cacheEntries {
            // Only a full lowercase id can ever match a commit of the walk.
            guard entry.key.utf8.count == 40, entry.key == entry.key.lowercased(), let key = ObjectID(hex: entry.key) else { continue }
            let k = graph.node(key), v = graph.node(entry.value)
            s.grow(to: graph.count)
            // git subtree dies on a second entry for the same commit; the first one wins here.
            if s.mapped[Int(k)] < 0 { s.seed(k, to: v) }
        }
        for revision in markers.exclusions {
            if let id = store.resolveCommit(revision) { s.excluded.append(graph.node(id)) }
        }
        s.grow(to: graph.count)
    }

    // MARK: - rev-list --topo-order --reverse

    /// The walk order of `git rev-list --topo-order --reverse TIP` over `walked` (revision.c's
    /// sort_in_topological_order in graph order: a LIFO of commits whose children are all shown).
    private func topologicalOrder(tip: CommitGraph.Node, walked: [CommitGraph.Node], excluded outside: Set<CommitGraph.Node>) -> [CommitGraph.Node] {
        guard !walked.isEmpty, !outside.contains(tip) else { return [] }
        var indegree = [Int32](repeating: 0, count: graph.count)
        for n in walked where !outside.contains(n) { indegree[Int(n)] = 1 }
        guard indegree[Int(tip)] == 1 else { return [] }
        for n in walked where indegree[Int(n)] != 0 {
            for p in graph.parents(n) where indegree[Int(p)] != 0 { indegree[Int(p)] += 1 }
        }
        var order: [CommitGraph.Node] = []
        order.reserveCapacity(walked.count)
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

    /// The order of `git rev-list --topo-order --reverse TIP ^EXCLUDED...`.
    private mutating func excludedOrder(tip: CommitGraph.Node, walked: [CommitGraph.Node], excluded: [CommitGraph.Node]) throws -> [CommitGraph.Node] {
        // rev-list with negatives is a limited walk: its list (clock skew included) is sorted
        // topologically, then the commits that ended up uninteresting are not shown.
        let walk = try graph.limitedWalk(positive: tip, negatives: excluded, store: store)
        return topologicalOrder(tip: tip, walked: walk.list, excluded: []).filter { !walk.uninteresting.contains($0) }
    }

    // MARK: - process_split_commit

    /// Maps one commit, first mapping any parent not mapped yet (git subtree's `check_parents`,
    /// which recurses with parents read from the repository).
    private mutating func process(_ s: inout JobState, _ root: CommitGraph.Node) throws {
        if s.knows(root, graph: &graph) { return }
        // In walk order every parent is usually known already: no recursion needed.
        if graph.isLoaded(root), graph.parents(root).allSatisfy({ s.knows($0, graph: &graph) }) {
            return try finish(&s, root)
        }
        var stack: [(CommitGraph.Node, Bool)] = [(root, false)]
        while let (n, expanded) = stack.popLast() {
            if expanded {
                try finish(&s, n)
                continue
            }
            if s.knows(n, graph: &graph) { continue }
            stack.append((n, true))
            try graph.load(n, from: store)
            s.grow(to: graph.count)
            for p in graph.parents(n).reversed() where !s.knows(p, graph: &graph) {
                stack.append((p, false))
            }
        }
    }

    private mutating func finish(_ s: inout JobState, _ n: CommitGraph.Node) throws {
        s.scratchParents.removeAll(keepingCapacity: true)
        for p in graph.parents(n) where s.mapped[Int(p)] >= 0 { s.scratchParents.append(s.mapped[Int(p)]) }
        guard let tree = try splitTree(&s, of: n) else {
            // No folder here: once the history has split commits, the commit stands for itself.
            let none = s.scratchParents.isEmpty
            if !none, s.job.history.readdContinues {
                // --readd continue: it carries its parents' split commit instead.
                s.record(n, state: .split, value: try carried(&s))
                return
            }
            s.record(n, state: none ? .noTree : .standsForItself, value: none ? -1 : n)
            return
        }
        if s.adoption != nil, let adopted = try adopt(&s, n, tree: tree) {
            s.adoptedCount += 1
            s.record(n, state: .split, value: adopted)
            s.latestNew = adopted
            s.latestOld = n
            return
        }
        let parents = s.scratchParents
        let newRev = try copyOrSkip(&s, n, tree: tree, newParents: parents)
        s.grow(to: graph.count)
        s.record(n, state: .split, value: newRev)
        s.latestNew = newRev
        s.latestOld = n
    }

    // MARK: - History modes

    /// The split commit a commit without the folders carries in `--readd continue` mode: its
    /// parents' one, or of several the one that descends from all others, else the first
    /// parent's.
    private mutating func carried(_ s: inout JobState) throws -> CommitGraph.Node {
        s.scratchUnique.removeAll(keepingCapacity: true)
        for p in s.scratchParents where !s.scratchUnique.contains(p) { s.scratchUnique.append(p) }
        let unique = s.scratchUnique
        if unique.count == 1 { return unique[0] }
        for c in unique {
            var descendsFromAll = true
            for o in unique where o != c {
                if try !graph.isAncestor(o, of: c, store: store) {
                    descendsFromAll = false
                    break
                }
            }
            if descendsFromAll { return c }
        }
        return unique[0]
    }

    /// The commit of the adopted history that `n` (whose split tree is `tree`) matches, if any:
    /// same tree, author and author date; of several, one whose parents are the split parents.
    private mutating func adopt(_ s: inout JobState, _ n: CommitGraph.Node, tree: ObjectID) throws -> CommitGraph.Node? {
        guard let index = s.adoption else { return nil }
        let candidates = try index.candidates(for: graph.ids[Int(n)], tree: tree, store: store)
        guard var chosen = candidates.first else { return nil }
        if candidates.count > 1 {
            let parents = Set(s.scratchParents.map { graph.ids[Int($0)] })
            for c in candidates {
                let header = try store.withObject(c, kind: .commit) { try RawObject.commitHeader($0, id: c) }
                if Set(header.parents) == parents {
                    chosen = c
                    break
                }
            }
        }
        let node = graph.node(chosen)
        try graph.load(node, from: store)
        s.grow(to: graph.count)
        return node
    }

    /// Checks that an adopting job's head continues REF; nil when it does.
    private mutating func adoptionFailure(_ s: inout JobState, head: CommitGraph.Node, incremental: Bool) throws -> Error? {
        guard let index = s.adoption else { return nil }
        if !incremental, s.adoptedCount == 0 {
            return SplitError.adoptionUnmatched(ref: index.name, folders: s.job.spec.key, refCommits: index.count)
        }
        let refTip = graph.node(index.tip)
        try graph.load(refTip, from: store)
        if try graph.isAncestor(refTip, of: head, store: store) { return nil }
        if incremental {
            // The cache knows another history than REF's: match REF afresh.
            s.needsColdRun = true
            return CacheBypassed()
        }
        return SplitError.adoptionDiverges(ref: index.name, tip: index.tip, firstUnmatched: s.firstWritten >= 0 ? graph.ids[Int(s.firstWritten)] : nil)
    }

    /// The commits of the head's history that are not REF's: what adoption wrote on top.
    private mutating func onTop(_ head: CommitGraph.Node, of index: AdoptionIndex) throws -> Int {
        var count = 0
        var seen = Set<CommitGraph.Node>()
        var stack = [head]
        while let n = stack.popLast() {
            guard seen.insert(n).inserted, !index.members.contains(graph.ids[Int(n)]) else { continue }
            count += 1
            try graph.load(n, from: store)
            stack += graph.parents(n)
        }
        return count
    }

    // MARK: - copy_or_skip

    private mutating func copyOrSkip(_ s: inout JobState, _ n: CommitGraph.Node, tree: ObjectID, newParents: [CommitGraph.Node]) throws -> CommitGraph.Node {
        var identical: CommitGraph.Node = -1
        var nonIdentical: CommitGraph.Node = -1
        var copy = false
        s.scratchUnique.removeAll(keepingCapacity: true)
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
            if !s.scratchUnique.contains(parent) { s.scratchUnique.append(parent) }
        }
        // rev-list --count IDENTICAL..NONIDENTICAL: the other branch has history to keep.
        if identical >= 0, nonIdentical >= 0, try graph.revListHasCommits(from: nonIdentical, excluding: identical, store: store) {
            copy = true
        }
        if identical >= 0, !copy { return identical }
        let parents = s.scratchUnique
        return try copyCommit(&s, n, tree: tree, parents: parents)
    }

    private mutating func copyCommit(_ s: inout JobState, _ n: CommitGraph.Node, tree: ObjectID, parents: [CommitGraph.Node]) throws -> CommitGraph.Node {
        let id = graph.ids[Int(n)]
        let parentIDs = parents.map { graph.ids[Int($0)] }
        // Every job copies a commit in the same step of the walk: the part of the copy that
        // does not depend on the folder is made once (a merge of symfony is copied for each
        // of the components that changed on the merged branch).
        let body: [UInt8]
        if let last = lastBody, last.node == n {
            body = last.bytes
        } else {
            body = try store.withObject(id, kind: .commit) { raw in try CommitCopier.body(raw, id: id) }
            lastBody = (n, body)
        }
        let bytes = CommitCopier.assemble(tree: tree, parents: parentIDs, body: body)
        let newID = try store.write(bytes, kind: .commit)
        s.written += 1
        if s.firstWritten < 0 { s.firstWritten = n }
        let node = graph.node(newID)
        let date = bytes.withUnsafeBufferPointer { b in RawCommit.committerDate(b, from: 46 + 48 * parents.count) }
        graph.setLoaded(node, tree: tree, parents: parents, date: date)
        return node
    }

    // MARK: - Trees

    /// The tree the split commit of `n` has, or nil when none of the folders is a directory there
    /// (like `git ls-tree`, a submodule or a file at a folder's path counts as no folder: git
    /// subtree ignores submodules and fails on files).
    private mutating func splitTree(_ s: inout JobState, of n: CommitGraph.Node) throws -> ObjectID? {
        // The worker's answer when it resolved this commit, else a lookup here.
        var base = -1
        if Int(n) < precomputed.count, precomputed[Int(n)] >= 0 {
            base = Int(precomputed[Int(n)]) * workerPathCount
        } else {
            try trees.resolve(root: graph.trees[Int(n)], store: store)
        }
        func folder(_ path: Int32) -> ObjectID? {
            base >= 0 ? workerResults[base + Int(path)] : trees.resolved[Int(path)]
        }
        // --follow: a commit without a folder takes the first of its old paths it has.
        func followed(_ i: Int) -> ObjectID? {
            for path in s.formerPaths[i] { if let t = folder(path) { return t } }
            return nil
        }
        if s.job.spec.isSubtreeCompatible {
            if let t = folder(s.folderPaths[0]) { return t }
            return s.follows ? followed(0) : nil
        }
        s.parts.removeAll(keepingCapacity: true)
        var any = false
        for (i, path) in s.folderPaths.enumerated() {
            var t = folder(path)
            if t == nil, s.follows { t = followed(i) }
            any = any || t != nil
            s.parts.append(t)
        }
        guard any else { return nil }
        // Most commits leave the folders as their parent had them.
        if let last = s.lastCombined, s.parts == s.lastParts { return last }
        let combined: ObjectID
        if let known = s.combinedMemo[s.parts] {
            combined = known
        } else {
            let entries = zip(s.job.spec.folders, s.parts).compactMap { f, t in t.map { (f.to[...], $0) } }
            combined = try writeTree(entries)
            s.combinedMemo[s.parts] = combined
        }
        s.lastParts = s.parts
        s.lastCombined = combined
        return combined
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
        return try store.write(RawTree.encode(leaves.map { TreeEntry(name: $0.key, mode: 0o040000, id: $0.value) }), kind: .tree)
    }
}
