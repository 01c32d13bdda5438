#!/usr/bin/env python3
"""Generate a large synthetic Swift package monorepo for benchmarking `carve split`.

Usage: scripts/gen-monorepo.py OUT_DIR [--commits 50000] [--components 60] [--seed 1]

The history is written by ONE `git fast-import` process into a fresh non-bare repository
(`git init -b main OUT_DIR`), then `main` is checked out. The output is deterministic: the same
parameters give the same commit ids (fixed identities, dates and contents; no hash-order
dependence).

Layout: Package.swift, README.md, Docs/*.md, Sources/C00..C59/*.swift, Tests/C00Tests..*/*.swift.
Components appear over the first 40% of the history (12 exist from the start); each appearance
is a commit on main that adds the component and edits Package.swift.

Topology (close to a real monorepo with 72k commits of which 34k merges):
- feature branches of 1-10 commits (mostly short), forked from main's tip, merged back with a
  two-parent --no-ff style merge ("Merge branch 'feature/N'"); several are open at once, so the
  merges are real merges; long features sometimes merge main into themselves;
- a few long-lived branches (develop/*, release/*) that take commits, merge main in now and
  then, and are merged into main from time to time;
- occasional octopus merges of 3-4 finished features; occasional direct commits on main.
Each commit touches 1-3 components (one primary component per branch, hot/cold skewed weights
1/rank^1.1 over a seeded permutation; C07, the benchmark's default folder, is pinned 5th hottest).
Merge trees are the three-way union of both sides (a file changed on both sides gets a new
"resolved" blob); fast-import starts a merge from its first parent's tree, so the merge commit
carries M/D lines for every path that differs from the first parent.

Blobs are tiny (one line of Swift); fast-import's pack is left as is (no gc).
"""

import argparse
import os
import subprocess
import sys
import time

import random

AUTHORS = [
    ("Ada Lovelace", "ada@example.com"),
    ("Alan Turing", "alan@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("Edsger Dijkstra", "edsger@example.com"),
    ("Barbara Liskov", "barbara@example.com"),
    ("Donald Knuth", "don@example.com"),
    ("Margaret Hamilton", "margaret@example.com"),
    ("Ken Thompson", "ken@example.com"),
    ("Frances Allen", "fran@example.com"),
    ("John Backus", "john@example.com"),
    ("Radia Perlman", "radia@example.com"),
    ("Niklaus Wirth", "niklaus@example.com"),
]
MERGER = ("Merge Bot", "merge-bot@example.com")
START_TIME = 1_500_000_000
INITIAL_COMPONENTS = 12
INTRO_FRACTION = 0.4  # components appear over this fraction of the history
NUM_DOCS = 6
LONG_LIVED = ["develop/next", "release/2.x", "develop/experimental"]
FEATURE_SLOTS = 8  # at most this many open features; each slot is one scratch ref


def comp_name(c):
    return "C%02d" % c


class Overlay:
    """A feature branch's files: its own changes (None = deleted) over an immutable snapshot."""
    __slots__ = ("base", "own")

    def __init__(self, base, own=None):
        self.base = base
        self.own = own if own is not None else {}

    def get(self, path, default=None):
        own = self.own
        if path in own:
            v = own[path]
            return default if v is None else v
        return self.base.get(path, default)

    def __contains__(self, path):
        return self.get(path) is not None

    def __setitem__(self, path, rev):
        self.own[path] = rev

    def pop(self, path, default=None):
        v = self.get(path, default)
        self.own[path] = None
        return v

    def materialize(self):
        d = dict(self.base)
        for p, v in self.own.items():
            if v is None:
                d.pop(p, None)
            else:
                d[p] = v
        return d


class Branch:
    __slots__ = ("ref", "name", "files", "base", "k", "tip", "remaining", "primary", "slot",
                 "fork", "started", "length", "dirty", "version")

    def __init__(self, ref, name, files, base, k, tip):
        self.ref = ref          # the fast-import ref this branch is written to
        self.name = name        # the name used in merge messages
        self.files = files      # path -> revision number (the branch tip's tree)
        self.base = base        # main's files at the fork / last sync (the merge base)
        self.k = k              # components 0..k-1 exist on this branch
        self.tip = tip          # mark of the tip commit (fork point before the first commit)
        self.remaining = 0
        self.primary = 0
        self.slot = -1
        self.fork = tip
        self.started = False
        self.length = 0
        self.dirty = False
        self.version = 0        # bumped on every commit (main's snapshot cache key)


class Generator:
    def __init__(self, commits, components, seed, out):
        self.n = commits
        self.ncomp = components
        self.rng = random.Random(seed)
        self.out = out  # binary writable stream
        self.buf = []
        self.buflen = 0
        self.mark = 0
        self.rev = 0
        self.time = START_TIME
        self.merges = 0
        self.octopus = 0
        self.feature_no = 0
        self.snap = None
        self.snap_version = -1
        rng = self.rng
        ranks = list(range(components))
        rng.shuffle(ranks)
        # C07, the benchmark's default folder, is pinned as the 5th hottest component
        i = ranks.index(4)
        ranks[i], ranks[7] = ranks[7], ranks[i]
        self.weights = [1.0 / (ranks[c] + 1) ** 1.1 for c in range(components)]
        self.nsrc = [rng.randint(2, 5) for _ in range(components)]
        self.ntest = [rng.randint(1, 3) for _ in range(components)]
        self.intro_at = {}
        later = components - INITIAL_COMPONENTS
        for i, c in enumerate(range(INITIAL_COMPONENTS, components)):
            self.intro_at[c] = int(INTRO_FRACTION * commits * (i + 1) / (later + 1))
        self.next_intro = INITIAL_COMPONENTS

    # ----------------------------------------------------------------- output

    def emit(self, text):
        self.buf.append(text)
        self.buflen += len(text)
        if self.buflen > (1 << 20):
            self.flush()

    def flush(self):
        if self.buf:
            self.out.write("".join(self.buf).encode("ascii"))
            self.buf = []
            self.buflen = 0

    def new_rev(self):
        self.rev += 1
        return self.rev

    def content(self, path, rev, k):
        if path == "Package.swift":
            # A real manifest: component c depends on component (c - 1) // 2 (a binary tree, so
            # that carve batch has an order to follow), each with its test target.
            lines = ["// swift-tools-version:5.9", "// r%d" % rev, "import PackageDescription", "",
                     "let package = Package(", '    name: "Bench",', "    targets: ["]
            for c in range(k):
                deps = ', dependencies: ["%s"]' % comp_name((c - 1) // 2) if c > 0 else ""
                lines.append('        .target(name: "%s"%s),' % (comp_name(c), deps))
            for c in range(k):
                lines.append('        .testTarget(name: "%sTests", dependencies: ["%s"]),' % (comp_name(c), comp_name(c)))
            lines += ["    ]", ")", ""]
            return "\n".join(lines)
        if path.endswith(".md"):
            return "# %s\n\nRevision %d.\n" % (path, rev)
        ident = path.rsplit("/", 1)[-1].split(".")[0]
        return "public enum %s { public static let revision = %d }\n" % (ident, rev)

    def write_commit(self, br, message, changes, merges=(), start_from=None, who=None):
        """Emit one commit on br.ref; changes: sorted list of (path, rev or None)."""
        self.mark += 1
        mark = self.mark
        self.time += self.rng.randint(30, 2400)
        name, email = who if who is not None else self.rng.choice(AUTHORS)
        ident = "%s <%s> %d +0000" % (name, email, self.time)
        msg = message + "\n"
        parts = ["commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s"
                 % (br.ref, mark, ident, ident, len(msg), msg)]
        if start_from is None and not br.started:
            start_from = br.tip  # a new branch starts at its fork point
        br.started = True
        if start_from is not None:
            parts.append("from :%d\n" % start_from)
        for m in merges:
            parts.append("merge :%d\n" % m)
        for path, rev in changes:
            if rev is None:
                parts.append("D %s\n" % path)
            else:
                data = self.content(path, rev, br.k)
                parts.append("M 100644 inline %s\ndata %d\n%s" % (path, len(data), data))
        parts.append("\n")
        self.emit("".join(parts))
        br.tip = mark
        br.version += 1
        if merges:
            self.merges += 1
            if len(merges) > 1:
                self.octopus += 1
        return mark

    # ----------------------------------------------------------------- content changes

    def pick_component(self, k, exclude=-1):
        while True:
            c = self.rng.choices(range(k), weights=self.weights[:k])[0]
            if c != exclude or k == 1:
                return c

    def touch_folder(self, files, changes, folder, prefix, counter, c):
        """Modify, add or delete one file under folder; records into changes/files."""
        rng = self.rng
        r = rng.random()
        if r < 0.04:
            j = counter[c]
            counter[c] += 1
        else:
            j = rng.randrange(counter[c])
        path = "%s/%s%d.swift" % (folder, prefix, j)
        if path in files and r > 0.975:
            # delete, but never the folder's last file
            for other in range(counter[c]):
                op = "%s/%s%d.swift" % (folder, prefix, other)
                if op != path and op in files:
                    files.pop(path)
                    changes[path] = None
                    return
        rev = self.new_rev()
        files[path] = rev
        changes[path] = rev

    def touch_component(self, files, changes, c):
        name = comp_name(c)
        rng = self.rng
        nfiles = 1 if rng.random() < 0.7 else 2
        for _ in range(nfiles):
            self.touch_folder(files, changes, "Sources/" + name, name + "File", self.nsrc, c)
        if rng.random() < 0.5:
            self.touch_folder(files, changes, "Tests/%sTests" % name, name + "Tests", self.ntest, c)

    def work_commit(self, br, primary=None):
        """A regular commit on br touching 1-3 components (primary first)."""
        rng = self.rng
        changes = {}
        files = br.files
        if primary is None or primary >= br.k:
            primary = self.pick_component(br.k)
        comps = [primary]
        if rng.random() < 0.35:
            comps.append(self.pick_component(br.k, primary))
            if rng.random() < 0.3:
                comps.append(self.pick_component(br.k, primary))
        for c in comps:
            self.touch_component(files, changes, c)
        if rng.random() < 0.03:
            path = "Docs/Guide%d.md" % rng.randrange(NUM_DOCS)
            files[path] = changes[path] = self.new_rev()
        if rng.random() < 0.01:
            files["README.md"] = changes["README.md"] = self.new_rev()
        if rng.random() < 0.01:
            files["Package.swift"] = changes["Package.swift"] = self.new_rev()
        verb = rng.choice(["Fix", "Improve", "Refactor", "Add", "Tweak", "Test", "Clean up"])
        msg = "%s: %s %s (#%d)" % (comp_name(primary), verb,
                                    rng.choice(["parsing", "caching", "naming", "errors", "docs",
                                                "tests", "layout", "performance"]),
                                    self.mark + 1)
        self.write_commit(br, msg, sorted(changes.items()))
        br.dirty = True

    def merge_into(self, ours, theirs_list, message):
        """Merge theirs_list (branches) into ours; the tree is the three-way union.

        The merge base is theirs.base (a feature's fork point or last sync, or the state of
        a long-lived branch when it was last merged). Only the paths that differ between
        theirs and the base can change ours."""
        changes = {}
        files = ours.files
        for theirs in theirs_list:
            base = theirs.base
            tf = theirs.files
            if isinstance(tf, Overlay) and tf.base is base:
                candidates = sorted(tf.own)
            else:  # a full comparison (rare: long-lived branches and syncs from main)
                right = tf.materialize() if isinstance(tf, Overlay) else tf
                candidates = sorted({p for p, _ in right.items() ^ base.items()})
            for p in candidates:
                t = tf.get(p)
                b = base.get(p)
                if t == b:
                    continue
                o = files.get(p)
                if o == t:
                    continue
                if o == b:
                    new = t
                else:
                    # changed on both sides (or modified on one, deleted on the other):
                    # a resolved version
                    new = self.new_rev()
                if new is None:
                    files.pop(p, None)
                else:
                    files[p] = new
                changes[p] = new
            if theirs.k > ours.k:
                ours.k = theirs.k
        self.write_commit(ours, message, sorted(changes.items()),
                          merges=[t.tip for t in theirs_list], who=MERGER)
        return changes

    def snapshot(self, main):
        """An immutable copy of main's files, shared until main changes."""
        if self.snap_version != main.version:
            self.snap = dict(main.files)
            self.snap_version = main.version
        return self.snap

    # ----------------------------------------------------------------- the history

    def run(self):
        rng = self.rng
        main = Branch("refs/heads/main", "main", {}, {}, INITIAL_COMPONENTS, 0)
        main.started = True
        # Initial commit: the first components, Package.swift, README and Docs.
        changes = {}
        for c in range(INITIAL_COMPONENTS):
            name = comp_name(c)
            for j in range(self.nsrc[c]):
                changes["Sources/%s/%sFile%d.swift" % (name, name, j)] = self.new_rev()
            for j in range(self.ntest[c]):
                changes["Tests/%sTests/%sTests%d.swift" % (name, name, j)] = self.new_rev()
        for j in range(NUM_DOCS):
            changes["Docs/Guide%d.md" % j] = self.new_rev()
        changes["README.md"] = self.new_rev()
        changes["Package.swift"] = self.new_rev()
        main.files.update(changes)
        self.write_commit(main, "Initial import", sorted(changes.items()), who=AUTHORS[0])

        longs = []
        for name in LONG_LIVED:
            b = Branch("refs/heads/" + name, name, dict(main.files), self.snapshot(main), main.k,
                       main.tip)
            b.primary = self.pick_component(main.k)
            longs.append(b)

        open_features = []  # features with commits still to write
        done_features = []  # features ready to merge
        free_slots = list(range(FEATURE_SLOTS))
        target_open = 3

        def open_feature():
            self.feature_no += 1
            slot = free_slots.pop(0)
            snap = self.snapshot(main)
            b = Branch("refs/heads/wip/%d" % slot, "feature/%d" % self.feature_no,
                       Overlay(snap), snap, main.k, main.tip)
            b.slot = slot
            b.primary = self.pick_component(main.k)
            # mostly short branches: 1 (70%), 2 (15%), 3 (6%), 4-10 (9%)
            r = rng.random()
            b.remaining = 1 if r < 0.70 else 2 if r < 0.85 else 3 if r < 0.91 else rng.randint(4, 10)
            b.length = b.remaining
            open_features.append(b)

        def finish(b):
            free_slots.append(b.slot)
            free_slots.sort()

        n = self.n
        while self.mark < n:
            left = n - self.mark
            pending = len(open_features) + len(done_features)
            need = pending + sum(b.remaining for b in open_features)
            # component introductions (direct commits on main)
            if self.next_intro < self.ncomp and self.mark >= self.intro_at[self.next_intro] \
                    and left > pending + 1:
                c = self.next_intro
                self.next_intro += 1
                name = comp_name(c)
                main.k = c + 1
                ch = {}
                for j in range(self.nsrc[c]):
                    ch["Sources/%s/%sFile%d.swift" % (name, name, j)] = self.new_rev()
                for j in range(self.ntest[c]):
                    ch["Tests/%sTests/%sTests%d.swift" % (name, name, j)] = self.new_rev()
                ch["Package.swift"] = self.new_rev()
                main.files.update(ch)
                self.write_commit(main, "Add component %s" % name, sorted(ch.items()))
                continue
            # wind down: write the rest of the open work and merge everything
            if left <= need + 2:
                if open_features:
                    b = open_features[0]
                    self.work_commit(b, b.primary)
                    b.remaining -= 1
                    if b.remaining == 0:
                        open_features.pop(0)
                        done_features.append(b)
                elif done_features:
                    b = done_features.pop(0)
                    self.merge_into(main, [b], "Merge branch '%s'" % b.name)
                    finish(b)
                else:
                    self.work_commit(main)
                continue
            if rng.random() < 0.01:
                target_open = rng.randint(1, FEATURE_SLOTS - 2)
            if pending < target_open and free_slots and left > need + 14:
                open_feature()
            r = rng.random()
            if done_features and (r < 0.35 or not open_features):
                if len(done_features) >= 3 and rng.random() < 0.02:
                    group = done_features[:rng.randint(3, min(4, len(done_features)))]
                    del done_features[:len(group)]
                    names = ["'%s'" % b.name for b in group]
                    self.merge_into(main, group, "Merge branches %s and %s"
                                    % (", ".join(names[:-1]), names[-1]))
                    for b in group:
                        finish(b)
                else:
                    b = done_features.pop(rng.randrange(len(done_features)))
                    self.merge_into(main, [b], "Merge branch '%s'" % b.name)
                    finish(b)
                continue
            r = rng.random()
            if r < 0.02:
                self.work_commit(main)
                continue
            if r < 0.045:
                b = rng.choice(longs)
                r2 = rng.random()
                if r2 < 0.12:
                    # merge main into the long-lived branch: main's state is the new base
                    tmp = Branch(main.ref, "main", main.files, b.base, main.k, main.tip)
                    self.merge_into(b, [tmp], "Merge branch 'main' into %s" % b.name)
                    b.base = self.snapshot(main)
                elif r2 < 0.15 and b.dirty:
                    self.merge_into(main, [b], "Merge branch '%s'" % b.name)
                    b.base = dict(b.files)  # the merge base is now b's tip
                    b.dirty = False
                else:
                    self.work_commit(b, b.primary if rng.random() < 0.6 else None)
                continue
            if open_features:
                b = rng.choice(open_features)
                if b.started and b.length >= 4 and rng.random() < 0.05 and main.tip != b.fork:
                    tmp = Branch(main.ref, "main", main.files, b.base, main.k, main.tip)
                    changes = self.merge_into(b, [tmp], "Merge branch 'main' into %s" % b.name)
                    # rebase the overlay on main's current state (the new merge base)
                    snap = self.snapshot(main)
                    own = {}
                    for p in sorted(set(b.files.own) | set(changes)):
                        v = b.files.get(p)
                        if v != snap.get(p):
                            own[p] = v
                    b.files = Overlay(snap, own)
                    b.base = snap
                    continue
                self.work_commit(b, b.primary if rng.random() < 0.8 else None)
                b.remaining -= 1
                if b.remaining == 0:
                    open_features.remove(b)
                    done_features.append(b)
                continue
            self.work_commit(main)
        self.flush()
        return main


def run_git(args, **kw):
    return subprocess.run(["git"] + args, check=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--commits", type=int, default=50000)
    ap.add_argument("--components", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    a = ap.parse_args()
    if a.components < INITIAL_COMPONENTS or a.components > 100:
        ap.error("--components must be between %d and 100" % INITIAL_COMPONENTS)
    if a.commits < 10:
        ap.error("--commits must be at least 10")
    out = os.path.abspath(a.out_dir)
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            ap.error("%s exists and is not empty (use --force)" % out)
        import shutil
        shutil.rmtree(out)
    t0 = time.monotonic()
    env = dict(os.environ)
    for v in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(v, None)
    run_git(["init", "-q", "-b", "main", out], env=env)
    for k, v in (("user.name", "Bench User"), ("user.email", "bench@example.com"),
                 ("gc.auto", "0"), ("core.logAllRefUpdates", "false")):
        run_git(["-C", out, "config", k, v], env=env)
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done",
                           "--date-format=raw", "--active-branches=64"],
                          stdin=subprocess.PIPE, env=env)
    gen = Generator(a.commits, a.components, a.seed, fi.stdin)
    try:
        gen.run()
        fi.stdin.write(b"done\n")
        fi.stdin.close()
    except BrokenPipeError:
        pass
    if fi.wait() != 0:
        sys.exit("gen-monorepo: git fast-import failed")
    # the feature slots are scratch refs: drop them (every feature is merged into main)
    refs = subprocess.run(["git", "-C", out, "for-each-ref", "--format=delete %(refname)",
                           "refs/heads/wip/"], check=True, capture_output=True, env=env).stdout
    if refs:
        subprocess.run(["git", "-C", out, "update-ref", "--stdin"], input=refs, check=True, env=env)
    run_git(["-C", out, "reset", "-q", "--hard", "main"], env=env)
    elapsed = time.monotonic() - t0
    pack = 0
    packdir = os.path.join(out, ".git", "objects", "pack")
    for f in os.listdir(packdir):
        pack += os.path.getsize(os.path.join(packdir, f))
    print("gen-monorepo: %s: %d commits (%d merges, %d octopus), %d components, seed %d, "
          "pack %.1f MB, %.1f s" % (out, gen.mark, gen.merges, gen.octopus, a.components, a.seed,
                                    pack / 1e6, elapsed), file=sys.stderr)


if __name__ == "__main__":
    main()
