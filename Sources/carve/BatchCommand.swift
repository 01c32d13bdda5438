import ArgumentParser
import Foundation
import Model

/// `carve batch`: a package per component (or config group) from one history walk; the monorepo rewired once.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Split a monorepo into packages at once: each component its own package under DIR, the monorepo rewired once.",
        usage: """
            carve batch --out DIR [--all | COMPONENT...] [--config FILE] [--repo DIR] [--rev REV] [--url-template T] [--version V]
                                  [--branch NAME] [--verify] [--dry-run [--diff]] [--json] [--quiet]
                                  [--follow] [--follow-path OLD:FOLDER]... [--readd subtree|continue]
            """,
        discussion: """
            Every selected component (a target name or folder; --all: every non-test target) becomes \
            a package at DIR/<name>, exactly as `carve extract` makes one: its split history with the \
            layout kept plus one commit with its generated Package.swift. All histories come from one \
            walk. Packages depend on the packages of the components they use (by relative path, or by \
            URL and version with --url-template), in dependency order; a cycle among them is refused \
            before anything is written. The monorepo gets one commit on a new branch (default carve/batch).

            In a repository of local packages (Packages/*/Package.swift), --all makes one repository per \
            local package (the root package stays), in dependency order.

            --config FILE groups components into one package and renames: \
            {"packages": [{"name": "Geometry", "components": ["Geometry", "CMath"], "renames": {"Geometry": "Geo"}}, {"name": "Digests", "components": ["Hash"]}]} \
            (a package of one component named otherwise renames its module). Components listed there \
            are selected too. A package may name old paths of its folders to follow: \
            "followPaths": ["Sources/Geo:Sources/Geometry"] (as --follow-path OLD:FOLDER).

            Exit code 3: --verify found a package or the monorepo that does not build (nothing was written).
            """
    )

    @Argument(help: "Components (targets or their folders) to carve out, each into its own package.")
    var components: [String] = []

    @Option(name: .long, help: "The folder that receives one package per component (new or empty).")
    var out: String

    @Flag(name: .long, help: "Every non-test target.")
    var all = false

    @Option(name: .long, help: "A JSON file that groups components into packages and names them.")
    var config: String?

    @OptionGroup var common: CommonOptions

    @OptionGroup var options: ExtractOptions

    func validate() throws {
        if all && !components.isEmpty { throw ValidationError("give components or --all, not both") }
        if !all && components.isEmpty && config == nil { throw ValidationError("name the components to carve out, or pass --all or --config") }
    }

    func run() throws {
        let groups = try Terminal.run { try config.map(Self.groups(inConfig:)) ?? [] }
        let output = Paths.real(out)
        let request = BatchRequest(components: components, all: all, groups: groups, output: output, options: options.packaging)
        try ExtractCommand.execute(common, fullDiff: options.diff) { try $0.runBatch(request, progress: $1) }
    }

    /// The package groups of a config file.
    private static func groups(inConfig path: String) throws -> [PackageGroup] {
        guard let data = FileManager.default.contents(atPath: path) else { throw PackageConfigError.unreadable(path) }
        return try PackageGroup.groups(fromConfig: data, path: path)
    }
}
