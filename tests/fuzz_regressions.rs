//! Every input that once made a fuzz target fail, replayed through the
//! same harness on the stable toolchain. Inputs live in
//! `tests/fuzz/TARGET/`, named after what they found; add one by copying
//! the crash file from `fuzz/artifacts/TARGET/` there (README: how to fuzz).

#[path = "support/fuzz_harness.rs"]
mod fuzz_harness;
#[path = "support/render_invariants.rs"]
mod render_invariants;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    inputs.sort();
    for input in inputs {
        let data = std::fs::read(&input).unwrap();
        // Run each on a thread of its own, so a failure names its file.
        let outcome = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || run(&data))
            .unwrap()
            .join();
        assert!(outcome.is_ok(), "{} fails again", input.display());
    }
}

#[test]
fn loader_inputs_that_once_failed() {
    replay("load", fuzz_harness::load);
}

#[test]
fn renderer_inputs_that_once_failed() {
    replay("render", fuzz_harness::render);
}

#[test]
fn query_inputs_that_once_failed() {
    replay("query", fuzz_harness::query);
}

#[test]
fn config_inputs_that_once_failed() {
    replay("config", fuzz_harness::config);
}

#[test]
fn url_inputs_that_once_failed() {
    replay("urls", fuzz_harness::urls);
}
