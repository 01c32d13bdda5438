/// A file of a tree, at its path from the tree's root.
public struct TreeFile: Sendable, Equatable {
    public var path: String
    public var id: ObjectID
    public var mode: UInt32

    /// Describes a file.
    public init(path: String, id: ObjectID, mode: UInt32) {
        self.path = path
        self.id = id
        self.mode = mode
    }
}
