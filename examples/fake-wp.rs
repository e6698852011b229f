//! A local WordPress for trying `folio add` by hand and for profiling: the
//! tests' fake site (`tests/support/wp.rs`) on 127.0.0.1 until killed.
//!
//! ```text
//! cargo run --release --example fake-wp -- POSTS [LATENCY_MS] [PORT]
//! ```

#[path = "../tests/support/http.rs"]
mod http;
#[path = "../tests/support/wp.rs"]
mod wp;

use std::sync::{Arc, Mutex};
use std::time::Duration;

fn main() {
    let mut args = std::env::args().skip(1);
    let posts: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let latency = Duration::from_millis(args.next().and_then(|a| a.parse().ok()).unwrap_or(20));
    let site = Arc::new(Mutex::new(wp::Site::new(posts)));
    let handler = wp::serve(site);
    let server = http::Server::start(move |req| {
        let mut reply = handler(req);
        reply.delay = latency;
        reply
    });
    println!("{}", server.url("/"));
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
