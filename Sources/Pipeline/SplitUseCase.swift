import Model
import Split

/// `carve split`: splits folders' history (one folder set, or many components in one walk),
/// reusing and refreshing the cache, and moves branches at the end in one transaction.
public final class SplitUseCase {
    private let repository: SplitRepository
    private let runner: SplitRunner
    private let caches: SplitCacheStorage

    /// Version of the split rules; part of every cache key, so a change of rules never reuses a
    /// cache made with the old ones.
    static let rulesVersion = 1

    /// Wires the use case to a repository, an engine and the cache storage.
    public init(repository: SplitRepository, runner: SplitRunner, caches: SplitCacheStorage) {
        self.repository = repository
        self.runner = runner
        self.caches = caches
    }

    /// One folder set: validates, splits, then writes objects and the branch at the end.
    public func run(_ request: SplitRequest, progress: SplitProgress? = nil) throws -> SplitReport {
        let spec = try SplitSpec(arguments: request.folders)
        let branchRef = try request.branch.map { try repository.branchReference($0) }
        try repository.checkHistory(allowShallow: request.allowShallow)
        let tip = try repository.commit(for: request.revision)
        let onto = try request.onto.map { try repository.commit(for: $0) }
        let modes = try HistoryResolution.resolve(request.history, spec: spec, tip: tip, revision: request.revision, runner: runner, commit: repository.commit(for:))
        let planned = PlannedSplit(name: nil, spec: spec, onto: onto, branch: request.branch, branchRef: branchRef, modes: modes)
        return try execute([planned], tip: tip, revision: request.revision, useCache: request.useCache, dryRun: request.dryRun, progress: progress)[0]
    }

    /// Many components in one walk: each gets its branch (prefix + name) and its own cache.
    public func runMany(_ request: ManySplitRequest, progress: SplitProgress? = nil) throws -> [SplitReport] {
        if request.history.adopt != nil { throw PipelineError.adoptManyComponents }
        try repository.checkHistory(allowShallow: request.allowShallow)
        let tip = try repository.commit(for: request.revision)
        let components: [ComponentSplit]
        switch request.selection {
        case .components(let list):
            components = list
        case .all:
            let tests = Set(try repository.folders(in: tip, at: "Tests"))
            components = try repository.folders(in: tip, at: "Sources").map { name in
                var folders = ["Sources/\(name):Sources/\(name)"]
                if tests.contains("\(name)Tests") { folders.append("Tests/\(name)Tests:Tests/\(name)Tests") }
                return ComponentSplit(name: name, folders: folders)
            }
        }
        guard !components.isEmpty else { throw ComponentError.noComponents }
        var seen = Set<String>()
        var planned: [PlannedSplit] = []
        for component in components {
            guard seen.insert(component.name).inserted else { throw ComponentError.duplicateName(component.name) }
            let spec: SplitSpec
            do {
                spec = try SplitSpec(arguments: component.folders)
            } catch {
                throw ComponentError.failed(component.name, error.localizedDescription)
            }
            let branch = component.branch ?? request.branchPrefix + component.name
            guard !component.name.isEmpty, !component.name.contains("/"), repository.isValidReferenceName("refs/heads/x/\(component.name)") else {
                throw ComponentError.invalidName(component.name)
            }
            planned.append(PlannedSplit(name: component.name, spec: spec, onto: nil, branch: branch, branchRef: try repository.branchReference(branch)))
        }
        // A --follow-path of the command goes to the one component whose folder it names.
        let named = try HistoryResolution.assign(request.history.followPaths, to: planned.map(\.spec))
        for (i, component) in components.enumerated() {
            var common = request.history
            common.followPaths = named[i]
            do {
                planned[i].modes = try HistoryResolution.resolve(component.history(common), spec: planned[i].spec, tip: tip, revision: request.revision, runner: runner, commit: repository.commit(for:))
            } catch {
                throw ComponentError.failed(component.name, error.localizedDescription)
            }
        }
        return try execute(planned, tip: tip, revision: request.revision, useCache: request.useCache, progress: progress)
    }

    // MARK: - Steps

    private struct PlannedSplit {
        var name: String?
        var spec: SplitSpec
        var onto: ObjectID?
        var branch: String?
        var branchRef: String?
        var modes: HistoryResolution = .none

        var cacheReference: String {
            var text = "rules \(SplitUseCase.rulesVersion)\nfolders \(spec.key)\nonto \(onto?.hex ?? "-")\n"
            // Only a history mode adds to the key: git subtree's caches keep theirs.
            if !modes.history.isDefault { text += "history \(modes.history.cacheKey)\n" }
            let h = FNV1a.hash(text)
            let hex = String(h, radix: 16)
            return "refs/carve/cache/" + String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    private func execute(_ planned: [PlannedSplit], tip: ObjectID, revision: String, useCache: Bool, dryRun: Bool = false, progress: SplitProgress?) throws -> [SplitReport] {
        let timer = PhaseTimer()
        func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T { try timer.measure(phase, body) }
        let cacheTargets = try planned.map { try repository.referenceTarget($0.cacheReference) }
        let jobs = measure("loadCache") {
            planned.map { p in
                SplitJob(spec: p.spec, onto: p.onto, cache: useCache ? caches.loadCache(reference: p.cacheReference) : nil, history: p.modes.history)
            }
        }
        let branchTargets = try planned.map { p in try p.branchRef.flatMap { try repository.referenceTarget($0) } }

        var reports: [SplitReport] = []
        var updates: [ReferenceUpdate] = []
        var cacheUpdates: [ReferenceUpdate] = []
        do {
            let results = try measure("split") { try runner.split(jobs, tip: tip, revisionName: revision, progress: progress) }
            for (i, p) in planned.enumerated() {
                let result: SplitResult
                do {
                    result = try results[i].get()
                } catch SplitError.folderNeverExisted(let folders, let revision) {
                    // Say so when the path is a file: the usual slip of naming a file.
                    let file = try p.spec.folders.map(\.fromPath).first { try repository.isFile(at: $0, in: tip) }
                    let error: Error = file.map { PipelineError.folderIsFile($0, revision) } ?? SplitError.folderNeverExisted(folders, revision: revision)
                    if let name = p.name { throw ComponentError.failed(name, error.localizedDescription) }
                    throw error
                } catch {
                    if let name = p.name { throw ComponentError.failed(name, error.localizedDescription) }
                    throw error
                }
                var report = SplitReport(head: result.head, source: result.sourceOfHead, folders: p.spec.key, commitsWalked: result.commitsWalked, commitsWritten: result.commitsWritten)
                report.name = p.name
                report.incremental = result.incremental
                if !p.modes.followed.isEmpty { report.followed = p.modes.followed }
                if p.modes.history.readdContinues { report.readd = .continue }
                report.adoption = result.adoption
                if let ref = p.branchRef, let branch = p.branch {
                    report.branch = branch
                    if let existing = branchTargets[i] {
                        // git subtree split -b: only a fast-forward.
                        guard try repository.isAncestor(existing, of: result.head) else {
                            throw PipelineError.branchNotAncestor(branch: branch, head: result.head)
                        }
                        report.branchAction = existing == result.head ? .unchanged : .updated
                    } else {
                        report.branchAction = .created
                    }
                    if branchTargets[i] != result.head {
                        updates.append(ReferenceUpdate(name: ref, target: result.head, expected: branchTargets[i], message: "carve split \(p.spec.key)"))
                    }
                }
                if let cacheCommit = try measure("storeCache", { try refreshedCache(jobs[i].cache, result: result, plan: p) }) {
                    cacheUpdates.append(ReferenceUpdate(name: p.cacheReference, target: cacheCommit, expected: cacheTargets[i], message: "carve split cache"))
                }
                reports.append(report)
            }
        } catch {
            repository.discardWrites()
            throw error
        }
        if dryRun {
            repository.discardWrites()
        } else {
            try measure("write") { try repository.commitWrites(updates, cacheUpdates: cacheUpdates) }
        }
        return reports.map { r in
            var r = r
            if dryRun { r.dryRun = true }
            r.seconds = timer.seconds
            return r
        }
    }

    /// The cache to keep after a run: the old one plus what this run learnt, or a new one after
    /// a cold run; nil when nothing changed.
    private func refreshedCache(_ old: SplitCache?, result: SplitResult, plan: PlannedSplit) throws -> ObjectID? {
        guard let layer = result.newLayer else { return nil }
        var cache: SplitCache
        if result.incremental, let old {
            cache = old
            cache.append(layer)
            if cache.layers.count > 8 { cache = cache.compacted() }
        } else {
            cache = SplitCache()
            cache.markerCommits = result.markerCommits.sorted()
            cache.append(layer)
        }
        return try caches.storeCache(cache, keepAlive: result.head, description: "folders \(plan.spec.key)")
    }
}
