import Foundation
import Model

/// Resolves the folders of commits on a second thread while the walk reads commits: the walk
/// publishes each commit's root tree, the worker looks up every folder path in it through its
/// own store (its own repository handle) and its own `TreeIndex`. The engine joins it before
/// processing and then reads the answers by walk position.
final class TreeWorker<Store: SplitStore>: @unchecked Sendable {
    private let store: Store
    private var index = TreeIndex()
    private let condition = NSCondition()
    private var roots: [ObjectID] = []
    private var walkFinished = false
    private var thread: BackgroundThread<Void>?
    /// `pathCount` answers per published root, in walk order; read only after `join()`.
    private(set) var results: FolderAnswers
    private(set) var failed = false
    let pathCount: Int

    init(store: Store, paths: [[String]]) {
        self.store = store
        for path in paths { _ = index.register(path) }
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

    private func work() {
        var done = 0
        while true {
            condition.lock()
            while roots.count == done && !walkFinished { condition.wait() }
            let batch = roots[done...]
            let finishing = walkFinished && batch.isEmpty
            condition.unlock()
            if finishing { break }
            if !failed {
                do {
                    for root in batch {
                        try index.resolve(root: root, store: store)
                        results.append(index.resolved)
                    }
                } catch {
                    failed = true
                }
            }
            done += batch.count
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
                if let tree = answer {
                    if let code = known[tree] {
                        lastCodes[i] = code
                    } else {
                        trees.append(tree)
                        let code = UInt32(trees.count)
                        known[tree] = code
                        lastCodes[i] = code
                    }
                } else {
                    lastCodes[i] = 0
                }
            }
            codes.append(lastCodes[i])
        }
    }

    /// Answer `i` (root `i / pathCount`, path `i % pathCount`).
    subscript(_ i: Int) -> ObjectID? {
        let code = codes[i]
        return code == 0 ? nil : trees[Int(code) - 1]
    }
}
