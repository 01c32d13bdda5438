#!/usr/bin/env bash
# identical-parents-second-descends: merges whose parents' split commits have
# identical folder trees and the SECOND parent's split descends from the
# first parent's split (copy_or_skip switches to the second one).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'

# Case 1: topic changes the folder and changes it back; mainline only
# touches other paths.
branch topic1
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
commit_file Sources/Lib/Lib.swift 'struct Lib {}' 'Lib: revert v1'
switch main
commit_file Docs/A.md 'a' 'Docs: A'
merge 'Merge topic1' topic1

# Case 2: the same without any mainline commits (fast-forwardable merge).
branch topic2
commit_file Sources/Lib/New.swift 'let n = 1' 'Lib: new'
commit_rm 'Lib: remove new' Sources/Lib/New.swift
commit_file Docs/B.md 'b' 'Docs: B'
switch main
merge 'Merge topic2' topic2

# Case 3: octopus: parent 1 and 2 identical (2 descends from 1), parent 3 has
# a different folder tree with extra history (forces a copy).
branch topic3a
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 3 }' 'Lib: v3'
commit_file Sources/Lib/Lib.swift 'struct Lib {}' 'Lib: revert v3'
switch main
branch topic3b
commit_file Sources/Lib/Other.swift 'let o = 1' 'Lib: other'
switch main
commit_file Sources/App/main.swift 'print(3)' 'App: 3'
merge 'Octopus merge topic3a topic3b' topic3a topic3b

# Case 4: octopus where parent 2 descends from 1 and parent 3 is identical to
# parent 1 (same split commit), no extra history.
branch topic4a
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 4 }' 'Lib: v4'
commit_file Sources/Lib/Lib.swift 'struct Lib {}' 'Lib: revert v4'
switch main
branch topic4b
commit_file Docs/C.md 'c' 'Docs: C'
switch main
commit_file README.md '# Demo 4' 'README 4'
merge 'Octopus merge topic4a topic4b' topic4a topic4b

commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 5 }' 'Lib: v5'
repo_finish
