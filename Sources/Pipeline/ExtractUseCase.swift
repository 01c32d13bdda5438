import Foundation
import Imports
import Manifest
import Model
import Split

/// `carve extract`: splits components out with their history into a new repository with a
/// generated Package.swift, and rewires the monorepo on a new branch. Everything is planned and
/// built in memory first; `--dry-run` stops there, `--verify` builds both sides in scratch
/// copies, and only then are the new repository and the branch written.
public final class ExtractUseCase {
    private let repository: ExtractRepository
    private let runner: SplitRunner
    private let manifests: ManifestSource
    private let workspace: Workspace
    private let verifier: PackageVerifier

    /// Wires the use case.
    public init(repository: ExtractRepository, runner: SplitRunner, manifests: ManifestSource, workspace: Workspace, verifier: PackageVerifier) {
        self.repository = repository
        self.runner = runner
        self.manifests = manifests
        self.workspace = workspace
        self.verifier = verifier
    }

    /// `carve extract`: plans one package, then (unless it is a dry run) verifies and writes it.
    public func run(_ request: ExtractRequest, progress: SplitProgress? = nil) throws -> ExtractReport {
        try execute(request.options, progress: progress) { planner in
            try planner.plan(
                groups: [GroupRequest(packageName: request.packageName ?? request.newName, components: request.components, renames: request.renames, renameOnly: request.newName)],
                all: false, defaultBranch: { "carve/extract-\($0)" }, output: nil,
                destination: { _ in request.destination }
            )
        }
    }

    /// `carve batch`: plans a package per component (or config group) from one history walk,
    /// in dependency order, the monorepo rewired once; then verifies and writes them.
    public func runBatch(_ request: BatchRequest, progress: SplitProgress? = nil) throws -> ExtractReport {
        var options = request.options
        options.history = options.history.adding(followPaths: request.groups.flatMap { $0.followPaths ?? [] })
        return try execute(options, progress: progress) { planner in
            // A config package of one component named otherwise renames its module.
            var groups = request.groups.map { g in
                GroupRequest(packageName: g.name, components: g.components, renames: g.renames ?? [:], renameOnly: g.components.count == 1 && g.name != g.components[0] && (g.renames ?? [:]).isEmpty ? g.name : nil)
            }
            let grouped = Set(request.groups.flatMap(\.components))
            groups += request.components.filter { !grouped.contains($0) }.map { GroupRequest(components: [$0]) }
            let output = request.output
            return try planner.plan(
                groups: groups, all: request.all, defaultBranch: { _ in "carve/batch" }, output: output,
                destination: { output + "/" + $0 }
            )
        }
    }

    private func execute(_ options: PackagingOptions, progress: SplitProgress?, plan makePlan: (ExtractPlanner) throws -> ExtractPlan) throws -> ExtractReport {
        let (verify, dryRun) = (options.verify, options.dryRun)
        let timer = PhaseTimer()
        let planner = ExtractPlanner(repository: repository, manifests: manifests, workspace: workspace, options: options)
        let plan = try timer.measure("plan") { try makePlan(planner) }
        do {
            var report = try build(plan, history: options.history, dryRun: dryRun, progress: progress, timer: timer)
            let written = try alreadyWritten(plan, report)
            if verify {
                report.verification = try timer.measure("verify") { try self.verify(plan, report) }
                if report.verification!.contains(where: { !$0.succeeded }) {
                    report.seconds = timer.seconds
                    throw ExtractError.verificationFailed(report)
                }
            }
            if dryRun {
                repository.discardWrites()
            } else {
                try timer.measure("write") { try write(plan, report, skipping: written) }
            }
            report.seconds = timer.seconds
            return report
        } catch {
            repository.discardWrites()
            throw error
        }
    }

    // MARK: - Building the two sides in memory

    private func build(_ plan: ExtractPlan, history: HistoryOptions, dryRun: Bool, progress: SplitProgress?, timer: PhaseTimer) throws -> ExtractReport {
        // Every package's folders in one history walk.
        let specs = try plan.packages.map { try SplitSpec(arguments: $0.folders.map(\.argument)) }
        let modes = history.isDefault ? specs.map { _ in HistoryResolution.none } : try timer.measure("follow") { try historyModes(plan, history, specs: specs) }
        let heads: [ObjectID] = try timer.measure("split") {
            let jobs = zip(specs, modes).map { SplitJob(spec: $0, history: $1.history) }
            let results = try runner.split(jobs, tip: plan.tip, revisionName: plan.revision, progress: progress)
            return try zip(plan.packages, results).map { package, result in
                do {
                    return try result.get().head
                } catch {
                    throw ExtractError.splitFailed(package.name, error.localizedDescription)
                }
            }
        }
        return try timer.measure("rewrite") {
            var packages: [ExtractReport.Package] = []
            for ((package, splitHead), mode) in zip(zip(plan.packages, heads), modes) {
                // The new package: the split tree plus Package.swift, .gitignore, and renames;
                // a local package that moves as it is keeps the split head.
                var commit = splitHead
                if package.writesManifest {
                    let splitTree = try repository.tree(of: splitHead)
                    var changes: [String: TreeChange] = [
                        "Package.swift": .entry(try repository.writeBlob(Array(package.manifest.utf8)), mode: 0o100644),
                    ]
                    if package.addsGitignore, try repository.entry(at: ".gitignore", in: splitTree) == nil {
                        changes[".gitignore"] = .entry(try repository.writeBlob(Array(Self.gitignore.utf8)), mode: 0o100644)
                    }
                    for (from, to) in package.folderMoves {
                        guard let entry = try repository.entry(at: from, in: splitTree) else { continue }
                        changes[from] = .remove
                        changes[to] = .entry(entry.id, mode: entry.mode)
                    }
                    var tree = try repository.editTree(splitTree, changes)
                    tree = try rewriteSources(in: tree, targets: package.targets, renames: plan.renames)
                    commit = try repository.writeCommit(tree: tree, parents: [splitHead], message: package.commitMessage, datedLike: plan.tip)
                }
                var built = ExtractReport.Package(
                    name: package.name, destination: package.destination, targets: package.targetNames,
                    split: .init(folders: package.folders.map(\.from), history: try repository.history(of: splitHead)),
                    packageCommit: commit, manifest: package.manifest, dependsOn: package.dependsOn,
                    monorepoTargets: package.monorepoTargets, tag: plan.version
                )
                if !mode.followed.isEmpty { built.split.followed = mode.followed }
                built.manifestWritten = package.writesManifest
                built.localPackage = package.folders.count == 1 && package.folders[0].to.isEmpty
                packages.append(built)
            }

            // The monorepo: folders gone, manifests rewired, sources renamed.
            let tipTree = try repository.tree(of: plan.tip)
            var changes: [String: TreeChange] = [:]
            for folder in plan.removedFolders { changes[folder] = .remove }
            for (path, text) in plan.manifestEdits { changes[path] = .entry(try repository.writeBlob(Array(text.utf8)), mode: 0o100644) }
            var tree = try repository.editTree(tipTree, changes)
            tree = try rewriteSources(in: tree, targets: plan.remainingTargets, renames: plan.renames)
            let commit = try repository.writeCommit(tree: tree, parents: [plan.tip], message: plan.monorepoCommitMessage, datedLike: plan.tip)
            var monorepo = ExtractReport.Monorepo(branch: plan.branch, commit: commit, diff: try repository.diff(from: tipTree, to: tree), dependents: plan.dependents, exposedTargets: plan.exposedTargets, remainingTargets: plan.remainingTargets.map(\.name))
            monorepo.rewiredManifests = plan.manifestEdits.keys.sorted()
            monorepo.files = UnifiedDiff(monorepo.diff).files.map(\.stat)
            return ExtractReport(packages: packages, monorepo: monorepo, warnings: plan.warnings, dryRun: dryRun)
        }
    }

    /// The history modes of each package's split (`--follow`, `--follow-path`, `--readd`).
    private func historyModes(_ plan: ExtractPlan, _ options: HistoryOptions, specs: [SplitSpec]) throws -> [HistoryResolution] {
        guard !options.isDefault else { return specs.map { _ in .none } }
        let named = try HistoryResolution.assign(options.followPaths, to: specs)
        return try specs.indices.map { i in
            var own = options
            own.followPaths = named[i]
            return try HistoryResolution.resolve(own, spec: specs[i], tip: plan.tip, revision: plan.revision, runner: runner, commit: { _ in throw PipelineError.unknownAdoptRef("") })
        }
    }

    /// Renames modules in every Swift file of `targets` (their folders in `tree`).
    private func rewriteSources(in tree: ObjectID, targets: [ExtractPlan.Target], renames: [(old: String, new: String)]) throws -> ObjectID {
        guard !renames.isEmpty else { return tree }
        var changes: [String: TreeChange] = [:]
        for target in targets {
            let files = try repository.files(under: target.folder, in: tree).filter { $0.path.hasSuffix(".swift") }
            let sources = try files.map { String(decoding: try repository.blob($0.id), as: UTF8.self) }
            // Only a file that spells a name can declare it: the others need no parse for this.
            let declared = Set(renames.map(\.old).filter { old in
                sources.contains { $0.contains(old) && ModuleRenamer.declaredNames(in: $0).contains(old) }
            })
            for (file, source) in zip(files, sources) {
                var text = source
                for rename in renames {
                    text = ModuleRenamer(from: rename.old, to: rename.new).rewrite(text, moduleDeclaresOld: declared.contains(rename.old)) ?? text
                }
                if text != source {
                    changes[file.path] = .entry(try repository.writeBlob(Array(text.utf8)), mode: file.mode)
                }
            }
        }
        return changes.isEmpty ? tree : try repository.editTree(tree, changes)
    }

    static let gitignore = """
        .DS_Store
        /.build
        /Packages
        .netrc
        .swiftpm/
        Package.resolved

        """

    // MARK: - Verification and writing

    /// Builds every package (dependencies first) and then the monorepo in scratch copies laid
    /// out like the real folders (so relative `.package(path:)` references resolve), with
    /// mirrors when packages are named by URL. Stops at the first failure.
    private func verify(_ plan: ExtractPlan, _ report: ExtractReport) throws -> [BuildOutcome] {
        let scratch = try workspace.makeScratch("verify")
        defer { workspace.remove(scratch) }
        let root = repository.rootPath
        let destinations = report.packages.map(\.destination)
        func place(_ path: String) -> String {
            ExtractPlanner.scratchPath(path, scratch: scratch, monorepo: root, others: destinations)
        }
        try repository.export(tree: try repository.tree(of: report.monorepo.commit), to: place(root))
        var mirrors: [String: String] = [:]
        for (package, built) in zip(plan.packages, report.packages) {
            try repository.export(tree: try repository.tree(of: built.packageCommit), to: place(package.destination))
            if let url = package.url {
                let mirror = scratch + "/mirror/" + package.name
                try repository.createRepository(at: mirror, head: built.packageCommit, tag: plan.version)
                mirrors[url] = mirror
            }
        }
        var configPath: String?
        if !mirrors.isEmpty {
            configPath = scratch + "/swiftpm-config"
            try verifier.writeMirrors(mirrors, into: configPath!)
        }
        var outcomes: [BuildOutcome] = []
        for package in plan.packages {
            let outcome = verifier.build(label: "package \(package.name)", packageAt: place(package.destination), configPath: configPath, cachePath: scratch + "/swiftpm-cache")
            outcomes.append(outcome)
            if !outcome.succeeded { return outcomes }
        }
        for folder in plan.verifyFolders {
            let label = folder.isEmpty ? "monorepo (branch \(plan.branch))" : "monorepo package \(folder) (branch \(plan.branch))"
            let outcome = verifier.build(label: label, packageAt: place(folder.isEmpty ? root : root + "/" + folder), configPath: configPath, cachePath: scratch + "/swiftpm-cache")
            outcomes.append(outcome)
            if !outcome.succeeded { return outcomes }
        }
        return outcomes
    }

    /// The new repositories are made in a folder beside their destination and renamed into
    /// place last (a batch: all under one folder renamed to `--out`); the branch is written in
    /// one reference transaction just before.
    /// What an earlier run of the same command already wrote (packages by index; the branch),
    /// and a refusal for a destination or branch that holds something else.
    private func alreadyWritten(_ plan: ExtractPlan, _ report: ExtractReport) throws -> (packages: Set<Int>, branch: Bool) {
        var packages = Set<Int>()
        for path in plan.occupied {
            let matching = report.packages.indices.filter { i in
                (plan.output == nil ? report.packages[i].destination == path : true)
                    && repository.mainOfRepository(at: report.packages[i].destination) == report.packages[i].packageCommit
            }
            if plan.output != nil, matching.count != report.packages.count { throw ExtractError.destinationNotEmpty(path) }
            if plan.output == nil, matching.isEmpty { throw ExtractError.destinationNotEmpty(path) }
            packages.formUnion(matching)
        }
        if let existing = plan.existingBranch, existing != report.monorepo.commit {
            throw ExtractError.branchExists(plan.branch)
        }
        return (packages, plan.existingBranch != nil)
    }

    private func write(_ plan: ExtractPlan, _ report: ExtractReport, skipping written: (packages: Set<Int>, branch: Bool)) throws {
        // Beside the destination, under a name of its own: a run killed meanwhile leaves it
        // behind, and the next run removes it first.
        func temporary(for path: String) -> String {
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).carve-tmp").path
        }
        var temporaries: [(from: String, to: String)] = []
        var folders: [Int: String] = [:]
        if let output = plan.output {
            if written.packages.count < report.packages.count {
                temporaries.append((temporary(for: output), output))
                for i in report.packages.indices { folders[i] = temporaries[0].from + "/" + plan.packages[i].name }
            }
        } else {
            for (i, package) in plan.packages.enumerated() where !written.packages.contains(i) {
                temporaries.append((temporary(for: package.destination), package.destination))
                folders[i] = temporaries.last!.from
            }
        }
        for t in temporaries { workspace.remove(t.from) }
        do {
            try repository.createRepositories(report.packages.indices.compactMap { i in
                folders[i].map { NewRepository(path: $0, head: report.packages[i].packageCommit, tag: plan.version) }
            })
            if !written.branch { try repository.commitBranch(ReferenceUpdate(name: "refs/heads/\(plan.branch)", target: report.monorepo.commit, expected: nil, message: "carve: \(plan.packages.map(\.name).joined(separator: ", "))")) }
            for t in temporaries { try workspace.moveIntoPlace(t.from, to: t.to) }
        } catch {
            for t in temporaries { workspace.remove(t.from) }
            throw error
        }
    }
}
