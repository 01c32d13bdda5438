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
        var dependencies: [Dependency]
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
