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

    /// The command that extracts `targets` together into the package at `destination`, with
    /// the renames asked for (the suggestion a warning gives).
    static func command(extracting targets: [String], to destination: String, renames: [(old: String, new: String)], package: String?) -> String {
        let flags = renames.filter { r in targets.contains(r.old) }.map { " --rename \($0.old)=\($0.new)" }.joined()
        let scope = package.map { $0.isEmpty ? "" : " --package \($0)" } ?? ""
        return "carve extract \(targets.joined(separator: " ")) --to \(destination)\(flags)\(scope)"
    }
}
