import Foundation

/// One line of an Xcode project or workspace file that refers to a folder of the repository.
public struct XcodeReference: Sendable, Equatable, Codable {
    /// The project or workspace file, relative to the repository root.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The line, without leading and trailing white space.
    public var text: String

    /// The reference at `file`:`line`, reading `text`.
    public init(file: String, line: Int, text: String) {
        self.file = file
        self.line = line
        self.text = text
    }
}

/// Finds where Xcode projects and workspaces point at a folder that a cut moves away: local
/// Swift package references of `project.pbxproj` files and file references of
/// `contents.xcworkspacedata` files. Pure: file texts in, references out.
///
/// Not seen: absolute paths (`absolute:`, `relativePath = /...`; the repository's own location
/// is not known here), and folders added to a project as plain file references (`PBXFileReference`
/// with a group-relative `path`, as Xcode before 15 wrote local packages).
public enum XcodeReferences {
    /// Whether `path` is a file `references(to:files:)` reads: `*.xcodeproj/project.pbxproj` or
    /// `*.xcworkspace/contents.xcworkspacedata` (also a project's own
    /// `*.xcodeproj/project.xcworkspace/contents.xcworkspacedata`).
    public static func isProjectFile(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard components.count >= 2 else { return false }
        let container = components[components.count - 2]
        switch components[components.count - 1] {
        case "project.pbxproj": return container.hasSuffix(".xcodeproj")
        case "contents.xcworkspacedata": return container.hasSuffix(".xcworkspace")
        default: return false
        }
    }

    /// Every line of `files` (project and workspace files, paths relative to the repository root;
    /// other files are ignored) that refers to `folder` (relative to the repository root, e.g.
    /// `Packages/Core`) or to something inside it, in the order of `files`, then of lines:
    /// - in a `project.pbxproj`, the `relativePath = ...;` of each `XCLocalSwiftPackageReference`
    ///   (relative to the folder holding the `.xcodeproj`);
    /// - in a `contents.xcworkspacedata`, each `location = "..."` of a `FileRef` or `Group`, with
    ///   `group:` relative to the enclosing groups and `container:` relative to the workspace's
    ///   folder (the folder holding the `.xcworkspace`, or for a project's own workspace, the
    ///   folder holding the `.xcodeproj`).
    public static func references(to folder: String, files: [(path: String, text: String)]) -> [XcodeReference] {
        guard let target = normalized(folder.split(separator: "/", omittingEmptySubsequences: false)) else { return [] }
        var references: [XcodeReference] = []
        for file in files {
            guard isProjectFile(file.path) else { continue }
            let components = file.path.split(separator: "/")
            // Split on LF bytes: a CRLF is one Character, so splitting on the Character "\n" would not.
            let lines = file.text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Substring.init)
            let hits: [(line: Int, path: [Substring])]
            if components.last == "project.pbxproj" {
                // `A/B.xcodeproj/project.pbxproj`: paths are relative to `A`.
                hits = packageReferences(lines, base: Array(components.dropLast(2)))
            } else {
                var base = Array(components.dropLast(2))
                if components.count >= 3, components[components.count - 3].hasSuffix(".xcodeproj") {
                    base.removeLast()
                }
                hits = workspaceLocations(file.text, base: base)
            }
            for hit in hits {
                guard let path = normalized(hit.path), contains(target, path) else { continue }
                let text = lines[hit.line - 1].trimmingCharacters(in: .whitespacesAndNewlines)
                references.append(XcodeReference(file: file.path, line: hit.line, text: text))
            }
        }
        return references
    }

    /// Whether `path` is `folder` or inside it (both normalized; the empty folder is the root).
    private static func contains(_ folder: String, _ path: String) -> Bool {
        folder.isEmpty || path == folder || path.hasPrefix(folder + "/")
    }

    /// `components` joined without `.` and empty components and with `..` applied; nil when
    /// the path leaves the repository.
    private static func normalized(_ components: [Substring]) -> String? {
        var result: [Substring] = []
        for component in components {
            switch component {
            case "", ".":
                continue
            case "..":
                guard !result.isEmpty else { return nil }
                result.removeLast()
            default:
                result.append(component)
            }
        }
        return result.joined(separator: "/")
    }

    /// A relative path as components after `base`; nil for an absolute path.
    private static func resolve(_ path: String, against base: [Substring]) -> [Substring]? {
        guard !path.hasPrefix("/") else { return nil }
        return base + path.split(separator: "/", omittingEmptySubsequences: false)
    }

    // MARK: project.pbxproj

    /// The `relativePath` lines inside the `XCLocalSwiftPackageReference` section.
    private static func packageReferences(_ lines: [Substring], base: [Substring]) -> [(line: Int, path: [Substring])] {
        var hits: [(line: Int, path: [Substring])] = []
        var inSection = false
        for (index, line) in lines.enumerated() {
            if line.contains("/* Begin XCLocalSwiftPackageReference section */") {
                inSection = true
            } else if line.contains("/* End XCLocalSwiftPackageReference section */") {
                inSection = false
            } else if inSection, let value = assignedValue(of: "relativePath", in: line),
                      let path = resolve(value, against: base)
            {
                hits.append((index + 1, path))
            }
        }
        return hits
    }

    /// The value of `key = value;` in an OpenStep plist line, unquoted (`"My Package"`,
    /// `"a\"b"`), or nil when the line has no such assignment.
    private static func assignedValue(of key: String, in line: Substring) -> String? {
        var rest = line[...]
        while let range = rest.range(of: key) {
            let before = rest[..<range.lowerBound].last
            rest = rest[range.upperBound...]
            guard before.map({ !$0.isLetter && !$0.isNumber && $0 != "_" }) ?? true else { continue }
            let afterKey = rest.drop(while: \.isWhitespace)
            guard afterKey.first == "=" else { continue }
            let value = afterKey.dropFirst().drop(while: \.isWhitespace)
            if value.first == "\"" {
                var unquoted = ""
                var escaped = false
                for character in value.dropFirst() {
                    if escaped {
                        switch character {
                        case "n": unquoted.append("\n")
                        case "t": unquoted.append("\t")
                        default: unquoted.append(character)
                        }
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        return unquoted
                    } else {
                        unquoted.append(character)
                    }
                }
                return nil
            }
            let bare = value.prefix { $0 != ";" && !$0.isWhitespace }
            return bare.isEmpty ? nil : String(bare)
        }
        return nil
    }

    // MARK: contents.xcworkspacedata

    /// The `location` attributes of `FileRef` and `Group` elements that name a path in the
    /// repository, resolved: `group:` against the enclosing groups, `container:` against `base`.
    private static func workspaceLocations(_ text: String, base: [Substring]) -> [(line: Int, path: [Substring])] {
        var hits: [(line: Int, path: [Substring])] = []
        // The folder each open Group stands for; `group:` paths inside resolve against the last.
        var groups: [[Substring]?] = [base]
        for tag in XMLTags(text) {
            guard tag.name == "Group" || tag.name == "FileRef" else { continue }
            if tag.isClosing {
                if tag.name == "Group", groups.count > 1 { groups.removeLast() }
                continue
            }
            var folder: [Substring]? = groups.last ?? nil
            if let location = tag.attributes.first(where: { $0.name == "location" }) {
                folder = resolveLocation(location.value, group: groups.last ?? nil, container: base)
                if let folder {
                    hits.append((location.line, folder))
                }
            }
            if tag.name == "Group", !tag.isSelfClosing {
                groups.append(folder)
            }
        }
        return hits
    }

    /// `group:a/b`, `container:a/b`; nil for `absolute:`, `self:`, `developer:` and paths outside
    /// the repository's view.
    private static func resolveLocation(_ location: String, group: [Substring]?, container: [Substring]) -> [Substring]? {
        guard let colon = location.firstIndex(of: ":") else { return nil }
        let path = String(location[location.index(after: colon)...])
        switch location[..<colon] {
        case "group":
            return group.flatMap { resolve(path, against: $0) }
        case "container":
            return resolve(path, against: container)
        default:
            return nil
        }
    }
}

/// The tags of an XML text with their attributes and the 1-based line of each attribute;
/// enough for workspace files (no DTDs, no CDATA; comments and processing instructions skipped).
private struct XMLTags: Sequence, IteratorProtocol {
    struct Tag {
        var name: String
        var isClosing: Bool
        var isSelfClosing: Bool
        var attributes: [(name: String, value: String, line: Int)]
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            advance()
        }
    }

    private mutating func name() -> String {
        let start = index
        while index < bytes.count, !Self.ends(bytes[index]) { advance() }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func ends(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "/"): return true
        default: return false
        }
    }

    mutating func next() -> Tag? {
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { advance(); continue }
            advance()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "!") {
                // `<?xml ...?>`, `<!-- ... -->`: skipped to their end.
                let terminator: [UInt8] = bytes[index] == UInt8(ascii: "!") ? Array("-->".utf8) : Array("?>".utf8)
                while index < bytes.count, !bytes[index...].starts(with: terminator) { advance() }
                continue
            }
            var tag = Tag(name: "", isClosing: false, isSelfClosing: false, attributes: [])
            if bytes[index] == UInt8(ascii: "/") {
                tag.isClosing = true
                advance()
            }
            tag.name = name()
            while true {
                skipWhitespace()
                guard index < bytes.count else { return tag }
                if bytes[index] == UInt8(ascii: ">") {
                    advance()
                    return tag
                }
                if bytes[index] == UInt8(ascii: "/") {
                    tag.isSelfClosing = true
                    advance()
                    continue
                }
                let attributeLine = line
                let attribute = name()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
                advance()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { continue }
                let quote = bytes[index]
                advance()
                let start = index
                while index < bytes.count, bytes[index] != quote { advance() }
                let value = Self.unescaped(String(decoding: bytes[start..<index], as: UTF8.self))
                if index < bytes.count { advance() }
                tag.attributes.append((attribute, value, attributeLine))
            }
        }
        return nil
    }

    private static func unescaped(_ value: String) -> String {
        guard value.contains("&") else { return value }
        return value
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
