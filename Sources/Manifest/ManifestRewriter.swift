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
    /// Local package dependencies that now live elsewhere (a local package that was extracted).
    public var relocations: [PackageRelocation]

    /// Describes a rewiring.
    public init(removedTargets: Set<String>, replacements: [String: ProductReference], addedPackages: [String], exposedTargets: [String], raiseToolsVersion: Bool, relocations: [PackageRelocation] = []) {
        self.removedTargets = removedTargets
        self.replacements = replacements
        self.addedPackages = addedPackages
        self.exposedTargets = exposedTargets
        self.raiseToolsVersion = raiseToolsVersion
        self.relocations = relocations
    }
}

/// A `.package(path:)` dependency that moves: every `.package(path: P)` with `path` (compared
/// without a trailing `/` and a leading `./`) becomes `replacement`, and `.product(package:)`
/// references to `oldPackage` name `newPackage` when the two differ (case-insensitively).
public struct PackageRelocation: Sendable, Equatable {
    /// The path literal as the manifest writes it (`../Core`).
    public var path: String
    /// The Swift text of the new dependency (`.package(url: "https://x/Core.git", from: "1.0.0")`).
    public var replacement: String
    /// The package name `.product(package:)` uses today.
    public var oldPackage: String
    /// The package name `.product(package:)` must use afterwards.
    public var newPackage: String

    /// Describes a relocation.
    public init(path: String, replacement: String, oldPackage: String, newPackage: String) {
        self.path = path
        self.replacement = replacement
        self.oldPackage = oldPackage
        self.newPackage = newPackage
    }

    /// `path` without a leading `./` and a trailing `/`.
    static func normalized(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }
}

/// A product of another package, as a target dependency names it.
public struct ProductReference: Sendable, Equatable {
    /// The product's name.
    public var name: String
    /// The package's identity (or name) as `.product(package:)` writes it.
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
    /// The rewired manifest: moved targets removed wherever they are declared (array literals,
    /// top-level variables, `package.targets += [...]`/`append` statements), dependencies on them
    /// replaced by products, products and package dependencies added, relocations applied.
    public static func rewire(_ text: String, _ rewiring: MonorepoRewiring) throws(ManifestError) -> String {
        let manifest = try ManifestSyntax(text)
        var edits = TextEdits()

        // Targets that leave, wherever they are declared.
        for name in rewiring.removedTargets.sorted() {
            let declarations = manifest.targets.filter { $0.name == name }
            guard !declarations.isEmpty else {
                throw .notEditable("target \(name) is not declared by a call with `name: \"\(name)\"` in a list Carve can follow (\(ManifestCheck.blame(name, in: text)))")
            }
            for target in declarations { ManifestSyntax.remove(target.element, edits: &edits) }
        }
        // The others get their dependencies on them replaced.
        var dependencies = manifest.looseTargetDependencies
        for target in manifest.targets where !rewiring.removedTargets.contains(target.name) {
            dependencies += target.dependencies
        }
        for dependency in dependencies {
            guard let name = ManifestSyntax.dependencyName(dependency.expression),
                  let product = rewiring.replacements[name]
            else { continue }
            edits.replace(dependency.range, with: product.text(condition: ManifestSyntax.dependencyCondition(dependency.expression)))
        }

        // Products: extracted targets leave them; a product left with no target leaves too.
        var exposed = Set(manifest.products.flatMap { p in p.targets.map(\.name) }.filter { !rewiring.removedTargets.contains($0) })
        for product in manifest.products {
            let leaving = product.targets.indices.filter { rewiring.removedTargets.contains(product.targets[$0].name) }
            guard !leaving.isEmpty else { continue }
            if leaving.count == product.targets.count {
                ManifestSyntax.remove(product.element, edits: &edits)
            } else {
                let elements = product.targets.map(\.element)
                for i in leaving { ManifestSyntax.remove(i, of: elements, edits: &edits) }
            }
        }
        let newProducts = rewiring.exposedTargets.filter { exposed.insert($0).inserted }.map { ".library(name: \"\($0)\", targets: [\"\($0)\"])" }
        add(newProducts, to: .products, in: manifest, edits: &edits)
        add(rewiring.addedPackages, to: .dependencies, in: manifest, edits: &edits)
        relocate(rewiring.relocations, in: manifest, edits: &edits)
        if rewiring.raiseToolsVersion {
            raiseToolsVersion(of: manifest, edits: &edits)
        }
        return edits.apply(to: text)
    }

    /// Adds elements to a list: into the array literal `Package(...)` names directly or through a
    /// top-level variable, else as a new argument of `Package(...)`, else as a
    /// `package.<list> += [...]` statement after the `let package = Package(...)` statement.
    static func add(_ items: [String], to role: ManifestSyntax.Role, in manifest: ManifestSyntax, edits: inout TextEdits) {
        guard !items.isEmpty else { return }
        if let array = manifest.directArray(role) {
            append(items, to: array, in: manifest, edits: &edits)
        } else if manifest.packageCall.argument(role.rawValue) == nil {
            insertArgument(role.rawValue, items, in: manifest, edits: &edits)
        } else {
            let variable = manifest.packageVariable ?? "package"
            let statement = manifest.packageStatement
            let indent = manifest.indentation(at: statement.positionAfterSkippingLeadingTrivia.utf8Offset)
            let body = items.map { "\n\(indent)\(manifest.indentUnit)\($0)," }.joined()
            edits.insert("\n\n\(indent)\(variable).\(role.rawValue) += [\(body)\n\(indent)]", at: statement.endPositionBeforeTrailingTrivia.utf8Offset)
        }
    }

    /// `.package(path: P)` entries that moved get their new text; `.product(package:)` follows.
    static func relocate(_ relocations: [PackageRelocation], in manifest: ManifestSyntax, edits: inout TextEdits) {
        guard !relocations.isEmpty else { return }
        for call in manifest.tree.descendants(of: FunctionCallExprSyntax.self) {
            guard let member = call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text else { continue }
            if member == "package", let path = call.argument("path")?.stringLiteralValue,
               let relocation = relocations.first(where: { PackageRelocation.normalized($0.path) == PackageRelocation.normalized(path) }) {
                edits.replace(call.trimmedByteRange, with: relocation.replacement)
            } else if member == "product", let package = call.argument("package"), let value = package.stringLiteralValue,
                      let relocation = relocations.first(where: { $0.oldPackage.lowercased() == value.lowercased() && $0.oldPackage.lowercased() != $0.newPackage.lowercased() }) {
                edits.replace(package.trimmedByteRange, with: "\"\(relocation.newPackage)\"")
            }
        }
    }

    /// Appends elements to a multi-line (or empty) array literal, in its indentation.
    static func append(_ items: [String], to array: ArrayExprSyntax, in manifest: ManifestSyntax, edits: inout TextEdits) {
        let elements = ManifestSyntax.elements(array).filter { !edits.removes($0.fullRange) }
        if let last = elements.last {
            let indent = manifest.indentation(at: last.range.lowerBound)
            if !last.hasTrailingComma { edits.insert(",", at: last.range.upperBound) }
            // After the last element's line (its trailing comment included).
            edits.insert(items.map { "\n\(indent)\($0)," }.joined(), at: last.fullRange.upperBound)
        } else {
            let indent = manifest.indentation(at: array.positionAfterSkippingLeadingTrivia.utf8Offset)
            let body = items.map { "\n\(indent)\(manifest.indentUnit)\($0)," }.joined()
            edits.replace(array.trimmedByteRange, with: "[\(body)\n\(indent)]")
        }
    }

    /// Adds `label: [items]` to `Package(...)` where PackageDescription's initializer order puts it.
    static func insertArgument(_ label: String, _ items: [String], in manifest: ManifestSyntax, edits: inout TextEdits) {
        let order = ["name", "defaultLocalization", "platforms", "pkgConfig", "providers", "products", "traits", "dependencies", "targets", "swiftLanguageModes", "swiftLanguageVersions", "cLanguageStandard", "cxxLanguageStandard"]
        let rank = order.firstIndex(of: label) ?? order.count
        let arguments = Array(manifest.packageCall.arguments)
        if let next = arguments.first(where: { ($0.label.flatMap { order.firstIndex(of: $0.text) } ?? -1) > rank }) {
            let start = next.positionAfterSkippingLeadingTrivia.utf8Offset
            let indent = manifest.indentation(at: start)
            let body = items.map { "\n\(indent)\(manifest.indentUnit)\($0)," }.joined()
            edits.insert("\(label): [\(body)\n\(indent)],\n\(indent)", at: start)
        } else if let last = arguments.last {
            let indent = manifest.indentation(at: last.positionAfterSkippingLeadingTrivia.utf8Offset)
            let body = items.map { "\n\(indent)\(manifest.indentUnit)\($0)," }.joined()
            let text = "\(label): [\(body)\n\(indent)]"
            if let comma = last.trailingComma {
                edits.insert("\n\(indent)\(text),", at: comma.endPositionBeforeTrailingTrivia.utf8Offset)
            } else {
                edits.insert(",\n\(indent)\(text)", at: last.endPositionBeforeTrailingTrivia.utf8Offset)
            }
        }
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
