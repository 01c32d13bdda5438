import Foundation
import Imports
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
    case unknownPackage(String, [String])
    case mixedComponents
    case targetsOfSeveralPackages([String])
    case ambiguousComponent(String, [String])
    case renameUnknown(String, [String])
    /// `package` declarations used across the cut.
    case packageAccess([PackageAccessFinding])
    /// SwiftPM reads an edited or generated manifest differently from the plan.
    case manifestMismatch(String)
    case severalLocalPackages([String])
    case renameLocalPackage(String)
    /// `--verify` failed: the report holds each build's outcome; nothing was written.
    case verificationFailed(ExtractReport)

    public var errorDescription: String? {
        switch self {
        case .noComponents:
            return "no component given: name a target (or its folder) to extract, e.g. `carve extract Networking --to ../Networking`"
        case .unknownComponent(let c, let known):
            return "'\(c)' is not a target, target folder or local package of this repository: choose one of \(known.joined(separator: ", ")) (see `carve graph`)"
        case .testTarget(let t):
            return "'\(t)' is a test target: extract the targets it tests; a test target moves with them when it tests only what moves or is named after a moved target (<Target>Tests)"
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
            return "--name renames the one extracted module, but \(t.count) targets are extracted (\(t.joined(separator: ", "))): rename each with --rename OLD=NEW (and name the package with --package-name)"
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
            return "there is no Package.swift anywhere in \(rev): carve extract works on repositories of Swift packages; pass --repo with the package's repository (or --rev)"
        case .splitFailed(let name, let why):
            return "splitting the history of \(name) failed: \(why)"
        case .componentTwice(let c):
            return "\(c) is listed in two packages: a component goes into one package only; remove it from one of them"
        case .duplicatePackage(let n):
            return "two packages are named '\(n)': give each package its own name in the config file"
        case .packageCycle(let cycle):
            return "the packages would depend on each other in a cycle (\(cycle.joined(separator: " → "))): group those components into one package (in the config file: {\"packages\": [{\"name\": \"\(cycle[0])\", \"components\": [\(Array(Set(cycle)).sorted().map { "\"\($0)\"" }.joined(separator: ", "))]}]}); nothing was written"
        case .unknownPackage(let folder, let known):
            return "'\(folder)' is not the folder of a package at this revision: --package takes a folder with a Package.swift, relative to the repository (one of \(known.joined(separator: ", ")))"
        case .mixedComponents:
            return "the components name both local packages and targets: extract whole packages and targets in separate runs"
        case .targetsOfSeveralPackages(let folders):
            return "the targets belong to different packages (\(folders.map { $0.isEmpty ? "." : $0 }.joined(separator: ", "))): extract targets of one package at a time (--package DIR)"
        case .ambiguousComponent(let name, let folders):
            return "'\(name)' names a target in several packages (\(folders.joined(separator: ", "))): name its folder instead, or pass --package DIR"
        case .renameUnknown(let old, let moved):
            return "--rename \(old)=... names no target that is extracted into that package: rename one of \(moved.joined(separator: ", "))"
        case .packageAccess(let findings):
            let shown = 8
            let lines = findings.prefix(shown).map { "\($0.declaration) (\($0.declarationFile):\($0.declarationLine), in \($0.declaringModule)) is used by \($0.usingModule) at \($0.useFile):\($0.useLine)" }
            let more = findings.count > shown ? "; and \(findings.count - shown) more" : ""
            return "\(findings.count) `package` declaration use\(findings.count == 1 ? "" : "s") across the cut, which stop resolving once the modules are in different packages: \(lines.joined(separator: "; "))\(more). Make them `public`, or extract their users too; nothing was written"
        case .manifestMismatch(let why):
            return "a manifest Carve would write does not read as planned, so nothing was written: \(why)"
        case .severalLocalPackages(let folders):
            return "\(folders.joined(separator: ", ")) are separate local packages: extract one package into one repository (or all of them with carve batch)"
        case .renameLocalPackage(let folder):
            return "\(folder) is a local package with its own Package.swift: it moves as it is, under its own name; leave out --name, --rename and --package-name"
        case .verificationFailed(let report):
            let failed = (report.verification ?? []).filter { !$0.succeeded }.map(\.package)
            return "verification failed: \(failed.joined(separator: ", ")) did not build (the compiler's output is above); nothing was written. Fix the monorepo and extract again, or leave out --verify to write the result and fix it there"
        }
    }
}
