import SwiftParser
import SwiftSyntax

/// Finds the declarations with `package` access that a cut would separate from their uses: a
/// cut moves some modules into a new package and leaves the others, and `package` access does
/// not reach from one package into another.
///
/// Pure: text in, findings out. Each file is parsed at most once, and only when it could
/// matter: a declaring file must contain `package`, a using file one of the declared names.
public enum PackageAccessScanner {
    /// The `package` declarations of the modules on each side of the cut that are used by a module
    /// on the other side (in a file importing the declaring module, in any form: `import X`,
    /// `@testable import X`, `internal import X`, `import struct X.Y`), one finding per
    /// declaration and using module, at the first use (files in the order given, then source order).
    ///
    /// Precision is preferred over recall: a name the using module declares itself (outside
    /// function bodies), or that a local, parameter or member in scope shadows, is not a use;
    /// a member used on a base that is neither its module nor its type (`x.name`) is taken
    /// only when the name is not one of a few very common standard library member names; calls
    /// must fit the declaration's argument labels. `package(set)` is not `package` access.
    /// Findings come in the order of their declarations (moved side first), then using modules.
    public static func findings(moved: [ModuleSources], staying: [ModuleSources]) -> [PackageAccessFinding] {
        let sides = [moved, staying]
        var parsed = ParsedFiles()
        let declared = sides.indices.map { side in declarations(in: sides[side], side: side, parsed: &parsed) }
        var findings: [PackageAccessFinding] = []
        for side in sides.indices {
            let other = 1 - side
            guard !declared[other].isEmpty else { continue }
            for (moduleIndex, module) in sides[side].enumerated() {
                findings += uses(of: declared[other], in: module, side: side, moduleIndex: moduleIndex, parsed: &parsed)
            }
        }
        return findings
    }

    /// The `package` declarations of each component (a group of modules that would be split out
    /// together) used by modules of another component: what stops each component from being
    /// split out on its own. The same rules and order as `findings(moved:staying:)`, components
    /// in the order given.
    public static func findings(acrossComponents components: [[ModuleSources]]) -> [PackageAccessFinding] {
        var parsed = ParsedFiles()
        let declared = components.indices.map { declarations(in: components[$0], side: $0, parsed: &parsed) }
        let others = components.indices.map { group in declared.indices.filter { $0 != group }.flatMap { declared[$0] } }
        // The files that could use another component's declarations, parsed on all cores first.
        var wanted: [(key: [Int], text: String)] = []
        for group in components.indices where !others[group].isEmpty {
            let words = Set(others[group].flatMap(\.declaration.searchWords))
            for (moduleIndex, module) in components[group].enumerated() {
                for (fileIndex, file) in module.files.enumerated() where spellsAny(of: words, file.text) {
                    wanted.append(([group, moduleIndex, fileIndex], file.text))
                }
            }
        }
        parsed.parseAll(wanted)
        var findings: [PackageAccessFinding] = []
        for group in components.indices {
            let others = others[group]
            guard !others.isEmpty else { continue }
            for (moduleIndex, module) in components[group].enumerated() {
                findings += uses(of: others, in: module, side: group, moduleIndex: moduleIndex, parsed: &parsed)
            }
        }
        return findings
    }

    /// A `package` declaration with where it is.
    private struct Located {
        var declaration: PackageDeclaration
        var module: String
        var file: String
        var line: Int
    }

    /// Syntax trees parsed so far, by side, module and file index, so no file is parsed twice.
    private struct ParsedFiles {
        private var trees: [[Int]: SourceFileSyntax] = [:]

        mutating func tree(side: Int, module: Int, file: Int, text: String) -> SourceFileSyntax {
            let key = [side, module, file]
            if let tree = trees[key] {
                return tree
            }
            let tree = Parser.parse(source: text)
            trees[key] = tree
            return tree
        }

        /// Parses the files not parsed yet, on all cores.
        mutating func parseAll(_ files: [(key: [Int], text: String)]) {
            let missing = files.filter { trees[$0.key] == nil }
            let parsedTrees = concurrentMap(missing.count, empty: nil as SourceFileSyntax?) { Parser.parse(source: missing[$0].text) }
            for (file, tree) in zip(missing, parsedTrees) { trees[file.key] = tree }
        }
    }

    private static func declarations(in modules: [ModuleSources], side: Int, parsed: inout ParsedFiles) -> [Located] {
        var found: [Located] = []
        for (moduleIndex, module) in modules.enumerated() {
            for (fileIndex, file) in module.files.enumerated() where TextSearch.contains(file.text, "package") {
                let tree = parsed.tree(side: side, module: moduleIndex, file: fileIndex, text: file.text)
                let collector = PackageDeclarationCollector()
                collector.walk(tree)
                guard !collector.declarations.isEmpty else { continue }
                let converter = SourceLocationConverter(fileName: file.path, tree: tree)
                for declaration in collector.declarations {
                    found.append(Located(
                        declaration: declaration, module: module.module, file: file.path,
                        line: converter.location(for: declaration.offset).line
                    ))
                }
            }
        }
        return found
    }

    /// The findings of `declarations` (all of the other side) used by `module`.
    private static func uses(
        of declarations: [Located], in module: ModuleSources, side: Int, moduleIndex: Int, parsed: inout ParsedFiles
    ) -> [PackageAccessFinding] {
        let words = Set(declarations.flatMap(\.declaration.searchWords))
        let declaringModules = Set(declarations.map(\.module))
        var declaredTypes: Set<String> = []
        var declaredNames: Set<String> = []
        // Per file: the uses found and where they point into `declarations`.
        var perFile: [(file: Int, tree: SourceFileSyntax, uses: [PackageUse], candidates: [Int])] = []
        for (fileIndex, file) in module.files.enumerated() where spellsAny(of: words, file.text) {
            let tree = parsed.tree(side: side, module: moduleIndex, file: fileIndex, text: file.text)
            let imported = importedModules(tree).intersection(declaringModules)
            let candidates = declarations.indices.filter { imported.contains(declarations[$0].module) }
            let collector = PackageUseCollector(
                candidates: candidates.map { declarations[$0].declaration },
                modules: candidates.map { declarations[$0].module }
            )
            collector.walk(tree)
            declaredTypes.formUnion(collector.declaredTypes)
            declaredNames.formUnion(collector.declaredNames)
            if !collector.uses.isEmpty {
                perFile.append((fileIndex, tree, collector.uses.sorted { $0.offset < $1.offset }, candidates))
            }
        }

        var firstUse: [Int: (file: Int, line: Int)] = [:]
        for (fileIndex, tree, fileUses, candidates) in perFile {
            var converter: SourceLocationConverter?
            for use in fileUses {
                let declaration = candidates[use.declaration]
                guard firstUse[declaration] == nil else { continue }
                switch use.lookup {
                case .qualified: break
                case .value: if declaredNames.contains(use.name) { continue }
                case .type: if declaredTypes.contains(use.name) { continue }
                }
                // A member spelled without its type (`x.count`, a bare `Element`) means it only
                // in a file that names the type somewhere: otherwise it is another type's member
                // of the same name (a generic parameter, a standard library requirement).
                if use.lookup != .qualified, let enclosing = declarations[declaration].declaration.enclosingType,
                   let outer = enclosing.split(separator: ".").first.map(String.init),
                   !spellsAny(of: [outer], module.files[fileIndex].text) {
                    continue
                }
                if converter == nil {
                    converter = SourceLocationConverter(fileName: module.files[fileIndex].path, tree: tree)
                }
                firstUse[declaration] = (fileIndex, converter!.location(for: use.offset).line)
            }
        }

        return firstUse.keys.sorted().map { index in
            let declaration = declarations[index]
            let use = firstUse[index]!
            return PackageAccessFinding(
                declaration: declaration.declaration.description, declaringModule: declaration.module,
                declarationFile: declaration.file, declarationLine: declaration.line,
                usingModule: module.module, useFile: module.files[use.file].path, useLine: use.line
            )
        }
    }

    /// The modules a file imports: the first path component of every `import`, also inside `#if`.
    static func importedModules(_ tree: SourceFileSyntax) -> Set<String> {
        var modules: Set<String> = []
        func scan(_ items: CodeBlockItemListSyntax) {
            for item in items {
                if let importDecl = item.item.as(ImportDeclSyntax.self) {
                    if let first = importDecl.path.first, let name = ScopeLookup.name(of: first.name) {
                        modules.insert(name)
                    }
                } else if let ifConfig = item.item.as(IfConfigDeclSyntax.self) {
                    for clause in ifConfig.clauses {
                        if case .statements(let statements) = clause.elements {
                            scan(statements)
                        }
                    }
                }
            }
        }
        scan(tree.statements)
        return modules
    }

    /// Whether `text` contains one of `words` as a whole identifier (`_`, letters, digits, and
    /// any non-ASCII byte count as identifier characters).
    static func spellsAny(of words: Set<String>, _ text: String) -> Bool {
        guard !words.isEmpty else { return false }
        let bytes = text.utf8
        var start: String.UTF8View.Index?
        var index = bytes.startIndex
        while true {
            let isIdentifier = index < bytes.endIndex && Self.isIdentifierByte(bytes[index])
            if isIdentifier {
                if start == nil { start = index }
            } else if let wordStart = start {
                if words.contains(String(text[wordStart..<index])) {
                    return true
                }
                start = nil
            }
            guard index < bytes.endIndex else { return false }
            index = bytes.index(after: index)
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), 0x80...:
            return true
        default:
            return false
        }
    }
}
