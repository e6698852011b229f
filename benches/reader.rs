//! Key-press latency: one `update` plus drawing the frame into a 200×60
//! `TestBackend`, with 100,000 entries loaded and a 1 MB body open, and
//! the same with a small body (the cost must not depend on the body's
//! length): keys in the body, then moving in the list, where each move
//! previews the selected entry. The preview is rendered on the reader's
//! own renderer thread, as in the reader; what the UI thread does for it
//! (asking, taking a finished rendering into the cache and the pane) is
//! timed with the key. Prints p50, p99 and max; the target is p99 < 2 ms.
//!
//! ```text
//! cargo bench --bench reader
//! ```

use std::sync::mpsc;
use std::time::{Duration, Instant};

use folio::app::{self, Action, Command, State};
use folio::corpus::Corpus;
use folio::model::{Body, Date, Entry};
use folio::reader::renderer::Renderer;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ENTRIES: usize = 100_000;
const PRESSES: usize = 3_000;

fn main() {
    for (label, body_bytes) in [("1 MB body", 1_000_000), ("10 KB body", 10_000)] {
        let mut state = State::new(corpus(body_bytes), 200, 60);
        // As the reader draws by default: links are OSC 8 hyperlinks.
        state.hyperlinks = true;
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        let (tx, rendered) = mpsc::channel();
        let renderer = Renderer::spawn(None, move |a| tx.send(a).is_ok()).unwrap();
        let theme = folio::ui::Theme::default();
        // One wake of the reader's loop: update, hand a preview to the
        // renderer, draw.
        let mut frame = |state: &mut State, action: Action| {
            let t = Instant::now();
            for job in app::preview::jobs(app::update(state, action)) {
                renderer.send(job);
            }
            terminal
                .draw(|f| folio::ui::draw(f, state, &theme))
                .unwrap();
            t.elapsed()
        };
        // open the big entry (the newest, first in the list)
        let t = Instant::now();
        app::update(&mut state, Action::Command(Command::Open));
        let open = t.elapsed();
        let lines = state.reading.as_ref().map_or(0, |r| r.rendered.lines.len());
        let mut body = Vec::with_capacity(PRESSES);
        for i in 0..PRESSES {
            let key = match i % 4 {
                0 | 1 => Command::Down,
                2 => Command::PageDown,
                _ => Command::NextLink,
            };
            body.push(frame(&mut state, Action::Command(key)));
        }
        // and in the list: each move asks for a preview; the frame that
        // takes in the finished rendering counts as one more (in the
        // reader it is a wake of its own).
        app::update(&mut state, Action::Command(Command::Left));
        let mut list = Vec::with_capacity(2 * PRESSES);
        let mut previews = 0;
        for i in 0..PRESSES {
            let key = if i % 2 == 0 {
                Command::Down
            } else {
                Command::PageDown
            };
            list.push(frame(&mut state, Action::Command(key)));
            let waiting = |s: &State| {
                matches!(
                    s.preview.as_ref().map(|p| &p.shown),
                    Some(app::preview::Shown::Waiting)
                )
            };
            while waiting(&state) {
                let done = rendered.recv_timeout(Duration::from_secs(5)).unwrap();
                list.push(frame(&mut state, done));
            }
            previews += usize::from(matches!(
                state.preview.as_ref().map(|p| &p.shown),
                Some(app::preview::Shown::Ready(_))
            ));
        }
        println!(
            "{ENTRIES} entries, {label} ({lines} lines; opening it took {:.1} ms)",
            ms(open)
        );
        println!("  in the body:          {}", figures(&mut body));
        println!(
            "  in the list, preview: {} ({previews} of {PRESSES} moves drew their preview)",
            figures(&mut list)
        );
        let mut all = [body, list].concat();
        println!(
            "  all keys:             {} (target p99 < 2 ms)",
            figures(&mut all)
        );
    }
}

/// "key + draw p50 …, p99 …, max …".
fn figures(times: &mut [Duration]) -> String {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    format!(
        "key + draw p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(*times.last().unwrap())
    )
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
