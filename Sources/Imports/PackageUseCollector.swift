import SwiftSyntax

/// One place a file spells a `package` declaration of another module.
struct PackageUse {
    /// What lookup would have to miss in the using module for the use to mean the declaration.
    enum Lookup {
        /// Written through its module or type (`Core.helper`, `Token.shared`): the use means it.
        case qualified
        /// A value lookup: the using module must declare nothing of the name.
        case value
        /// A type lookup: the using module must declare no type of the name.
        case type
    }

    /// Index of the declaration in the candidates the collector was given.
    var declaration: Int
    /// The identifier used.
    var name: String
    var lookup: Lookup
    /// Offset of the identifier, for its line.
    var offset: AbsolutePosition
}

/// In one file of a using module, finds the spellings of `package` declarations of the modules
/// the file imports, and collects what the file declares itself (types anywhere; functions,
/// variables, cases and subscripts of types and of the file), which decides later whether a
/// spelling means the using module's own declaration.
///
/// A use is an identifier in an expression (`helper()`, `Token(...)`, `x.count`, `.shared`), a
/// type (`Token`, `Core.Token`, `Outer.Inner`), a call of a `package` initialiser (`Token(value:)`,
/// `Token.init(value:)`) or a labelled subscript (`x[key: 1]`). Calls must fit the declaration's
/// argument labels; locals, parameters and members in scope shadow as `ScopeLookup` sees them.
final class PackageUseCollector: SyntaxVisitor {
    /// The declarations looked for, from modules the file imports.
    let candidates: [PackageDeclaration]
    /// The module that declares each candidate.
    let modules: [String]
    /// The uses found.
    private(set) var uses: [PackageUse] = []
    /// Names of the types the file declares.
    private(set) var declaredTypes: Set<String> = []
    /// Every name the file declares outside function bodies, types included.
    private(set) var declaredNames: Set<String> = []

    private let byName: [String: [Int]]
    private let subscripts: [Int]
    private let importedModules: Set<String>
    private let scopes = ScopeLookup()

    /// Member names so common on standard library and Foundation types that `x.name` with an
    /// unknown `x` says nothing about which declaration it means.
    static let commonMemberNames: Set<String> = [
        "append", "contains", "count", "data", "debugDescription", "description", "first", "filter",
        "default", "hash", "hashValue", "id", "index", "insert", "isEmpty", "keys", "last", "map", "max",
        "min", "name", "path", "rawValue", "reduce", "remove", "removeAll", "shared", "sorted", "string",
        "text", "type", "url", "value", "values",
    ]

    /// A collector for `candidates`, declared by `modules` (one per candidate).
    init(candidates: [PackageDeclaration], modules: [String]) {
        self.candidates = candidates
        self.modules = modules
        var byName: [String: [Int]] = [:]
        var subscripts: [Int] = []
        for (index, declaration) in candidates.enumerated() {
            if declaration.kind == .subscripting {
                subscripts.append(index)
            } else {
                byName[declaration.name, default: []].append(index)
            }
        }
        self.byName = byName
        self.subscripts = subscripts
        importedModules = Set(modules)
        super.init(viewMode: .sourceAccurate)
    }

    private func record(_ index: Int, _ token: TokenSyntax, _ lookup: PackageUse.Lookup) {
        uses.append(PackageUse(
            declaration: index, name: candidates[index].name, lookup: lookup,
            offset: token.positionAfterSkippingLeadingTrivia
        ))
    }

    /// The name an expression or type ends in: `Token` of `Token`, `Core.Token`.
    private static func lastName(of syntax: some SyntaxProtocol) -> String? {
        switch Syntax(syntax).as(SyntaxEnum.self) {
        case .declReferenceExpr(let reference):
            return ScopeLookup.name(of: reference.baseName)
        case .memberAccessExpr(let member):
            return ScopeLookup.name(of: member.declName.baseName)
        case .identifierType(let type):
            return ScopeLookup.name(of: type.name)
        case .memberType(let type):
            return ScopeLookup.name(of: type.name)
        default:
            return nil
        }
    }

    /// Whether `syntax` is a bare reference to an imported declaring module (`Core` of `Core.helper`).
    private func namesModule(_ syntax: some SyntaxProtocol) -> Bool {
        let name: String?
        if let reference = syntax.as(DeclReferenceExprSyntax.self), reference.argumentNames == nil {
            name = ScopeLookup.name(of: reference.baseName)
        } else if let type = syntax.as(IdentifierTypeSyntax.self), type.genericArgumentClause == nil {
            name = ScopeLookup.name(of: type.name)
        } else {
            name = nil
        }
        return name.map(importedModules.contains) ?? false
    }

    /// The call whose callee is `callee`, if any.
    private static func call(of callee: some SyntaxProtocol) -> FunctionCallExprSyntax? {
        guard let call = callee.parent?.as(FunctionCallExprSyntax.self), call.calledExpression.id == callee.id else {
            return nil
        }
        return call
    }

    private static func labels(_ arguments: LabeledExprListSyntax) -> [String?] {
        arguments.map { $0.label.flatMap(ScopeLookup.name(of:)) }
    }

    private static func trailingClosureCount(_ call: FunctionCallExprSyntax) -> Int {
        (call.trailingClosure == nil ? 0 : 1) + call.additionalTrailingClosures.count
    }

    /// Whether the way `reference` is written (`helper(x:)`) or called fits function `declaration`.
    private static func fits(_ declaration: PackageDeclaration, _ reference: DeclReferenceExprSyntax, callee: some SyntaxProtocol) -> Bool {
        guard declaration.kind == .function else { return true }
        if let argumentNames = reference.argumentNames {
            return argumentNames.arguments.map { ScopeLookup.name(of: $0.name) } == declaration.parameters.map(\.label)
        }
        guard let call = call(of: callee) else { return true }
        return declaration.accepts(labels: labels(call.arguments), trailingClosures: trailingClosureCount(call))
    }

    // MARK: Uses

    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        guard let name = ScopeLookup.name(of: node.baseName), let indices = byName[name] else { return .visitChildren }
        if let member = node.parent?.as(MemberAccessExprSyntax.self), member.declName.id == node.id {
            visitMember(node, name: name, of: member, indices: indices)
            return .visitChildren
        }
        guard !scopes.isShadowed(name, at: node, typeLookup: false) else { return .visitChildren }
        for index in indices {
            let declaration = candidates[index]
            guard declaration.kind != .initializer, Self.fits(declaration, node, callee: node) else { continue }
            // A bare member name may be a member the using type inherits (`count` in an
            // extension of a collection); for common names that is the likelier meaning.
            if declaration.enclosingType != nil, declaration.kind != .type, Self.commonMemberNames.contains(name) {
                continue
            }
            record(index, node.baseName, .value)
        }
        return .visitChildren
    }

    /// `base.name` or `.name`: a module-qualified use of a top-level declaration, a type-qualified
    /// use of a member, or a member of an unknown base, taken only for names that are not common.
    private func visitMember(_ node: DeclReferenceExprSyntax, name: String, of member: MemberAccessExprSyntax, indices: [Int]) {
        let base = member.base
        let baseIsModule = base.map(namesModule) ?? false
        let baseName = base.flatMap(Self.lastName(of:))
        for index in indices {
            let declaration = candidates[index]
            guard declaration.kind != .initializer, Self.fits(declaration, node, callee: member) else { continue }
            if baseIsModule {
                if declaration.enclosingType == nil, base.flatMap(Self.lastName(of:)) == modules[index] {
                    record(index, node.baseName, .qualified)
                }
            } else if let enclosing = declaration.enclosingType {
                if baseName == enclosing {
                    record(index, node.baseName, .qualified)
                } else if !Self.commonMemberNames.contains(name) {
                    record(index, node.baseName, .value)
                }
            }
        }
    }

    override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind {
        guard let name = ScopeLookup.name(of: node.name), let indices = byName[name],
              !scopes.isShadowed(name, at: node, typeLookup: true)
        else {
            return .visitChildren
        }
        for index in indices where candidates[index].kind == .type {
            record(index, node.name, .type)
        }
        return .visitChildren
    }

    /// `Core.Token` and `Outer.Inner` in types.
    override func visit(_ node: MemberTypeSyntax) -> SyntaxVisitorContinueKind {
        guard let name = ScopeLookup.name(of: node.name), let indices = byName[name] else { return .visitChildren }
        let baseIsModule = namesModule(node.baseType)
        let baseName = Self.lastName(of: node.baseType)
        for index in indices where candidates[index].kind == .type {
            let declaration = candidates[index]
            if baseIsModule ? declaration.enclosingType == nil && baseName == modules[index]
                : baseName == declaration.enclosingType
            {
                record(index, node.name, .qualified)
            }
        }
        return .visitChildren
    }

    /// `Token(value:)`, `Core.Token(value:)`, `Token.init(value:)` for `package` initialisers.
    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        var type = ExprSyntax(node.calledExpression)
        if let member = type.as(MemberAccessExprSyntax.self), member.declName.baseName.tokenKind == .keyword(.`init`),
           let base = member.base
        {
            type = base
        }
        let token: TokenSyntax
        let lookup: PackageUse.Lookup
        if let reference = type.as(DeclReferenceExprSyntax.self) {
            token = reference.baseName
            lookup = .value
        } else if let member = type.as(MemberAccessExprSyntax.self), let base = member.base, namesModule(base) {
            token = member.declName.baseName
            lookup = .qualified
        } else {
            return .visitChildren
        }
        guard let name = ScopeLookup.name(of: token), let indices = byName[name],
              indices.contains(where: { candidates[$0].kind == .initializer }),
              lookup == .qualified || !scopes.isShadowed(name, at: type, typeLookup: false)
        else {
            return .visitChildren
        }
        let labels = Self.labels(node.arguments)
        let trailingClosures = Self.trailingClosureCount(node)
        let qualifier = lookup == .qualified ? type.as(MemberAccessExprSyntax.self)?.base.flatMap(Self.lastName(of:)) : nil
        for index in indices where candidates[index].kind == .initializer {
            if qualifier == nil || qualifier == modules[index],
               candidates[index].accepts(labels: labels, trailingClosures: trailingClosures)
            {
                record(index, token, lookup)
            }
        }
        return .visitChildren
    }

    /// `x[key: 1]`: only labelled subscripts are matched.
    override func visit(_ node: SubscriptCallExprSyntax) -> SyntaxVisitorContinueKind {
        let labels = Self.labels(node.arguments)
        guard !subscripts.isEmpty, labels.contains(where: { $0 != nil }) else { return .visitChildren }
        let trailingClosures = (node.trailingClosure == nil ? 0 : 1) + node.additionalTrailingClosures.count
        for index in subscripts where candidates[index].accepts(labels: labels, trailingClosures: trailingClosures) {
            record(index, node.leftSquare, .value)
        }
        return .visitChildren
    }

    // MARK: Declarations of the using module

    private func declareType(_ token: TokenSyntax) {
        if let name = ScopeLookup.name(of: token) {
            declaredTypes.insert(name)
            declaredNames.insert(name)
        }
    }

    private func declareValues(_ names: some Sequence<String>, at node: some SyntaxProtocol) {
        if Self.isOutsideBodies(node) {
            declaredNames.formUnion(names)
        }
    }

    override func visitPost(_ node: StructDeclSyntax) { declareType(node.name) }
    override func visitPost(_ node: ClassDeclSyntax) { declareType(node.name) }
    override func visitPost(_ node: EnumDeclSyntax) { declareType(node.name) }
    override func visitPost(_ node: ActorDeclSyntax) { declareType(node.name) }
    override func visitPost(_ node: ProtocolDeclSyntax) { declareType(node.name) }
    override func visitPost(_ node: TypeAliasDeclSyntax) { declareType(node.name) }
    override func visitPost(_ node: AssociatedTypeDeclSyntax) { declareType(node.name) }

    override func visitPost(_ node: FunctionDeclSyntax) {
        declareValues([ScopeLookup.name(of: node.name)].compactMap { $0 }, at: node)
    }

    override func visitPost(_ node: VariableDeclSyntax) {
        declareValues(node.bindings.flatMap { ScopeLookup.boundNames(in: $0.pattern) }, at: node)
    }

    override func visitPost(_ node: EnumCaseElementSyntax) {
        declareValues([ScopeLookup.name(of: node.name)].compactMap { $0 }, at: node)
    }

    override func visitPost(_ node: SubscriptDeclSyntax) {
        declareValues(["subscript"], at: node)
    }

    /// Whether `decl` is a member of a type or extension, or a top-level declaration of the
    /// file (also inside `#if`), rather than a local of some body.
    private static func isOutsideBodies(_ decl: some SyntaxProtocol) -> Bool {
        var node = decl.parent
        while let current = node {
            switch current.kind {
            case .memberBlockItemList:
                return true
            case .codeBlockItemList:
                switch current.parent?.kind {
                case .sourceFile: return true
                case .ifConfigClause: node = current.parent
                default: return false
                }
            default:
                node = current.parent
            }
        }
        return false
    }
}
