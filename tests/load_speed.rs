//! Not a test: a timing script for the WordPress and feed loaders, kept
//! here so that its figures can be reproduced. It asserts nothing about
//! time. Run it with
//!
//! ```text
//! cargo test --release --test load_speed -- --ignored --nocapture
//! ```
//!
//! It generates WordPress REST arrays and RSS 2.0 feeds in memory (the
//! size is `FOLIO_SPEED_MB`, default 24), then prints how long it takes
//! to merely parse them single-threaded (`serde_json::Value`, quick-xml
//! events) and to load them (detect, format module, finish) on one and two
//! threads, with feed-rs alone on the feeds for comparison.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use folio::load::{Source, load_source, load_sources};

fn body(i: usize) -> String {
    let mut s = String::new();
    for p in 0..6 {
        let _ = writeln!(
            s,
            "<p>Paragraph {p} of post {i}: states discussed the norms of responsible behaviour \
             &#8220;in good faith&#8221;, and <a href=\"https://example.org/ref/{i}/{p}\">a report</a> \
             followed, with <em>notes</em> on due diligence &amp; attribution. \
             See also <a href=\"/2026/01/{p:02}/related-{i}/\">a related post</a>.</p>"
        );
    }
    s
}

fn wordpress_array(first: usize, n: usize) -> String {
    let posts: Vec<serde_json::Value> = (first..first + n)
        .map(|i| {
            serde_json::json!({
                "id": i, "date": "2026-01-02T10:00:00", "date_gmt": "2026-01-02T09:00:00",
                "guid": {"rendered": format!("https://blog.example.org/?p={i}")},
                "modified_gmt": "2026-01-03T09:00:00", "slug": format!("post-{i}"),
                "status": "publish", "type": "post",
                "link": format!("https://blog.example.org/2026/01/02/post-{i}/"),
                "title": {"rendered": format!("Post {i} &#8211; on norms")},
                "content": {"rendered": body(i), "protected": false},
                "excerpt": {"rendered": "<p>An excerpt &hellip;</p>", "protected": false},
                "author": 3, "categories": [4], "tags": [7],
                "_links": {"self": [{"href": format!("https://blog.example.org/wp-json/wp/v2/posts/{i}")}]},
                "_embedded": {"author": [{"id": 3, "name": "Ana Ruiz"}],
                    "wp:term": [[{"id": 4, "name": "Norms", "slug": "norms", "taxonomy": "category"}],
                                [{"id": 7, "name": "UN", "slug": "un", "taxonomy": "post_tag"}]]}
            })
        })
        .collect();
    serde_json::to_string(&posts).unwrap()
}

fn rss(first: usize, n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>Notes</title>\n\
         <link>https://notes.example.net/</link>\n<description>x</description>\n",
    );
    for i in first..first + n {
        let _ = write!(
            s,
            "<item>\n<title>Item {i} &amp; norms</title>\n<link>https://notes.example.net/n/{i}</link>\n\
             <guid isPermaLink=\"false\">https://notes.example.net/?p={i}</guid>\n\
             <dc:creator>Ana Ruiz</dc:creator>\n<pubDate>Fri, 02 Jan 2026 09:00:00 +0000</pubDate>\n\
             <category>Norms</category>\n<description>A summary of item {i}.</description>\n\
             <content:encoded><![CDATA[{}]]></content:encoded>\n</item>\n",
            body(i)
        );
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

fn wxr(first: usize, n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n\
         <channel>\n<title>Lab</title>\n<link>https://lab.example.org</link>\n\
         <wp:author><wp:author_login><![CDATA[ana]]></wp:author_login>\
         <wp:author_display_name><![CDATA[Ana Ruiz]]></wp:author_display_name></wp:author>\n",
    );
    for i in first..first + n {
        let _ = write!(
            s,
            "<item>\n<title><![CDATA[Post {i} &amp; norms]]></title>\n\
             <link>https://lab.example.org/2019/01/02/post-{i}/</link>\n\
             <dc:creator><![CDATA[ana]]></dc:creator>\n\
             <guid isPermaLink=\"false\">https://lab.example.org/?p={i}</guid>\n\
             <content:encoded><![CDATA[{}]]></content:encoded>\n\
             <excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\
             <wp:post_date_gmt><![CDATA[2019-01-02 09:00:00]]></wp:post_date_gmt>\n\
             <wp:post_name><![CDATA[post-{i}]]></wp:post_name>\n<wp:status><![CDATA[publish]]></wp:status>\n\
             <wp:post_type><![CDATA[post]]></wp:post_type>\n\
             <category domain=\"category\" nicename=\"norms\"><![CDATA[Norms]]></category>\n\
             <wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key><wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>\n\
             </item>\n",
            body(i)
        );
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

fn sources(target_bytes: usize) -> Vec<Source> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < target_bytes {
        let (name, text) = if out.len() % 2 == 0 {
            (format!("posts-{i}.json"), wordpress_array(i, 100))
        } else {
            (format!("feed-{i}.xml"), rss(i, 100))
        };
        i += 100;
        total += text.len();
        out.push(Source {
            path: PathBuf::from(&name),
            id_base: name,
            bytes: Some(Cow::Owned(text.into_bytes())),
        });
    }
    out
}

fn text(s: &Source) -> &str {
    std::str::from_utf8(s.bytes.as_deref().unwrap()).unwrap()
}

fn xml_events(text: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return n,
            Ok(_) => n += 1,
            Err(e) => panic!("{e}"),
        }
    }
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
#[ignore = "a timing script, not a test"]
fn print_load_speed() {
    let mb: usize = std::env::var("FOLIO_SPEED_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let all = sources(mb * 1_000_000);
    let (json, xml): (Vec<&Source>, Vec<&Source>) = all
        .iter()
        .partition(|s| s.path.extension().unwrap() == "json");
    let bytes = |v: &[&Source]| v.iter().map(|s| text(s).len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{} files: {:.1} MB WordPress JSON, {:.1} MB RSS",
        all.len(),
        bytes(&json),
        bytes(&xml)
    );

    let parse_json = best_of(3, || {
        json.iter()
            .map(|s| {
                let v: serde_json::Value = serde_json::from_str(text(s)).unwrap();
                v.as_array().map_or(0, Vec::len)
            })
            .sum::<usize>()
    });
    let parse_xml = best_of(3, || xml.iter().map(|s| xml_events(text(s))).sum::<usize>());
    let feed_rs = best_of(3, || {
        xml.iter()
            .map(|s| {
                feed_rs::parser::parse(text(s).as_bytes())
                    .unwrap()
                    .entries
                    .len()
            })
            .sum::<usize>()
    });
    let load_json = best_of(3, || {
        json.iter().map(|s| load_source(s).0.len()).sum::<usize>()
    });
    let load_xml = best_of(3, || {
        xml.iter().map(|s| load_source(s).0.len()).sum::<usize>()
    });
    let wxr_sources: Vec<Source> = (0..10)
        .map(|k| Source {
            path: PathBuf::from(format!("export-{k}.xml")),
            id_base: format!("export-{k}"),
            bytes: Some(Cow::Owned(wxr(k * 100, 100).into_bytes())),
        })
        .collect();
    let wxr_mb = wxr_sources.iter().map(|s| text(s).len()).sum::<usize>() as f64 / 1e6;
    let parse_wxr = best_of(3, || {
        wxr_sources
            .iter()
            .map(|s| xml_events(text(s)))
            .sum::<usize>()
    });
    let load_wxr = best_of(3, || {
        wxr_sources
            .iter()
            .map(|s| load_source(s).0.len())
            .sum::<usize>()
    });

    // What `finish` spends most of its time on: reading each HTML body for
    // its text and links.
    let loaded: Vec<folio::model::Entry> = all.iter().flat_map(|s| load_source(s).0).collect();
    let scan = best_of(3, || {
        loaded
            .iter()
            .map(|e| folio::markup::scan(e.body.as_str()).links.len())
            .sum::<usize>()
    });
    let copy = best_of(3, || {
        all.iter().map(|s| text(s).to_owned().len()).sum::<usize>()
    });

    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let load_1 = best_of(3, || pool(1).install(|| load_sources(&all).len()));
    let load_2 = best_of(3, || pool(2).install(|| load_sources(&all).len()));

    let parse = parse_json + parse_xml;
    println!(
        "parse, 1 thread:   JSON {:7.1} ms   XML events {:7.1} ms   total {:7.1} ms",
        ms(parse_json),
        ms(parse_xml),
        ms(parse)
    );
    println!(
        "feed-rs alone on the RSS: {:7.1} ms ({:.2}x quick-xml events)",
        ms(feed_rs),
        ms(feed_rs) / ms(parse_xml)
    );
    println!(
        "load, 1 thread:    JSON {:7.1} ms ({:.2}x)   RSS {:7.1} ms ({:.2}x)",
        ms(load_json),
        ms(load_json) / ms(parse_json),
        ms(load_xml),
        ms(load_xml) / ms(parse_xml)
    );
    println!(
        "of which markup::scan of the bodies (finish) {:7.1} ms, copying the texts {:7.1} ms",
        ms(scan),
        ms(copy)
    );
    println!(
        "WXR ({wxr_mb:.1} MB): quick-xml events {:7.1} ms, load {:7.1} ms ({:.2}x)",
        ms(parse_wxr),
        ms(load_wxr),
        ms(load_wxr) / ms(parse_wxr)
    );
    println!(
        "load_sources:      1 thread {:7.1} ms ({:.2}x parse)   2 threads {:7.1} ms ({:.2}x parse)",
        ms(load_1),
        ms(load_1) / ms(parse),
        ms(load_2),
        ms(load_2) / ms(parse)
    );
}
