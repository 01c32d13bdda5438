import Imports
import Testing

/// Imports, `canImport` conditions, qualified names, and what is never renamed.
@Suite struct ModuleRenamerRuleTests {
    @Test func everyImportForm() {
        let source = ##"""
        import Hash
        @testable import Hash
        @_exported import Hash
        @_implementationOnly import Hash
        @preconcurrency import Hash
        public import Hash
        internal import Hash
        package import Hash
        import struct Hash.Digest
        import class Hash.Box
        import enum Hash.Kind
        import protocol Hash.Hasher
        import func Hash.fnv1a
        import var Hash.seed
        import let Hash.prime
        import typealias Hash.Value
        import Hash.Sub
        import Hash.Sub.Deeper
        import `Hash`
        import   Hash // trailing comment
        """##
        let expected = ##"""
        import Digests
        @testable import Digests
        @_exported import Digests
        @_implementationOnly import Digests
        @preconcurrency import Digests
        public import Digests
        internal import Digests
        package import Digests
        import struct Digests.Digest
        import class Digests.Box
        import enum Digests.Kind
        import protocol Digests.Hasher
        import func Digests.fnv1a
        import var Digests.seed
        import let Digests.prime
        import typealias Digests.Value
        import Digests.Sub
        import Digests.Sub.Deeper
        import `Digests`
        import   Digests // trailing comment
        """##
        #expect(renamed(source) == expected)
    }

    @Test func importsOfOtherModulesStay() {
        let source = ##"""
        import HashKit
        import Hashing
        import Foundation.Hash
        import struct Other.Hash
        import MyHash
        """##
        #expect(renamed(source) == nil)
    }

    @Test func canImportInEveryConditionForm() {
        let source = ##"""
        #if canImport(Hash)
        import Hash
        #endif
        #if os(Linux) && canImport(Hash)
        let a = 1
        #elseif canImport(Hash)
        let a = 2
        #elseif canImport(Hash.Sub) || !canImport(Hash, _version: 1.2)
        let a = 3
        #elseif (canImport(HashKit) && canImport(Hashing)) || Hash
        let a = 4
        #else
        let a = 5
        #endif
        """##
        let expected = ##"""
        #if canImport(Digests)
        import Digests
        #endif
        #if os(Linux) && canImport(Digests)
        let a = 1
        #elseif canImport(Digests)
        let a = 2
        #elseif canImport(Digests.Sub) || !canImport(Digests, _version: 1.2)
        let a = 3
        #elseif (canImport(HashKit) && canImport(Hashing)) || Hash
        let a = 4
        #else
        let a = 5
        #endif
        """##
        #expect(renamed(source) == expected)
    }

    @Test func nestedIfConfigInTypesAndStatements() {
        let source = ##"""
        struct Keys {
            #if canImport(Hash)
            var digest: Hash.Digest
            #endif

            func f() -> UInt64 {
                #if DEBUG && canImport(Hash)
                return Hash.fnv1a("debug")
                #else
                return 0
                #endif
            }
        }
        """##
        let expected = ##"""
        struct Keys {
            #if canImport(Digests)
            var digest: Digests.Digest
            #endif

            func f() -> UInt64 {
                #if DEBUG && canImport(Digests)
                return Digests.fnv1a("debug")
                #else
                return 0
                #endif
            }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func canImportRenamedEvenWhenModuleDeclaresOld() {
        let source = ##"""
        #if canImport(Hash)
        let x = Hash.zero
        #endif
        """##
        let expected = ##"""
        #if canImport(Digests)
        let x = Hash.zero
        #endif
        """##
        #expect(renamed(source, moduleDeclaresOld: true) == expected)
    }

    @Test func qualifiedExpressions() {
        let source = ##"""
        let a = Hash.fnv1a(k)
        let b = Hash.Digest.fnv1a(k)
        let c = Hash.Digest.self
        let d = [Hash.Digest]()
        let e = Hash.Digest(value: 1).hex
        let f = "key \(Hash.fnv1a(k))"
        let g = `Hash`.fnv1a(k)
        let h = Hash
            .fnv1a(k)
        let i = xs.map(Hash.fnv1a)
        let j = Hash.Box<Int>.make()
        """##
        let expected = ##"""
        let a = Digests.fnv1a(k)
        let b = Digests.Digest.fnv1a(k)
        let c = Digests.Digest.self
        let d = [Digests.Digest]()
        let e = Digests.Digest(value: 1).hex
        let f = "key \(Digests.fnv1a(k))"
        let g = `Digests`.fnv1a(k)
        let h = Digests
            .fnv1a(k)
        let i = xs.map(Digests.fnv1a)
        let j = Digests.Box<Int>.make()
        """##
        #expect(renamed(source) == expected)
    }

    @Test func qualifiedTypes() {
        let source = ##"""
        let d: Hash.Digest
        var table: [Hash.Digest: Int] = [:]
        var list: Array<Hash.Digest>
        var maybe: Hash.Digest?
        extension Hash.Digest: Comparable {}
        struct Box: Hash.Hasher, Sendable {
            @Hash.Wrapped var wrapped: Int
        }
        func digest(_ value: some Hash.Hashing) -> Hash.Digest? {
            value as? Hash.Digest
        }
        typealias Table = [String: Hash.Digest.Element]
        let path = \Hash.Digest.hex
        """##
        let expected = ##"""
        let d: Digests.Digest
        var table: [Digests.Digest: Int] = [:]
        var list: Array<Digests.Digest>
        var maybe: Digests.Digest?
        extension Digests.Digest: Comparable {}
        struct Box: Digests.Hasher, Sendable {
            @Digests.Wrapped var wrapped: Int
        }
        func digest(_ value: some Digests.Hashing) -> Digests.Digest? {
            value as? Digests.Digest
        }
        typealias Table = [String: Digests.Digest.Element]
        let path = \Digests.Digest.hex
        """##
        #expect(renamed(source) == expected)
    }

    @Test func nothingElseIsRenamed() {
        let source = ##"""
        // Hash.fnv1a in a comment, /* Hash.Digest */ too.
        /// Doc: `Hash.Digest`.
        let a = foo.Hash
        let b = foo.Hash.fnv1a(k)
        let c = Hash(seed: 1)
        let d = Hash
        let e = "Hash.Digest#" + #"Hash.fnv1a"#
        let f = HashKit.fnv1a(k)
        let g: Hash<Int>.Element
        let h: Hash
        let i = self.Hash.x
        let j = Hash?.none
        struct Hashing: Hashable {}
        func Hashes(Hash: Int) {}
        let k = """
            Hash.fnv1a
            """
        """##
        #expect(renamed(source) == nil)
    }

    @Test func nilWhenNothingChanges() {
        #expect(renamed("") == nil)
        #expect(renamed("import Foundation\nlet x = 1\n") == nil)
        #expect(renamed("let Hash = 1\nprint(Hash.description)\n") == nil)
        #expect(ModuleRenamer(from: "Hash", to: "Hash").rewrite("import Hash\n", moduleDeclaresOld: false) == nil)
    }

    @Test func otherNamesAndBytesAroundTheTokenAreKept() {
        let renamer = ModuleRenamer(from: "Networking", to: "Net")
        let source = "\u{FEFF}import Networking\r\nlet s = \"héllo 🙂\"; let x = Networking.get(s) // é\r\n"
        let expected = "\u{FEFF}import Net\r\nlet s = \"héllo 🙂\"; let x = Net.get(s) // é\r\n"
        #expect(renamer.rewrite(source, moduleDeclaresOld: false) == expected)
    }

    @Test func unparsableSourceStillRenamesWhatItCan() {
        let source = ##"""
        import Hash
        func broken( {
            Hash.fnv1a(
        """##
        let expected = ##"""
        import Digests
        func broken( {
            Digests.fnv1a(
        """##
        #expect(renamed(source) == expected)
    }
}
