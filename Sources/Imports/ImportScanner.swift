import SwiftParser
import SwiftSyntax

/// One `import` declaration of a source file.
public struct ImportedModule: Sendable, Equatable, Codable {
    /// The module imported (the first component of the path: `X` in `import struct X.Y`).
    public var module: String
    /// The 1-based line of the `import` keyword.
    public var line: Int
    /// `@_exported import`.
    public var exported: Bool
    /// `@testable import`.
    public var testable: Bool
    /// Inside an `#if` (such as `#if canImport(X)`).
    public var conditional: Bool

    /// An import of `module` at `line`.
    public init(module: String, line: Int, exported: Bool = false, testable: Bool = false, conditional: Bool = false) {
        self.module = module
        self.line = line
        self.exported = exported
        self.testable = testable
        self.conditional = conditional
    }
}

/// Lists the imports of Swift sources: every form (`import X`, `@testable`, `@_exported`,
/// `internal import`, `import struct X.Y`), also inside `#if` blocks such as `#if canImport(X)`.
/// Pure: text in, imports out.
public enum ImportScanner {
    /// The imports of `text`, in source order. Only the part of the file up to the last line
    /// that can hold an `import` is parsed (none: nothing is).
    public static func imports(in text: String) -> [ImportedModule] {
        guard let end = endOfLastImportLine(text) else { return [] }
        let tree = Parser.parse(source: String(text[..<end]))
        var found: [(ImportDeclSyntax, Bool)] = []
        func scan(_ items: CodeBlockItemListSyntax, conditional: Bool) {
            for item in items {
                if let decl = item.item.as(ImportDeclSyntax.self) {
                    found.append((decl, conditional))
                } else if let ifConfig = item.item.as(IfConfigDeclSyntax.self) {
                    for clause in ifConfig.clauses {
                        if case .statements(let statements) = clause.elements { scan(statements, conditional: true) }
                    }
                }
            }
        }
        scan(tree.statements, conditional: false)
        guard !found.isEmpty else { return [] }
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        return found.compactMap { decl, conditional in
            guard let first = decl.path.first, let name = ScopeLookup.name(of: first.name) else { return nil }
            let attributes = decl.attributes.compactMap { $0.as(AttributeSyntax.self)?.attributeName.trimmedDescription }
            return ImportedModule(
                module: name,
                line: converter.location(for: decl.importKeyword.positionAfterSkippingLeadingTrivia).line,
                exported: attributes.contains("_exported"),
                testable: attributes.contains("testable"),
                conditional: conditional
            )
        }
    }

    /// Where the last line that could start an `import` declaration ends: after optional
    /// attributes (`@testable`, `@_exported`, `@preconcurrency`, ...) and an access modifier,
    /// the word `import`. Declarations cannot follow an import on its line without a `;`, so
    /// parsing up to there finds every import.
    static func endOfLastImportLine(_ text: String) -> String.Index? {
        let modifiers: Set<Substring> = ["public", "package", "internal", "private", "fileprivate", "open"]
        var last: String.Index?
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            if line.contains("import") {
                var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
                while let w = words.first, w.hasPrefix("@") || modifiers.contains(w) { words = words.dropFirst() }
                if let w = words.first, w == "import" || w.hasPrefix("import;") { last = lineEnd }
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
        }
        return last
    }
}
