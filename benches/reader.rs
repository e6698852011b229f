//! Key-press latency: one `update` plus drawing the frame into a 200×60
//! `TestBackend`, with 100,000 entries loaded and a 1 MB body open, and
//! the same with a small body (the cost must not depend on the body's
//! length). Prints p50, p99 and max; the target is p99 < 2 ms.
//!
//! ```text
//! cargo bench --bench reader
//! ```

use std::time::{Duration, Instant};

use folio::app::{self, Action, Command, State};
use folio::corpus::Corpus;
use folio::model::{Body, Date, Entry};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ENTRIES: usize = 100_000;
const PRESSES: usize = 3_000;

fn main() {
    for (label, body_bytes) in [("1 MB body", 1_000_000), ("10 KB body", 10_000)] {
        let mut state = State::new(corpus(body_bytes), 200, 60);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        // open the big entry (the newest, first in the list)
        let t = Instant::now();
        app::update(&mut state, Action::Command(Command::Open));
        let open = t.elapsed();
        let lines = state.reading.as_ref().map_or(0, |r| r.rendered.lines.len());
        let theme = folio::ui::Theme::default();
        let mut times = Vec::with_capacity(PRESSES);
        for i in 0..PRESSES {
            let key = match i % 4 {
                0 | 1 => Command::Down,
                2 => Command::PageDown,
                _ => Command::NextLink,
            };
            let t = Instant::now();
            app::update(&mut state, Action::Command(key));
            terminal
                .draw(|f| folio::ui::draw(f, &state, &theme))
                .unwrap();
            times.push(t.elapsed());
        }
        // and in the list
        app::update(&mut state, Action::Command(Command::Left));
        for i in 0..PRESSES {
            let key = if i % 2 == 0 {
                Command::Down
            } else {
                Command::PageDown
            };
            let t = Instant::now();
            app::update(&mut state, Action::Command(key));
            terminal
                .draw(|f| folio::ui::draw(f, &state, &theme))
                .unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "{ENTRIES} entries, {label} ({lines} lines; opening it took {:.1} ms): \
             key + draw p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (target p99 < 2 ms)",
            ms(open),
            ms(pct(0.5)),
            ms(pct(0.99)),
            ms(*times.last().unwrap())
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn corpus(body_bytes: usize) -> Corpus {
    let para = "<p>Norms for state behaviour in cyberspace were discussed at length, with \
                <a href=\"https://example.org/ref\">a reference</a> and <em>emphasis</em>.</p>\n";
    let big: String = para.repeat(body_bytes / para.len() + 1);
    let entries = (0..ENTRIES)
        .map(|i| Entry {
            id: format!("e{i}"),
            title: format!("Entry number {i} about norms and workshops"),
            date: chrono::NaiveDate::from_ymd_opt(
                2000 + (i % 26) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            )
            .map(Date::Day),
            site: Some("Synthetic".into()),
            body: Body::Html(if i == ENTRIES - 1 {
                big.clone()
            } else {
                para.to_owned()
            }),
            url: Some(format!("https://example.org/{i}/")),
            ..Entry::default()
        })
        .collect();
    let mut c = Corpus::new(entries, vec![]);
    // make the big one the newest
    c.entries[ENTRIES - 1].date = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).map(Date::Day);
    Corpus::new(c.entries, vec![])
}
