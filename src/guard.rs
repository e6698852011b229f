//! Running code that might panic on hostile input (third-party parsers,
//! renderers) without letting the panic stop folio or print over the
//! reader's screen.
//!
//! [`quietly`] catches the panic and returns its message as an error; the
//! panic hook stays silent while it runs, on that thread only. The
//! reader's terminal-restoring hook asks [`is_quiet`] so that a caught
//! panic on a loader thread does not tear down the screen.

use std::cell::Cell;
use std::panic::{self, UnwindSafe};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// Panics caught so far, in this process.
static CAUGHT: AtomicUsize = AtomicUsize::new(0);

/// Runs `f`, turning a panic into `Err` with its message, silently.
pub fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, String> {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        CAUGHT.fetch_add(1, Ordering::Relaxed);
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_owned())
    })
}

/// How many panics [`quietly`] caught in this process: every one is a bug
/// (folio's or a crate's), which the fuzz targets look for.
pub fn caught() -> usize {
    CAUGHT.load(Ordering::Relaxed)
}

/// Whether the current thread is inside [`quietly`].
pub fn is_quiet() -> bool {
    QUIET.with(Cell::get)
}

/// Locks `m` even when a thread panicked holding it: what it guards is
/// counters and lists that a half-done update leaves usable.
pub fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs its closure when dropped, unwinding included: what must happen
/// however a scope ends (a progress thread told to stop).
pub struct OnDrop<F: FnMut()>(pub F);

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors() {
        assert_eq!(quietly(|| 2), Ok(2));
        let before = caught();
        let e = quietly(|| -> u8 { panic!("boom {}", 1) });
        assert!(caught() > before);
        assert_eq!(e, Err("boom 1".to_owned()));
        assert_eq!(quietly(|| -> u8 { panic!("static") }), Err("static".into()));
        assert!(!is_quiet());
        assert_eq!(quietly(is_quiet), Ok(true));
    }
}
