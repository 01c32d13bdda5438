import Dispatch
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
    /// The conditions of the `#if`/`#elseif` clauses around it, outermost first (`canImport(X)`,
    /// `os(Linux)`, `FLAG`); an `#else` clause is `#else`.
    public var conditions: [String] = []

    /// An import of `module` at `line`.
    public init(module: String, line: Int, exported: Bool = false, testable: Bool = false, conditional: Bool = false, conditions: [String] = []) {
        self.conditions = conditions
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
    /// The imports of each text, scanned on all cores (`imports(in:)` for each).
    public static func imports(inEach texts: [String]) -> [[ImportedModule]] {
        concurrentMap(texts.count, empty: []) { imports(in: texts[$0]) }
    }

    /// The imports of `text`, in source order. Only the part of the file up to the last line
    /// that can hold an `import` is parsed (none: nothing is).
    public static func imports(in text: String) -> [ImportedModule] {
        guard let end = endOfLastImportLine(text) else { return [] }
        let tree = Parser.parse(source: String(text[..<end]))
        var found: [(ImportDeclSyntax, [String])] = []
        func scan(_ items: CodeBlockItemListSyntax, conditions: [String]) {
            for item in items {
                if let decl = item.item.as(ImportDeclSyntax.self) {
                    found.append((decl, conditions))
                } else if let ifConfig = item.item.as(IfConfigDeclSyntax.self) {
                    for clause in ifConfig.clauses {
                        let condition = clause.condition?.trimmedDescription ?? "#else"
                        if case .statements(let statements) = clause.elements { scan(statements, conditions: conditions + [condition]) }
                    }
                }
            }
        }
        scan(tree.statements, conditions: [])
        guard !found.isEmpty else { return [] }
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        return found.compactMap { decl, conditions in
            guard let first = decl.path.first, let name = ScopeLookup.name(of: first.name) else { return nil }
            let attributes = decl.attributes.compactMap { $0.as(AttributeSyntax.self)?.attributeName.trimmedDescription }
            return ImportedModule(
                module: name,
                line: converter.location(for: decl.importKeyword.positionAfterSkippingLeadingTrivia).line,
                exported: attributes.contains("_exported"),
                testable: attributes.contains("testable"),
                conditional: !conditions.isEmpty,
                conditions: conditions
            )
        }
    }

    /// Where the last line that could start an `import` declaration ends: after optional
    /// attributes (`@testable`, `@_exported`, `@preconcurrency`, ...) and an access modifier,
    /// the word `import`. Declarations cannot follow an import on its line without a `;`, so
    /// parsing up to there finds every import.
    private static let accessModifiers: Set<[UInt8]> = Set(["public", "package", "internal", "private", "fileprivate", "open"].map { Array($0.utf8) })

    static func endOfLastImportLine(_ text: String) -> String.Index? {
        var copy = text
        let end: Int? = copy.withUTF8 { bytes in
            let word = Array("import".utf8)
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
            var found: Int?
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                // The words of the line before `import`: attributes and modifiers only.
                var i = lineStart
                while true {
                    while i < lineEnd && isSpace(bytes[i]) { i += 1 }
                    var j = i
                    while j < lineEnd && !isSpace(bytes[j]) { j += 1 }
                    let token = bytes[i..<j]
                    if token.first == UInt8(ascii: "@") || accessModifiers.contains(Array(token)) {
                        i = j
                        continue
                    }
                    if token.starts(with: word) && (token.count == word.count || token[token.startIndex + word.count] == UInt8(ascii: ";")) {
                        found = lineEnd
                    }
                    break
                }
                lineStart = lineEnd + 1
            }
            return found
        }
        return end.map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
    }
}


/// `make(i)` for every index `0..<count`, computed on all cores (Dispatch shares the indices
/// among them); each result is written once, at its own index.
func concurrentMap<Value>(_ count: Int, empty: Value, _ make: @Sendable (Int) -> Value) -> [Value] {
    var values = Array(repeating: empty, count: count)
    values.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = make($0) }
    }
    return values
}
