import Foundation
import Model

/// Why an extraction was refused or failed, for a person to read.
public enum ExtractError: Error, LocalizedError, Equatable {
    case noComponents
    case unknownComponent(String, [String])
    case testTarget(String)
    case blocked(String, String)
    case destinationNotEmpty(String)
    case destinationInsideRepository(String, String)
    case invalidModuleName(String)
    case nameClash(String)
    case renameNeedsOneTarget([String])
    case urlTemplateWithoutName(String)
    case urlTemplateNeedsVersion
    case invalidVersion(String)
    case cycleWithURL(String, [String])
    case branchExists(String)
    case noManifest(String)
    case componentTwice(String)
    case splitFailed(String, String)
    case duplicatePackage(String)
    /// Packages (or targets of different packages) that would depend on each other in a circle.
    case packageCycle([String])
    /// `--verify` failed: the report holds each build's outcome; nothing was written.
    case verificationFailed(ExtractReport)

    public var errorDescription: String? {
        switch self {
        case .noComponents:
            return "no component given: name a target (or its folder) to extract, e.g. `carve extract Networking --to ../Networking`"
        case .unknownComponent(let c, let known):
            return "'\(c)' is not a target or target folder of this package: choose one of \(known.joined(separator: ", ")) (see `carve graph`)"
        case .testTarget(let t):
            return "'\(t)' is a test target: extract the target it tests, and its tests go with it"
        case .blocked(let t, let why):
            return "\(t) cannot be extracted as it stands: \(why)"
        case .destinationNotEmpty(let d):
            return "'\(d)' exists and is not empty: carve extract creates a new repository there; choose a new or empty folder with --to"
        case .destinationInsideRepository(let d, let root):
            return "'\(d)' is inside (or contains) the monorepo at '\(root)': choose a folder outside it with --to, e.g. beside it"
        case .invalidModuleName(let n):
            return "'\(n)' is not a valid Swift module name: use letters, digits and '_', starting with a letter or '_' (and not a keyword)"
        case .nameClash(let n):
            return "'\(n)' is already the name of a target or product of the monorepo: choose another --name"
        case .renameNeedsOneTarget(let t):
            return "--name renames one module, but \(t.count) targets are extracted (\(t.joined(separator: ", "))): extract them without --name, or one at a time"
        case .urlTemplateWithoutName(let t):
            return "--url-template '\(t)' has no {name}: write where the package's name goes, e.g. https://github.com/acme/{name}.git"
        case .urlTemplateNeedsVersion:
            return "--url-template needs --version: the monorepo depends on the new package by URL from that version (e.g. --version 1.0.0)"
        case .invalidVersion(let v):
            return "'\(v)' is not a semantic version: use MAJOR.MINOR.PATCH, e.g. 1.0.0"
        case .cycleWithURL(let n, let needs):
            return "\(n) still needs \(needs.joined(separator: ", ")) from the monorepo, which also depends on it: by URL and version that cycle cannot resolve; extract \(needs.joined(separator: ", ")) together with it (list them as components), or first, or leave out --url-template"
        case .branchExists(let b):
            return "branch '\(b)' already exists: delete it (`git branch -D \(b)`) or name another with --branch"
        case .noManifest(let rev):
            return "there is no Package.swift at the root of \(rev): carve extract works on Swift packages; pass --repo with the package's repository (or --rev)"
        case .splitFailed(let name, let why):
            return "splitting the history of \(name) failed: \(why)"
        case .componentTwice(let c):
            return "\(c) is listed in two packages: a component goes into one package only; remove it from one of them"
        case .duplicatePackage(let n):
            return "two packages are named '\(n)': give each package its own name in the config file"
        case .packageCycle(let cycle):
            return "the packages would depend on each other in a cycle (\(cycle.joined(separator: " → "))): group those components into one package (in the config file: {\"packages\": [{\"name\": \"\(cycle[0])\", \"components\": [\(Array(Set(cycle)).sorted().map { "\"\($0)\"" }.joined(separator: ", "))]}]}); nothing was written"
        case .verificationFailed(let report):
            let failed = (report.verification ?? []).filter { !$0.succeeded }.map(\.package)
            return "verification failed: \(failed.joined(separator: ", ")) did not build (the compiler's output is above); nothing was written. Fix the monorepo and extract again, or leave out --verify to write the result and fix it there"
        }
    }
}
