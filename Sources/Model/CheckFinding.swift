/// A rule of `carve check`: what keeps a component splittable.
public enum CheckRule: String, Sendable, Equatable, Codable, CaseIterable {
    case undeclaredImport = "undeclared-import"
    case unusedDependency = "unused-dependency"
    case packageAccess = "package-access"
    case exportedImport = "exported-import"
    case unsafeFlags = "unsafe-flags"
    case nestedTarget = "nested-target"
    case layout = "layout"
    case packageCycle = "package-cycle"
    case notExtractable = "not-extractable"

    /// The rule's id, as findings, baselines and configs name it.
    public var id: String { rawValue }

    /// Whether a finding of this rule fails the check (the others are warnings).
    public var isError: Bool { self != .unusedDependency }

    /// One line on what the rule asks and why.
    public var explanation: String {
        switch self {
        case .undeclaredImport:
            return "a target imports a module its manifest entry does not declare; it builds only because another dependency brings the module in, and stops building when that one is split out"
        case .unusedDependency:
            return "a declared dependency that no source of the target imports; it ties the target to a component it does not use"
        case .packageAccess:
            return "a `package` declaration used from another component; `package` access stops resolving once the component is split out"
        case .exportedImport:
            return "`@_exported import` of another component re-exports it to every importer, who then imports it without declaring it"
        case .unsafeFlags:
            return "`unsafeFlags` in a target; SwiftPM refuses them in a package used as a versioned dependency, so the component could not be published"
        case .nestedTarget:
            return "a target's folder is inside another target's folder, so neither can be split out without the other's files"
        case .layout:
            return "a component outside one level: targets belong in Sources/<Name>, Tests/<Name>Tests (or Plugins/<Name>), and local packages one per folder, not inside another package"
        case .packageCycle:
            return "local packages depend on each other by path in a cycle; none of them can be split out on its own"
        case .notExtractable:
            return "`carve extract` would refuse this component as it stands"
        }
    }
}

/// One thing `carve check` found.
public struct CheckFinding: Sendable, Equatable, Hashable, Codable {
    /// The rule's id (`CheckRule.id`).
    public var rule: String
    /// `error` (fails the check) or `warning`.
    public var severity: String
    /// The folder of the package it is in, relative to the repository ("" for the root package).
    public var package: String
    /// The component: a target's name, or a local package's folder.
    public var component: String
    /// The file it points at, relative to the repository (a source file or a Package.swift).
    public var file: String
    /// The 1-based line in `file`, or 0 when it is about the file as a whole.
    public var line: Int
    /// What is wrong, for a person.
    public var message: String

    /// A finding of `rule`.
    public init(rule: CheckRule, package: String, component: String, file: String, line: Int, message: String) {
        self.rule = rule.id
        self.severity = rule.isError ? "error" : "warning"
        self.package = package
        self.component = component
        self.file = file
        self.line = line
        self.message = message
    }

    /// What identifies the finding across edits that only move lines (for baselines).
    public var baselineKey: String {
        [rule, package, component, file, message].joined(separator: "\u{1F}")
    }
}

/// What `carve check` reports.
public struct CheckReport: Sendable, Equatable, Codable {
    /// The revision checked, or nil for the working tree.
    public var revision: String?
    /// The packages checked (folders relative to the repository, "" for the root).
    public var packages: [String]
    /// How many components (targets and local packages) were checked.
    public var components: Int
    /// The findings, by package, component, file and line.
    public var findings: [CheckFinding]
    /// Findings left out because the baseline records them.
    public var baselined: Int
    /// Findings left out because the config turns their rule off for their component.
    public var disabled: Int
    /// Wall-clock seconds of the check's phases (reading, evaluating manifests, imports, ...).
    public var seconds: [String: Double] = [:]
    /// The version of Carve that checked.
    public var version: String = CarveVersion.current

    /// Describes a check's result.
    public init(revision: String?, packages: [String], components: Int, findings: [CheckFinding], baselined: Int = 0, disabled: Int = 0) {
        self.revision = revision
        self.packages = packages
        self.components = components
        self.findings = findings
        self.baselined = baselined
        self.disabled = disabled
    }

    /// Whether any finding fails the check.
    public var failed: Bool { findings.contains { $0.severity == "error" } }
}
