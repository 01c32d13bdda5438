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
        var publicHeadersPath: String?
        var pkgConfig: String?
        /// `{"buildTool": null}` or `{"command": ...}` for plugins: the case name.
        var pluginCapability: String?

        enum CodingKeys: String, CodingKey {
            case name, type, path, exclude, resources, sources, settings, dependencies, publicHeadersPath, pkgConfig, pluginCapability
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            type = try c.decode(String.self, forKey: .type)
            path = try c.decodeIfPresent(String.self, forKey: .path)
            exclude = try c.decodeIfPresent([String].self, forKey: .exclude)
            resources = try c.decodeIfPresent([Resource].self, forKey: .resources)
            sources = try c.decodeIfPresent([String].self, forKey: .sources)
            settings = try c.decodeIfPresent([Setting].self, forKey: .settings)
            dependencies = try c.decode([Dependency].self, forKey: .dependencies)
            publicHeadersPath = try c.decodeIfPresent(String.self, forKey: .publicHeadersPath)
            pkgConfig = try c.decodeIfPresent(String.self, forKey: .pkgConfig)
            if c.contains(.pluginCapability), try !c.decodeNil(forKey: .pluginCapability) {
                pluginCapability = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .pluginCapability).allKeys.first?.stringValue
            }
        }
    }

    /// `{"platformNames": [...], "config": "debug", "traits": [...]}`.
    struct Condition: Decodable, Equatable, Sendable {
        var platformNames: [String]?
        var config: String?
        var traits: [String]?

        /// Empty lists mean "no condition" to SwiftPM; so they do here.
        var isEmpty: Bool {
            (platformNames ?? []).isEmpty && config == nil && (traits ?? []).isEmpty
        }
    }

    /// `{"tool": "swift", "kind": {"define": {"_0": "X"}}, "condition": ...}`: Carve keeps the
    /// tool, the kind's name (`swift define`, `c headerSearchPath`, `linker linkedLibrary`), its
    /// values and its condition.
    struct Setting: Decodable, Equatable {
        var tool: String
        var kind: String
        var values: [String] = []
        var condition: Condition?

        enum CodingKeys: String, CodingKey { case tool, kind, condition }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            tool = try c.decode(String.self, forKey: .tool)
            let kinds = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .kind)
            guard let key = kinds.allKeys.first else {
                kind = "?"
                return
            }
            kind = key.stringValue
            if let payload = try? kinds.nestedContainer(keyedBy: AnyKey.self, forKey: key) {
                for k in payload.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                    if let list = try? payload.decode([String].self, forKey: k) {
                        values += list
                    } else if let one = try? payload.decode(String.self, forKey: k) {
                        values.append(one)
                    }
                }
            }
            condition = try c.decodeIfPresent(Condition.self, forKey: .condition).flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    struct Resource: Decodable, Equatable {
        var path: String
        /// `copy`, `process`, `embedInCode`.
        var rule: String?

        enum CodingKeys: String, CodingKey { case path, rule }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            rule = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: .rule).allKeys.first?.stringValue
        }
    }

    /// `{"byName": ["X", null]}`, `{"target": ["X", null]}` or `{"product": ["P", "pkg", ...]}`.
    struct Dependency: Decodable {
        var target: String?
        var product: (name: String, package: String?)?
        /// `byName`, `target` or `product`.
        var kind: String = ""
        var condition: Condition?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            guard let key = container.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty dependency"))
            }
            kind = key.stringValue
            var values = try container.nestedUnkeyedContainer(forKey: key)
            let first = try values.decode(String.self)
            switch key.stringValue {
            case "product":
                product = (first, try values.decodeIfPresent(String.self))
                // Module aliases, then the condition.
                if !values.isAtEnd, try !values.decodeNil() { _ = try values.decode([String: String].self) }
                if !values.isAtEnd { condition = try? values.decodeIfPresent(Condition.self) }
            default:
                target = first
                if !values.isAtEnd { condition = try? values.decodeIfPresent(Condition.self) }
            }
            if condition?.isEmpty == true { condition = nil }
        }
    }

    struct Product: Decodable {
        var name: String
        var targets: [String]
        /// `library`, `executable`, `plugin`, `macro`, ...
        var type: String?

        enum CodingKeys: String, CodingKey { case name, targets, type }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            targets = try c.decode([String].self, forKey: .targets)
            type = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: .type).allKeys.first?.stringValue
        }
    }

    /// `{"fileSystem": [{"identity": ..., "path": ...}]}`, `{"sourceControl": [...]}`, `{"registry": [...]}`.
    struct PackageDependency: Decodable {
        var kind: String
        var identity: String
        /// The absolute path of a `fileSystem` dependency.
        var path: String?

        struct Body: Decodable {
            var identity: String
            var path: String?
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            guard let key = container.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty package dependency"))
            }
            kind = key.stringValue
            var values = try container.nestedUnkeyedContainer(forKey: key)
            let body = try values.decode(Body.self)
            identity = body.identity
            path = kind == "fileSystem" ? body.path : nil
        }
    }

    struct ToolsVersion: Decodable {
        var _version: String
    }

    var name: String
    var toolsVersion: ToolsVersion
    var targets: [Target]
    var products: [Product]
    var dependencies: [PackageDependency]?

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the JSON, or says why it cannot be read.
    static func decode(_ data: Data) throws(ManifestError) -> ManifestDump {
        do {
            return try JSONDecoder().decode(ManifestDump.self, from: data)
        } catch {
            throw .unreadable("\(error)")
        }
    }
}
