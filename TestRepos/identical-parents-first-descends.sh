#!/usr/bin/env bash
# identical-parents-first-descends: merges whose parents' split commits have
# identical folder trees and the FIRST parent's split descends from the
# second parent's split (copy_or_skip keeps the first one).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 0 }' 'Lib: v0'

# Case 1: topic doesn't touch the folder; mainline changes folder and changes
# it back, so both parents have the same folder tree, split(P1) descends
# from split(P2).
branch topic1
commit_file Docs/T1.md 't1' 'Docs: t1'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
commit_file Sources/App/main.swift 'print(1)' 'App: 1'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 0 }' 'Lib: back to v0'
merge 'Merge topic1' topic1

# Case 2: topic branches off after a folder change and doesn't touch the
# folder; mainline removes a file and restores it (same tree again).
commit_file Sources/Lib/Extra.swift 'let e = 1' 'Lib: extra'
branch topic2
commit_file Sources/App/T2.swift 'let t2 = 1' 'App: t2'
commit_file README.md '# Demo t2' 'README: t2'
switch main
commit_rm 'Lib: drop extra' Sources/Lib/Extra.swift
commit_file Docs/M.md 'm' 'Docs: m'
commit_file Sources/Lib/Extra.swift 'let e = 1' 'Lib: restore extra'
merge 'Merge topic2' topic2

# Case 3: topic merges main (so topic's split is an ancestor of main's),
# then main changes folder and back, then main merges topic.
branch topic3
commit_file Docs/T3.md 't3' 'Docs: t3'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 3 }' 'Lib: v3'
switch topic3
merge 'Merge main into topic3' main
commit_file Docs/T3.md 't3 again' 'Docs: t3 again'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 4 }' 'Lib: v4'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 3 }' 'Lib: back to v3'
merge 'Merge topic3' topic3

commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 5 }' 'Lib: v5'
repo_finish
