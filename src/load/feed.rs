//! (being written)

use super::{Doc, Problem};
use crate::model::Entry;

pub fn parse(_doc: &Doc) -> Result<Vec<Entry>, Problem> {
    Err(Problem::new("this format is not read yet"))
}

pub fn is_json_feed(v: &serde_json::Value) -> bool {
    v.get("version")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.contains("jsonfeed.org"))
}
