import Model
import Split

/// `carve split FOLDER...`: splits the folders' history and optionally moves a branch to it.
public final class SplitUseCase {
    private let repository: SplitRepository
    private let runner: SplitRunner

    /// Wires the use case to a repository and an engine.
    public init(repository: SplitRepository, runner: SplitRunner) {
        self.repository = repository
        self.runner = runner
    }

    /// Validates the request, splits, then writes objects and the branch in one step at the end.
    public func run(_ request: SplitRequest, progress: SplitProgress? = nil) throws -> SplitReport {
        let spec = try SplitSpec(arguments: request.folders)
        let branchRef = try request.branch.map { name -> String in
            let ref = "refs/heads/\(name)"
            guard !name.isEmpty, !name.hasPrefix("-"), repository.isValidReferenceName(ref) else {
                throw PipelineError.invalidBranchName(name)
            }
            return ref
        }
        if repository.isEmpty { throw PipelineError.emptyRepository }
        if repository.isShallow, !request.allowShallow { throw PipelineError.shallowRepository }
        let tip = try repository.commit(for: request.revision)
        let onto = try request.onto.map { try repository.commit(for: $0) }
        let existing = try branchRef.flatMap { try repository.referenceTarget($0) }

        let result: SplitResult
        do {
            result = try runner.split(spec, tip: tip, onto: onto, revisionName: request.revision, progress: progress)
        } catch {
            repository.discardWrites()
            throw error
        }

        var report = SplitReport(head: result.head, source: result.sourceOfHead, folders: spec.key, commitsWalked: result.commitsWalked, commitsWritten: result.commitsWritten)
        var updates: [ReferenceUpdateRequest] = []
        if let branchRef, let name = request.branch {
            report.branch = name
            if let existing {
                // git subtree split -b: only a fast-forward.
                guard try repository.isAncestor(existing, of: result.head) else {
                    repository.discardWrites()
                    throw PipelineError.branchNotAncestor(branch: name, head: result.head)
                }
                report.branchAction = existing == result.head ? .unchanged : .updated
            } else {
                report.branchAction = .created
            }
            if existing != result.head {
                updates.append(ReferenceUpdateRequest(name: branchRef, target: result.head, expected: existing, message: "carve split \(spec.key)"))
            }
        }
        try repository.commitWrites(updates)
        return report
    }
}
