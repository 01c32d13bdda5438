#!/usr/bin/env bash
# folder-is-symlink: the folder path is a symlink (mode 120000, a blob) in
# early commits and a directory later. git subtree split dies on it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' README.md '# Demo' Sources/RealLib/Lib.swift 'struct Lib {}'
blob=$(printf 'RealLib' | git hash-object -w --stdin)
git update-index --add --cacheinfo "120000,$blob,Sources/Lib"
tick
git commit -q -m 'Sources/Lib -> RealLib symlink'
commit_file Sources/App/main.swift 'print(0)' 'App: main'
git rm -q --cached Sources/Lib
git rm -rq Sources/RealLib
commit_files 'Lib becomes a directory' Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
repo_finish
