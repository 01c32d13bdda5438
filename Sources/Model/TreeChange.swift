/// One change of a tree at a path.
public enum TreeChange: Sendable, Equatable {
    /// Remove what is at the path (a file or a folder).
    case remove
    /// Put a blob (`executable`: mode 100755) or, for an existing object, an entry of `mode`.
    case entry(ObjectID, mode: UInt32)
}
