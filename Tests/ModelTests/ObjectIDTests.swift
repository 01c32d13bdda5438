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
