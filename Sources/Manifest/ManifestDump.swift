import Foundation

/// The parts of `swift package dump-package`'s JSON that Carve reads. SwiftPM writes enums as
/// objects keyed by the case name, with the associated values in an array.
struct ManifestDump: Decodable {
    struct Target: Decodable {
        var name: String
        var type: String
        var path: String?
        var exclude: [String]?
        var resources: [Resource]?
        var sources: [String]?
        var settings: [Setting]?
        var dependencies: [Dependency]
    }

    /// `{"tool": "swift", "kind": {"define": {"_0": "X"}}, "condition": ...}`: Carve keeps the
    /// tool and the kind's name (`swift define`, `c headerSearchPath`, `linker linkedLibrary`).
    struct Setting: Decodable {
        var tool: String
        var kind: String

        enum CodingKeys: String, CodingKey { case tool, kind }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            tool = try c.decode(String.self, forKey: .tool)
            let kinds = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .kind)
            kind = kinds.allKeys.first?.stringValue ?? "?"
        }
    }

    struct Resource: Decodable {
        var path: String
    }

    /// `{"byName": ["X", null]}`, `{"target": ["X", null]}` or `{"product": ["P", "pkg", ...]}`.
    struct Dependency: Decodable {
        var target: String?
        var product: (name: String, package: String?)?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            guard let key = container.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty dependency"))
            }
            var values = try container.nestedUnkeyedContainer(forKey: key)
            let first = try values.decode(String.self)
            switch key.stringValue {
            case "product":
                product = (first, try values.decodeIfPresent(String.self))
            default:
                target = first
            }
        }
    }

    struct Product: Decodable {
        var name: String
        var targets: [String]
    }

    struct ToolsVersion: Decodable {
        var _version: String
    }

    var name: String
    var toolsVersion: ToolsVersion
    var targets: [Target]
    var products: [Product]

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
