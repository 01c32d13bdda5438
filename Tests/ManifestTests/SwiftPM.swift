import Foundation

/// Runs the real `swift package dump-package` on a manifest text, in a temporary folder (with its
/// own scratch path and TMPDIR) that is deleted afterwards: the specification of what SwiftPM reads.
enum SwiftPM {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var swift: String {
        FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/swift") ? "/opt/swift/usr/bin/swift" : "/usr/bin/env"
    }

    /// The JSON SwiftPM reads from `text`, as if it were `Package.swift` of a package folder `name`.
    static func dumpPackage(_ text: String, name: String = "pkg") throws -> Data {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("carve-dump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent(name)
        let tmp = root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = (swift.hasSuffix("env") ? ["swift"] : []) + ["package", "--package-path", folder.path, "--scratch-path", root.appendingPathComponent("scratch").path, "dump-package"]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = tmp.path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "swift package dump-package failed: " + String(decoding: errors, as: UTF8.self))
        }
        return data
    }
}
