#!/usr/bin/env bash
# symlink-exec: symlinks and executables inside the folder; mode-only changes
# (100644 <-> 100755), symlink retargeted, file <-> symlink type changes.
# Modes are set in the index with update-index so that the result does not
# depend on the file system.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# add_symlink PATH TARGET: stage a symlink (mode 120000) without touching
# the work tree.
add_symlink() {
	local blob
	blob=$(printf '%s' "$2" | git hash-object -w --stdin)
	git rm -q --cached --ignore-unmatch -- "$1"
	git update-index --add --cacheinfo "120000,$blob,$1"
}
# commit_index MSG: commit the index as is.
commit_index() {
	tick
	git commit -q -m "$1"
}

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/Lib/Lib.swift 'struct Lib {}' \
	Sources/Lib/build.sh 'echo build'
commit_file Sources/App/main.swift 'print(0)' 'App: main'

git update-index --chmod=+x Sources/Lib/build.sh
commit_index 'Lib: make build.sh executable (mode only)'
add_symlink Sources/Lib/Current.swift Lib.swift
commit_index 'Lib: add symlink Current.swift -> Lib.swift'
add_symlink Sources/Lib/Current.swift ../App/main.swift
commit_index 'Lib: retarget symlink outside the folder'
git update-index --chmod=-x Sources/Lib/build.sh
commit_index 'Lib: build.sh not executable (mode only)'
git update-index --chmod=+x Sources/Lib/build.sh
commit_index 'Lib: build.sh executable again'
add_symlink Sources/Lib/dangling missing/target
commit_index 'Lib: dangling symlink'
add_symlink Sources/Lib/Dir nested
commit_index 'Lib: symlink to a directory name'
# Type changes: symlink -> regular file -> symlink.
git rm -q --cached Sources/Lib/Dir
git update-index --add --cacheinfo "100644,$(printf 'nested\n' | git hash-object -w --stdin),Sources/Lib/Dir"
commit_index 'Lib: Dir becomes a regular file'
git rm -q --cached Sources/Lib/Dir
git update-index --add --cacheinfo "100755,$(printf 'nested\n' | git hash-object -w --stdin),Sources/Lib/Dir"
commit_index 'Lib: Dir becomes executable'
add_symlink Sources/Lib/Dir nested
commit_index 'Lib: Dir is a symlink again'
# Mode change outside the folder only.
git update-index --add --cacheinfo "100755,$(git rev-parse HEAD:Sources/App/main.swift),Sources/App/main.swift"
commit_index 'App: mode change outside the folder'
# Symlink at the folder's parent level pointing into the folder.
add_symlink Sources/LibLink Lib
commit_index 'Symlink Sources/LibLink -> Lib (outside the folder)'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
repo_finish
