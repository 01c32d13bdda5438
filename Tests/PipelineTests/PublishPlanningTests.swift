import Model
@testable import Pipeline
import Testing

/// The decisions of `carve publish` over data: tag names per component and what is done with
/// each remote ref (the split of a tagged commit is checked end to end against git subtree).
@Suite struct PublishPlanningTests {
    static func id(_ n: UInt8) -> ObjectID { ObjectID(raw: [UInt8](repeating: n, count: 20))! }

    @Test func tagsWithASlashGoToTheirComponentOnly() {
        #expect(PublishPlanning.tagName("v1.0", for: "Core") == "v1.0")
        #expect(PublishPlanning.tagName("Core/1.2.0", for: "Core") == "1.2.0")
        #expect(PublishPlanning.tagName("Core/1.2.0", for: "Net") == nil)
        #expect(PublishPlanning.tagName("Core/rc/1", for: "Core") == "rc/1")
        #expect(PublishPlanning.matches("Core/1.2.0", ["*/*"]) && PublishPlanning.matches("v1", ["x", "v*"]) && !PublishPlanning.matches("w1", ["v*"]))
    }

    @Test func aRefMovesOnlyForwardUnlessForced() {
        let a = Self.id(1), b = Self.id(2)
        let ancestor: (ObjectID, ObjectID) -> Bool = { old, _ in old == a }
        #expect(PublishPlanning.action(old: nil, new: b, isBranch: true, force: false, isAncestor: ancestor) == .create)
        #expect(PublishPlanning.action(old: b, new: b, isBranch: true, force: false, isAncestor: ancestor) == .unchanged)
        #expect(PublishPlanning.action(old: a, new: b, isBranch: true, force: false, isAncestor: ancestor) == .fastForward)
        #expect(PublishPlanning.action(old: Self.id(3), new: b, isBranch: true, force: false, isAncestor: ancestor) == .refused)
        #expect(PublishPlanning.action(old: Self.id(3), new: b, isBranch: true, force: true, isAncestor: ancestor) == .force)
        // A tag never fast-forwards.
        #expect(PublishPlanning.action(old: a, new: b, isBranch: false, force: false, isAncestor: ancestor) == .refused)
        let refs = [RefPush(ref: "refs/heads/main", old: a, new: b, action: .fastForward), RefPush(ref: "refs/tags/v1", old: a, new: b, action: .refused)]
        #expect(PublishPlanning.status(refs, dryRun: false) == .refused)
        #expect(PublishPlanning.status([refs[0]], dryRun: false) == .pushed)
        #expect(PublishPlanning.status([refs[0]], dryRun: true) == .wouldPush)
        #expect(PublishPlanning.status([RefPush(ref: "refs/heads/main", old: b, new: b, action: .unchanged)], dryRun: false) == .upToDate)
        #expect(PublishPlanning.refusal(refs, remote: "r").contains("refs/tags/v1 points to \(a.short), not to \(b.short)"))
        #expect(PublishPlanning.refusal(refs, remote: "r").contains("--force"))
    }
}
