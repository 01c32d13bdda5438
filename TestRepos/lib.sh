# shellcheck shell=bash
# Shared helpers for the fixture scenarios in this directory.
#
# Usage (from a scenario script):
#   . "$(dirname "$0")/lib.sh"
#   repo_init "$1"          # creates the repository and cd's into it
#   commit_file Sources/Lib/A.swift 'let a = 1' 'Add A'
#
# Everything here is deterministic: fixed identities, fixed clock (see tick),
# no user/system configuration. Building a scenario twice gives identical ids.

set -euo pipefail

# --- deterministic environment ----------------------------------------------
export LC_ALL=C LANG=C TZ=UTC
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CONFIG GIT_CONFIG_PARAMETERS \
	GIT_CONFIG_COUNT GIT_NAMESPACE GIT_CEILING_DIRECTORIES GIT_TEMPLATE_DIR \
	GIT_AUTHOR_DATE GIT_COMMITTER_DATE XDG_CONFIG_HOME 2>/dev/null || true
export GIT_TERMINAL_PROMPT=0 GIT_EDITOR=: GIT_PAGER=cat PAGER=cat
export GIT_MERGE_AUTOEDIT=no

# Default identities (git's own test-lib values).
default_ident() {
	export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.com'
	export GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL='committer@example.com'
}
default_ident

# --- clock ---------------------------------------------------------------------
# Like git's test_tick: first call yields 1112911993 -0700, then +60 s each.
TICK_TZ='-0700'
tick() {
	if [ -z "${test_tick:-}" ]; then
		test_tick=1112911993
	else
		test_tick=$((test_tick + 60))
	fi
	export GIT_COMMITTER_DATE="$test_tick $TICK_TZ"
	export GIT_AUTHOR_DATE="$test_tick $TICK_TZ"
}

die() { printf 'fatal: %s\n' "$*" >&2; exit 1; }

# --- repository setup --------------------------------------------------------
# repo_init TARGET_DIR: create a non-bare repo on branch main and cd into it.
repo_init() {
	if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: $0 TARGET_DIR"; fi
	local target=$1
	if [ -e "$target" ]; then
		[ -d "$target" ] || die "$target exists and is not a directory"
		[ -z "$(ls -A "$target")" ] || die "$target is not empty"
	fi
	mkdir -p "$target"
	cd "$target"
	HOME="$(cd .. && pwd)"
	export HOME
	git -c init.defaultBranch=main init -q
	git symbolic-ref HEAD refs/heads/main
	git config commit.gpgsign false
	git config tag.gpgsign false
	git config core.autocrlf false
	git config core.fileMode true
	git config core.symlinks true
	git config gc.auto 0
	git config maintenance.auto false
	git config advice.detachedHead false
	git config merge.conflictStyle merge
	git config pull.rebase false
}

# repo_finish: leave main checked out with a work tree matching HEAD.
repo_finish() {
	git checkout -q -f main
	git reset -q --hard main
	git clean -qfdx
	rm -rf .git/subtree-cache
}

# --- file helpers ------------------------------------------------------------
# write_file PATH CONTENT: write CONTENT plus a newline (creates directories).
write_file() {
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" >"$1"
}

# commit_files MSG PATH CONTENT [PATH CONTENT...]: write files, add, commit.
commit_files() {
	local msg=$1
	shift
	while [ $# -ge 2 ]; do
		write_file "$1" "$2"
		git add -- "$1"
		shift 2
	done
	[ $# -eq 0 ] || die "commit_files: odd number of PATH CONTENT arguments"
	tick
	git commit -q -m "$msg"
}

# commit_file PATH CONTENT MSG
commit_file() {
	commit_files "$3" "$1" "$2"
}

# commit_rm MSG PATH...: remove paths (recursively) and commit.
commit_rm() {
	local msg=$1
	shift
	git rm -rq -- "$@"
	tick
	git commit -q -m "$msg"
}

# commit_empty MSG: an empty commit (same tree as its parent, or empty root).
commit_empty() {
	tick
	git commit -q --allow-empty -m "$1"
}

# commit_all MSG: stage everything in the work tree and commit.
commit_all() {
	git add -A
	tick
	git commit -q -m "$1"
}

# --- branch/merge helpers -------------------------------------------------------
# branch NAME [START]: create and switch to a new branch.
branch() { git checkout -q -b "$@"; }
switch() { git checkout -q "$1"; }

# orphan NAME: switch to a new unborn branch with an empty index/work tree.
orphan() {
	git checkout -q --orphan "$1"
	git rm -rqf --ignore-unmatch .
	git clean -qfdx
}

# merge MSG REV...: no-ff merge (octopus if several revs) with a fixed message.
merge() {
	local msg=$1
	shift
	tick
	git merge -q --no-ff --no-edit -m "$msg" "$@" >/dev/null
}

# merge_resolve MSG REV [--unrelated] -- PATH CONTENT [PATH CONTENT...]
# Start a merge, overwrite the given files (resolving any conflicts), commit.
# CONTENT '-' means: delete PATH.
merge_resolve() {
	local msg=$1 rev=$2
	shift 2
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	tick
	git merge -q --no-ff --no-commit ${opts[@]+"${opts[@]}"} "$rev" >/dev/null 2>&1 || true
	[ -f .git/MERGE_HEAD ] || die "merge_resolve: merge of $rev did not start"
	while [ $# -ge 2 ]; do
		if [ "$2" = - ]; then
			git rm -rqf -- "$1"
		else
			write_file "$1" "$2"
			git add -- "$1"
		fi
		shift 2
	done
	git add -A
	git commit -q --no-edit -m "$msg"
}

# --- raw objects -------------------------------------------------------------------
# raw_commit TREE MSGFILE [PARENT...]: write a commit object byte for byte and
# print its id. Uses RAW_AUTHOR / RAW_COMMITTER (full "Name <mail> time tz"
# values; default: current identities at the current tick) and
# RAW_HEADERS (extra header text, each line ending in a newline).
raw_commit() {
	local tree=$1 msgfile=$2 p
	shift 2
	{
		printf 'tree %s\n' "$tree"
		for p in "$@"; do printf 'parent %s\n' "$p"; done
		printf 'author %s\n' "${RAW_AUTHOR:-$GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL> $GIT_AUTHOR_DATE}"
		printf 'committer %s\n' "${RAW_COMMITTER:-$GIT_COMMITTER_NAME <$GIT_COMMITTER_EMAIL> $GIT_COMMITTER_DATE}"
		printf '%s' "${RAW_HEADERS:-}"
		printf '\n'
		cat "$msgfile"
	} | git hash-object -t commit -w --stdin
}

# raw_commit_head MSGFILE: commit the current index as a raw commit on top of
# HEAD (with any extra parents given as further args) and advance the branch.
raw_commit_head() {
	local msgfile=$1 tree id
	shift
	tree=$(git write-tree)
	tick
	id=$(raw_commit "$tree" "$msgfile" "$(git rev-parse HEAD)" "$@")
	git update-ref -m raw-commit HEAD "$id"
}

# --- helpers for the Swift package fixtures (pkg-*.sh) ---------------------------
# put PATH: write stdin to PATH (creating directories) and stage it.
put() { mkdir -p "$(dirname "$1")"; cat >"$1"; git add -- "$1"; }
# commit_staged MSG: commit the index.
commit_staged() { tick; git commit -q -m "$1"; }
# commit_mv MSG FROM TO: rename a file and commit.
commit_mv() { mkdir -p "$(dirname "$3")"; git mv -- "$2" "$3"; tick; git commit -q -m "$1"; }
# put_swift_gitignore: the .gitignore of a SwiftPM package, staged.
put_swift_gitignore() {
	put .gitignore <<'EOF'
.DS_Store
/.build
/.swiftpm
/Packages
EOF
}
