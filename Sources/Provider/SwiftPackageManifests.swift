import Foundation
import Model
import Pipeline
import Verify

/// Reads package descriptions with the toolchain's `swift package dump-package`.
final class SwiftPackageManifests: ManifestSource, Sendable {
    private let runner: ProcessRunner
    private let cache: ManifestCache?

    /// With `cache`, the answers for manifests evaluated in a scratch tree are kept there and
    /// looked up before SwiftPM is run (see `ManifestCache`).
    init(runner: ProcessRunner, cache: ManifestCache? = ManifestCache.shared) {
        self.runner = runner
        self.cache = cache
    }

    func dumpPackage(at path: String) throws -> Data {
        try dumpPackage(at: path, temporaryDirectory: nil)
    }

    /// SwiftPM keys its manifest cache on the environment, `TMPDIR` included: a package
    /// evaluated where it is (`carve graph`, `carve check`) gets the same `TMPDIR` every time,
    /// a folder of Carve's own in the user's cache folder (`$XDG_CACHE_HOME/carve/swiftpm-tmp`,
    /// default `~/.cache/...`), so the next run finds its manifests there. Nil (a fresh one per
    /// run) when there is no such folder to make.
    static let stableTemporaryDirectory: String? = ManifestCache.cacheFolder("swiftpm-tmp")

    private func dumpPackage(at path: String, temporaryDirectory: String?) throws -> Data {
        guard FileManager.default.fileExists(atPath: path + "/Package.swift") else {
            throw ProviderError.noManifest(path)
        }
        guard let swift = ProcessRunner.locate("swift") else { throw ProviderError.noToolchain }
        // A scratch folder of Carve's own: the package's .build is the user's (and may be locked
        // by a running SwiftPM, which would make this wait forever).
        let scratch = try ScratchFolder.make("manifest")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let output = try runner.run(swift, ["package", "--package-path", path, "--scratch-path", scratch, "dump-package"], in: path, environment: ProcessInfo.processInfo.environment, temporaryDirectory: temporaryDirectory)
        guard output.status == 0 else {
            let text = Self.reason(String(decoding: output.stderr + output.stdout, as: UTF8.self))
            throw ProviderError.manifestFailed(path, text.isEmpty ? "exit status \(output.status)" : text)
        }
        return output.stdout
    }

    /// The compiler's messages about Package.swift (`Package.swift:3:5: error: ...`), or
    /// SwiftPM's reason, without its compiler command line.
    static func reason(_ output: String) -> String {
        let lines = output.split(separator: "\n").map(String.init)
        let located = lines.compactMap { line -> String? in
            guard line.contains(": error:"), let range = line.range(of: "Package.swift:") else { return nil }
            return String(line[range.lowerBound...])
        }
        if !located.isEmpty { return located.prefix(3).joined(separator: "; ") }
        let other = lines.filter { !$0.contains("compiled with:") && !$0.contains("invalid manifests at") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return other.prefix(2).joined(separator: "; ")
    }

    func dumpPackages(_ manifests: [ManifestFile], rootName: String) throws -> EvaluatedManifests {
        let scratch = try ScratchFolder.make("manifests")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let treeName = rootName.isEmpty || rootName == "." || rootName == ".." || rootName.contains("/") ? "root" : rootName
        let tree = scratch + "/" + treeName
        let key = cache != nil ? ProcessRunner.locate("swift").flatMap { ManifestCache.key(manifests, treeName: treeName, swift: $0, environment: ProcessInfo.processInfo.environment) } : nil
        if let cache, let key, let dumps = cache.load(key, count: manifests.count, scratch: scratch) {
            return EvaluatedManifests(tree: tree, dumps: dumps)
        }
        let folders = manifests.map { $0.folder.isEmpty ? tree : tree + "/" + $0.folder }
        for (manifest, folder) in zip(manifests, folders) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try manifest.text.write(toFile: folder + "/Package.swift", atomically: false, encoding: .utf8)
        }
        var dumps: [Data] = []
        for (manifest, result) in zip(manifests, evaluate(folders, temporaryDirectory: nil)) {
            do {
                dumps.append(try result.get())
            } catch ProviderError.manifestFailed(_, let why) {
                // Name the manifest when SwiftPM's message does not start with it.
                let located = why.hasPrefix("Package.swift:") ? why : "Package.swift: " + why
                throw ProviderError.revisionManifestFailed(manifest.folder.isEmpty ? why : manifest.folder + "/" + located)
            }
        }
        if let cache, let key { cache.store(key, dumps: dumps, scratch: scratch) }
        return EvaluatedManifests(tree: tree, dumps: dumps)
    }

    func dumpPackages(atFolders folders: [String]) throws -> [Data] {
        defer { Self.stableTemporaryDirectory.map { Self.removeLeftovers(in: $0) } }
        return try evaluate(folders, temporaryDirectory: Self.stableTemporaryDirectory).map { try $0.get() }
    }

    /// Removes the empty `TemporaryDirectory.*` folders SwiftPM leaves in its temporary folder,
    /// one per run (thousands, in a folder that stays), once they are a minute old: a newer one
    /// may be another run's, still in use.
    static func removeLeftovers(in folder: String, olderThan seconds: Int = 60) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let now = Int(Date().timeIntervalSince1970)
        for name in names where name.hasPrefix("TemporaryDirectory.") {
            var info = stat()
            let path = folder + "/" + name
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, now - Int(info.st_mtim.tv_sec) >= seconds else { continue }
            rmdir(path)
        }
    }

    /// Evaluates the packages in `folders`; each evaluation is one compiler run, and two at a
    /// time keep both cores busy.
    private func evaluate(_ folders: [String], temporaryDirectory: String?) -> [Result<Data, Error>] {
        let results = ResultBox(count: folders.count)
        DispatchQueue.concurrentPerform(iterations: min(2, folders.count)) { worker in
            for i in stride(from: worker, to: folders.count, by: 2) {
                results.set(i, Result { try self.dumpPackage(at: folders[i], temporaryDirectory: temporaryDirectory) })
            }
        }
        return results.values.map { $0! }
    }

    func dumpPackage(manifest: String) throws -> Data {
        let folder = try ScratchFolder.make("manifest")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try manifest.write(toFile: folder + "/Package.swift", atomically: false, encoding: .utf8)
        do {
            return try dumpPackage(at: folder)
        } catch ProviderError.manifestFailed(_, let why) {
            throw ProviderError.revisionManifestFailed(why)
        }
    }
}

/// Results filled in by concurrent workers, each at its own index.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<Data, Error>?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Result<Data, Error>) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
