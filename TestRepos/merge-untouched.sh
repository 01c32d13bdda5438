#!/usr/bin/env bash
# merge-untouched: merges where neither side touches the folder, where only
# the merged-in side does, and where only the mainline side does.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Docs/A.md 'a' 'Docs: A'

# 1. Neither side touches the folder (both sides have commits).
branch docs
commit_file Docs/B.md 'b' 'Docs: B'
switch main
commit_file Sources/App/main.swift 'print(1)' 'App: 1'
merge 'Merge docs (folder untouched on both sides)' docs

# 2. Only the merged-in side touches the folder.
branch side-lib
commit_file Sources/Lib/Side.swift 'let side = 1' 'Lib: side'
commit_file Docs/C.md 'c' 'Docs: C'
switch main
commit_file Sources/App/main.swift 'print(2)' 'App: 2'
merge 'Merge side-lib (only merged-in side touches folder)' side-lib

# 3. Only the mainline side touches the folder.
branch side-app
commit_file Sources/App/Side.swift 'let s = 1' 'App: side'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let x = 1 }' 'Lib: x'
commit_file README.md '# Demo 2' 'README 2'
merge 'Merge side-app (only mainline touches folder)' side-app

# 4. Neither side has any commits of its own relative to the merge base
#    except on the merged-in side, which doesn't touch the folder (ff possible).
branch docs2
commit_file Docs/D.md 'd' 'Docs: D'
switch main
merge 'Merge docs2 (fast-forwardable, folder untouched)' docs2

# 5. Merged-in side touches folder and mainline did nothing (ff possible).
branch lib2
commit_file Sources/Lib/Lib2.swift 'let l2 = 1' 'Lib: Lib2'
switch main
merge 'Merge lib2 (fast-forwardable, touches folder)' lib2

# 6. Branch that touched the folder and reverted it; mainline touched App.
branch lib-revert
commit_file Sources/Lib/Tmp.swift 'tmp' 'Lib: tmp'
commit_rm 'Lib: remove tmp' Sources/Lib/Tmp.swift
switch main
commit_file Sources/App/main.swift 'print(3)' 'App: 3'
merge 'Merge lib-revert (net folder change: none)' lib-revert

# 7. Merge a branch that started before an older merge (old base).
switch docs
commit_file Docs/E.md 'e' 'Docs: E (old base)'
switch main
merge 'Merge docs again (old base)' docs

commit_file Sources/Lib/Lib.swift 'struct Lib { let x = 2 }' 'Lib: x = 2'
repo_finish
