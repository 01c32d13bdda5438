#!/usr/bin/env bash
# pkg-leaf: a buildable Swift package (tools 5.9, XCTest, no external
# dependencies). Hashing is a leaf library, Storage depends on Hashing, App is
# an executable depending on Storage and Hashing. Hashing is the extraction
# candidate. History: targets added one by one, a feature branch merged with
# --no-ff, a file rename inside Hashing (FNV.swift -> FNV1a.swift), a tag.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put_swift_gitignore
put README.md <<'EOF'
# KeyStore

A tiny key-value store with content hashing.
EOF
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "KeyStore",
    products: [
        .library(name: "Hashing", targets: ["Hashing"]),
    ],
    targets: [
        .target(name: "Hashing"),
    ]
)
EOF
put Sources/Hashing/FNV.swift <<'EOF'
/// 64-bit FNV-1a.
public enum FNV1a {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = offsetBasis
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* prime
        }
        return h
    }

    public static func hash(_ string: String) -> UInt64 {
        hash(string.utf8)
    }
}
EOF
commit_staged 'Initial package with the Hashing library'

# 2
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "KeyStore",
    products: [
        .library(name: "Hashing", targets: ["Hashing"]),
    ],
    targets: [
        .target(name: "Hashing"),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
    ]
)
EOF
put Tests/HashingTests/FNVTests.swift <<'EOF'
import XCTest
@testable import Hashing

final class FNVTests: XCTestCase {
    func testEmptyInputIsOffsetBasis() {
        XCTAssertEqual(FNV1a.hash(""), FNV1a.offsetBasis)
    }

    func testKnownVector() {
        XCTAssertEqual(FNV1a.hash("a"), 0xaf63_dc4c_8601_ec8c)
    }
}
EOF
commit_staged 'Hashing: FNV-1a tests'

# 3
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "KeyStore",
    products: [
        .library(name: "Hashing", targets: ["Hashing"]),
        .library(name: "Storage", targets: ["Storage"]),
    ],
    targets: [
        .target(name: "Hashing"),
        .target(name: "Storage", dependencies: ["Hashing"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
    ]
)
EOF
put Sources/Storage/Store.swift <<'EOF'
import Hashing

/// An in-memory store keyed by the FNV-1a hash of the key.
public struct Store {
    public struct Record: Equatable {
        public let key: String
        public let value: String
    }

    private var records: [UInt64: Record] = [:]

    public init() {}

    public var count: Int { records.count }

    public mutating func put(_ key: String, _ value: String) {
        records[FNV1a.hash(key)] = Record(key: key, value: value)
    }

    public func get(_ key: String) -> String? {
        records[FNV1a.hash(key)]?.value
    }
}
EOF
commit_staged 'Add Storage target'

# 4
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "KeyStore",
    products: [
        .library(name: "Hashing", targets: ["Hashing"]),
        .library(name: "Storage", targets: ["Storage"]),
    ],
    targets: [
        .target(name: "Hashing"),
        .target(name: "Storage", dependencies: ["Hashing"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
    ]
)
EOF
put Tests/StorageTests/StoreTests.swift <<'EOF'
import XCTest
import Storage

final class StoreTests: XCTestCase {
    func testPutThenGet() {
        var store = Store()
        store.put("greeting", "hello")
        XCTAssertEqual(store.get("greeting"), "hello")
        XCTAssertNil(store.get("missing"))
        XCTAssertEqual(store.count, 1)
    }
}
EOF
commit_staged 'Storage: tests'

# 5
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "KeyStore",
    products: [
        .library(name: "Hashing", targets: ["Hashing"]),
        .library(name: "Storage", targets: ["Storage"]),
        .executable(name: "keystore", targets: ["App"]),
    ],
    targets: [
        .target(name: "Hashing"),
        .target(name: "Storage", dependencies: ["Hashing"]),
        .executableTarget(name: "App", dependencies: ["Storage", "Hashing"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
    ]
)
EOF
put Sources/App/main.swift <<'EOF'
import Hashing
import Storage

var store = Store()
for argument in CommandLine.arguments.dropFirst() {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { continue }
    store.put(parts[0], parts[1])
}
print("\(store.count) record(s)")
EOF
commit_staged 'Add keystore executable'

# Feature: CRC-32 checksums, merged with --no-ff.
branch feature/crc32
put Sources/Hashing/CRC32.swift <<'EOF'
/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320).
public enum CRC32 {
    public static func checksum<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    public static func checksum(_ string: String) -> UInt32 {
        checksum(string.utf8)
    }
}
EOF
commit_staged 'Hashing: CRC-32'

put Tests/HashingTests/CRC32Tests.swift <<'EOF'
import XCTest
import Hashing

final class CRC32Tests: XCTestCase {
    func testCheckValue() {
        XCTAssertEqual(CRC32.checksum("123456789"), 0xcbf4_3926)
    }

    func testEmpty() {
        XCTAssertEqual(CRC32.checksum(""), 0)
    }
}
EOF
commit_staged 'Hashing: CRC-32 tests'

put Sources/Storage/Store.swift <<'EOF'
import Hashing

/// An in-memory store keyed by the FNV-1a hash of the key.
public struct Store {
    public struct Record: Equatable {
        public let key: String
        public let value: String
        public let checksum: UInt32

        public var isIntact: Bool { CRC32.checksum(value) == checksum }
    }

    private var records: [UInt64: Record] = [:]

    public init() {}

    public var count: Int { records.count }

    public mutating func put(_ key: String, _ value: String) {
        records[FNV1a.hash(key)] = Record(key: key, value: value, checksum: CRC32.checksum(value))
    }

    public func get(_ key: String) -> String? {
        record(for: key)?.value
    }

    public func record(for key: String) -> Record? {
        records[FNV1a.hash(key)]
    }
}
EOF
put Tests/StorageTests/StoreTests.swift <<'EOF'
import XCTest
import Storage

final class StoreTests: XCTestCase {
    func testPutThenGet() {
        var store = Store()
        store.put("greeting", "hello")
        XCTAssertEqual(store.get("greeting"), "hello")
        XCTAssertNil(store.get("missing"))
        XCTAssertEqual(store.count, 1)
    }

    func testRecordsAreChecksummed() throws {
        var store = Store()
        store.put("k", "123456789")
        let record = try XCTUnwrap(store.record(for: "k"))
        XCTAssertEqual(record.checksum, 0xcbf4_3926)
        XCTAssertTrue(record.isIntact)
    }
}
EOF
commit_staged 'Storage: checksum records with CRC-32'

switch main
put README.md <<'EOF'
# KeyStore

A tiny key-value store with content hashing.

    swift run keystore name=value other=thing
EOF
commit_staged 'README: usage'
merge "Merge branch 'feature/crc32'" feature/crc32

commit_mv 'Hashing: rename FNV.swift to FNV1a.swift' \
	Sources/Hashing/FNV.swift Sources/Hashing/FNV1a.swift

put Sources/Hashing/Hex.swift <<'EOF'
extension FixedWidthInteger {
    /// Zero-padded lowercase hexadecimal.
    public var hex: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: Self.bitWidth / 4 - digits.count) + digits
    }
}
EOF
commit_staged 'Hashing: hex formatting'

put Sources/App/main.swift <<'EOF'
import Hashing
import Storage

var store = Store()
for argument in CommandLine.arguments.dropFirst() {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { continue }
    store.put(parts[0], parts[1])
    print("\(parts[0]) -> \(FNV1a.hash(parts[0]).hex) crc \(CRC32.checksum(parts[1]).hex)")
}
print("\(store.count) record(s)")
EOF
commit_staged 'App: print key digests'

tick
git tag -a -m 'KeyStore 0.1' v0.1

put Sources/Storage/Store.swift <<'EOF'
import Hashing

/// An in-memory store keyed by the FNV-1a hash of the key.
public struct Store {
    public struct Record: Equatable {
        public let key: String
        public let value: String
        public let checksum: UInt32

        public var isIntact: Bool { CRC32.checksum(value) == checksum }
    }

    private var records: [UInt64: Record] = [:]

    public init() {}

    public var count: Int { records.count }

    public mutating func put(_ key: String, _ value: String) {
        records[FNV1a.hash(key)] = Record(key: key, value: value, checksum: CRC32.checksum(value))
    }

    public func get(_ key: String) -> String? {
        record(for: key)?.value
    }

    public func record(for key: String) -> Record? {
        records[FNV1a.hash(key)]
    }

    @discardableResult
    public mutating func remove(_ key: String) -> String? {
        records.removeValue(forKey: FNV1a.hash(key))?.value
    }
}
EOF
put Tests/StorageTests/StoreTests.swift <<'EOF'
import XCTest
import Storage

final class StoreTests: XCTestCase {
    func testPutThenGet() {
        var store = Store()
        store.put("greeting", "hello")
        XCTAssertEqual(store.get("greeting"), "hello")
        XCTAssertNil(store.get("missing"))
        XCTAssertEqual(store.count, 1)
    }

    func testRecordsAreChecksummed() throws {
        var store = Store()
        store.put("k", "123456789")
        let record = try XCTUnwrap(store.record(for: "k"))
        XCTAssertEqual(record.checksum, 0xcbf4_3926)
        XCTAssertTrue(record.isIntact)
    }

    func testRemove() {
        var store = Store()
        store.put("a", "1")
        XCTAssertEqual(store.remove("a"), "1")
        XCTAssertNil(store.remove("a"))
        XCTAssertEqual(store.count, 0)
    }
}
EOF
commit_staged 'Storage: remove'

put Tests/HashingTests/HexTests.swift <<'EOF'
import XCTest
import Hashing

final class HexTests: XCTestCase {
    func testPadding() {
        XCTAssertEqual(UInt32(0xff).hex, "000000ff")
        XCTAssertEqual(UInt64(0).hex.count, 16)
    }
}
EOF
commit_staged 'Hashing: hex tests'

repo_finish
