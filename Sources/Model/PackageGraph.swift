/// A Swift package's targets seen as components: what each holds, what it depends on, who
/// depends on it, and whether it can be carved out as it stands.
public struct PackageGraph: Sendable, Equatable, Codable {
    /// One target of the package.
    public struct Component: Sendable, Equatable, Codable {
        public var name: String
        /// SwiftPM's target type: regular, executable, test, system, binary, plugin, macro.
        public var kind: String
        /// The folder that holds its sources, relative to the package root.
        public var folder: String
        /// Excluded paths and resources, relative to `folder`.
        public var exclude: [String]
        public var resources: [String]
        /// Its `sources:` (relative to `folder`; empty: all of it).
        public var sources: [String] = []
        /// Its build settings as `tool kind` (`swift define`, `c headerSearchPath`, ...).
        public var settings: [String] = []
        /// The Swift compilation conditions it defines (`.define("FLAG")`, any platform).
        public var defines: [String] = []
        /// Targets of this package it depends on.
        public var dependencies: [String]
        /// Products of other packages it uses, as `package/product`.
        public var externalProducts: [String]
        /// Targets of this package that depend on it.
        public var dependents: [String]
        /// Products of this package that expose it.
        public var products: [String]
        /// Test targets that depend on it.
        public var testTargets: [String]
        /// Can it be extracted as it stands, and why (not).
        public var extraction: Extraction

        public init(name: String, kind: String, folder: String, exclude: [String] = [], resources: [String] = [], dependencies: [String] = [], externalProducts: [String] = [], dependents: [String] = [], products: [String] = [], testTargets: [String] = [], extraction: Extraction = .extractable) {
            self.name = name
            self.kind = kind
            self.folder = folder
            self.exclude = exclude
            self.resources = resources
            self.dependencies = dependencies
            self.externalProducts = externalProducts
            self.dependents = dependents
            self.products = products
            self.testTargets = testTargets
            self.extraction = extraction
        }
    }

    /// Whether a component can be extracted as it stands.
    public enum Extraction: Sendable, Equatable, Codable {
        /// Nothing stands in the way.
        case extractable
        /// It can, but the new package would depend back on the monorepo for these targets
        /// (a package cycle, accepted from tools version 6.0): extract them first, or with it.
        case dependsOnMonorepo([String])
        /// It cannot: the reason, for a person.
        case blocked(String)
    }

    public var name: String
    public var toolsVersion: String
    /// Every target, in the manifest's order.
    public var components: [Component]
    /// Dependency cycles among targets, each as a list of names.
    public var cycles: [[String]]

    public init(name: String, toolsVersion: String, components: [Component], cycles: [[String]]) {
        self.name = name
        self.toolsVersion = toolsVersion
        self.components = components
        self.cycles = cycles
    }
}
