import SwiftParser
import SwiftSyntax

/// Renames every reference to one module in Swift sources: import declarations, `canImport`
/// conditions and module-qualified names (`Old.name`, `Old.Type`), leaving alone the places where
/// the name means something else (a local, a parameter, a member, a declaration of the module).
/// Everything but the renamed identifiers is kept byte for byte.
public struct ModuleRenamer: Sendable {
    /// The module's current name.
    let old: String
    /// The module's new name.
    let new: String

    /// A renamer from module `old` to module `new`.
    public init(from old: String, to new: String) {
        self.old = old
        self.new = new
    }

    /// Names of all types (struct/class/enum/actor/protocol/typealias/associatedtype), at any nesting level, and top-level funcs/vars/lets declared in `source`.
    public static func declaredNames(in source: String) -> Set<String> {
        let collector = DeclaredNamesCollector()
        collector.walk(Parser.parse(source: source))
        return collector.names
    }

    /// The source with every reference to module `old` renamed to `new`, or nil when nothing changed.
    /// `moduleDeclaresOld`: true when the module the file belongs to declares something named `old`
    /// (caller computes it with declaredNames over all files of that module); then bare `old.`
    /// qualified expressions/types in that file refer to that declaration, not the module, and are left alone
    /// (imports and canImport are still renamed).
    public func rewrite(_ source: String, moduleDeclaresOld: Bool) -> String? {
        // Every reference spells the name (possibly in backticks), so a file without it is untouched.
        guard old != new, !old.isEmpty, TextSearch.contains(source, old) else { return nil }
        let collector = ReferenceCollector(moduleName: old, moduleDeclaresName: moduleDeclaresOld)
        collector.walk(Parser.parse(source: source))
        guard !collector.references.isEmpty else { return nil }

        let bytes = Array(source.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + collector.references.count * max(0, new.utf8.count - old.utf8.count + 2))
        var cursor = 0
        for token in collector.references.sorted(by: { $0.start < $1.start }) where token.start >= cursor {
            output.append(contentsOf: bytes[cursor..<token.start])
            output.append(contentsOf: (token.backticked ? "`\(new)`" : new).utf8)
            cursor = token.end
        }
        output.append(contentsOf: bytes[cursor...])
        return String(decoding: output, as: UTF8.self)
    }
}
