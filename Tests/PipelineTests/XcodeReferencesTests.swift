import Pipeline
import Testing

/// `XcodeReferences`: the lines of Xcode projects and workspaces that point at a moved folder.
@Suite struct XcodeReferencesTests {
    /// An app project at `App/App.xcodeproj`, as Xcode 15 writes it after adding two local
    /// packages from `../Packages`, one plugin package inside Core, and one remote package.
    static let pbxproj = ##"""
    // !$*UTF8*$!
    {
    	archiveVersion = 1;
    	classes = {
    	};
    	objectVersion = 60;
    	objects = {

    /* Begin PBXBuildFile section */
    		8A1F2C3B2B0E4A1100C0FFEE /* AppApp.swift in Sources */ = {isa = PBXBuildFile; fileRef = 8A1F2C3A2B0E4A1100C0FFEE /* AppApp.swift */; };
    		8A1F2C452B0E4A1100C0FFEE /* Core in Frameworks */ = {isa = PBXBuildFile; productRef = 8A1F2C442B0E4A1100C0FFEE /* Core */; };
    /* End PBXBuildFile section */

    /* Begin PBXFileReference section */
    		8A1F2C372B0E4A1100C0FFEE /* App.app */ = {isa = PBXFileReference; explicitFileType = wrapper.application; includeInIndex = 0; path = App.app; sourceTree = BUILT_PRODUCTS_DIR; };
    		8A1F2C3A2B0E4A1100C0FFEE /* AppApp.swift */ = {isa = PBXFileReference; lastKnownFileType = sourcecode.swift; path = AppApp.swift; sourceTree = "<group>"; };
    /* End PBXFileReference section */

    /* Begin PBXProject section */
    		8A1F2C2F2B0E4A1100C0FFEE /* Project object */ = {
    			isa = PBXProject;
    			attributes = {
    				BuildIndependentTargetsInParallel = 1;
    				LastSwiftUpdateCheck = 1500;
    				LastUpgradeCheck = 1500;
    			};
    			buildConfigurationList = 8A1F2C322B0E4A1100C0FFEE /* Build configuration list for PBXProject "App" */;
    			compatibilityVersion = "Xcode 14.0";
    			developmentRegion = en;
    			hasScannedForEncodings = 0;
    			mainGroup = 8A1F2C2E2B0E4A1100C0FFEE;
    			packageReferences = (
    				8A1F2C432B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core" */,
    				8A1F2C462B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Networking" */,
    				8A1F2C472B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core/Plugins" */,
    				8A1F2C482B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core Extras" */,
    				8A1F2C492B0E4A1100C0FFEE /* XCRemoteSwiftPackageReference "swift-collections" */,
    			);
    			productRefGroup = 8A1F2C382B0E4A1100C0FFEE /* Products */;
    			projectDirPath = "";
    			projectRoot = "";
    			targets = (
    				8A1F2C362B0E4A1100C0FFEE /* App */,
    			);
    		};
    /* End PBXProject section */

    /* Begin XCLocalSwiftPackageReference section */
    		8A1F2C432B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core" */ = {
    			isa = XCLocalSwiftPackageReference;
    			relativePath = ../Packages/Core;
    		};
    		8A1F2C462B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Networking" */ = {
    			isa = XCLocalSwiftPackageReference;
    			relativePath = ../Packages/Networking;
    		};
    		8A1F2C472B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core/Plugins" */ = {
    			isa = XCLocalSwiftPackageReference;
    			relativePath = "../Packages/./Core/Plugins";
    		};
    		8A1F2C482B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core Extras" */ = {
    			isa = XCLocalSwiftPackageReference;
    			relativePath = "../Packages/Core Extras";
    		};
    /* End XCLocalSwiftPackageReference section */

    /* Begin XCRemoteSwiftPackageReference section */
    		8A1F2C492B0E4A1100C0FFEE /* XCRemoteSwiftPackageReference "swift-collections" */ = {
    			isa = XCRemoteSwiftPackageReference;
    			repositoryURL = "https://github.com/apple/swift-collections";
    			requirement = {
    				kind = upToNextMajorVersion;
    				minimumVersion = 1.1.0;
    			};
    		};
    /* End XCRemoteSwiftPackageReference section */

    /* Begin XCSwiftPackageProductDependency section */
    		8A1F2C442B0E4A1100C0FFEE /* Core */ = {
    			isa = XCSwiftPackageProductDependency;
    			package = 8A1F2C432B0E4A1100C0FFEE /* XCLocalSwiftPackageReference "../Packages/Core" */;
    			productName = Core;
    		};
    /* End XCSwiftPackageProductDependency section */
    	};
    	rootObject = 8A1F2C2F2B0E4A1100C0FFEE /* Project object */;
    }
    """##

    /// A workspace at the repository root, as Xcode writes it after adding the app project, a
    /// package folder, a group of packages and an absolute reference.
    static let workspace = ##"""
    <?xml version="1.0" encoding="UTF-8"?>
    <Workspace
       version = "1.0">
       <FileRef
          location = "group:App/App.xcodeproj">
       </FileRef>
       <FileRef
          location = "group:Packages/Core">
       </FileRef>
       <Group
          location = "container:Packages"
          name = "Packages">
          <FileRef
             location = "group:Core/Plugins">
          </FileRef>
          <FileRef
             location = "group:Networking">
          </FileRef>
       </Group>
       <!-- <FileRef location = "group:Packages/Core"/> -->
       <FileRef
          location = "container:Packages/Core">
       </FileRef>
       <FileRef
          location = "absolute:/Users/dev/Monorepo/Packages/Core">
       </FileRef>
       <FileRef
          location = "group:Packages/CoreKit">
       </FileRef>
    </Workspace>
    """##

    /// The 1-based line of the only line of `text` containing `fragment`.
    static func line(of fragment: String, in text: String) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let matches = lines.indices.filter { lines[$0].contains(fragment) }
        try #require(matches.count == 1, "\(fragment) is on \(matches.count) lines")
        return matches[0] + 1
    }

    @Test func localPackageReferencesOfAProjectResolvedAgainstItsFolder() throws {
        let path = "App/App.xcodeproj/project.pbxproj"
        let references = XcodeReferences.references(to: "Packages/Core", files: [(path, Self.pbxproj)])
        #expect(references == [
            XcodeReference(
                file: path, line: try Self.line(of: "relativePath = ../Packages/Core;", in: Self.pbxproj),
                text: "relativePath = ../Packages/Core;"
            ),
            XcodeReference(
                file: path, line: try Self.line(of: "Packages/./Core/Plugins\";", in: Self.pbxproj),
                text: "relativePath = \"../Packages/./Core/Plugins\";"
            ),
        ])
        let networking = XcodeReferences.references(to: "Packages/Networking", files: [(path, Self.pbxproj)])
        #expect(networking.map(\.text) == ["relativePath = ../Packages/Networking;"])
        #expect(XcodeReferences.references(to: "Packages/Core Extras", files: [(path, Self.pbxproj)]).count == 1)
        #expect(XcodeReferences.references(to: "Packages", files: [(path, Self.pbxproj)]).count == 4)
    }

    @Test func projectAtTheRootAndPathsLeavingTheRepository() {
        let text = Self.pbxproj.replacingOccurrences(of: "../Packages/Networking", with: "../../Elsewhere/Networking")
        let atRoot = XcodeReferences.references(to: "Packages/Core", files: [("App.xcodeproj/project.pbxproj", text)])
        // From the root, `../Packages/Core` leaves the repository.
        #expect(atRoot == [])
        let nested = XcodeReferences.references(to: "Elsewhere", files: [("Apps/App/App.xcodeproj/project.pbxproj", text)])
        #expect(nested.map(\.text) == ["relativePath = ../../Elsewhere/Networking;"])
    }

    @Test func workspaceGroupAndContainerLocations() throws {
        let path = "Monorepo.xcworkspace/contents.xcworkspacedata"
        let references = XcodeReferences.references(to: "Packages/Core", files: [(path, Self.workspace)])
        let expected = try [
            "location = \"group:Packages/Core\">",
            "location = \"group:Core/Plugins\">",
            "location = \"container:Packages/Core\">",
        ].map { XcodeReference(file: path, line: try Self.line(of: $0, in: Self.workspace), text: $0) }
        #expect(references == expected)
        let group = XcodeReferences.references(to: "Packages", files: [(path, Self.workspace)])
        #expect(group.count == 6)
    }

    @Test func workspaceInASubfolderResolvesAgainstItsFolder() {
        let text = ##"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Workspace version = "1.0">
           <FileRef location = "group:../../Packages/Core/"></FileRef>
           <FileRef location = "container:Local"/>
           <FileRef location = "self:"></FileRef>
        </Workspace>
        """##
        let path = "Apps/iOS/App.xcworkspace/contents.xcworkspacedata"
        #expect(XcodeReferences.references(to: "Packages/Core", files: [(path, text)]) == [
            XcodeReference(file: path, line: 3, text: "<FileRef location = \"group:../../Packages/Core/\"></FileRef>"),
        ])
        #expect(XcodeReferences.references(to: "Apps/iOS/Local", files: [(path, text)]).map(\.line) == [4])
    }

    @Test func folderSpellingsCRLFAndOtherFiles() {
        let path = "App/App.xcodeproj/project.pbxproj"
        let crlf = Self.pbxproj.replacingOccurrences(of: "\n", with: "\r\n")
        let plain = XcodeReferences.references(to: "Packages/Core", files: [(path, Self.pbxproj)])
        #expect(plain.count == 2)
        #expect(XcodeReferences.references(to: "./Packages/Core/", files: [(path, Self.pbxproj)]) == plain)
        #expect(XcodeReferences.references(to: "Packages/Core", files: [(path, crlf)]) == plain)
        // Not a project file: ignored.
        #expect(XcodeReferences.references(to: "Packages/Core", files: [("App/project.pbxproj", Self.pbxproj)]) == [])
        #expect(XcodeReferences.references(to: "Packages/Co", files: [(path, Self.pbxproj)]) == [])
    }

    @Test func projectFiles() {
        #expect(XcodeReferences.isProjectFile("App/App.xcodeproj/project.pbxproj"))
        #expect(XcodeReferences.isProjectFile("App.xcodeproj/project.pbxproj"))
        #expect(XcodeReferences.isProjectFile("Monorepo.xcworkspace/contents.xcworkspacedata"))
        #expect(XcodeReferences.isProjectFile("App/App.xcodeproj/project.xcworkspace/contents.xcworkspacedata"))
        #expect(!XcodeReferences.isProjectFile("project.pbxproj"))
        #expect(!XcodeReferences.isProjectFile("App/project.pbxproj"))
        #expect(!XcodeReferences.isProjectFile("App.xcodeproj/xcshareddata/xcschemes/App.xcscheme"))
        #expect(!XcodeReferences.isProjectFile("App.xcworkspace/xcshareddata/IDEWorkspaceChecks.plist"))
        #expect(!XcodeReferences.isProjectFile("App.xcodeproj/contents.xcworkspacedata"))
    }
}
