import Foundation
import Model

/// Resolves the folders of commits on a second thread while the walk reads commits: the walk
/// publishes each commit's root tree, the worker looks up every folder path in it through its
/// own store (its own repository handle) and its own `TreeIndex`. The engine then calls
/// `finish(helpingWith:)`, which resolves the second half of what is left on the calling thread,
/// and reads the answers by walk position.
final class TreeWorker<Store: SplitStore>: @unchecked Sendable {
    private let store: Store
    private var index: TreeIndex
    /// The index with the paths registered and nothing resolved: what the finishing thread
    /// starts from.
    private let blank: TreeIndex
    private let condition = NSCondition()
    private var roots: [ObjectID] = []
    private var walkFinished = false
    /// Roots from this position on are resolved by the thread that finishes the worker.
    private var limit = Int.max
    /// The end of the roots the worker has taken so far (it resolves them in chunks).
    private var taken = 0
    private var thread: BackgroundThread<Void>?
    /// `pathCount` answers per published root, in walk order; read only after `join()`.
    private(set) var results: FolderAnswers
    private(set) var failed = false
    let pathCount: Int

    /// Roots the worker takes at a time: the finishing thread can take over all but one chunk.
    private let chunk: Int
    /// How many roots the finishing thread resolved.
    private(set) var resolvedByFinisher = 0

    init(store: Store, paths: [[String]], chunk: Int = 256) {
        self.store = store
        self.chunk = chunk
        var registered = TreeIndex()
        for path in paths { _ = registered.register(path) }
        index = registered
        blank = registered
        pathCount = paths.count
        results = FolderAnswers(pathCount: paths.count)
    }

    /// Starts the worker thread.
    func start() {
        thread = BackgroundThread(stackSize: 4 << 20) { [self] in work() }
    }

    /// Publishes root trees, in walk order (called by the walk, in batches).
    func publish(_ batch: [ObjectID]) {
        condition.lock()
        roots.append(contentsOf: batch)
        condition.signal()
        condition.unlock()
    }

    /// Says the walk is over and waits for the worker to resolve everything published.
    func join() {
        condition.lock()
        walkFinished = true
        condition.broadcast()
        condition.unlock()
        // `work` does not throw.
        try? thread?.join()
    }

    /// Says the walk is over, resolves the second half of the roots the worker has not taken
    /// yet on this thread through `helper` (a store this thread may use) while the worker does
    /// the first, and joins the worker. The walk of symfony ends about half a second before the
    /// worker does with 40 components: the two cores share that.
    func finish(helpingWith helper: Store) {
        condition.lock()
        walkFinished = true
        let left = roots.count - taken
        let from = taken + left / 2
        let mine = left >= 2 * chunk ? Array(roots[from...]) : []
        if !mine.isEmpty { limit = from }
        condition.broadcast()
        condition.unlock()
        var answers = FolderAnswers(pathCount: pathCount)
        var ok = true
        if !mine.isEmpty {
            var own = blank
            ok = Self.resolve(mine, with: &own, through: helper, into: &answers)
        }
        try? thread?.join()
        if !ok { failed = true }
        if !mine.isEmpty, !failed {
            results.append(contentsOf: answers)
            resolvedByFinisher = mine.count
        }
    }

    private func work() {
        var done = 0
        while true {
            condition.lock()
            while roots.count == done && !walkFinished { condition.wait() }
            let end = min(roots.count, limit, done + chunk)
            let finishing = walkFinished && end <= done
            let batch = roots[done..<max(done, end)]
            taken = max(done, end)
            condition.unlock()
            if finishing { break }
            if !failed, !Self.resolve(batch, with: &index, through: store, into: &results) { failed = true }
            done += batch.count
        }
    }

    /// Appends every root's answers; false when a tree could not be read.
    private static func resolve(_ roots: some Collection<ObjectID>, with index: inout TreeIndex, through store: Store, into answers: inout FolderAnswers) -> Bool {
        do {
            for root in roots {
                try index.resolve(root: root, store: store)
                answers.append(index.resolved)
            }
            return true
        } catch {
            return false
        }
    }
}

/// The tree worker's answers: per published root, per path, the folder's tree or none. Stored
/// as 4-byte indexes into a table of the distinct trees: 40 components over symfony's 72,000
/// commits are 2.9 million answers, 69 MB as optional ids.
struct FolderAnswers {
    /// 0: no folder; else 1 + an index into `trees`.
    private var codes: [UInt32] = []
    private var trees: [ObjectID] = []
    private var known: [ObjectID: UInt32] = [:]
    /// The answers last appended, and their codes: most folders are as in the commit before.
    private var last: [ObjectID?] = []
    private var lastCodes: [UInt32] = []
    /// Per path, how many times its answer changed from one root to the next: about the
    /// commits a job of that folder writes, which is most of its work.
    private(set) var changes: [Int] = []
    let pathCount: Int

    init(pathCount: Int) {
        self.pathCount = pathCount
    }

    /// Appends one root's answers (`pathCount` of them).
    mutating func append(_ answers: [ObjectID?]) {
        if last.count != answers.count {
            last = [ObjectID?](repeating: nil, count: answers.count)
            lastCodes = [UInt32](repeating: 0, count: answers.count)
            changes = [Int](repeating: 0, count: answers.count)
        }
        for (i, answer) in answers.enumerated() {
            if answer != last[i] {
                last[i] = answer
                changes[i] += 1
                lastCodes[i] = answer.map { code(for: $0) } ?? 0
            }
            codes.append(lastCodes[i])
        }
    }

    /// Appends every answer of `other`, the answers of the roots after these made apart.
    mutating func append(contentsOf other: FolderAnswers) {
        let remap = [0] + other.trees.map { code(for: $0) }
        codes.reserveCapacity(codes.count + other.codes.count)
        for code in other.codes { codes.append(remap[Int(code)]) }
        // `other`'s first root counted as a change from no folder: an estimate either way.
        if changes.isEmpty { changes = [Int](repeating: 0, count: other.changes.count) }
        for (i, count) in other.changes.enumerated() { changes[i] += count }
        last = other.last
        lastCodes = other.lastCodes.map { remap[Int($0)] }
    }

    /// The code of `tree`, numbered on first sight.
    private mutating func code(for tree: ObjectID) -> UInt32 {
        if let code = known[tree] { return code }
        trees.append(tree)
        let code = UInt32(trees.count)
        known[tree] = code
        return code
    }

    /// Answer `i` (root `i / pathCount`, path `i % pathCount`).
    subscript(_ i: Int) -> ObjectID? {
        let code = codes[i]
        return code == 0 ? nil : trees[Int(code) - 1]
    }
}
