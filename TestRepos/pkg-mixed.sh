#!/usr/bin/env bash
# pkg-mixed: a buildable Swift package (tools 5.9, XCTest, no external
# dependencies) mixing languages and target settings:
#   CMath     C target: include/cmath.h (public), internal/cmath_config.h
#             (cSettings .headerSearchPath), cmath.c; cSettings .define;
#             linkerSettings libm on Linux
#   Geometry  Swift, depends on CMath; resources [.process("Resources")] with
#             Resources/shapes.json read via Bundle.module;
#             swiftSettings [.define("GEOMETRY_FAST")]
#   geo       executable, depends on Geometry
#   GeometryTests  reads the resource through Geometry's API
# History: targets added one by one, a feature branch merged with --no-ff
# (both sides edit Package.swift; git merges it cleanly), a file rename inside
# Geometry (ShapeCatalog.swift -> Catalog.swift), a resource edit.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# 1
put_swift_gitignore
put README.md <<'EOF'
# Shapes

2-D geometry with a C core.
EOF
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    targets: [
        .target(name: "CMath"),
    ]
)
EOF
put Sources/CMath/include/cmath.h <<'EOF'
#ifndef CMATH_H
#define CMATH_H

/// Length of the vector (x, y).
double cmath_hypot(double x, double y);

#endif
EOF
put Sources/CMath/cmath.c <<'EOF'
#include "cmath.h"

#include <math.h>

double cmath_hypot(double x, double y) {
    return sqrt(x * x + y * y);
}
EOF
commit_staged 'Initial package with the CMath C target'

# 2
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ]
        ),
    ]
)
EOF
put Sources/CMath/internal/cmath_config.h <<'EOF'
#ifndef CMATH_CONFIG_H
#define CMATH_CONFIG_H

/* Overridden by the package's cSettings. */
#ifndef CMATH_EPSILON
#define CMATH_EPSILON 1e-12
#endif

#endif
EOF
put Sources/CMath/include/cmath.h <<'EOF'
#ifndef CMATH_H
#define CMATH_H

/// Length of the vector (x, y).
double cmath_hypot(double x, double y);

/// 1 if a and b differ by less than CMATH_EPSILON, else 0.
int cmath_nearly_equal(double a, double b);

/// The epsilon cmath_nearly_equal uses.
double cmath_epsilon(void);

#endif
EOF
put Sources/CMath/cmath.c <<'EOF'
#include "cmath.h"
#include "cmath_config.h"

#include <math.h>

double cmath_hypot(double x, double y) {
    return sqrt(x * x + y * y);
}

int cmath_nearly_equal(double a, double b) {
    return fabs(a - b) < CMATH_EPSILON;
}

double cmath_epsilon(void) {
    return CMATH_EPSILON;
}
EOF
commit_staged 'CMath: nearly-equal with a configurable epsilon'

# 3
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    products: [
        .library(name: "Geometry", targets: ["Geometry"]),
    ],
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ]
        ),
        .target(name: "Geometry", dependencies: ["CMath"]),
    ]
)
EOF
put Sources/Geometry/Point.swift <<'EOF'
import CMath

public struct Point: Equatable, Codable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: Point) -> Double {
        let dx = other.x - x
        let dy = other.y - y
        return (dx * dx + dy * dy).squareRoot()
    }

    public func isNearly(_ other: Point) -> Bool {
        cmath_nearly_equal(x, other.x) != 0 && cmath_nearly_equal(y, other.y) != 0
    }
}
EOF
commit_staged 'Add Geometry target'

# 4
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    products: [
        .library(name: "Geometry", targets: ["Geometry"]),
    ],
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ]
        ),
        .target(name: "Geometry", dependencies: ["CMath"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
    ]
)
EOF
put Tests/GeometryTests/PointTests.swift <<'EOF'
import XCTest
import Geometry

final class PointTests: XCTestCase {
    func testDistance() {
        XCTAssertEqual(Point(x: 0, y: 0).distance(to: Point(x: 3, y: 4)), 5)
    }

    func testNearlyUsesCEpsilon() {
        XCTAssertTrue(Point(x: 1, y: 1).isNearly(Point(x: 1 + 1e-10, y: 1)))
        XCTAssertFalse(Point(x: 1, y: 1).isNearly(Point(x: 1 + 1e-6, y: 1)))
    }
}
EOF
commit_staged 'Geometry: tests'

# 5
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    products: [
        .library(name: "Geometry", targets: ["Geometry"]),
    ],
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ]
        ),
        .target(
            name: "Geometry",
            dependencies: ["CMath"],
            swiftSettings: [.define("GEOMETRY_FAST")]
        ),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
    ]
)
EOF
put Sources/Geometry/Point.swift <<'EOF'
import CMath

/// True when built with GEOMETRY_FAST (distances computed in C).
public let usesFastPath: Bool = {
    #if GEOMETRY_FAST
    return true
    #else
    return false
    #endif
}()

public struct Point: Equatable, Codable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: Point) -> Double {
        #if GEOMETRY_FAST
        return cmath_hypot(other.x - x, other.y - y)
        #else
        let dx = other.x - x
        let dy = other.y - y
        return (dx * dx + dy * dy).squareRoot()
        #endif
    }

    public func isNearly(_ other: Point) -> Bool {
        cmath_nearly_equal(x, other.x) != 0 && cmath_nearly_equal(y, other.y) != 0
    }
}
EOF
put Tests/GeometryTests/PointTests.swift <<'EOF'
import XCTest
import Geometry

final class PointTests: XCTestCase {
    func testDistance() {
        XCTAssertEqual(Point(x: 0, y: 0).distance(to: Point(x: 3, y: 4)), 5)
    }

    func testNearlyUsesCEpsilon() {
        XCTAssertTrue(Point(x: 1, y: 1).isNearly(Point(x: 1 + 1e-10, y: 1)))
        XCTAssertFalse(Point(x: 1, y: 1).isNearly(Point(x: 1 + 1e-6, y: 1)))
    }

    func testBuiltWithFastPath() {
        XCTAssertTrue(usesFastPath, "GEOMETRY_FAST from swiftSettings")
    }
}
EOF
commit_staged 'Geometry: GEOMETRY_FAST computes distances in C'

# Feature: a shape catalog shipped as a resource, merged with --no-ff.
branch feature/catalog
put Sources/Geometry/Polygon.swift <<'EOF'
public struct Polygon: Equatable, Codable, Sendable {
    public var name: String
    public var points: [Point]

    public init(name: String, points: [Point]) {
        self.name = name
        self.points = points
    }

    public var perimeter: Double {
        guard points.count > 1 else { return 0 }
        return zip(points, points.dropFirst() + [points[0]]).reduce(0) { $0 + $1.0.distance(to: $1.1) }
    }

    /// Shoelace formula; positive for counter-clockwise points.
    public var area: Double {
        guard points.count > 2 else { return 0 }
        let twice = zip(points, points.dropFirst() + [points[0]]).reduce(0) { $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y }
        return twice / 2
    }
}
EOF
commit_staged 'Geometry: polygons'

put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    products: [
        .library(name: "Geometry", targets: ["Geometry"]),
    ],
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ]
        ),
        .target(
            name: "Geometry",
            dependencies: ["CMath"],
            resources: [.process("Resources")],
            swiftSettings: [.define("GEOMETRY_FAST")]
        ),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
    ]
)
EOF
put Sources/Geometry/Resources/shapes.json <<'EOF'
[
  {"name": "unit-square", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}, {"x": 0, "y": 1}]},
  {"name": "right-triangle", "points": [{"x": 0, "y": 0}, {"x": 3, "y": 0}, {"x": 0, "y": 4}]}
]
EOF
put Sources/Geometry/ShapeCatalog.swift <<'EOF'
import Foundation

public enum ShapeCatalog {
    public struct MissingResource: Error {}

    /// The built-in shapes, from the bundled shapes.json.
    public static func load() throws -> [Polygon] {
        guard let url = Bundle.module.url(forResource: "shapes", withExtension: "json") else {
            throw MissingResource()
        }
        return try JSONDecoder().decode([Polygon].self, from: Data(contentsOf: url))
    }
}
EOF
commit_staged 'Geometry: built-in shape catalog resource'

put Tests/GeometryTests/CatalogTests.swift <<'EOF'
import XCTest
import Geometry

final class CatalogTests: XCTestCase {
    func testLoadsBundledShapes() throws {
        let shapes = try ShapeCatalog.load()
        XCTAssertEqual(shapes.map(\.name), ["unit-square", "right-triangle"])
    }

    func testMeasures() throws {
        let shapes = try ShapeCatalog.load()
        let triangle = try XCTUnwrap(shapes.first { $0.name == "right-triangle" })
        XCTAssertEqual(triangle.perimeter, 12)
        XCTAssertEqual(triangle.area, 6)
        XCTAssertEqual(shapes[0].area, 1)
    }
}
EOF
commit_staged 'Geometry: catalog tests'

switch main
put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    products: [
        .library(name: "Geometry", targets: ["Geometry"]),
    ],
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(
            name: "Geometry",
            dependencies: ["CMath"],
            swiftSettings: [.define("GEOMETRY_FAST")]
        ),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
    ]
)
EOF
commit_staged 'CMath: link libm on Linux'

merge "Merge branch 'feature/catalog'" feature/catalog

put Package.swift <<'EOF'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Shapes",
    products: [
        .library(name: "Geometry", targets: ["Geometry"]),
        .executable(name: "geo", targets: ["geo"]),
    ],
    targets: [
        .target(
            name: "CMath",
            cSettings: [
                .define("CMATH_EPSILON", to: "1e-9"),
                .headerSearchPath("internal"),
            ],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(
            name: "Geometry",
            dependencies: ["CMath"],
            resources: [.process("Resources")],
            swiftSettings: [.define("GEOMETRY_FAST")]
        ),
        .executableTarget(name: "geo", dependencies: ["Geometry"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
    ]
)
EOF
put Sources/geo/main.swift <<'EOF'
import Geometry

do {
    for shape in try ShapeCatalog.load() {
        print("\(shape.name): perimeter \(shape.perimeter), area \(shape.area)")
    }
} catch {
    print("geo: cannot load the shape catalog: \(error)")
}
EOF
commit_staged 'Add geo executable'

git mv Sources/Geometry/ShapeCatalog.swift Sources/Geometry/Catalog.swift
commit_staged 'Geometry: rename ShapeCatalog.swift to Catalog.swift'

put Sources/Geometry/Resources/shapes.json <<'EOF'
[
  {"name": "unit-square", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}, {"x": 0, "y": 1}]},
  {"name": "right-triangle", "points": [{"x": 0, "y": 0}, {"x": 3, "y": 0}, {"x": 0, "y": 4}]},
  {"name": "diamond", "points": [{"x": 0, "y": -1}, {"x": 1, "y": 0}, {"x": 0, "y": 1}, {"x": -1, "y": 0}]}
]
EOF
put Tests/GeometryTests/CatalogTests.swift <<'EOF'
import XCTest
import Geometry

final class CatalogTests: XCTestCase {
    func testLoadsBundledShapes() throws {
        let shapes = try ShapeCatalog.load()
        XCTAssertEqual(shapes.map(\.name), ["unit-square", "right-triangle", "diamond"])
    }

    func testMeasures() throws {
        let shapes = try ShapeCatalog.load()
        let triangle = try XCTUnwrap(shapes.first { $0.name == "right-triangle" })
        XCTAssertEqual(triangle.perimeter, 12)
        XCTAssertEqual(triangle.area, 6)
        XCTAssertEqual(shapes[0].area, 1)
        XCTAssertEqual(shapes[2].area, 2)
    }
}
EOF
commit_staged 'Geometry: diamond shape'

put README.md <<'EOF'
# Shapes

2-D geometry with a C core.

- `CMath`: C helpers (`cmath_hypot`, `cmath_nearly_equal`)
- `Geometry`: points, polygons and a bundled shape catalog
- `geo`: prints the catalog

    swift run geo
EOF
commit_staged 'README: targets and usage'

repo_finish
