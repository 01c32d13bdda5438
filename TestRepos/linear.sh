#!/usr/bin/env bash
# linear: a simple linear history; some commits touch Sources/Lib, many don't.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_file README.md '# Demo' 'Initial commit'
commit_files 'Add Package.swift and App' \
	Package.swift '// swift-tools-version:5.9' \
	Sources/App/main.swift 'print("hello")'
commit_file Sources/Lib/Lib.swift 'public struct Lib {}' 'Add Lib'
commit_file Docs/Guide.md 'Guide v1' 'Add guide'
commit_files 'Lib and App together' \
	Sources/Lib/Lib.swift 'public struct Lib { public init() {} }' \
	Sources/App/main.swift 'import Lib; print(Lib())'
commit_file Sources/Lib/Helpers/Util.swift 'func util() {}' 'Add Lib helper'
commit_file README.md '# Demo (updated)' 'Update README'
commit_file Sources/App/main.swift 'import Lib' 'Touch App only'
commit_file Sources/Lib/Helpers/Util.swift 'func util() -> Int { 1 }' 'Change helper'
git rm -q Sources/Lib/Helpers/Util.swift
commit_file Sources/Lib/Util.swift 'func util() -> Int { 1 }' 'Move helper up'
commit_file Docs/Guide.md 'Guide v2' 'Guide v2'
commit_file Sources/Lib/Lib.swift 'public struct Lib { public init() {}; var x = 1 }' 'Lib: add x'
commit_file README.md '# Demo (final)' 'Final README'

repo_finish
