import Foundation
import Imports
import Manifest
import Model

/// The files `carve check` reads: a working tree or a revision.
public protocol CheckSource: AnyObject {
    /// The repository's root folder (absolute).
    var root: String { get }
    /// The revision read, or nil for the working tree.
    var revision: String? { get }
    /// Every Swift file (Package.swift included), relative to the root, outside hidden folders,
    /// build products and checkouts.
    func swiftFiles() throws -> [String]
    /// The text of the file at `path` (relative to the root).
    func text(_ path: String) throws -> String
}

/// `carve check`: reads every package of the repository (as SwiftPM does) and the sources of
/// every target, and reports what would stop a component from being split out (`CheckRules`).
public final class CheckUseCase {
    private let source: CheckSource
    private let manifests: ManifestSource

    /// Wires the use case to the files it reads and a manifest source.
    public init(source: CheckSource, manifests: ManifestSource) {
        self.source = source
        self.manifests = manifests
    }

    /// Checks the repository; the report's findings are those the config and the baseline let
    /// through.
    public func run(_ request: CheckRequest) throws -> CheckReport {
        let timer = PhaseTimer()
        let files = try timer.measure("read") { try source.swiftFiles() }.filter { !request.config.excludes($0) && !PlanningInputs.isIgnored($0) }.sorted()
        let manifestFiles = try files.filter { ($0 as NSString).lastPathComponent == "Package.swift" }.map {
            ManifestFile(folder: ($0 as NSString).deletingLastPathComponent, text: try source.text($0))
        }
        guard !manifestFiles.isEmpty else { throw GraphError.noPackage(source.root) }
        let rootName = (source.root as NSString).lastPathComponent
        // A working tree's packages are evaluated where they are (SwiftPM's manifest cache then
        // answers the ones it has seen); a revision's in a scratch tree laid out like it.
        let evaluated = try timer.measure("evaluate manifests") {
            source.revision == nil
                ? EvaluatedManifests(tree: source.root, dumps: try manifests.dumpPackages(atFolders: manifestFiles.map { $0.folder.isEmpty ? source.root : source.root + "/" + $0.folder }))
                : try manifestFiles.dumpPackages(using: manifests, rootName: rootName)
        }
        let graph = try LocalPackages.graph(folders: manifestFiles.map(\.folder), dumps: evaluated.dumps, evaluatedUnder: evaluated.tree, rootIdentity: rootName)
        var sources: [String: PlanningInputs.PackageSource] = [:]
        for (manifest, dump) in zip(manifestFiles, evaluated.dumps) {
            sources[manifest.folder] = .init(package: graph.package(at: manifest.folder)!, manifest: manifest.text, dump: dump)
        }
        let inputs = PlanningInputs(root: source.root, tip: .zero, repository: graph, sources: sources, xcodeFiles: [])
        var scope = graph.packages.map(\.folder)
        if let folder = ExtractPlanner.normalizedFolder(request.package, root: source.root) {
            guard graph.package(at: folder) != nil else { throw ExtractError.unknownPackage(folder, scope.map { $0.isEmpty ? "." : $0 }) }
            scope = [folder]
        }

        let packageFolders = graph.packages.map(\.folder)
        var modules: [String: [String: [ModuleSources.File]]] = [:]
        for folder in scope {
            let package = graph.package(at: folder)!
            var byTarget: [String: [ModuleSources.File]] = [:]
            for path in files {
                guard let target = CheckRules.owner(of: path, in: package, packageFolders: packageFolders) else { continue }
                byTarget[target, default: []].append(.init(path: path, text: try source.text(path)))
            }
            modules[folder] = byTarget
        }

        let rules = CheckRules(inputs: inputs, scope: scope, sources: modules)
        var findings = rules.all(timer: timer)
        let before = findings.count
        findings.removeAll { request.config.disables($0.rule, for: $0.component) }
        let disabled = before - findings.count
        var baselined = 0
        if let baseline = request.baseline {
            var known: [String: Int] = [:]
            for f in baseline.findings { known[f.baselineKey, default: 0] += 1 }
            findings.removeAll { f in
                guard let n = known[f.baselineKey], n > 0 else { return false }
                known[f.baselineKey] = n - 1
                baselined += 1
                return true
            }
        }
        let components = scope.reduce(0) { $0 + graph.package(at: $1)!.graph.components.filter { $0.kind != "test" }.count + ($1.isEmpty ? 0 : 1) }
        var report = CheckReport(revision: source.revision, packages: scope, components: components, findings: findings, baselined: baselined, disabled: disabled)
        report.seconds = timer.seconds
        return report
    }
}
