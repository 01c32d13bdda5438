#!/usr/bin/env bash
# pkg-rename: a buildable Swift package (tools 5.9, XCTest, no external
# dependencies) for module-rename tests. Hash (leaf) is used by Cache,
# HashTests and CacheTests in every way a module can be referenced:
#   import Hash / @testable import Hash / import struct Hash.Digest /
#   #if canImport(Hash) / Hash.Digest.fnv1a(...) / Hash.fnv1a(...) (also
#   inside module Hash itself) / "Hash" and .target(name: "Hash") in
#   Package.swift, plus Sources/Hash/Hash.swift named like the module.
# Unrelated uses of the identifier that must NOT change on a rename:
#   Cache:     Stats.Hash (a stored property), `let Hash = ...` local in
#              shardIndex(for:shards:), string literals "Hash lookups: ..."
#              and "Hash.Digest#..."; CacheTests: `let Hash` local in
#              StatsTests.testSharding, stats.Hash, the same literals
#   Inventory: a struct named Hash (Inventory.Hash), Item.hash: Hash,
#              typealias Checksum = Inventory.Hash; InventoryTests uses Hash(...)
#   Package name "HashCache", Hashable conformances, func hash(into:)
# History: targets added one by one, a feature branch merged with --no-ff,
# a file rename inside Cache (Store.swift -> LRUCache.swift).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put_swift_gitignore
put README.md <<'EOF'
# HashCache

FNV-1a digests and a small LRU cache keyed by them.
EOF
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "HashCache",
    products: [
        .library(name: "Hash", targets: ["Hash"]),
    ],
    targets: [
        .target(name: "Hash"),
    ]
)
EOF
put Sources/Hash/Hash.swift <<'EOF'
/// 64-bit FNV-1a of the UTF-8 bytes of `string`.
public func fnv1a(_ string: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in string.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01b3
    }
    return h
}
EOF
commit_staged 'Initial package with the Hash library'

# 2
put Sources/Hash/Digest.swift <<'EOF'
/// A 64-bit digest.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) {
        self.value = value
    }

    /// The FNV-1a digest of `string`. (Qualified: the unqualified name would
    /// be this static method.)
    public static func fnv1a(_ string: String) -> Digest {
        Digest(value: Hash.fnv1a(string))
    }

    /// Zero-padded lowercase hexadecimal.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { hex }
}
EOF
commit_staged 'Hash: Digest'

# 3
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "HashCache",
    products: [
        .library(name: "Hash", targets: ["Hash"]),
    ],
    targets: [
        .target(name: "Hash"),
        .testTarget(name: "HashTests", dependencies: ["Hash"]),
    ]
)
EOF
put Tests/HashTests/DigestTests.swift <<'EOF'
import XCTest
@testable import Hash

final class DigestTests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(Hash.fnv1a(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(fnv1a("a"), 0xaf63_dc4c_8601_ec8c)
    }

    func testDigestMatchesFunction() {
        XCTAssertEqual(Digest.fnv1a("a").value, Hash.fnv1a("a"))
        XCTAssertEqual(Hash.Digest.fnv1a("a").hex, "af63dc4c8601ec8c")
    }
}
EOF
commit_staged 'Hash: tests'

# 4
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "HashCache",
    products: [
        .library(name: "Hash", targets: ["Hash"]),
        .library(name: "Cache", targets: ["Cache"]),
    ],
    targets: [
        .target(name: "Hash"),
        .target(name: "Cache", dependencies: ["Hash"]),
        .testTarget(name: "HashTests", dependencies: ["Hash"]),
    ]
)
EOF
put Sources/Cache/Store.swift <<'EOF'
import Hash

/// A fixed-capacity least-recently-used cache keyed by digests of string keys.
public struct LRUCache<Value> {
    public let capacity: Int
    private var storage: [Digest: (key: String, value: Value)] = [:]
    /// Least recently used first.
    private(set) var order: [Digest] = []

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { storage.count }

    public mutating func get(_ key: String) -> Value? {
        let digest = Hash.Digest.fnv1a(key)
        guard let entry = storage[digest], entry.key == key else { return nil }
        touch(digest)
        return entry.value
    }

    public mutating func set(_ key: String, _ value: Value) {
        let digest = Hash.Digest.fnv1a(key)
        storage[digest] = (key, value)
        touch(digest)
        if order.count > capacity {
            storage[order.removeFirst()] = nil
        }
    }

    private mutating func touch(_ digest: Digest) {
        order.removeAll { $0 == digest }
        order.append(digest)
    }
}
EOF
commit_staged 'Add Cache target'

# 5
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "HashCache",
    products: [
        .library(name: "Hash", targets: ["Hash"]),
        .library(name: "Cache", targets: ["Cache"]),
    ],
    targets: [
        .target(name: "Hash"),
        .target(name: "Cache", dependencies: ["Hash"]),
        .testTarget(name: "HashTests", dependencies: ["Hash"]),
        .testTarget(name: "CacheTests", dependencies: ["Cache", .target(name: "Hash")]),
    ]
)
EOF
put Tests/CacheTests/LRUCacheTests.swift <<'EOF'
import XCTest
@testable import Cache
@testable import Hash

final class LRUCacheTests: XCTestCase {
    func testHitAndMiss() {
        var cache = LRUCache<Int>(capacity: 2)
        cache.set("a", 1)
        XCTAssertEqual(cache.get("a"), 1)
        XCTAssertNil(cache.get("b"))
    }

    func testEvictsLeastRecentlyUsed() {
        var cache = LRUCache<Int>(capacity: 2)
        cache.set("a", 1)
        cache.set("b", 2)
        _ = cache.get("a")
        cache.set("c", 3)
        XCTAssertNil(cache.get("b"))
        XCTAssertEqual(cache.order.map(\.hex), [Hash.Digest.fnv1a("a").hex, Hash.Digest.fnv1a("c").hex])
    }
}
EOF
commit_staged 'Cache: tests'

# Feature: statistics and sharding, merged with --no-ff.
branch feature/stats
put Sources/Cache/Stats.swift <<'EOF'
/// Cache counters. `Hash` counts computed key digests; it has nothing to do
/// with the module of the same name.
public struct Stats: Equatable, Sendable {
    public var hits = 0
    public var misses = 0
    public var Hash = 0

    public init() {}

    public var summary: String {
        "Hash lookups: \(Hash), hits: \(hits), misses: \(misses)"
    }
}
EOF
put Sources/Cache/Store.swift <<'EOF'
import Hash

/// A fixed-capacity least-recently-used cache keyed by digests of string keys.
public struct LRUCache<Value> {
    public let capacity: Int
    private var storage: [Digest: (key: String, value: Value)] = [:]
    /// Least recently used first.
    private(set) var order: [Digest] = []
    public private(set) var stats = Stats()

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { storage.count }

    public mutating func get(_ key: String) -> Value? {
        let digest = digest(for: key)
        guard let entry = storage[digest], entry.key == key else {
            stats.misses += 1
            return nil
        }
        stats.hits += 1
        touch(digest)
        return entry.value
    }

    public mutating func set(_ key: String, _ value: Value) {
        let digest = digest(for: key)
        storage[digest] = (key, value)
        touch(digest)
        if order.count > capacity {
            storage[order.removeFirst()] = nil
        }
    }

    private mutating func digest(for key: String) -> Digest {
        stats.Hash += 1
        return Hash.Digest.fnv1a(key)
    }

    private mutating func touch(_ digest: Digest) {
        order.removeAll { $0 == digest }
        order.append(digest)
    }
}
EOF
commit_staged 'Cache: statistics'

put Sources/Cache/Sharding.swift <<'EOF'
import Hash

/// The raw FNV-1a of a key.
public func rawKeyHash(_ key: String) -> UInt64 {
    Hash.fnv1a(key)
}

/// Which of `shards` shards holds `key`.
public func shardIndex(for key: String, shards: Int) -> Int {
    // A local named Hash: in this scope it shadows the module name.
    let Hash = Int(truncatingIfNeeded: fnv1a(key) >> 1)
    return Hash % max(1, shards)
}
EOF
commit_staged 'Cache: sharding'

put Tests/CacheTests/StatsTests.swift <<'EOF'
import XCTest
import Cache
import Hash

final class StatsTests: XCTestCase {
    func testCounts() {
        var cache = LRUCache<String>(capacity: 4)
        cache.set("k", "v")
        _ = cache.get("k")
        _ = cache.get("nope")
        XCTAssertEqual(cache.stats.hits, 1)
        XCTAssertEqual(cache.stats.misses, 1)
        XCTAssertEqual(cache.stats.Hash, 3)
        XCTAssertEqual(cache.stats.summary, "Hash lookups: 3, hits: 1, misses: 1")
    }

    func testRawKeyHash() {
        XCTAssertEqual(rawKeyHash("a"), Hash.fnv1a("a"))
    }

    func testSharding() {
        // A local named Hash; the module is not referenced in this scope.
        let Hash = shardIndex(for: "a", shards: 8)
        XCTAssertEqual(Hash, Int(truncatingIfNeeded: fnv1a("a") >> 1) % 8)
    }
}
EOF
commit_staged 'Cache: tests for statistics and sharding'

switch main
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "HashCache",
    products: [
        .library(name: "Hash", targets: ["Hash"]),
        .library(name: "Cache", targets: ["Cache"]),
    ],
    targets: [
        .target(name: "Hash"),
        .target(name: "Cache", dependencies: ["Hash"]),
        .target(name: "Inventory"),
        .testTarget(name: "HashTests", dependencies: ["Hash"]),
        .testTarget(name: "CacheTests", dependencies: ["Cache", .target(name: "Hash")]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory"]),
    ]
)
EOF
put Sources/Inventory/Item.swift <<'EOF'
/// A content hash as written in inventory files, e.g. "sha256:ab12".
/// Unrelated to the Hash module (Inventory does not depend on it).
public struct Hash: Hashable, Sendable, CustomStringConvertible {
    public var algorithm: String
    public var hex: String

    public init(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        algorithm = parts.count == 2 ? parts[0] : "unknown"
        hex = parts.last ?? ""
    }

    public var description: String { "\(algorithm):\(hex)" }
}

public typealias Checksum = Inventory.Hash

public struct Item: Hashable, Sendable {
    public var name: String
    public var hash: Hash

    public init(name: String, hash: Hash) {
        self.name = name
        self.hash = hash
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }
}
EOF
put Tests/InventoryTests/ItemTests.swift <<'EOF'
import XCTest
import Inventory

final class ItemTests: XCTestCase {
    func testParsesHash() {
        let item = Item(name: "logo.png", hash: Hash("sha256:ab12"))
        XCTAssertEqual(item.hash.algorithm, "sha256")
        XCTAssertEqual(item.hash.description, "sha256:ab12")
        let checksum: Checksum = Inventory.Hash("ab12")
        XCTAssertEqual(checksum.algorithm, "unknown")
    }
}
EOF
commit_staged 'Add Inventory target'

merge "Merge branch 'feature/stats'" feature/stats

git mv Sources/Cache/Store.swift Sources/Cache/LRUCache.swift
commit_staged 'Cache: rename Store.swift to LRUCache.swift'

put Sources/Cache/Keys.swift <<'EOF'
import struct Hash.Digest

#if canImport(Hash)
/// Whether the Hash module was available when Cache was built.
public let hashingAvailable = true
#else
public let hashingAvailable = false
#endif

extension Digest {
    /// A short bucket label for logs, e.g. "Hash.Digest#8c".
    public var bucketLabel: String {
        "Hash.Digest#" + String(value & 0xff, radix: 16)
    }
}
EOF
put Tests/CacheTests/KeysTests.swift <<'EOF'
import XCTest
import Cache
@testable import Hash

final class KeysTests: XCTestCase {
    func testBucketLabel() {
        XCTAssertTrue(hashingAvailable)
        XCTAssertEqual(Hash.Digest.fnv1a("a").bucketLabel, "Hash.Digest#8c")
        XCTAssertTrue(Hash.Digest.fnv1a("a").hex.hasSuffix("8c"))
    }
}
EOF
commit_staged 'Cache: digest bucket labels'

put README.md <<'EOF'
# HashCache

FNV-1a digests and a small LRU cache keyed by them.

- `Hash`: `fnv1a(_:)` and `Digest`
- `Cache`: `LRUCache`, statistics and sharding (uses `Hash`)
- `Inventory`: inventory items with their content hashes
EOF
commit_staged 'README: modules'

repo_finish
