#!/usr/bin/env bash
# pkg-custom-path: a buildable Swift package (tools 5.9, no external
# dependencies) whose Util target lives outside Sources/ with a custom path:,
# an exclude: and a sources: list; App (executable) uses it.
#   .target(name: "Util", path: "lib/util", exclude: ["NOTES.md"], sources: ["Sources"])
# History: Util added, then App, then a second Util file.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

put_swift_gitignore
put Package.swift <<'SWIFT'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Mono",
    targets: [
        .target(name: "Util", path: "lib/util", exclude: ["NOTES.md"], sources: ["Sources"]),
    ]
)
SWIFT
put lib/util/Sources/Twice.swift <<'SWIFT'
public func twice(_ x: Int) -> Int { 2 * x }
SWIFT
put lib/util/NOTES.md <<'TEXT'
Notes that are not sources (excluded).
TEXT
commit_staged 'Util under lib/util'

put Package.swift <<'SWIFT'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Mono",
    targets: [
        .target(name: "Util", path: "lib/util", exclude: ["NOTES.md"], sources: ["Sources"]),
        .executableTarget(name: "App", dependencies: ["Util"]),
    ]
)
SWIFT
put Sources/App/main.swift <<'SWIFT'
import Util

print(twice(21), thrice(14))
SWIFT
put lib/util/Sources/Thrice.swift <<'SWIFT'
public func thrice(_ x: Int) -> Int { 3 * x }
SWIFT
commit_staged 'App, and thrice in Util'

repo_finish
