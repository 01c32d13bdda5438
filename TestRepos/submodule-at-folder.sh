#!/usr/bin/env bash
# submodule-at-folder: at some commits the folder path is a gitlink (mode
# 160000, a "submodule" without .gitmodules), at others a real directory.
# git subtree treats gitlink commits like commits without the folder.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# set_gitlink PATH COMMIT: replace PATH in the index by a gitlink.
set_gitlink() {
	git rm -rq --cached --ignore-unmatch -- "$1"
	rm -rf "$1"
	git update-index --add --cacheinfo "160000,$2,$1"
}
# drop_gitlink PATH: remove the gitlink from the index.
drop_gitlink() {
	git rm -q --cached -- "$1"
}

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)'
first=$(git rev-parse HEAD)

# Folder starts as a gitlink.
set_gitlink Sources/Lib "$first"
tick
git commit -q -m 'Lib as submodule (gitlink)'
commit_file Docs/A.md 'a' 'Docs: A (folder is gitlink)'

# Gitlink to another commit.
set_gitlink Sources/Lib "$(git rev-parse HEAD~1)"
tick
git commit -q -m 'Bump Lib submodule'

# Becomes a real directory.
drop_gitlink Sources/Lib
commit_files 'Lib becomes a directory' Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
commit_file Sources/App/main.swift 'print(1)' 'App: 1'

# Back to a gitlink, work on a branch meanwhile, then a directory again.
branch side
commit_file Sources/Lib/Side.swift 'let side = 1' 'Lib: side (directory on branch)'
switch main
set_gitlink Sources/Lib "$first"
tick
git commit -q -m 'Lib back to a submodule'
commit_file Docs/B.md 'b' 'Docs: B (folder is gitlink)'
drop_gitlink Sources/Lib
commit_files 'Lib is a directory again (same content as before)' \
	Sources/Lib/Lib.swift 'struct Lib { let v = 1 }'
merge 'Merge side' side
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v2'

# A gitlink nested inside the folder is ordinary content of the folder.
git update-index --add --cacheinfo "160000,$first,Sources/Lib/Vendored"
tick
git commit -q -m 'Lib: add nested gitlink Vendored'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 3 }' 'Lib: v3'
repo_finish
