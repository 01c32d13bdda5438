import Model
import Testing

/// The tag object format and the remote template, as data.
@Suite struct PublishModelTests {
    static let object = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")!

    @Test func aTagRoundTripsAndLosesItsSignature() throws {
        let signed = Array("object \(Self.object.hex)\ntype commit\ntag v1.0\ntagger Tina <t@x> 1200000000 -0500\n\nRelease 1.0\n\nNotes.\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n".utf8)
        let tag = try #require(RawTag(signed))
        #expect(tag.object == Self.object && tag.type == "commit" && tag.name == "v1.0")
        #expect(tag.tagger == Array("Tina <t@x> 1200000000 -0500".utf8))
        #expect(tag.message == Array("Release 1.0\n\nNotes.\n".utf8))
        #expect(tag.encoded == Array("object \(Self.object.hex)\ntype commit\ntag v1.0\ntagger Tina <t@x> 1200000000 -0500\n\nRelease 1.0\n\nNotes.\n".utf8))
        #expect(RawTag(tag.encoded) == tag)
        // An ssh signature too; a message that only mentions a marker mid-line keeps it.
        let ssh = Array("object \(Self.object.hex)\ntype commit\ntag v2\ntagger T <t@x> 1 +0000\n\nm\n-----BEGIN SSH SIGNATURE-----\nxyz\n".utf8)
        #expect(RawTag(ssh)?.message == Array("m\n".utf8))
        let quoted = Array("object \(Self.object.hex)\ntype commit\ntag v3\n\nsee -----BEGIN PGP SIGNATURE----- here\n".utf8)
        #expect(RawTag(quoted)?.message == Array("see -----BEGIN PGP SIGNATURE----- here\n".utf8))
        #expect(RawTag(quoted)?.tagger == nil)
        #expect(RawTag(Array("not a tag".utf8)) == nil)
    }

    @Test func theTemplateKnowsOnlyName() throws {
        let t = try RemoteTemplate("git@github.com:acme/{name}.git")
        #expect(t.url(for: "Core") == "git@github.com:acme/Core.git")
        #expect(throws: PublishError.unknownPlaceholder("https://x/{nmae}.git", "{nmae}")) { try RemoteTemplate("https://x/{nmae}.git") }
        #expect(throws: PublishError.unknownPlaceholder("https://x/{name", "{name")) { try RemoteTemplate("https://x/{name") }
        #expect(throws: PublishError.missingRemoteTemplate) { try RemoteTemplate(" ") }
        #expect(RemoteTemplate.redacted("https://u:secret@host/x.git") == "https://u:***@host/x.git")
        #expect(RemoteTemplate.redacted("https://host/x.git") == "https://host/x.git")
        #expect(RemoteTemplate.scrubbed("failed for secret", url: "https://u:secret@host/x.git") == "failed for ***")
        #expect(PublishError.unknownPlaceholder("https://u:secret@h/{x}", "{x}").localizedDescription.contains("secret") == false)
    }
}
