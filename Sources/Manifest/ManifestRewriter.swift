import SwiftSyntax

/// What the monorepo's Package.swift must become once components have left it.
public struct MonorepoRewiring: Sendable, Equatable {
    /// Targets that leave the manifest (the extracted targets and the tests that go with them).
    public var removedTargets: Set<String>
    /// For each extracted target still used by a remaining target: the product that replaces it.
    public var replacements: [String: ProductReference]
    /// The `.package(...)` entries to add, as Swift text (only those a remaining target uses).
    public var addedPackages: [String]
    /// Targets the extracted package still needs, which must be products of the monorepo.
    public var exposedTargets: [String]
    /// Raise the tools version to 6.0 (package cycles need it), keeping the language mode.
    public var raiseToolsVersion: Bool

    /// Describes a rewiring.
    public init(removedTargets: Set<String>, replacements: [String: ProductReference], addedPackages: [String], exposedTargets: [String], raiseToolsVersion: Bool) {
        self.removedTargets = removedTargets
        self.replacements = replacements
        self.addedPackages = addedPackages
        self.exposedTargets = exposedTargets
        self.raiseToolsVersion = raiseToolsVersion
    }
}

/// A product of another package, as a target dependency names it.
public struct ProductReference: Sendable, Equatable {
    public var name: String
    public var package: String

    /// Names a product.
    public init(name: String, package: String) {
        self.name = name
        self.package = package
    }

    /// `.product(name: "X", package: "p")`, with a condition when the old dependency had one.
    func text(condition: String?) -> String {
        let tail = condition.map { ", condition: \($0)" } ?? ""
        return ".product(name: \"\(name)\", package: \"\(package)\"\(tail))"
    }
}

/// Edits a monorepo's Package.swift with swift-syntax: only the parts that change are rewritten;
/// everything else (formatting, comments, other targets) stays byte for byte.
public enum ManifestRewriter {
    /// The rewired manifest.
    public static func rewire(_ text: String, _ rewiring: MonorepoRewiring) throws(ManifestError) -> String {
        let manifest = try ManifestSyntax(text)
        var edits = TextEdits()

        // Targets that leave; the others get their dependencies on them replaced.
        for target in manifest.targets {
            if rewiring.removedTargets.contains(target.name) {
                edits.replace(target.element.fullRange, with: "")
                continue
            }
            for dependency in target.dependencies {
                guard let name = ManifestSyntax.dependencyName(dependency.expression),
                      let product = rewiring.replacements[name]
                else { continue }
                edits.replace(dependency.range, with: product.text(condition: ManifestSyntax.dependencyCondition(dependency.expression)))
            }
        }

        // Products: extracted targets leave them; a product left with no target leaves too.
        var exposed = Set(manifest.products.flatMap { p in p.targets.map(\.name) }.filter { !rewiring.removedTargets.contains($0) })
        for product in manifest.products {
            let leaving = product.targets.indices.filter { rewiring.removedTargets.contains(product.targets[$0].name) }
            guard !leaving.isEmpty else { continue }
            if leaving.count == product.targets.count {
                edits.replace(product.element.fullRange, with: "")
            } else {
                let elements = product.targets.map(\.element)
                for i in leaving { ManifestSyntax.remove(i, of: elements, edits: &edits) }
            }
        }
        let newProducts = rewiring.exposedTargets.filter { exposed.insert($0).inserted }.map { ".library(name: \"\($0)\", targets: [\"\($0)\"])" }
        if !newProducts.isEmpty {
            if let array = manifest.productsArray {
                append(newProducts, to: array, in: manifest, edits: &edits)
            } else {
                insertArgument("products", newProducts, before: manifest.dependenciesArray.map { Syntax($0) } ?? Syntax(manifest.targetsArray), in: manifest, edits: &edits)
            }
        }

        if !rewiring.addedPackages.isEmpty {
            if let array = manifest.dependenciesArray {
                append(rewiring.addedPackages, to: array, in: manifest, edits: &edits)
            } else {
                insertArgument("dependencies", rewiring.addedPackages, before: Syntax(manifest.targetsArray), in: manifest, edits: &edits)
            }
        }
        if rewiring.raiseToolsVersion {
            raiseToolsVersion(of: manifest, edits: &edits)
        }
        return edits.apply(to: text)
    }

    /// Appends elements to a multi-line (or empty) array literal, in its indentation.
    static func append(_ items: [String], to array: ArrayExprSyntax, in manifest: ManifestSyntax, edits: inout TextEdits) {
        let elements = ManifestSyntax.elements(array)
        if let last = elements.last {
            let indent = manifest.indentation(at: last.range.lowerBound)
            if !last.hasTrailingComma { edits.insert(",", at: last.range.upperBound) }
            // After the last element's line (its trailing comment included).
            edits.insert(items.map { "\n\(indent)\($0)," }.joined(), at: last.fullRange.upperBound)
        } else {
            let indent = manifest.indentation(at: array.positionAfterSkippingLeadingTrivia.utf8Offset)
            let body = items.map { "\n\(indent)    \($0)," }.joined()
            edits.replace(array.trimmedByteRange, with: "[\(body)\n\(indent)]")
        }
    }

    /// Adds `label: [items]` to `Package(...)` just before the argument that holds `node`.
    static func insertArgument(_ label: String, _ items: [String], before node: Syntax, in manifest: ManifestSyntax, edits: inout TextEdits) {
        guard let argument = manifest.packageCall.arguments.first(where: { $0.expression.position <= node.position && node.endPosition <= $0.expression.endPosition }) else { return }
        let start = argument.positionAfterSkippingLeadingTrivia.utf8Offset
        let indent = manifest.indentation(at: start)
        let body = items.map { "\n\(indent)    \($0)," }.joined()
        edits.insert("\(label): [\(body)\n\(indent)],\n\(indent)", at: start)
    }

    /// `// swift-tools-version:6.0`, with `swiftLanguageModes: [.v5]` when the manifest did not
    /// choose a language mode (6.0 would otherwise switch it to Swift 6).
    static func raiseToolsVersion(of manifest: ManifestSyntax, edits: inout TextEdits) {
        guard compareVersions(manifest.toolsVersion, "6.0") < 0 else { return }
        edits.replace(manifest.toolsVersionRange, with: "6.0")
        let labels = Set(manifest.packageCall.arguments.compactMap { $0.label?.text })
        guard !labels.contains("swiftLanguageVersions"), !labels.contains("swiftLanguageModes"),
              let last = manifest.packageCall.arguments.last
        else { return }
        let indent = manifest.indentation(at: last.positionAfterSkippingLeadingTrivia.utf8Offset)
        if let comma = last.trailingComma {
            edits.insert("\n\(indent)swiftLanguageModes: [.v5],", at: comma.endPositionBeforeTrailingTrivia.utf8Offset)
        } else {
            edits.insert(",\n\(indent)swiftLanguageModes: [.v5]", at: last.endPositionBeforeTrailingTrivia.utf8Offset)
        }
    }

    /// Compares dotted version numbers (`5.9` < `5.10` < `6.0`).
    public static func compareVersions(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0, r = i < y.count ? y[i] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }
}
