#!/usr/bin/env bash
# pkg-computed: a buildable Swift package (tools 5.9, Swift Testing, no
# external dependencies) whose Package.swift is computed the way real
# manifests are, not one literal Package(...) call:
#   - top-level `let swiftSettings: [SwiftSetting] = [.define("COMPUTED_FLAG")]`
#   - `struct CustomTarget` + `static func target(kind:name:dependencies:)`
#     (like swift-collections), its array turned into targets with
#     `.map { $0.toTarget() }` and concatenated with plain targets in a
#     top-level `var targets: [Target]`, passed as `targets: targets`
#   - top-level `var deps: [Package.Dependency] = []`, passed as `dependencies: deps`
#   - `package.targets += [...]` and `package.products.append(...)` after the initializer
#   - `package.targets.append(...)` of the same target in both branches of
#     `#if os(Linux)` / `#else` / `#endif`
#   - a final `for target in package.targets where target.type != .system` loop
# Targets:
#   Primitives (leaf, helper-built)    PrimitivesTests (helper-built)
#   Codec -> Primitives (package.targets +=, swiftSettings, #if COMPUTED_FLAG)
#   Store -> Codec, Primitives (plain, in the top-level var)
#   tool (executable) -> Store (appended inside #if os(Linux) ... #else ... #endif)
#   CodecTests, StoreTests
# History: targets added one by one, a feature branch merged with --no-ff.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put_swift_gitignore
put README.md <<'EOF'
# Computed

A tiny record store whose manifest is computed.
EOF
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let swiftSettings: [SwiftSetting] = [.define("COMPUTED_FLAG")]

/// Targets of the core family, built the same way (like swift-collections).
struct CustomTarget {
    enum Kind {
        case library
        case test
    }

    var kind: Kind
    var name: String
    var dependencies: [Target.Dependency]
    var settings: [SwiftSetting] = swiftSettings

    static func target(kind: Kind, name: String, dependencies: [Target.Dependency] = []) -> CustomTarget {
        CustomTarget(kind: kind, name: name, dependencies: dependencies)
    }

    func toTarget() -> Target {
        switch kind {
        case .library:
            return .target(name: name, dependencies: dependencies, swiftSettings: settings)
        case .test:
            return .testTarget(name: name, dependencies: dependencies, swiftSettings: settings)
        }
    }
}

let familyTargets: [CustomTarget] = [
    .target(kind: .library, name: "Primitives"),
    .target(kind: .test, name: "PrimitivesTests", dependencies: ["Primitives"]),
]

var targets: [Target] = familyTargets.map { $0.toTarget() }

var deps: [Package.Dependency] = []

let package = Package(
    name: "Computed",
    products: [
        .library(name: "Primitives", targets: ["Primitives"]),
    ],
    dependencies: deps,
    targets: targets
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + []
}
EOF
put Sources/Primitives/VarInt.swift <<'EOF'
/// Unsigned LEB128 integers.
public enum VarInt {
    public static func encode(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    /// Reads one integer at `index` and advances it; nil if the bytes end early.
    public static func decode(_ bytes: [UInt8], at index: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }
}

/// True when Primitives was compiled with COMPUTED_FLAG (from the manifest's swiftSettings).
public let primitivesFlag: Bool = {
    #if COMPUTED_FLAG
    return true
    #else
    return false
    #endif
}()
EOF
put Tests/PrimitivesTests/VarIntTests.swift <<'EOF'
import Testing
import Primitives

@Test func roundTrip() {
    for value: UInt64 in [0, 1, 127, 128, 300, 1 << 40] {
        var index = 0
        #expect(VarInt.decode(VarInt.encode(value), at: &index) == value)
    }
}

@Test func knownEncoding() {
    #expect(VarInt.encode(300) == [0xac, 0x02])
}

@Test func builtWithComputedFlag() {
    #expect(primitivesFlag)
}
EOF
commit_staged 'Initial package with Primitives, built by CustomTarget'

# 2
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let swiftSettings: [SwiftSetting] = [.define("COMPUTED_FLAG")]

/// Targets of the core family, built the same way (like swift-collections).
struct CustomTarget {
    enum Kind {
        case library
        case test
    }

    var kind: Kind
    var name: String
    var dependencies: [Target.Dependency]
    var settings: [SwiftSetting] = swiftSettings

    static func target(kind: Kind, name: String, dependencies: [Target.Dependency] = []) -> CustomTarget {
        CustomTarget(kind: kind, name: name, dependencies: dependencies)
    }

    func toTarget() -> Target {
        switch kind {
        case .library:
            return .target(name: name, dependencies: dependencies, swiftSettings: settings)
        case .test:
            return .testTarget(name: name, dependencies: dependencies, swiftSettings: settings)
        }
    }
}

let familyTargets: [CustomTarget] = [
    .target(kind: .library, name: "Primitives"),
    .target(kind: .test, name: "PrimitivesTests", dependencies: ["Primitives"]),
]

var targets: [Target] = familyTargets.map { $0.toTarget() }

var deps: [Package.Dependency] = []

let package = Package(
    name: "Computed",
    products: [
        .library(name: "Primitives", targets: ["Primitives"]),
    ],
    dependencies: deps,
    targets: targets
)

package.targets += [
    .target(name: "Codec", dependencies: ["Primitives"], swiftSettings: swiftSettings),
]

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + []
}
EOF
put Sources/Codec/Codec.swift <<'EOF'
import Primitives

/// Frames a list of strings as bytes: [version], count, then length-prefixed UTF-8.
public enum Codec {
    public struct Malformed: Error, Equatable {
        public init() {}
    }

    public static let version: UInt8 = 2

    /// True when frames carry the version byte (COMPUTED_FLAG, from the manifest).
    public static var isVersioned: Bool {
        #if COMPUTED_FLAG
        return true
        #else
        return false
        #endif
    }

    public static func encode(_ fields: [String]) -> [UInt8] {
        var out: [UInt8] = []
        #if COMPUTED_FLAG
        out.append(version)
        #endif
        out += VarInt.encode(UInt64(fields.count))
        for field in fields {
            let bytes = Array(field.utf8)
            out += VarInt.encode(UInt64(bytes.count))
            out += bytes
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws -> [String] {
        var index = 0
        #if COMPUTED_FLAG
        guard bytes.first == version else { throw Malformed() }
        index = 1
        #endif
        guard let count = VarInt.decode(bytes, at: &index) else { throw Malformed() }
        var fields: [String] = []
        for _ in 0..<count {
            guard let length = VarInt.decode(bytes, at: &index), index + Int(length) <= bytes.count else {
                throw Malformed()
            }
            fields.append(String(decoding: bytes[index..<index + Int(length)], as: UTF8.self))
            index += Int(length)
        }
        return fields
    }
}
EOF
commit_staged 'Add Codec target (package.targets +=, COMPUTED_FLAG)'

# 3
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let swiftSettings: [SwiftSetting] = [.define("COMPUTED_FLAG")]

/// Targets of the core family, built the same way (like swift-collections).
struct CustomTarget {
    enum Kind {
        case library
        case test
    }

    var kind: Kind
    var name: String
    var dependencies: [Target.Dependency]
    var settings: [SwiftSetting] = swiftSettings

    static func target(kind: Kind, name: String, dependencies: [Target.Dependency] = []) -> CustomTarget {
        CustomTarget(kind: kind, name: name, dependencies: dependencies)
    }

    func toTarget() -> Target {
        switch kind {
        case .library:
            return .target(name: name, dependencies: dependencies, swiftSettings: settings)
        case .test:
            return .testTarget(name: name, dependencies: dependencies, swiftSettings: settings)
        }
    }
}

let familyTargets: [CustomTarget] = [
    .target(kind: .library, name: "Primitives"),
    .target(kind: .test, name: "PrimitivesTests", dependencies: ["Primitives"]),
]

var targets: [Target] = familyTargets.map { $0.toTarget() }

var deps: [Package.Dependency] = []

let package = Package(
    name: "Computed",
    products: [
        .library(name: "Primitives", targets: ["Primitives"]),
    ],
    dependencies: deps,
    targets: targets
)

package.targets += [
    .target(name: "Codec", dependencies: ["Primitives"], swiftSettings: swiftSettings),
    .testTarget(name: "CodecTests", dependencies: ["Codec"]),
]

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + []
}
EOF
put Tests/CodecTests/CodecTests.swift <<'EOF'
import Testing
import Codec

@Test func framesAreVersioned() {
    #expect(Codec.isVersioned, "COMPUTED_FLAG from the manifest's swiftSettings")
    #expect(Codec.encode(["a"]) == [Codec.version, 1, 1, 0x61])
}

@Test func roundTrip() throws {
    let fields = ["", "hello", "grüße"]
    #expect(try Codec.decode(Codec.encode(fields)) == fields)
}

@Test func rejectsTruncatedFrames() {
    #expect(throws: Codec.Malformed()) { try Codec.decode([Codec.version, 1, 5, 0x61]) }
}
EOF
commit_staged 'Codec: tests'

# Feature: the Store target, merged with --no-ff.
branch feature/store
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let swiftSettings: [SwiftSetting] = [.define("COMPUTED_FLAG")]

/// Targets of the core family, built the same way (like swift-collections).
struct CustomTarget {
    enum Kind {
        case library
        case test
    }

    var kind: Kind
    var name: String
    var dependencies: [Target.Dependency]
    var settings: [SwiftSetting] = swiftSettings

    static func target(kind: Kind, name: String, dependencies: [Target.Dependency] = []) -> CustomTarget {
        CustomTarget(kind: kind, name: name, dependencies: dependencies)
    }

    func toTarget() -> Target {
        switch kind {
        case .library:
            return .target(name: name, dependencies: dependencies, swiftSettings: settings)
        case .test:
            return .testTarget(name: name, dependencies: dependencies, swiftSettings: settings)
        }
    }
}

let familyTargets: [CustomTarget] = [
    .target(kind: .library, name: "Primitives"),
    .target(kind: .test, name: "PrimitivesTests", dependencies: ["Primitives"]),
]

var targets: [Target] = familyTargets.map { $0.toTarget() } + [
    .target(name: "Store", dependencies: ["Codec", "Primitives"]),
    .testTarget(name: "StoreTests", dependencies: ["Store"]),
]

var deps: [Package.Dependency] = []

let package = Package(
    name: "Computed",
    products: [
        .library(name: "Primitives", targets: ["Primitives"]),
    ],
    dependencies: deps,
    targets: targets
)

package.targets += [
    .target(name: "Codec", dependencies: ["Primitives"], swiftSettings: swiftSettings),
    .testTarget(name: "CodecTests", dependencies: ["Codec"]),
]

package.products.append(.library(name: "Store", targets: ["Store"]))

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + []
}
EOF
put Sources/Store/Store.swift <<'EOF'
import Codec
import Primitives

/// An in-memory record store; each record is a list of fields kept as a Codec frame.
public struct Store {
    private var frames: [String: [UInt8]] = [:]

    public init() {}

    public mutating func put(_ key: String, _ fields: [String]) {
        frames[key] = Codec.encode(fields)
    }

    public func get(_ key: String) throws -> [String]? {
        try frames[key].map(Codec.decode)
    }

    public var keys: [String] { frames.keys.sorted() }

    /// Bytes used by all frames.
    public var byteCount: Int { frames.values.reduce(0) { $0 + $1.count } }
}
EOF
put Tests/StoreTests/StoreTests.swift <<'EOF'
import Testing
import Store

@Test func putAndGet() throws {
    var store = Store()
    store.put("k", ["a", "b"])
    #expect(try store.get("k") == ["a", "b"])
    #expect(try store.get("missing") == nil)
}

@Test func countsFrameBytes() {
    var store = Store()
    store.put("k", ["ab"])
    // version, count, length, 2 bytes
    #expect(store.byteCount == 5)
}
EOF
commit_staged 'Add Store target and product'

put Sources/Store/Snapshot.swift <<'EOF'
import Codec
import Primitives

extension Store {
    /// All records as one byte string: record count, then key and frame, each length-prefixed.
    public func snapshot() throws -> [UInt8] {
        var out = VarInt.encode(UInt64(keys.count))
        for key in keys {
            let keyBytes = Array(key.utf8)
            let frame = Codec.encode(try get(key) ?? [])
            out += VarInt.encode(UInt64(keyBytes.count)) + keyBytes
            out += VarInt.encode(UInt64(frame.count)) + frame
        }
        return out
    }
}
EOF
put Tests/StoreTests/SnapshotTests.swift <<'EOF'
import Testing
import Store

@Test func snapshotOfOneRecord() throws {
    var store = Store()
    store.put("k", ["ab"])
    // 1 record; key "k"; frame of 5 bytes (version, count, length, "ab")
    #expect(try store.snapshot() == [1, 1, 0x6b, 5, 2, 1, 2, 0x61, 0x62])
}
EOF
commit_staged 'Store: snapshots'

switch main
put Sources/Primitives/Checksum.swift <<'EOF'
/// 32-bit FNV-1a.
public enum Checksum {
    public static func fnv1a(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
EOF
put Tests/PrimitivesTests/ChecksumTests.swift <<'EOF'
import Testing
import Primitives

@Test func fnv1aKnownValues() {
    #expect(Checksum.fnv1a([]) == 0x811c_9dc5)
    #expect(Checksum.fnv1a(Array("a".utf8)) == 0xe40c_292c)
}
EOF
commit_staged 'Primitives: FNV-1a checksum'

merge "Merge branch 'feature/store'" feature/store

# tool, appended inside #if os(Linux) / #else / #endif
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let swiftSettings: [SwiftSetting] = [.define("COMPUTED_FLAG")]

/// Targets of the core family, built the same way (like swift-collections).
struct CustomTarget {
    enum Kind {
        case library
        case test
    }

    var kind: Kind
    var name: String
    var dependencies: [Target.Dependency]
    var settings: [SwiftSetting] = swiftSettings

    static func target(kind: Kind, name: String, dependencies: [Target.Dependency] = []) -> CustomTarget {
        CustomTarget(kind: kind, name: name, dependencies: dependencies)
    }

    func toTarget() -> Target {
        switch kind {
        case .library:
            return .target(name: name, dependencies: dependencies, swiftSettings: settings)
        case .test:
            return .testTarget(name: name, dependencies: dependencies, swiftSettings: settings)
        }
    }
}

let familyTargets: [CustomTarget] = [
    .target(kind: .library, name: "Primitives"),
    .target(kind: .test, name: "PrimitivesTests", dependencies: ["Primitives"]),
]

var targets: [Target] = familyTargets.map { $0.toTarget() } + [
    .target(name: "Store", dependencies: ["Codec", "Primitives"]),
    .testTarget(name: "StoreTests", dependencies: ["Store"]),
]

var deps: [Package.Dependency] = []

let package = Package(
    name: "Computed",
    products: [
        .library(name: "Primitives", targets: ["Primitives"]),
    ],
    dependencies: deps,
    targets: targets
)

package.targets += [
    .target(name: "Codec", dependencies: ["Primitives"], swiftSettings: swiftSettings),
    .testTarget(name: "CodecTests", dependencies: ["Codec"]),
]

package.products.append(.library(name: "Store", targets: ["Store"]))

#if os(Linux)
package.targets.append(
    .executableTarget(name: "tool", dependencies: ["Store"], swiftSettings: [.define("TOOL_LINUX")])
)
#else
package.targets.append(
    .executableTarget(name: "tool", dependencies: ["Store"])
)
#endif

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + []
}
EOF
put Sources/tool/main.swift <<'EOF'
import Primitives
import Store

#if TOOL_LINUX
let platform = "linux"
#else
let platform = "other"
#endif

var store = Store()
let args = Array(CommandLine.arguments.dropFirst())
store.put("args", args.isEmpty ? ["hello", "world"] : args)
let snapshot = try store.snapshot()
print("\(platform): \(try store.get("args") ?? []) in \(store.byteCount) bytes, snapshot fnv1a \(Checksum.fnv1a(snapshot))")
EOF
commit_staged 'Add tool executable (appended per platform)'

put Sources/Store/Store.swift <<'EOF'
import Codec
import Primitives

/// An in-memory record store; each record is a list of fields kept as a Codec frame.
public struct Store {
    private var frames: [String: [UInt8]] = [:]

    public init() {}

    public mutating func put(_ key: String, _ fields: [String]) {
        frames[key] = Codec.encode(fields)
    }

    public func get(_ key: String) throws -> [String]? {
        try frames[key].map(Codec.decode)
    }

    public mutating func remove(_ key: String) {
        frames[key] = nil
    }

    public var keys: [String] { frames.keys.sorted() }

    /// Bytes used by all frames.
    public var byteCount: Int { frames.values.reduce(0) { $0 + $1.count } }

    /// FNV-1a of the frame of `key`, to detect changed records.
    public func checksum(_ key: String) -> UInt32? {
        frames[key].map(Checksum.fnv1a)
    }
}
EOF
put Tests/StoreTests/StoreTests.swift <<'EOF'
import Testing
import Store

@Test func putAndGet() throws {
    var store = Store()
    store.put("k", ["a", "b"])
    #expect(try store.get("k") == ["a", "b"])
    #expect(try store.get("missing") == nil)
}

@Test func countsFrameBytes() {
    var store = Store()
    store.put("k", ["ab"])
    // version, count, length, 2 bytes
    #expect(store.byteCount == 5)
}

@Test func removeAndChecksum() {
    var store = Store()
    store.put("k", ["a"])
    store.put("j", ["a"])
    #expect(store.checksum("k") == store.checksum("j"))
    store.remove("j")
    #expect(store.keys == ["k"])
    #expect(store.checksum("j") == nil)
}
EOF
commit_staged 'Store: remove and per-record checksums'

put README.md <<'EOF'
# Computed

A tiny record store whose manifest is computed.

- `Primitives`: varints and FNV-1a (built by the manifest's `CustomTarget` helper)
- `Codec`: frames fields as bytes (versioned with `COMPUTED_FLAG`)
- `Store`: records kept as frames (library product)
- `tool`: the executable

    swift run tool a b c
EOF
commit_staged 'README: targets'

repo_finish
