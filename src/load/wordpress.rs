//! (being written)

use super::{Doc, Problem};
use crate::model::Entry;

pub fn is_wordpress(_v: &serde_json::Value) -> bool {
    false
}

pub fn parse(_v: serde_json::Value, _doc: &Doc) -> Result<Vec<Entry>, Problem> {
    Err(Problem::new("this format is not read yet"))
}
