import SwiftSyntax

/// One identifier token to respell: its UTF-8 byte range in the source, without trivia.
struct RenamedToken: Equatable {
    /// Offset of the token's first byte.
    var start: Int
    /// Offset just past the token's last byte.
    var end: Int
    /// The token is written in backticks (`` `Old` ``), and the new name is written so too.
    var backticked: Bool
}

/// Finds the tokens that name one module: first components of import paths, `canImport`
/// arguments in `#if`/`#elseif` conditions, and bases of module-qualified expressions and types
/// (`Old.name`, `Old.Type`) where no other declaration of that name is in scope.
final class ReferenceCollector: SyntaxVisitor {
    /// The module name looked for.
    let moduleName: String
    /// The file's own module declares something called `moduleName`, so qualified uses mean that.
    let moduleDeclaresName: Bool
    /// The tokens found, in source order.
    private(set) var references: [RenamedToken] = []
    private var recordedStarts: Set<Int> = []
    private let scopes = ScopeLookup()

    init(moduleName: String, moduleDeclaresName: Bool) {
        self.moduleName = moduleName
        self.moduleDeclaresName = moduleDeclaresName
        super.init(viewMode: .sourceAccurate)
    }

    private func names(_ token: TokenSyntax) -> Bool {
        ScopeLookup.name(of: token) == moduleName
    }

    private func record(_ token: TokenSyntax) {
        let start = token.positionAfterSkippingLeadingTrivia.utf8Offset
        guard recordedStarts.insert(start).inserted else { return }
        references.append(RenamedToken(
            start: start,
            end: token.endPositionBeforeTrailingTrivia.utf8Offset,
            backticked: token.text.hasPrefix("`")
        ))
    }

    /// Whether the base of a qualified name at `node` means the module rather than a declaration.
    private func meansModule(_ node: some SyntaxProtocol, typeLookup: Bool) -> Bool {
        !moduleDeclaresName && !scopes.isShadowed(moduleName, at: node, typeLookup: typeLookup)
    }

    /// `import Old`, `@testable import Old`, `import struct Old.Type`, `import Old.Submodule`.
    override func visit(_ node: ImportDeclSyntax) -> SyntaxVisitorContinueKind {
        if let first = node.path.first, names(first.name) {
            record(first.name)
        }
        return .skipChildren
    }

    /// `#if canImport(Old)` anywhere in the condition; the clause's body is visited as usual.
    override func visit(_ node: IfConfigClauseSyntax) -> SyntaxVisitorContinueKind {
        if let condition = node.condition {
            let finder = CanImportFinder()
            finder.walk(condition)
            for token in finder.modules where names(token) {
                record(token)
            }
        }
        if let elements = node.elements {
            walk(elements)
        }
        return .skipChildren
    }

    /// `Old.name` and `Old.Type.name` in expressions.
    override func visit(_ node: MemberAccessExprSyntax) -> SyntaxVisitorContinueKind {
        if let base = node.base?.as(DeclReferenceExprSyntax.self), base.argumentNames == nil, names(base.baseName),
           meansModule(node, typeLookup: false)
        {
            record(base.baseName)
        }
        return .visitChildren
    }

    /// `\Old.Type.property`: the parser makes `Old` the key path's root type and the rest
    /// components; Swift looks the root up like a value, so locals shadow it.
    override func visit(_ node: KeyPathExprSyntax) -> SyntaxVisitorContinueKind {
        if let root = node.root?.as(IdentifierTypeSyntax.self), root.genericArgumentClause == nil, names(root.name),
           let first = node.components.first, first.period != nil, case .property = first.component,
           meansModule(node, typeLookup: false)
        {
            record(root.name)
        }
        return .visitChildren
    }

    /// `Old.Type` in type positions (annotations, generic arguments, `extension Old.Type`).
    override func visit(_ node: MemberTypeSyntax) -> SyntaxVisitorContinueKind {
        if let base = node.baseType.as(IdentifierTypeSyntax.self), base.genericArgumentClause == nil, names(base.name),
           meansModule(node, typeLookup: true)
        {
            record(base.name)
        }
        return .visitChildren
    }
}

/// Collects the first module-path token of each `canImport(...)` in an `#if` condition.
private final class CanImportFinder: SyntaxVisitor {
    /// `Old` of `canImport(Old)`, `canImport(Old.Sub)` and `canImport(Old, _version: ...)`.
    var modules: [TokenSyntax] = []

    init() {
        super.init(viewMode: .sourceAccurate)
    }

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard let callee = node.calledExpression.as(DeclReferenceExprSyntax.self),
              callee.baseName.text == "canImport",
              let argument = node.arguments.first, argument.label == nil
        else {
            return .visitChildren
        }
        var expression = argument.expression
        while let member = expression.as(MemberAccessExprSyntax.self), let base = member.base {
            expression = base
        }
        if let module = expression.as(DeclReferenceExprSyntax.self) {
            modules.append(module.baseName)
        }
        return .skipChildren
    }
}
