#!/usr/bin/env bash
# subtree-regex-prefix: git subtree looks for its trailers with
# `git log --grep="^git-subtree-dir: $dir/*$"`, i.e. the prefix is a regular
# expression. Here Vendor/Sub.Kit and Vendor/SubXKit both get a
# `git subtree add`, and Vendor/SubXKit a `split --rejoin`; splitting
# Vendor/Sub.Kit also picks up the trailers written for Vendor/SubXKit.
# (A `split --rejoin` of Vendor/Sub.Kit would copy the SubXKit rejoin commit,
# trailers included, after which git subtree dies on both prefixes with
# "cache for ... already exists!".)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

subtree() {
	tick
	git subtree -q "$@" >/dev/null 2>&1
}

commit_files 'Initial layout' README.md '# Demo' Sources/App/main.swift 'print(0)'

orphan up-dot
commit_file Kit.swift 'struct DotKit {}' 'Dot upstream: initial'
orphan up-x
commit_file Kit.swift 'struct XKit {}' 'X upstream: initial'
switch main

subtree add --prefix=Vendor/Sub.Kit up-dot
commit_file Sources/App/main.swift 'print(1)' 'App: 1'
subtree add --prefix=Vendor/SubXKit up-x
commit_file Vendor/SubXKit/Kit.swift 'struct XKit { let v = 1 }' 'SubXKit: v1'
commit_file Vendor/Sub.Kit/Kit.swift 'struct DotKit { let v = 1 }' 'Sub.Kit: v1'
subtree split --prefix=Vendor/SubXKit --rejoin
commit_file Vendor/SubXKit/Kit.swift 'struct XKit { let v = 2 }' 'SubXKit: v2'
commit_file Vendor/Sub.Kit/Kit.swift 'struct DotKit { let v = 2 }' 'Sub.Kit: v2'
commit_file Vendor/Sub.Kit/Kit.swift 'struct DotKit { let v = 3 }' 'Sub.Kit: v3'
commit_file Vendor/SubXKit/Kit.swift 'struct XKit { let v = 3 }' 'SubXKit: v3'
repo_finish
