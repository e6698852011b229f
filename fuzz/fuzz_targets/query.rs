//! Fuzz target: see `fuzz_harness::query` (tests/support/fuzz_harness.rs).
#![no_main]

#[path = "../../tests/support/fuzz_harness.rs"]
mod fuzz_harness;
#[path = "../../tests/support/render_invariants.rs"]
mod render_invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_harness::query(data));
