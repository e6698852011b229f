//! Writes a synthetic corpus for benchmarks: WordPress REST arrays and
//! single posts, RSS 2.0, Atom and JSON feeds, about 6 KB of HTML per entry.
//!
//! ```text
//! cargo run --release --example gen-corpus -- DIR [ENTRIES]   # default 10000
//! ```
//!
//! The output is deterministic (a fixed-seed generator), so figures from
//! different runs and machines compare. Every entry carries a unique token
//! `qz<N>x`, and the rare word `heliotrope` appears in one entry in 2,000,
//! for search benchmarks.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen-corpus DIR [ENTRIES]");
        std::process::exit(2);
    };
    let total: usize = match args.next().map(|n| n.parse()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("gen-corpus: ENTRIES must be a whole number");
            std::process::exit(2);
        }
    };
    fs::create_dir_all(&dir)?;
    let mut g = Gen::new(0x5eed_f011);
    let mut written = 0;
    let mut file_no = 0;
    let mut bytes = 0u64;
    while written < total {
        let left = total - written;
        let (kind, n) = match file_no % 20 {
            0..=9 => (Kind::WpArray, 20),
            10..=11 => (Kind::WpSingle, 1),
            12..=15 => (Kind::Rss, 25),
            16..=18 => (Kind::Atom, 25),
            _ => (Kind::JsonFeed, 25),
        };
        let n = n.min(left);
        let posts: Vec<Post> = (written..written + n).map(|i| g.post(i, total)).collect();
        let (name, text) = match kind {
            Kind::WpArray => (format!("wp-{file_no:05}.json"), wp_array(&posts)),
            Kind::WpSingle => (
                format!("post-{file_no:05}.txt"),
                wp_post(&posts[0]).to_string(),
            ),
            Kind::Rss => (format!("rss-{file_no:05}.xml"), rss(&posts, file_no)),
            Kind::Atom => (format!("atom-{file_no:05}.xml"), atom(&posts, file_no)),
            Kind::JsonFeed => (
                format!("feed-{file_no:05}.json"),
                json_feed(&posts, file_no),
            ),
        };
        let sub = dir.join(format!("{:03}", file_no / 200));
        fs::create_dir_all(&sub)?;
        write(&sub.join(name), &text)?;
        bytes += text.len() as u64;
        written += n;
        file_no += 1;
    }
    eprintln!(
        "gen-corpus: {total} entries in {file_no} files, {:.1} MB, under {}",
        bytes as f64 / 1e6,
        dir.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    fs::write(path, text)
}

enum Kind {
    WpArray,
    WpSingle,
    Rss,
    Atom,
    JsonFeed,
}

struct Post {
    id: usize,
    title: String,
    slug: String,
    date: String,
    author: String,
    site: &'static str,
    html: String,
    excerpt: String,
    tags: Vec<&'static str>,
}

impl Post {
    fn url(&self) -> String {
        format!(
            "https://{}/{}/{}/",
            self.site,
            &self.date[..7].replace('-', "/"),
            self.slug
        )
    }
}

/// A small xorshift generator: deterministic and dependency-free.
struct Gen(u64);

const SITES: [&str; 6] = [
    "normslab.example.org",
    "policynotes.example.net",
    "workshops.example.com",
    "fieldnotes.example.org",
    "cyberlaw.example.edu",
    "netgov.example.info",
];

const AUTHORS: [&str; 8] = [
    "Ada Moreno",
    "Bastien Okafor",
    "Chen Wei",
    "Dana Kowalski",
    "Émile Durand",
    "Farah Haddad",
    "Gustavo Lima",
    "Hanna Virtanen",
];

const TAGS: [&str; 10] = [
    "norms",
    "workshops",
    "cybersecurity",
    "diplomacy",
    "privacy",
    "encryption",
    "governance",
    "standards",
    "incident response",
    "capacity building",
];

const WORDS: [&str; 95] = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "on",
    "that",
    "with",
    "as",
    "by",
    "is",
    "are",
    "norm",
    "norms",
    "state",
    "states",
    "cyber",
    "security",
    "policy",
    "international",
    "workshop",
    "report",
    "government",
    "governments",
    "law",
    "technical",
    "community",
    "infrastructure",
    "attack",
    "attacks",
    "critical",
    "response",
    "agreement",
    "dialogue",
    "experts",
    "group",
    "united",
    "nations",
    "conference",
    "behaviour",
    "responsible",
    "confidence",
    "building",
    "measures",
    "private",
    "sector",
    "civil",
    "society",
    "internet",
    "freedom",
    "open",
    "source",
    "software",
    "vulnerability",
    "disclosure",
    "encryption",
    "privacy",
    "data",
    "protection",
    "standards",
    "development",
    "capacity",
    "regional",
    "global",
    "stability",
    "trust",
    "transparency",
    "accountability",
    "framework",
    "principles",
    "discussion",
    "participants",
    "session",
    "panel",
    "paper",
    "research",
    "analysis",
    "evidence",
    "practice",
    "implementation",
    "cooperation",
    "multistakeholder",
    "process",
    "consensus",
    "draft",
    "proposal",
    "meeting",
    "agenda",
    "outcome",
    "challenge",
    "risk",
    "threat",
    "resilience",
];

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen(seed | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Words with a skewed distribution: common words far more often.
    fn word(&mut self) -> &'static str {
        let a = self.below(WORDS.len());
        let b = self.below(WORDS.len());
        WORDS[a.min(b)]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.word());
        }
        let mut c = s.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        format!("{}{}.", first.unwrap_or_default(), c.as_str())
    }

    fn post(&mut self, i: usize, total: usize) -> Post {
        let title_words: Vec<&str> = (0..4 + self.below(6)).map(|_| self.word()).collect();
        let mut title = title_words.join(" ");
        if let Some(first) = title.get(..1) {
            title = first.to_uppercase() + &title[1..];
        }
        if i % 7 == 0 {
            title.push_str(" &amp; more");
        }
        let slug = format!("{}-{i}", title_words.join("-"));
        let year = 2010 + self.below(17);
        let date = format!(
            "{year}-{:02}-{:02}T{:02}:{:02}:00",
            1 + self.below(12),
            1 + self.below(28),
            self.below(24),
            self.below(60)
        );
        let mut html = String::with_capacity(7000);
        let paragraphs = 5 + self.below(6);
        for p in 0..paragraphs {
            if p == 2 {
                let _ = writeln!(html, "<h2>{}</h2>", self.sentence(5).trim_end_matches('.'));
            }
            html.push_str("<p>");
            for s in 0..4 + self.below(4) {
                if s == 1 && p % 2 == 0 {
                    let target = self.below(total.max(1));
                    let _ = write!(
                        html,
                        "See <a href=\"https://{}/archive/{target}/\">{}</a>. ",
                        SITES[target % SITES.len()],
                        self.sentence(3).trim_end_matches('.')
                    );
                }
                let words = 10 + self.below(12);
                html.push_str(&self.sentence(words));
                html.push(' ');
            }
            if p == 0 {
                let _ = write!(html, "Reference qz{i}x. ");
                if i % 2000 == 17 {
                    html.push_str("A heliotrope appears. ");
                }
            }
            html.push_str("</p>\n");
            if p == 4 {
                html.push_str("<ul>\n");
                for _ in 0..3 {
                    let _ = writeln!(html, "<li><em>{}</em></li>", self.sentence(6));
                }
                html.push_str("</ul>\n");
            }
        }
        let excerpt = format!("<p>{}</p>", self.sentence(20));
        let tags = (0..1 + self.below(3))
            .map(|_| TAGS[self.below(TAGS.len())])
            .collect();
        Post {
            id: 1000 + i,
            title,
            slug,
            date,
            author: AUTHORS[self.below(AUTHORS.len())].to_owned(),
            site: SITES[self.below(SITES.len())],
            html,
            excerpt,
            tags,
        }
    }
}

fn wp_post(p: &Post) -> serde_json::Value {
    json!({
        "id": p.id,
        "date": p.date,
        "date_gmt": p.date,
        "guid": {"rendered": format!("https://{}/?p={}", p.site, p.id)},
        "modified": p.date,
        "modified_gmt": p.date,
        "slug": p.slug,
        "status": "publish",
        "type": "post",
        "link": p.url(),
        "title": {"rendered": p.title},
        "content": {"rendered": p.html, "protected": false},
        "excerpt": {"rendered": p.excerpt, "protected": false},
        "author": 7,
        "categories": [1],
        "tags": [],
        "yoast_head_json": {
            "og_site_name": p.site,
            "twitter_misc": {"Written by": p.author, "Est. reading time": "3 minutes"}
        },
        "_embedded": {
            "author": [{"id": 7, "name": p.author, "slug": "author"}],
            "wp:term": [p.tags.iter().map(|t| json!({"taxonomy": "post_tag", "name": t})).collect::<Vec<_>>()]
        }
    })
}

fn wp_array(posts: &[Post]) -> String {
    serde_json::Value::Array(posts.iter().map(wp_post).collect()).to_string()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rfc2822(date: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(date, "%Y-%m-%dT%H:%M:%S")
        .map(|d| d.and_utc().to_rfc2822())
        .unwrap_or_default()
}

fn rss(posts: &[Post], n: usize) -> String {
    let site = SITES[n % SITES.len()];
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>Feed {n}</title>\n\
         <link>https://{site}/</link>\n<description>Synthetic feed</description>\n"
    );
    for p in posts {
        let _ = write!(
            x,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid>{}</guid>\n<pubDate>{}</pubDate>\n\
             <dc:creator>{}</dc:creator>\n",
            xml_escape(&p.title),
            p.url(),
            p.url(),
            rfc2822(&p.date),
            p.author
        );
        for t in &p.tags {
            let _ = writeln!(x, "<category>{t}</category>");
        }
        let _ = write!(
            x,
            "<description>{}</description>\n<content:encoded><![CDATA[{}]]></content:encoded>\n</item>\n",
            xml_escape(&p.excerpt),
            p.html
        );
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

fn atom(posts: &[Post], n: usize) -> String {
    let site = SITES[n % SITES.len()];
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>Atom feed {n}</title>\n<link href=\"https://{site}/\"/>\n<id>https://{site}/atom</id>\n\
         <updated>2026-01-01T00:00:00Z</updated>\n"
    );
    for p in posts {
        let _ = write!(
            x,
            "<entry>\n<title type=\"html\">{}</title>\n<link rel=\"alternate\" href=\"{}\"/>\n\
             <id>tag:{},2026:{}</id>\n<published>{}Z</published>\n<updated>{}Z</updated>\n\
             <author><name>{}</name></author>\n",
            xml_escape(&p.title),
            p.url(),
            p.site,
            p.id,
            p.date,
            p.date,
            p.author
        );
        for t in &p.tags {
            let _ = writeln!(x, "<category term=\"{t}\"/>");
        }
        let _ = write!(
            x,
            "<summary type=\"html\">{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
            xml_escape(&p.excerpt),
            xml_escape(&p.html)
        );
    }
    x.push_str("</feed>\n");
    x
}

fn json_feed(posts: &[Post], n: usize) -> String {
    let site = SITES[n % SITES.len()];
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": format!("JSON feed {n}"),
        "home_page_url": format!("https://{site}/"),
        "items": posts.iter().map(|p| json!({
            "id": p.url(),
            "url": p.url(),
            "title": p.title,
            "content_html": p.html,
            "summary": p.excerpt,
            "date_published": format!("{}Z", p.date),
            "authors": [{"name": p.author}],
            "tags": p.tags,
        })).collect::<Vec<_>>()
    })
    .to_string()
}
