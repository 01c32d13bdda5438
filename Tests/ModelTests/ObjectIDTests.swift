import Model
import Testing

@Suite struct ObjectIDTests {
    @Test func hexRoundTrip() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(ObjectID(raw: id.raw) == id)
        #expect(id.short == "0123456")
    }

    @Test func appendsRawAndHexAfterWhatIsThere() throws {
        let id = try #require(ObjectID(hex: "fedcba9876543210f0e1d2c3b4a5968778695a4b"))
        var raw: [UInt8] = [7]
        id.appendRaw(to: &raw)
        #expect(raw == [7] + [0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10, 0xF0, 0xE1, 0xD2, 0xC3, 0xB4, 0xA5, 0x96, 0x87, 0x78, 0x69, 0x5A, 0x4B])
        var hex = Array("tree ".utf8)
        id.appendHex(to: &hex)
        #expect(String(decoding: hex, as: UTF8.self) == "tree fedcba9876543210f0e1d2c3b4a5968778695a4b")
        #expect(ObjectID.zero.hexBytes == Array(repeating: UInt8(ascii: "0"), count: 40))
    }

    @Test(arguments: ["", "xyz", "0123456789abcdef0123456789abcdef0123456", "g123456789abcdef0123456789abcdef01234567"])
    func rejectsMalformedHex(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }
}

@Suite struct SplitSpecTests {
    @Test func parsesFoldersAndDestinations() throws {
        let spec = try SplitSpec(arguments: ["Sources/Foo/", "Tests/FooTests:Tests/FooTests"].suffix(1))
        #expect(spec.folders == [FolderMapping(from: ["Tests", "FooTests"], to: ["Tests", "FooTests"])])
        let single = try SplitSpec(arguments: ["Sources/Foo/"])
        #expect(single.isSubtreeCompatible)
        #expect(single.folders[0].fromPath == "Sources/Foo")
    }

    @Test(arguments: [
        (["/abs"], SpecError.absolutePath("/abs")),
        (["a/../b"], SpecError.escapingPath("a/../b")),
        (["./a"], SpecError.escapingPath("./a")),
        ([""], SpecError.emptyFolder("")),
        (["a", "b:c"], SpecError.rootTargetWithOthers("a")),
        (["a:x", "b:x/y"], SpecError.overlappingTargets("a:x", "b:x/y")),
        (["a:x", "b:x"], SpecError.overlappingTargets("a:x", "b:x")),
        (["a/.git"], SpecError.gitDirectory("a/.git")),
    ])
    func refusesBadFolders(_ arguments: [String], _ error: SpecError) {
        #expect(throws: error) { try SplitSpec(arguments: arguments) }
    }
}
