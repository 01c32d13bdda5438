import Model

/// Raw git objects as the engine reads them (the format itself is `RawCommit`'s).
enum RawObject {
    /// The links of a commit; a malformed one is a corrupt object, named.
    static func commitHeader(_ raw: UnsafeRawBufferPointer, id: ObjectID) throws(SplitError) -> RawCommit.Header {
        do {
            return try RawCommit.header(raw)
        } catch {
            switch error {
            case .noTreeHeader: throw .corruptObject(id, "commit has no tree header")
            case .malformedParent: throw .corruptObject(id, "malformed parent header")
            }
        }
    }
}
