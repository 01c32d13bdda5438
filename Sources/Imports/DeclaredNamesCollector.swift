import SwiftSyntax

/// Collects the names a file declares that can shadow a module name across its module: types at
/// any nesting level, and top-level functions and variables (also inside a top-level `#if`).
final class DeclaredNamesCollector: SyntaxVisitor {
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

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: AssociatedTypeDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node.name)
        return .visitChildren
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        if Self.isTopLevel(node) {
            add(node.name)
        }
        return .visitChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        if Self.isTopLevel(node) {
            for binding in node.bindings {
                names.formUnion(ScopeLookup.boundNames(in: binding.pattern))
            }
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
