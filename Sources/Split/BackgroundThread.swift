import Foundation

/// Work started on a thread of its own and joined later: the one way Carve runs two things at
/// once (the split's tree worker, half of a many-component split, every other new repository of
/// a batch), each time with a repository handle of the second thread's own.
///
/// What `body` captures belongs to the new thread until `join()` returns: the caller must not
/// touch it meanwhile (libgit2 objects are not shared across threads). Not `@Sendable` on
/// purpose: the handles it captures are not, and this rule is what makes handing them over safe.
public final class BackgroundThread<Value>: @unchecked Sendable {
    private var outcome: Result<Value, Error>?
    private let finished = DispatchSemaphore(value: 0)
    private var joined = false

    /// Starts `body` on a new thread (with a stack of `stackSize` bytes: the split recurses).
    public init(stackSize: Int = 8 << 20, _ body: @escaping () throws -> Value) {
        let work = Handover(body)
        let thread = Thread { [self] in
            outcome = Result { try work.body() }
            finished.signal()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    /// Waits for `body` to end (once; later calls return at once) and returns what it returned,
    /// or throws what it threw. Called from the thread that started it.
    public func join() throws -> Value {
        if !joined {
            finished.wait()
            joined = true
        }
        return try outcome!.get()
    }
}

/// The closure handed to the new thread (see `BackgroundThread`'s rule).
private struct Handover<Value>: @unchecked Sendable {
    let body: () throws -> Value
    init(_ body: @escaping () throws -> Value) { self.body = body }
}
