#!/usr/bin/env bash
# folder-was-file: the folder path is a regular file in early commits and a
# directory later. git subtree split dies on it (ls-tree reports a blob).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' README.md '# Demo' Sources/Lib 'I am a file'
commit_file Sources/Lib 'still a file' 'Lib file: change'
commit_file Sources/App/main.swift 'print(0)' 'App: main'
git rm -q Sources/Lib
commit_files 'Lib becomes a directory' Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
repo_finish
