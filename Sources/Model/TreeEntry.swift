/// One entry of a git tree: a name, a mode (`0o040000` folder, `0o100644` file, `0o100755`
/// executable, `0o120000` symlink, `0o160000` submodule) and the object it names.
public struct TreeEntry: Sendable, Equatable {
    /// The entry's name (one path component).
    public var name: String
    /// The entry's mode, as git writes it in octal.
    public var mode: UInt32
    /// The object the entry names.
    public var id: ObjectID

    /// True for a folder (a tree entry).
    public var isTree: Bool { mode == 0o040000 }

    /// An entry.
    public init(name: String, mode: UInt32, id: ObjectID) {
        self.name = name
        self.mode = mode
        self.id = id
    }
}
