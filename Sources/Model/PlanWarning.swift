/// Something in an extraction plan a person should know or check. The planner records the
/// facts; `message` words them.
public enum PlanWarning: Sendable, Equatable {
    /// The new package needs targets of the monorepo, which also uses it: a package cycle
    /// (accepted from tools version 6.0). `command` extracts them together instead.
    case packageCycle(package: String, needs: [String], users: [String], command: String)
    /// The new package depends on the monorepo for these targets (made products of it).
    case dependsOnMonorepo(package: String, needs: [String], command: String)
    /// Nothing is left in the monorepo's package but the dependencies on the new packages.
    case nothingLeft(packages: [String])
    /// A note from writing a manifest.
    case manifest(String)
    /// An Xcode project or workspace refers to a folder that moves out.
    case xcodeReference(folder: String, file: String, line: Int, text: String)
    /// Other local packages use products of the package a target leaves.
    case productUsers(package: String, users: [String])

    /// The warning for a person.
    public var message: String {
        switch self {
        case .packageCycle(let package, let needs, let users, let command):
            return "\(package) and the monorepo depend on each other (\(package) needs \(needs.joined(separator: ", ")); \(users.joined(separator: ", ")) need \(package)): SwiftPM accepts this from tools version 6.0, so both manifests are raised to it; better, extract \(needs.joined(separator: ", ")) first or together with \(package): `\(command)`"
        case .dependsOnMonorepo(let package, let needs, let command):
            return "\(package) depends on the monorepo for \(needs.joined(separator: ", ")), which become products of it; consider extracting them too: `\(command)`"
        case .nothingLeft(let packages):
            return "nothing is left in the monorepo: its Package.swift on the branch only depends on the new packages (\(packages.joined(separator: ", "))), so that it still builds"
        case .manifest(let text):
            return text
        case .xcodeReference(let folder, let file, let line, let text):
            return "\(file):\(line) refers to \(folder), which moves out (`\(text)`): point the Xcode project at the new package by hand"
        case .productUsers(let package, let users):
            return "the local packages \(users.joined(separator: ", ")) depend on \(package), whose products lose the moved targets: check them"
        }
    }

    /// A short identifier of the kind of warning.
    public var kind: String {
        switch self {
        case .packageCycle: "package-cycle"
        case .dependsOnMonorepo: "depends-on-monorepo"
        case .nothingLeft: "nothing-left"
        case .manifest: "manifest"
        case .xcodeReference: "xcode-reference"
        case .productUsers: "product-users"
        }
    }
}

extension PlanWarning: Codable {
    private enum CodingKeys: String, CodingKey { case kind, message, file, line }

    /// Encodes the kind and the message (and the place, for Xcode references).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(message, forKey: .message)
        if case .xcodeReference(_, let file, let line, _) = self {
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
        }
    }

    /// Reads a warning back as its message (the facts are not kept in JSON).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self = .manifest(try c.decode(String.self, forKey: .message))
    }
}
