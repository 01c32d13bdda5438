import Imports
import Testing

/// `ModuleRenamer.declaredNames(in:)`: what a file contributes to the names its module declares.
@Suite struct DeclaredNamesTests {
    @Test func typesAtAnyLevelAndTopLevelValues() {
        let source = ##"""
        public struct Outer {
            struct Inner {
                enum Deep { case a }
            }
            var member = 0
            func method() {
                struct LocalType {}
                let local = 1
            }
            typealias Alias = Int
        }
        class Klass {}
        actor Worker {}
        protocol Proto { associatedtype Element }
        enum Kind { case Hash }
        extension Outer { struct FromExtension {} }
        typealias Checksum = Inventory.Hash
        public func fnv1a(_ s: String) -> UInt64 { 0 }
        let constant = 1
        var (tupleA, tupleB) = (1, 2)
        #if DEBUG
        func debugOnly() {}
        #endif
        struct `Backticked` {}
        """##
        let expected: Set<String> = [
            "Outer", "Inner", "Deep", "LocalType", "Alias", "Klass", "Worker", "Proto", "Element",
            "Kind", "FromExtension", "Checksum", "fnv1a", "constant", "tupleA", "tupleB", "debugOnly",
            "Backticked",
        ]
        #expect(ModuleRenamer.declaredNames(in: source) == expected)
    }

    @Test func membersLocalsAndCasesAreNotDeclarationsOfTheModule() {
        let source = ##"""
        struct Stats {
            var Hash = 0
            func Hashing() {}
            static let Hashed = 1
        }
        enum Mode { case Hash }
        func run() {
            let Hash = 1
            func Hashes() {}
        }
        """##
        let names = ModuleRenamer.declaredNames(in: source)
        #expect(names == ["Stats", "Mode", "run"])
        #expect(!names.contains("Hash"))
    }

    @Test func emptySource() {
        #expect(ModuleRenamer.declaredNames(in: "") == [])
        #expect(ModuleRenamer.declaredNames(in: "import Foundation\nprint(1)\n") == [])
    }
}
