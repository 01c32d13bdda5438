#!/usr/bin/env bash
# pkg-local-packages: an app repository made of local packages (tools 5.9,
# Swift Testing, no external dependencies; path dependencies only):
#   Packages/Core/        library Core, CoreTests
#   Packages/Networking/  library Networking -> .package(path: "../Core")
#   Packages/Features/    library Features -> ../Networking, ../Core
#   Package.swift         the app package: executable App (Sources/App) ->
#                         products Features, Core (.package(path: "Packages/...")),
#                         and the root target AppSupport (+ AppSupportTests)
#   App.xcodeproj/project.pbxproj  XCLocalSwiftPackageReference
#                         relativePath = Packages/Core; and Packages/Features;
#   App.xcworkspace/contents.xcworkspacedata  group:App.xcodeproj and
#                         group:Packages/Networking
#   iOS/AppEntry.swift    the Xcode target's source (in no package)
# Every Package.swift builds on its own from its folder. The .gitignore is not
# SwiftPM's default (whose /Packages would hide Packages/) and keeps *.xcodeproj.
# History: packages added one by one with a few changes each, a feature branch
# merged with --no-ff, then the app package and the Xcode project.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put .gitignore <<'EOF'
.DS_Store
.build/
.swiftpm/
xcuserdata/
DerivedData/
EOF
put README.md <<'EOF'
# App

An app built from local packages in `Packages/`.
EOF
put Packages/Core/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Core",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "Core", targets: ["Core"]),
    ],
    targets: [
        .target(name: "Core"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
    ]
)
EOF
put Packages/Core/Sources/Core/User.swift <<'EOF'
/// A signed-in or known user.
public struct User: Equatable, Sendable {
    public var id: Int
    public var name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }
}
EOF
put Packages/Core/Tests/CoreTests/UserTests.swift <<'EOF'
import Testing
import Core

@Test func usersCompareByValue() {
    #expect(User(id: 1, name: "Ada") == User(id: 1, name: "Ada"))
    #expect(User(id: 1, name: "Ada") != User(id: 2, name: "Ada"))
}
EOF
commit_staged 'Packages/Core: User'

# 2
put Packages/Core/Sources/Core/Validation.swift <<'EOF'
public enum Validation {
    /// Names are 1...40 characters and not only whitespace.
    public static func isValidName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.contains { !$0.isWhitespace }
    }
}
EOF
put Packages/Core/Tests/CoreTests/ValidationTests.swift <<'EOF'
import Testing
import Core

@Test(arguments: ["Ada", "A B"]) func validNames(_ name: String) {
    #expect(Validation.isValidName(name))
}

@Test(arguments: ["", "   "]) func invalidNames(_ name: String) {
    #expect(!Validation.isValidName(name))
}
EOF
commit_staged 'Packages/Core: name validation'

# 3
put Packages/Networking/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Networking",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "Networking", targets: ["Networking"]),
    ],
    dependencies: [
        .package(path: "../Core"),
    ],
    targets: [
        .target(name: "Networking", dependencies: [.product(name: "Core", package: "Core")]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking"]),
    ]
)
EOF
put Packages/Networking/Sources/Networking/Transport.swift <<'EOF'
public struct NotFound: Error, Equatable {
    public var path: String

    public init(path: String) {
        self.path = path
    }
}

/// Answers GET requests with a body.
public protocol Transport: Sendable {
    func get(_ path: String) throws -> String
}

/// A transport with canned answers per path.
public struct StubTransport: Transport {
    public var routes: [String: String]

    public init(_ routes: [String: String]) {
        self.routes = routes
    }

    public func get(_ path: String) throws -> String {
        guard let body = routes[path] else { throw NotFound(path: path) }
        return body
    }
}
EOF
put Packages/Networking/Sources/Networking/APIClient.swift <<'EOF'
import Core

/// The app's API: users are served as `id|name` at `/users/<id>`.
public struct APIClient: Sendable {
    public let transport: any Transport

    public init(transport: any Transport) {
        self.transport = transport
    }

    public func user(id: Int) throws -> User {
        let body = try transport.get("/users/\(id)")
        let parts = body.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let parsed = Int(parts[0]) else { throw NotFound(path: "/users/\(id)") }
        return User(id: parsed, name: String(parts[1]))
    }
}
EOF
put Packages/Networking/Tests/NetworkingTests/APIClientTests.swift <<'EOF'
import Testing
import Core
import Networking

@Test func fetchesUser() throws {
    let client = APIClient(transport: StubTransport(["/users/1": "1|Ada"]))
    #expect(try client.user(id: 1) == User(id: 1, name: "Ada"))
}

@Test func missingUser() {
    let client = APIClient(transport: StubTransport([:]))
    #expect(throws: NotFound(path: "/users/2")) { try client.user(id: 2) }
}
EOF
commit_staged 'Packages/Networking: API client over Core'

# Feature: the Features package, merged with --no-ff.
branch feature/features
put Packages/Features/Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Features",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "Features", targets: ["Features"]),
    ],
    dependencies: [
        .package(path: "../Networking"),
        .package(path: "../Core"),
    ],
    targets: [
        .target(
            name: "Features",
            dependencies: [
                .product(name: "Networking", package: "Networking"),
                .product(name: "Core", package: "Core"),
            ]
        ),
        .testTarget(name: "FeaturesTests", dependencies: ["Features"]),
    ]
)
EOF
put Packages/Features/Sources/Features/ProfileFeature.swift <<'EOF'
import Core
import Networking

/// The profile screen's model.
public struct ProfileFeature: Sendable {
    public let client: APIClient

    public init(client: APIClient) {
        self.client = client
    }

    public func title(for id: Int) -> String {
        guard let user = try? client.user(id: id), Validation.isValidName(user.name) else {
            return "Unknown user"
        }
        return "Profile: \(user.name)"
    }
}
EOF
put Packages/Features/Tests/FeaturesTests/ProfileFeatureTests.swift <<'EOF'
import Testing
import Features
import Networking

@Test func titles() {
    let feature = ProfileFeature(client: APIClient(transport: StubTransport(["/users/1": "1|Ada", "/users/2": "2| "])))
    #expect(feature.title(for: 1) == "Profile: Ada")
    #expect(feature.title(for: 2) == "Unknown user")
    #expect(feature.title(for: 3) == "Unknown user")
}
EOF
commit_staged 'Packages/Features: profile feature'

put Packages/Features/Sources/Features/Demo.swift <<'EOF'
import Networking

extension ProfileFeature {
    /// A feature backed by canned users, for previews and the command-line app.
    public static func demo() -> ProfileFeature {
        ProfileFeature(client: APIClient(transport: StubTransport([
            "/users/1": "1|Ada",
            "/users/2": "2|Grace",
        ])))
    }
}
EOF
put Packages/Features/Tests/FeaturesTests/DemoTests.swift <<'EOF'
import Testing
import Features

@Test func demoKnowsTwoUsers() {
    #expect(ProfileFeature.demo().title(for: 2) == "Profile: Grace")
    #expect(ProfileFeature.demo().title(for: 9) == "Unknown user")
}
EOF
commit_staged 'Packages/Features: demo data'

switch main
put Packages/Networking/Sources/Networking/APIClient.swift <<'EOF'
import Core

/// The app's API: users are served as `id|name` at `/users/<id>`.
public struct APIClient: Sendable {
    public let transport: any Transport

    public init(transport: any Transport) {
        self.transport = transport
    }

    public func user(id: Int) throws -> User {
        try Self.parseUser(transport.get("/users/\(id)"), path: "/users/\(id)")
    }

    /// All users, one `id|name` per line at `/users`.
    public func users() throws -> [User] {
        try transport.get("/users").split(separator: "\n").map { try Self.parseUser(String($0), path: "/users") }
    }

    static func parseUser(_ body: String, path: String) throws -> User {
        let parts = body.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let parsed = Int(parts[0]) else { throw NotFound(path: path) }
        return User(id: parsed, name: String(parts[1]))
    }
}
EOF
put Packages/Networking/Tests/NetworkingTests/APIClientTests.swift <<'EOF'
import Testing
import Core
import Networking

@Test func fetchesUser() throws {
    let client = APIClient(transport: StubTransport(["/users/1": "1|Ada"]))
    #expect(try client.user(id: 1) == User(id: 1, name: "Ada"))
}

@Test func missingUser() {
    let client = APIClient(transport: StubTransport([:]))
    #expect(throws: NotFound(path: "/users/2")) { try client.user(id: 2) }
}

@Test func listsUsers() throws {
    let client = APIClient(transport: StubTransport(["/users": "1|Ada\n2|Grace"]))
    #expect(try client.users().map(\.name) == ["Ada", "Grace"])
}
EOF
commit_staged 'Packages/Networking: list users'

merge "Merge branch 'feature/features'" feature/features

# The app package at the top.
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "App",
    platforms: [.iOS(.v16), .macOS(.v13)],
    dependencies: [
        .package(path: "Packages/Features"),
        .package(path: "Packages/Core"),
    ],
    targets: [
        .target(name: "AppSupport"),
        .executableTarget(
            name: "App",
            dependencies: [
                "AppSupport",
                .product(name: "Features", package: "Features"),
                .product(name: "Core", package: "Core"),
            ]
        ),
        .testTarget(name: "AppSupportTests", dependencies: ["AppSupport"]),
    ]
)
EOF
put Sources/AppSupport/Options.swift <<'EOF'
/// Command-line options of the app: `[--user ID]`.
public struct Options: Equatable {
    public var userID: Int

    public init<S: Sequence>(_ arguments: S) where S.Element == String {
        var userID = 1
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--user", let value = iterator.next(), let id = Int(value) {
                userID = id
            }
        }
        self.userID = userID
    }
}

public enum Banner {
    public static func line(_ text: String) -> String { "== \(text) ==" }
}
EOF
put Sources/App/main.swift <<'EOF'
import AppSupport
import Core
import Features

let options = Options(CommandLine.arguments.dropFirst())
let guest = User(id: 0, name: "guest")
print(Banner.line(ProfileFeature.demo().title(for: options.userID)))
print("signed in as \(guest.name)")
EOF
put Tests/AppSupportTests/OptionsTests.swift <<'EOF'
import Testing
import AppSupport

@Test func parsesUser() {
    #expect(Options(["--user", "2"]).userID == 2)
    #expect(Options([String]()).userID == 1)
    #expect(Options(["--user", "x"]).userID == 1)
}

@Test func banner() {
    #expect(Banner.line("Hi") == "== Hi ==")
}
EOF
commit_staged 'App package: App executable and AppSupport over the local packages'

# The Xcode project and workspace.
put iOS/AppEntry.swift <<'EOF'
import Core
import Features

/// Shared entry point of the Xcode app target (built by App.xcodeproj, not SwiftPM).
enum AppEntry {
    static func firstScreenTitle(for user: User) -> String {
        ProfileFeature.demo().title(for: user.id)
    }
}
EOF
put App.xcodeproj/project.pbxproj <<'EOF'
// !$*UTF8*$!
{
	archiveVersion = 1;
	classes = {
	};
	objectVersion = 60;
	objects = {

/* Begin PBXBuildFile section */
		4F1A00000000000000000001 /* AppEntry.swift in Sources */ = {isa = PBXBuildFile; fileRef = 4F1A00000000000000000011 /* AppEntry.swift */; };
		4F1A00000000000000000002 /* Features in Frameworks */ = {isa = PBXBuildFile; productRef = 4F1A00000000000000000051 /* Features */; };
		4F1A00000000000000000003 /* Core in Frameworks */ = {isa = PBXBuildFile; productRef = 4F1A00000000000000000052 /* Core */; };
/* End PBXBuildFile section */

/* Begin PBXFileReference section */
		4F1A00000000000000000010 /* App.app */ = {isa = PBXFileReference; explicitFileType = wrapper.application; includeInIndex = 0; path = App.app; sourceTree = BUILT_PRODUCTS_DIR; };
		4F1A00000000000000000011 /* AppEntry.swift */ = {isa = PBXFileReference; lastKnownFileType = sourcecode.swift; path = AppEntry.swift; sourceTree = "<group>"; };
/* End PBXFileReference section */

/* Begin PBXFrameworksBuildPhase section */
		4F1A00000000000000000020 /* Frameworks */ = {
			isa = PBXFrameworksBuildPhase;
			buildActionMask = 2147483647;
			files = (
				4F1A00000000000000000002 /* Features in Frameworks */,
				4F1A00000000000000000003 /* Core in Frameworks */,
			);
			runOnlyForDeploymentPostprocessing = 0;
		};
/* End PBXFrameworksBuildPhase section */

/* Begin PBXGroup section */
		4F1A00000000000000000030 = {
			isa = PBXGroup;
			children = (
				4F1A00000000000000000031 /* iOS */,
				4F1A00000000000000000032 /* Products */,
			);
			sourceTree = "<group>";
		};
		4F1A00000000000000000031 /* iOS */ = {
			isa = PBXGroup;
			children = (
				4F1A00000000000000000011 /* AppEntry.swift */,
			);
			path = iOS;
			sourceTree = "<group>";
		};
		4F1A00000000000000000032 /* Products */ = {
			isa = PBXGroup;
			children = (
				4F1A00000000000000000010 /* App.app */,
			);
			name = Products;
			sourceTree = "<group>";
		};
/* End PBXGroup section */

/* Begin PBXNativeTarget section */
		4F1A00000000000000000040 /* App */ = {
			isa = PBXNativeTarget;
			buildConfigurationList = 4F1A00000000000000000072 /* Build configuration list for PBXNativeTarget "App" */;
			buildPhases = (
				4F1A00000000000000000041 /* Sources */,
				4F1A00000000000000000020 /* Frameworks */,
			);
			buildRules = (
			);
			dependencies = (
			);
			name = App;
			packageProductDependencies = (
				4F1A00000000000000000051 /* Features */,
				4F1A00000000000000000052 /* Core */,
			);
			productName = App;
			productReference = 4F1A00000000000000000010 /* App.app */;
			productType = "com.apple.product-type.application";
		};
/* End PBXNativeTarget section */

/* Begin PBXProject section */
		4F1A00000000000000000060 /* Project object */ = {
			isa = PBXProject;
			attributes = {
				BuildIndependentTargetsInParallel = 1;
				LastSwiftUpdateCheck = 1500;
				LastUpgradeCheck = 1500;
				TargetAttributes = {
					4F1A00000000000000000040 = {
						CreatedOnToolsVersion = 15.0;
					};
				};
			};
			buildConfigurationList = 4F1A00000000000000000071 /* Build configuration list for PBXProject "App" */;
			compatibilityVersion = "Xcode 14.0";
			developmentRegion = en;
			hasScannedForEncodings = 0;
			knownRegions = (
				en,
				Base,
			);
			mainGroup = 4F1A00000000000000000030;
			packageReferences = (
				4F1A00000000000000000053 /* XCLocalSwiftPackageReference "Packages/Core" */,
				4F1A00000000000000000054 /* XCLocalSwiftPackageReference "Packages/Features" */,
			);
			productRefGroup = 4F1A00000000000000000032 /* Products */;
			projectDirPath = "";
			projectRoot = "";
			targets = (
				4F1A00000000000000000040 /* App */,
			);
		};
/* End PBXProject section */

/* Begin PBXSourcesBuildPhase section */
		4F1A00000000000000000041 /* Sources */ = {
			isa = PBXSourcesBuildPhase;
			buildActionMask = 2147483647;
			files = (
				4F1A00000000000000000001 /* AppEntry.swift in Sources */,
			);
			runOnlyForDeploymentPostprocessing = 0;
		};
/* End PBXSourcesBuildPhase section */

/* Begin XCBuildConfiguration section */
		4F1A00000000000000000061 /* Debug */ = {
			isa = XCBuildConfiguration;
			buildSettings = {
				ALWAYS_SEARCH_USER_PATHS = NO;
				CLANG_ENABLE_MODULES = YES;
				DEBUG_INFORMATION_FORMAT = dwarf;
				ENABLE_TESTABILITY = YES;
				GCC_OPTIMIZATION_LEVEL = 0;
				IPHONEOS_DEPLOYMENT_TARGET = 16.0;
				ONLY_ACTIVE_ARCH = YES;
				SDKROOT = iphoneos;
				SWIFT_ACTIVE_COMPILATION_CONDITIONS = DEBUG;
				SWIFT_OPTIMIZATION_LEVEL = "-Onone";
			};
			name = Debug;
		};
		4F1A00000000000000000062 /* Release */ = {
			isa = XCBuildConfiguration;
			buildSettings = {
				ALWAYS_SEARCH_USER_PATHS = NO;
				CLANG_ENABLE_MODULES = YES;
				DEBUG_INFORMATION_FORMAT = "dwarf-with-dsym";
				IPHONEOS_DEPLOYMENT_TARGET = 16.0;
				SDKROOT = iphoneos;
				SWIFT_COMPILATION_MODE = wholemodule;
				VALIDATE_PRODUCT = YES;
			};
			name = Release;
		};
		4F1A00000000000000000063 /* Debug */ = {
			isa = XCBuildConfiguration;
			buildSettings = {
				CODE_SIGN_STYLE = Automatic;
				CURRENT_PROJECT_VERSION = 1;
				GENERATE_INFOPLIST_FILE = YES;
				MARKETING_VERSION = 1.0;
				PRODUCT_BUNDLE_IDENTIFIER = com.example.App;
				PRODUCT_NAME = "$(TARGET_NAME)";
				SWIFT_VERSION = 5.0;
				TARGETED_DEVICE_FAMILY = "1,2";
			};
			name = Debug;
		};
		4F1A00000000000000000064 /* Release */ = {
			isa = XCBuildConfiguration;
			buildSettings = {
				CODE_SIGN_STYLE = Automatic;
				CURRENT_PROJECT_VERSION = 1;
				GENERATE_INFOPLIST_FILE = YES;
				MARKETING_VERSION = 1.0;
				PRODUCT_BUNDLE_IDENTIFIER = com.example.App;
				PRODUCT_NAME = "$(TARGET_NAME)";
				SWIFT_VERSION = 5.0;
				TARGETED_DEVICE_FAMILY = "1,2";
			};
			name = Release;
		};
/* End XCBuildConfiguration section */

/* Begin XCConfigurationList section */
		4F1A00000000000000000071 /* Build configuration list for PBXProject "App" */ = {
			isa = XCConfigurationList;
			buildConfigurations = (
				4F1A00000000000000000061 /* Debug */,
				4F1A00000000000000000062 /* Release */,
			);
			defaultConfigurationIsVisible = 0;
			defaultConfigurationName = Release;
		};
		4F1A00000000000000000072 /* Build configuration list for PBXNativeTarget "App" */ = {
			isa = XCConfigurationList;
			buildConfigurations = (
				4F1A00000000000000000063 /* Debug */,
				4F1A00000000000000000064 /* Release */,
			);
			defaultConfigurationIsVisible = 0;
			defaultConfigurationName = Release;
		};
/* End XCConfigurationList section */

/* Begin XCLocalSwiftPackageReference section */
		4F1A00000000000000000053 /* XCLocalSwiftPackageReference "Packages/Core" */ = {
			isa = XCLocalSwiftPackageReference;
			relativePath = Packages/Core;
		};
		4F1A00000000000000000054 /* XCLocalSwiftPackageReference "Packages/Features" */ = {
			isa = XCLocalSwiftPackageReference;
			relativePath = Packages/Features;
		};
/* End XCLocalSwiftPackageReference section */

/* Begin XCSwiftPackageProductDependency section */
		4F1A00000000000000000051 /* Features */ = {
			isa = XCSwiftPackageProductDependency;
			package = 4F1A00000000000000000054 /* XCLocalSwiftPackageReference "Packages/Features" */;
			productName = Features;
		};
		4F1A00000000000000000052 /* Core */ = {
			isa = XCSwiftPackageProductDependency;
			package = 4F1A00000000000000000053 /* XCLocalSwiftPackageReference "Packages/Core" */;
			productName = Core;
		};
/* End XCSwiftPackageProductDependency section */
	};
	rootObject = 4F1A00000000000000000060 /* Project object */;
}
EOF
put App.xcodeproj/project.xcworkspace/contents.xcworkspacedata <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Workspace
   version = "1.0">
   <FileRef
      location = "self:">
   </FileRef>
</Workspace>
EOF
put App.xcworkspace/contents.xcworkspacedata <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Workspace
   version = "1.0">
   <FileRef
      location = "group:App.xcodeproj">
   </FileRef>
   <FileRef
      location = "group:Packages/Networking">
   </FileRef>
</Workspace>
EOF
commit_staged 'Xcode project and workspace over the local packages'

# Core change used by Features.
put Packages/Core/Sources/Core/User.swift <<'EOF'
/// A signed-in or known user.
public struct User: Equatable, Sendable {
    public var id: Int
    public var name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }

    /// Up to two initials, upper-cased: "Ada Lovelace" -> "AL".
    public var initials: String {
        String(name.split(separator: " ").prefix(2).compactMap(\.first)).uppercased()
    }
}
EOF
put Packages/Core/Tests/CoreTests/UserTests.swift <<'EOF'
import Testing
import Core

@Test func usersCompareByValue() {
    #expect(User(id: 1, name: "Ada") == User(id: 1, name: "Ada"))
    #expect(User(id: 1, name: "Ada") != User(id: 2, name: "Ada"))
}

@Test func initials() {
    #expect(User(id: 1, name: "Ada Lovelace").initials == "AL")
    #expect(User(id: 2, name: "grace brewster hopper").initials == "GB")
}
EOF
put Packages/Features/Sources/Features/ProfileFeature.swift <<'EOF'
import Core
import Networking

/// The profile screen's model.
public struct ProfileFeature: Sendable {
    public let client: APIClient

    public init(client: APIClient) {
        self.client = client
    }

    public func title(for id: Int) -> String {
        guard let user = try? client.user(id: id), Validation.isValidName(user.name) else {
            return "Unknown user"
        }
        return "Profile: \(user.name)"
    }

    /// The avatar placeholder: the user's initials, or "?".
    public func badge(for id: Int) -> String {
        (try? client.user(id: id).initials) ?? "?"
    }
}
EOF
put Packages/Features/Tests/FeaturesTests/ProfileFeatureTests.swift <<'EOF'
import Testing
import Features
import Networking

@Test func titles() {
    let feature = ProfileFeature(client: APIClient(transport: StubTransport(["/users/1": "1|Ada", "/users/2": "2| "])))
    #expect(feature.title(for: 1) == "Profile: Ada")
    #expect(feature.title(for: 2) == "Unknown user")
    #expect(feature.title(for: 3) == "Unknown user")
}

@Test func badges() {
    let feature = ProfileFeature(client: APIClient(transport: StubTransport(["/users/1": "1|Ada Lovelace"])))
    #expect(feature.badge(for: 1) == "AL")
    #expect(feature.badge(for: 2) == "?")
}
EOF
commit_staged 'Core: initials, shown as the profile badge'

put README.md <<'EOF'
# App

An app built from local packages in `Packages/`.

- `Packages/Core`: users and validation
- `Packages/Networking`: the API client (uses Core)
- `Packages/Features`: screen models (uses Networking and Core)
- `Package.swift`: the `App` executable and `AppSupport`
- `App.xcodeproj`, `App.xcworkspace`: the iOS app over the same packages

    swift run App --user 2
EOF
commit_staged 'README: packages'

repo_finish
