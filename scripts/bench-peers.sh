#!/usr/bin/env bash
# daybook against the tools people use on chat logs, on the reference archive.
#
#   scripts/bench-peers.sh                 # 1M messages, on every core and pinned to 2
#   scripts/bench-peers.sh --10m           # also the 10M archive (1.8 GB on disk)
#   RUNS=10 scripts/bench-peers.sh         # more runs per command (default 5)
#   PINS="0 0,1" scripts/bench-peers.sh    # the CPU sets to pin to (default: 0,1)
#   SKIP_LNAV=1 scripts/bench-peers.sh     # without lnav
#   DAYBOOK=path/to/daybook scripts/bench-peers.sh   # that binary, not a fresh release build
#
# Generates the reference archive (issue 5: 1,000,000 messages; with --10m
# also one ten times larger; both with --msgs-per-day 500) with the
# project's generator when missing,
# installs ripgrep, fzf, lnav and hyperfine with apt-get when missing,
# builds daybook in release mode, then times each daybook command and its
# peer side by side with hyperfine (warm page cache, medians of RUNS runs),
# on every core and pinned with `taskset -c` to each CPU set of PINS;
# measures peak memory with /usr/bin/time -v, and prints a table of ratios.
# Results, the hyperfine JSON and the table are kept in $OUT (default
# bench-data/peers).
#
# Wall times need an otherwise idle machine; the CPU columns (user + system)
# are printed too because they survive a busy one.

set -euo pipefail
cd "$(dirname "$0")/.."

ARCHIVE=${ARCHIVE:-bench-data/large}
ARCHIVE_10M=${ARCHIVE_10M:-bench-data/large-10m}
RUNS=${RUNS:-5}
LNAV_RUNS=${LNAV_RUNS:-$RUNS}
OUT=${OUT:-bench-data/peers}
# The project's own generator (examples/gen_archive.rs); GEN=path/to/a
# generator taking the same arguments (../shared/tools/gen_archive.py) uses that.
GEN=${GEN:-}
PINS=${PINS:-0,1}
TEN=
for arg in "$@"; do
    case $arg in
    --10m) TEN=1 ;;
    *)
        echo "unknown argument: $arg (see the top of $0)" >&2
        exit 2
        ;;
    esac
done
mkdir -p "$OUT"

generate() { # folder, days
    if [ ! -d "$1" ]; then
        echo "== generating $1" >&2
        if [ -n "$GEN" ]; then
            python3 "$GEN" --out "$1" --days "$2" --msgs-per-day 500 --speakers 500 --seed 1
        else
            cargo run --quiet --release --example gen_archive -- \
                --out "$1" --days "$2" --msgs-per-day 500 --speakers 500 --seed 1
        fi
    fi
}
generate "$ARCHIVE" 2000
ARCHIVES=("1M|$ARCHIVE")
if [ -n "$TEN" ]; then
    generate "$ARCHIVE_10M" 20000
    ARCHIVES+=("10M|$ARCHIVE_10M")
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

if [ -z "${DAYBOOK:-}" ]; then
    echo "== building daybook" >&2
    cargo build --release --quiet
    DAYBOOK=$(pwd)/target/release/daybook
fi

# One body per line, for fzf: the lines after each header, joined by spaces.
bodies() { # archive, out
    if [ -s "$2" ] && [ "$2" -nt "$1" ]; then
        return
    fi
    echo "== extracting $2" >&2
    python3 - "$1" "$2" <<'EOF'
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
}

peak_kb() { # peak resident set of a shell command, in kB
    /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'
}

RESULTS="$OUT/results.tsv"
: >"$RESULTS"
i=0
for a in "${ARCHIVES[@]}"; do
    IFS='|' read -r size dir <<<"$a"
    BODIES="$OUT/bodies-$size.txt"
    bodies "$dir" "$BODIES"
    echo "== warming the page cache ($dir)" >&2
    find "$dir" -type f -exec cat {} + >/dev/null
    cat "$BODIES" >/dev/null
    bytes=$(du -sbL "$dir" | cut -f1)
    # name | target ratio (daybook / peer) | daybook command | peer command | runs
    CASES=(
        "load: stats vs rg count|1.5|$DAYBOOK stats $dir|rg -c '^> \\d\\d:\\d\\d:\\d\\d  ' $dir|$RUNS"
        "literal search|1.5|$DAYBOOK search 二维码 $dir --count|rg -c -F 二维码 $dir|$RUNS"
        "fuzzy search vs fzf|0.25|$DAYBOOK search '~ping' $dir --count|fzf --filter ping < $BODIES|$RUNS"
        "speakers --fuzzy vs load|1.2|$DAYBOOK speakers --fuzzy lin $dir|$DAYBOOK stats $dir|$RUNS"
        "qualified search (a month)|-|$DAYBOOK search '二维码 on:2019-06' $dir --count|rg -c -F 二维码 --glob '2019-06-*' $dir|$RUNS"
    )
    [ -n "${SKIP_LNAV:-}" ] || CASES+=(
        "load and index vs lnav|-|$DAYBOOK stats $dir|lnav -n -c ';SELECT count(*) FROM lnav_file' $dir|$LNAV_RUNS"
    )
    for pin in all $PINS; do
        if [ "$pin" = all ]; then
            prefix="" cores="all ($(nproc))"
        else
            prefix="taskset -c $pin " cores="$pin"
        fi
        for case in "${CASES[@]}"; do
            IFS='|' read -r name target ours peer runs <<<"$case"
            i=$((i + 1))
            echo "== $size, cores $cores: $name" >&2
            hyperfine --warmup 1 --runs "$runs" --ignore-failure --style basic \
                --export-json "$OUT/case$i.json" "$prefix$ours" "$prefix$peer" >&2
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$cores" "$name" "$target" \
                "$OUT/case$i.json" "$(peak_kb "$prefix$ours")" "$(peak_kb "$prefix$peer")" \
                "$bytes" >>"$RESULTS"
        done
    done
done

python3 - "$RESULTS" "$(uptime)" <<'EOF' | tee "$OUT/table.md"
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def stats(r):
    return r["median"], r["user"] + r["system"]
print("| archive | cores | work | daybook | peer | ratio | CPU ratio | target | met | daybook peak | peer peak |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
sizes = {}
for size, cores, name, target, path, ours_kb, peer_kb, nbytes in rows:
    ours, peer = json.load(open(path))["results"]
    (om, oc), (pm, pc) = stats(ours), stats(peer)
    ratio, cpu = om / pm, oc / pc
    met = "-" if target == "-" else ("yes" if ratio <= float(target) else "no")
    t = "-" if target == "-" else f"≤ {target}×"
    sizes[size] = int(nbytes)
    print(f"| {size} | {cores} | {name} | {om:.3f} s ({oc:.2f} s CPU) | {pm:.3f} s ({pc:.2f} s CPU) "
          f"| {ratio:.2f}× | {cpu:.2f}× | {t} | {met} "
          f"| {int(ours_kb) / 1024:.0f} MB ({int(ours_kb) * 1024 / int(nbytes):.2f}×) "
          f"| {int(peer_kb) / 1024:.0f} MB |")
print()
for size, n in sizes.items():
    print(f"{size} archive: {n / 1e6:.0f} MB. ", end="")
print("Peak memory target for the load: ≤ 1.1× the archive's bytes (the multiple "
      "is after daybook's peak). Medians of hyperfine runs, warm cache; cores: every "
      "core, or pinned with taskset -c. At the end: " + sys.argv[2].strip())
EOF
