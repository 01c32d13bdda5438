#!/usr/bin/env bash
# pkg-deps: a buildable Swift package (tools 5.9, later 6.0; Swift Testing; no
# external dependencies) with a small dependency graph:
#   Core (leaf) <- Networking, Models;  Networking + Models <- Sync <- CLI (exe)
# Products expose Networking and Sync as libraries. Networking has several
# dependents (Sync, NetworkingTests, SyncTests) and an internal dependency on
# Core. History: targets added one by one, a feature branch merged with
# --no-ff, a file moved from Core to Networking, a file renamed inside
# Networking, a tools-version bump.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put_swift_gitignore
put README.md <<'EOF'
# Notes

Notes with a sync engine.
EOF
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    targets: [
        .target(name: "Core"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
    ]
)
EOF
put Sources/Core/Identifier.swift <<'EOF'
/// A stable identifier for a synced object.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
EOF
put Sources/Core/Endpoint.swift <<'EOF'
/// A path on the sync server, such as `/notes`.
public struct Endpoint: Hashable, Sendable {
    public let path: String

    public init(_ path: String) {
        self.path = path.hasPrefix("/") ? path : "/" + path
    }
}
EOF
put Tests/CoreTests/CoreTests.swift <<'EOF'
import Testing
import Core

@Test func identifierDescription() {
    #expect(Identifier("abc").description == "abc")
}

@Test func endpointAddsLeadingSlash() {
    #expect(Endpoint("notes").path == "/notes")
    #expect(Endpoint("/notes").path == "/notes")
}
EOF
commit_staged 'Initial package with Core'

# 2
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
    ]
)
EOF
put Sources/Networking/Request.swift <<'EOF'
import Core

public struct Request: Sendable, Equatable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    public var endpoint: Endpoint
    public var body: String

    public init(_ method: Method, _ path: String, body: String = "") {
        self.method = method
        self.endpoint = Endpoint(path)
        self.body = body
    }

    public var path: String { endpoint.path }

    /// Identifies the request for logging and de-duplication.
    public var id: Identifier { Identifier("\(method.rawValue) \(endpoint.path)") }
}

public struct Response: Sendable, Equatable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String = "") {
        self.status = status
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
EOF
put Sources/Networking/Transport.swift <<'EOF'
/// Delivers requests to a server.
public protocol Transport: Sendable {
    func send(_ request: Request) throws -> Response
}
EOF
put Sources/Networking/Mock.swift <<'EOF'
/// A transport that answers from a closure, for tests and demos.
public struct MockTransport: Transport {
    private let handler: @Sendable (Request) throws -> Response

    public init(_ handler: @escaping @Sendable (Request) throws -> Response) {
        self.handler = handler
    }

    public func send(_ request: Request) throws -> Response {
        try handler(request)
    }
}
EOF
commit_staged 'Add Networking target'

# 3
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
    ]
)
EOF
put Tests/NetworkingTests/RequestTests.swift <<'EOF'
import Testing
import Networking

@Test func requestNormalizesPath() {
    let request = Request(.post, "notes", body: "x")
    #expect(request.path == "/notes")
    #expect(request.method == .post)
    #expect(request.id.description == "POST /notes")
}

@Test func mockTransportAnswers() throws {
    let transport = MockTransport { Response(status: 200, body: $0.body.uppercased()) }
    let response = try transport.send(Request(.get, "/echo", body: "hi"))
    #expect(response.body == "HI")
    #expect(response.isSuccess)
}
EOF
commit_staged 'Networking: tests'

# 4
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .target(name: "Models", dependencies: [.target(name: "Core")]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
    ]
)
EOF
put Sources/Models/Note.swift <<'EOF'
import Core

public struct Note: Equatable, Sendable {
    public let id: Identifier
    public var title: String
    public var body: String

    public init(id: String, title: String, body: String = "") {
        self.id = Identifier(id)
        self.title = title
        self.body = body
    }

    public var key: String { id.rawValue }

    /// Line-based wire format: id, title, body.
    public var wire: String { [id.rawValue, title, body].joined(separator: "\n") }
}
EOF
commit_staged 'Add Models target'

# 5
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
        .library(name: "Sync", targets: ["Sync"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .target(name: "Models", dependencies: [.target(name: "Core")]),
        .target(name: "Sync", dependencies: ["Networking", "Models"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Networking", "Models"]),
    ]
)
EOF
put Sources/Sync/SyncEngine.swift <<'EOF'
import Models
import Networking

public struct SyncEngine: Sendable {
    public let transport: any Transport

    public init(transport: any Transport) {
        self.transport = transport
    }

    /// Pushes each note; returns the keys of the notes the server accepted.
    public func push(_ notes: [Note]) throws -> [String] {
        var accepted: [String] = []
        for note in notes {
            let response = try transport.send(Request(.post, "notes", body: note.wire))
            if response.isSuccess { accepted.append(note.key) }
        }
        return accepted
    }
}
EOF
put Tests/SyncTests/SyncEngineTests.swift <<'EOF'
import Testing
import Models
import Networking
import Sync

@Test func pushReportsAcceptedNotes() throws {
    let engine = SyncEngine(transport: MockTransport { request in
        Response(status: request.body.hasPrefix("a") ? 201 : 409)
    })
    let accepted = try engine.push([Note(id: "a1", title: "A"), Note(id: "b1", title: "B")])
    #expect(accepted == ["a1"])
}
EOF
commit_staged 'Add Sync target'

# 6
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
        .library(name: "Sync", targets: ["Sync"]),
        .executable(name: "notes", targets: ["CLI"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .target(name: "Models", dependencies: [.target(name: "Core")]),
        .target(name: "Sync", dependencies: ["Networking", "Models"]),
        .executableTarget(name: "CLI", dependencies: ["Sync"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Networking", "Models"]),
    ]
)
EOF
put Sources/Sync/Loopback.swift <<'EOF'
import Models
import Networking

extension SyncEngine {
    /// An engine whose server accepts every note with a non-empty title.
    public static func loopback() -> SyncEngine {
        SyncEngine(transport: MockTransport { request in
            let lines = request.body.split(separator: "\n", omittingEmptySubsequences: false)
            let title = lines.dropFirst().first ?? ""
            return Response(status: title.isEmpty ? 422 : 201)
        })
    }

    /// Pushes one note per title and summarizes the result.
    public func pushTitles(_ titles: [String]) throws -> String {
        let notes = titles.enumerated().map { Note(id: "n\($0.offset + 1)", title: $0.element) }
        let accepted = try push(notes)
        return "pushed \(notes.count), accepted \(accepted.count): \(accepted.joined(separator: ", "))"
    }
}
EOF
put Sources/CLI/main.swift <<'EOF'
import Sync

let titles = Array(CommandLine.arguments.dropFirst())
let engine = SyncEngine.loopback()
print(try engine.pushTitles(titles.isEmpty ? ["hello", ""] : titles))
EOF
commit_staged 'Add notes executable'

# Feature: retries, merged with --no-ff.
branch feature/retry
put Sources/Networking/RetryPolicy.swift <<'EOF'
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int

    public init(maxAttempts: Int = 3) {
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Sends `request`, retrying server errors (5xx) up to `maxAttempts` times.
    public func send(_ request: Request, over transport: any Transport) throws -> Response {
        var last = Response(status: 0)
        for _ in 0..<maxAttempts {
            last = try transport.send(request)
            if last.status < 500 { return last }
        }
        return last
    }
}
EOF
put Tests/NetworkingTests/RetryPolicyTests.swift <<'EOF'
import Testing
import Networking

/// Fails with 503 a given number of times, then succeeds.
final class FlakyTransport: Transport, @unchecked Sendable {
    var failures: Int
    private(set) var attempts = 0

    init(failures: Int) {
        self.failures = failures
    }

    func send(_ request: Request) throws -> Response {
        attempts += 1
        if failures > 0 {
            failures -= 1
            return Response(status: 503)
        }
        return Response(status: 200)
    }
}

@Test func retriesServerErrors() throws {
    let transport = FlakyTransport(failures: 2)
    let response = try RetryPolicy(maxAttempts: 3).send(Request(.get, "ping"), over: transport)
    #expect(response.status == 200)
    #expect(transport.attempts == 3)
}

@Test func givesUpAfterMaxAttempts() throws {
    let transport = FlakyTransport(failures: 5)
    let response = try RetryPolicy(maxAttempts: 2).send(Request(.get, "ping"), over: transport)
    #expect(response.status == 503)
    #expect(transport.attempts == 2)
}
EOF
commit_staged 'Networking: retry policy'

put Sources/Sync/SyncEngine.swift <<'EOF'
import Models
import Networking

public struct SyncEngine: Sendable {
    public let transport: any Transport
    public var retry: RetryPolicy

    public init(transport: any Transport, retry: RetryPolicy = RetryPolicy()) {
        self.transport = transport
        self.retry = retry
    }

    /// Pushes each note; returns the keys of the notes the server accepted.
    public func push(_ notes: [Note]) throws -> [String] {
        var accepted: [String] = []
        for note in notes {
            let response = try retry.send(Request(.post, "notes", body: note.wire), over: transport)
            if response.isSuccess { accepted.append(note.key) }
        }
        return accepted
    }
}
EOF
commit_staged 'Sync: retry failed pushes'

put Tests/SyncTests/SyncEngineTests.swift <<'EOF'
import Testing
import Models
import Networking
import Sync

@Test func pushReportsAcceptedNotes() throws {
    let engine = SyncEngine(transport: MockTransport { request in
        Response(status: request.body.hasPrefix("a") ? 201 : 409)
    })
    let accepted = try engine.push([Note(id: "a1", title: "A"), Note(id: "b1", title: "B")])
    #expect(accepted == ["a1"])
}

@Test func serverErrorsAreNotAccepted() throws {
    let engine = SyncEngine(transport: MockTransport { _ in Response(status: 500) }, retry: RetryPolicy(maxAttempts: 2))
    #expect(try engine.push([Note(id: "a1", title: "A")]).isEmpty)
}

@Test func loopbackRejectsEmptyTitles() throws {
    #expect(try SyncEngine.loopback().pushTitles(["x", ""]) == "pushed 2, accepted 1: n1")
}
EOF
commit_staged 'Sync: tests for retries and loopback'

switch main
put Sources/Core/CoreError.swift <<'EOF'
public enum CoreError: Error, Equatable, Sendable {
    case invalidIdentifier(String)
}
EOF
put Sources/Core/Identifier.swift <<'EOF'
/// A stable identifier for a synced object.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Accepts only non-empty identifiers without whitespace.
    public init(validating rawValue: String) throws {
        guard !rawValue.isEmpty, !rawValue.contains(where: \.isWhitespace) else {
            throw CoreError.invalidIdentifier(rawValue)
        }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
EOF
put Tests/CoreTests/CoreTests.swift <<'EOF'
import Testing
import Core

@Test func identifierDescription() {
    #expect(Identifier("abc").description == "abc")
}

@Test func identifierValidation() throws {
    #expect(try Identifier(validating: "n1").rawValue == "n1")
    #expect(throws: CoreError.invalidIdentifier("a b")) { try Identifier(validating: "a b") }
}

@Test func endpointAddsLeadingSlash() {
    #expect(Endpoint("notes").path == "/notes")
    #expect(Endpoint("/notes").path == "/notes")
}
EOF
commit_staged 'Core: validated identifiers'
merge "Merge branch 'feature/retry'" feature/retry

# Endpoint is a networking concept: move it (history follows the rename).
mkdir -p Sources/Networking
git mv Sources/Core/Endpoint.swift Sources/Networking/Endpoint.swift
put Tests/CoreTests/CoreTests.swift <<'EOF'
import Testing
import Core

@Test func identifierDescription() {
    #expect(Identifier("abc").description == "abc")
}

@Test func identifierValidation() throws {
    #expect(try Identifier(validating: "n1").rawValue == "n1")
    #expect(throws: CoreError.invalidIdentifier("a b")) { try Identifier(validating: "a b") }
}
EOF
put Tests/NetworkingTests/EndpointTests.swift <<'EOF'
import Testing
import Networking

@Test func endpointAddsLeadingSlash() {
    #expect(Endpoint("notes").path == "/notes")
    #expect(Endpoint("/notes").path == "/notes")
}
EOF
commit_staged 'Move Endpoint from Core to Networking'

git mv Sources/Networking/Mock.swift Sources/Networking/MockTransport.swift
commit_staged 'Networking: rename Mock.swift to MockTransport.swift'

put Package.swift <<'EOF'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
        .library(name: "Sync", targets: ["Sync"]),
        .executable(name: "notes", targets: ["CLI"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .target(name: "Models", dependencies: [.target(name: "Core")]),
        .target(name: "Sync", dependencies: ["Networking", "Models"]),
        .executableTarget(name: "CLI", dependencies: ["Sync"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Networking", "Models"]),
    ]
)
EOF
commit_staged 'Adopt Swift 6 (tools version 6.0)'

put Package.swift <<'EOF'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
        .library(name: "Sync", targets: ["Sync"]),
        .executable(name: "notes", targets: ["CLI"]),
    ],
    targets: [
        .target(name: "Core"),
        .target(name: "Networking", dependencies: ["Core"]),
        .target(name: "Models", dependencies: [.target(name: "Core")]),
        .target(name: "Sync", dependencies: ["Networking", "Models"]),
        .executableTarget(name: "CLI", dependencies: ["Sync"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Networking", "Models"]),
    ]
)
EOF
put Tests/ModelsTests/NoteTests.swift <<'EOF'
import Testing
import Models

@Test func wireFormat() {
    let note = Note(id: "n1", title: "Title", body: "Body")
    #expect(note.wire == "n1\nTitle\nBody")
    #expect(note.key == "n1")
}
EOF
commit_staged 'Models: tests'

put README.md <<'EOF'
# Notes

Notes with a sync engine.

- `Core`: identifiers and errors
- `Networking`: requests, transports, retries (library product)
- `Models`: the note model
- `Sync`: pushes notes over a transport (library product)
- `CLI`: the `notes` executable

    swift run notes "first note" "second note"
EOF
commit_staged 'README: module overview'

repo_finish
