#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not committed) from
# sample-data/ and the test fixtures, in the input shape each target reads
# (see tests/support/fuzz_harness.rs). Run from anywhere; safe to re-run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
mkdir -p "$corpus"/{load,render,query,config,urls}
n=0
for f in "$root"/sample-data/* "$root"/tests/fixtures/render/* "$root"/tests/fuzz/load/*; do
    [ -f "$f" ] || continue
    case "$f" in *.gitkeep) continue ;; esac
    n=$((n + 1))
    # load: one byte picking the file name, then the file
    { printf "\\x$(printf %02x $((n % 12)))"; cat "$f"; } > "$corpus/load/seed-$n"
    # render: two bytes of width and mode (HTML when bit 7 of the second is clear)
    case "$f" in
        *.html|*.htm|*.json|*.xml) mode='\x00' ;;
        *) mode='\x80' ;;
    esac
    { printf "\\x$(printf %02x $((n * 7 % 250)))$mode"; printf 'Title\0'; head -c 200000 "$f"; } > "$corpus/render/seed-$n"
done
i=0
while IFS= read -r q; do
    i=$((i + 1)); printf '%s' "$q" > "$corpus/query/seed-$i"
done <<'QUERIES'
norms cyber
"exact phrase" -excluded
cyber* title:norms author:"Jochai Ben-Avie" site:mozilla tag:policy
kind:workshop after:2012-09-01 before:2013
is:unread is:starred -kind:page
-"a phrase" tags:x before:2013-02 after:1999
author: title:"unclosed
QUERIES
cargo run --quiet --manifest-path "$root/Cargo.toml" -- config --default > "$corpus/config/seed-default"
cp "$root"/tests/fuzz/config/* "$corpus/config/" 2>/dev/null || true
i=0
while IFS= read -r u; do
    i=$((i + 1)); printf '%b' "$u" > "$corpus/urls/seed-$i"
done <<'URLS'
https://blog.example.org/2015/04/post/\n../other/
https://example.org/?p=274\n/about?utm_source=x&fbclid=y#top
http://www.Example.org:8080/a/b\n//cdn.example.org/x.png
https://example.org/a\nmailto:someone@example.org
not a url\nhttps://example.org/%E2%82%AC?b=2&a=1
URLS
rm -f "$corpus"/*/.gitkeep
echo "seeded $(find "$corpus" -type f | wc -l) inputs in $corpus"
