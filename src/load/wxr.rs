//! (being written)

use super::{Doc, Problem};
use crate::model::Entry;

pub fn parse(_doc: &Doc) -> Result<Vec<Entry>, Problem> {
    Err(Problem::new("this format is not read yet"))
}
