//! The preview's renderer: a thread that lays out entries for the body
//! pane (see [`crate::app::preview`]), so that moving in the list never
//! waits for a body to be read from its file or wrapped.
//!
//! Requests coalesce: when the thread gets to work, only the newest
//! waiting request is rendered (the selection has moved past the others).

use std::sync::{Arc, mpsc};

use crate::app::Action;
use crate::app::preview::{self, Job};
use crate::catalogue::Bodies;

/// Where the reader sends what to render.
pub struct Renderer {
    jobs: mpsc::Sender<Job>,
}

impl Renderer {
    /// Starts the thread. Bodies the listing left in their files are read
    /// through `bodies`; each result goes to `deliver`, and the thread ends
    /// when `deliver` says nobody listens or the `Renderer` is dropped.
    pub fn spawn(
        bodies: Option<Arc<Bodies>>,
        deliver: impl Fn(Action) -> bool + Send + 'static,
    ) -> std::io::Result<Renderer> {
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("folio-render".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let job = rx.try_iter().last().unwrap_or(first);
                    let (entry, id, width) = (job.entry, job.listed.id.clone(), job.width);
                    let generation = job.generation;
                    let read = |listed: &_| match &bodies {
                        Some(b) => b.read(listed).map_err(|d| d.to_string()),
                        None => Err("the body was not loaded".to_owned()),
                    };
                    // A renderer that panics on a hostile body fails that
                    // preview alone.
                    let run = std::panic::AssertUnwindSafe(|| preview::run(job, read));
                    let done = crate::guard::quietly(run).unwrap_or_else(|why| preview::Done {
                        entry,
                        id,
                        width,
                        generation,
                        result: Err(format!("could not be shown: {why}")),
                    });
                    if !deliver(Action::Rendered(Box::new(done))) {
                        break;
                    }
                }
            })?;
        Ok(Renderer { jobs })
    }

    /// Asks for `job`; a newer job sent before it starts replaces it.
    pub fn send(&self, job: Job) {
        // The thread only stops when the reader stops listening.
        let _ = self.jobs.send(job);
    }
}
