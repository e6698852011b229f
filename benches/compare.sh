#!/usr/bin/env bash
# Speed and memory at scale (issue 12), measured side by side in one run,
# each figure beside its target:
#   - a cold `folio list` against the single-thread parse floor of the same
#     bytes (the load bench's), in wall and CPU time;
#   - its peak memory against the corpus's size on disk;
#   - warm starts (not measurable until the catalogue exists: "n/a");
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
bytes=$(du -sb "$corpus" | cut -f1)
echo "corpus: $corpus ($entries entries, $((bytes / 1000000)) MB); load average $(cut -d' ' -f1-3 /proc/loadavg)"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# The floor: one thread parsing the bytes already in memory.
floor_ms=$(cargo bench --quiet --bench load -- "$corpus" 2>/dev/null |
    awk '/baseline parse/ { print $(NF - 1) }')

hyperfine --warmup 1 --runs "$runs" --output=null --export-json "$dir/list.json" \
    "$folio list --no-cache $corpus" >/dev/null
peak_kb=$(/usr/bin/time -f %M "$folio" list --no-cache "$corpus" 2>&1 >/dev/null | tail -1)

python3 - "$dir/list.json" "$floor_ms" "$peak_kb" "$bytes" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
floor = float(sys.argv[2]) / 1000
peak, size = int(sys.argv[3]) * 1024, int(sys.argv[4])
wall, cpu = result["median"], result["user"] + result["system"]
rows = [
    ("cold folio list, wall / parse floor", f"{wall * 1000:.0f} ms / {floor * 1000:.0f} ms", wall / floor, 1.5),
    ("cold folio list, CPU / parse floor", f"{cpu * 1000:.0f} ms / {floor * 1000:.0f} ms", cpu / floor, 2.5),
    ("cold folio list, peak memory / corpus", f"{peak / 1e6:.0f} MB / {size / 1e6:.0f} MB", peak / size, 1.0),
]
print(f"\n| {'measure':<40} | {'figures':<22} | ratio | target |")
print(f"|{'-' * 42}|{'-' * 24}|------:|-------:|")
for name, figures, ratio, target in rows:
    verdict = "met" if ratio <= target else "missed"
    print(f"| {name:<40} | {figures:<22} | {ratio:5.2f} | ≤ {target:<4} {verdict} |")
for name in ("warm folio list / cold", "warm folio list, peak memory / corpus"):
    print(f"| {name:<40} | {'n/a: no catalogue yet':<22} |       |        |")
PY

echo
benches/render-vs-w3m.sh "$runs"
