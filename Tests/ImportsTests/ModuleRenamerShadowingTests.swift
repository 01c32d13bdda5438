import Imports
import Testing

/// Names that, where they are used, mean something other than the module.
@Suite struct ModuleRenamerShadowingTests {
    @Test func parametersShadowInTheBodyNotInTheSignature() {
        let source = ##"""
        func a(_ Hash: Int) -> Int { Hash.bitWidth }
        func b(label Hash: Hash.Digest) -> Hash.Digest { Hash.next }
        func c(Hash: Int) { print(Hash.description) }
        func d(Hash other: Int) -> UInt64 { Hash.fnv1a("\(other)") }
        func e(Hash: UInt64 = Hash.fnv1a("default argument")) -> UInt64 { Hash.bigEndian }
        struct S {
            init(Hash: Hash.Digest) { self.d = Hash.value }
            subscript(Hash: Int) -> Int { Hash.bitWidth }
            var v: Int {
                get { 0 }
                set(Hash) { _ = Hash.bitWidth }
            }
        }
        """##
        let expected = ##"""
        func a(_ Hash: Int) -> Int { Hash.bitWidth }
        func b(label Hash: Digests.Digest) -> Digests.Digest { Hash.next }
        func c(Hash: Int) { print(Hash.description) }
        func d(Hash other: Int) -> UInt64 { Digests.fnv1a("\(other)") }
        func e(Hash: UInt64 = Digests.fnv1a("default argument")) -> UInt64 { Hash.bigEndian }
        struct S {
            init(Hash: Digests.Digest) { self.d = Hash.value }
            subscript(Hash: Int) -> Int { Hash.bitWidth }
            var v: Int {
                get { 0 }
                set(Hash) { _ = Hash.bitWidth }
            }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func closureParametersAndCaptures() {
        let source = ##"""
        let a = keys.map { Hash in Hash.count }
        let b = keys.map { (Hash: String) -> Int in Hash.count }
        let c = keys.map { (key: String) in Hash.fnv1a(key) }
        let d = { [Hash = seed] in Hash.bitWidth }
        let e = keys.map { key in Hash.Digest.fnv1a(key) }
        let f = keys.map { Hash in
            keys.map { key in Hash.count + key.count }
        }
        """##
        let expected = ##"""
        let a = keys.map { Hash in Hash.count }
        let b = keys.map { (Hash: String) -> Int in Hash.count }
        let c = keys.map { (key: String) in Digests.fnv1a(key) }
        let d = { [Hash = seed] in Hash.bitWidth }
        let e = keys.map { key in Digests.Digest.fnv1a(key) }
        let f = keys.map { Hash in
            keys.map { key in Hash.count + key.count }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func genericParameters() {
        let source = ##"""
        func first<Hash: Collection>(_ c: Hash) -> Hash.Element? { c.first }
        struct Box<Hash: Sequence> {
            var items: [Hash.Element]
            static func make() -> Self { Hash.make() }
        }
        typealias Pair<Hash> = (Hash.Type, Hash.Type)
        func other<T>(_ t: T) -> Hash.Digest { Hash.Digest.fnv1a("\(t)") }
        """##
        let expected = ##"""
        func first<Hash: Collection>(_ c: Hash) -> Hash.Element? { c.first }
        struct Box<Hash: Sequence> {
            var items: [Hash.Element]
            static func make() -> Self { Hash.make() }
        }
        typealias Pair<Hash> = (Hash.Type, Hash.Type)
        func other<T>(_ t: T) -> Digests.Digest { Digests.Digest.fnv1a("\(t)") }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func localBindingsShadowTheirWholeBlockOnly() {
        let source = ##"""
        func f(_ x: Int?, pairs: [(Int, Int)], value: Any) throws {
            guard let Hash = x else { return }
            print(Hash.bitWidth)
        }
        func g(_ x: Int?) {
            if let Hash = x {
                print(Hash.bitWidth)
            } else {
                print(Hash.fnv1a("else"))
            }
            if let Hash {
                print(Hash.bitWidth)
            }
            while let Hash = next() { print(Hash.bitWidth) }
            for Hash in 0..<3 { print(Hash.bitWidth) }
            for (Hash, _) in pairs where Hash.isMultiple(of: 2) { print(Hash.bitWidth) }
        }
        func tuple() {
            let (Hash, other) = (1, 2)
            do {
                print(Hash.bitWidth, other)
            }
        }
        func h() {
            do {
                var Hash = 0
                Hash.negate()
            }
            print(Hash.fnv1a("sibling block"))
        }
        func i(value: Int?) {
            switch value {
            case let Hash?:
                print(Hash.bitWidth)
            case .some(let Hash) where Hash.isMultiple(of: 2):
                print(Hash.bitWidth)
            default:
                print(Hash.fnv1a("default"))
            }
            if case let Hash? = value { print(Hash.bitWidth) }
            do { try run() } catch let Hash { print(Hash.localizedDescription) }
            do { try run() } catch { print(Hash.fnv1a("\(error)")) }
        }
        """##
        let expected = ##"""
        func f(_ x: Int?, pairs: [(Int, Int)], value: Any) throws {
            guard let Hash = x else { return }
            print(Hash.bitWidth)
        }
        func g(_ x: Int?) {
            if let Hash = x {
                print(Hash.bitWidth)
            } else {
                print(Digests.fnv1a("else"))
            }
            if let Hash {
                print(Hash.bitWidth)
            }
            while let Hash = next() { print(Hash.bitWidth) }
            for Hash in 0..<3 { print(Hash.bitWidth) }
            for (Hash, _) in pairs where Hash.isMultiple(of: 2) { print(Hash.bitWidth) }
        }
        func tuple() {
            let (Hash, other) = (1, 2)
            do {
                print(Hash.bitWidth, other)
            }
        }
        func h() {
            do {
                var Hash = 0
                Hash.negate()
            }
            print(Digests.fnv1a("sibling block"))
        }
        func i(value: Int?) {
            switch value {
            case let Hash?:
                print(Hash.bitWidth)
            case .some(let Hash) where Hash.isMultiple(of: 2):
                print(Hash.bitWidth)
            default:
                print(Digests.fnv1a("default"))
            }
            if case let Hash? = value { print(Hash.bitWidth) }
            do { try run() } catch let Hash { print(Hash.localizedDescription) }
            do { try run() } catch { print(Digests.fnv1a("\(error)")) }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func implicitErrorOfACatchClause() {
        let renamer = ModuleRenamer(from: "error", to: "Errors")
        let source = ##"""
        import error
        func f() {
            do { try run() } catch { print(error.localizedDescription) }
            do { try run() } catch let failure { print(error.describe(failure)) }
        }
        """##
        let expected = ##"""
        import Errors
        func f() {
            do { try run() } catch { print(error.localizedDescription) }
            do { try run() } catch let failure { print(Errors.describe(failure)) }
        }
        """##
        #expect(renamer.rewrite(source, moduleDeclaresOld: false) == expected)
    }

    @Test func keyPathRootsAreLookedUpLikeValues() {
        let source = ##"""
        let a = \Hash.Digest.hex
        func f() {
            let Hash = 1
            let b = \Hash.Digest.hex
        }
        struct S {
            var Hash = 0
            var c: KeyPath<Digest, String> { \Hash.Digest.hex }
        }
        """##
        let expected = ##"""
        let a = \Digests.Digest.hex
        func f() {
            let Hash = 1
            let b = \Hash.Digest.hex
        }
        struct S {
            var Hash = 0
            var c: KeyPath<Digest, String> { \Hash.Digest.hex }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func localsHideNoTypesButLocalTypesDo() {
        // Swift's type lookup skips values: a local `let Hash` leaves `Hash.Digest` in a type
        // annotation meaning the module, while a local type named Hash takes it over.
        let source = ##"""
        func f() {
            let Hash = 1
            let d: Hash.Digest? = nil
            print(Hash.bitWidth, d as Any)
        }
        func g() {
            enum Hash { typealias Digest = Int }
            let d: Hash.Digest = Hash.Digest(0)
        }
        """##
        let expected = ##"""
        func f() {
            let Hash = 1
            let d: Digests.Digest? = nil
            print(Hash.bitWidth, d as Any)
        }
        func g() {
            enum Hash { typealias Digest = Int }
            let d: Hash.Digest = Hash.Digest(0)
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func membersOfEnclosingTypesAndExtensions() {
        let source = ##"""
        extension Cache {
            static let Hash = Hasher()

            func key(_ s: String) -> Int { Hash.combine(s) }
            var stored: Hash.Digest? { nil }
        }
        struct Table {
            enum Hash { case fast }
            var mode: Hash.Kind
            func pick() -> Hash { Hash.fast }
            struct Inner {
                func pick() -> Hash { Hash.fast }
            }
        }
        enum Mode {
            case Hash, plain
            func other() -> Mode { Hash.self == plain ? .Hash : .plain }
        }
        protocol Keyed {
            associatedtype Hash: Sequence
            func elements() -> [Hash.Element]
        }
        class Node {
            func Hash() -> Int { 0 }
            func run() -> Int { Hash.bitWidth }
        }
        struct Elsewhere {
            func run() -> UInt64 { Hash.fnv1a("no member named Hash here") }
        }
        """##
        let expected = ##"""
        extension Cache {
            static let Hash = Hasher()

            func key(_ s: String) -> Int { Hash.combine(s) }
            var stored: Digests.Digest? { nil }
        }
        struct Table {
            enum Hash { case fast }
            var mode: Hash.Kind
            func pick() -> Hash { Hash.fast }
            struct Inner {
                func pick() -> Hash { Hash.fast }
            }
        }
        enum Mode {
            case Hash, plain
            func other() -> Mode { Hash.self == plain ? .Hash : .plain }
        }
        protocol Keyed {
            associatedtype Hash: Sequence
            func elements() -> [Hash.Element]
        }
        class Node {
            func Hash() -> Int { 0 }
            func run() -> Int { Hash.bitWidth }
        }
        struct Elsewhere {
            func run() -> UInt64 { Digests.fnv1a("no member named Hash here") }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func memberDeclaredOnlyInsideIfConfigShadows() {
        let source = ##"""
        struct S {
            #if DEBUG
            var Hash = 0
            #endif
            func f() -> Int { Hash.bitWidth }
        }
        """##
        #expect(renamed(source) == nil)
    }

    @Test func extendedTypeAndInheritanceAreOutsideTheMemberScope() {
        let source = ##"""
        extension Hash.Digest {
            static let Hash = 0
            var twice: Int { Hash.bitWidth * 2 }
        }
        """##
        let expected = ##"""
        extension Digests.Digest {
            static let Hash = 0
            var twice: Int { Hash.bitWidth * 2 }
        }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func topLevelDeclarationOfTheFileShadows() {
        let source = ##"""
        import Hash
        let Hash = Hasher()
        func f() { Hash.combine(1) }
        """##
        let expected = ##"""
        import Digests
        let Hash = Hasher()
        func f() { Hash.combine(1) }
        """##
        #expect(renamed(source) == expected)
    }

    @Test func moduleDeclaresOldShadowsEverywhere() {
        let source = ##"""
        import Hash
        func f() -> Hash.Digest { Hash.Digest.fnv1a("a") }
        """##
        let expected = ##"""
        import Digests
        func f() -> Hash.Digest { Hash.Digest.fnv1a("a") }
        """##
        #expect(renamed(source, moduleDeclaresOld: true) == expected)
        #expect(renamed(source, moduleDeclaresOld: false) == ##"""
        import Digests
        func f() -> Digests.Digest { Digests.Digest.fnv1a("a") }
        """##)
    }
}
