import Model

/// What the component arguments name: targets of one package, or whole local packages.
enum ComponentSelection: Equatable {
    /// Groups of target names of the package at `folder`.
    case targets(folder: String, groups: [[String]])
    /// Groups of local package folders (each group one package).
    case packages(groups: [[String]])

    /// One argument resolved.
    enum Resolved: Equatable {
        case target(folder: String, name: String)
        case package(String)
    }

    /// Resolves each group's arguments (target names or folders, package folders or names);
    /// `--all` adds the rest: every local package (in a repository of local packages), else
    /// every non-test target of the package. `scope` is `--package`.
    static func resolve(_ groups: [[String]], all: Bool, scope: String?, in repository: RepositoryGraph) throws -> ComponentSelection {
        if let scope, repository.package(at: scope) == nil {
            throw ExtractError.unknownPackage(scope, repository.packages.map { $0.folder.isEmpty ? "." : $0.folder })
        }
        let resolved = try groups.map { try $0.map { try resolve($0, scope: scope, in: repository) } }
        let flat = resolved.flatMap { $0 }
        let packages = Set(flat.compactMap { if case .target(let folder, _) = $0 { folder } else { nil } })
        let local = flat.contains { if case .package = $0 { true } else { false } }
        if local, !packages.isEmpty { throw ExtractError.mixedComponents }
        if packages.count > 1 { throw ExtractError.targetsOfSeveralPackages(packages.sorted()) }
        // `--all` in a repository of local packages (two or more packages) means the packages.
        if local || (all && packages.isEmpty && scope == nil && repository.packages.count > 1) {
            var out = resolved.map { $0.compactMap { if case .package(let f) = $0 { f } else { nil } } }
            if all {
                let taken = Set(out.flatMap { $0 })
                out += repository.packages.filter { !$0.folder.isEmpty && !taken.contains($0.folder) }.map { [$0.folder] }
            }
            return .packages(groups: out)
        }
        guard let folder = packages.first ?? scope ?? (repository.packages.count == 1 ? repository.packages[0].folder : repository.package(at: "")?.folder) else {
            throw ExtractError.noComponents
        }
        return .targets(folder: folder, groups: resolved.map { $0.compactMap { if case .target(_, let n) = $0 { n } else { nil } } })
    }

    /// A package folder, a target folder (relative to the repository, or to `scope`), a local
    /// package's name, or a target name, in that order.
    static func resolve(_ argument: String, scope: String?, in repository: RepositoryGraph) throws -> Resolved {
        var key = argument.hasPrefix("./") ? String(argument.dropFirst(2)) : argument
        while key.hasSuffix("/") { key.removeLast() }
        let candidates = scope.map { s in repository.packages.filter { $0.folder == s } } ?? repository.packages
        if scope == nil, let package = candidates.first(where: { !$0.folder.isEmpty && $0.folder == key }) {
            return .package(package.folder)
        }
        for package in candidates {
            for c in package.graph.components where package.repositoryPath(c.folder) == key || (scope != nil && c.folder == key) {
                if c.kind == "test" { throw ExtractError.testTarget(c.name) }
                return .target(folder: package.folder, name: c.name)
            }
        }
        if scope == nil, let package = candidates.first(where: { !$0.folder.isEmpty && $0.name == key }) {
            return .package(package.folder)
        }
        let named = candidates.flatMap { p in p.graph.components.filter { $0.name == key }.map { (p, $0) } }
        if named.count > 1 {
            throw ExtractError.ambiguousComponent(key, named.map { $0.0.repositoryPath($0.1.folder) })
        }
        if let (package, c) = named.first {
            if c.kind == "test" { throw ExtractError.testTarget(c.name) }
            return .target(folder: package.folder, name: c.name)
        }
        let known = candidates.flatMap { p in
            (p.folder.isEmpty ? [] : [p.folder]) + p.graph.components.filter { $0.kind != "test" }.map(\.name)
        }
        throw ExtractError.unknownComponent(argument, known)
    }
}
