import Foundation

/// A seeded, reproducible random git history for differential tests against `git subtree split`.
///
/// The history is produced as a `git fast-import` stream. It is built to hit the rules of
/// `git subtree split` (process_split_commit, copy_or_skip): commits with and without the folder,
/// a sibling folder whose name the folder prefixes, the folder deleted and re-added, empty commits,
/// 2-parent merges of every shape, octopus and criss-cross merges, extra roots merged in, and the
/// same folder content reached independently on different branches.
///
/// Everything is driven by a private SplitMix64 generator and never iterates a `Dictionary` or
/// `Set` for a decision or for output, so a seed gives the same bytes on every machine.
public struct RandomHistory {
    /// Counts that describe the shape of one generated history (every commit in the stream).
    public struct Stats: Equatable, Sendable {
        /// Commits written.
        public var commits = 0
        /// Commits with exactly two parents.
        public var merges = 0
        /// Commits with three or more parents.
        public var octopusMerges = 0
        /// Pairs of merges that cross (A merges B while B merges A).
        public var crissCrosses = 0
        /// Commits without parents, the first one included.
        public var roots = 0
        /// Commits whose tree equals their first parent's tree.
        public var emptyCommits = 0
        /// Commits whose first parent has the folder and which do not.
        public var folderDeletions = 0
        /// Commits that have the folder while their first parent does not, after the folder
        /// existed somewhere earlier in the history.
        public var folderReadds = 0
        /// Commits that copy another branch's folder content or replay another branch's change.
        public var duplicateContentCommits = 0
        /// Distinct branch refs written.
        public var branches = 0
        /// Whether the final `main` has the folder.
        public var tipHasFolder = false
        /// Whether any commit in the stream has the folder.
        public var folderEverExisted = false
    }

    /// The seed the history was generated from.
    public let seed: UInt64
    /// The folder to split, e.g. "Lib" or "src/Lib".
    public let folder: String
    /// Shape of the generated history.
    public let stats: Stats
    private let stream: Data

    /// Deterministic for a given seed.
    public init(seed: UInt64, commitCount: Int = 40) {
        var generator = HistoryGenerator(seed: seed, commitCount: max(1, commitCount))
        generator.run()
        self.seed = seed
        self.folder = generator.folder
        self.stats = generator.stats
        self.stream = generator.output
    }

    /// A complete `git fast-import` stream (bytes) creating refs/heads/main (and possibly other branches).
    public func fastImportStream() -> Data {
        stream
    }
}

// MARK: - Pseudo-random numbers

extension RandomHistory {
    /// SplitMix64: tiny, fast, and identical on every platform (unlike the system generator).
    public struct SplitMix64 {
        private var state: UInt64

        public init(seed: UInt64) {
            state = seed
        }

        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A number in `0..<n`. The modulo bias is irrelevant here; determinism is what matters.
        public mutating func below(_ n: Int) -> Int {
            precondition(n > 0)
            return Int(next() % UInt64(n))
        }

        /// True with probability `percent`/100.
        public mutating func percent(_ percent: Int) -> Bool {
            below(100) < percent
        }

        public mutating func pick<T>(_ items: [T]) -> T {
            items[below(items.count)]
        }

        /// An index into `weights`, chosen with probability proportional to its weight.
        public mutating func weighted(_ weights: [Int]) -> Int {
            let total = weights.reduce(0) { $0 + max(0, $1) }
            precondition(total > 0)
            var roll = below(total)
            for (index, weight) in weights.enumerated() where weight > 0 {
                if roll < weight { return index }
                roll -= weight
            }
            return weights.count - 1
        }

        /// `count` distinct items of `items`, in a random order (partial Fisher-Yates).
        public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
            var pool = items
            var result: [T] = []
            for _ in 0..<min(count, pool.count) {
                result.append(pool.remove(at: below(pool.count)))
            }
            return result
        }
    }
}

// MARK: - Generator

extension RandomHistory {
    /// One file in a tree: a git mode ("100644", "100755" or "120000") and its bytes (as UTF-8 text).
    fileprivate struct FileEntry: Equatable {
        var mode: String
        var content: String
    }

    /// A whole tree as a flat map from path to file; directories are implicit (git keeps no empty ones).
    fileprivate typealias FileTree = [String: FileEntry]

    fileprivate struct Identity {
        var name: String
        var email: String
        var zone: String
    }

    fileprivate struct Signature {
        var identity: Identity
        var time: Int
        var zone: String
    }

    fileprivate struct CommitNode {
        var parents: [Int]
        var tree: FileTree
        var ancestors: Set<Int>
        var author: Signature
        var message: String
    }

    fileprivate struct Branch {
        var name: String
        var tip: Int?
        /// Set for a branch whose root holds the library at the top level (a history that was later
        /// moved into the folder, as `git subtree add` would).
        var libraryAtRoot = false
    }

    fileprivate struct HistoryGenerator {
        private static let folders = ["Lib", "Lib", "Core", "src/Lib", "Sources/Core", "packages/kit"]
        private static let folderDirectories = ["", "", "", "Sub/", "Sub/", "Sub/Deep/", "Other/"]
        private static let folderFiles = [
            "a.txt", "b.txt", "main.swift", "util.swift", "README.md", "naïve.txt", "my file.txt",
        ]
        private static let contents = ["v1\n", "v2\n", "v3\n", "v4\n", "hello\n", "", "x"]
        private static let unrelatedFiles = [
            "README.md", "Package.swift", ".gitignore", "docs/guide.md", "docs/api/index.md",
            "Tests/AllTests.swift", "café.md", "tools/build.sh",
        ]
        private static let zones = ["+0000", "-0700", "+0530", "+1400", "-1200", "+0100", "-0330"]
        private static let identities = [
            Identity(name: "Alice Example", email: "alice@example.com", zone: "+0000"),
            Identity(name: "Bob", email: "bob@example.org", zone: "-0700"),
            Identity(name: "José Núñez", email: "jose@example.es", zone: "+0100"),
            Identity(name: "Zoë Ångström", email: "zoe@example.se", zone: "+0100"),
            Identity(name: "李雷", email: "li.lei@example.cn", zone: "+0800"),
            Identity(name: "Priya Raman", email: "priya@example.in", zone: "+0530"),
            Identity(name: "Jean-Luc O'Brien", email: "jl@example.ie", zone: "+0000"),
            Identity(name: "Mary Ann van der Berg", email: "mary.ann@example.nl", zone: "+0100"),
            Identity(name: "Kiri Te Rangi", email: "kiri@example.nz", zone: "+1400"),
            Identity(name: "Baker Island Bot", email: "bot@example.net", zone: "-1200"),
            Identity(name: "J. Random Hacker Jr.", email: "jrh@example.com", zone: "-0330"),
            Identity(name: "ci", email: "ci@localhost", zone: "+0000"),
        ]
        private static let subjects = [
            "Add feature", "Fix bug in parser", "Update docs", "Refactor Lib", "WIP", "Bump version",
            "Überarbeitung der Doku", "修复错误", "Tidy up", "Initial import", "Merge work",
            "Revert \"Tidy up\"", "fix: handle edge case", "Work in progress on the thing",
        ]
        private static let bodies = [
            "More detail here.", "Signed-off-by: Alice Example <alice@example.com>",
            "Line one\nLine two", "  indented line", "Ünïcödé body ✓", "Closes #12",
        ]
        private static let branchWords = ["feature", "topic", "fix", "release", "wip", "exp", "hotfix"]

        private var rng: RandomHistory.SplitMix64
        private let commitCount: Int
        let folder: String
        private let wantTipFolder: Bool
        private var nodes: [CommitNode] = []
        private var live: [Branch] = []
        private var branchSerial = 0
        private var snapshots: [FileTree] = []
        private var clock: Int
        private var freshSerial = 0
        private(set) var stats = Stats()
        private(set) var output = Data()

        init(seed: UInt64, commitCount: Int) {
            rng = RandomHistory.SplitMix64(seed: seed ^ 0x5EED_CA4E_0000_0000)
            self.commitCount = commitCount
            folder = rng.pick(Self.folders)
            wantTipFolder = !rng.percent(10)
            clock = 1_300_000_000 + rng.below(300_000_000)
        }

        // MARK: Top level

        mutating func run() {
            live = [Branch(name: "main", tip: nil)]
            stats.branches = 1
            commitRoot(branch: 0, style: rng.percent(70) ? .withFolder : .withoutFolder)
            while nodes.count < commitCount {
                let remaining = commitCount - nodes.count
                if remaining == 1 {
                    finalStep()
                } else {
                    step(remaining: remaining)
                }
            }
            if let tip = live[0].tip {
                stats.tipHasFolder = hasFolder(nodes[tip].tree)
            }
        }

        private mutating func step(remaining: Int) {
            let others = mergeCandidates(into: 0).count
            let weights = [
                40,  // ordinary commit
                live.count < 5 ? 12 : 0,  // new branch
                live.count < 5 ? 4 : 0,  // new root
                others >= 1 ? 22 : 0,  // two-parent merge
                others >= 2 ? 6 : 0,  // octopus
                live.count >= 2 && remaining >= 3 ? 5 : 0,  // criss-cross
            ]
            switch rng.weighted(weights) {
            case 0: ordinaryCommit(branch: pickBranch())
            case 1: newBranch()
            case 2: newRoot()
            case 3: mergeStep(octopus: false)
            case 4: mergeStep(octopus: true)
            default: crissCross()
            }
        }

        /// The last commit lands on main: it merges what is left over (usually) and then makes the
        /// folder present or absent at the tip as decided for this seed.
        private mutating func finalStep() {
            let main = live[0].tip!
            let pending = live.dropFirst().compactMap(\.tip).filter { !nodes[main].ancestors.contains($0) }
            var parents = [main]
            var tree: FileTree
            if !pending.isEmpty && rng.percent(80) {
                parents += Array(pending.prefix(4))
                tree = mergeTree(parents: parents)
            } else {
                tree = mutate(nodes[main].tree)
            }
            if wantTipFolder && !hasFolder(tree) {
                tree = withFolder(tree, part: reAddContent())
            } else if !wantTipFolder && hasFolder(tree) {
                tree = withFolder(tree, part: [:])
            }
            emit(branch: 0, parents: parents, tree: tree)
        }

        // MARK: Steps

        private mutating func pickBranch() -> Int {
            if rng.percent(45) { return 0 }
            return rng.below(live.count)
        }

        private mutating func ordinaryCommit(branch: Int) {
            guard let tip = live[branch].tip else { return }
            if rng.percent(6), let replay = cherryPick(onto: tip, branch: branch) {
                stats.duplicateContentCommits += 1
                emit(branch: branch, parents: [tip], tree: replay.tree, author: replay.author, message: replay.message)
                return
            }
            emit(branch: branch, parents: [tip], tree: mutate(nodes[tip].tree))
        }

        private mutating func newBranch() {
            let start: Int
            if rng.percent(60) {
                start = live[rng.below(live.count)].tip!
            } else {
                start = recentBiased()
            }
            live.append(Branch(name: nextBranchName(), tip: start))
            stats.branches += 1
            ordinaryCommit(branch: live.count - 1)
        }

        private enum RootStyle {
            case withFolder, withoutFolder, libraryAtRoot
        }

        private mutating func newRoot() {
            live.append(Branch(name: nextBranchName(), tip: nil))
            stats.branches += 1
            let style: RootStyle
            switch rng.below(10) {
            case 0..<4: style = .withFolder
            case 4..<7: style = .withoutFolder
            default: style = .libraryAtRoot
            }
            commitRoot(branch: live.count - 1, style: style)
        }

        private mutating func commitRoot(branch: Int, style: RootStyle) {
            var tree: FileTree = [:]
            switch style {
            case .withFolder:
                tree = withFolder(randomUnrelated(), part: reAddContent())
            case .withoutFolder:
                tree = randomUnrelated()
                if rng.percent(50) { tree = applySiblingEdit(tree) }
            case .libraryAtRoot:
                live[branch].libraryAtRoot = true
                tree = rng.percent(50) && !snapshots.isEmpty ? rng.pick(snapshots) : freshFolderContent()
            }
            if tree.isEmpty { tree["README.md"] = FileEntry(mode: "100644", content: "root\n") }
            emit(branch: branch, parents: [], tree: tree)
        }

        private mutating func mergeStep(octopus: Bool) {
            let target = rng.percent(60) ? 0 : rng.below(live.count)
            var candidates = mergeCandidates(into: target)
            guard let tip = live[target].tip, !candidates.isEmpty else { return ordinaryCommit(branch: pickBranch()) }
            var others: [Int]
            if octopus && candidates.count >= 2 {
                others = rng.sample(candidates, count: 2 + rng.below(min(3, candidates.count - 1)))
            } else {
                // Prefer a parent whose folder matches ours, so "same content reached twice" happens.
                let sameFolder = candidates.filter { folderPart(nodes[$0].tree) == folderPart(nodes[tip].tree) }
                if !sameFolder.isEmpty && rng.percent(30) { candidates = sameFolder }
                others = [rng.pick(candidates)]
            }
            let parents = [tip] + others
            emit(branch: target, parents: parents, tree: mergeTree(parents: parents))
            // Retire merged branches now and then, so new ones can start.
            for other in others {
                guard let index = live.firstIndex(where: { $0.tip == other }), index != 0 else { continue }
                if rng.percent(40) { live.remove(at: index) }
            }
        }

        /// Two branches merge each other's old tips: the shape with two merge bases.
        private mutating func crissCross() {
            let pair = rng.sample(Array(live.indices), count: 2)
            guard pair.count == 2, let a = live[pair[0]].tip, let b = live[pair[1]].tip, a != b else {
                return ordinaryCommit(branch: pickBranch())
            }
            stats.crissCrosses += 1
            emit(branch: pair[0], parents: [a, b], tree: mergeTree(parents: [a, b]))
            emit(branch: pair[1], parents: [b, a], tree: mergeTree(parents: [b, a]))
        }

        /// Commits another branch could merge into `target`: other live tips, plus now and then an
        /// old commit (often already an ancestor: a redundant merge of an old branch).
        private mutating func mergeCandidates(into target: Int) -> [Int] {
            guard let tip = live[target].tip else { return [] }
            var result: [Int] = []
            for (index, branch) in live.enumerated() where index != target {
                guard let other = branch.tip, other != tip, !result.contains(other) else { continue }
                // Mostly skip tips that are merged already; a few redundant merges are kept.
                if nodes[tip].ancestors.contains(other) && !rng.percent(15) { continue }
                result.append(other)
            }
            if nodes.count > 2 && (result.isEmpty || rng.percent(15)) {
                let old = recentBiased()
                if old != tip && !result.contains(old) { result.append(old) }
            }
            return result
        }

        private mutating func recentBiased() -> Int {
            let count = nodes.count
            return rng.percent(50) ? max(0, count - 1 - rng.below(min(count, 6))) : rng.below(count)
        }

        private mutating func nextBranchName() -> String {
            branchSerial += 1
            return "\(rng.pick(Self.branchWords))-\(branchSerial)"
        }

        // MARK: Trees

        private func hasFolder(_ tree: FileTree) -> Bool {
            let prefix = folder + "/"
            return tree.keys.contains { $0.hasPrefix(prefix) }
        }

        private func folderPart(_ tree: FileTree) -> FileTree {
            let prefix = folder + "/"
            var part: FileTree = [:]
            for (path, entry) in tree where path.hasPrefix(prefix) {
                part[String(path.dropFirst(prefix.count))] = entry
            }
            return part
        }

        private func withFolder(_ tree: FileTree, part: FileTree) -> FileTree {
            let prefix = folder + "/"
            var result = tree.filter { !$0.key.hasPrefix(prefix) }
            for (path, entry) in part {
                result[prefix + path] = entry
            }
            return result
        }

        /// Paths whose names look like the folder's: `LibKit` and `Lib-extra` beside `Lib`, a file
        /// `Lib.txt`, a shorter `Li/`, and a folder of the same name at another depth.
        private var siblingPaths: [String] {
            let parts = folder.split(separator: "/").map(String.init)
            let name = parts.last!
            let parent = parts.dropLast().map { $0 + "/" }.joined()
            var paths = [
                parent + name + "Kit/a.txt", parent + name + "Kit/Sub/b.txt", parent + name + "-extra/x.txt",
                parent + name + ".txt", parent + String(name.dropLast()) + "/c.txt", "other/" + name + "/z.txt",
            ]
            if !parent.isEmpty {
                paths += [name + "/stray.txt", parent + "main.c"]
            }
            return paths
        }

        private mutating func randomContent() -> String {
            if rng.percent(10) {
                freshSerial += 1
                return "unique \(freshSerial)\n"
            }
            return rng.pick(Self.contents)
        }

        private mutating func randomFolderFile() -> (String, FileEntry) {
            if rng.percent(3) {
                return ("link", FileEntry(mode: "120000", content: rng.pick(["a.txt", "Sub/b.txt", "../README.md"])))
            }
            let path = rng.pick(Self.folderDirectories) + rng.pick(Self.folderFiles)
            let mode = rng.percent(8) ? "100755" : "100644"
            return (path, FileEntry(mode: mode, content: randomContent()))
        }

        private mutating func freshFolderContent() -> FileTree {
            var part: FileTree = [:]
            for _ in 0..<(1 + rng.below(4)) {
                let (path, entry) = randomFolderFile()
                part[path] = entry
            }
            return part
        }

        /// Content for a folder that comes back: an earlier snapshot (same content) or new content.
        private mutating func reAddContent() -> FileTree {
            if !snapshots.isEmpty && rng.percent(50) {
                return rng.pick(snapshots)
            }
            return freshFolderContent()
        }

        private mutating func randomUnrelated() -> FileTree {
            var tree: FileTree = [:]
            for path in rng.sample(Self.unrelatedFiles, count: 1 + rng.below(3)) {
                tree[path] = FileEntry(mode: path.hasSuffix(".sh") ? "100755" : "100644", content: randomContent())
            }
            return tree
        }

        private mutating func applySiblingEdit(_ tree: FileTree) -> FileTree {
            var tree = tree
            let path = rng.pick(siblingPaths)
            if tree[path] != nil && rng.percent(30) {
                tree[path] = nil
            } else {
                tree[path] = FileEntry(mode: "100644", content: randomContent())
            }
            return tree
        }

        private mutating func applyFolderEdit(_ tree: FileTree) -> FileTree {
            var part = folderPart(tree)
            let existing = part.keys.sorted()
            if !existing.isEmpty && rng.percent(25) {
                part[rng.pick(existing)] = nil
            } else if !existing.isEmpty && rng.percent(40) {
                let path = rng.pick(existing)
                if part[path]!.mode != "120000" {
                    part[path] = FileEntry(mode: rng.percent(8) ? "100755" : "100644", content: randomContent())
                }
            } else {
                let (path, entry) = randomFolderFile()
                part[path] = entry
            }
            return withFolder(tree, part: part)
        }

        private mutating func applyUnrelatedEdit(_ tree: FileTree) -> FileTree {
            var tree = tree
            let path = rng.pick(Self.unrelatedFiles)
            if tree[path] != nil && rng.percent(25) {
                tree[path] = nil
            } else {
                tree[path] = FileEntry(mode: path.hasSuffix(".sh") ? "100755" : "100644", content: randomContent())
            }
            return tree
        }

        /// The tree of an ordinary (single-parent) commit.
        private mutating func mutate(_ tree: FileTree) -> FileTree {
            let present = hasFolder(tree)
            let roll = rng.below(100)
            switch roll {
            case 0..<7:
                return tree  // empty commit
            case 7..<14 where present:
                return withFolder(tree, part: [:])
            case 7..<22 where !present:
                return withFolder(tree, part: reAddContent())
            case 14..<22 where !snapshots.isEmpty:
                return withFolder(tree, part: rng.pick(snapshots))  // revert to an older content
            case 22..<28:
                // Copy another branch's folder content: the same subtree reached independently.
                let tips = live.compactMap(\.tip)
                if let source = tips.isEmpty ? nil : rng.pick(tips), hasFolder(nodes[source].tree) {
                    stats.duplicateContentCommits += 1
                    return withFolder(tree, part: folderPart(nodes[source].tree))
                }
                return applyFolderEdit(tree)
            default:
                break
            }
            var result = tree
            for _ in 0..<(1 + rng.below(3)) {
                switch rng.below(100) {
                case 0..<55: result = applyFolderEdit(result)
                case 55..<80: result = applySiblingEdit(result)
                default: result = applyUnrelatedEdit(result)
                }
            }
            if result.isEmpty { result["README.md"] = FileEntry(mode: "100644", content: "keep\n") }
            return result
        }

        /// Any tree is a valid merge result; pick one deterministically from a few recipes.
        private mutating func mergeTree(parents: [Int]) -> FileTree {
            let trees = parents.map { nodes[$0].tree }
            let others = Array(parents.dropFirst())
            // A branch that holds the library at its top level lands inside the folder.
            if let lib = others.first(where: { isLibraryAtRoot($0) }), rng.percent(70) {
                return withFolder(trees[0], part: nodes[lib].tree)
            }
            var tree: FileTree
            switch rng.below(100) {
            case 0..<20:
                tree = trees[0]
            case 20..<35:
                tree = rng.pick(Array(trees.dropFirst()))
            case 35..<60:
                tree = [:]
                for parentTree in trees.reversed() { tree.merge(parentTree) { _, new in new } }
            case 60..<75:
                tree = [:]
                for parentTree in trees { tree.merge(parentTree) { _, new in new } }
            case 75..<90:
                tree = withFolder(trees[0], part: folderPart(rng.pick(Array(trees.dropFirst()))))
            default:
                var part: FileTree = [:]
                for parentTree in trees.reversed() { part.merge(folderPart(parentTree)) { _, new in new } }
                tree = withFolder(trees[0], part: part)
            }
            if rng.percent(15) {
                tree = rng.percent(60) ? applyFolderEdit(tree) : applyUnrelatedEdit(tree)  // an "evil" merge
            } else if rng.percent(3) {
                tree = withFolder(tree, part: [:])
            }
            if tree.isEmpty { tree["README.md"] = FileEntry(mode: "100644", content: "keep\n") }
            return tree
        }

        private func isLibraryAtRoot(_ mark: Int) -> Bool {
            live.contains { $0.libraryAtRoot && $0.tip == mark } && !hasFolder(nodes[mark].tree)
        }

        /// Replays the change of another branch's last ordinary commit onto `tip`, keeping its author
        /// and message: a cherry-pick, so the same content lands on two branches.
        private mutating func cherryPick(
            onto tip: Int, branch: Int
        ) -> (tree: FileTree, author: Signature, message: String)? {
            let sources = live.enumerated().compactMap { index, other -> Int? in
                guard index != branch, let mark = other.tip, nodes[mark].parents.count == 1 else { return nil }
                return mark
            }
            guard !sources.isEmpty else { return nil }
            let source = rng.pick(sources)
            let before = nodes[nodes[source].parents[0]].tree
            let after = nodes[source].tree
            var tree = nodes[tip].tree
            for path in before.keys.sorted() where after[path] == nil {
                tree[path] = nil
            }
            for path in after.keys.sorted() where after[path] != before[path] {
                tree[path] = after[path]
            }
            if tree.isEmpty { return nil }
            return (tree, nodes[source].author, nodes[source].message)
        }

        // MARK: Identities, dates, messages

        private mutating func signature(at time: Int) -> Signature {
            let identity = rng.pick(Self.identities)
            let zone = rng.percent(70) ? identity.zone : rng.pick(Self.zones)
            return Signature(identity: identity, time: time, zone: zone)
        }

        private mutating func nextCommitterTime() -> Int {
            clock += 60 + rng.below(3 * 86_400)
            if rng.percent(8) {
                return clock - rng.below(30 * 86_400)  // a clock that was wrong
            }
            return clock
        }

        private mutating func randomMessage() -> String {
            let subject = rng.pick(Self.subjects)
            switch rng.below(100) {
            case 0..<45: return subject + "\n"
            case 45..<65: return subject + "\n\n" + rng.pick(Self.bodies) + "\n"
            case 65..<77: return subject  // no trailing newline
            case 77..<85: return subject + "\n\n" + rng.pick(Self.bodies)
            case 85..<90: return subject + "\n\n\n"
            case 90..<94: return "\n" + subject + "\n"
            case 94..<97: return subject + "  \n"
            case 97..<98: return ""
            default: return subject + "\n" + rng.pick(Self.bodies) + "\n"  // no blank line after subject
            }
        }

        // MARK: Output

        private mutating func emit(
            branch: Int, parents: [Int], tree: FileTree, author: Signature? = nil, message: String? = nil
        ) {
            let mark = nodes.count + 1
            let committerTime = nextCommitterTime()
            let committer = signature(at: committerTime)
            var authorSignature: Signature
            if let author {
                authorSignature = author
            } else if rng.percent(60) {
                authorSignature = committer
            } else {
                authorSignature = signature(at: max(0, committerTime - rng.below(5 * 86_400)))
            }
            if rng.percent(5) { authorSignature.time = committerTime + rng.below(86_400) }  // author in the future
            let text = message ?? randomMessage()

            var ancestors: Set<Int> = [mark - 1]
            for parent in parents { ancestors.formUnion(nodes[parent].ancestors) }
            let firstTree = parents.first.map { nodes[$0].tree }
            updateStats(parents: parents, tree: tree, firstTree: firstTree)

            var out = ""
            if parents.isEmpty {
                out += "reset refs/heads/\(live[branch].name)\n\n"
            }
            out += "commit refs/heads/\(live[branch].name)\n"
            out += "mark :\(mark)\n"
            out += "author \(line(authorSignature))\n"
            out += "committer \(line(committer))\n"
            out += dataBlock(text)
            if let first = parents.first {
                out += "from :\(first + 1)\n"
            }
            for other in parents.dropFirst() {
                out += "merge :\(other + 1)\n"
            }
            out += fileCommands(old: firstTree, new: tree, isMerge: parents.count > 1)
            out += "\n"
            output.append(contentsOf: Array(out.utf8))

            nodes.append(
                CommitNode(parents: parents, tree: tree, ancestors: ancestors, author: authorSignature, message: text))
            live[branch].tip = mark - 1
            let part = folderPart(tree)
            if !part.isEmpty && !snapshots.contains(part) { snapshots.append(part) }
        }

        private mutating func updateStats(parents: [Int], tree: FileTree, firstTree: FileTree?) {
            stats.commits += 1
            switch parents.count {
            case 0: stats.roots += 1
            case 1: break
            case 2: stats.merges += 1
            default: stats.octopusMerges += 1
            }
            let present = hasFolder(tree)
            if let firstTree {
                if firstTree == tree { stats.emptyCommits += 1 }
                let before = hasFolder(firstTree)
                if before && !present { stats.folderDeletions += 1 }
                if !before && present && stats.folderEverExisted { stats.folderReadds += 1 }
            }
            if present { stats.folderEverExisted = true }
        }

        private func line(_ signature: Signature) -> String {
            "\(signature.identity.name) <\(signature.identity.email)> \(signature.time) \(signature.zone)"
        }

        private func dataBlock(_ text: String) -> String {
            "data \(text.utf8.count)\n\(text)\n"
        }

        /// Commands turning `old` into `new`. Merges (and a few ordinary commits) restate the whole
        /// tree after `deleteall`, so the result is exactly the tree decided here.
        private mutating func fileCommands(old: FileTree?, new: FileTree, isMerge: Bool) -> String {
            var out = ""
            func write(_ path: String, _ entry: FileEntry) {
                out += "M \(entry.mode) inline \(path)\n" + dataBlock(entry.content)
            }
            guard let old, !isMerge, !rng.percent(10) else {
                if old != nil { out += "deleteall\n" }
                for path in new.keys.sorted() { write(path, new[path]!) }
                return out
            }
            if hasFolder(old) && !hasFolder(new) {
                out += "D \(folder)\n"
            }
            let prefix = folder + "/"
            for path in old.keys.sorted() where new[path] == nil {
                if path.hasPrefix(prefix) && !hasFolder(new) { continue }
                out += "D \(path)\n"
            }
            for path in new.keys.sorted() where new[path] != old[path] {
                write(path, new[path]!)
            }
            return out
        }
    }
}
