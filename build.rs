//! Build-time facts:
//! - rebuild when the bundled sample data changes (`include_dir!` cannot
//!   tell cargo itself);
//! - `FOLIO_BUILD`: a hash of the sources and the lock file, which names
//!   what a cache was made by. A catalogue from another build is read
//!   again rather than trusted, since any change to the loaders (or to a
//!   crate they use) may read files otherwise. (std's hasher: the value
//!   only has to differ between builds, and a new Rust merely costs one
//!   cold start.)

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=sample-data");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = vec![PathBuf::from("Cargo.lock")];
    sources(Path::new("src"), &mut files);
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in &files {
        f.hash(&mut h);
        std::fs::read(f).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=FOLIO_BUILD={:016x}", h.finish());
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}
