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

    /// Plans the extraction, then (unless it is a dry run) verifies and writes it.
    public func run(_ request: ExtractRequest, progress: SplitProgress? = nil) throws -> ExtractReport {
        let timer = PhaseTimer()
        let plan = try timer.measure("plan") { try ExtractPlanner(request: request, repository: repository, manifests: manifests, workspace: workspace).plan() }
        do {
            var report = try build(plan, progress: progress, timer: timer)
            if request.verify {
                report.verification = try timer.measure("verify") { try verify(plan, report) }
                if report.verification!.contains(where: { !$0.succeeded }) {
                    report.seconds = timer.seconds
                    throw ExtractError.verificationFailed(report)
                }
            }
            if request.dryRun {
                repository.discardWrites()
            } else {
                try timer.measure("write") { try write(plan, report) }
            }
            report.seconds = timer.seconds
            return report
        } catch {
            repository.discardWrites()
            throw error
        }
    }

    // MARK: - Building the two sides in memory

    private func build(_ plan: ExtractPlan, progress: SplitProgress?, timer: PhaseTimer) throws -> ExtractReport {
        let spec = try SplitSpec(arguments: plan.folders.map { "\($0):\($0)" })
        let (splitHead, split) = try timer.measure("split") {
            guard let result = try runner.split([SplitJob(spec: spec)], tip: plan.tip, revisionName: plan.request.revision, progress: progress).first else {
                throw ExtractError.nothingToSplit(plan.folders)
            }
            let head = try result.get().head
            return (head, ExtractReport.Split(folders: plan.folders, history: try repository.history(of: head)))
        }
        return try timer.measure("rewrite") {
            // The new package: the split tree plus Package.swift, .gitignore, and renames.
            let splitTree = try repository.tree(of: splitHead)
            var packageChanges: [String: TreeChange] = [
                "Package.swift": .entry(try repository.writeBlob(Array(plan.generated.text.utf8)), mode: 0o100644),
            ]
            if try repository.entry(at: ".gitignore", in: splitTree) == nil {
                packageChanges[".gitignore"] = .entry(try repository.writeBlob(Array(Self.gitignore.utf8)), mode: 0o100644)
            }
            var packageTree = try repository.editTree(splitTree, packageChanges)
            if let renamer = plan.renamer {
                var moves: [String: TreeChange] = [:]
                for (from, to) in plan.folderMoves {
                    guard let entry = try repository.entry(at: from, in: packageTree) else { continue }
                    moves[from] = .remove
                    moves[to] = .entry(entry.id, mode: entry.mode)
                }
                packageTree = try repository.editTree(packageTree, moves)
                let movedTargets = plan.movedTargets.map { (folder: plan.folderMoves[$0.folder] ?? $0.folder, name: $0.name) }
                packageTree = try rewriteSources(in: packageTree, targets: movedTargets, renamer: renamer, old: plan.oldName)
            }
            let packageCommit = try repository.writeCommit(tree: packageTree, parents: [splitHead], message: plan.packageCommitMessage)

            // The monorepo: folders gone, Package.swift rewired, sources renamed.
            let tipTree = try repository.tree(of: plan.tip)
            var monoChanges: [String: TreeChange] = ["Package.swift": .entry(try repository.writeBlob(Array(plan.rewiredManifest.utf8)), mode: 0o100644)]
            for folder in plan.folders { monoChanges[folder] = .remove }
            var monoTree = try repository.editTree(tipTree, monoChanges)
            if let renamer = plan.renamer {
                monoTree = try rewriteSources(in: monoTree, targets: plan.remainingTargets.map { ($0.folder, $0.name) }, renamer: renamer, old: plan.oldName)
            }
            let monoCommit = try repository.writeCommit(tree: monoTree, parents: [plan.tip], message: plan.monorepoCommitMessage)

            return ExtractReport(
                name: plan.name,
                destination: plan.request.destination,
                targets: plan.targetNames,
                split: split,
                packageCommit: packageCommit,
                manifest: plan.generated.text,
                monorepo: .init(branch: plan.branch, commit: monoCommit, diff: try repository.diff(from: tipTree, to: monoTree), dependents: plan.dependents, exposedTargets: plan.generated.monorepoTargets),
                tag: plan.request.version,
                warnings: plan.warnings,
                dryRun: plan.request.dryRun
            )
        }
    }

    /// Renames the module in every Swift file of `targets` (folder, module name) of a tree.
    private func rewriteSources(in tree: ObjectID, targets: [(folder: String, name: String)], renamer: ModuleRenamer, old: String) throws -> ObjectID {
        var changes: [String: TreeChange] = [:]
        for target in targets {
            let files = try repository.files(under: target.folder, in: tree).filter { $0.path.hasSuffix(".swift") }
            let sources = try files.map { String(decoding: try repository.blob($0.id), as: UTF8.self) }
            let declares = sources.contains { ModuleRenamer.declaredNames(in: $0).contains(old) }
            for (file, source) in zip(files, sources) {
                guard let rewritten = renamer.rewrite(source, moduleDeclaresOld: declares) else { continue }
                changes[file.path] = .entry(try repository.writeBlob(Array(rewritten.utf8)), mode: file.mode)
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

    /// Builds both sides in scratch copies laid out like the real folders (so relative
    /// `.package(path:)` references resolve), with mirrors when packages are named by URL.
    private func verify(_ plan: ExtractPlan, _ report: ExtractReport) throws -> [BuildOutcome] {
        let scratch = try workspace.makeScratch("verify")
        defer { workspace.remove(scratch) }
        let (monoPath, packagePath) = ExtractPlanner.scratchLayout(root: scratch, monorepo: repository.rootPath, destination: plan.request.destination)
        try repository.export(tree: try repository.tree(of: report.monorepo.commit), to: monoPath)
        try repository.export(tree: try repository.tree(of: report.packageCommit), to: packagePath)
        var configPath: String?
        if let url = plan.packageURL {
            let mirror = scratch + "/mirror/" + plan.name
            try repository.createRepository(at: mirror, head: report.packageCommit, tag: plan.request.version)
            configPath = scratch + "/swiftpm-config"
            try verifier.writeMirrors([url: mirror], into: configPath!)
        }
        var outcomes = [verifier.build(label: "extracted package \(plan.name)", packageAt: packagePath, configPath: configPath)]
        if outcomes[0].succeeded {
            outcomes.append(verifier.build(label: "monorepo (branch \(plan.branch))", packageAt: monoPath, configPath: configPath))
        }
        return outcomes
    }

    /// The new repository is made in a folder beside the destination and renamed into place
    /// last; the branch is written in one reference transaction just before.
    private func write(_ plan: ExtractPlan, _ report: ExtractReport) throws {
        let destination = plan.request.destination
        let parent = (destination as NSString).deletingLastPathComponent
        let temporary = parent + "/.carve-extract-\(plan.name)-\(getpid())"
        workspace.remove(temporary)
        do {
            try repository.createRepository(at: temporary, head: report.packageCommit, tag: plan.request.version)
            try repository.commitWrites([ReferenceUpdateRequest(name: "refs/heads/\(plan.branch)", target: report.monorepo.commit, expected: nil, message: "carve extract \(plan.name)")], cacheUpdates: [])
            try workspace.moveIntoPlace(temporary, to: destination)
        } catch {
            workspace.remove(temporary)
            throw error
        }
    }
}
