/// A declaration with `package` access used across a cut: declared in a module on one side and
/// used by a module on the other, which stops compiling once the two are in different packages.
public struct PackageAccessFinding: Sendable, Equatable, Codable {
    /// What is declared, as Swift names it, with enclosing types and argument labels:
    /// `func helper()`, `func Token.reset(to:)`, `var Token.count`, `struct Token`,
    /// `Token.init(value:)`, `Token.subscript(key:)`.
    public var declaration: String
    /// The module that declares it.
    public var declaringModule: String
    /// The file that declares it.
    public var declarationFile: String
    /// The 1-based line of the declaration's keyword (after attributes and modifiers).
    public var declarationLine: Int
    /// The module on the other side of the cut that uses it.
    public var usingModule: String
    /// The file of the first use found in `usingModule`.
    public var useFile: String
    /// The 1-based line of that use.
    public var useLine: Int

    /// A finding of `declaration` (in `declaringModule` at `declarationFile`:`declarationLine`)
    /// used by `usingModule` first at `useFile`:`useLine`.
    public init(
        declaration: String, declaringModule: String, declarationFile: String, declarationLine: Int,
        usingModule: String, useFile: String, useLine: Int
    ) {
        self.declaration = declaration
        self.declaringModule = declaringModule
        self.declarationFile = declarationFile
        self.declarationLine = declarationLine
        self.usingModule = usingModule
        self.useFile = useFile
        self.useLine = useLine
    }
}
