#!/usr/bin/env bash
# empty-commits: originally empty commits (--allow-empty), starting with an
# empty root commit; empty commits on branches and merges that change
# nothing; a commit whose folder is an empty tree object.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_empty 'Empty root commit'
commit_empty 'Second empty commit'
commit_file README.md '# Demo' 'README'
commit_empty 'Empty before folder exists'
commit_file Sources/Lib/Lib.swift 'struct Lib {}' 'Add Lib'
commit_empty 'Empty after folder exists'
commit_empty 'Another empty commit'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'

# Branch made of empty commits only, merged with --no-ff (empty merge).
branch empties
commit_empty 'Empty on branch 1'
commit_empty 'Empty on branch 2'
switch main
merge 'Merge empties (no changes at all)' empties

# Branch with empty commits and a folder change, mainline empty commits.
branch mixed
commit_empty 'Mixed: empty'
commit_file Sources/Lib/Mixed.swift 'let m = 1' 'Mixed: Lib'
commit_empty 'Mixed: empty after change'
switch main
commit_empty 'Main: empty while mixed in flight'
merge 'Merge mixed' mixed

# Merge of a branch that is already fully merged (second parent is an
# ancestor of the first); git merge refuses, so use commit-tree.
commit_empty 'Main: empty before stale merge'
tick
id=$(git commit-tree -m 'Merge stale ancestor' -p HEAD -p HEAD~2 'HEAD^{tree}')
git update-ref HEAD "$id"

# Unrelated empty root merged in.
orphan empty-root
commit_empty 'Unrelated empty root'
switch main
merge 'Merge unrelated empty root' --allow-unrelated-histories empty-root

# A commit whose folder entry is the empty tree (only possible via plumbing).
empty_tree=$(git hash-object -t tree -w /dev/null)
sources=$( { git ls-tree HEAD:Sources | grep -v '	Lib$'
	printf '040000 tree %s\tLib\n' "$empty_tree"; } | git mktree)
root=$( { git ls-tree HEAD | grep -v '	Sources$'
	printf '040000 tree %s\tSources\n' "$sources"; } | git mktree)
tick
id=$(git commit-tree -m 'Folder is an empty tree' -p HEAD "$root")
git update-ref HEAD "$id"
git read-tree HEAD
commit_empty 'Empty commit on top of the empty folder tree (cache-tree keeps it)'
git read-tree HEAD
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v2 (folder has content again)'
commit_empty 'Final empty commit'
repo_finish
