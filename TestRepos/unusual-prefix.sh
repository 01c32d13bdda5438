#!/usr/bin/env bash
# unusual-prefix: folder names with a space, non-ASCII characters and
# regex metacharacters. (git subtree's ls-tree output C-quotes non-ASCII
# paths, so it fails for the non-ASCII folder unless core.quotePath=false.)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	'Sources/My Lib/Lib.swift' 'struct Lib {}' \
	'Sources/Bibliothèque/Lib.swift' 'struct Bib {}' \
	'Sources/Lib.v2/Lib.swift' 'struct V2 {}' \
	'Sources/LibXv2/Lib.swift' 'struct X {}'
commit_file 'Sources/My Lib/Lib.swift' 'struct Lib { let v = 1 }' 'My Lib: v1'
commit_file 'Sources/Bibliothèque/Lib.swift' 'struct Bib { let v = 1 }' 'Bibliothèque: v1'
commit_file 'Sources/LibXv2/Lib.swift' 'struct X { let v = 1 }' 'LibXv2: v1'
commit_file 'Sources/Lib.v2/Lib.swift' 'struct V2 { let v = 1 }' 'Lib.v2: v1'
commit_file Docs/A.md 'a' 'Docs: A'
commit_files 'All of them' \
	'Sources/My Lib/Lib.swift' 'struct Lib { let v = 2 }' \
	'Sources/Bibliothèque/Lib.swift' 'struct Bib { let v = 2 }' \
	'Sources/Lib.v2/Lib.swift' 'struct V2 { let v = 2 }'
repo_finish
