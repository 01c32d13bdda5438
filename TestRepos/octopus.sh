#!/usr/bin/env bash
# octopus: octopus merges of 3+ branches, several touching the folder; one
# octopus where no branch touches it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'

branch oct/a
commit_file Sources/Lib/A.swift 'let a = 1' 'Lib: A'
commit_file Sources/Lib/A.swift 'let a = 2' 'Lib: A2'
switch main
commit_file Docs/Main.md 'main' 'Docs: main'
branch oct/b
commit_file Docs/B.md 'b' 'Docs: B (no folder change)'
switch main
branch oct/c
commit_file Sources/Lib/C.swift 'let c = 1' 'Lib: C'
switch main
branch oct/d
commit_files 'Lib and App: D' Sources/Lib/D.swift 'let d = 1' Sources/App/D.swift 'let d = 1'
switch main
commit_file Sources/App/main.swift 'print(1)' 'App: 1'
merge 'Octopus: a b c d' oct/a oct/b oct/c oct/d

# Octopus where no branch touches the folder.
branch oct/e
commit_file Docs/E.md 'e' 'Docs: E'
switch main
branch oct/f
commit_file Docs/F.md 'f' 'Docs: F'
switch main
branch oct/g
commit_file Sources/App/G.swift 'let g = 1' 'App: G'
switch main
merge 'Octopus: e f g (folder untouched)' oct/e oct/f oct/g

# Octopus where mainline touches the folder and one branch touches it too,
# the others having no commits of their own (already merged).
branch oct/h
commit_file Sources/Lib/H.swift 'let h = 1' 'Lib: H'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
branch oct/i
commit_file Docs/I.md 'i' 'Docs: I'
switch main
merge 'Octopus: h i c' oct/h oct/i oct/c

# Five-way octopus, all touching the folder.
for n in 1 2 3 4; do
	switch main
	branch "oct/five$n"
	commit_file "Sources/Lib/Five$n.swift" "let five$n = 1" "Lib: five $n"
done
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v2'
merge 'Octopus: five' oct/five1 oct/five2 oct/five3 oct/five4

commit_file README.md '# Demo end' 'README end'
repo_finish
