import Imports
import Testing

/// `PackageAccessScanner`: `package` declarations whose uses a cut would put in another package.
/// The moved side is module `Core` (and its tests); the staying side is `App` and `AppTests`.
@Suite struct PackageAccessScannerTests {
    static let coreTokens = ##"""
    /// A lexer token.
    package struct Token: Equatable {
        package var kind: String
        public var text: String

        package init(kind: String, text: String = "") {
            self.kind = kind
            self.text = text
        }

        package static func keyword(_ text: String) -> Token {
            Token(kind: "keyword", text: text)
        }
    }

    package func helper() -> Int { 42 }

    public func publicHelper() -> Int { helper() }

    package let tokenLimit = 64
    """##

    static let core = ModuleSources(module: "Core", files: [(path: "Sources/Core/Token.swift", text: coreTokens)])

    static func app(_ text: String, module: String = "App", path: String = "Sources/App/main.swift") -> ModuleSources {
        ModuleSources(module: module, files: [(path: path, text: text)])
    }

    @Test func funcStructAndPropertyUsedAcross() {
        let app = Self.app(##"""
        import Core

        func run() -> Int {
            let token = Token.keyword("let")
            print(token.kind)
            return helper() + tokenLimit
        }
        """##)
        let findings = PackageAccessScanner.findings(moved: [Self.core], staying: [app])
        let expected = [
            ("struct Token", 2, 4),
            ("var Token.kind", 3, 5),
            ("func Token.keyword(_:)", 11, 4),
            ("func helper()", 16, 6),
            ("let tokenLimit", 20, 6),
        ].map { declaration, declarationLine, useLine in
            PackageAccessFinding(
                declaration: declaration, declaringModule: "Core", declarationFile: "Sources/Core/Token.swift",
                declarationLine: declarationLine, usingModule: "App", useFile: "Sources/App/main.swift",
                useLine: useLine
            )
        }
        #expect(findings == expected)
    }

    @Test func packageInitializerThroughTypeCallWithFittingLabels() {
        let app = Self.app(##"""
        import Core
        let plain = Token.self
        let made = Token(kind: "identifier")
        """##)
        let findings = PackageAccessScanner.findings(moved: [Self.core], staying: [app])
        #expect(findings.map(\.declaration) == ["struct Token", "Token.init(kind:text:)"])
        #expect(findings.map(\.useLine) == [2, 3])
    }

    @Test func usedOnlyWithinItsModuleOrItsSideGivesNothing() {
        let coreUser = Self.app(##"""
        import Core
        let value = helper() + Token.keyword("x").kind.count
        """##, module: "CoreExtras", path: "Sources/CoreExtras/Extras.swift")
        #expect(PackageAccessScanner.findings(moved: [Self.core, coreUser], staying: []) == [])
        #expect(PackageAccessScanner.findings(moved: [], staying: [Self.core, coreUser]) == [])
    }

    @Test func publicDeclarationsAndPackageSetterGiveNothing() {
        let core = ModuleSources(module: "Core", files: [(path: "Sources/Core/Config.swift", text: ##"""
        public struct Config {
            public package(set) var verbose = false
            public init() {}
            public func describe() -> String { "config" }
        }
        public func makeConfig() -> Config { Config() }
        """##)])
        let app = Self.app(##"""
        import Core
        let config = makeConfig()
        print(config.verbose, config.describe(), Config())
        """##)
        #expect(PackageAccessScanner.findings(moved: [core], staying: [app]) == [])
    }

    @Test func testTargetOfTheStayingSideUsesMovedPackageDeclaration() {
        let tests = Self.app(##"""
        @testable import Core
        import Testing

        @Test func limit() {
            #expect(tokenLimit == 64)
        }
        """##, module: "AppTests", path: "Tests/AppTests/LimitTests.swift")
        let findings = PackageAccessScanner.findings(moved: [Self.core], staying: [tests])
        #expect(findings == [PackageAccessFinding(
            declaration: "let tokenLimit", declaringModule: "Core", declarationFile: "Sources/Core/Token.swift",
            declarationLine: 20, usingModule: "AppTests", useFile: "Tests/AppTests/LimitTests.swift", useLine: 5
        )])
    }

    @Test func reverseDirectionMovedModuleUsesStayingDeclaration() {
        let shared = ModuleSources(module: "Shared", files: [(path: "Sources/Shared/Log.swift", text: ##"""
        package enum LogLevel { case debug, info }
        package func log(_ message: String, level: LogLevel = .info) {}
        """##)])
        let moved = ModuleSources(module: "Feature", files: [
            (path: "Sources/Feature/A.swift", text: "import Foundation\nlet a = 1\n"),
            (path: "Sources/Feature/B.swift", text: "internal import Shared\n\nfunc start() {\n    log(\"started\")\n}\n"),
        ])
        let findings = PackageAccessScanner.findings(moved: [moved], staying: [shared])
        #expect(findings == [PackageAccessFinding(
            declaration: "func log(_:level:)", declaringModule: "Shared", declarationFile: "Sources/Shared/Log.swift",
            declarationLine: 2, usingModule: "Feature", useFile: "Sources/Feature/B.swift", useLine: 4
        )])
    }

    @Test func fileThatDoesNotImportTheModuleGivesNothing() {
        let app = ModuleSources(module: "App", files: [
            (path: "Sources/App/A.swift", text: "import Foundation\nlet n = helper()\n"),
            (path: "Sources/App/B.swift", text: "import Core\nlet m = publicHelper()\n"),
        ])
        #expect(PackageAccessScanner.findings(moved: [Self.core], staying: [app]) == [])
    }

    @Test func anyImportFormCounts() {
        for importLine in ["@testable import Core", "internal import Core", "import struct Core.Token", "import Core.Sub"] {
            let app = Self.app("\(importLine)\n\nlet n = helper()\n")
            let findings = PackageAccessScanner.findings(moved: [Self.core], staying: [app])
            #expect(findings.map(\.declaration) == ["func helper()"], "\(importLine)")
            #expect(findings.map(\.useLine) == [3], "\(importLine)")
        }
        let conditional = Self.app("#if canImport(Core)\nimport Core\n#endif\nlet n = helper()\n")
        #expect(PackageAccessScanner.findings(moved: [Self.core], staying: [conditional]).count == 1)
    }

    @Test func namesTheUsingModuleDeclaresOrShadowsAreNotUses() {
        let app = ModuleSources(module: "App", files: [
            (path: "Sources/App/Own.swift", text: "struct Token {}\nfunc helper() -> Int { 1 }\n"),
            (path: "Sources/App/Use.swift", text: ##"""
            import Core
            func f(tokenLimit: Int) -> Int {
                let token = Token()
                return helper() + tokenLimit
            }
            """##),
        ])
        #expect(PackageAccessScanner.findings(moved: [Self.core], staying: [app]) == [])
    }

    @Test func commonMemberNamesOnAnUnknownBaseAreNotUses() {
        let core = ModuleSources(module: "Core", files: [(path: "Sources/Core/Box.swift", text: ##"""
        public struct Box {
            package var count: Int { 0 }
            package var payloadSize: Int { 0 }
        }
        """##)])
        let app = Self.app(##"""
        import Core
        let n = [1, 2].count
        extension Array { var doubled: Int { count * 2 } }
        let m = box().payloadSize
        func make() -> Box { box() }
        """##)
        let findings = PackageAccessScanner.findings(moved: [core], staying: [app])
        #expect(findings.map(\.declaration) == ["var Box.payloadSize"])
        #expect(findings.map(\.useLine) == [4])
        // Where the file never names Box, `payloadSize` may be any type's member.
        let unnamed = Self.app("import Core\nlet m = box().payloadSize\n")
        #expect(PackageAccessScanner.findings(moved: [core], staying: [unnamed]) == [])
    }

    @Test func moduleQualifiedAndTypeQualifiedUses() {
        let core = ModuleSources(module: "Core", files: [(path: "Sources/Core/Registry.swift", text: ##"""
        public final class Registry {
            package static var shared = Registry()
            package struct Entry {}
        }
        package extension Registry {
            func register(_ name: String) {}
            public func lookup(_ name: String) {}
        }
        package protocol Plugin {}
        """##)])
        let app = Self.app(##"""
        import Core
        struct Logger: Core.Plugin {
            let entry: Registry.Entry
            func go() { Registry.shared.register("x") }
            func find() { Registry.shared.lookup("y") }
        }
        """##)
        let findings = PackageAccessScanner.findings(moved: [core], staying: [app])
        #expect(findings.map(\.declaration) == [
            "var Registry.shared", "struct Registry.Entry", "func Registry.register(_:)", "protocol Plugin",
        ])
        #expect(findings.map(\.useLine) == [4, 3, 4, 2])
        #expect(findings.map(\.declarationLine) == [2, 3, 6, 9])
    }

    @Test func callsMustFitTheArgumentLabels() {
        let core = ModuleSources(module: "Core", files: [(path: "Sources/Core/Format.swift", text: ##"""
        package func format(value: Int) -> String { "" }
        public func format(text: String) -> String { text }
        """##)])
        let other = Self.app("import Core\nlet s = format(text: \"a\")\n")
        #expect(PackageAccessScanner.findings(moved: [core], staying: [other]) == [])
        let both = ModuleSources(module: "Core", files: core.files + Self.core.files)
        let qualified = Self.app("import Core\nlet t = Core.format(value: 1)\nlet u = Core.Token(kind: \"k\")\n")
        #expect(PackageAccessScanner.findings(moved: [both], staying: [qualified]).map(\.declaration) == [
            "func format(value:)", "struct Token", "Token.init(kind:text:)",
        ])
        let fitting = Self.app("import Core\nlet s = format(text: \"a\")\nlet t = format(value: 1)\nlet f = format(value:)\n")
        #expect(PackageAccessScanner.findings(moved: [core], staying: [fitting]).map(\.useLine) == [3])
    }

    @Test func oneFindingPerUsingModuleAtTheFirstUse() {
        let app = ModuleSources(module: "App", files: [
            (path: "Sources/App/A.swift", text: "import Core\n\n\nlet a = helper()\nlet b = helper()\n"),
            (path: "Sources/App/B.swift", text: "import Core\nlet c = helper()\n"),
        ])
        let tests = Self.app("@testable import Core\nlet d = helper()\n", module: "AppTests", path: "Tests/AppTests/T.swift")
        let findings = PackageAccessScanner.findings(moved: [Self.core], staying: [app, tests])
        #expect(findings.map { "\($0.usingModule) \($0.useFile):\($0.useLine)" } == [
            "App Sources/App/A.swift:4", "AppTests Tests/AppTests/T.swift:2",
        ])
    }

    @Test func labelledSubscriptAndStringsAndComments() {
        let core = ModuleSources(module: "Core", files: [(path: "Sources/Core/Table.swift", text: ##"""
        public struct Table {
            package subscript(column column: String) -> Int { 0 }
            package subscript(_ row: Int) -> Int { 0 }
        }
        """##)])
        let app = Self.app(##"""
        import Core
        // column: helper()
        let s = "column"
        let a = [1][0]
        let b = table[column: "x"]
        var table: Table { fatalError() }
        """##)
        let findings = PackageAccessScanner.findings(moved: [core], staying: [app])
        #expect(findings.map(\.declaration) == ["Table.subscript(column:)"])
        #expect(findings.map(\.useLine) == [5])
    }

    @Test func aMemberSpelledWithoutItsTypeCountsOnlyWhereTheTypeIsNamed() {
        // `kind` of another type, in a file that never names Token: not a use.
        let unrelated = Self.app(##"""
        import Core

        struct Shape { var kind = "circle" }
        func describe(_ s: some Sequence) -> String { "\\(s.underestimatedCount)" }
        func label(_ x: Shape) -> String { x.kind }
        """##)
        #expect(PackageAccessScanner.findings(moved: [Self.core], staying: [unrelated]).allSatisfy { $0.declaration != "var Token.kind" })
        let related = Self.app(##"""
        import Core

        func label(_ x: Token) -> String { x.kind }
        """##)
        #expect(PackageAccessScanner.findings(moved: [Self.core], staying: [related]).contains { $0.declaration == "var Token.kind" && $0.useLine == 3 })
    }
}
