#!/usr/bin/env bash
# identical-parents-unrelated: merges whose parents have identical folder
# trees but split histories sharing no commit (the same content created
# independently on unrelated roots), plus two unrelated roots whose split
# commits are byte-identical (same metadata and folder tree).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Main root' \
	README.md '# Main' \
	Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Sources/App/main.swift 'print(0)' 'App: main'

# Case 1: unrelated root with the same folder content, different metadata.
orphan other
commit_files 'Other root' \
	Docs/Other.md 'other' \
	Sources/Lib/Lib.swift 'struct Lib {}'
commit_file Docs/Other.md 'other 2' 'Docs: other 2'
switch main
merge 'Merge unrelated other (identical folder)' --allow-unrelated-histories other

commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v1'

# Case 2: two roots with identical metadata and folder tree but different
# other content: their split commits are the same object.
saved_tick=$test_tick
orphan twin-a
commit_files 'Twin root' README.md 'twin a' Sources/Lib/Twin.swift 'let twin = 1'
orphan twin-b
test_tick=$saved_tick
commit_files 'Twin root' README.md 'twin b' Sources/Lib/Twin.swift 'let twin = 1'
test_tick=$((saved_tick + 60))
merge_resolve 'Merge twin-a into twin-b' twin-a --allow-unrelated-histories -- \
	README.md 'twin a+b'
commit_file Docs/Twin.md 'twin docs' 'Docs: twin'
switch main
merge_resolve 'Merge twins into main' twin-b --allow-unrelated-histories -- \
	README.md '# Main + twins'

# Case 3: unrelated root with identical folder content merged as first
# parent side (the unrelated branch merges main).
orphan third
commit_files 'Third root' \
	Docs/Third.md 'third' \
	Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' \
	Sources/Lib/Twin.swift 'let twin = 1'
merge_resolve 'Merge main into third' main --allow-unrelated-histories -- \
	README.md '# Third + main'
switch main
merge 'Merge third' third

commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v2'
repo_finish
