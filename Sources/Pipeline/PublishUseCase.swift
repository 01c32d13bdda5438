import Model
import Split

/// `carve publish`: splits components in one walk (as `carve split` does, with the cache) and
/// pushes each split, with its tags, to the component's own remote. Reads every remote's refs
/// first and sends only what differs; refuses, per component, to overwrite a remote ref that
/// points elsewhere unless forced. The monorepo gets the split objects and its cache refs, nothing
/// else; a dry run writes nothing at all.
public final class PublishUseCase {
    private let splitter: SplitUseCase
    private let repository: PublishRepository
    private let transport: PublishTransport

    /// Wires the use case to the split use case, the monorepo and the remotes.
    public init(splitter: SplitUseCase, repository: PublishRepository, transport: PublishTransport) {
        self.splitter = splitter
        self.repository = repository
        self.transport = transport
    }

    /// One component being published.
    private struct Target {
        var component: ComponentSplit
        var url: String
        var shown: String
        var wanted: [PublishPlanning.WantedRef] = []
        var skipped: [SkippedTag] = []
        var result: ComponentPublish?
        var refs: [RefPush] = []
    }

    /// Runs the publish; the report says per component what was (or would be) pushed, refused or
    /// failed. Throws only for bad input, before anything is written.
    public func run(_ request: PublishRequest, progress: SplitProgress? = nil) throws -> PublishReport {
        let timer = PhaseTimer()
        // Everything that can be refused is checked before anything is split or fetched.
        let template = try request.remoteTemplate.map { try RemoteTemplate($0) }
        for pattern in request.tagPatterns where pattern.isEmpty { throw PublishError.invalidTagPattern(pattern) }
        let branch = try branchName(request)
        if let name = request.cacheRemote, !repository.hasRemote(named: name) { throw PublishError.unknownCacheRemote(name) }
        let plan = try splitter.componentPlan(ManySplitRequest(selection: request.selection, revision: request.revision, useCache: true, allowShallow: request.allowShallow, history: request.history))
        var targets: [Target] = try plan.components.map { component in
            let url: String
            if let own = component.remote {
                url = try RemoteTemplate(own).url(for: component.name)
            } else if let template {
                url = template.url(for: component.name)
            } else {
                throw plan.components.contains { $0.remote != nil } ? PublishError.noRemote(component.name) : PublishError.missingRemoteTemplate
            }
            return Target(component: component, url: url, shown: RemoteTemplate.redacted(url))
        }
        let tags = try timer.measure("tags") { try sourceTags(request.tagPatterns) }

        // The shared cache: fetched, and trusted per component only once checked.
        var notes: [String] = []
        var overrides: [String: SplitCache] = [:]
        var remoteCaches: [String: ObjectID] = [:]
        if let name = request.cacheRemote {
            if request.dryRun {
                notes.append("dry run: the cache of remote '\(name)' is not fetched (that would write objects); the local cache is used")
            } else {
                try timer.measure("cacheFetch") {
                    (overrides, remoteCaches) = try sharedCaches(remote: name, plan: plan, tags: tags, notes: &notes)
                }
            }
        }

        let splits = try timer.measure("split") { try splitter.split(plan, cacheOverrides: overrides, progress: progress) }
        for i in targets.indices {
            let head = splits.reports[i].head
            targets[i].wanted = [PublishPlanning.WantedRef(ref: "refs/heads/\(branch)", target: head, isBranch: true)]
            for tag in tags {
                guard let name = PublishPlanning.tagName(tag.name, for: targets[i].component.name) else { continue }
                guard let commit = tag.commit else {
                    targets[i].skipped.append(SkippedTag(tag: tag.name, reason: .notACommit))
                    continue
                }
                switch PublishPlanning.split(of: commit, in: splits.mappings[i]) {
                case .skipped(let reason):
                    targets[i].skipped.append(SkippedTag(tag: tag.name, reason: reason))
                case .split(let split):
                    if var annotated = tag.annotated {
                        annotated.object = split
                        annotated.type = "commit"
                        annotated.name = name
                        let bytes = annotated.encoded
                        targets[i].wanted.append(.init(ref: "refs/tags/\(name)", target: try repository.hashTag(bytes), isBranch: false, tagObject: bytes))
                    } else {
                        targets[i].wanted.append(.init(ref: "refs/tags/\(name)", target: split, isBranch: false))
                    }
                }
            }
        }

        // Each remote's refs, read first: only what differs is sent.
        timer.measure("remoteRefs") {
            for i in targets.indices {
                let head = splits.reports[i].head
                do {
                    let remote = try transport.listReferences(url: targets[i].url)
                    targets[i].refs = targets[i].wanted.map { w in
                        let action = PublishPlanning.action(old: remote[w.ref], new: w.target, isBranch: w.isBranch, force: request.force) { old, new in
                            repository.objectExists(old) && ((try? repository.isAncestor(old, of: new)) ?? false)
                        }
                        return RefPush(ref: w.ref, old: remote[w.ref], new: w.target, action: action)
                    }
                    let status = PublishPlanning.status(targets[i].refs, dryRun: request.dryRun)
                    let message = status == .refused ? PublishPlanning.refusal(targets[i].refs, remote: targets[i].shown) : nil
                    targets[i].result = ComponentPublish(name: targets[i].component.name, remote: targets[i].shown, status: status, head: head, refs: targets[i].refs, skippedTags: targets[i].skipped, message: message)
                } catch {
                    targets[i].result = failure(targets[i], head: head, refs: [], "cannot read the refs of \(targets[i].shown): \(error.localizedDescription)")
                }
                targets[i].result?.commitsWalked = splits.reports[i].commitsWalked
                targets[i].result?.incremental = splits.reports[i].incremental
            }
        }

        if request.dryRun {
            repository.discardWrites()
            return PublishReport(components: targets.compactMap(\.result), dryRun: true, branch: branch, cacheNotes: notes, seconds: timer.seconds)
        }

        // The monorepo gets the split objects and the caches, once some remote was reached.
        let reachedAny = targets.contains { $0.result?.status != .failed }
        if reachedAny {
            try timer.measure("write") { try repository.commitWrites([], cacheUpdates: splits.cacheUpdates) }
        } else {
            repository.discardWrites()
        }

        timer.measure("push") {
            for i in targets.indices where targets[i].result?.status == .pushed {
                let sent = targets[i].refs.filter(\.isSent)
                let objects = targets[i].wanted.filter { w in sent.contains { $0.ref == w.ref } }.compactMap(\.tagObject)
                do {
                    try transport.push(url: targets[i].url, refs: sent, tagObjects: objects)
                } catch {
                    targets[i].result = failure(targets[i], head: splits.reports[i].head, refs: targets[i].refs, "pushing to \(targets[i].shown) failed: \(error.localizedDescription)")
                }
            }
        }

        if let name = request.cacheRemote, reachedAny {
            let changed = splits.cacheUpdates.filter { remoteCaches[$0.name] != $0.target }.map(\.name)
            if !changed.isEmpty {
                do {
                    try timer.measure("cachePush") { try transport.pushCaches(remote: name, references: changed) }
                    notes.append("pushed \(changed.count) cache ref\(changed.count == 1 ? "" : "s") to remote '\(name)'")
                } catch {
                    notes.append("could not push the cache to remote '\(name)' (\(error.localizedDescription)); the next run splits what it does not know")
                }
            }
        }
        return PublishReport(components: targets.compactMap(\.result), dryRun: false, branch: branch, cacheNotes: notes, seconds: timer.seconds)
    }

    // MARK: - Steps

    private func failure(_ target: Target, head: ObjectID, refs: [RefPush], _ message: String) -> ComponentPublish {
        var c = ComponentPublish(name: target.component.name, remote: target.shown, status: .failed, head: head, refs: refs, skippedTags: target.skipped, message: RemoteTemplate.scrubbed(message, url: target.url))
        c.commitsWalked = target.result?.commitsWalked ?? 0
        c.incremental = target.result?.incremental ?? false
        return c
    }

    /// The branch to push: --branch, else the short name of the branch the revision names.
    private func branchName(_ request: PublishRequest) throws -> String {
        let name: String
        if let given = request.branch {
            name = given
        } else {
            guard let full = repository.branchReference(named: request.revision) else {
                throw PublishError.detachedWithoutBranch(request.revision)
            }
            if full.hasPrefix("refs/heads/") {
                name = String(full.dropFirst("refs/heads/".count))
            } else {
                // refs/remotes/<remote>/<branch>
                name = full.split(separator: "/", maxSplits: 3).dropFirst(3).joined()
            }
        }
        guard !name.isEmpty, !name.hasPrefix("-"), repository.isValidReferenceName("refs/heads/\(name)") else {
            throw PublishError.invalidBranch(name)
        }
        return name
    }

    /// The monorepo's tags that match a glob, each resolved to the commit it tags.
    private func sourceTags(_ patterns: [String]) throws -> [PublishPlanning.SourceTag] {
        guard !patterns.isEmpty else { return [] }
        return try repository.tags().compactMap { tag in
            let short = String(tag.name.dropFirst("refs/tags/".count))
            guard PublishPlanning.matches(short, patterns) else { return nil }
            guard let bytes = try repository.tagObject(tag.target) else {
                return PublishPlanning.SourceTag(name: short, commit: repository.objectExists(tag.target) ? tag.target : nil, annotated: nil)
            }
            guard let parsed = RawTag(bytes) else { return PublishPlanning.SourceTag(name: short, commit: nil, annotated: nil) }
            // A tag of a tag: follow to the commit, keep the outer tag's tagger and message.
            var target = parsed
            for _ in 0..<8 where target.type == "tag" {
                guard let inner = try repository.tagObject(target.object).flatMap(RawTag.init) else { break }
                target = inner
            }
            return PublishPlanning.SourceTag(name: short, commit: target.type == "commit" ? target.object : nil, annotated: parsed)
        }
    }

    /// The caches of the monorepo's remote `name`: fetched, and for each component whose remote
    /// cache differs from the local one, checked on the entries this run uses.
    private func sharedCaches(remote name: String, plan: ComponentPlan, tags: [PublishPlanning.SourceTag], notes: inout [String]) throws -> ([String: SplitCache], [String: ObjectID]) {
        let remote: [String: ObjectID]
        do {
            remote = try transport.fetchCaches(remote: name, references: plan.cacheReferences)
        } catch {
            notes.append("could not fetch the cache from remote '\(name)' (\(error.localizedDescription)): splitting with the local cache only")
            return ([:], [:])
        }
        var overrides: [String: SplitCache] = [:]
        var verification = CacheVerification(repository: repository)
        var trusted = 0
        for (i, reference) in plan.cacheReferences.enumerated() {
            guard let commit = remote[reference], commit != (try? repository.referenceTarget(reference)) else { continue }
            let component = plan.components[i].name
            guard let cache = repository.loadCache(commit: commit) else {
                notes.append("the cache of '\(component)' from remote '\(name)' is unreadable or corrupt: ignored")
                continue
            }
            if let why = try verification.failure(of: cache, spec: plan.specs[i], tip: plan.tip, lookups: tags.compactMap(\.commit)) {
                notes.append("the cache of '\(component)' from remote '\(name)' failed the check (\(why)): ignored")
                continue
            }
            overrides[reference] = cache
            trusted += 1
        }
        if !remote.isEmpty { notes.append("fetched the cache from remote '\(name)': \(trusted) component cache\(trusted == 1 ? "" : "s") checked and used") }
        return (overrides, remote)
    }
}
