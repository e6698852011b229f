#!/usr/bin/env bash
# Times `folio show --width 100` against `w3m -dump -cols 100` (and
# `lynx -dump -width=100`, for reference) on the same ~1 MB of HTML, side
# by side with hyperfine, and prints the figures.
#
# The HTML is the three pages in benches/pages/ (a blog post, a workshop
# programme with schedule tables, a long article) repeated to 1 MB. folio
# reads it as the body of a WordPress REST object (JSON), w3m and lynx as
# an .html file; both files hold the same markup.
#
# Needs: cargo, python3, hyperfine, w3m (lynx optional).
#   apt-get install -y w3m lynx hyperfine
# Usage: benches/render-vs-w3m.sh [RUNS]
set -euo pipefail

cd "$(dirname "$0")/.."
runs="${1:-20}"
for tool in hyperfine w3m python3; do
    command -v "$tool" >/dev/null || { echo "render-vs-w3m: needs $tool" >&2; exit 1; }
done

cargo build --release --quiet
folio="$PWD/target/release/folio"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'EOF'
import json, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
pages = sorted(pathlib.Path("benches/pages").glob("*.html"))
bodies = [re.search(r"<body>(.*)</body>", p.read_text("utf-8"), re.S).group(1) for p in pages]
body, n = "", 0
while len(body.encode()) < 1_000_000:
    body += bodies[n % len(bodies)]
    n += 1
(out / "big.html").write_text(f"<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>1 MB</title></head><body>{body}</body></html>\n", "utf-8")
post = {"id": 1, "title": {"rendered": "1 MB"}, "content": {"rendered": body},
        "link": "https://example.org/pages/big/", "date_gmt": "2026-01-01T00:00:00"}
(out / "big.json").write_text(json.dumps(post, ensure_ascii=False), "utf-8")
print(f"{len(body.encode()):,} bytes of HTML ({n} pages)")
EOF

# The same text goes through each: check that folio renders it all.
"$folio" show 1 "$dir/big.json" --width 100 > "$dir/folio.txt"
w3m -dump -cols 100 "$dir/big.html" > "$dir/w3m.txt"
echo "folio: $(wc -l < "$dir/folio.txt") lines, w3m: $(wc -l < "$dir/w3m.txt") lines"
grep -q '\[folio:' "$dir/folio.txt" && { echo "folio cut or degraded the page:" >&2; grep '\[folio:' "$dir/folio.txt" >&2; }

commands=(
    "$folio show 1 $dir/big.json --width 100"
    "w3m -dump -cols 100 $dir/big.html"
)
command -v lynx >/dev/null && commands+=("lynx -dump -width=100 $dir/big.html")

hyperfine --warmup 3 --runs "$runs" --output=null --export-markdown "$dir/results.md" "${commands[@]}"
echo
sed "s|$dir/||g; s|$folio|folio|g" "$dir/results.md"

# Peak memory (GNU time's maximum resident set), when it is installed.
if [ -x /usr/bin/time ]; then
    echo
    for command in "${commands[@]}"; do
        kb=$(/usr/bin/time -f %M $command 2>&1 >/dev/null | tail -1)
        echo "peak memory: $((kb / 1024)) MB  ${command//$dir\//}" | sed "s|$folio|folio|"
    done
fi
