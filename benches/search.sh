#!/usr/bin/env bash
# Search benchmarks (issue 4). Prints figures; asserts nothing.
#
#   benches/search.sh              # 10,000 and 100,000 entries
#   SIZES="10000" benches/search.sh
#
# For each size: the in-process benchmark (benches/search.rs: load vs index
# build, warm start, query p50/p95 over 50 queries, fuzzy title filtering),
# peak RSS of `folio search` on a first (cold) and a warm run, and
# `folio search RAREWORD DIR` with a warm index against `rg -l RAREWORD DIR`
# side by side (hyperfine). Corpora are generated once under target/.
# Needs hyperfine, ripgrep and GNU time (apt-get install -y hyperfine
# ripgrep time).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
WORD=heliotrope # one entry in 2,000 (see examples/gen-corpus.rs)

for tool in hyperfine rg /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "search.sh: $tool is missing" >&2; exit 1; }
done

cargo build --release --quiet --bin folio --example gen-corpus
FOLIO=$PWD/target/release/folio

for n in $SIZES; do
    dir=target/corpus-$((n / 1000))k
    [ -d "$dir" ] || target/release/examples/gen-corpus "$dir" "$n"
    echo
    echo "=== $n entries: $dir ($(du -sh "$dir" | cut -f1), $(find "$dir" -type f | wc -l) files)"
    echo "--- in process (cargo bench --bench search -- $dir)"
    cargo bench --quiet --bench search -- "$dir"

    cache=$(mktemp -d)
    echo "--- peak RSS (/usr/bin/time -v)"
    for run in first warm; do
        /usr/bin/time -v "$FOLIO" --cache-dir "$cache" search "$WORD" "$dir" --limit 20 \
            >/dev/null 2>"$cache/time.txt" || true
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$cache/time.txt")
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$cache/time.txt")
        printf '  folio search %s (%s run): %s MB peak RSS, %s wall\n' \
            "$WORD" "$run" "$(awk "BEGIN {printf \"%.1f\", $rss / 1024}")" "$wall"
    done
    /usr/bin/time -v "$FOLIO" list "$dir" >/dev/null 2>"$cache/time.txt"
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$cache/time.txt")
    printf '  folio list (for scale): %s MB peak RSS\n' "$(awk "BEGIN {printf \"%.1f\", $rss / 1024}")"
    echo "  index size: $(du -sh "$cache"/search-v* | cut -f1)"

    echo "--- folio search $WORD (warm index) vs rg -l $WORD"
    hyperfine --warmup 3 --runs 20 -N --style basic \
        "$FOLIO --cache-dir $cache search $WORD $dir" \
        "rg -l $WORD $dir" 2>&1 | grep -v '^ *$'
    rm -rf "$cache"
done
