import Foundation
import Git
import Model
import Pipeline

/// What SwiftPM answered for a set of manifests, kept in Carve's cache folder
/// (`$XDG_CACHE_HOME/carve/dump-package`, default `~/.cache/...`), so that a run that evaluates the
/// same manifests again (`carve batch` on every push, `extract` after a dry run) does not start
/// SwiftPM for them. One `swift package dump-package` costs about 0.35 s (SwiftPM's start-up,
/// the compiler's target query, then compiling, linking and running the manifest): `carve batch
/// --all` of the 60-component benchmark monorepo evaluates 62 manifests, 12 of its 20 s.
///
/// An entry is the answer for exactly what SwiftPM was given, as its own manifest cache keys
/// it: every manifest's folder and text (all of them: a manifest may look at its neighbours),
/// the scratch tree's root name, the toolchain (the `swift` found, `swift-package` and the
/// PackageDescription library beside it: path, inode, size, time) and the environment (but for
/// variables of the terminal and the shell that a manifest has no business reading). Only
/// evaluations that succeeded are kept. The absolute scratch folder in SwiftPM's answer
/// (`.package(path:)` dependencies) is stored as a placeholder and replaced with the new
/// run's. An entry that does not read back as it was written is ignored and replaced.
struct ManifestCache {
    let folder: String

    /// The cache in Carve's cache folder; nil when there is no such folder to make, or
    /// `CARVE_MANIFEST_CACHE=0` turns it off.
    static let shared: ManifestCache? = {
        if ProcessInfo.processInfo.environment["CARVE_MANIFEST_CACHE"] == "0" { return nil }
        return cacheFolder("dump-package").map(ManifestCache.init(folder:))
    }()

    /// `name` in Carve's folder of the user's cache folder (`$XDG_CACHE_HOME/carve`, default
    /// `~/.cache/carve`), made if missing; nil when it cannot be.
    static func cacheFolder(_ name: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        guard let cache = environment["XDG_CACHE_HOME"].flatMap({ $0.hasPrefix("/") ? $0 : nil }) ?? environment["HOME"].map({ $0 + "/.cache" }) else { return nil }
        let folder = cache + "/carve/" + name
        return (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil ? folder : nil
    }

    /// Entries kept; the oldest beyond this go when one is added (a batch of 60 packages is an
    /// entry of about 150 KB).
    static let limit = 256
    private static let magic = Array("carve-manifests 1\n".utf8)
    private static let placeholder = Array("\u{1}carve-scratch\u{1}".utf8)
    /// Variables of the terminal, the shell and the session, which change from one shell to the
    /// next; `TMPDIR` is kept (Carve gives SwiftPM a folder below it).
    private static let volatile: Set<String> = [
        "_", "PWD", "OLDPWD", "SHLVL", "TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "TERM_SESSION_ID", "COLORTERM",
        "COLUMNS", "LINES", "LS_COLORS", "CLICOLOR", "DISPLAY", "WINDOWID", "SSH_AUTH_SOCK", "SSH_AGENT_PID",
        "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "XDG_SESSION_ID", "XDG_SESSION_TYPE", "GPG_AGENT_INFO",
    ]

    /// The entry's name for `manifests` evaluated below a tree named `treeName` by the toolchain
    /// whose `swift` is `swift`.
    static func key(_ manifests: [ManifestFile], treeName: String, swift: String, environment: [String: String]) -> String? {
        var text = "carve-manifests 1\ntoolchain\n"
        let resolved = (swift as NSString).resolvingSymlinksInPath
        let bin = (resolved as NSString).deletingLastPathComponent
        for path in [resolved, bin + "/swift-package", bin + "/../lib/swift/pm/ManifestAPI/libPackageDescription.so"] {
            var info = stat()
            guard stat(path, &info) == 0 else {
                text += path + " -\n"
                continue
            }
            text += "\(path) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\n"
        }
        text += "environment\n"
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where !volatile.contains(name) {
            text += "\(name.utf8.count) \(value.utf8.count) \(name)=\(value)\n"
        }
        text += "tree \(treeName.utf8.count) \(treeName)\n"
        for manifest in manifests {
            text += "manifest \(manifest.folder.utf8.count) \(manifest.text.utf8.count) \(manifest.folder)\n\(manifest.text)\n"
        }
        return (try? Repository.hash(Array(text.utf8), type: .blob))?.hex
    }

    /// The answers stored under `key`, with `scratch` for the scratch folder they were evaluated
    /// in; nil when there is none, or it is damaged or holds another number of answers.
    func load(_ key: String, count: Int, scratch: String) -> [Data]? {
        guard let bytes = FileManager.default.contents(atPath: folder + "/" + key) else { return nil }
        var at = bytes.startIndex
        func line() -> String? {
            guard let end = bytes[at...].firstIndex(of: 0x0A) else { return nil }
            defer { at = end + 1 }
            return String(decoding: bytes[at..<end], as: UTF8.self)
        }
        guard bytes.starts(with: Self.magic) else { return nil }
        at += Self.magic.count
        guard line() == key, let n = line().flatMap(Int.init), n == count else { return nil }
        var dumps: [Data] = []
        for _ in 0..<n {
            guard let length = line().flatMap(Int.init), length >= 0, length <= bytes.endIndex - at else { return nil }
            let stored = Array(bytes[at..<(at + length)])
            at += length
            let dump = Data(Self.replace(Self.placeholder, with: Array(scratch.utf8), in: stored))
            guard (try? JSONSerialization.jsonObject(with: dump)) is [String: Any] else { return nil }
            dumps.append(dump)
        }
        guard at == bytes.endIndex else { return nil }
        // Used: it stays among the newest (see `prune`).
        utime(folder + "/" + key, nil)
        return dumps
    }

    /// Stores `dumps` under `key`, `scratch` (the folder they were evaluated in) replaced by a
    /// placeholder. Nothing is stored when the scratch folder's name is not plain ASCII (JSON
    /// could spell it another way) or writing fails: the cache only saves time.
    func store(_ key: String, dumps: [Data], scratch: String) {
        guard scratch.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else { return }
        var out = Self.magic + Array("\(key)\n\(dumps.count)\n".utf8)
        let name = Array((scratch as NSString).lastPathComponent.utf8)
        for dump in dumps {
            // Only whole JSON strings that start with the folder: `"/tmp/carve-manifests-1-2/…"`.
            let stored = Self.replace(Array(("\"" + scratch).utf8), with: [UInt8(ascii: "\"")] + Self.placeholder, in: Array(dump), before: [UInt8(ascii: "/"), UInt8(ascii: "\"")])
            // The scratch folder named some other way (a path with its links resolved): not
            // an answer that another run's folder can be put into.
            guard Self.replace(name, with: [], in: stored).count == stored.count else { return }
            out += Array("\(stored.count)\n".utf8) + stored
        }
        let path = folder + "/" + key
        let temporary = folder + "/.tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out)) else { return }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        prune()
    }

    /// Removes the oldest entries beyond `limit`, and temporary files a killed run left.
    private func prune() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder), names.count > Self.limit else { return }
        var dated: [(name: String, time: Int)] = []
        for name in names {
            var info = stat()
            guard stat(folder + "/" + name, &info) == 0 else { continue }
            dated.append((name, Int(info.st_mtim.tv_sec)))
        }
        for entry in dated.sorted(by: { $0.time > $1.time }).dropFirst(Self.limit) {
            unlink(folder + "/" + entry.name)
        }
    }

    /// `bytes` with each `old` replaced by `new`; with `before`, only where one of those bytes
    /// follows.
    private static func replace(_ old: [UInt8], with new: [UInt8], in bytes: [UInt8], before: [UInt8]? = nil) -> [UInt8] {
        guard !old.isEmpty, bytes.count >= old.count else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == old[0], i + old.count <= bytes.count, bytes[i..<(i + old.count)].elementsEqual(old),
               before.map({ i + old.count < bytes.count && $0.contains(bytes[i + old.count]) }) ?? true {
                out += new
                i += old.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
