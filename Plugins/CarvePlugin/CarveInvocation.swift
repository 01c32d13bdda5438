/// The carve command line a `swift package carve ...` run asks for: the user's arguments without
/// the options SwiftPM reads for itself, with `--repo` defaulting to the package's folder.
struct CarveInvocation {
    /// Options SwiftPM parses (and honours) after the plugin's verb too, but passes on unchanged;
    /// carve does not know them. The Bool says whether the option takes a value.
    static let swiftPMOptions: [String: Bool] = [
        WritePermission.flag: false,
        "--allow-writing-to-directory": true,
        "--allow-network-connections": true,
        "--disable-sandbox": false,
    ]

    /// Subcommands that take `--repo` (the repository, or the package folder for `graph`).
    static let repositoryCommands: Set<String> = ["split", "extract", "batch", "graph", "check"]

    /// The arguments for carve.
    private(set) var arguments: [String]
    /// Whether `--allow-writing-to-package-directory` was among the user's arguments.
    private(set) var writingFlagGiven = false

    init(arguments userArguments: [String], packageDirectory: String) {
        var kept: [String] = []
        var index = userArguments.startIndex
        while index < userArguments.endIndex {
            let argument = userArguments[index]
            index += 1
            if argument == "--" {
                kept += userArguments[(index - 1)...]
                break
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard let takesValue = Self.swiftPMOptions[name] else {
                kept.append(argument)
                continue
            }
            if name == WritePermission.flag { writingFlagGiven = true }
            if takesValue && !argument.contains("=") && index < userArguments.endIndex { index += 1 }
        }
        arguments = kept
        if let position = subcommandIndex, Self.repositoryCommands.contains(arguments[position]),
            !optionsPart.contains(where: { $0 == "--repo" || $0.hasPrefix("--repo=") })
        {
            arguments.insert(contentsOf: ["--repo", packageDirectory], at: position + 1)
        }
    }

    /// The carve subcommand (`graph`, `extract`, ...). Nil for `--help` or `--version`.
    var subcommand: String? {
        subcommandIndex.map { arguments[$0] }
    }

    /// The first argument that is not an option: carve's root command takes no option with a value.
    private var subcommandIndex: Int? {
        optionsPart.firstIndex { !$0.hasPrefix("-") }
    }

    /// Whether this run may write: anything but `graph` (without `--svg`), `check` (without
    /// `--write-baseline`), `help`,
    /// `--help`, `--version` and `--dry-run`. A subcommand the plugin does not know counts as
    /// writing, so a new writing command is never let through by mistake.
    var writes: Bool {
        guard let command = subcommand else { return false }
        if optionsPart.contains(where: { ["--dry-run", "--help", "-h"].contains($0) }) { return false }
        switch command {
        case "graph": return optionsPart.contains { $0 == "--svg" || $0.hasPrefix("--svg=") }
        case "check": return optionsPart.contains { $0 == "--write-baseline" || $0.hasPrefix("--write-baseline=") }
        case "help": return false
        default: return true
        }
    }

    /// The arguments before a `--` (after it, everything is a positional argument).
    private var optionsPart: ArraySlice<String> {
        arguments.prefix { $0 != "--" }
    }
}
