//! Rebuild when the bundled sample data changes (`include_dir!` cannot
//! tell cargo itself).
fn main() {
    println!("cargo:rerun-if-changed=sample-data");
}
