import Foundation
import SwiftSyntax

/// What the extracted package's Package.swift holds.
public struct PackageGeneration: Sendable, Equatable {
    /// The new package's name.
    public var name: String
    /// The monorepo's targets that move into it (tests included).
    public var targets: Set<String>
    /// New names of moved targets that are renamed.
    public var renames: [String: String]
    /// The `.package(...)` text that names the monorepo.
    public var monorepoPackage: String
    /// The identity `.product(package:)` uses for the monorepo.
    public var monorepoIdentity: String
    /// Raise the tools version to 6.0 (package cycles need it), keeping the language mode.
    public var raiseToolsVersion: Bool
    /// Targets that moved to other new packages (`carve batch`): the product that replaces each.
    public var elsewhere: [String: PackagedTarget]
    /// The monorepo's `swift package dump-package` JSON: targets declared by helpers (or not
    /// located in the text) are written from it as literals.
    public var monorepoDump: Data?

    /// Describes a package.
    public init(name: String, targets: Set<String>, renames: [String: String], monorepoPackage: String, monorepoIdentity: String, raiseToolsVersion: Bool, elsewhere: [String: PackagedTarget] = [:], monorepoDump: Data? = nil) {
        self.name = name
        self.targets = targets
        self.renames = renames
        self.monorepoPackage = monorepoPackage
        self.monorepoIdentity = monorepoIdentity
        self.raiseToolsVersion = raiseToolsVersion
        self.elsewhere = elsewhere
        self.monorepoDump = monorepoDump
    }
}

/// A target that lives in another new package: its product there, and the `.package(...)` text
/// that names that package from here.
public struct PackagedTarget: Sendable, Equatable {
    /// Its product in the other package.
    public var product: ProductReference
    /// The `.package(...)` text that names the other package from here.
    public var package: String

    /// Describes where a target went.
    public init(product: ProductReference, package: String) {
        self.product = product
        self.package = package
    }
}

/// A generated Package.swift and what it needs from the monorepo.
public struct GeneratedManifest: Sendable, Equatable {
    /// The text of Package.swift.
    public var text: String
    /// Monorepo targets the new package depends on (they must be products of the monorepo).
    public var monorepoTargets: [String]
    /// Things a person should check.
    public var warnings: [String]

    /// Describes a generated manifest.
    public init(text: String, monorepoTargets: [String], warnings: [String]) {
        self.text = text
        self.monorepoTargets = monorepoTargets
        self.warnings = warnings
    }
}

/// Writes the extracted package's Package.swift from the monorepo's own: the moved target
/// declarations are copied as written (settings, resources, excludes, conditions, comments) with
/// the top-level declarations they use, and only their names and dependencies on what stays
/// behind are rewritten. Targets declared by helpers are written from SwiftPM's description.
public enum PackageGenerator {
    /// Generates the manifest from the monorepo's Package.swift text.
    public static func generate(fromMonorepo text: String, _ g: PackageGeneration) throws(ManifestError) -> GeneratedManifest {
        let manifest = try ManifestSyntax(text)
        var dump: ManifestDump?
        if let data = g.monorepoDump { dump = try ManifestDump.decode(data) }
        let dumpTargets = Dictionary((dump?.targets ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let allTargets = Set(manifest.targets.map(\.name)).union(dumpTargets.keys)

        // Each moved target once: copied when it is one plain declaration, else from the dump.
        let declarationCounts = Dictionary(manifest.targets.map { ($0.name, 1) }, uniquingKeysWith: +)
        var moved: [(name: String, copy: ManifestSyntax.Target?)] = []
        var seen = Set<String>()
        for target in manifest.targets where g.targets.contains(target.name) && seen.insert(target.name).inserted {
            let copyable = target.isPlain && declarationCounts[target.name] == 1
            if !copyable, dumpTargets[target.name] == nil {
                let why = target.isPlain ? "it is declared \(declarationCounts[target.name] ?? 0) times" : "it is declared by a helper (`\(target.call.calledExpression.trimmedDescription)(...)`\(target.element.mapped ? " in a list that is mapped to targets" : ""))"
                throw .notEditable("target \(target.name) cannot be copied: \(why) at Package.swift:\(manifest.line(target.element.range.lowerBound)); Carve writes such targets from SwiftPM's description (`PackageGeneration.monorepoDump`), which was not given")
            }
            moved.append((target.name, copyable ? target : nil))
        }
        for name in g.targets.sorted() where !seen.contains(name) {
            guard dumpTargets[name] != nil else {
                throw .notEditable("target \(name) is not declared by a call with `name: \"\(name)\"` in a list Carve can follow (\(ManifestCheck.blame(name, in: text)))")
            }
            moved.append((name, nil))
        }
        if let dump {
            let order = Dictionary(dump.targets.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
            moved.sort { (order[$0.name] ?? .max) < (order[$1.name] ?? .max) }
        }

        var monorepoTargets: [String] = []
        var otherPackages: [String] = []
        var packages = Set<String>()
        var warnings: [String] = []
        var edits = TextEdits()

        /// The text a dependency on `name` becomes, or nil when it stays as written.
        func mapped(_ name: String, condition: String?) -> String? {
            if g.targets.contains(name) {
                guard let new = g.renames[name] else { return nil }
                return condition.map { ".target(name: \"\(new)\", condition: \($0))" } ?? "\"\(new)\""
            } else if let other = g.elsewhere[name] {
                if !otherPackages.contains(other.package) { otherPackages.append(other.package) }
                return other.product.text(condition: condition)
            } else if allTargets.contains(name) {
                if !monorepoTargets.contains(name) { monorepoTargets.append(name) }
                return ProductReference(name: name, package: g.monorepoIdentity).text(condition: condition)
            }
            // A product named like its package (`"ArgumentParser"` style).
            packages.insert(name.lowercased())
            return nil
        }

        var targetTexts: [String] = []
        var used = Set<String>()
        for (name, declaration) in moved {
            guard let target = declaration else {
                let described = dumpTargets[name]!
                targetTexts.append(try literalTarget(described, g, map: mapped))
                packages.formUnion(described.dependencies.compactMap { $0.product?.package?.lowercased() })
                continue
            }
            if let new = g.renames[target.name] {
                edits.replace(target.nameRange, with: "\"\(new)\"")
            }
            for dependency in target.dependencies {
                let expression = manifest.resolved(dependency.expression)
                if let product = ManifestSyntax.productDependency(expression) {
                    if let package = product.package { packages.insert(package.lowercased()) }
                    continue
                }
                guard let name = ManifestSyntax.dependencyName(expression),
                      let text = mapped(name, condition: ManifestSyntax.dependencyCondition(expression))
                else { continue }
                edits.replace(dependency.range, with: text)
            }
            used.formUnion(identifiers(in: target.element.expression))
            let body = edits.apply(to: text, within: target.element.range)
            // The comment lines just above the declaration travel with it.
            let above = manifest.slice(target.element.fullRange.lowerBound..<target.element.range.lowerBound)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("//") || $0.hasPrefix("/*") || $0.hasPrefix("*") }
            let comments = above.map { "        \($0)\n" }.joined()
            targetTexts.append(comments + reindent(body, from: manifest.indentation(at: target.element.range.lowerBound), to: "        "))
        }

        var dependencyTexts: [String] = []
        var matched = Set<String>()
        for dependency in manifest.dependencies {
            let keys = [dependency.identity, dependency.name?.lowercased()].compactMap { $0 }
            guard keys.contains(where: packages.contains), !keys.contains(where: matched.contains) else { continue }
            keys.forEach { matched.insert($0) }
            dependencyTexts.append(String(reindent(manifest.slice(dependency.element.range), from: manifest.indentation(at: dependency.element.range.lowerBound), to: "        ").dropFirst(8)))
        }
        for package in packages.subtracting(matched).sorted() {
            warnings.append("the moved targets use package '\(package)', which the monorepo's Package.swift does not list: add it to the new package by hand")
        }
        dependencyTexts += otherPackages
        if !monorepoTargets.isEmpty { dependencyTexts.append(g.monorepoPackage) }

        var products: [String] = []
        for (name, declaration) in moved {
            let new = g.renames[name] ?? name
            let kind = declaration?.kind ?? dumpTargets[name].map { productKinds[$0.type] ?? "" } ?? ""
            switch kind {
            case "target", "systemLibrary", "binaryTarget":
                products.append(".library(name: \"\(new)\", targets: [\"\(new)\"])")
            case "executableTarget":
                products.append(".executable(name: \"\(new)\", targets: [\"\(new)\"])")
            case "plugin":
                products.append(".plugin(name: \"\(new)\", targets: [\"\(new)\"])")
            default:
                break
            }
        }

        let raise = g.raiseToolsVersion && ManifestRewriter.compareVersions(manifest.toolsVersion, "6.0") < 0
        var out = "// swift-tools-version:\(raise ? "6.0" : manifest.toolsVersion)\n"
        let imports = manifest.tree.statements.compactMap { $0.item.as(ImportDeclSyntax.self) }
        out += imports.map { $0.trimmedDescription + "\n" }.joined()
        out += "\n"

        // What the moved targets use (constants, settings, helper types, extensions, functions),
        // transitively, in source order; and the loops over `package.targets` after the package.
        let package = manifest.packageVariable ?? "package"
        var units: [(item: CodeBlockItemSyntax, declares: Set<String>, extends: String?, loop: Bool)] = []
        for item in manifest.tree.statements where item.id != manifest.packageStatement.id {
            if let loop = item.item.as(ForStmtSyntax.self) {
                if loop.sequence.trimmedDescription == "\(package).targets" { units.append((item, [], nil, true)) }
                continue
            }
            let declares = declaredNames(item)
            let extends = item.item.as(ExtensionDeclSyntax.self)?.extendedType.trimmedDescription.split(separator: ".").first.map(String.init)
            if !declares.isEmpty || extends != nil { units.append((item, declares.subtracting([package]), extends, false)) }
        }
        for unit in units where unit.loop { used.formUnion(identifiers(in: unit.item)) }
        var carried = Set<Int>()
        var changed = true
        while changed {
            changed = false
            for (i, unit) in units.enumerated() where !unit.loop && !carried.contains(i) {
                guard !unit.declares.isDisjoint(with: used) || unit.extends.map(used.contains) == true else { continue }
                carried.insert(i)
                used.formUnion(identifiers(in: unit.item))
                changed = true
            }
        }
        for (i, unit) in units.enumerated() where carried.contains(i) {
            out += edits.apply(to: text, within: unit.item.trimmedByteRange) + "\n\n"
        }
        out += "let package = Package(\n"
        var arguments: [String] = ["    name: \"\(g.name)\""]
        for label in ["defaultLocalization", "platforms"] {
            if let value = manifest.packageCall.argument(label) { arguments.append("    \(label): " + reindent(value.trimmedDescription, from: manifest.indentation(at: value.positionAfterSkippingLeadingTrivia.utf8Offset), to: "    ").dropFirst(4)) }
        }
        if !products.isEmpty { arguments.append(array("products", products)) }
        if !dependencyTexts.isEmpty { arguments.append(array("dependencies", dependencyTexts)) }
        arguments.append("    targets: [\n" + targetTexts.map { $0 + ",\n" }.joined() + "    ]")
        var hasLanguage = false
        for label in ["swiftLanguageModes", "swiftLanguageVersions", "cLanguageStandard", "cxxLanguageStandard"] {
            if let value = manifest.packageCall.argument(label) {
                hasLanguage = hasLanguage || label.hasPrefix("swift")
                arguments.append("    \(label): \(value.trimmedDescription)")
            }
        }
        if raise, !hasLanguage { arguments.append("    swiftLanguageModes: [.v5]") }
        out += arguments.joined(separator: ",\n") + "\n)\n"
        for unit in units where unit.loop {
            out += "\n" + edits.apply(to: text, within: unit.item.trimmedByteRange) + "\n"
        }
        return GeneratedManifest(text: out, monorepoTargets: monorepoTargets, warnings: warnings)
    }

    /// The declaration a product of each dump target type is made from.
    static let productKinds = ["regular": "target", "executable": "executableTarget", "system": "systemLibrary", "binary": "binaryTarget", "plugin": "plugin"]

    /// The names a top-level statement declares (a `#if` block: those inside it).
    static func declaredNames(_ item: CodeBlockItemSyntax) -> Set<String> {
        if let variable = item.item.as(VariableDeclSyntax.self) {
            return Set(variable.bindings.flatMap { $0.pattern.descendants(of: IdentifierPatternSyntax.self).map(\.identifier.text) })
        }
        if let f = item.item.as(FunctionDeclSyntax.self) { return [f.name.text] }
        if let d = item.item.as(StructDeclSyntax.self) { return [d.name.text] }
        if let d = item.item.as(EnumDeclSyntax.self) { return [d.name.text] }
        if let d = item.item.as(ClassDeclSyntax.self) { return [d.name.text] }
        if let d = item.item.as(ActorDeclSyntax.self) { return [d.name.text] }
        if let d = item.item.as(ProtocolDeclSyntax.self) { return [d.name.text] }
        if let d = item.item.as(TypeAliasDeclSyntax.self) { return [d.name.text] }
        if let ifConfig = item.item.as(IfConfigDeclSyntax.self) {
            var names = Set<String>()
            for clause in ifConfig.clauses {
                guard case .statements(let inner)? = clause.elements else { continue }
                for item in inner { names.formUnion(declaredNames(item)) }
            }
            return names
        }
        return []
    }

    /// Identifiers a piece of syntax uses: references and type names (not member names:
    /// `package.targets` does not use a variable `targets`).
    static func identifiers(in node: some SyntaxProtocol) -> Set<String> {
        Set(node.descendants(of: DeclReferenceExprSyntax.self).filter { reference in
            guard let member = reference.parent?.as(MemberAccessExprSyntax.self) else { return true }
            return member.declName.id != reference.id
        }.map(\.baseName.text))
            .union(node.descendants(of: IdentifierTypeSyntax.self).map(\.name.text))
    }

    // MARK: - Targets written from SwiftPM's description

    /// `.target(name: ..., dependencies: ..., path: ..., ...)` for a dump target, as literals,
    /// with dependencies mapped like the copied form.
    static func literalTarget(_ t: ManifestDump.Target, _ g: PackageGeneration, map: (String, String?) -> String?) throws(ManifestError) -> String {
        let name = g.renames[t.name] ?? t.name
        let call: String
        switch t.type {
        case "regular": call = "target"
        case "executable": call = "executableTarget"
        case "test": call = "testTarget"
        case "system": call = "systemLibrary"
        case "plugin": call = "plugin"
        case "macro": call = "macro"
        default:
            throw .notEditable("target \(t.name) is a \(t.type) target, which Carve cannot write from SwiftPM's description")
        }
        var arguments = ["name: \(quoted(name))"]
        if t.type == "plugin" {
            guard t.pluginCapability == "buildTool" else {
                throw .notEditable("plugin \(t.name) has a `\(t.pluginCapability ?? "?")` capability, which Carve cannot write from SwiftPM's description; declare it with `.plugin(...)` in the Package(...) targets")
            }
            arguments.append("capability: .buildTool()")
        }
        var dependencies: [String] = []
        for d in t.dependencies {
            let condition = d.condition.map(conditionText)
            if let product = d.product {
                if let package = product.package {
                    dependencies.append(ProductReference(name: product.name, package: package).text(condition: condition))
                } else {
                    dependencies.append(".product(name: \(quoted(product.name))\(condition.map { ", condition: \($0)" } ?? ""))")
                }
            } else if let target = d.target {
                if let text = map(target, condition) {
                    dependencies.append(text)
                } else {
                    let new = g.renames[target] ?? target
                    switch (d.kind, condition) {
                    case (_, let c?): dependencies.append(".\(d.kind == "target" ? "target" : "byName")(name: \(quoted(new)), condition: \(c))")
                    case ("target", nil): dependencies.append(".target(name: \(quoted(new)))")
                    default: dependencies.append(quoted(new))
                    }
                }
            }
        }
        if t.type != "system" { arguments.append(list("dependencies", dependencies)) }
        if let path = t.path { arguments.append("path: \(quoted(path))") }
        if t.type == "system" {
            if let pkgConfig = t.pkgConfig { arguments.append("pkgConfig: \(quoted(pkgConfig))") }
        } else {
            if let exclude = t.exclude, !exclude.isEmpty { arguments.append(list("exclude", exclude.map(quoted))) }
            if let sources = t.sources { arguments.append(list("sources", sources.map(quoted))) }
        }
        if ["regular", "executable", "test"].contains(t.type) {
            if let resources = t.resources, !resources.isEmpty {
                arguments.append(list("resources", resources.map { ".\($0.rule ?? "process")(\(quoted($0.path)))" }))
            }
            if t.type != "test", let headers = t.publicHeadersPath { arguments.append("publicHeadersPath: \(quoted(headers))") }
        }
        let settings = t.settings ?? []
        let groups: [(label: String, tool: String)] = ["regular", "executable", "test"].contains(t.type)
            ? [("cSettings", "c"), ("cxxSettings", "cxx"), ("swiftSettings", "swift"), ("linkerSettings", "linker")]
            : t.type == "macro" ? [("swiftSettings", "swift"), ("linkerSettings", "linker")] : []
        for group in groups {
            let texts = try settings.filter { $0.tool == group.tool }.map { s throws(ManifestError) in try settingText(s, target: t.name) }
            if !texts.isEmpty { arguments.append(list(group.label, texts)) }
        }
        if groups.isEmpty, !settings.isEmpty {
            throw .notEditable("target \(t.name) (\(t.type)) has settings, which Carve cannot write from SwiftPM's description")
        }
        return "        .\(call)(\n" + arguments.map { "            \($0)" }.joined(separator: ",\n") + "\n        )"
    }

    /// `.define("X")`, `.unsafeFlags([...])`, ... with `.when(...)`.
    static func settingText(_ s: ManifestDump.Setting, target: String) throws(ManifestError) -> String {
        let value = s.values.first ?? ""
        var text: String
        switch s.kind {
        case "define":
            if let eq = value.firstIndex(of: "=") {
                text = ".define(\(quoted(String(value[..<eq]))), to: \(quoted(String(value[value.index(after: eq)...]))))"
            } else {
                text = ".define(\(quoted(value)))"
            }
        case "unsafeFlags":
            text = ".unsafeFlags([\(s.values.map(quoted).joined(separator: ", "))])"
        case "enableUpcomingFeature", "enableExperimentalFeature", "headerSearchPath", "linkedLibrary", "linkedFramework":
            text = ".\(s.kind)(\(quoted(value)))"
        case "interoperabilityMode":
            text = ".interoperabilityMode(.\(value))"
        case "swiftLanguageMode":
            text = ["4", "4.2", "5", "6"].contains(value) ? ".swiftLanguageMode(.v\(value.replacingOccurrences(of: ".", with: "_")))" : ".swiftLanguageMode(.version(\(quoted(value))))"
        default:
            throw .notEditable("target \(target) has a `\(s.tool) \(s.kind)` setting, which Carve cannot write from SwiftPM's description")
        }
        if let condition = s.condition {
            text.removeLast()
            text += ", \(conditionText(condition)))"
        }
        return text
    }

    /// `.when(platforms: [.macOS], configuration: .debug, traits: [...])`.
    static func conditionText(_ c: ManifestDump.Condition) -> String {
        var parts: [String] = []
        if let platforms = c.platformNames, !platforms.isEmpty {
            parts.append("platforms: [\(platforms.map(platformText).joined(separator: ", "))]")
        }
        if let config = c.config { parts.append("configuration: .\(config)") }
        if let traits = c.traits, !traits.isEmpty { parts.append("traits: [\(traits.map(quoted).joined(separator: ", "))]") }
        return ".when(\(parts.joined(separator: ", ")))"
    }

    static func platformText(_ name: String) -> String {
        let known = ["macos": "macOS", "ios": "iOS", "tvos": "tvOS", "watchos": "watchOS", "visionos": "visionOS", "maccatalyst": "macCatalyst", "driverkit": "driverKit", "linux": "linux", "windows": "windows", "android": "android", "wasi": "wasi"]
        return known[name].map { ".\($0)" } ?? ".custom(\(quoted(name)))"
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func list(_ label: String, _ items: [String]) -> String {
        if items.isEmpty { return "\(label): []" }
        return "\(label): [\n" + items.map { "                \($0),\n" }.joined() + "            ]"
    }

    /// The name a `.product(package:)` uses for a package at a URL or path: its last component
    /// without `.git` (SwiftPM's identity is this, lowercased).
    public static func packageName(location: String) -> String {
        var last = location.split(separator: "/").last.map(String.init) ?? location
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last
    }

    private static func array(_ label: String, _ items: [String]) -> String {
        "    \(label): [\n" + items.map { "        \($0),\n" }.joined() + "    ]"
    }

    /// Moves a block of text from one indentation to another: its first line gets `new`, the
    /// following lines lose `old` and get `new` instead.
    static func reindent(_ text: String, from old: String, to new: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { i, line in
            if i == 0 { return new + line }
            if line.hasPrefix(old) { return new + line.dropFirst(old.count) }
            return String(line)
        }.joined(separator: "\n")
    }
}
