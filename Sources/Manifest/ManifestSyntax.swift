import SwiftParser
import SwiftSyntax

/// A Package.swift parsed with swift-syntax: where its targets, products and package
/// dependencies are declared (in the `Package(...)` arguments, in the top-level variables those
/// name, or in arrays added after the initializer), so that edits keep the rest of the text as it is.
struct ManifestSyntax {
    /// One declaration in a list: an element of an array literal, or the argument of an
    /// `x.append(...)` statement.
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
        /// True when the list is reached through `.map`/`.compactMap`/`.flatMap`: the element is
        /// the input of a helper, not a PackageDescription value.
        var mapped = false
        /// For `x.append(e)`: the whole statement with its line (removing the element removes it).
        var statementRange: Range<Int>?
    }

    /// A call with a `name: "X"` argument among the targets.
    struct Target {
        var name: String
        /// `target`, `executableTarget`, `testTarget`, `systemLibrary`, `binaryTarget`, `plugin`,
        /// `macro`, or the helper's name.
        var kind: String
        var element: Element
        var call: FunctionCallExprSyntax
        /// The elements of its `dependencies:` (literal, variables, `+`), in order.
        var dependencies: [Element]
        /// The range of the string literal of `name:` (quotes included).
        var nameRange: Range<Int>
        /// A plain PackageDescription `.target(...)`-like call (not a helper), so that copying
        /// the text gives the same target.
        var isPlain: Bool
    }

    /// A call with `name:` and `targets:` among the products.
    struct Product {
        var name: String
        var element: Element
        /// Elements of its `targets:` array with their names.
        var targets: [(name: String, element: Element)]
    }

    /// A `.package(...)` among the package dependencies.
    struct PackageDependency {
        /// The package identity SwiftPM derives from the URL or path (lowercased last component).
        var identity: String
        /// The `name:` argument of old manifests, if any.
        var name: String?
        var element: Element
    }

    /// The three lists SwiftPM reads from a package.
    enum Role: String, CaseIterable {
        case targets, products, dependencies
    }

    static let plainTargetKinds: Set<String> = ["target", "executableTarget", "testTarget", "systemLibrary", "binaryTarget", "plugin", "macro"]

    let text: String
    let tree: SourceFileSyntax
    let converter: SourceLocationConverter
    let packageCall: FunctionCallExprSyntax
    /// The top-level statement holding `Package(...)` (`let package = Package(...)`).
    let packageStatement: CodeBlockItemSyntax
    /// The variable bound to the package (`package`), if any.
    let packageVariable: String?
    /// `5.9` from `// swift-tools-version:5.9`, and the byte range of the version in the text.
    let toolsVersion: String
    let toolsVersionRange: Range<Int>
    /// Top-level `let`/`var` with one name and an initializer (inside `#if` too), first wins.
    let variables: [String: VariableDeclSyntax]
    /// Statements found at top level or in `if`/`#if`/`else`/`do` blocks there, in source order.
    let statements: [CodeBlockItemSyntax]
    var targets: [Target] = []
    var products: [Product] = []
    var dependencies: [PackageDependency] = []
    /// Elements of `<anything>.dependencies += [...]`/`.append(...)` statements of targets.
    var looseTargetDependencies: [Element] = []

    init(_ text: String) throws(ManifestError) {
        self.text = text
        tree = Parser.parse(source: text)
        converter = SourceLocationConverter(fileName: "Package.swift", tree: tree)
        guard let header = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
              let colon = header.firstIndex(of: ":"),
              header.lowercased().replacingOccurrences(of: " ", with: "").hasPrefix("//swift-tools-version:")
        else {
            throw .notEditable("Package.swift:1 does not start with a `// swift-tools-version:` line")
        }
        let versionText = header[header.index(after: colon)...]
        let trimmed = versionText.drop { $0 == " " }
        let version = trimmed.prefix { $0.isNumber || $0 == "." }
        toolsVersion = String(version)
        let start = text.utf8.distance(from: text.startIndex, to: trimmed.startIndex)
        toolsVersionRange = start..<(start + version.utf8.count)

        let calls = tree.descendants(of: FunctionCallExprSyntax.self).filter {
            let callee = $0.calledExpression.trimmedDescription
            return callee == "Package" || callee == "PackageDescription.Package"
        }
        guard calls.count == 1, let call = calls.first else {
            if calls.isEmpty { throw .notEditable("it has no `Package(...)` call") }
            let converter = self.converter
            let lines = calls.map { "Package.swift:\(converter.location(for: $0.positionAfterSkippingLeadingTrivia).line)" }
            throw .notEditable("it has \(calls.count) `Package(...)` calls (\(lines.joined(separator: ", ")))")
        }
        packageCall = call
        var statement: Syntax? = Syntax(call)
        while let s = statement, !(s.is(CodeBlockItemSyntax.self) && s.parent?.parent?.is(SourceFileSyntax.self) == true) {
            statement = s.parent
        }
        guard let top = statement?.as(CodeBlockItemSyntax.self) else {
            throw .notEditable("its `Package(...)` call (Package.swift:\(converter.location(for: call.positionAfterSkippingLeadingTrivia).line)) is not in a top-level statement")
        }
        packageStatement = top
        packageVariable = top.item.as(VariableDeclSyntax.self)?.bindings.first?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text

        var found: [CodeBlockItemSyntax] = []
        Self.collectStatements(tree.statements, into: &found)
        statements = found
        var variables: [String: VariableDeclSyntax] = [:]
        for item in found {
            guard let variable = item.item.as(VariableDeclSyntax.self), variable.bindings.count == 1,
                  let binding = variable.bindings.first, binding.initializer != nil,
                  let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
                  variables[name] == nil
            else { continue }
            variables[name] = variable
        }
        self.variables = variables

        for element in elements(of: .targets) {
            guard let call = element.expression.as(FunctionCallExprSyntax.self),
                  let nameExpr = call.argument("name"), let name = nameExpr.stringLiteralValue
            else { continue }
            let callee = call.calledExpression
            let member = callee.as(MemberAccessExprSyntax.self)
            let kind = member?.declName.baseName.text ?? callee.trimmedDescription
            let base = member?.base?.trimmedDescription
            let plain = !element.mapped && member != nil && Self.plainTargetKinds.contains(kind)
                && (base == nil || base == "Target" || base == "PackageDescription.Target")
            var deps: [Element] = []
            if let expression = call.argument("dependencies") {
                var visited = Set<String>()
                collect(expression, mapped: false, into: &deps, visited: &visited)
            }
            targets.append(Target(name: name, kind: kind, element: element, call: call, dependencies: deps, nameRange: nameExpr.trimmedByteRange, isPlain: plain))
        }
        for element in elements(of: .products) {
            guard let call = element.expression.as(FunctionCallExprSyntax.self),
                  let name = call.argument("name")?.stringLiteralValue,
                  let targetsExpr = call.argument("targets")
            else { continue }
            let targetElements = targetsExpr.as(ArrayExprSyntax.self).map { Self.elements($0) } ?? []
            products.append(Product(name: name, element: element, targets: targetElements.compactMap { e in
                e.expression.stringLiteralValue.map { ($0, e) }
            }))
        }
        for element in elements(of: .dependencies) {
            guard let call = element.expression.as(FunctionCallExprSyntax.self),
                  call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text == "package"
            else { continue }
            let location = call.argument("url")?.stringLiteralValue ?? call.argument("path")?.stringLiteralValue ?? call.argument("id")?.stringLiteralValue ?? ""
            dependencies.append(PackageDependency(
                identity: Self.identity(of: location),
                name: call.argument("name")?.stringLiteralValue,
                element: element
            ))
        }
        // `target.dependencies += [...]` anywhere (loops over `package.targets` included).
        let packageDependencies = packageVariable.map { "\($0).dependencies" }
        for node in tree.descendants(of: CodeBlockItemSyntax.self) {
            guard let (base, _) = Self.mutation(node), base.hasSuffix(".dependencies"), base != packageDependencies else { continue }
            var visited = Set<String>()
            mutationElements(node, into: &looseTargetDependencies, visited: &visited)
        }
    }

    /// The line of a byte offset, for messages (`Package.swift:LINE`).
    func line(_ offset: Int) -> Int {
        converter.location(for: AbsolutePosition(utf8Offset: offset)).line
    }

    /// The line of a node.
    func line(_ node: some SyntaxProtocol) -> Int {
        converter.location(for: node.positionAfterSkippingLeadingTrivia).line
    }

    /// Every declaration in one of the package's lists, wherever it is written.
    func elements(of role: Role) -> [Element] {
        var out: [Element] = []
        var visited = Set<String>()
        if let argument = packageCall.argument(role.rawValue) {
            collect(argument, mapped: false, into: &out, visited: &visited)
        }
        if let package = packageVariable {
            let base = "\(package).\(role.rawValue)"
            for item in statements where Self.mutation(item)?.base == base {
                mutationElements(item, into: &out, visited: &visited)
            }
        }
        return out
    }

    /// The array literal new elements of `role` go into: the `Package(...)` argument itself, or
    /// the initializer of the top-level variable it names.
    func directArray(_ role: Role) -> ArrayExprSyntax? {
        guard let argument = packageCall.argument(role.rawValue) else { return nil }
        if let array = argument.as(ArrayExprSyntax.self) { return array }
        if let name = argument.as(DeclReferenceExprSyntax.self)?.baseName.text,
           let value = variables[name]?.bindings.first?.initializer?.value.as(ArrayExprSyntax.self) {
            return value
        }
        return nil
    }

    /// Follows a reference to a top-level variable to its initializer (`systemPackageDependency`).
    func resolved(_ expression: ExprSyntax) -> ExprSyntax {
        if let name = expression.as(DeclReferenceExprSyntax.self)?.baseName.text,
           let value = variables[name]?.bindings.first?.initializer?.value {
            return value
        }
        return expression
    }

    /// The elements of a list expression: array literals, top-level variables (with the
    /// statements that add to them), `a + b`, and `.map`/`.compactMap`/`.flatMap` over those.
    func collect(_ expression: ExprSyntax, mapped: Bool, into out: inout [Element], visited: inout Set<String>) {
        if let tuple = expression.as(TupleExprSyntax.self), tuple.elements.count == 1, let only = tuple.elements.first {
            collect(only.expression, mapped: mapped, into: &out, visited: &visited)
        } else if let array = expression.as(ArrayExprSyntax.self) {
            out += Self.elements(array).map { var e = $0; e.mapped = mapped; return e }
        } else if let sequence = expression.as(SequenceExprSyntax.self) {
            let items = Array(sequence.elements)
            let operators = items.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            guard operators.allSatisfy({ $0.as(BinaryOperatorExprSyntax.self)?.operator.text == "+" }) else { return }
            for (i, item) in items.enumerated() where i % 2 == 0 {
                collect(item, mapped: mapped, into: &out, visited: &visited)
            }
        } else if let infix = expression.as(InfixOperatorExprSyntax.self), infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text == "+" {
            collect(infix.leftOperand, mapped: mapped, into: &out, visited: &visited)
            collect(infix.rightOperand, mapped: mapped, into: &out, visited: &visited)
        } else if let reference = expression.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            guard let value = variables[name]?.bindings.first?.initializer?.value, visited.insert(name).inserted else { return }
            collect(value, mapped: mapped, into: &out, visited: &visited)
            for item in statements where Self.mutation(item)?.base == name {
                mutationElements(item, into: &out, visited: &visited, mapped: mapped)
            }
        } else if let call = expression.as(FunctionCallExprSyntax.self),
                  let member = call.calledExpression.as(MemberAccessExprSyntax.self),
                  ["map", "compactMap", "flatMap"].contains(member.declName.baseName.text),
                  let base = member.base {
            collect(base, mapped: true, into: &out, visited: &visited)
        }
    }

    /// The elements a `x += [...]`, `x.append(e)` or `x.append(contentsOf: ...)` statement adds.
    func mutationElements(_ item: CodeBlockItemSyntax, into out: inout [Element], visited: inout Set<String>, mapped: Bool = false) {
        guard let (_, added) = Self.mutation(item) else { return }
        switch added {
        case .list(let expression):
            collect(expression, mapped: mapped, into: &out, visited: &visited)
        case .one(let expression):
            // From the last line break before the statement: the lines above stay as they are.
            let leading = Array(item.leadingTrivia.description.utf8)
            let start = item.position.utf8Offset + (leading.lastIndex(of: UInt8(ascii: "\n")) ?? 0)
            out.append(Element(
                expression: expression,
                fullRange: start..<item.endPosition.utf8Offset,
                range: expression.trimmedByteRange,
                hasTrailingComma: false,
                commaRange: expression.endPosition.utf8Offset..<expression.endPosition.utf8Offset,
                inlineArray: false,
                mapped: mapped,
                statementRange: item.position.utf8Offset..<item.endPositionBeforeTrailingTrivia.utf8Offset
            ))
        }
    }

    enum Added {
        case list(ExprSyntax)
        case one(ExprSyntax)
    }

    /// `base += list`, `base.append(one)`, `base.append(contentsOf: list)`, with `base` as written.
    static func mutation(_ item: CodeBlockItemSyntax) -> (base: String, added: Added)? {
        let expression: ExprSyntax
        if let e = item.item.as(ExprSyntax.self) {
            expression = e
        } else if let s = item.item.as(ExpressionStmtSyntax.self) {
            expression = s.expression
        } else {
            return nil
        }
        if let sequence = expression.as(SequenceExprSyntax.self) {
            let items = Array(sequence.elements)
            guard items.count == 3, items[1].as(BinaryOperatorExprSyntax.self)?.operator.text == "+=" else { return nil }
            return (items[0].trimmedDescription, .list(items[2]))
        }
        if let infix = expression.as(InfixOperatorExprSyntax.self), infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text == "+=" {
            return (infix.leftOperand.trimmedDescription, .list(infix.rightOperand))
        }
        guard let call = expression.as(FunctionCallExprSyntax.self),
              let member = call.calledExpression.as(MemberAccessExprSyntax.self),
              member.declName.baseName.text == "append", let base = member.base,
              call.arguments.count == 1, let argument = call.arguments.first
        else { return nil }
        switch argument.label?.text {
        case nil: return (base.trimmedDescription, .one(argument.expression))
        case "contentsOf": return (base.trimmedDescription, .list(argument.expression))
        default: return nil
        }
    }

    /// Statements at top level and in the `if`/`else`/`#if`/`do` blocks there (not in loops,
    /// functions or closures: what runs there is not a declaration Carve can edit).
    static func collectStatements(_ list: CodeBlockItemListSyntax, into out: inout [CodeBlockItemSyntax]) {
        for item in list {
            out.append(item)
            if let ifConfig = item.item.as(IfConfigDeclSyntax.self) {
                for clause in ifConfig.clauses {
                    if case .statements(let inner)? = clause.elements { collectStatements(inner, into: &out) }
                }
            } else if let ifExpr = ifExpression(item) {
                collectIf(ifExpr, into: &out)
            } else if let doStmt = item.item.as(DoStmtSyntax.self) {
                collectStatements(doStmt.body.statements, into: &out)
            }
        }
    }

    private static func ifExpression(_ item: CodeBlockItemSyntax) -> IfExprSyntax? {
        if let e = item.item.as(IfExprSyntax.self) { return e }
        return item.item.as(ExpressionStmtSyntax.self)?.expression.as(IfExprSyntax.self)
    }

    private static func collectIf(_ ifExpr: IfExprSyntax, into out: inout [CodeBlockItemSyntax]) {
        collectStatements(ifExpr.body.statements, into: &out)
        switch ifExpr.elseBody {
        case .ifExpr(let next)?: collectIf(next, into: &out)
        case .codeBlock(let block)?: collectStatements(block.statements, into: &out)
        case nil: break
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
    /// when it is the last of a one-line array; the whole statement for `x.append(e)`).
    static func remove(_ index: Int, of elements: [Element], edits: inout TextEdits) {
        let element = elements[index]
        edits.replace(element.fullRange, with: "")
        if element.statementRange == nil, element.inlineArray, !element.hasTrailingComma, index > 0 {
            edits.replace(elements[index - 1].commaRange, with: "")
        }
    }

    /// Removes one element (with its line, or its `append` statement).
    static func remove(_ element: Element, edits: inout TextEdits) {
        remove(0, of: [element], edits: &edits)
    }

    /// One level of indentation as the manifest writes it (that of the `Package(...)` arguments).
    var indentUnit: String {
        guard let first = packageCall.arguments.first else { return "    " }
        let outer = indentation(at: packageCall.positionAfterSkippingLeadingTrivia.utf8Offset)
        let inner = indentation(at: first.positionAfterSkippingLeadingTrivia.utf8Offset)
        guard inner.count > outer.count, inner.hasPrefix(outer) else { return "    " }
        return String(inner.dropFirst(outer.count))
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
