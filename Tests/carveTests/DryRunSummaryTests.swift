import Foundation
import Model
import Testing

/// The monorepo's changes in a dry run: every file counted as `git diff --stat` counts it (the
/// real thing is the specification), the diff shown only for the files Carve edits, all of it
/// with `--diff`, and the JSON report with the full diff and the per-file counts.
@Suite struct DryRunSummaryTests {
    typealias Workspace = ExtractTests.Workspace

    /// The `--- monorepo changes ---` part of a dry run's text, up to the blank line after the
    /// total.
    static func statLines(_ stdout: String) throws -> [String] {
        let part = try #require(stdout.components(separatedBy: "--- monorepo changes (").dropFirst().first)
        let lines = part.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let end = try #require(lines.firstIndex { $0.contains(" changed") })
        return Array(lines[...end])
    }

    @Test func theStatIsGitsAndOnlyEditedFilesAreDiffed() throws {
        let w = try Workspace("pkg-mixed")
        let dir = w.root.appendingPathComponent("geo")
        let dry = try w.carve(["extract", "Sources/geo", "--to", dir.path, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let stat = try Self.statLines(dry.stdout)
        // The edited manifest in full; the moved file only counted.
        #expect(dry.stdout.contains("diff --git a/Package.swift b/Package.swift"))
        #expect(dry.stdout.contains("-        .executableTarget(name: \"geo\", dependencies: [\"Geometry\"]),"))
        #expect(!dry.stdout.contains("diff --git a/Sources/geo/main.swift"), "\(dry.stdout)")
        #expect(dry.stdout.contains("(1 file moved out or removed: --diff shows its lines too)"))

        let full = try w.carve(["extract", "Sources/geo", "--to", dir.path, "--dry-run", "--diff"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(try Self.statLines(full.stdout) == stat)
        #expect(full.stdout.contains("diff --git a/Sources/geo/main.swift b/Sources/geo/main.swift\ndeleted file mode 100644"), "\(full.stdout)")

        // The same command for real: git's own --stat of the branch is the dry run's.
        let real = try w.carve(["extract", "Sources/geo", "--to", dir.path, "--quiet"])
        #expect(real.status == 0, "\(real.stderr)")
        let git = try w.git(["diff", "--stat=80", "main", "carve/extract-geo"])
        #expect(stat.joined(separator: "\n") == " " + git, "carve:\n\(stat.joined(separator: "\n"))\ngit:\n \(git)")
    }

    @Test func aRenameDiffsTheRewrittenSourcesAndTheJSONKeepsEverything() throws {
        let w = try Workspace("pkg-rename")
        let dir = w.root.appendingPathComponent("Digests")
        let arguments = ["extract", "Hash", "--name", "Digests", "--to", dir.path, "--dry-run"]
        let json = try ExtractTests.json(try w.carve(arguments + ["--json"]))
        #expect(json["version"] as? String == CarveVersion.current)
        let monorepo = try #require(json["monorepo"] as? [String: Any])
        let diff = try #require(monorepo["diff"] as? String)
        let files = try #require(monorepo["files"] as? [[String: Any]])
        let changes = Dictionary(uniqueKeysWithValues: files.map { ($0["path"] as! String, $0["change"] as! String) })
        #expect(changes["Package.swift"] == "modified")
        #expect(changes["Sources/Cache/Keys.swift"] == "modified", "\(changes)")
        #expect(changes.contains { $0.key.hasPrefix("Sources/Hash/") && $0.value == "deleted" }, "\(changes)")
        // The full diff stays in the report, and the counts are its own.
        for file in files {
            let path = file["path"] as! String
            #expect(diff.contains("diff --git a/\(path) b/\(path)\n"), "\(path)")
        }
        let text = try w.carve(arguments)
        for (path, change) in changes {
            #expect(text.stdout.contains("diff --git a/\(path) b/\(path)\n") == (change == "modified"), "\(path) \(change)")
        }
        #expect(text.stdout.contains("+import struct Digests.Digest"), "\(text.stdout)")
        let full = try w.carve(arguments + ["--diff"])
        #expect(full.stdout.hasSuffix(diff), "--diff prints the whole diff")
    }

    @Test func batchCountsEveryFileAndDiffNeedsADryRun() throws {
        let w = try Workspace("pkg-leaf")
        let out = w.root.appendingPathComponent("out")
        let dry = try w.carve(["batch", "--all", "--out", out.path, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let stat = try Self.statLines(dry.stdout)
        #expect(stat.contains { $0.hasPrefix(" Package.swift ") }, "\(stat)")
        #expect(stat.last?.range(of: #"^ \d+ files changed(, \d+ insertions?\(\+\))?, \d+ deletions?\(-\)$"#, options: .regularExpression) != nil, "\(stat)")
        let json = try ExtractTests.json(try w.carve(["batch", "--all", "--out", out.path, "--dry-run", "--json"]))
        #expect(json["version"] as? String == CarveVersion.current)
        let files = try #require((json["monorepo"] as? [String: Any])?["files"] as? [[String: Any]])
        #expect(stat.count == files.count + 1)

        let refused = try w.carve(["batch", "--all", "--out", out.path, "--diff"])
        #expect(refused.status == 64 && refused.stdout.isEmpty && refused.stderr.contains("pass --dry-run too"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func patchFilesAreCutAndCounted() {
        let patch = """
            diff --git a/Package.swift b/Package.swift
            index 1111111..2222222 100644
            --- a/Package.swift
            +++ b/Package.swift
            @@ -1,3 +1,3 @@
             let a = 1
            -let b = 2
            +++let b = 3
            \\ No newline at end of file
            diff --git "a/Sources/Caf\\303\\251/x y.swift" "b/Sources/Caf\\303\\251/x y.swift"
            deleted file mode 100644
            index 3333333..0000000
            --- "a/Sources/Caf\\303\\251/x y.swift"
            +++ /dev/null
            @@ -1,2 +0,0 @@
            --- a line that looks like a header
            -b
            diff --git a/Resources/icon.png b/Resources/icon.png
            new file mode 100644
            index 0000000..4444444
            Binary files /dev/null and b/Resources/icon.png differ
            diff --git a/a b/c b/a b/c
            old mode 100644
            new mode 100755

            """
        let files = UnifiedDiff(patch).files
        #expect(files.map(\.stat) == [
            FileStat(path: "Package.swift", change: .modified, insertions: 1, deletions: 1),
            FileStat(path: "Sources/Café/x y.swift", change: .deleted, insertions: 0, deletions: 2),
            FileStat(path: "Resources/icon.png", change: .added, insertions: 0, deletions: 0, binary: true),
            FileStat(path: "a b/c", change: .modified, insertions: 0, deletions: 0),
        ])
        #expect(files.map(\.text).joined() == patch, "the sections are the patch, cut")
        #expect(UnifiedDiff("").files.isEmpty)
    }
}
