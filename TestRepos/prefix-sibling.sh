#!/usr/bin/env bash
# prefix-sibling: folders whose names share a prefix (Sources/Foo,
# Sources/FooKit, Sources/Foo-Bar, Sources/Foo.swift) all evolving. Names
# were chosen so that git's tree order (Foo-Bar, Foo.swift, Foo/, FooKit)
# differs from plain string order of the entry names.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/Foo/Foo.swift 'struct Foo {}' \
	Sources/FooKit/FooKit.swift 'struct FooKit {}'
commit_file Sources/FooKit/FooKit.swift 'struct FooKit { let v = 1 }' 'FooKit: v1'
commit_file Sources/Foo/Foo.swift 'struct Foo { let v = 1 }' 'Foo: v1'
commit_file Sources/Foo-Bar/Bar.swift 'struct Bar {}' 'Foo-Bar: add'
commit_file Sources/Foo.swift 'let foo = 0' 'Add Sources/Foo.swift file'
commit_files 'Foo and FooKit together' \
	Sources/Foo/Foo.swift 'struct Foo { let v = 2 }' \
	Sources/FooKit/FooKit.swift 'struct FooKit { let v = 2 }'

branch kit
commit_file Sources/FooKit/Extra.swift 'let extra = 1' 'FooKit: extra'
commit_file Sources/FooKit/Foo/Nested.swift 'let nested = 1' 'FooKit: nested Foo dir'
switch main
commit_file Sources/Foo/FooKit/Inner.swift 'let inner = 1' 'Foo: inner FooKit dir'
merge 'Merge kit' kit

commit_file Sources/Foo-Bar/Bar.swift 'struct Bar { let v = 1 }' 'Foo-Bar: v1'
commit_rm 'FooKit: remove extra' Sources/FooKit/Extra.swift
commit_file Sources/Foo.swift 'let foo = 1' 'Sources/Foo.swift: 1'
commit_file Sources/Foo/Foo.swift 'struct Foo { let v = 3 }' 'Foo: v3'
repo_finish
