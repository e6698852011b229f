//! Rendering benchmark (criterion): the three pages in benches/pages/ and
//! about 1 MB of HTML made of them, laid out at 100 columns; the same 1 MB
//! laid out in one piece (no parallel chunks) to show what chunking buys;
//! a plain-text body; and a cache hit, which is what the reader pays to
//! redraw an entry.
//!
//! ```text
//! cargo bench --bench render
//! ```
//! `benches/render-vs-w3m.sh` times `folio show` against w3m on the same
//! megabyte.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use folio::model::{Body, Entry};
use folio::render::{self, RenderCache};

fn page(name: &str) -> String {
    let path = format!("{}/benches/pages/{name}.html", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(path).unwrap();
    let start = html.find("<body>").map_or(0, |i| i + "<body>".len());
    let end = html.rfind("</body>").unwrap_or(html.len());
    html[start..end].to_owned()
}

fn entry(id: &str, body: Body) -> Entry {
    Entry {
        id: id.to_owned(),
        title: id.to_owned(),
        url: Some(format!("https://example.org/pages/{id}/")),
        body,
        ..Entry::default()
    }
}

fn benches(c: &mut Criterion) {
    let names = ["blog-post", "workshop", "long-article"];
    let pages: Vec<String> = names.iter().map(|n| page(n)).collect();

    let mut group = c.benchmark_group("page");
    for (name, html) in names.iter().zip(&pages) {
        let e = entry(name, Body::Html(html.clone()));
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(*name, |b| b.iter(|| render::render(black_box(&e), 100)));
    }
    group.finish();

    let mut big = String::new();
    for html in pages.iter().cycle() {
        if big.len() >= 1_000_000 {
            break;
        }
        big.push_str(html);
    }
    let e = entry("megabyte", Body::Html(big.clone()));
    let mut group = c.benchmark_group("megabyte");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("html, parallel chunks", |b| {
        b.iter(|| render::render(black_box(&e), 100))
    });
    group.bench_function("html, one piece", |b| {
        b.iter(|| render::render_with(black_box(&e), 100, usize::MAX))
    });
    let text = folio::markup::scan(&big).text;
    let t = entry("megabyte-text", Body::Text(text.clone()));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("plain text", |b| {
        b.iter(|| render::render(black_box(&t), 100))
    });
    group.finish();

    let mut cache = RenderCache::default();
    let e = entry("long-article", Body::Html(pages[2].clone()));
    cache.get(&e, 100);
    c.bench_function("cache hit", |b| b.iter(|| cache.get(black_box(&e), 100)));
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
