import Imports
import Testing

/// `ImportScanner`: every form of import, with its line, also inside `#if`, and nothing else.
@Suite struct ImportScannerTests {
    @Test func everyForm() {
        let source = """
            // import NotAnImport (a comment)
            import Foundation
            @testable import Core
            @_exported import Feature
            internal import Models
            public import struct Geometry.Point
            @preconcurrency import Sync;
            #if canImport(Darwin)
            import Darwin
            #elseif canImport(Glibc)
            @_implementationOnly import Glibc
            #endif

            let text = "import Strings"
            func f() {}
            """
        let found = ImportScanner.imports(in: source)
        #expect(found.map(\.module) == ["Foundation", "Core", "Feature", "Models", "Geometry", "Sync", "Darwin", "Glibc"])
        #expect(found.map(\.line) == [2, 3, 4, 5, 6, 7, 9, 11])
        #expect(found.filter(\.testable).map(\.module) == ["Core"])
        #expect(found.filter(\.exported).map(\.module) == ["Feature"])
        #expect(found.filter(\.conditional).map(\.module) == ["Darwin", "Glibc"])
        #expect(found.filter(\.conditional).map(\.conditions) == [["canImport(Darwin)"], ["canImport(Glibc)"]])
    }

    @Test func anImportAfterDeclarationsIsFoundAndOneInAStringIsNot() {
        let source = """
            import A

            struct S {
                let code = \"""
                import NotReal
                \"""
            }

            import B
            """
        #expect(ImportScanner.imports(in: source).map(\.module) == ["A", "B"])
    }

    @Test func nestedConditionsAndElse() {
        let source = "#if FLAG\nimport A\n#else\n#if os(Linux)\nimport B\n#endif\n#endif\n"
        #expect(ImportScanner.imports(in: source).map(\.conditions) == [["FLAG"], ["#else", "os(Linux)"]])
    }

    @Test func aFileWithoutImportsIsNotParsed() {
        #expect(ImportScanner.imports(in: "let important = 1\n// imports are elsewhere\n").isEmpty)
        #expect(ImportScanner.imports(inEach: ["import X\n", "", "import Y\nimport Z\n"]).map { $0.map(\.module) } == [["X"], [], ["Y", "Z"]])
    }
}
