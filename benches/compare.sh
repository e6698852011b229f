#!/usr/bin/env bash
# Speed and memory at scale (issue 12), measured side by side in one run,
# each figure beside its target:
#   - a cold `folio list` against the single-thread parse floor of the same
#     bytes (the load bench's), in wall and CPU time;
#   - its peak memory against the corpus's size on disk;
#   - a warm `folio list` (through the catalogue of an earlier run) against
#     the cold one, against reading the catalogue file (`cat | wc -c`), and
#     its peak memory against the corpus;
#   - then `folio show` of 1 MB of HTML against `w3m -dump` (render-vs-w3m.sh).
#
# Needs: cargo, hyperfine, w3m, python3, GNU time.
#   apt-get install -y hyperfine w3m time
# Usage: benches/compare.sh [ENTRIES] [RUNS]   (defaults: 10000 entries, 7 runs)
set -euo pipefail

cd "$(dirname "$0")/.."
entries="${1:-10000}"
runs="${2:-7}"
for tool in hyperfine w3m python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "compare: needs $tool" >&2; exit 1; }
done

cargo build --release --quiet --bin folio --example gen-corpus
folio="$PWD/target/release/folio"
corpus="target/corpus-$entries"
[ -d "$corpus" ] || target/release/examples/gen-corpus "$corpus" "$entries" >/dev/null
bytes=$(du -sbL "$corpus" | cut -f1)
echo "corpus: $corpus ($entries entries, $((bytes / 1000000)) MB); load average $(cut -d' ' -f1-3 /proc/loadavg)"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# The floor: one thread parsing the bytes already in memory.
floor_ms=$(cargo bench --quiet --bench load -- "$corpus" 2>/dev/null |
    awk '/baseline parse/ { print $(NF - 1) }')

# Cold: every file read (--no-cache). Warm: the catalogue of an earlier run.
cache="$dir/cache"
"$folio" list --cache-dir "$cache" "$corpus" >/dev/null
catalogue=$(ls "$cache"/catalogue-v*/*.bin)
hyperfine --warmup 1 --runs "$runs" --output=null --export-json "$dir/list.json" \
    "$folio list --no-cache $corpus" \
    "$folio list --cache-dir $cache $corpus" \
    "cat $catalogue | wc -c" >/dev/null
peak_kb=$(/usr/bin/time -f %M "$folio" list --no-cache "$corpus" 2>&1 >/dev/null | tail -1)
warm_kb=$(/usr/bin/time -f %M "$folio" list --cache-dir "$cache" "$corpus" 2>&1 >/dev/null | tail -1)

python3 - "$dir/list.json" "$floor_ms" "$peak_kb" "$bytes" "$warm_kb" "$(stat -c %s "$catalogue")" <<'PY'
import json, sys
cold, warm, cat = json.load(open(sys.argv[1]))["results"]
floor = float(sys.argv[2]) / 1000
peak, size, warm_peak = int(sys.argv[3]) * 1024, int(sys.argv[4]), int(sys.argv[5]) * 1024
catalogue = int(sys.argv[6])
wall, cpu = cold["median"], cold["user"] + cold["system"]
ms = lambda r: f"{r['median'] * 1000:.0f} ms"
rows = [
    ("cold folio list, wall / parse floor", f"{wall * 1000:.0f} ms / {floor * 1000:.0f} ms", wall / floor, 1.5),
    ("cold folio list, CPU / parse floor", f"{cpu * 1000:.0f} ms / {floor * 1000:.0f} ms", cpu / floor, 2.5),
    ("cold folio list, peak memory / corpus", f"{peak / 1e6:.0f} MB / {size / 1e6:.0f} MB", peak / size, 1.0),
    ("warm folio list / cold", f"{ms(warm)} / {ms(cold)}", warm["median"] / wall, 0.25),
    ("warm folio list / cat catalogue | wc -c", f"{ms(warm)} / {ms(cat)} ({catalogue / 1e6:.0f} MB)", warm["median"] / cat["median"], 1.5),
    ("warm folio list, peak memory / corpus", f"{warm_peak / 1e6:.0f} MB / {size / 1e6:.0f} MB", warm_peak / size, 0.3),
]
print(f"\n| {'measure':<40} | {'figures':<30} | ratio | target |")
print(f"|{'-' * 42}|{'-' * 32}|------:|-------:|")
for name, figures, ratio, target in rows:
    verdict = "met" if ratio <= target else "missed"
    print(f"| {name:<40} | {figures:<30} | {ratio:5.2f} | ≤ {target:<4} {verdict} |")
PY

echo
benches/render-vs-w3m.sh "$runs"
