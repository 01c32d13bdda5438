import Foundation
import Imports
import Manifest
import Model

/// Plans the extraction of targets of one package (at the repository root or in a subfolder)
/// into new packages: small steps over data, each testable without git.
struct TargetPlanning {
    /// The package the targets leave.
    var source: PlanningInputs.PackageSource
    var inputs: PlanningInputs
    var options: PackagingOptions

    var graph: PackageGraph { source.package.graph }
    /// The package's folder, absolute.
    var packageRoot: String { inputs.absolute(source.package.folder) }

    /// Who holds what: the group of every moved target (tests included).
    struct Assignment {
        /// Per group: the targets asked for (in order), and the request.
        var groups: [(request: GroupRequest, chosen: [PackageGraph.Component])]
        /// Target name → group index.
        var owner: [String: Int]
        var moved: Set<String> { Set(owner.keys) }
    }

    /// The targets of each group (test targets refused), `--all` adding every other non-test
    /// target as a package of its own.
    func assign(_ requests: [GroupRequest], names: [[String]], all: Bool) throws -> Assignment {
        let byName = Dictionary(uniqueKeysWithValues: graph.components.map { ($0.name, $0) })
        var groups: [(request: GroupRequest, chosen: [PackageGraph.Component])] = []
        var owner: [String: Int] = [:]
        for (request, names) in zip(requests, names) {
            var chosen: [PackageGraph.Component] = []
            for name in names {
                let component = byName[name]!
                if let other = owner[name], other != groups.count { throw ExtractError.componentTwice(name) }
                if owner[name] == nil { chosen.append(component) }
                owner[name] = groups.count
            }
            guard !chosen.isEmpty else { throw ExtractError.noComponents }
            groups.append((request, chosen))
        }
        if all {
            for c in graph.components where c.kind != "test" && owner[c.name] == nil {
                owner[c.name] = groups.count
                groups.append((GroupRequest(components: [c.name]), [c]))
            }
        }
        guard !groups.isEmpty else { throw ExtractError.noComponents }
        return Assignment(groups: groups, owner: owner)
    }

    /// Refuses a target that cannot leave as it stands, unless its cycle leaves together.
    func checkBlocked(_ a: Assignment) throws {
        for (_, chosen) in a.groups {
            for component in chosen {
                guard case .blocked(let why) = component.extraction else { continue }
                let cycle = graph.cycles.first { $0.contains(component.name) }
                if let cycle, cycle.allSatisfy({ a.owner[$0] == a.owner[component.name] }) { continue }
                if let cycle, cycle.allSatisfy({ a.owner[$0] != nil }) {
                    throw ExtractError.packageCycle(cycle.map { $0 })
                }
                throw ExtractError.blocked(component.name, why)
            }
        }
    }

    /// Test targets go along when they test only what one package holds, or are named after
    /// one of its targets.
    func assignTests(_ a: inout Assignment) {
        for test in graph.components where test.kind == "test" {
            let uses = Set(test.dependencies)
            if let named = a.groups.indices.first(where: { i in a.groups[i].chosen.contains { test.name == $0.name + "Tests" } }) {
                a.owner[test.name] = named
            } else if let home = uses.first.flatMap({ a.owner[$0] }), uses.allSatisfy({ a.owner[$0] == home }) {
                a.owner[test.name] = home
            }
        }
    }

    /// The names of the new packages and modules.
    struct Naming {
        var packageNames: [String]
        var renames: [(old: String, new: String)]
        /// Every moved target → its name in its new package.
        var targetNames: [String: String]
        /// Per group: folder renames inside the new package.
        var folderMoves: [[String: String]]
    }

    /// Package names, module renames (`--name`, `--rename`, a config's renames) and the folder
    /// moves they bring, checked against the names the package already uses.
    func name(_ a: Assignment) throws -> Naming {
        let byName = Dictionary(uniqueKeysWithValues: graph.components.map { ($0.name, $0) })
        let products = Set(graph.components.flatMap(\.products))
        var naming = Naming(packageNames: [], renames: [], targetNames: Dictionary(uniqueKeysWithValues: a.moved.map { ($0, $0) }), folderMoves: [])
        var newNames = Set<String>()
        for (index, (request, chosen)) in a.groups.enumerated() {
            var renames = request.renames
            if let only = request.renameOnly {
                let modules = chosen.filter { $0.kind != "test" }
                guard modules.count == 1 else { throw ExtractError.renameNeedsOneTarget(modules.map(\.name)) }
                renames[modules[0].name] = only
            }
            var moves: [String: String] = [:]
            for (old, new) in renames.sorted(by: { $0.key < $1.key }) where old != new {
                guard let target = byName[old], a.owner[old] == index, target.kind != "test" else {
                    throw ExtractError.renameUnknown(old, chosen.filter { $0.kind != "test" }.map(\.name))
                }
                guard ExtractPlanner.isValidModuleName(new) else { throw ExtractError.invalidModuleName(new) }
                if byName[new] != nil || byName[new + "Tests"] != nil || products.subtracting(target.products).contains(new) || !newNames.insert(new).inserted {
                    throw ExtractError.nameClash(new)
                }
                naming.renames.append((old, new))
                naming.targetNames[old] = new
                if target.folder == "Sources/\(old)" { moves["Sources/\(old)"] = "Sources/\(new)" }
                if let tests = byName[old + "Tests"], a.owner[tests.name] == index {
                    naming.targetNames[tests.name] = new + "Tests"
                    if tests.folder == "Tests/\(old)Tests" { moves[tests.folder] = "Tests/\(new)Tests" }
                }
            }
            let name = request.packageName ?? naming.targetNames[chosen[0].name]!
            if naming.packageNames.contains(name) { throw ExtractError.duplicatePackage(name) }
            naming.packageNames.append(name)
            naming.folderMoves.append(moves)
        }
        return naming
    }

    /// Package order: each after the packages it uses; a cycle among them is refused.
    func order(_ a: Assignment, names: [String]) throws -> (order: [Int], uses: [Set<Int>]) {
        var uses = [Set<Int>](repeating: [], count: a.groups.count)
        for c in graph.components {
            guard let from = a.owner[c.name] else { continue }
            for d in c.dependencies {
                if let to = a.owner[d], to != from { uses[from].insert(to) }
            }
        }
        return (try ExtractPlanner.topologicalOrder(uses, names: names), uses)
    }

    /// The targets that stay in the package.
    func remaining(_ a: Assignment) -> [PackageGraph.Component] {
        graph.components.filter { a.owner[$0.name] == nil }
    }

    /// The new packages the targets that stay use.
    func usedByMonorepo(_ a: Assignment) -> Set<Int> {
        Set(remaining(a).flatMap { c in c.dependencies.compactMap { a.owner[$0] } })
    }

    /// One new package: its folders, its generated manifest (from the monorepo's, checked later
    /// by SwiftPM), what it still needs from the monorepo, the warnings that brings, and whether
    /// it and the monorepo would depend on each other.
    func newPackage(_ i: Int, _ a: Assignment, _ naming: Naming, _ locations: PackageLocations, uses: Set<Int>, usedByMonorepo used: Set<Int>) throws -> (package: ExtractPlan.Package, generation: PackageGeneration, warnings: [PlanWarning], cycle: Bool) {
        let members = a.moved.filter { a.owner[$0] == i }
        let name = naming.packageNames[i]
        let destination = locations.destinations[i]
        var elsewhere: [String: PackagedTarget] = [:]
        for (target, j) in a.owner where j != i {
            elsewhere[target] = PackagedTarget(product: ProductReference(name: naming.targetNames[target]!, package: locations.identities[j]), package: locations.reference(from: destination, to: j))
        }
        let components = graph.components.filter { members.contains($0.name) }
        let needsMonorepo = components.contains { $0.dependencies.contains { a.owner[$0] == nil } }
        let cycle = needsMonorepo && used.contains(i)
        if cycle, options.urlTemplate != nil {
            throw ExtractError.cycleWithURL(name, components.flatMap { $0.dependencies.filter { a.owner[$0] == nil } })
        }
        let generation = PackageGeneration(
            name: name,
            targets: members,
            renames: naming.targetNames.filter { members.contains($0.key) && $0.key != $0.value },
            monorepoPackage: ".package(path: \"\(ExtractPlanner.relativePath(from: destination, to: packageRoot))\")",
            monorepoIdentity: (packageRoot as NSString).lastPathComponent,
            raiseToolsVersion: cycle,
            elsewhere: elsewhere,
            monorepoDump: source.dump
        )
        let generated = try PackageGenerator.generate(fromMonorepo: source.manifest, generation)
        let needs = generated.monorepoTargets
        var warnings: [PlanWarning] = []
        let suggestion = Self.command(extracting: components.filter { $0.kind != "test" }.map(\.name) + needs, to: destination, renames: naming.renames, package: source.package.folder.isEmpty ? nil : source.package.folder)
        if cycle {
            let users = remaining(a).filter { c in c.dependencies.contains { a.owner[$0] == i } }.map(\.name)
            warnings.append(.packageCycle(package: name, needs: needs, users: users, command: suggestion))
        } else if needsMonorepo {
            warnings.append(.dependsOnMonorepo(package: name, needs: needs, command: suggestion))
        }
        warnings += generated.warnings.map(PlanWarning.manifest)
        let folders = components.map { ExtractPlan.SplitFolder(from: source.package.repositoryPath($0.folder), to: $0.folder) }
        let package = ExtractPlan.Package(
            name: name,
            destination: destination,
            folders: folders,
            targets: components.map { .init(name: naming.targetNames[$0.name]!, folder: naming.folderMoves[i][$0.folder] ?? $0.folder) },
            folderMoves: naming.folderMoves[i],
            targetNames: naming.targetNames.filter { members.contains($0.key) },
            manifest: generated.text,
            writesManifest: true,
            addsGitignore: true,
            monorepoTargets: needs,
            dependsOn: uses.sorted().map { naming.packageNames[$0] },
            url: locations.urls[i],
            commitMessage: "Add Package.swift for \(name)\n\nThe commits below are the history of \(folders.map(\.from).joined(separator: ", ")) in \(graph.name) up to \(inputs.tip.hex),\nsplit by Carve.\n"
        )
        return (package, generation, warnings, cycle)
    }

    /// What the package's manifest must become: moved targets gone, dependencies on them
    /// replaced by products of the new packages, those packages added (all of them when
    /// nothing is left, so that the manifest still builds), needed targets made products.
    func rewiring(_ a: Assignment, _ naming: Naming, _ locations: PackageLocations, exposed: [String], raiseToolsVersion: Bool) -> (rewiring: MonorepoRewiring, nothingLeft: Bool) {
        var replacements: [String: ProductReference] = [:]
        for (target, i) in a.owner where graph.components.first(where: { $0.name == target })?.kind != "test" {
            replacements[target] = ProductReference(name: naming.targetNames[target]!, package: locations.identities[i])
        }
        let nothingLeft = !remaining(a).contains { $0.kind != "test" }
        let used = usedByMonorepo(a)
        let added = a.groups.indices.filter { nothingLeft || used.contains($0) }.map { locations.reference(from: packageRoot, to: $0) }
        return (MonorepoRewiring(removedTargets: a.moved, replacements: replacements, addedPackages: added, exposedTargets: exposed, raiseToolsVersion: raiseToolsVersion), nothingLeft)
    }

    /// Local packages that use this package by path lose the moved targets from its products.
    func productUsersWarning(_ a: Assignment) -> [PlanWarning] {
        let folder = source.package.folder
        let users = inputs.repository.packages.filter { $0.pathDependencies.contains(folder) }.map { $0.folder.isEmpty ? "(root)" : $0.folder }
        guard !folder.isEmpty, !users.isEmpty, graph.components.contains(where: { a.moved.contains($0.name) && !$0.products.isEmpty }) else { return [] }
        return [.productUsers(package: folder, users: users)]
    }

    /// The command that extracts `targets` together into the package at `destination`, with
    /// the renames asked for (the suggestion a warning gives).
    static func command(extracting targets: [String], to destination: String, renames: [(old: String, new: String)], package: String?) -> String {
        let flags = renames.filter { r in targets.contains(r.old) }.map { " --rename \($0.old)=\($0.new)" }.joined()
        let scope = package.map { $0.isEmpty ? "" : " --package \($0)" } ?? ""
        return "carve extract \(targets.joined(separator: " ")) --to \(destination)\(flags)\(scope)"
    }
}
