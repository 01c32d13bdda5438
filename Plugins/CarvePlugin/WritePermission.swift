import Foundation

/// Whether SwiftPM was given `--allow-writing-to-package-directory` for this run.
///
/// PackagePlugin does not tell a plugin which permissions it was granted, and a plugin that
/// declares `.writeToPackageDirectory` makes SwiftPM demand the flag for every run, read-only
/// `graph` and `check` included. So the plugin declares nothing and finds out itself: from its own
/// arguments (SwiftPM passes the flag on when it follows the verb), else from the command line of
/// the `swift-package` process that started it (Linux, through /proc), else from what SwiftPM's
/// sandbox allows (macOS, where the package folder is read-only without the flag).
enum WritePermission {
    static let flag = "--allow-writing-to-package-directory"

    /// Whether writing was granted; `flagInArguments` is whether the plugin's arguments held it.
    static func isGranted(flagInArguments: Bool, packageDirectory: URL) -> Bool {
        if flagInArguments { return true }
        if let parent = parentCommandLine() {
            // The plugin is started by swift-package itself; anything else is unknown: refuse.
            guard let program = parent.first, URL(fileURLWithPath: program).lastPathComponent.hasPrefix("swift-package") else {
                return false
            }
            return parent.contains(flag)
        }
        return isWritable(packageDirectory)
    }

    /// The parent process's arguments, where /proc shows them (Linux); nil elsewhere.
    private static func parentCommandLine() -> [String]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(getppid())/cmdline"), !data.isEmpty else {
            return nil
        }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a file can be created in `directory` (then removed at once).
    private static func isWritable(_ directory: URL) -> Bool {
        let probe = directory.appendingPathComponent(".carve-plugin-write-probe-\(getpid())").path
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        unlink(probe)
        return true
    }
}
