//! Figures for hostile and huge saved pages and Markdown files: how long
//! one file takes through the whole loader (detection, extraction, finish).
//! Run with
//!
//! ```text
//! cargo bench --bench pages
//! ```
//!
//! Each case runs on a thread with a 2 MB stack, as rayon's workers have.

use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Instant;

use folio::load::{Source, load_source};

fn time(name: &str, file: &str, text: String) {
    let mb = text.len() as f64 / 1e6;
    let source = Source {
        path: PathBuf::from(file),
        id_base: "x".into(),
        bytes: Some(Cow::Owned(text.into_bytes())),
    };
    let (elapsed, entries, report) = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let start = Instant::now();
            let (entries, report) = load_source(&source);
            (start.elapsed(), entries, report)
        })
        .unwrap()
        .join()
        .unwrap();
    let body = entries.first().map_or(0, |e| e.body.as_str().len());
    println!(
        "{name:<34} {mb:>6.1} MB  {:>8.2} s  {} entries, body {:.1} MB, {} warnings",
        elapsed.as_secs_f64(),
        entries.len(),
        body as f64 / 1e6,
        report.diagnostics.len()
    );
    assert_eq!(entries.len(), 1);
}

const PARA: &str = "<p>Norms for state behaviour in cyberspace were discussed at length by the \
    group, with <a href=\"/notes/x\">links</a> and <em>emphasis</em> in every paragraph.</p>\n";

fn page(target: usize, unit: impl Fn(usize) -> String) -> String {
    let mut s = String::from(
        "<!doctype html><html><head><title>Big | Site</title></head><body>\
         <nav><a href=/>Home</a></nav><main><article><h1>Big</h1>",
    );
    let mut i = 0;
    while s.len() < target {
        s.push_str(&unit(i));
        i += 1;
    }
    s.push_str("</article></main><footer>Footer</footer></body></html>");
    s
}

fn huge_and_hostile_pages() {
    const MB20: usize = 20_000_000;
    time(
        "20 MB article",
        "a.html",
        page(MB20, |_| {
            format!("<section><h2>Part</h2>{}</section>\n", PARA.repeat(20))
        }),
    );
    time("20 MB schedule table", "t.html", {
        let rows = page(MB20, |i| {
            format!(
                "<tr><td>{}:00</td><td>Session {i}</td><td><a href=/r>Room</a></td></tr>\n",
                i % 24
            )
        });
        rows.replace("<h1>Big</h1>", "<h1>Big</h1><table>")
            .replace("</article>", "</table></article>")
    });
    for (name, unit, close) in [
        ("10,000 nested div", "<div>", "</div>"),
        ("10,000 nested table", "<table><tr><td>", ""),
        ("10,000 nested ul", "<ul><li>", ""),
        ("10,000 nested b", "<b>", ""),
    ] {
        let html = format!(
            "<title>Deep</title>{}<p>text</p>{}",
            unit.repeat(10_000),
            close.repeat(10_000)
        );
        time(name, "d.html", html);
    }
    let pyramid = format!("{}{PARA}{}", "<div>".repeat(500), "</div>".repeat(500));
    time(
        "20 MB of 500-deep pyramids",
        "p.html",
        pyramid.repeat(MB20 / pyramid.len()),
    );
    time(
        "20 MB of 5,000,000 nested div",
        "n.html",
        "<div>".repeat(MB20 / 5),
    );
}

fn huge_and_hostile_markdown() {
    const MB20: usize = 20_000_000;
    let para = "Norms for *state behaviour* in cyberspace were [discussed](https://x.example/) \
                at length, with `code` and **emphasis**.\n\n";
    time(
        "20 MB Markdown",
        "a.md",
        format!("---\ntitle: Big\n---\n{}", para.repeat(MB20 / para.len())),
    );
    time(
        "100,000 nested quotes",
        "q.md",
        ">".repeat(100_000) + " deep",
    );
    time(
        "100,000 nested lists",
        "l.md",
        "- ".repeat(100_000) + "deep",
    );
    time(
        "100,000 nested links",
        "k.md",
        "Text ".to_owned() + &"[".repeat(100_000) + "x" + &"](y)".repeat(100_000),
    );
    time(
        "YAML 100,000 brackets",
        "y.md",
        format!("---\nx: {}\n---\nText", "[".repeat(100_000)),
    );
    time(
        "TOML 100,000 brackets",
        "t.md",
        format!("+++\nx = {}\n+++\nText", "[".repeat(100_000)),
    );
}

fn main() {
    huge_and_hostile_pages();
    huge_and_hostile_markdown();
}
