import Imports
import Testing

/// Renames module `Hash` to `Digests` in `source`, the rename used throughout these tests.
func renamed(_ source: String, moduleDeclaresOld: Bool = false) -> String? {
    ModuleRenamer(from: "Hash", to: "Digests").rewrite(source, moduleDeclaresOld: moduleDeclaresOld)
}

/// The files of the pkg-rename fixture (TestRepos/pkg-rename.sh), renaming module Hash to Digests.
/// Module Hash holds Hash.swift and Digest.swift; Cache depends on it; Inventory declares its own
/// `struct Hash` and does not depend on the module.
@Suite struct PkgRenameFixtureTests {
    static let hashSwift = ##"""
    /// 64-bit FNV-1a of the UTF-8 bytes of `string`.
    public func fnv1a(_ string: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
    """##

    static let digestSwift = ##"""
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
    """##

    static let itemSwift = ##"""
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
    """##

    @Test func moduleHashDeclaresNothingNamedHash() {
        let names = ModuleRenamer.declaredNames(in: Self.hashSwift)
            .union(ModuleRenamer.declaredNames(in: Self.digestSwift))
        #expect(names == ["fnv1a", "Digest"])
        #expect(ModuleRenamer.declaredNames(in: Self.itemSwift) == ["Hash", "Checksum", "Item"])
    }

    @Test func qualifiedUseInsideTheModuleItself() {
        #expect(renamed(Self.hashSwift) == nil)
        let expected = Self.digestSwift.replacingOnce(
            "Digest(value: Hash.fnv1a(string))", with: "Digest(value: Digests.fnv1a(string))")
        #expect(renamed(Self.digestSwift, moduleDeclaresOld: false) == expected)
        #expect(expected != Self.digestSwift)
    }

    @Test func keysImportOfATypeCanImportAndStringLiteral() {
        let source = ##"""
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
        """##
        let expected = ##"""
        import struct Digests.Digest

        #if canImport(Digests)
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
        """##
        #expect(renamed(source) == expected)
    }

    @Test func shardingQualifiedCallRenamedLocalLeftAlone() {
        let source = ##"""
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
        """##
        let expected = ##"""
        import Digests

        /// The raw FNV-1a of a key.
        public func rawKeyHash(_ key: String) -> UInt64 {
            Digests.fnv1a(key)
        }

        /// Which of `shards` shards holds `key`.
        public func shardIndex(for key: String, shards: Int) -> Int {
            // A local named Hash: in this scope it shadows the module name.
            let Hash = Int(truncatingIfNeeded: fnv1a(key) >> 1)
            return Hash % max(1, shards)
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func statsPropertyNamedHashIsNoModuleReference() {
        let source = ##"""
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
        """##
        #expect(renamed(source) == nil)
    }

    @Test func lruCacheQualifiedNameBesideStatsProperty() {
        let source = ##"""
        import Hash

        /// A fixed-capacity least-recently-used cache keyed by digests of string keys.
        public struct LRUCache<Value> {
            public let capacity: Int
            private var storage: [Digest: (key: String, value: Value)] = [:]
            public private(set) var stats = Stats()

            private mutating func digest(for key: String) -> Digest {
                stats.Hash += 1
                return Hash.Digest.fnv1a(key)
            }
        }
        """##
        let expected = ##"""
        import Digests

        /// A fixed-capacity least-recently-used cache keyed by digests of string keys.
        public struct LRUCache<Value> {
            public let capacity: Int
            private var storage: [Digest: (key: String, value: Value)] = [:]
            public private(set) var stats = Stats()

            private mutating func digest(for key: String) -> Digest {
                stats.Hash += 1
                return Digests.Digest.fnv1a(key)
            }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func memberNamedHashShadowsOnlyInsideItsType() {
        let source = ##"""
        import Hash

        public struct Stats {
            public var Hash = 0

            public var summary: String { "\(Hash)" }

            func fresh() -> UInt64 {
                Hash.fnv1a("inside Stats: the property")
            }
        }

        func count(_ stats: inout Stats, key: String) -> Digest {
            stats.Hash += 1
            return Hash.Digest.fnv1a(key)
        }
        """##
        let expected = ##"""
        import Digests

        public struct Stats {
            public var Hash = 0

            public var summary: String { "\(Hash)" }

            func fresh() -> UInt64 {
                Hash.fnv1a("inside Stats: the property")
            }
        }

        func count(_ stats: inout Stats, key: String) -> Digest {
            stats.Hash += 1
            return Digests.Digest.fnv1a(key)
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func digestTestsTestableImportAndQualifiedCalls() {
        let source = ##"""
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
        """##
        let expected = ##"""
        import XCTest
        @testable import Digests

        final class DigestTests: XCTestCase {
            func testKnownVectors() {
                XCTAssertEqual(Digests.fnv1a(""), 0xcbf2_9ce4_8422_2325)
                XCTAssertEqual(fnv1a("a"), 0xaf63_dc4c_8601_ec8c)
            }

            func testDigestMatchesFunction() {
                XCTAssertEqual(Digest.fnv1a("a").value, Digests.fnv1a("a"))
                XCTAssertEqual(Digests.Digest.fnv1a("a").hex, "af63dc4c8601ec8c")
            }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func statsTestsLocalNamedHashAndStrings() {
        let source = ##"""
        import XCTest
        import Cache
        import Hash

        final class StatsTests: XCTestCase {
            func testCounts() {
                var cache = LRUCache<String>(capacity: 4)
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
        """##
        let expected = ##"""
        import XCTest
        import Cache
        import Digests

        final class StatsTests: XCTestCase {
            func testCounts() {
                var cache = LRUCache<String>(capacity: 4)
                XCTAssertEqual(cache.stats.Hash, 3)
                XCTAssertEqual(cache.stats.summary, "Hash lookups: 3, hits: 1, misses: 1")
            }

            func testRawKeyHash() {
                XCTAssertEqual(rawKeyHash("a"), Digests.fnv1a("a"))
            }

            func testSharding() {
                // A local named Hash; the module is not referenced in this scope.
                let Hash = shardIndex(for: "a", shards: 8)
                XCTAssertEqual(Hash, Int(truncatingIfNeeded: fnv1a("a") >> 1) % 8)
            }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func inventoryDeclaresItsOwnHash() {
        // Inventory's own files: its `struct Hash` is meant everywhere.
        #expect(renamed(Self.itemSwift, moduleDeclaresOld: true) == nil)
        // Even without the flag, the file declares `Hash` itself at top level.
        #expect(renamed(Self.itemSwift, moduleDeclaresOld: false) == nil)

        let tests = ##"""
        import XCTest
        import Inventory

        final class ItemTests: XCTestCase {
            func testParsesHash() {
                let item = Item(name: "logo.png", hash: Hash("sha256:ab12"))
                XCTAssertEqual(item.hash.algorithm, "sha256")
                let checksum: Checksum = Inventory.Hash("ab12")
                XCTAssertEqual(checksum.algorithm, "unknown")
            }
        }
        """##
        #expect(renamed(tests) == nil)
    }

    @Test func moduleDeclaringOldKeepsQualifiedUsesButRenamesImports() {
        let source = ##"""
        @_exported import Hash
        #if canImport(Hash)
        let zero = Hash.zero
        #endif
        let item = Hash("sha256:00")
        let typed: Hash.Digest? = nil
        let checksum = Inventory.Hash.zero
        extension Hash.Digest {}
        """##
        let expected = ##"""
        @_exported import Digests
        #if canImport(Digests)
        let zero = Hash.zero
        #endif
        let item = Hash("sha256:00")
        let typed: Hash.Digest? = nil
        let checksum = Inventory.Hash.zero
        extension Hash.Digest {}
        """##
        #expect(renamed(source, moduleDeclaresOld: true) == expected)
    }
}

extension String {
    /// `self` with the single occurrence of `target` replaced; traps when it does not occur once.
    func replacingOnce(_ target: String, with replacement: String) -> String {
        precondition(ranges(of: target).count == 1, "expected exactly one \(target)")
        return replacing(target, with: replacement)
    }
}
