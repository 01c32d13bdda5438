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
    private(set) var results: [ObjectID?] = []
    private(set) var failed = false
    let pathCount: Int

    init(store: Store, paths: [[String]]) {
        self.store = store
        for path in paths { _ = index.register(path) }
        pathCount = paths.count
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
                        results.append(contentsOf: index.resolved)
                    }
                } catch {
                    failed = true
                }
            }
            done += batch.count
        }
    }
}
