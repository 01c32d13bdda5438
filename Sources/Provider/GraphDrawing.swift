import Foundation
import Verify

/// Why a graph could not be drawn.
public enum GraphDrawingError: Error, LocalizedError, Equatable {
    case noGraphviz
    case failed(String)
    case unwritable(String, String)

    public var errorDescription: String? {
        switch self {
        case .noGraphviz:
            return "Graphviz's `dot` is not on PATH, and --svg draws the graph with it: install Graphviz (`apt-get install graphviz`, `brew install graphviz`), or print the graph with --dot"
        case .failed(let why):
            return "Graphviz's `dot` could not draw the graph (\(why)): run `carve graph --dot | dot -Tsvg` to see its message"
        case .unwritable(let path, let why):
            return "cannot write '\(path)' (\(why)): pass --svg a path in an existing, writable folder"
        }
    }
}

/// Draws a graph in the dot language as SVG, through Graphviz's `dot`.
public final class GraphDrawing {
    private let runner = ProcessRunner()

    /// A drawer.
    public init() {}

    /// Draws `dot` into the SVG file `path` (written whole, or not at all).
    public func drawSVG(_ dot: String, to path: String) throws {
        guard let executable = ProcessRunner.locate("dot") else { throw GraphDrawingError.noGraphviz }
        let scratch = try ScratchFolder.make("graph")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let input = scratch + "/graph.dot", output = scratch + "/graph.svg"
        try Data(dot.utf8).write(to: URL(fileURLWithPath: input))
        let result = try runner.run(executable, ["-Tsvg", input, "-o", output], in: scratch, environment: ProcessInfo.processInfo.environment)
        guard result.status == 0, FileManager.default.fileExists(atPath: output) else {
            throw GraphDrawingError.failed(String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).carve-\(getpid())"
        do {
            try FileManager.default.copyItem(atPath: output, toPath: temporary)
        } catch {
            throw GraphDrawingError.unwritable(path, (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw GraphDrawingError.unwritable(path, why)
        }
    }
}
