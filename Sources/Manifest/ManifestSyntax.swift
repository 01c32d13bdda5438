import SwiftParser
import SwiftSyntax

/// A Package.swift parsed with swift-syntax: where its `Package(...)` arguments, targets,
/// products and package dependencies are, so that edits keep the rest of the text as it is.
struct ManifestSyntax {
    /// One element of an array argument, with the byte ranges edits need.
    struct Element {
        /// The element's expression.
        var expression: ExprSyntax
        /// From the start of its leading trivia to the end of its trailing comma and trivia.
        var fullRange: Range<Int>
        /// The expression alone.
        var range: Range<Int>
        var hasTrailingComma: Bool
        /// Its trailing comma and the trivia after it (empty when it has no comma).
        var commaRange: Range<Int>
        /// True when the whole array is written on one line.
        var inlineArray: Bool
    }

    /// A `.target(...)`-like call in `targets:`.
    struct Target {
        var name: String
        /// `target`, `executableTarget`, `testTarget`, `systemLibrary`, `binaryTarget`, `plugin`, `macro`.
        var kind: String
        var element: Element
        var call: FunctionCallExprSyntax
        /// The elements of its `dependencies:` array (empty when it has none).
        var dependencies: [Element]
        var dependenciesArray: ArrayExprSyntax?
        /// The range of the string literal of `name:` (quotes included).
        var nameRange: Range<Int>
    }

    /// A `.library(...)` or `.executable(...)` in `products:`.
    struct Product {
        var name: String
        var element: Element
        /// Elements of its `targets:` array with their names.
        var targets: [(name: String, element: Element)]
    }

    /// A `.package(...)` in `dependencies:`.
    struct PackageDependency {
        /// The package identity SwiftPM derives from the URL or path (lowercased last component).
        var identity: String
        /// The `name:` argument of old manifests, if any.
        var name: String?
        var element: Element
    }

    let text: String
    let tree: SourceFileSyntax
    let packageCall: FunctionCallExprSyntax
    /// `5.9` from `// swift-tools-version:5.9`, and the byte range of the version in the text.
    let toolsVersion: String
    let toolsVersionRange: Range<Int>
    var targets: [Target] = []
    var products: [Product] = []
    var dependencies: [PackageDependency] = []
    let targetsArray: ArrayExprSyntax
    var productsArray: ArrayExprSyntax?
    var dependenciesArray: ArrayExprSyntax?

    init(_ text: String) throws(ManifestError) {
        self.text = text
        tree = Parser.parse(source: text)
        guard let header = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
              let colon = header.firstIndex(of: ":"),
              header.lowercased().replacingOccurrences(of: " ", with: "").hasPrefix("//swift-tools-version:")
        else {
            throw .notEditable("it does not start with a `// swift-tools-version:` line")
        }
        let versionText = header[header.index(after: colon)...]
        let trimmed = versionText.drop { $0 == " " }
        let version = trimmed.prefix { $0.isNumber || $0 == "." }
        toolsVersion = String(version)
        let start = text.utf8.distance(from: text.startIndex, to: trimmed.startIndex)
        toolsVersionRange = start..<(start + version.utf8.count)

        let calls = tree.descendants(of: FunctionCallExprSyntax.self).filter {
            $0.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text == "Package"
        }
        guard calls.count == 1, let call = calls.first else {
            throw .notEditable(calls.isEmpty ? "it has no `Package(...)` call" : "it has \(calls.count) `Package(...)` calls")
        }
        packageCall = call
        guard let targetsExpr = call.argument("targets"), let array = targetsExpr.as(ArrayExprSyntax.self) else {
            throw .notEditable("its `targets:` argument is not an array literal")
        }
        targetsArray = array
        for element in Self.elements(array) {
            guard let call = element.expression.as(FunctionCallExprSyntax.self),
                  let kind = call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text,
                  let nameExpr = call.argument("name"), let name = nameExpr.stringLiteralValue
            else {
                throw .notEditable("a target in `targets:` is not a `.target(name: \"...\", ...)` call: \(element.expression.trimmedDescription.prefix(60))")
            }
            let depsArray = call.argument("dependencies")?.as(ArrayExprSyntax.self)
            if call.argument("dependencies") != nil, depsArray == nil {
                throw .notEditable("the dependencies of target \(name) are not an array literal")
            }
            targets.append(Target(
                name: name, kind: kind, element: element, call: call,
                dependencies: depsArray.map(Self.elements) ?? [], dependenciesArray: depsArray,
                nameRange: nameExpr.trimmedByteRange
            ))
        }
        if let productsExpr = call.argument("products") {
            guard let array = productsExpr.as(ArrayExprSyntax.self) else {
                throw .notEditable("its `products:` argument is not an array literal")
            }
            productsArray = array
            for element in Self.elements(array) {
                guard let call = element.expression.as(FunctionCallExprSyntax.self),
                      let name = call.argument("name")?.stringLiteralValue
                else {
                    throw .notEditable("a product in `products:` is not a `.library(name: \"...\", ...)` call")
                }
                let targetElements = call.argument("targets")?.as(ArrayExprSyntax.self).map(Self.elements) ?? []
                products.append(Product(name: name, element: element, targets: targetElements.compactMap { e in
                    e.expression.stringLiteralValue.map { ($0, e) }
                }))
            }
        }
        if let depsExpr = call.argument("dependencies") {
            guard let array = depsExpr.as(ArrayExprSyntax.self) else {
                throw .notEditable("its `dependencies:` argument is not an array literal")
            }
            dependenciesArray = array
            for element in Self.elements(array) {
                guard let call = element.expression.as(FunctionCallExprSyntax.self) else {
                    throw .notEditable("a package dependency is not a `.package(...)` call")
                }
                let location = call.argument("url")?.stringLiteralValue ?? call.argument("path")?.stringLiteralValue ?? ""
                dependencies.append(PackageDependency(
                    identity: Self.identity(of: location),
                    name: call.argument("name")?.stringLiteralValue,
                    element: element
                ))
            }
        }
    }

    /// SwiftPM's package identity for a URL or path: its last component without `.git`, lowercased.
    static func identity(of location: String) -> String {
        PackageGenerator.packageName(location: location).lowercased()
    }

    static func elements(_ array: ArrayExprSyntax) -> [Element] {
        let inline = !array.trimmedDescription.contains("\n")
        return array.elements.map { e in
            Element(
                expression: e.expression,
                fullRange: e.position.utf8Offset..<e.endPosition.utf8Offset,
                range: e.expression.trimmedByteRange,
                hasTrailingComma: e.trailingComma != nil,
                commaRange: (e.trailingComma?.position.utf8Offset ?? e.endPosition.utf8Offset)..<e.endPosition.utf8Offset,
                inlineArray: inline
            )
        }
    }

    /// Removes `elements[index]` (with its line in a multi-line array; with the comma before it
    /// when it is the last of a one-line array), unless `keep` says the previous one stays anyway.
    static func remove(_ index: Int, of elements: [Element], edits: inout TextEdits) {
        let element = elements[index]
        edits.replace(element.fullRange, with: "")
        if element.inlineArray, !element.hasTrailingComma, index > 0 {
            edits.replace(elements[index - 1].commaRange, with: "")
        }
    }

    /// The text of a range of the manifest.
    func slice(_ range: Range<Int>) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[range], as: UTF8.self)
    }

    /// The indentation of the line on which `offset` lies.
    func indentation(at offset: Int) -> String {
        let utf8 = Array(text.utf8)
        var start = offset
        while start > 0, utf8[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = start
        while end < utf8.count, utf8[end] == UInt8(ascii: " ") || utf8[end] == UInt8(ascii: "\t") { end += 1 }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The name of the internal target or product a dependency element names: `"X"`,
    /// `.target(name: "X")`, `.byName(name: "X")`; nil for `.product(...)` and anything else.
    static func dependencyName(_ expression: ExprSyntax) -> String? {
        if let name = expression.stringLiteralValue { return name }
        guard let call = expression.as(FunctionCallExprSyntax.self),
              let member = call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text,
              member == "target" || member == "byName"
        else { return nil }
        return call.argument("name")?.stringLiteralValue
    }

    /// The `condition:` argument text of a dependency call, if any.
    static func dependencyCondition(_ expression: ExprSyntax) -> String? {
        expression.as(FunctionCallExprSyntax.self)?.argument("condition")?.trimmedDescription
    }

    /// `.product(name: "P", package: "pkg")` of a dependency element.
    static func productDependency(_ expression: ExprSyntax) -> (name: String, package: String?)? {
        guard let call = expression.as(FunctionCallExprSyntax.self),
              call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text == "product",
              let name = call.argument("name")?.stringLiteralValue
        else { return nil }
        return (name, call.argument("package")?.stringLiteralValue)
    }
}

extension SyntaxProtocol {
    /// Every node of type `T` below this one, in source order.
    func descendants<T: SyntaxProtocol>(of type: T.Type) -> [T] {
        let collector = DescendantCollector<T>(viewMode: .sourceAccurate)
        collector.walk(self)
        return collector.found
    }

    /// The byte range of the node without its leading and trailing trivia.
    var trimmedByteRange: Range<Int> {
        positionAfterSkippingLeadingTrivia.utf8Offset..<endPositionBeforeTrailingTrivia.utf8Offset
    }
}

private final class DescendantCollector<T: SyntaxProtocol>: SyntaxAnyVisitor {
    var found: [T] = []
    override func visitAny(_ node: Syntax) -> SyntaxVisitorContinueKind {
        if let match = node.as(T.self) { found.append(match) }
        return .visitChildren
    }
}

extension FunctionCallExprSyntax {
    /// The expression of the argument labelled `label`.
    func argument(_ label: String) -> ExprSyntax? {
        arguments.first { $0.label?.text == label }?.expression
    }
}

extension ExprSyntax {
    /// The value of a plain string literal without interpolation, else nil.
    var stringLiteralValue: String? {
        guard let literal = self.as(StringLiteralExprSyntax.self), literal.segments.count == 1,
              let segment = literal.segments.first?.as(StringSegmentSyntax.self)
        else { return nil }
        return segment.content.text
    }
}
