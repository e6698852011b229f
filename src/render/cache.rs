//! Recently rendered entries, keyed by entry id and width, so that moving
//! back to an entry or redrawing it costs nothing and a resize re-renders
//! once per width.
//!
//! Bounded two ways: a number of results, and a total number of lines (one
//! long body can weigh as much as a hundred short ones). The least recently
//! used result goes first; the one just added always stays. The cache
//! trusts that an id names the same entry for as long as it lives: after
//! reloading, [`RenderCache::clear`] it.

use std::sync::Arc;

use super::{Rendered, render};
use crate::model::Entry;

/// A bounded cache of rendered entries.
#[derive(Debug)]
pub struct RenderCache {
    max_entries: usize,
    max_lines: usize,
    tick: u64,
    /// Counts [`RenderCache::clear`]s, so that a result rendered elsewhere
    /// can be told from one asked for before the entries changed.
    generation: u64,
    slots: Vec<Slot>,
}

#[derive(Debug)]
struct Slot {
    id: String,
    width: u16,
    used: u64,
    rendered: Arc<Rendered>,
}

impl Default for RenderCache {
    /// 32 results, 400,000 lines.
    fn default() -> Self {
        RenderCache::new(32, 400_000)
    }
}

impl RenderCache {
    /// A cache holding at most `max_entries` results and `max_lines` lines
    /// (beyond the newest result).
    pub fn new(max_entries: usize, max_lines: usize) -> RenderCache {
        RenderCache {
            max_entries: max_entries.max(1),
            max_lines,
            tick: 0,
            generation: 0,
            slots: Vec::new(),
        }
    }

    /// `entry` rendered at `width`, from the cache or rendered now.
    pub fn get(&mut self, entry: &Entry, width: u16) -> Arc<Rendered> {
        if let Some(r) = self.peek(&entry.id, width) {
            return r;
        }
        let r = Arc::new(render(entry, width));
        self.insert(&entry.id, width, Arc::clone(&r));
        r
    }

    /// The cached result for (`id`, `width`), marking it used.
    pub fn peek(&mut self, id: &str, width: u16) -> Option<Arc<Rendered>> {
        self.tick += 1;
        let tick = self.tick;
        let slot = self
            .slots
            .iter_mut()
            .find(|s| s.width == width && s.id == id)?;
        slot.used = tick;
        Some(Arc::clone(&slot.rendered))
    }

    /// Adds a result rendered elsewhere (say, on a worker thread).
    pub fn insert(&mut self, id: &str, width: u16, rendered: Arc<Rendered>) {
        self.tick += 1;
        self.slots.retain(|s| !(s.width == width && s.id == id));
        self.slots.push(Slot {
            id: id.to_owned(),
            width,
            used: self.tick,
            rendered,
        });
        self.evict();
    }

    fn evict(&mut self) {
        let lines = |slots: &[Slot]| slots.iter().map(|s| s.rendered.lines.len()).sum::<usize>();
        while self.slots.len() > 1
            && (self.slots.len() > self.max_entries || lines(&self.slots) > self.max_lines)
        {
            let newest = self.tick;
            let Some(oldest) = self
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.used != newest)
                .min_by_key(|(_, s)| s.used)
                .map(|(i, _)| i)
            else {
                break;
            };
            self.slots.swap_remove(oldest);
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.generation += 1;
    }

    /// How many times the cache was cleared.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Body;

    fn entry(id: &str, body: &str) -> Entry {
        Entry {
            id: id.into(),
            title: id.into(),
            body: Body::Text(body.into()),
            ..Entry::default()
        }
    }

    #[test]
    fn hits_share_the_result_and_widths_are_apart() {
        let mut c = RenderCache::new(4, 10_000);
        let e = entry("a", "some text");
        let first = c.get(&e, 40);
        assert!(Arc::ptr_eq(&first, &c.get(&e, 40)));
        assert!(!Arc::ptr_eq(&first, &c.get(&e, 60)));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn least_recently_used_goes_first() {
        let mut c = RenderCache::new(2, 10_000);
        let (a, b, d) = (entry("a", "x"), entry("b", "y"), entry("d", "z"));
        let ra = c.get(&a, 40);
        c.get(&b, 40);
        c.get(&a, 40);
        c.get(&d, 40);
        assert_eq!(c.len(), 2);
        assert!(Arc::ptr_eq(&ra, &c.peek("a", 40).unwrap()));
        assert!(c.peek("b", 40).is_none());
    }

    #[test]
    fn line_budget_bounds_the_cache_but_keeps_the_newest() {
        let mut c = RenderCache::new(10, 5);
        let long = entry("long", &"word ".repeat(200));
        c.get(&entry("short", "x"), 40);
        c.get(&long, 40);
        assert_eq!(c.len(), 1);
        assert!(c.peek("long", 40).is_some());
    }
}
