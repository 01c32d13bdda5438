#!/usr/bin/env bash
# pkg-package-access: a buildable Swift package (tools 5.9, XCTest, no
# external dependencies) whose targets share `package`-access declarations:
#   Core      public API (Slug) plus `package func normalized(_:)` and
#             `package struct Token`
#   App       executable -> Core; calls Core.normalized (package access across
#             targets: valid inside one package, impossible once Core is a
#             separate package)
#   CoreTests uses Token (goes with Core on extraction)
# Extracting Core must be refused: App uses a `package` declaration of Core.
# History: Core, then its package API, then App, a feature branch merged with --no-ff.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put_swift_gitignore
put README.md <<'EOF'
# Slugs

URL slugs from titles.
EOF
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Slugs",
    targets: [
        .target(name: "Core"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
    ]
)
EOF
put Sources/Core/Slug.swift <<'EOF'
/// A URL slug: lower-case words joined by "-".
public struct Slug: Equatable, CustomStringConvertible {
    public let value: String

    public init(_ title: String) {
        let words = title.lowercased().split { !$0.isLetter && !$0.isNumber }
        value = words.joined(separator: "-")
    }

    public var description: String { value }
}
EOF
put Tests/CoreTests/SlugTests.swift <<'EOF'
import XCTest
import Core

final class SlugTests: XCTestCase {
    func testSlug() {
        XCTAssertEqual(Slug("Hello, World!").value, "hello-world")
    }
}
EOF
commit_staged 'Initial package with Core'

# 2
put Sources/Core/Normalize.swift <<'EOF'
/// Trims and collapses runs of whitespace to one space.
/// `package`: shared with the other targets of this package, not public API.
package func normalized(_ s: String) -> String {
    s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// One word of a title, with its position.
package struct Token: Equatable {
    package var text: String
    package var index: Int

    package init(text: String, index: Int) {
        self.text = text
        self.index = index
    }

    package static func tokenize(_ s: String) -> [Token] {
        normalized(s).split(separator: " ").enumerated().map { Token(text: String($0.element), index: $0.offset) }
    }
}
EOF
put Tests/CoreTests/TokenTests.swift <<'EOF'
import XCTest
import Core

final class TokenTests: XCTestCase {
    func testNormalized() {
        XCTAssertEqual(normalized("  a \t b\n"), "a b")
    }

    func testTokenize() {
        XCTAssertEqual(Token.tokenize(" Swift  packages "), [Token(text: "Swift", index: 0), Token(text: "packages", index: 1)])
    }
}
EOF
commit_staged 'Core: package-access normalized() and Token'

# 3
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Slugs",
    targets: [
        .target(name: "Core"),
        .executableTarget(name: "App", dependencies: ["Core"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
    ]
)
EOF
put Sources/App/main.swift <<'EOF'
import Core

let title = CommandLine.arguments.dropFirst().joined(separator: " ")
let clean = Core.normalized(title.isEmpty ? "  Hello,   package   access " : title)
print("\(clean) -> \(Slug(clean))")
EOF
commit_staged 'Add App executable (uses Core.normalized)'

# Feature: slugs with a length limit, merged with --no-ff.
branch feature/limit
put Sources/Core/Slug.swift <<'EOF'
/// A URL slug: lower-case words joined by "-".
public struct Slug: Equatable, CustomStringConvertible {
    public let value: String

    public init(_ title: String) {
        let words = title.lowercased().split { !$0.isLetter && !$0.isNumber }
        value = words.joined(separator: "-")
    }

    /// Keeps whole words while the slug fits in `maxLength` characters.
    public init(_ title: String, maxLength: Int) {
        var kept: [String] = []
        for token in Token.tokenize(Slug(title).value.replacingOccurrences("-", " ")) {
            let candidate = (kept + [token.text]).joined(separator: "-")
            if candidate.count > maxLength { break }
            kept.append(token.text)
        }
        value = kept.joined(separator: "-")
    }

    public var description: String { value }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
EOF
put Tests/CoreTests/SlugTests.swift <<'EOF'
import XCTest
import Core

final class SlugTests: XCTestCase {
    func testSlug() {
        XCTAssertEqual(Slug("Hello, World!").value, "hello-world")
    }

    func testMaxLengthKeepsWholeWords() {
        XCTAssertEqual(Slug("Swift package access levels", maxLength: 13).value, "swift-package")
        XCTAssertEqual(Slug("Supercalifragilistic", maxLength: 5).value, "")
    }
}
EOF
commit_staged 'Core: slugs with a length limit'

put Sources/App/main.swift <<'EOF'
import Core

let title = CommandLine.arguments.dropFirst().joined(separator: " ")
let clean = Core.normalized(title.isEmpty ? "  Hello,   package   access " : title)
print("\(clean) -> \(Slug(clean)) (short: \(Slug(clean, maxLength: 12)))")
EOF
commit_staged 'App: print the short slug'

switch main
put README.md <<'EOF'
# Slugs

URL slugs from titles.

    swift run App "My   First Post"
EOF
commit_staged 'README: usage'

merge "Merge branch 'feature/limit'" feature/limit

repo_finish
