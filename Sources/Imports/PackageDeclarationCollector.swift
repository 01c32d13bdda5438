import SwiftSyntax

/// A declaration with `package` access, as the scanner matches uses against it.
struct PackageDeclaration {
    /// What the declaration is, which decides how a use can spell it.
    enum Kind {
        case type, function, variable, initializer, subscripting
    }

    /// One parameter of a function, initialiser or subscript, as a call sees it.
    struct Parameter: Equatable {
        /// The argument label; nil for `_`.
        var label: String?
        /// A call may leave the argument out (a default value, or variadic).
        var canBeOmitted: Bool
        /// Variadic: unlabelled arguments after it belong to it too.
        var isVariadic: Bool
    }

    var kind: Kind
    /// The identifier a use spells: the declared name; for an initialiser, its type's name; for a
    /// subscript, `subscript`.
    var name: String
    /// The name of the innermost type or extended type around the declaration; nil at top level.
    var enclosingType: String?
    /// Parameters of functions, initialisers and subscripts; empty for the others.
    var parameters: [Parameter]
    /// The declaration as `PackageAccessFinding.declaration` reports it.
    var description: String
    /// Offset of the declaration's keyword, for its line.
    var offset: AbsolutePosition

    /// Words one of which a file must spell to use the declaration: a subscript is used through
    /// its argument labels (an unlabelled one cannot be told from any other and is not matched).
    var searchWords: [String] {
        kind == .subscripting ? parameters.compactMap(\.label) : [name]
    }

    /// Whether a call with these argument labels (nil for unlabelled) and `trailingClosures`
    /// trailing closures can call this declaration. Defaulted and variadic parameters may be
    /// left out; a variadic parameter takes the unlabelled arguments after it.
    func accepts(labels: [String?], trailingClosures: Int) -> Bool {
        var next = 0
        var previousIsVariadic = false
        for label in labels {
            if previousIsVariadic, label == nil {
                continue
            }
            while next < parameters.count, parameters[next].label != label {
                guard parameters[next].canBeOmitted else { return false }
                next += 1
            }
            guard next < parameters.count else { return false }
            previousIsVariadic = parameters[next].isVariadic
            next += 1
        }
        let remaining = parameters[next...]
        return remaining.filter { !$0.canBeOmitted }.count <= trailingClosures && trailingClosures <= remaining.count
    }
}

/// Collects the declarations of one file that have `package` access: an explicit `package`
/// modifier (not `package(set)`, which only narrows the setter), or no access modifier inside a
/// `package extension`. Local declarations cannot be `package`, so bodies are skipped.
final class PackageDeclarationCollector: SyntaxVisitor {
    /// The declarations found, in source order.
    private(set) var declarations: [PackageDeclaration] = []
    /// Names of the enclosing types and extended types, outermost first.
    private var enclosing: [String] = []

    init() {
        super.init(viewMode: .sourceAccurate)
    }

    private static let accessKeywords: Set<Keyword> = [.private, .fileprivate, .internal, .package, .public, .open]

    /// Whether `modifiers` give the declaration `package` access, with `inPackageExtension` when
    /// its parent is the member list of a `package extension`.
    private static func isPackage(_ modifiers: DeclModifierListSyntax, inPackageExtension: Bool) -> Bool {
        var hasAccess = false
        for modifier in modifiers {
            guard case .keyword(let keyword) = modifier.name.tokenKind, accessKeywords.contains(keyword) else { continue }
            if modifier.detail != nil {
                // `private(set)`, `package(set)`: the setter's access, not the declaration's.
                continue
            }
            if keyword == .package {
                return true
            }
            hasAccess = true
        }
        return inPackageExtension && !hasAccess
    }

    private func isPackage(_ node: some WithModifiersSyntax) -> Bool {
        let inPackageExtension = node.parent?.parent?.parent?.parent?.as(ExtensionDeclSyntax.self).map {
            Self.isPackage($0.modifiers, inPackageExtension: false)
        } ?? false
        return Self.isPackage(node.modifiers, inPackageExtension: inPackageExtension)
    }

    private var qualifier: String {
        enclosing.map { $0 + "." }.joined()
    }

    private func add(_ kind: PackageDeclaration.Kind, name: String, parameters: [PackageDeclaration.Parameter] = [],
                     description: String, at keyword: TokenSyntax)
    {
        declarations.append(PackageDeclaration(
            kind: kind, name: name, enclosingType: enclosing.last.map(Self.lastComponent), parameters: parameters,
            description: description, offset: keyword.positionAfterSkippingLeadingTrivia
        ))
    }

    private static func lastComponent(_ typeName: String) -> String {
        typeName.split(separator: ".").last.map(String.init) ?? typeName
    }

    private static func parameters(_ list: FunctionParameterListSyntax) -> [PackageDeclaration.Parameter] {
        list.map { parameter in
            PackageDeclaration.Parameter(
                label: ScopeLookup.name(of: parameter.firstName),
                canBeOmitted: parameter.defaultValue != nil || parameter.ellipsis != nil,
                isVariadic: parameter.ellipsis != nil
            )
        }
    }

    private static func labels(_ parameters: [PackageDeclaration.Parameter]) -> String {
        "(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
    }

    private func visitType(_ node: some NamedDeclSyntax & WithModifiersSyntax, keyword: TokenSyntax) -> SyntaxVisitorContinueKind {
        guard let name = ScopeLookup.name(of: node.name) else { return .skipChildren }
        if isPackage(node) {
            add(.type, name: name, description: "\(keyword.text) \(qualifier)\(name)", at: keyword)
        }
        enclosing.append(name)
        return .visitChildren
    }

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind {
        visitType(node, keyword: node.structKeyword)
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        visitType(node, keyword: node.classKeyword)
    }

    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind {
        visitType(node, keyword: node.enumKeyword)
    }

    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind {
        visitType(node, keyword: node.actorKeyword)
    }

    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind {
        visitType(node, keyword: node.protocolKeyword)
    }

    override func visitPost(_ node: StructDeclSyntax) { popType(node.name) }
    override func visitPost(_ node: ClassDeclSyntax) { popType(node.name) }
    override func visitPost(_ node: EnumDeclSyntax) { popType(node.name) }
    override func visitPost(_ node: ActorDeclSyntax) { popType(node.name) }
    override func visitPost(_ node: ProtocolDeclSyntax) { popType(node.name) }

    private func popType(_ name: TokenSyntax) {
        if ScopeLookup.name(of: name) != nil {
            enclosing.removeLast()
        }
    }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        enclosing.append(node.extendedType.trimmedDescription)
        return .visitChildren
    }

    override func visitPost(_ node: ExtensionDeclSyntax) {
        enclosing.removeLast()
    }

    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
        if isPackage(node), let name = ScopeLookup.name(of: node.name) {
            add(.type, name: name, description: "typealias \(qualifier)\(name)", at: node.typealiasKeyword)
        }
        return .skipChildren
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        // Operators are used without spelling an identifier; they are not matched.
        if isPackage(node), let name = ScopeLookup.name(of: node.name) {
            let parameters = Self.parameters(node.signature.parameterClause.parameters)
            add(.function, name: name, parameters: parameters,
                description: "func \(qualifier)\(name)\(Self.labels(parameters))", at: node.funcKeyword)
        }
        return .skipChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        if isPackage(node) {
            for binding in node.bindings {
                for name in ScopeLookup.boundNames(in: binding.pattern).sorted() {
                    add(.variable, name: name, description: "\(node.bindingSpecifier.text) \(qualifier)\(name)",
                        at: node.bindingSpecifier)
                }
            }
        }
        return .skipChildren
    }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        if isPackage(node), let type = enclosing.last {
            let parameters = Self.parameters(node.signature.parameterClause.parameters)
            add(.initializer, name: Self.lastComponent(type), parameters: parameters,
                description: "\(qualifier)init\(Self.labels(parameters))", at: node.initKeyword)
        }
        return .skipChildren
    }

    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
        if isPackage(node) {
            // A subscript's parameters have no argument label unless one is written before the name.
            let list = node.parameterClause.parameters
            let parameters = zip(list, Self.parameters(list)).map { syntax, parameter in
                var parameter = parameter
                if syntax.secondName == nil {
                    parameter.label = nil
                }
                return parameter
            }
            add(.subscripting, name: "subscript", parameters: parameters,
                description: "\(qualifier)subscript\(Self.labels(parameters))", at: node.subscriptKeyword)
        }
        return .skipChildren
    }

    override func visit(_ node: MacroDeclSyntax) -> SyntaxVisitorContinueKind {
        .skipChildren
    }
}
