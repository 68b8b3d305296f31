#!/usr/bin/env bash
# Each format's load speed against the reference format's (issue 13: within
# 30%), measured the same way for all: the same messages written by the
# project's generator in each format, loaded by `daybook stats`, in MB of
# export per second of wall time (hyperfine's median) and of CPU time
# (user + system, hyperfine's mean).
#
#   scripts/bench-formats.sh                    # 1,000,000 messages per format
#   DAYS=400 scripts/bench-formats.sh           # fewer days (500 messages each)
#   FORMATS="jekyll irc" scripts/bench-formats.sh
#   RUNS=5 scripts/bench-formats.sh             # runs per format (default 5)
#   DAYBOOK=path/to/daybook scripts/bench-formats.sh
#
# Archives are written under $DATA (default bench-data/formats) when missing
# and kept there; delete it when done (1M messages in every format is about
# 3 GB). The table is printed and kept in $DATA/table.md.

set -euo pipefail
cd "$(dirname "$0")/.."

DAYS=${DAYS:-2000}
RUNS=${RUNS:-5}
DATA=${DATA:-bench-data/formats}
FORMATS=${FORMATS:-jekyll whatsapp telegram slack discord messenger instagram line irc}
mkdir -p "$DATA"

command -v hyperfine >/dev/null || {
    echo "hyperfine is needed (apt-get install hyperfine)" >&2
    exit 2
}
if [ -z "${DAYBOOK:-}" ]; then
    cargo build --quiet --release
    DAYBOOK=target/release/daybook
fi
cargo build --quiet --release --example gen_archive

rows=()
ref_rate=
ref_wrate=
for f in jekyll $FORMATS; do
    case " ${rows[*]:-} " in *" $f|"*) continue ;; esac
    dir="$DATA/$f-$DAYS"
    if [ ! -d "$dir" ]; then
        echo "== generating $dir" >&2
        target/release/examples/gen_archive --out "$dir" --days "$DAYS" \
            --msgs-per-day 500 --speakers 500 --seed 1 --format "$f" >/dev/null
    fi
    bytes=$(du -sbL "$dir" | cut -f1)
    json="$DATA/$f.json"
    hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$json" \
        "$DAYBOOK stats $dir" >/dev/null 2>&1
    read -r wall cpu < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["median"], r["user"] + r["system"])' "$json")
    rate=$(python3 -c "print($bytes / 1e6 / $cpu)")
    wrate=$(python3 -c "print($bytes / 1e6 / $wall)")
    [ -n "$ref_rate" ] || { ref_rate=$rate; ref_wrate=$wrate; }
    rows+=("$f|$bytes|$wall|$cpu|$rate|$wrate")
    echo "$f: $((bytes / 1000000)) MB, CPU ${cpu}s" >&2
done

{
    echo "| format | export | wall (median) | MB/s of wall | ÷ reference | CPU (user + system) | MB/s of CPU | ÷ reference |"
    echo "|---|---|---|---|---|---|---|---|"
    for row in "${rows[@]}"; do
        IFS='|' read -r f bytes wall cpu rate wrate <<<"$row"
        python3 -c "
f, b, w, c, r, wr, ref, wref = '$f', $bytes, $wall, $cpu, $rate, $wrate, $ref_rate, $ref_wrate
print(f'| {f} | {b / 1e6:.0f} MB | {w:.3f} s | {wr:.0f} | {wr / wref:.2f}× | {c:.3f} s | {r:.0f} | {r / ref:.2f}× |')"
    done
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
} | tee "$DATA/table.md"
