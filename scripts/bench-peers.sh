#!/usr/bin/env bash
# daybook against the tools people use on chat logs, on the reference archive.
#
#   scripts/bench-peers.sh                 # everything (lnav alone takes minutes a run)
#   RUNS=10 scripts/bench-peers.sh         # more runs per command (default 5)
#   SKIP_LNAV=1 scripts/bench-peers.sh     # without lnav
#
# Generates the reference archive (issue 5) when missing, installs ripgrep,
# fzf, lnav and hyperfine with apt-get when missing, builds daybook in
# release mode, then times each daybook command and its peer side by side
# with hyperfine (warm page cache, medians of RUNS runs), measures peak
# memory with /usr/bin/time -v, and prints a table of ratios. Results, the
# hyperfine JSON and the table are kept in $OUT (default bench-data/peers).
#
# Wall times need an otherwise idle machine; the CPU columns (user + system)
# are printed too because they survive a busy one.

set -euo pipefail
cd "$(dirname "$0")/.."

ARCHIVE=${ARCHIVE:-bench-data/large}
RUNS=${RUNS:-5}
LNAV_RUNS=${LNAV_RUNS:-$RUNS}
OUT=${OUT:-bench-data/peers}
GEN=${GEN:-../shared/tools/gen_archive.py}
mkdir -p "$OUT"

if [ ! -d "$ARCHIVE" ]; then
    echo "== generating $ARCHIVE" >&2
    python3 "$GEN" --out "$ARCHIVE" --days 2000 --msgs-per-day 500 --speakers 500 --seed 1
fi

# Peers, installed when missing.
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v fzf >/dev/null || need+=(fzf)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -n "${SKIP_LNAV:-}" ] || command -v lnav >/dev/null || need+=(lnav)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]}" >&2
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== building daybook" >&2
cargo build --release --quiet
DAYBOOK=$(pwd)/target/release/daybook

# One body per line, for fzf: the lines after each header, joined by spaces.
BODIES="$OUT/bodies.txt"
if [ ! -s "$BODIES" ] || [ "$ARCHIVE" -nt "$BODIES" ]; then
    echo "== extracting $BODIES" >&2
    python3 - "$ARCHIVE" "$BODIES" <<'EOF'
import os, re, sys
header = re.compile(r"^> \d\d:\d\d:\d\d(  |\s*$)")
archive, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as w:
    for root, dirs, files in os.walk(archive):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            text = open(os.path.join(root, name), encoding="utf-8", errors="replace").read()
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                text = text[end + 5:] if end >= 0 else text
            body = None
            for line in text.splitlines():
                if header.match(line):
                    if body is not None:
                        w.write(" ".join(body) + "\n")
                    body = []
                elif body is not None and line.strip():
                    body.append(line.strip())
            if body is not None:
                w.write(" ".join(body) + "\n")
EOF
fi

echo "== warming the page cache" >&2
find "$ARCHIVE" -type f -exec cat {} + >/dev/null
cat "$BODIES" >/dev/null

# name | target ratio (daybook / peer) | daybook command | peer command | runs
CASES=(
    "load: stats vs rg count|2|$DAYBOOK stats $ARCHIVE|rg -c '^> \\d\\d:\\d\\d:\\d\\d  ' $ARCHIVE|$RUNS"
    "literal search|2|$DAYBOOK search 二维码 $ARCHIVE --count|rg -c -F 二维码 $ARCHIVE|$RUNS"
    "fuzzy search vs fzf|0.25|$DAYBOOK search '~ping' $ARCHIVE --count|fzf --filter ping < $BODIES|$RUNS"
    "speakers --fuzzy vs load|1.2|$DAYBOOK speakers --fuzzy lin $ARCHIVE|$DAYBOOK stats $ARCHIVE|$RUNS"
    "qualified search (a month)|-|$DAYBOOK search '二维码 on:2019-06' $ARCHIVE --count|rg -c -F 二维码 --glob '2019-06-*' $ARCHIVE|$RUNS"
)
[ -n "${SKIP_LNAV:-}" ] || CASES+=(
    "load and index vs lnav|-|$DAYBOOK stats $ARCHIVE|lnav -n -c ';SELECT count(*) FROM lnav_file' $ARCHIVE|$LNAV_RUNS"
)

peak_kb() { # peak resident set of a shell command, in kB
    /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'
}

RESULTS="$OUT/results.tsv"
: >"$RESULTS"
i=0
for case in "${CASES[@]}"; do
    IFS='|' read -r name target ours peer runs <<<"$case"
    i=$((i + 1))
    echo "== $name" >&2
    hyperfine --warmup 1 --runs "$runs" --ignore-failure --style basic \
        --export-json "$OUT/case$i.json" "$ours" "$peer" >&2
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$target" "$OUT/case$i.json" \
        "$(peak_kb "$ours")" "$(peak_kb "$peer")" >>"$RESULTS"
done

python3 - "$RESULTS" "$(du -sk "$ARCHIVE" | cut -f1)" <<'EOF' | tee "$OUT/table.md"
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
archive_mb = int(sys.argv[2]) / 1024
def stats(r):
    return r["median"], r["user"] + r["system"]
print("| work | daybook | peer | ratio | CPU ratio | target | met | daybook peak | peer peak |")
print("|---|---|---|---|---|---|---|---|---|")
for name, target, path, ours_kb, peer_kb in rows:
    ours, peer = json.load(open(path))["results"]
    (om, oc), (pm, pc) = stats(ours), stats(peer)
    ratio, cpu = om / pm, oc / pc
    met = "-" if target == "-" else ("yes" if ratio <= float(target) else "no")
    t = "-" if target == "-" else f"≤ {target}×"
    print(f"| {name} | {om:.3f} s | {pm:.3f} s | {ratio:.2f}× | {cpu:.2f}× | {t} | {met} "
          f"| {int(ours_kb) / 1024:.0f} MB | {int(peer_kb) / 1024:.0f} MB |")
print(f"\nArchive: {archive_mb:.0f} MB on disk; peak memory target for the load: "
      f"≤ 1.3× the archive's bytes. Medians of hyperfine runs, warm cache.")
EOF
