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
    /// The `.package(...)` text that names the monorepo, and the identity `.product` uses.
    public var monorepoPackage: String
    public var monorepoIdentity: String
    /// Raise the tools version to 6.0 (package cycles need it), keeping the language mode.
    public var raiseToolsVersion: Bool
    /// Targets that moved to other new packages (`carve batch`): the product that replaces each.
    public var elsewhere: [String: PackagedTarget]

    /// Describes a package.
    public init(name: String, targets: Set<String>, renames: [String: String], monorepoPackage: String, monorepoIdentity: String, raiseToolsVersion: Bool, elsewhere: [String: PackagedTarget] = [:]) {
        self.name = name
        self.targets = targets
        self.renames = renames
        self.monorepoPackage = monorepoPackage
        self.monorepoIdentity = monorepoIdentity
        self.raiseToolsVersion = raiseToolsVersion
        self.elsewhere = elsewhere
    }
}

/// A target that lives in another new package: its product there, and the `.package(...)` text
/// that names that package from here.
public struct PackagedTarget: Sendable, Equatable {
    public var product: ProductReference
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
}

/// Writes the extracted package's Package.swift from the monorepo's own: the moved target
/// declarations are copied as written (settings, resources, excludes, conditions, comments), and
/// only their names and dependencies on what stays behind are rewritten.
public enum PackageGenerator {
    /// Generates the manifest from the monorepo's Package.swift text.
    public static func generate(fromMonorepo text: String, _ g: PackageGeneration) throws(ManifestError) -> GeneratedManifest {
        let manifest = try ManifestSyntax(text)
        let allTargets = Set(manifest.targets.map(\.name))
        let moved = manifest.targets.filter { g.targets.contains($0.name) }
        var monorepoTargets: [String] = []
        var otherPackages: [String] = []
        var packages = Set<String>()
        var warnings: [String] = []
        var targetTexts: [String] = []

        for target in moved {
            var edits = TextEdits()
            if let new = g.renames[target.name] {
                edits.replace(target.nameRange, with: "\"\(new)\"")
            }
            for dependency in target.dependencies {
                let condition = ManifestSyntax.dependencyCondition(dependency.expression)
                if let product = ManifestSyntax.productDependency(dependency.expression) {
                    if let package = product.package { packages.insert(package.lowercased()) }
                    continue
                }
                guard let name = ManifestSyntax.dependencyName(dependency.expression) else { continue }
                if g.targets.contains(name) {
                    if let new = g.renames[name] {
                        edits.replace(dependency.range, with: condition.map { ".target(name: \"\(new)\", condition: \($0))" } ?? "\"\(new)\"")
                    }
                } else if let other = g.elsewhere[name] {
                    if !otherPackages.contains(other.package) { otherPackages.append(other.package) }
                    edits.replace(dependency.range, with: other.product.text(condition: condition))
                } else if allTargets.contains(name) {
                    if !monorepoTargets.contains(name) { monorepoTargets.append(name) }
                    edits.replace(dependency.range, with: ProductReference(name: name, package: g.monorepoIdentity).text(condition: condition))
                } else {
                    // A product named like its package (`"ArgumentParser"` style).
                    packages.insert(name.lowercased())
                }
            }
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
            guard keys.contains(where: packages.contains) else { continue }
            keys.forEach { matched.insert($0) }
            dependencyTexts.append(String(reindent(manifest.slice(dependency.element.range), from: manifest.indentation(at: dependency.element.range.lowerBound), to: "        ").dropFirst(8)))
        }
        for package in packages.subtracting(matched).sorted() {
            warnings.append("the moved targets use package '\(package)', which the monorepo's Package.swift does not list: add it to the new package by hand")
        }
        dependencyTexts += otherPackages
        if !monorepoTargets.isEmpty { dependencyTexts.append(g.monorepoPackage) }

        var products: [String] = []
        for target in moved {
            let name = g.renames[target.name] ?? target.name
            switch target.kind {
            case "target", "systemLibrary", "binaryTarget":
                products.append(".library(name: \"\(name)\", targets: [\"\(name)\"])")
            case "executableTarget":
                products.append(".executable(name: \"\(name)\", targets: [\"\(name)\"])")
            case "plugin":
                products.append(".plugin(name: \"\(name)\", targets: [\"\(name)\"])")
            default:
                break
            }
        }

        let raise = g.raiseToolsVersion && ManifestRewriter.compareVersions(manifest.toolsVersion, "6.0") < 0
        var out = "// swift-tools-version:\(raise ? "6.0" : manifest.toolsVersion)\n"
        let imports = manifest.tree.statements.compactMap { $0.item.as(ImportDeclSyntax.self) }
        out += imports.map { $0.trimmedDescription + "\n" }.joined()
        out += "\n"
        // Top-level constants the moved targets use (`swiftSettings: common`).
        let used = Set(moved.flatMap { $0.element.expression.descendants(of: DeclReferenceExprSyntax.self).map(\.baseName.text) })
        for statement in manifest.tree.statements {
            guard let variable = statement.item.as(VariableDeclSyntax.self) else { continue }
            let names = variable.bindings.compactMap { $0.pattern.as(IdentifierPatternSyntax.self)?.identifier.text }
            if names.contains("package") || !names.contains(where: used.contains) { continue }
            out += variable.trimmedDescription + "\n\n"
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
        return GeneratedManifest(text: out, monorepoTargets: monorepoTargets, warnings: warnings)
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
