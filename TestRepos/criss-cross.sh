#!/usr/bin/env bash
# criss-cross: two branches merging each other twice (criss-cross merges with
# multiple merge bases), then both merged into main.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'

branch left
commit_file Sources/Lib/Left.swift 'let left = 1' 'Left: Lib 1'
commit_file Docs/Left.md 'left' 'Left: docs'
switch main
branch right
commit_file Sources/Lib/Right.swift 'let right = 1' 'Right: Lib 1'
commit_file Sources/App/Right.swift 'let right = 1' 'Right: App'

# First criss-cross: each merges the other's current tip.
left_tip=$(git rev-parse left)
right_tip=$(git rev-parse right)
switch left
merge 'Left merges right (1)' "$right_tip"
switch right
merge 'Right merges left (1)' "$left_tip"

# More work on both sides.
switch left
commit_file Sources/Lib/Left.swift 'let left = 2' 'Left: Lib 2'
switch right
commit_file Docs/Right.md 'right' 'Right: docs'
commit_file Sources/Lib/Right.swift 'let right = 2' 'Right: Lib 2'

# Second criss-cross.
left_tip=$(git rev-parse left)
right_tip=$(git rev-parse right)
switch left
merge 'Left merges right (2)' "$right_tip"
switch right
merge 'Right merges left (2)' "$left_tip"

# Only-docs work on left after the criss-cross, Lib change on right.
switch left
commit_file Docs/Left.md 'left 2' 'Left: docs 2'
switch right
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Right: Lib v1'

switch main
commit_file README.md '# Demo 2' 'Main: README'
merge 'Merge left' left
merge 'Merge right' right
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Main: Lib v2'
repo_finish
