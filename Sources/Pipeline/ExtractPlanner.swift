import Foundation
import Imports
import Manifest
import Model

/// Works out an `ExtractPlan` from the request: gathers every input once (the revision, every
/// package of the repository as SwiftPM reads it), resolves the components, then plans targets
/// of one package (`TargetPlanning`) or whole local packages (`PackagePlanning`). Every manifest
/// it writes is evaluated by SwiftPM and compared with the plan before anything is written.
struct ExtractPlanner {
    var repository: ExtractRepository
    var manifests: ManifestSource
    var workspace: Workspace
    var options: PackagingOptions

    /// Plans `groups`; `destination(name)` says where each package goes.
    func plan(groups requested: [GroupRequest], all: Bool, defaultBranch: @escaping (String) -> String, output: String?, destination: @escaping (String) -> String) throws -> ExtractPlan {
        try checkOptions(requested)
        let inputs = try gatherInputs()
        let selection = try ComponentSelection.resolve(requested.map(\.components), all: all, scope: Self.normalizedFolder(options.package, root: inputs.root), in: inputs.repository)
        let frame = PlanFrame(inputs: inputs, output: output, destination: destination, defaultBranch: defaultBranch)
        switch selection {
        case .targets(let folder, let names):
            return try planTargets(TargetPlanning(source: inputs.sources[folder]!, inputs: inputs, options: options), requested, names: names, all: all, frame: frame)
        case .packages(let groups):
            return try planPackages(PackagePlanning(inputs: inputs, options: options), requested, folders: groups, frame: frame)
        }
    }

    /// What every plan shares: the inputs and where things go.
    struct PlanFrame {
        var inputs: PlanningInputs
        var output: String?
        var destination: (String) -> String
        var defaultBranch: (String) -> String
    }

    private func checkOptions(_ requested: [GroupRequest]) throws {
        if let template = options.urlTemplate {
            guard template.contains("{name}") else { throw ExtractError.urlTemplateWithoutName(template) }
            guard options.version != nil else { throw ExtractError.urlTemplateNeedsVersion }
        }
        if let version = options.version, !Self.isSemanticVersion(version) { throw ExtractError.invalidVersion(version) }
        for group in requested {
            for name in [group.renameOnly].compactMap({ $0 }) + Array(group.renames.values) where !Self.isValidModuleName(name) {
                throw ExtractError.invalidModuleName(name)
            }
        }
    }

    /// Destinations outside the repository; the taken ones (refused later unless they hold
    /// exactly this result).
    func checkDestinations(_ destinations: [String], output: String?, root: String) throws -> [String] {
        for d in destinations + [output].compactMap({ $0 }) where d == root || d.hasPrefix(root + "/") || root.hasPrefix(d + "/") {
            throw ExtractError.destinationInsideRepository(d, root)
        }
        return (output.map { [$0] } ?? destinations).filter { !workspace.isMissingOrEmpty($0) }
    }

    /// The branch and where it points now.
    func branch(_ name: String) throws -> (name: String, existing: ObjectID?) {
        let ref = try repository.branchReference(name)
        return (name, try repository.referenceTarget(ref))
    }

    // MARK: - Targets of one package

    /// What a targets plan is before the checks that need more than data: the packages, their
    /// manifests, and the rewired manifest of the package they leave.
    struct TargetDraft {
        var assignment: TargetPlanning.Assignment
        var naming: TargetPlanning.Naming
        var order: [Int]
        var locations: PackageLocations
        var packages: [ExtractPlan.Package] = []
        var generations: [PackageGeneration] = []
        var warnings: [PlanWarning] = []
        var exposed: [String] = []
        var rewiring: MonorepoRewiring? = nil
        var rewired = ""
    }

    /// Every step of a targets plan that is computed from data alone (no repository, no
    /// SwiftPM): `carve check` runs it for each component.
    static func draftTargets(_ t: TargetPlanning, _ requested: [GroupRequest], names: [[String]], all: Bool, destination: (String) -> String) throws -> TargetDraft {
        var a = try t.assign(requested, names: names, all: all)
        try t.checkBlocked(a)
        t.assignTests(&a)
        let naming = try t.name(a)
        let (order, uses) = try t.order(a, names: naming.packageNames)
        let locations = PackageLocations(names: naming.packageNames, destinations: naming.packageNames.map(destination), urlTemplate: t.options.urlTemplate, version: t.options.version)
        var d = TargetDraft(assignment: a, naming: naming, order: order, locations: locations)
        var anyCycle = false
        let used = t.usedByMonorepo(a)
        for i in order {
            let made = try t.newPackage(i, a, naming, locations, uses: uses[i], usedByMonorepo: used)
            d.packages.append(made.package)
            d.generations.append(made.generation)
            d.warnings += made.warnings
            d.exposed += made.package.monorepoTargets.filter { !d.exposed.contains($0) }
            anyCycle = anyCycle || made.cycle
        }
        let (rewiring, nothingLeft) = t.rewiring(a, naming, locations, exposed: d.exposed, raiseToolsVersion: anyCycle)
        if nothingLeft { d.warnings.append(.nothingLeft(packages: naming.packageNames)) }
        d.rewiring = rewiring
        d.rewired = try ManifestRewriter.rewire(t.source.manifest, rewiring)
        return d
    }

    private func planTargets(_ t: TargetPlanning, _ requested: [GroupRequest], names: [[String]], all: Bool, frame: PlanFrame) throws -> ExtractPlan {
        let inputs = frame.inputs
        let package = t.source.package
        let draft = try Self.draftTargets(t, requested, names: names, all: all, destination: frame.destination)
        let (a, naming, order, locations, packages, exposed, rewired) = (draft.assignment, draft.naming, draft.order, draft.locations, draft.packages, draft.exposed, draft.rewired)
        var warnings = draft.warnings
        let occupied = try checkDestinations(naming.packageNames.map(frame.destination), output: frame.output, root: inputs.root)
        try checkPackageAccess(t, moved: a.moved)
        try checkManifests(rewired: [RewiredManifest(folder: package.folder, source: t.source, text: rewired, rewiring: draft.rewiring!)], generated: zip(packages, draft.generations).map { ($0.manifest, $1, t.source.dump) })
        warnings += t.productUsersWarning(a)

        let remaining = t.graph.components.filter { a.owner[$0.name] == nil }
        let dependents = remaining.filter { !Set($0.dependencies).isDisjoint(with: a.moved) }.map(\.name)
        let (branchName, existing) = try branch(options.branch ?? frame.defaultBranch(naming.packageNames[0]))
        let movedList = t.graph.components.filter { a.moved.contains($0.name) && $0.kind != "test" }.map(\.name).joined(separator: ", ")
        let count = a.groups.count
        return ExtractPlan(
            tip: inputs.tip,
            revision: options.revision,
            packages: packages,
            renames: naming.renames,
            manifestEdits: [package.repositoryPath("Package.swift"): rewired],
            removedFolders: packages.flatMap(\.folders).map(\.from),
            remainingTargets: remaining.map { .init(name: $0.name, folder: package.repositoryPath($0.folder)) },
            verifyFolders: [package.folder],
            branch: branchName,
            dependents: dependents,
            exposedTargets: exposed,
            warnings: warnings,
            monorepoCommitMessage: "Extract \(movedList) into \(count == 1 ? "the package \(naming.packageNames[0])" : "\(count) packages")\n\nNow at \(locations.describe(order, from: inputs.root)); \(dependents.isEmpty ? "no target here used them" : "\(dependents.joined(separator: ", ")) use their products").\n",
            version: options.version,
            output: frame.output,
            occupied: occupied,
            existingBranch: existing
        )
    }

    /// Refuses `package` declarations used across the cut (they stop resolving once the
    /// modules are in different packages), naming each declaration and one use.
    private func checkPackageAccess(_ t: TargetPlanning, moved: Set<String>) throws {
        let tree = try repository.tree(of: t.inputs.tip)
        func sources(_ components: [PackageGraph.Component]) throws -> [ModuleSources] {
            try components.map { c in
                let files = try repository.files(under: t.source.package.repositoryPath(c.folder), in: tree).filter { $0.path.hasSuffix(".swift") }
                return ModuleSources(module: c.name, files: try files.map { .init(path: $0.path, text: String(decoding: try repository.blob($0.id), as: UTF8.self)) })
            }
        }
        let movedSources = try sources(t.graph.components.filter { moved.contains($0.name) })
        let stayingSources = try sources(t.graph.components.filter { !moved.contains($0.name) })
        let findings = PackageAccessScanner.findings(moved: movedSources, staying: stayingSources)
        if !findings.isEmpty { throw ExtractError.packageAccess(findings) }
    }

    /// Evaluates every manifest the plan writes with SwiftPM (all at once) and compares what
    /// SwiftPM reads with the plan; a difference refuses the plan.
    func checkManifests(rewired: [RewiredManifest], generated: [(text: String, generation: PackageGeneration, monorepo: Data)]) throws {
        let files = rewired.map { ManifestFile(folder: $0.folder, text: $0.text) } + generated.enumerated().map { ManifestFile(folder: ".carve-generated/\($0.offset)", text: $0.element.text) }
        let dumps = try files.dumpPackages(using: manifests, rootName: (repository.rootPath as NSString).lastPathComponent).dumps
        do {
            for (r, dump) in zip(rewired, dumps) {
                try ManifestCheck.checkRewired(original: r.source.dump, edited: dump, editedText: r.text, rewiring: r.rewiring)
            }
            for (g, dump) in zip(generated, dumps.dropFirst(rewired.count)) {
                try ManifestCheck.checkGenerated(monorepo: g.monorepo, generated: dump, generation: g.generation)
            }
        } catch {
            throw ExtractError.manifestMismatch(error.localizedDescription)
        }
    }

    /// `--package` as a folder relative to the repository ("" for the root); an absolute path
    /// (the command line resolves one that exists from the current directory) is made relative
    /// to `root`.
    static func normalizedFolder(_ folder: String?, root: String) -> String? {
        guard var f = folder else { return nil }
        if f == root { return "" }
        if f.hasPrefix(root + "/") { f.removeFirst(root.count + 1) }
        while f.hasPrefix("./") { f.removeFirst(2) }
        while f.hasSuffix("/") { f.removeLast() }
        return f == "." ? "" : f
    }

    /// Indices in an order where each comes after those it uses; a cycle is refused.
    static func topologicalOrder(_ uses: [Set<Int>], names: [String]) throws -> [Int] {
        var state = [Int](repeating: 0, count: uses.count)
        var order: [Int] = []
        var path: [Int] = []
        func visit(_ v: Int) throws {
            if state[v] == 2 { return }
            if state[v] == 1 {
                let start = path.firstIndex(of: v)!
                throw ExtractError.packageCycle((path[start...] + [v]).map { names[$0] })
            }
            state[v] = 1
            path.append(v)
            for w in uses[v].sorted() { try visit(w) }
            path.removeLast()
            state[v] = 2
            order.append(v)
        }
        for v in uses.indices { try visit(v) }
        return order
    }

    /// A Swift identifier that can name a module.
    static func isValidModuleName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        let keywords: Set<String> = ["import", "class", "struct", "enum", "protocol", "func", "let", "var", "if", "else", "for", "while", "return", "self", "Self", "Any", "true", "false", "nil", "in", "do", "try", "throw", "switch", "case", "default", "where", "extension", "init", "deinit", "subscript", "operator", "static", "public", "private", "internal", "fileprivate", "open", "Type", "Protocol", "Swift"]
        return !keywords.contains(name) && name.unicodeScalars.allSatisfy { ($0 == "_" || CharacterSet.alphanumerics.contains($0)) && $0.isASCII }
    }

    /// `MAJOR.MINOR.PATCH` with an optional `-pre` part.
    static func isSemanticVersion(_ version: String) -> Bool {
        let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && version.allSatisfy(allowed.contains) && !version.hasSuffix("-") && !version.contains("..")
    }

    /// The relative path from folder `from` to folder `to` (both absolute and standardised).
    static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        let common = commonPrefixCount(a, b)
        let parts = Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Where a folder goes inside a scratch folder so that the relative paths between the
    /// monorepo and the packages stay those of the real folders.
    static func scratchPath(_ path: String, scratch: String, monorepo: String, others: [String]) -> String {
        let base = monorepo.split(separator: "/")
        let common = others.reduce(base.count) { min($0, commonPrefixCount(base, $1.split(separator: "/"))) }
        return ([scratch + "/tree"] + path.split(separator: "/")[common...].map(String.init)).joined(separator: "/")
    }

    private static func commonPrefixCount(_ a: [Substring], _ b: [Substring]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }
}
