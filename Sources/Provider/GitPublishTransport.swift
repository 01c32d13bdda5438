import Foundation
import Git
import Model
import Pipeline
import Verify

/// `carve publish`'s remotes through libgit2. Pushes go from a scratch bare repository that reads
/// the monorepo's objects through `objects/info/alternates` and holds the refs to push (and the
/// annotated tags' objects) itself: libgit2 pushes refs, and the monorepo's refs stay as they are.
final class GitPublishTransport: PublishTransport {
    private let repository: Repository
    private let runtime: GitRuntime
    private let credentials: RemoteCredentials
    private var scratch: (path: String, repository: Repository)?
    private var pushes = 0

    init(repository: Repository, runtime: GitRuntime, credentials: RemoteCredentials) {
        self.repository = repository
        self.runtime = runtime
        self.credentials = credentials
    }

    deinit {
        if let scratch { try? FileManager.default.removeItem(atPath: scratch.path) }
    }

    func listReferences(url: String) throws -> [String: ObjectID] {
        var out: [String: ObjectID] = [:]
        for ref in try repository.listRemote(url: url, credentials: credentials) { out[ref.name] = ref.target }
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
        try scratch.push(url: url, refspecs: refspecs, credentials: credentials)
    }

    func fetchCaches(remote name: String, references: [String]) throws -> [String: ObjectID] {
        var out: [String: ObjectID] = [:]
        for ref in try repository.fetchObjects(remoteNamed: name, references: references, credentials: credentials) { out[ref.name] = ref.target }
        return out
    }

    func pushCaches(remote name: String, references names: [String]) throws {
        try repository.push(remoteNamed: name, refspecs: names.map { "+\($0):\($0)" }, credentials: credentials)
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
}
