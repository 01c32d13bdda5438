#!/usr/bin/env bash
# delete-readd: the folder is deleted and re-added several times (same content
# once, different content another time), with commits in between that don't
# have the folder; HEAD has the folder.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_file README.md '# Demo' 'Initial commit (no folder yet)'
commit_files 'Add Lib' Sources/Lib/Lib.swift 'struct Lib {}' Sources/Lib/Util.swift 'func u() {}'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
commit_file Sources/App/main.swift 'print(0)' 'App: main'

# Delete, commits without the folder, re-add with the same content.
commit_rm 'Remove Lib' Sources/Lib
commit_file Sources/App/main.swift 'print(1)' 'App: 1 (no folder)'
commit_file Docs/Guide.md 'guide' 'Docs: guide (no folder)'
commit_files 'Re-add Lib (same content)' Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' Sources/Lib/Util.swift 'func u() {}'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v2'

# Delete on a branch that is merged while the folder is still absent.
branch no-lib
commit_file Docs/NoLib.md 'nolib' 'Docs: no-lib branch'
switch main
commit_rm 'Remove Lib again' Sources/Lib
commit_file README.md '# Demo (no lib)' 'README (no folder)'
merge 'Merge no-lib (folder absent on first parent)' no-lib

# Re-add with different content.
commit_files 'Re-add Lib (new content)' Sources/Lib/New.swift 'struct New {}'
commit_file Sources/App/main.swift 'print(2)' 'App: 2'

# Delete and immediately re-add in the next commit with the same content.
commit_rm 'Remove Lib (third time)' Sources/Lib
commit_files 'Re-add Lib (third time, same content)' Sources/Lib/New.swift 'struct New {}'

# A side branch that keeps the folder while main deletes it; merge brings
# it back (folder tree identical to the side branch's).
branch keep-lib
commit_file Sources/Lib/New.swift 'struct New { let k = 1 }' 'Lib: keep-lib change'
switch main
commit_rm 'Remove Lib (fourth time)' Sources/Lib
merge_resolve 'Merge keep-lib (restores folder)' keep-lib -- \
	Sources/Lib/New.swift 'struct New { let k = 1 }'
commit_file Sources/Lib/New.swift 'struct New { let k = 2 }' 'Lib: k = 2'
repo_finish
