import Git
import Model
import Pipeline
import Split

/// Split caches in the repository, in the layout `SplitCacheArchive` defines, read and written
/// through the libgit2 repository.
final class GitSplitCacheStorage: SplitCacheStorage {
    private let archive: SplitCacheArchive<GitSplitStore>

    init(repository: Repository) {
        archive = SplitCacheArchive(objects: GitSplitStore(repository: repository))
    }

    func loadCache(reference: String) -> SplitCache? {
        archive.loadCache(reference: reference)
    }

    func storeCache(_ cache: SplitCache, keepAlive: ObjectID, description: String) throws -> ObjectID {
        try archive.storeCache(cache, keepAlive: keepAlive, description: description)
    }
}
