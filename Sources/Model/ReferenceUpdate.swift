/// One reference to move at the end of a command, in an atomic transaction.
public struct ReferenceUpdate: Sendable, Equatable {
    /// Full reference name, e.g. `refs/heads/split/Foo`.
    public var name: String
    /// The new target.
    public var target: ObjectID
    /// The target it had when Carve read it (nil: absent), checked again under the lock.
    public var expected: ObjectID?
    /// The reflog message.
    public var message: String

    /// Describes an update.
    public init(name: String, target: ObjectID, expected: ObjectID?, message: String) {
        self.name = name
        self.target = target
        self.expected = expected
        self.message = message
    }
}
