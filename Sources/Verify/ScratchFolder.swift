import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Carve's scratch folders in the temporary directory: `carve-<label>-<pid>-<n>`, named after
/// the process that made them, so that the folders of a process that is gone (killed before it
/// could remove them) can be told from those of a Carve still running.
public enum ScratchFolder {
    /// A new empty folder `carve-<label>-<pid>-<random>` in the temporary directory (`label`:
    /// lowercase letters).
    public static func make(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("carve-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes the scratch folders in `directory` (default: the temporary directory) of
    /// processes that no longer run; returns their names.
    @discardableResult
    public static func removeStale(in directory: String? = nil) -> [String] {
        let folder = directory ?? FileManager.default.temporaryDirectory.path
        var removed: [String] = []
        for name in carveNames(in: folder) {
            guard let pid = owner(of: name), pid != getpid() else { continue }
            // ESRCH: no such process. EPERM means it runs (as someone else): not ours to remove.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? FileManager.default.removeItem(atPath: folder + "/" + name)) != nil { removed.append(name) }
        }
        return removed.sorted()
    }

    /// The names in `folder` that start with `carve-`. Every command looks at each name in the
    /// temporary folder (12,000 on this machine, thousands on a CI runner): read with readdir,
    /// and only those names made into strings (listing them all with FileManager was a tenth of
    /// an incremental split of 40 components).
    static func carveNames(in folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        let prefix = Array("carve-".utf8CString.dropLast())
        while let entry = readdir(dir) {
            let matches = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                raw.count >= prefix.count && prefix.indices.allSatisfy { raw[$0] == UInt8(bitPattern: prefix[$0]) }
            }
            guard matches else { continue }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            names.append(name)
        }
        return names
    }

    /// The process id in a scratch folder's name `carve-<label>-<pid>-<n>`, nil for any other name.
    static func owner(of name: String) -> pid_t? {
        // Every command looks at each name in the temporary folder (thousands on a CI runner):
        // the prefix first, without splitting the others.
        guard name.utf8.starts(with: "carve-".utf8) else { return nil }
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "carve",
              !parts[1].isEmpty, parts[1].allSatisfy({ ("a"..."z").contains($0) }),
              parts[3].allSatisfy(\.isNumber), !parts[3].isEmpty, UInt32(parts[3]) != nil,
              parts[2].allSatisfy(\.isNumber), let pid = pid_t(parts[2]), pid > 0
        else { return nil }
        return pid
    }
}
