#!/usr/bin/env bash
# pkg-subfolder: a mixed-language repository whose Swift package is not at the
# top but in swift/ (tools 5.9, XCTest, no external dependencies):
#   android/app/src/main/java/com/acme/Main.kt, web/index.js, README.md
#   swift/Package.swift:  Base (leaf) <- Net <- Feed <- feedctl (executable)
#                         BaseTests, NetTests, FeedTests
# History: commits to swift/ and to android/ and web/ interleaved, a feature
# branch merged with --no-ff, swift/Sources/Net changed over several commits.
# The repository's .gitignore is the app's; swift/.gitignore is SwiftPM's.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put .gitignore <<'EOF'
.DS_Store
android/.gradle/
android/build/
android/app/build/
web/node_modules/
EOF
put README.md <<'EOF'
# Acme

The Acme news app: Android client in `android/`.
EOF
put android/app/src/main/java/com/acme/Main.kt <<'EOF'
package com.acme

fun main() {
    println("Acme for Android")
}
EOF
commit_staged 'Android app skeleton'

# 2
put web/index.js <<'EOF'
// Acme web client.
export function headline(item) {
  return item.title.trim();
}
EOF
put README.md <<'EOF'
# Acme

The Acme news app: Android client in `android/`, web client in `web/`.
EOF
commit_staged 'Web client'

# 3
put swift/.gitignore <<'EOF'
.DS_Store
/.build
/.swiftpm
/Packages
EOF
put swift/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "AcmeKit",
    targets: [
        .target(name: "Base"),
        .testTarget(name: "BaseTests", dependencies: ["Base"]),
    ]
)
EOF
put swift/Sources/Base/Item.swift <<'EOF'
/// A news item.
public struct Item: Equatable, Sendable {
    public var id: Int
    public var title: String

    public init(id: Int, title: String) {
        self.id = id
        self.title = title
    }

    /// The title without surrounding whitespace (as the web client shows it).
    public var headline: String {
        String(title.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
EOF
put swift/Tests/BaseTests/ItemTests.swift <<'EOF'
import XCTest
import Base

final class ItemTests: XCTestCase {
    func testHeadlineTrims() {
        XCTAssertEqual(Item(id: 1, title: "  Hello  ").headline, "Hello")
    }
}
EOF
commit_staged 'Swift package with Base'

# 4
put swift/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "AcmeKit",
    targets: [
        .target(name: "Base"),
        .target(name: "Net", dependencies: ["Base"]),
        .testTarget(name: "BaseTests", dependencies: ["Base"]),
        .testTarget(name: "NetTests", dependencies: ["Net"]),
    ]
)
EOF
put swift/Sources/Net/Wire.swift <<'EOF'
import Base

/// Parses the server's line format: `id|title`, one item per line.
public enum Wire {
    public static func parse(_ text: String) -> [Item] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2, let id = Int(parts[0]) else { return nil }
            return Item(id: id, title: String(parts[1]))
        }
    }
}
EOF
put swift/Tests/NetTests/WireTests.swift <<'EOF'
import XCTest
import Base
import Net

final class WireTests: XCTestCase {
    func testParsesLines() {
        XCTAssertEqual(Wire.parse("1|One\n2|Two\nbad"), [Item(id: 1, title: "One"), Item(id: 2, title: "Two")])
    }
}
EOF
commit_staged 'Swift: Net parses the wire format'

# 5
put android/app/src/main/java/com/acme/Main.kt <<'EOF'
package com.acme

data class Item(val id: Int, val title: String)

fun main() {
    val items = listOf(Item(1, " Hello "))
    items.forEach { println(it.title.trim()) }
}
EOF
commit_staged 'Android: show items'

# 6
put swift/Sources/Net/Client.swift <<'EOF'
import Base

/// Fetches the raw feed text for a path.
public protocol Fetcher {
    func fetch(_ path: String) throws -> String
}

/// A client for the news server.
public struct Client {
    public let fetcher: any Fetcher

    public init(fetcher: any Fetcher) {
        self.fetcher = fetcher
    }

    public func items(_ path: String = "/items") throws -> [Item] {
        Wire.parse(try fetcher.fetch(path))
    }
}
EOF
put swift/Tests/NetTests/ClientTests.swift <<'EOF'
import XCTest
import Base
import Net

struct CannedFetcher: Fetcher {
    var text: String
    func fetch(_ path: String) throws -> String { path == "/items" ? text : "" }
}

final class ClientTests: XCTestCase {
    func testItemsFromFetcher() throws {
        let client = Client(fetcher: CannedFetcher(text: "7|Seven"))
        XCTAssertEqual(try client.items(), [Item(id: 7, title: "Seven")])
    }
}
EOF
commit_staged 'Swift: Net client over a fetcher'

# Feature: the Feed target (and the web client's feed), merged with --no-ff.
branch feature/feed
put swift/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "AcmeKit",
    products: [
        .library(name: "Feed", targets: ["Feed"]),
    ],
    targets: [
        .target(name: "Base"),
        .target(name: "Net", dependencies: ["Base"]),
        .target(name: "Feed", dependencies: ["Net"]),
        .testTarget(name: "BaseTests", dependencies: ["Base"]),
        .testTarget(name: "NetTests", dependencies: ["Net"]),
        .testTarget(name: "FeedTests", dependencies: ["Feed", "Net"]),
    ]
)
EOF
put swift/Sources/Feed/Feed.swift <<'EOF'
import Base
import Net

/// The newest items first, as headlines.
public struct Feed {
    public let client: Client

    public init(client: Client) {
        self.client = client
    }

    public func headlines(limit: Int = 10) throws -> [String] {
        try client.items().sorted { $0.id > $1.id }.prefix(limit).map(\.headline)
    }
}
EOF
put swift/Tests/FeedTests/FeedTests.swift <<'EOF'
import XCTest
import Feed
import Net

struct Canned: Fetcher {
    func fetch(_ path: String) throws -> String { "1| old \n3|newest\n2|middle" }
}

final class FeedTests: XCTestCase {
    func testNewestFirst() throws {
        let feed = Feed(client: Client(fetcher: Canned()))
        XCTAssertEqual(try feed.headlines(limit: 2), ["newest", "middle"])
        XCTAssertEqual(try feed.headlines().last, "old")
    }
}
EOF
commit_staged 'Swift: Feed target'

put web/index.js <<'EOF'
// Acme web client.
export function headline(item) {
  return item.title.trim();
}

export function feed(items, limit = 10) {
  return [...items].sort((a, b) => b.id - a.id).slice(0, limit).map(headline);
}
EOF
commit_staged 'Web: newest-first feed'

switch main
put swift/Sources/Net/Wire.swift <<'EOF'
import Base

/// Parses the server's line format: `id|title`, one item per line.
/// Blank lines and `#` comments are skipped.
public enum Wire {
    public static func parse(_ text: String) -> [Item] {
        text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2, let id = Int(parts[0]) else { return nil }
            return Item(id: id, title: String(parts[1]))
        }
    }

    public static func format(_ items: [Item]) -> String {
        items.map { "\($0.id)|\($0.title)" }.joined(separator: "\n")
    }
}
EOF
put swift/Tests/NetTests/WireTests.swift <<'EOF'
import XCTest
import Base
import Net

final class WireTests: XCTestCase {
    func testParsesLines() {
        XCTAssertEqual(Wire.parse("1|One\n2|Two\nbad"), [Item(id: 1, title: "One"), Item(id: 2, title: "Two")])
    }

    func testSkipsComments() {
        XCTAssertEqual(Wire.parse("# feed v1\n\n4|Four"), [Item(id: 4, title: "Four")])
    }

    func testFormatRoundTrips() {
        let items = [Item(id: 1, title: "a|b"), Item(id: 2, title: "c")]
        XCTAssertEqual(Wire.parse(Wire.format(items)), items)
    }
}
EOF
commit_staged 'Swift: Net skips comments and formats items'

merge "Merge branch 'feature/feed'" feature/feed

# 10
put swift/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "AcmeKit",
    products: [
        .library(name: "Feed", targets: ["Feed"]),
        .executable(name: "feedctl", targets: ["feedctl"]),
    ],
    targets: [
        .target(name: "Base"),
        .target(name: "Net", dependencies: ["Base"]),
        .target(name: "Feed", dependencies: ["Net"]),
        .executableTarget(name: "feedctl", dependencies: ["Feed", "Net"]),
        .testTarget(name: "BaseTests", dependencies: ["Base"]),
        .testTarget(name: "NetTests", dependencies: ["Net"]),
        .testTarget(name: "FeedTests", dependencies: ["Feed", "Net"]),
    ]
)
EOF
put swift/Sources/Net/StaticFetcher.swift <<'EOF'
/// Answers every path with the same text (demos and offline use).
public struct StaticFetcher: Fetcher {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public func fetch(_ path: String) throws -> String { text }
}
EOF
put swift/Sources/feedctl/main.swift <<'EOF'
import Feed
import Net

let text = CommandLine.arguments.dropFirst().first ?? "1|Hello\n2| World "
let feed = Feed(client: Client(fetcher: StaticFetcher(text)))
for headline in try feed.headlines() {
    print(headline)
}
EOF
commit_staged 'Swift: feedctl executable'

# 11
put web/index.js <<'EOF'
// Acme web client.
export function headline(item) {
  return item.title.trim();
}

export function feed(items, limit = 10) {
  return [...items].sort((a, b) => b.id - a.id).slice(0, limit).map(headline);
}

export function render(items) {
  return feed(items).map((h) => `<li>${h}</li>`).join("");
}
EOF
commit_staged 'Web: render the feed'

# 12
put swift/Sources/Net/Client.swift <<'EOF'
import Base

/// Fetches the raw feed text for a path.
public protocol Fetcher {
    func fetch(_ path: String) throws -> String
}

/// A client for the news server.
public struct Client {
    public let fetcher: any Fetcher
    public var basePath: String

    public init(fetcher: any Fetcher, basePath: String = "") {
        self.fetcher = fetcher
        self.basePath = basePath
    }

    public func items(_ path: String = "/items") throws -> [Item] {
        Wire.parse(try fetcher.fetch(basePath + path))
    }
}
EOF
put swift/Tests/NetTests/ClientTests.swift <<'EOF'
import XCTest
import Base
import Net

struct CannedFetcher: Fetcher {
    var text: String
    func fetch(_ path: String) throws -> String { path.hasSuffix("/items") ? text : "" }
}

final class ClientTests: XCTestCase {
    func testItemsFromFetcher() throws {
        let client = Client(fetcher: CannedFetcher(text: "7|Seven"))
        XCTAssertEqual(try client.items(), [Item(id: 7, title: "Seven")])
    }

    func testBasePathIsPrefixed() throws {
        let client = Client(fetcher: CannedFetcher(text: "8|Eight"), basePath: "/v2")
        XCTAssertEqual(try client.items(), [Item(id: 8, title: "Eight")])
        XCTAssertEqual(try client.items("/other"), [])
    }
}
EOF
commit_staged 'Swift: Net client base path'

# 13
put README.md <<'EOF'
# Acme

The Acme news app.

- `android/`: Android client
- `web/`: web client
- `swift/`: Swift package `AcmeKit` (`Base` <- `Net` <- `Feed`, `feedctl`)

    cd swift && swift run feedctl
EOF
commit_staged 'README: layout'

repo_finish
