#!/usr/bin/env bash
# odd-metadata: commits (all touching Sources/Lib, so split must copy them)
# with unusual identities, dates, time zones, messages, encodings and extra
# headers. Several are written byte for byte with `git hash-object`, since
# `git commit` would normalize them. git subtree's copy_commit re-reads these
# through `git log --format` and `read` (no -r), so the copies differ in
# interesting ways (trimmed names, backslashes, re-encoded text, +0000...).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh" || exit 1
repo_init "${1:-}"

msgdir=.git/carve-msgs
mkdir -p "$msgdir"
n=0
# lib_change: modify the folder so that the next commit is copied by split.
lib_change() {
	n=$((n + 1))
	write_file Sources/Lib/Meta.swift "let meta = $n"
	git add Sources/Lib/Meta.swift
}
# msg NAME FORMAT [ARGS...]: write a message file with printf (exact bytes).
msg() {
	local f="$msgdir/$1"
	shift
	# shellcheck disable=SC2059
	printf "$@" >"$f"
	printf '%s' "$f"
}
# commit_msg FILE: commit the index with the message file verbatim.
commit_msg() {
	tick
	git commit -q --allow-empty --allow-empty-message --cleanup=verbatim -F "$1"
}
# raw_msg FILE: commit the index as a raw object (uses RAW_* variables).
raw_msg() {
	raw_commit_head "$1"
	git read-tree HEAD
}

commit_files 'Initial layout' \
	README.md '# Demo' \
	Sources/App/main.swift 'print(0)' \
	Sources/Lib/Lib.swift 'struct Lib {}'
# A .mailmap must not influence %an/%ae.
commit_file .mailmap 'Mapped Name <mapped@example.com> A U Thor <author@example.com>' 'Add .mailmap'

# --- identities via git commit -------------------------------------------------
lib_change
GIT_AUTHOR_NAME='Jöhn Dœ 山田太郎' GIT_AUTHOR_EMAIL='jd@例え.jp' \
GIT_COMMITTER_NAME='Zoë Ångström' GIT_COMMITTER_EMAIL='zoe@example.com' \
	commit_msg "$(msg utf8 'UTF-8 names: Jöhn, Zoë\n\nBody with emoji 🎉 and CJK 漢字.\n')"

lib_change
GIT_AUTHOR_EMAIL='with space@example.com' GIT_COMMITTER_EMAIL='also  two spaces@example.com' \
	commit_msg "$(msg email-spaces 'Emails with spaces\n')"

lib_change
GIT_AUTHOR_NAME='Mr. O'\''Brien, Jr.' GIT_COMMITTER_NAME='Dr. Strange;' \
	commit_msg "$(msg crud-git 'Names with punctuation (normalized by git commit)\n')"

# --- time zones -------------------------------------------------------------------
for tz in +0530 -1200 +1400 +0545 -0930 +0000; do
	lib_change
	TICK_TZ=$tz
	commit_msg "$(msg "tz$tz" 'Time zone %s\n' "$tz")"
done
TICK_TZ=-0700
# Author date long before committer date, different zones.
lib_change
tick
GIT_AUTHOR_DATE='946684800 +0100' git commit -q -m 'Author date 2000-01-01, committer date now'
lib_change
tick
GIT_AUTHOR_DATE='@0 +0000' git commit -q -m 'Author date at the epoch'

# --- messages ------------------------------------------------------------------------
lib_change
commit_msg "$(msg no-newline 'Subject without trailing newline')"
lib_change
commit_msg "$(msg no-newline-body 'Subject\n\nBody without trailing newline')"
lib_change
commit_msg "$(msg leading-blank '\n\n\nLeading blank lines\n')"
lib_change
commit_msg "$(msg multi-blank 'Subject\n\n\n\nBody after three blank lines\n\n\n\nand more\n\n\n')"
lib_change
commit_msg "$(msg trailing-ws 'Trailing whitespace   \n\nbody line with tab\t\n  indented   \n')"
lib_change
commit_msg "$(msg markers 'Lines that look like parser markers\n\nSTART deadbeef\nEND\nSTART x y z\ngit-subtree-mainline: 0000000000000000000000000000000000000000\nEND\n')"
lib_change
commit_msg "$(msg fake-trailer 'Mentions the folder as a subtree dir\n\nSTART 1234\ngit-subtree-dir: Sources/Lib\nEND\n')"
lib_change
commit_msg "$(msg empty '')"
lib_change
commit_msg "$(msg only-newlines '\n\n')"
lib_change
commit_msg "$(msg crlf 'CRLF subject\r\n\r\nCRLF body\r\n')"
lib_change
commit_msg "$(msg long "$(printf 'Long subject %.0s' $(seq 1 40))\n")"
lib_change
commit_msg "$(msg percent 'Percent %%s %%n %%H and backslash \\\\ \\n literal\n')"

# --- raw commits (bytes git commit would not produce) ----------------------------
lib_change
tick
RAW_AUTHOR="  Lead Space <lead@example.com> $test_tick +0530" \
RAW_COMMITTER="Trail Space   <trail@example.com> $test_tick -1200" \
	raw_msg "$(msg raw-spaces 'Raw: names with leading/trailing spaces\n')"

lib_change
tick
RAW_AUTHOR="A\\B <ab@example.com> $test_tick +0100" \
RAW_COMMITTER="Back\\\\Slash C\\n <bs@example.com> $test_tick +0100" \
	raw_msg "$(msg raw-backslash 'Raw: backslashes in names\n')"

lib_change
tick
RAW_AUTHOR="Mail Spaces < spaced@example.com > $test_tick +0000" \
RAW_COMMITTER="\"Quoted, Name;\" <'q'@example.com> $test_tick +0000" \
	raw_msg "$(msg raw-mail 'Raw: spaces inside <>, quotes and crud\n')"

lib_change
tick
RAW_AUTHOR="Minus Zero <mz@example.com> $test_tick -0000" \
RAW_COMMITTER="Minus Zero <mz@example.com> $test_tick -0000" \
	raw_msg "$(msg raw-minus-zero 'Raw: time zone -0000\n')"

lib_change
tick
RAW_AUTHOR="$(printf 'Inv\351lid N\377me') <inv@example.com> $test_tick +0200" \
RAW_COMMITTER="C O Mitter <committer@example.com> $test_tick +0200" \
	raw_msg "$(msg raw-invalid-utf8 'Raw: invalid UTF-8 \377\376 caf\351 without encoding header\n\nbody \300\200\n')"

lib_change
tick
RAW_HEADERS='encoding utf-8
' raw_msg "$(msg raw-enc-utf8 'Raw: explicit lowercase utf-8 encoding header\n')"

lib_change
tick
RAW_HEADERS='x-custom-header some value
' raw_msg "$(msg raw-custom 'Raw: unknown extra header\n')"

# --- ISO-8859-1 commit (encoding header, Latin-1 bytes) ---------------------------
lib_change
tick
GIT_AUTHOR_NAME="$(printf 'Ren\351 Lat\355n')" GIT_COMMITTER_NAME="$(printf 'Fran\347ois')" \
	git -c i18n.commitEncoding=ISO-8859-1 commit -q --cleanup=verbatim -F \
	"$(msg latin1 'Latin-1: caf\351 na\357ve \374ber\n\nBody \351\350\340.\n')"
git log -1 --format=%e | grep -qx ISO-8859-1 || die 'no encoding header'

# --- a "signed" commit (fake gpgsig header) on a branch, continued and merged ---
branch signed
lib_change
tick
RAW_HEADERS='gpgsig -----BEGIN PGP SIGNATURE-----
 
 iQEzBAABCAAdFiEEfakefakefakefakefakefakefakefakeFAKEFAKEFAKE
 =fake
 -----END PGP SIGNATURE-----
' raw_msg "$(msg signed 'Signed commit (fake signature)\n\nThe signature is not valid; it only has the right shape.\n')"
git branch signed-tip
commit_file Sources/Lib/Signed.swift 'let signed = 1' 'Continue on top of the signed commit'
switch main
commit_file Docs/Main.md 'main' 'Docs: main while signed branch in flight'
merge 'Merge signed branch' signed

# A merge with a fake mergetag header, created raw.
branch tagged
commit_file Sources/Lib/Tagged.swift 'let tagged = 1' 'Lib: tagged work'
switch main
commit_file Sources/App/main.swift 'print(1)' 'App: 1'
git merge -q --no-commit --no-ff tagged >/dev/null 2>&1
tick
RAW_HEADERS="mergetag object $(git rev-parse tagged)
 type commit
 tag v0.1
 tagger C O Mitter <committer@example.com> $test_tick -0700
 
 Tag message
 -----BEGIN PGP SIGNATURE-----
 fake
 -----END PGP SIGNATURE-----
" raw_commit_head "$(msg mergetag "Merge tag 'v0.1'\n")" "$(git rev-parse tagged)"
rm -f .git/MERGE_HEAD .git/MERGE_MSG .git/MERGE_MODE
git read-tree HEAD

lib_change
commit_msg "$(msg last 'Last commit\n')"

rm -rf "$msgdir"
repo_finish
