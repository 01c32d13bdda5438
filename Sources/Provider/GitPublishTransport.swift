import Foundation
import Git
import Model
import Pipeline
import Verify

/// `carve publish`'s remotes through libgit2. Pushes go from a scratch bare repository that reads
/// the monorepo's objects through `objects/info/alternates` and holds the refs to push (and the
/// annotated tags' objects) itself: libgit2 pushes refs, and the monorepo's refs stay as they are.
///
/// Every network call runs on a thread of its own, waited for at most `timeout` seconds: libgit2
/// 1.5 has no network timeout, and a server that accepts the connection but never answers
/// would hold the run forever. A call that times out is abandoned with the repository handle it
/// uses (a fresh one per call, or a scratch repository not used again), so nothing is shared
/// with a thread that may still wake up.
final class GitPublishTransport: PublishTransport {
    private let repository: Repository
    private let runtime: GitRuntime
    private let credentials: RemoteCredentials
    private let timeout: Double
    private var scratch: (path: String, repository: Repository)?
    private var pushes = 0

    init(repository: Repository, runtime: GitRuntime, credentials: RemoteCredentials, timeout: Double) {
        self.repository = repository
        self.runtime = runtime
        self.credentials = credentials
        self.timeout = timeout
    }

    deinit {
        if let scratch { try? FileManager.default.removeItem(atPath: scratch.path) }
    }

    func listReferences(url: String) throws -> [String: ObjectID] {
        var out: [String: ObjectID] = [:]
        for ref in try bounded({ try $0.fresh().listRemote(url: url, credentials: $0.credentials) }) { out[ref.name] = ref.target }
        return out
    }

    func push(url: String, refs: [RefPush], tagObjects: [[UInt8]]) throws {
        let scratch = try scratchRepository()
        pushes += 1
        for object in tagObjects { try scratch.writeLoose(object, type: .tag) }
        let namespace = "refs/carve-publish/\(pushes)/"
        try scratch.updateReferences(refs.map { ReferenceUpdate(name: namespace + $0.ref, target: $0.new, expected: nil, message: "carve publish") })
        // Not forced unless it must be: libgit2 then also refuses a branch someone moved
        // since the refs were read.
        let refspecs = refs.map { ($0.action == .force ? "+" : "") + namespace + $0.ref + ":" + $0.ref }
        do {
            let handle = Unchecked(scratch)
            try bounded { try handle.value.push(url: url, refspecs: refspecs, credentials: $0.credentials) }
        } catch PublishTransportError.timedOut(let seconds) {
            // The abandoned push may still use it: the next push gets a scratch repository of its
            // own (the folder goes with the next run's cleanup of this process's folders).
            self.scratch = nil
            throw PublishTransportError.timedOut(seconds)
        }
    }

    func fetchCaches(remote name: String, references: [String]) throws -> [String: ObjectID] {
        var out: [String: ObjectID] = [:]
        for ref in try bounded({ try $0.fresh().fetchObjects(remoteNamed: name, references: references, credentials: $0.credentials) }) { out[ref.name] = ref.target }
        return out
    }

    func pushCaches(remote name: String, references names: [String]) throws {
        try bounded { try $0.fresh().push(remoteNamed: name, refspecs: names.map { "+\($0):\($0)" }, credentials: $0.credentials) }
    }

    /// Made at the first push, after the split's objects were written to the monorepo (the
    /// alternates are read when a repository is opened).
    private func scratchRepository() throws -> Repository {
        if let scratch { return scratch.repository }
        let path = try ScratchFolder.make("publish")
        let made = try Repository.scratch(at: path + "/push.git", objectsOf: repository, runtime: runtime)
        scratch = (path, made)
        return made
    }

    /// What a network call needs, handed to its thread.
    private struct Context: @unchecked Sendable {
        var gitDirectory: String
        var runtime: GitRuntime
        var credentials: RemoteCredentials

        /// A handle on the monorepo of the call's own.
        func fresh() throws -> Repository { try Repository(path: gitDirectory, runtime: runtime) }
    }

    /// `body` run on a thread of its own, waited for at most `timeout` seconds.
    private func bounded<T>(_ body: @escaping (Context) throws -> T) throws -> T {
        let context = Context(gitDirectory: repository.gitDirectory, runtime: runtime, credentials: credentials)
        let box = Unchecked<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let work = Unchecked(body)
        let thread = Thread {
            box.value = Result { try work.value(context) }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + timeout) == .success else { throw PublishTransportError.timedOut(timeout) }
        return try box.value!.get()
    }
}

/// A value handed to another thread that Carve makes sure only one thread uses at a time.
private final class Unchecked<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A remote that did not answer in time.
enum PublishTransportError: Error, LocalizedError {
    case timedOut(Double)

    var errorDescription: String? {
        switch self {
        case .timedOut(let seconds):
            return "no answer within \(seconds.formatted()) s (the server took the connection but did not reply): check the remote, or pass a longer --timeout; a rerun sends what is missing"
        }
    }
}
