/// The Swift sources of one module (a library, executable or test target): its name as other
/// files import it, and the text of each of its files.
public struct ModuleSources: Sendable, Equatable {
    /// One source file of a module.
    public struct File: Sendable, Equatable {
        /// Where the file is, as the caller wants it reported (usually relative to the repository root).
        public var path: String
        /// The file's Swift source.
        public var text: String

        /// A file at `path` holding `text`.
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The module's name, as written in `import` declarations.
    public var module: String
    /// The module's files, in the order findings should prefer them.
    public var files: [File]

    /// The sources of `module`.
    public init(module: String, files: [File]) {
        self.module = module
        self.files = files
    }

    /// The sources of `module`, given as (path, text) pairs.
    public init(module: String, files: [(path: String, text: String)]) {
        self.init(module: module, files: files.map { File(path: $0.path, text: $0.text) })
    }
}
