#!/usr/bin/env bash
# unrelated-merge: unrelated histories merged with --allow-unrelated-histories:
# one that brings the folder into a mainline without it, one without the
# folder, and one with different folder contents (add/add conflicts resolved
# explicitly).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

# Mainline starts without the folder.
commit_file README.md '# Demo' 'Initial commit'
commit_file Sources/App/main.swift 'print(0)' 'App: main'

# Unrelated history that has the folder.
orphan lib-import
commit_file Sources/Lib/Core.swift 'struct Core {}' 'Lib: core'
commit_file Sources/Lib/Util.swift 'func util() {}' 'Lib: util'
switch main
merge 'Merge lib-import (brings the folder)' --allow-unrelated-histories lib-import

commit_file Sources/Lib/Core.swift 'struct Core { let v = 1 }' 'Lib: core v1'

# Unrelated history without the folder.
orphan docs-import
commit_file Docs/Guide.md 'guide' 'Docs: guide'
commit_file Docs/FAQ.md 'faq' 'Docs: faq'
switch main
commit_file Sources/App/main.swift 'print(1)' 'App: 1'
merge 'Merge docs-import (no folder)' --allow-unrelated-histories docs-import

# Unrelated history with different folder contents.
orphan alt-lib
commit_files 'Alt: initial' \
	Sources/Lib/Core.swift 'struct AltCore {}' \
	Sources/Lib/Alt.swift 'let alt = 1' \
	Docs/Alt.md 'alt'
commit_file Sources/Lib/Alt.swift 'let alt = 2' 'Alt: 2'
switch main
merge_resolve 'Merge alt-lib (conflicting folder contents)' alt-lib --allow-unrelated-histories -- \
	Sources/Lib/Core.swift 'struct Core { let v = 1 }; struct AltCore {}'

# Unrelated history whose folder content equals mainline's except one file
# (the merge takes mainline's side entirely: folder tree = first parent's).
orphan alt-lib2
commit_files 'Alt2: initial' \
	Sources/Lib/Core.swift 'struct Alt2 {}' \
	Sources/Lib/Alt2.swift 'let alt2 = 1'
switch main
commit_file Sources/Lib/Util.swift 'func util() -> Int { 2 }' 'Lib: util 2'
merge_resolve 'Merge alt-lib2 (ours for the folder)' alt-lib2 --allow-unrelated-histories -- \
	Sources/Lib/Core.swift 'struct Core { let v = 1 }; struct AltCore {}' \
	Sources/Lib/Alt2.swift -

commit_file Sources/Lib/Util.swift 'func util() -> Int { 3 }' 'Lib: util 3'
repo_finish
