import Model
import Split

/// What the split use case needs from the repository besides the engine's object access.
public protocol SplitRepository: AnyObject {
    /// True for a shallow clone.
    var isShallow: Bool { get }
    /// True when the repository has no commit yet.
    var isEmpty: Bool { get }
    /// Resolves a revision to a commit; throws `PipelineError` when it names nothing, something
    /// ambiguous, or an object that is not a commit.
    func commit(for revision: String) throws -> ObjectID
    /// The target of a full reference name, nil when it does not exist.
    func referenceTarget(_ name: String) throws -> ObjectID?
    /// True when `ancestor` is `descendant` or one of its ancestors.
    func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool
    /// True when `name` is a valid full reference name.
    func isValidReferenceName(_ name: String) -> Bool
    /// Writes the objects the engine created, then moves the references, atomically.
    func commitWrites(_ updates: [ReferenceUpdateRequest]) throws
    /// Drops the objects the engine created.
    func discardWrites()
}

/// One reference to write at the end of a command.
public struct ReferenceUpdateRequest: Sendable, Equatable {
    /// Full reference name.
    public var name: String
    /// The new target.
    public var target: ObjectID
    /// The target it had when Carve read it (nil: absent); checked again under the lock.
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

/// Runs the history engine on the repository.
public protocol SplitRunner: AnyObject {
    /// Splits `spec` out of the history of `tip`.
    func split(_ spec: SplitSpec, tip: ObjectID, onto: ObjectID?, revisionName: String, progress: SplitProgress?) throws -> SplitResult
}
