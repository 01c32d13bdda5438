/// What `carve check` is asked to do.
public struct CheckRequest: Sendable, Equatable {
    /// Only the package in this folder (relative to the repository; "" for the root package).
    public var package: String?
    public var config: CheckConfig
    /// Findings that do not fail the check (`--baseline`).
    public var baseline: CheckBaseline?

    /// Describes a check.
    public init(package: String? = nil, config: CheckConfig = CheckConfig(), baseline: CheckBaseline? = nil) {
        self.package = package
        self.config = config
        self.baseline = baseline
    }
}

/// The config of `carve check` (`carve-check.json` at the repository root, or `--config FILE`):
/// folders it does not read, and rules turned off per component.
///
/// ```json
/// {
///   "exclude": ["TestRepos", "Examples"],
///   "disable": { "*": ["unused-dependency"], "NIOCore": ["package-access"], "Packages/Legacy": ["layout"] }
/// }
/// ```
public struct CheckConfig: Sendable, Equatable, Codable {
    /// Folders (relative to the repository) whose packages and sources are not read.
    public var exclude: [String]
    /// Component (a target's name, a local package's folder, or `*` for every one) → the ids
    /// of the rules turned off for it.
    public var disable: [String: [String]]

    /// A config.
    public init(exclude: [String] = [], disable: [String: [String]] = [:]) {
        self.exclude = exclude
        self.disable = disable
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        exclude = try c.decodeIfPresent([String].self, forKey: .exclude) ?? []
        disable = try c.decodeIfPresent([String: [String]].self, forKey: .disable) ?? [:]
    }

    /// Whether `path` (relative to the repository) is in an excluded folder.
    public func excludes(_ path: String) -> Bool {
        exclude.contains { folder in
            let f = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
            return path == f || path.hasPrefix(f + "/")
        }
    }

    /// Whether `rule` is off for `component`.
    public func disables(_ rule: String, for component: String) -> Bool {
        (disable["*"] ?? []).contains(rule) || (disable[component] ?? []).contains(rule)
    }
}

/// Findings recorded so that `carve check` fails only on new ones (`--write-baseline FILE`,
/// then `--baseline FILE`).
public struct CheckBaseline: Sendable, Equatable, Codable {
    /// The version of Carve that wrote it.
    public var version: String
    /// The findings recorded (lines are kept for people; a finding matches without them).
    public var findings: [CheckFinding]

    /// A baseline of `findings`.
    public init(findings: [CheckFinding]) {
        version = CarveVersion.current
        self.findings = findings
    }
}
