#!/usr/bin/env bash
# feature-noff: feature branches merged with --no-ff, some touching the
# folder, some not; one branch left unmerged and an annotated tag.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(1)' \
	Sources/Lib/Lib.swift 'struct Lib {}'

# Feature touching only the folder.
branch feature/lib-api
commit_file Sources/Lib/API.swift 'protocol API {}' 'Lib: add API'
commit_file Sources/Lib/API.swift 'protocol API { func f() }' 'Lib: API.f'
switch main
commit_file Docs/Notes.md 'notes' 'Docs: notes'
merge "Merge branch 'feature/lib-api'" feature/lib-api

# Feature not touching the folder.
branch feature/app
commit_file Sources/App/main.swift 'print(2)' 'App: print 2'
commit_file Sources/App/Other.swift 'let o = 0' 'App: other'
switch main
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 1 }' 'Lib: v'
merge "Merge branch 'feature/app'" feature/app

# Feature touching both; mainline untouched meanwhile (would fast-forward).
branch feature/both
commit_file Sources/App/main.swift 'print(3)' 'App: print 3'
commit_file Sources/Lib/Lib.swift 'struct Lib { let v = 2 }' 'Lib: v = 2'
commit_file Docs/Notes.md 'more notes' 'Docs: more notes'
switch main
merge "Merge branch 'feature/both'" feature/both
tick
git tag -a -m 'Release 1.0' v1.0

# Two features in flight, both touching the folder, merged in turn.
branch feature/a
commit_file Sources/Lib/A.swift 'let a = 1' 'Lib: A'
switch main
branch feature/b
commit_file Sources/Lib/B.swift 'let b = 1' 'Lib: B'
commit_file Sources/App/B.swift 'let b = 1' 'App: B'
switch main
commit_file README.md '# Demo 2' 'README 2'
merge "Merge branch 'feature/a'" feature/a
merge "Merge branch 'feature/b'" feature/b

# A feature branch that stays unmerged (split it as another rev).
branch feature/unmerged
commit_file Sources/Lib/Unmerged.swift 'let u = 1' 'Lib: unmerged work'
commit_file Docs/Unmerged.md 'u' 'Docs: unmerged'
switch main
commit_file Sources/Lib/A.swift 'let a = 2' 'Lib: A = 2'
commit_file README.md '# Demo 3' 'README 3'

repo_finish
