import SwiftSyntax

/// Collects the names a file declares that can shadow a module name across its module: types at
/// any nesting level, and top-level functions and variables (also inside a top-level `#if`).
final class DeclaredNamesCollector: SyntaxAnyVisitor {
    /// The names found so far, without backticks.
    private(set) var names: Set<String> = []

    init() {
        super.init(viewMode: .sourceAccurate)
    }

    private func add(_ token: TokenSyntax) {
        if let name = ScopeLookup.name(of: token) {
            names.insert(name)
        }
    }

    override func visitAny(_ node: Syntax) -> SyntaxVisitorContinueKind {
        switch node.kind {
        case .structDecl, .classDecl, .enumDecl, .actorDecl, .protocolDecl, .typeAliasDecl, .associatedTypeDecl:
            if let named = node.asProtocol(NamedDeclSyntax.self) { add(named.name) }
        case .functionDecl where Self.isTopLevel(node):
            add(node.cast(FunctionDeclSyntax.self).name)
        case .variableDecl where Self.isTopLevel(node):
            for binding in node.cast(VariableDeclSyntax.self).bindings {
                names.formUnion(ScopeLookup.boundNames(in: binding.pattern))
            }
        default:
            break
        }
        return .visitChildren
    }

    /// Whether `decl` is a statement of the source file, possibly inside top-level `#if` blocks.
    private static func isTopLevel(_ decl: some SyntaxProtocol) -> Bool {
        var node = decl.parent
        while let current = node {
            switch current.kind {
            case .sourceFile:
                return true
            case .codeBlockItem, .codeBlockItemList, .ifConfigClause, .ifConfigClauseList, .ifConfigDecl:
                node = current.parent
            default:
                return false
            }
        }
        return false
    }
}
