import Foundation
import Model
import Split

/// The steps of `carve publish` that are decisions over data: which tags a component gets and
/// under which name, and what is done with each remote ref.
enum PublishPlanning {
    /// A tag of the monorepo that matches a --tags glob, resolved to the commit it tags.
    struct SourceTag {
        var name: String
        /// The commit it tags; nil when it tags something else.
        var commit: ObjectID?
        /// The tag object, parsed, for an annotated tag.
        var annotated: RawTag?
    }

    /// One ref a component should have on its remote.
    struct WantedRef {
        var ref: String
        var target: ObjectID
        var isBranch: Bool
        /// The tag object's bytes, for an annotated tag.
        var tagObject: [UInt8]?
    }

    /// True when `name` matches one of the globs (`*` also matches `/`, as `git tag -l` does).
    static func matches(_ name: String, _ patterns: [String]) -> Bool {
        patterns.contains { fnmatch($0, name, 0) == 0 }
    }

    /// The name tag `tag` has in component `component`'s repository, nil when it does not go
    /// there: `NAME/REST` goes to component NAME alone, as `REST`; a tag without a slash goes
    /// to every component.
    static func tagName(_ tag: String, for component: String) -> String? {
        guard let slash = tag.firstIndex(of: "/") else { return tag }
        return tag[..<slash] == component ? String(tag[tag.index(after: slash)...]) : nil
    }

    /// A tag's commit's split, or why it has none.
    enum TagSplit: Equatable {
        case split(ObjectID)
        case skipped(SkippedTag.Reason)
    }

    /// The split of `commit` in `mapping`, or why there is none.
    static func split(of commit: ObjectID, in mapping: SplitCache?) -> TagSplit {
        guard let record = mapping?.lookup(commit) else { return .skipped(.notInHistory) }
        switch record.state {
        case .split, .seeded: return .split(record.value)
        case .noTree, .standsForItself: return .skipped(.noSplit)
        }
    }

    /// What to do with one ref, given its target on the remote.
    static func action(old: ObjectID?, new: ObjectID, isBranch: Bool, force: Bool, isAncestor: (ObjectID, ObjectID) -> Bool) -> RefPush.Action {
        guard let old else { return .create }
        if old == new { return .unchanged }
        if isBranch, isAncestor(old, new) { return .fastForward }
        return force ? .force : .refused
    }

    /// The component's status from its refs.
    static func status(_ refs: [RefPush], dryRun: Bool) -> ComponentPublish.Status {
        if refs.contains(where: { $0.action == .refused }) { return .refused }
        if !refs.contains(where: \.isSent) { return .upToDate }
        return dryRun ? .wouldPush : .pushed
    }

    /// The message of a refused component: which refs, and what to do.
    static func refusal(_ refs: [RefPush], remote: String) -> String {
        let lines = refs.filter { $0.action == .refused }.map { r -> String in
            let old = r.old?.short ?? "-"
            if r.ref.hasPrefix("refs/heads/") {
                return "\(r.ref) points to \(old), which is not an ancestor of the split \(r.new.short) (the remote has commits the split does not)"
            }
            return "\(r.ref) points to \(old), not to \(r.new.short)"
        }
        return "refusing to overwrite on \(remote): " + lines.joined(separator: "; ") + "; nothing was pushed to this remote: pass --force to overwrite, or delete those refs there"
    }
}
