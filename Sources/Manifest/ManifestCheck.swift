import Foundation
import SwiftParser
import SwiftSyntax

/// Checks an edited or generated Package.swift the way SwiftPM reads it: the planned result is
/// computed from SwiftPM's description of the original (`swift package dump-package`) and
/// compared with SwiftPM's description of the new text, so that an edit SwiftPM would read
/// differently from the plan is never written.
public enum ManifestCheck {
    /// Checks the rewired monorepo manifest. `original` and `edited` are the JSON of
    /// `swift package dump-package` for the manifest before and after `ManifestRewriter.rewire`;
    /// `editedText` is the edited Package.swift, to name the construct a difference comes from.
    /// Throws `ManifestError.planMismatch` on any difference.
    public static func checkRewired(original: Data, edited: Data, editedText: String, rewiring: MonorepoRewiring) throws(ManifestError) {
        let before = try ManifestDump.decode(original)
        let after = try ManifestDump.decode(edited)
        let relocated = rewiring.relocations.filter { $0.oldPackage.lowercased() != $0.newPackage.lowercased() }
        func map(_ d: PlannedDependency) -> PlannedDependency {
            var d = d
            if d.package == nil, let product = rewiring.replacements[d.name] {
                d = PlannedDependency(name: product.name, package: product.package.lowercased(), condition: d.condition)
            } else if let package = d.package, let relocation = relocated.first(where: { $0.oldPackage.lowercased() == package }) {
                d.package = relocation.newPackage.lowercased()
            }
            return d
        }
        let planned = before.targets.filter { !rewiring.removedTargets.contains($0.name) }.map { PlannedTarget($0, rename: { $0 }, dependency: map) }
        var problems = compareTargets(planned: planned, actual: after.targets.map { PlannedTarget($0, rename: { $0 }, dependency: { $0 }) }, removed: rewiring.removedTargets, text: editedText)

        var products: [PlannedProduct] = []
        for product in before.products {
            let targets = product.targets.filter { !rewiring.removedTargets.contains($0) }
            if !targets.isEmpty { products.append(PlannedProduct(name: product.name, type: product.type ?? "library", targets: targets)) }
        }
        var exposed = Set(products.flatMap(\.targets))
        for target in rewiring.exposedTargets where exposed.insert(target).inserted {
            products.append(PlannedProduct(name: target, type: "library", targets: [target]))
        }
        problems += compareProducts(planned: products, actual: after.products.map { PlannedProduct(name: $0.name, type: $0.type ?? "library", targets: $0.targets) }, text: editedText)

        var identities = Set((before.dependencies ?? []).map { $0.identity.lowercased() })
        for relocation in rewiring.relocations {
            identities.remove(ManifestSyntax.identity(of: PackageRelocation.normalized(relocation.path)))
            identities.formUnion(packageIdentities(in: relocation.replacement))
        }
        for text in rewiring.addedPackages { identities.formUnion(packageIdentities(in: text)) }
        problems += comparePackages(planned: identities, actual: Set((after.dependencies ?? []).map { $0.identity.lowercased() }), allowed: [], text: editedText)

        let wanted = rewiring.raiseToolsVersion && ManifestRewriter.compareVersions(before.toolsVersion._version, "6.0") < 0 ? "6.0" : before.toolsVersion._version
        if ManifestRewriter.compareVersions(after.toolsVersion._version, wanted) != 0 {
            problems.append("SwiftPM reads tools version \(after.toolsVersion._version), the plan has \(wanted) (Package.swift:1)")
        }
        try report(problems, subject: "the rewired Package.swift")
    }

    /// Checks the generated manifest of an extracted package against the plan: the moved targets
    /// under their new names with the same type, path, files and settings, dependencies mapped as
    /// `generation` says (renames, `elsewhere`, the monorepo's products), one product per
    /// non-test target, and the package dependencies those need. `monorepo` and `generated` are
    /// the JSON of `swift package dump-package`. Throws `ManifestError.planMismatch` on any difference.
    public static func checkGenerated(monorepo: Data, generated: Data, generation: PackageGeneration) throws(ManifestError) {
        let before = try ManifestDump.decode(monorepo)
        let after = try ManifestDump.decode(generated)
        let names = Set(before.targets.map(\.name))
        let g = generation
        func map(_ d: PlannedDependency) -> PlannedDependency {
            guard d.package == nil else { return d }
            if g.targets.contains(d.name) { return PlannedDependency(name: g.renames[d.name] ?? d.name, package: nil, condition: d.condition) }
            if let other = g.elsewhere[d.name] {
                return PlannedDependency(name: other.product.name, package: other.product.package.lowercased(), condition: d.condition)
            }
            if names.contains(d.name) { return PlannedDependency(name: d.name, package: g.monorepoIdentity.lowercased(), condition: d.condition) }
            return d
        }
        let moved = before.targets.filter { g.targets.contains($0.name) }
        let planned = moved.map { PlannedTarget($0, rename: { g.renames[$0] ?? $0 }, dependency: map) }
        let actual = after.targets.map { PlannedTarget($0, rename: { $0 }, dependency: { $0 }) }
        var problems = compareTargets(planned: planned, actual: actual, removed: [], text: nil)

        var products: [PlannedProduct] = []
        for target in moved where target.type != "test" && target.type != "macro" {
            let name = g.renames[target.name] ?? target.name
            products.append(PlannedProduct(name: name, type: target.type == "executable" ? "executable" : target.type == "plugin" ? "plugin" : "library", targets: [name]))
        }
        problems += compareProducts(planned: products, actual: after.products.map { PlannedProduct(name: $0.name, type: $0.type ?? "library", targets: $0.targets) }, text: nil)

        let needed = Set(planned.flatMap { $0.dependencies.compactMap(\.package) })
        var allowed = Set((before.dependencies ?? []).map { $0.identity.lowercased() })
        for other in g.elsewhere.values { allowed.formUnion(packageIdentities(in: other.package)) }
        problems += comparePackages(planned: needed, actual: Set((after.dependencies ?? []).map { $0.identity.lowercased() }), allowed: allowed, text: nil)
        try report(problems, subject: "the generated Package.swift of \(g.name)")
    }

    // MARK: - The plan as values

    /// A target dependency as SwiftPM reads it; `.target(name:)` and `.byName(name:)` are one
    /// (both name a target of this package here).
    struct PlannedDependency: Equatable, CustomStringConvertible {
        var name: String
        /// Lowercased, nil for a target of this package.
        var package: String?
        var condition: ManifestDump.Condition?

        var description: String {
            let base = package.map { ".product(name: \"\(name)\", package: \"\($0)\")" } ?? "\"\(name)\""
            guard let condition else { return base }
            return base + " when " + [condition.platformNames.map { $0.joined(separator: ",") }, condition.config, condition.traits.map { "traits " + $0.joined(separator: ",") }].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// What SwiftPM reads of a target, with its dependencies mapped by the plan.
    struct PlannedTarget: Equatable {
        var name: String
        var type: String
        var path: String?
        var exclude: [String]
        var sources: [String]?
        var resources: [ManifestDump.Resource]
        var publicHeadersPath: String?
        var settings: [ManifestDump.Setting]
        var dependencies: [PlannedDependency]

        init(_ t: ManifestDump.Target, rename: (String) -> String, dependency: (PlannedDependency) -> PlannedDependency) {
            name = rename(t.name)
            type = t.type
            path = t.path
            exclude = t.exclude ?? []
            sources = t.sources
            resources = t.resources ?? []
            publicHeadersPath = t.publicHeadersPath
            settings = t.settings ?? []
            dependencies = t.dependencies.map { d in
                let plain = d.product.map { PlannedDependency(name: $0.name, package: $0.package?.lowercased(), condition: d.condition) }
                    ?? PlannedDependency(name: d.target ?? "", package: nil, condition: d.condition)
                return dependency(plain)
            }
        }
    }

    struct PlannedProduct: Equatable {
        var name: String
        var type: String
        var targets: [String]
    }

    // MARK: - Comparison

    static func compareTargets(planned: [PlannedTarget], actual: [PlannedTarget], removed: Set<String>, text: String?) -> [String] {
        var problems: [String] = []
        let plannedByName = Dictionary(planned.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let actualByName = Dictionary(actual.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func whereIs(_ name: String) -> String { text.map { ": " + blame(name, in: $0) } ?? "" }
        for t in actual where plannedByName[t.name] == nil {
            problems.append(removed.contains(t.name) ? "SwiftPM still declares target \(t.name)\(whereIs(t.name))" : "SwiftPM declares a target \(t.name) the plan does not have\(whereIs(t.name))")
        }
        for t in planned where actualByName[t.name] == nil {
            problems.append("SwiftPM no longer declares target \(t.name), which the plan keeps\(whereIs(t.name))")
        }
        for p in planned {
            guard let a = actualByName[p.name], a != p else { continue }
            var fields: [String] = []
            func field<T: Equatable>(_ label: String, _ key: KeyPath<PlannedTarget, T>, _ show: (T) -> String) {
                if a[keyPath: key] != p[keyPath: key] { fields.append("its \(label) as \(show(a[keyPath: key])) where the plan has \(show(p[keyPath: key]))") }
            }
            field("type", \.type) { $0 }
            field("path", \.path) { $0 ?? "the default" }
            field("exclude", \.exclude) { "\($0)" }
            field("sources", \.sources) { $0.map { "\($0)" } ?? "all" }
            field("resources", \.resources) { "\($0.map(\.path))" }
            field("publicHeadersPath", \.publicHeadersPath) { $0 ?? "the default" }
            field("settings", \.settings) { "[\($0.map { "\($0.tool) \($0.kind)\($0.values.isEmpty ? "" : "(\($0.values.joined(separator: ", ")))")" }.joined(separator: ", "))]" }
            field("dependencies", \.dependencies) { "[\($0.map(\.description).joined(separator: ", "))]" }
            problems.append("SwiftPM reads target \(p.name) with \(fields.joined(separator: ", and "))\(whereIs(p.name))")
        }
        return problems
    }

    static func compareProducts(planned: [PlannedProduct], actual: [PlannedProduct], text: String?) -> [String] {
        var problems: [String] = []
        func whereIs(_ name: String) -> String { text.map { ": " + blame(name, in: $0) } ?? "" }
        for a in actual {
            guard let p = planned.first(where: { $0.name == a.name }) else {
                problems.append("SwiftPM declares a product \(a.name) (targets \(a.targets.joined(separator: ", "))) the plan does not have\(whereIs(a.name))")
                continue
            }
            if Set(a.targets) != Set(p.targets) || a.type != p.type {
                problems.append("SwiftPM reads product \(a.name) as \(a.type) of \(a.targets.joined(separator: ", ")) where the plan has \(p.type) of \(p.targets.joined(separator: ", "))\(whereIs(a.name))")
            }
        }
        for p in planned where !actual.contains(where: { $0.name == p.name }) {
            problems.append("SwiftPM does not declare product \(p.name) (targets \(p.targets.joined(separator: ", "))), which the plan has\(whereIs(p.name))")
        }
        return problems
    }

    /// `planned` must all be there; anything else must be in `allowed`.
    static func comparePackages(planned: Set<String>, actual: Set<String>, allowed: Set<String>, text: String?) -> [String] {
        var problems: [String] = []
        for missing in planned.subtracting(actual).sorted() {
            problems.append("SwiftPM does not depend on package \(missing), which the plan needs")
        }
        for extra in actual.subtracting(planned).subtracting(allowed).sorted() {
            problems.append("SwiftPM depends on package \(extra), which the plan does not have\(text.map { ": " + blame(extra, in: $0, package: true) } ?? "")")
        }
        return problems
    }

    static func report(_ problems: [String], subject: String) throws(ManifestError) {
        guard !problems.isEmpty else { return }
        throw .planMismatch("SwiftPM reads \(subject) differently from the plan: " + problems.joined(separator: "; ")
            + ". Nothing was written: make the declarations involved plain literals Carve can follow (or make the edit by hand), then run Carve again")
    }

    // MARK: - Names and places

    /// The identities of the `.package(...)` calls in a piece of Swift text.
    static func packageIdentities(in text: String) -> Set<String> {
        var out = Set<String>()
        for call in Parser.parse(source: text).descendants(of: FunctionCallExprSyntax.self) {
            guard call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text == "package" else { continue }
            if let id = call.argument("id")?.stringLiteralValue {
                out.insert(id.lowercased())
            } else if let location = call.argument("url")?.stringLiteralValue ?? call.argument("path")?.stringLiteralValue {
                out.insert(ManifestSyntax.identity(of: PackageRelocation.normalized(location)))
            }
        }
        return out
    }

    /// Where in `text` a name comes from, for a person: the declaration that spells it, or the
    /// loop that adds targets, with its line (`Package.swift:52 adds targets in a loop (`for ...`)`).
    static func blame(_ name: String, in text: String, package: Bool = false) -> String {
        let tree = Parser.parse(source: text)
        let converter = SourceLocationConverter(fileName: "Package.swift", tree: tree)
        func line(_ node: some SyntaxProtocol) -> Int { converter.location(for: node.positionAfterSkippingLeadingTrivia).line }
        func loop(_ node: some SyntaxProtocol) -> ForStmtSyntax? {
            var current = node.parent
            while let c = current {
                if let f = c.as(ForStmtSyntax.self) { return f }
                current = c.parent
            }
            return nil
        }
        func describe(_ loop: ForStmtSyntax) -> String {
            "Package.swift:\(line(loop)) adds targets in a loop (`for \(loop.pattern.trimmedDescription) in \(loop.sequence.trimmedDescription.prefix(40))...`)"
        }
        let literals = tree.descendants(of: StringLiteralExprSyntax.self).filter { ExprSyntax($0).stringLiteralValue.map { package ? $0.lowercased().hasSuffix(name) || $0.lowercased().hasSuffix(name + ".git") : $0 == name } ?? false }
        for literal in literals {
            if let loop = loop(literal) { return describe(loop) }
        }
        // A target's own declaration first (`name: "X"` of a call without `targets:`).
        func declares(_ literal: StringLiteralExprSyntax) -> Bool {
            guard let argument = literal.parent?.as(LabeledExprSyntax.self), argument.label?.text == "name",
                  let call = argument.parent?.parent?.as(FunctionCallExprSyntax.self)
            else { return false }
            return call.argument("targets") == nil
        }
        for literal in literals.filter(declares) + literals.filter({ !declares($0) }) {
            var current = literal.parent
            while let c = current, !c.is(FunctionCallExprSyntax.self) { current = c.parent }
            if let call = current?.as(FunctionCallExprSyntax.self) {
                return "Package.swift:\(line(call)) declares it (`\(call.trimmedDescription.split(separator: "\n").first.map(String.init)?.prefix(60) ?? "")`)"
            }
            return "Package.swift:\(line(literal)) names it"
        }
        if let loop = tree.descendants(of: ForStmtSyntax.self).first(where: { $0.body.trimmedDescription.contains(".targets") || $0.sequence.trimmedDescription.contains("targets") }) {
            return describe(loop)
        }
        return "no construct in Package.swift spells \"\(name)\"; it is computed"
    }
}
