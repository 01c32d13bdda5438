import Model
import Split

/// Checks a split cache someone else wrote (fetched with `--cache-remote`) before a run trusts it:
/// each entry the run uses must be what a split would have made. An entry is used when the walk
/// stops there (the commits the cache knows that a commit new to it has as parents, or the tip)
/// or when a tag is looked up in it.
///
/// For an entry mapping source commit S to split commit X: X's tree must hold exactly the
/// component's folders of S's tree at their places, and X must be the split of one of S's parents
/// (S did not change the folders) or have only splits of S's parents as parents. An entry saying
/// S has no folders must be true of S's tree.
struct CacheVerification {
    let repository: PublishRepository
    private var parentsMemo: [ObjectID: [ObjectID]] = [:]

    init(repository: PublishRepository) {
        self.repository = repository
    }

    /// The first entry that fails, described; nil when every used entry holds.
    mutating func failure(of cache: SplitCache, spec: SplitSpec, tip: ObjectID, lookups: [ObjectID]) throws -> String? {
        for source in try usedEntries(cache, tip: tip) + lookups {
            guard let record = cache.lookup(source) else { continue }
            if let why = try check(record, cache: cache, spec: spec) { return "the entry for \(source.short): \(why)" }
        }
        return nil
    }

    /// The commits the cache knows where a walk from `tip` stops.
    private mutating func usedEntries(_ cache: SplitCache, tip: ObjectID) throws -> [ObjectID] {
        var used: [ObjectID] = []
        var seen: Set<ObjectID> = [tip]
        var stack = [tip]
        while let commit = stack.popLast() {
            if cache.lookup(commit) != nil {
                used.append(commit)
                continue
            }
            for parent in try parents(commit) where seen.insert(parent).inserted { stack.append(parent) }
        }
        return used
    }

    private mutating func parents(_ commit: ObjectID) throws -> [ObjectID] {
        if let known = parentsMemo[commit] { return known }
        let p = try repository.parents(of: commit)
        parentsMemo[commit] = p
        return p
    }

    private mutating func check(_ record: SplitCache.Record, cache: SplitCache, spec: SplitSpec) throws -> String? {
        let sourceTree = try repository.tree(of: record.source)
        let folders = try spec.folders.map { try repository.entry(at: $0.fromPath, inTree: sourceTree).flatMap { $0.isTree ? $0 : nil } }
        switch record.state {
        case .noTree, .standsForItself:
            if folders.contains(where: { $0 != nil }) { return "it says the commit has none of the folders, but it has" }
            if record.state == .standsForItself, record.value != record.source { return "it maps a commit without the folders to another commit" }
            return nil
        case .seeded:
            return nil
        case .split:
            break
        }
        let split = record.value
        guard repository.objectExists(split) else { return "its split commit \(split.short) is not in the repository" }
        let splitTree = try repository.tree(of: split)
        if let why = try treeMismatch(splitTree, folders: folders, spec: spec) { return why }
        let sourceParents = try parents(record.source)
        let mappedParents = Set(sourceParents.compactMap { p -> ObjectID? in
            guard let r = cache.lookup(p), r.state == .split || r.state == .seeded || r.state == .standsForItself else { return nil }
            return r.value
        })
        if mappedParents.contains(split) { return nil }
        for parent in try parents(split) where !mappedParents.contains(parent) {
            return "its split commit \(split.short) has the parent \(parent.short), which is not the split of any parent of the source commit"
        }
        return nil
    }

    /// Why `splitTree` is not the folders of the source tree at their places, nil when it is.
    private func treeMismatch(_ splitTree: ObjectID, folders: [TreeEntry?], spec: SplitSpec) throws -> String? {
        if spec.folders.count == 1, spec.folders[0].to.isEmpty {
            guard let folder = folders[0] else { return "the source commit has no folder \(spec.folders[0].fromPath)" }
            return folder.id == splitTree ? nil : "its split commit's tree is not the tree of \(spec.folders[0].fromPath)"
        }
        for (mapping, folder) in zip(spec.folders, folders) {
            let placed = try repository.entry(at: mapping.toPath, inTree: splitTree)
            if placed?.id != folder?.id { return "its split commit's \(mapping.toPath) is not the source's \(mapping.fromPath)" }
        }
        // Nothing else: every entry on the way lies on the path to a placed folder.
        let present = zip(spec.folders, folders).filter { $0.1 != nil }.map(\.0.to)
        func extra(_ tree: ObjectID, _ prefix: [String]) throws -> String? {
            for entry in try repository.treeEntries(tree) {
                let path = prefix + [entry.name]
                if present.contains(path) { continue }
                guard entry.isTree, present.contains(where: { $0.starts(with: path) }) else {
                    return "its split commit holds \(path.joined(separator: "/")), which is not one of the folders"
                }
                if let why = try extra(entry.id, path) { return why }
            }
            return nil
        }
        return try extra(splitTree, [])
    }
}
