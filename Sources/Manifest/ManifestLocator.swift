import SwiftSyntax

/// Where things are declared in a Package.swift, for findings that point at the manifest.
public enum ManifestLocator {
    /// Where one target is declared: the line of its declaration, and the line of the first
    /// `unsafeFlags` in it (when its settings are written inside the declaration).
    public struct TargetLines: Sendable, Equatable {
        /// The 1-based line of the target's declaration.
        public var declaration: Int
        /// The 1-based line of `unsafeFlags` inside the declaration, if any.
        public var unsafeFlags: Int?
    }

    /// The lines of each target declared in `manifest`, by name; empty when the manifest is
    /// not written in a way Carve can read (the findings then point at line 1).
    public static func targetLines(_ manifest: String) -> [String: TargetLines] {
        guard let syntax = try? ManifestSyntax(manifest) else { return [:] }
        var out: [String: TargetLines] = [:]
        for target in syntax.targets where out[target.name] == nil {
            let unsafe = target.call.tokens(viewMode: .sourceAccurate).first { $0.text == "unsafeFlags" }
            out[target.name] = TargetLines(declaration: syntax.line(target.call), unsafeFlags: unsafe.map { syntax.line($0) })
        }
        return out
    }
}
