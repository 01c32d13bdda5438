#!/usr/bin/env bash
# subtree-add-rejoin-squash: history produced by git subtree itself.
#  - Vendor/Sub: `git subtree add` of an unrelated upstream history, local
#    changes, `git subtree merge` of new upstream work, `split --rejoin` twice.
#  - Vendor/Squashed: `git subtree add --squash` and `git subtree merge --squash`.
# Split must honour the git-subtree-dir/-mainline/-split trailers.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

subtree() {
	tick
	git subtree -q "$@" >/dev/null
}

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Sources/App/main.swift 'print(1)' 'App: 1'

# Upstream project for Vendor/Sub, its own unrelated history.
orphan sub-upstream
commit_file Sub.swift 'struct Sub {}' 'Sub: initial'
commit_file Tests/SubTests.swift 'final class SubTests {}' 'Sub: tests'
switch main

subtree add --prefix=Vendor/Sub sub-upstream
commit_file Vendor/Sub/Sub.swift 'struct Sub { let local = 1 }' 'Vendor/Sub: local change'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'
commit_files 'Vendor/Sub and App together' \
	Vendor/Sub/Extra.swift 'let extra = 1' \
	Sources/App/main.swift 'print(2)'

# New upstream work merged with `git subtree merge` (not squashed).
switch sub-upstream
commit_file Tests/SubTests.swift 'final class SubTests { func test() {} }' 'Sub: more tests'
commit_file Upstream.swift 'let upstream = 1' 'Sub: upstream file'
switch main
subtree merge --prefix=Vendor/Sub sub-upstream
git tag before-rejoin

commit_file Vendor/Sub/Extra.swift 'let extra = 2' 'Vendor/Sub: extra 2'
subtree split --prefix=Vendor/Sub --rejoin

commit_file Vendor/Sub/Sub.swift 'struct Sub { let local = 2 }' 'Vendor/Sub: local 2'
commit_file Docs/Vendor.md 'vendor notes' 'Docs: vendor notes'
branch vendor-topic
commit_file Vendor/Sub/Topic.swift 'let topic = 1' 'Vendor/Sub: topic'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v2'
merge 'Merge vendor-topic' vendor-topic
subtree split --prefix=Vendor/Sub --rejoin
commit_file Vendor/Sub/Sub.swift 'struct Sub { let local = 3 }' 'Vendor/Sub: local 3'

# Upstream for Vendor/Squashed, added and merged with --squash.
orphan sq-upstream
commit_file Squashed.swift 'struct Squashed {}' 'Squashed: initial'
commit_file Squashed.swift 'struct Squashed { let v = 1 }' 'Squashed: v1'
switch main
subtree add --squash --prefix=Vendor/Squashed sq-upstream
commit_file Vendor/Squashed/Local.swift 'let local = 1' 'Vendor/Squashed: local file'
commit_file README.md '# Demo 2' 'README 2'

switch sq-upstream
commit_file Squashed.swift 'struct Squashed { let v = 2 }' 'Squashed: v2'
commit_file More.swift 'let more = 1' 'Squashed: more'
switch main
subtree merge --squash --prefix=Vendor/Squashed sq-upstream
commit_file Vendor/Squashed/Local.swift 'let local = 2' 'Vendor/Squashed: local 2'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 3 }' 'Lib: v3'
repo_finish
