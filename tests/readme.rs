//! The README's key table stays true: every default key of the keymap is
//! in it, so adding or changing a binding without documenting it fails.

use folio::app::keymap::Keymap;

#[test]
fn every_default_key_is_documented() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("## The reader")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a section on the reader");
    for binding in Keymap::default().bindings() {
        let key = format!("`{}`", binding.chord);
        assert!(
            section.contains(&key),
            "{key} ({}) is not in the README's key table",
            binding.command.name()
        );
    }
}
