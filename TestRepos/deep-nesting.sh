#!/usr/bin/env bash
# deep-nesting: the folder is at depth 6 (a/b/c/d/e/Lib) with changes at
# every level above, beside and below it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	a/b/c/d/e/Lib/Lib.swift 'struct Lib {}'
commit_file a/top.txt 'a' 'Level a'
commit_file a/b/top.txt 'b' 'Level b'
commit_file a/b/c/top.txt 'c' 'Level c'
commit_file a/b/c/d/top.txt 'd' 'Level d'
commit_file a/b/c/d/e/top.txt 'e' 'Level e'
commit_file a/b/c/d/e/Lib/Sub/Deeper/Deepest.swift 'let deep = 1' 'Lib: deep inside'
commit_file a/b/c/d/e/LibKit/Kit.swift 'let kit = 1' 'Sibling LibKit at depth 6'
commit_file a/b/c/d/e/Lib.md 'doc' 'Sibling file Lib.md'
commit_file a/b/c/d/e/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'

branch levels
commit_file a/b/c/x.txt 'x' 'Level c on branch'
commit_file a/b/c/d/e/Lib/Sub/Branch.swift 'let br = 1' 'Lib: branch'
switch main
commit_file a/b/c/d/y.txt 'y' 'Level d on main'
merge 'Merge levels' levels

commit_rm 'Remove level d file' a/b/c/d/top.txt
commit_files 'Touch all levels at once' \
	a/top.txt 'a2' a/b/top.txt 'b2' a/b/c/top.txt 'c2' \
	a/b/c/d/e/top.txt 'e2' a/b/c/d/e/Lib/Lib.swift 'struct Lib { let v = 2 }'
commit_file a/b/c/d/e/Lib/Sub/Deeper/Deepest.swift 'let deep = 2' 'Lib: deep 2'
repo_finish
