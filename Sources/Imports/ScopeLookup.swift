import SwiftSyntax

/// Lexical lookup, as far as one file shows it: whether a name used somewhere is declared by a
/// scope around it (a local, a parameter, a capture, a generic parameter, a member of an
/// enclosing type or extension body, a top-level declaration of the file).
///
/// Simplifications: a local binding counts for its whole block (Swift rejects using an outer
/// entity of the same name before the local anyway), and members inherited from a superclass or
/// protocol, or declared in another extension, are not seen. The names a block or member list
/// declares are computed once per list.
final class ScopeLookup {
    /// Names one block or member list declares.
    private struct Declared {
        /// Every declared name: what value lookup (`name.member` in an expression) finds.
        var all: Set<String> = []
        /// Names of type declarations only: what type lookup (`name.Member` as a type) finds.
        var types: Set<String> = []

        mutating func formUnion(_ other: Declared) {
            all.formUnion(other.all)
            types.formUnion(other.types)
        }
    }

    private var declaredByList: [SyntaxIdentifier: Declared] = [:]

    /// The name of an identifier token without backticks; nil for keywords and other tokens.
    static func name(of token: TokenSyntax) -> String? {
        guard case .identifier = token.tokenKind else { return nil }
        return token.identifier?.name
    }

    /// Names bound by `pattern`: every identifier pattern in it (`x`, `(x, y)`, `.some(let x)`).
    static func boundNames(in pattern: some SyntaxProtocol) -> Set<String> {
        let finder = PatternNameFinder()
        finder.walk(pattern)
        return finder.names
    }

    /// Whether `name`, used at `reference`, is declared by a scope enclosing it. With
    /// `typeLookup` (the name is the base of a type such as `name.Member` in a type annotation)
    /// only type declarations and generic parameters count: Swift's type lookup skips values.
    func isShadowed(_ name: String, at reference: some SyntaxProtocol, typeLookup: Bool) -> Bool {
        var child = Syntax(reference)
        while let scope = child.parent {
            if declares(scope, name, around: child, typeLookup: typeLookup) {
                return true
            }
            child = scope
        }
        return false
    }

    /// Whether `scope` declares `name` for its descendant `child`.
    private func declares(_ scope: Syntax, _ name: String, around child: Syntax, typeLookup: Bool) -> Bool {
        switch scope.kind {
        case .codeBlockItemList, .memberBlockItemList:
            let declared = declared(byList: scope)
            return (typeLookup ? declared.types : declared.all).contains(name)
        default:
            break
        }
        if let generic = scope.asProtocol(WithGenericParametersSyntax.self),
           let clause = generic.genericParameterClause,
           clause.parameters.contains(where: { Self.name(of: $0.name) == name })
        {
            return true
        }
        if typeLookup {
            // Everything below binds values only.
            return false
        }
        switch scope.as(SyntaxEnum.self) {
        case .functionDecl(let function):
            return child.id == function.body?.id && Self.parametersDeclare(function.signature.parameterClause.parameters, name)
        case .initializerDecl(let initializer):
            return child.id == initializer.body?.id
                && Self.parametersDeclare(initializer.signature.parameterClause.parameters, name)
        case .subscriptDecl(let subscriptDecl):
            return child.id == subscriptDecl.accessorBlock?.id
                && Self.parametersDeclare(subscriptDecl.parameterClause.parameters, name)
        case .accessorDecl(let accessor):
            return child.id == accessor.body?.id && accessor.parameters.map { Self.name(of: $0.name) == name } ?? false
        case .closureExpr(let closure):
            return child.id == closure.statements.id && Self.closureSignatureDeclares(closure.signature, name)
        case .ifExpr(let ifExpr):
            return child.id != ifExpr.elseBody?.id && Self.boundNames(inConditions: ifExpr.conditions).contains(name)
        case .whileStmt(let whileStmt):
            return Self.boundNames(inConditions: whileStmt.conditions).contains(name)
        case .forStmt(let forStmt):
            return (child.id == forStmt.body.id || child.id == forStmt.whereClause?.id)
                && Self.boundNames(in: forStmt.pattern).contains(name)
        case .switchCase(let switchCase):
            // The label's `where` clauses and the case's statements see the bindings.
            guard case .case(let label) = switchCase.label else { return false }
            return label.caseItems.contains { Self.boundNames(in: $0.pattern).contains(name) }
        case .catchClause(let catchClause):
            guard child.id == catchClause.body.id else { return false }
            if catchClause.catchItems.isEmpty {
                return name == "error"
            }
            return catchClause.catchItems.contains { item in
                item.pattern.map { Self.boundNames(in: $0).contains(name) } ?? false
            }
        default:
            return false
        }
    }

    /// What the statements of a block, or the members of a type body, declare (cached).
    private func declared(byList list: Syntax) -> Declared {
        if let cached = declaredByList[list.id] {
            return cached
        }
        var declared = Declared()
        if let items = list.as(CodeBlockItemListSyntax.self) {
            for item in items {
                declared.formUnion(Self.declared(byItem: item.item))
            }
        } else if let members = list.as(MemberBlockItemListSyntax.self) {
            for member in members {
                declared.formUnion(Self.declared(byDecl: member.decl))
            }
        }
        declaredByList[list.id] = declared
        return declared
    }

    /// What a statement declares for its whole block: a declaration, or `guard let` bindings.
    private static func declared(byItem item: CodeBlockItemSyntax.Item) -> Declared {
        switch item {
        case .decl(let decl):
            return declared(byDecl: decl)
        case .stmt(let stmt):
            guard let guardStmt = stmt.as(GuardStmtSyntax.self) else { return Declared() }
            return Declared(all: boundNames(inConditions: guardStmt.conditions))
        case .expr:
            return Declared()
        }
    }

    /// The name a declaration (a statement of a block or a member of a type) introduces, with the
    /// declarations of all clauses of an `#if`.
    private static func declared(byDecl decl: DeclSyntax) -> Declared {
        func type(_ token: TokenSyntax) -> Declared {
            guard let name = name(of: token) else { return Declared() }
            return Declared(all: [name], types: [name])
        }
        func values(_ names: some Sequence<String>) -> Declared {
            Declared(all: Set(names))
        }
        switch decl.as(DeclSyntaxEnum.self) {
        case .structDecl(let node):
            return type(node.name)
        case .classDecl(let node):
            return type(node.name)
        case .enumDecl(let node):
            return type(node.name)
        case .actorDecl(let node):
            return type(node.name)
        case .protocolDecl(let node):
            return type(node.name)
        case .typeAliasDecl(let node):
            return type(node.name)
        case .associatedTypeDecl(let node):
            return type(node.name)
        case .functionDecl(let function):
            return values([name(of: function.name)].compactMap { $0 })
        case .variableDecl(let variable):
            return values(variable.bindings.flatMap { boundNames(in: $0.pattern) })
        case .enumCaseDecl(let enumCase):
            return values(enumCase.elements.compactMap { name(of: $0.name) })
        case .ifConfigDecl(let ifConfig):
            var declared = Declared()
            for clause in ifConfig.clauses {
                switch clause.elements {
                case .statements(let items):
                    for item in items {
                        declared.formUnion(Self.declared(byItem: item.item))
                    }
                case .decls(let members):
                    for member in members {
                        declared.formUnion(Self.declared(byDecl: member.decl))
                    }
                default:
                    break
                }
            }
            return declared
        default:
            return Declared()
        }
    }

    /// Whether a parameter's internal name (`label name: T` or `name: T`) is `name`.
    private static func parametersDeclare(_ parameters: FunctionParameterListSyntax, _ name: String) -> Bool {
        parameters.contains { Self.name(of: $0.secondName ?? $0.firstName) == name }
    }

    /// Whether a closure's captures or parameters include `name`.
    private static func closureSignatureDeclares(_ signature: ClosureSignatureSyntax?, _ name: String) -> Bool {
        guard let signature else { return false }
        if let capture = signature.capture, capture.items.contains(where: { Self.name(of: $0.name) == name }) {
            return true
        }
        switch signature.parameterClause {
        case .simpleInput(let parameters):
            return parameters.contains { Self.name(of: $0.name) == name }
        case .parameterClause(let clause):
            return clause.parameters.contains { Self.name(of: $0.secondName ?? $0.firstName) == name }
        case nil:
            return false
        }
    }

    /// Names bound by `if let`/`guard let`/`case let` conditions.
    private static func boundNames(inConditions conditions: ConditionElementListSyntax) -> Set<String> {
        var names: Set<String> = []
        for element in conditions {
            switch element.condition {
            case .optionalBinding(let binding):
                names.formUnion(boundNames(in: binding.pattern))
            case .matchingPattern(let matching):
                names.formUnion(boundNames(in: matching.pattern))
            default:
                break
            }
        }
        return names
    }
}

/// Collects the identifiers a pattern binds, not descending into closures in expression patterns.
private final class PatternNameFinder: SyntaxVisitor {
    var names: Set<String> = []

    init() {
        super.init(viewMode: .sourceAccurate)
    }

    override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
        if let name = ScopeLookup.name(of: node.identifier) {
            names.insert(name)
        }
        return .skipChildren
    }

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        .skipChildren
    }
}
