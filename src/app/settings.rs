//! What the user's configuration sets in the reader's state: the keymap,
//! the list's order and width, the text's width, how dates show. `crate::config` builds it
//! from the file; [`State::configure`](super::State::configure) applies it.

use std::fmt::Write;

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use super::keymap::Keymap;
use crate::corpus::Sort;

#[derive(Clone, Debug)]
pub struct Settings {
    pub keymap: Keymap,
    pub sort: Sort,
    /// Columns of the list pane beside the body; `None` chooses.
    pub list_width: Option<u16>,
    /// The widest lines of the body, in columns; 0: the pane's width.
    pub text_width: u16,
    pub date_format: DateFormat,
    /// Links in the body are terminal hyperlinks (OSC 8).
    pub hyperlinks: bool,
}

impl Settings {
    /// Lines of about 100 columns read well on a wide terminal.
    pub const TEXT_WIDTH: u16 = 100;
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keymap: Keymap::default(),
            sort: Sort::default(),
            list_width: None,
            text_width: Settings::TEXT_WIDTH,
            date_format: DateFormat::default(),
            hyperlinks: true,
        }
    }
}

/// A chrono `strftime` format for dates in the list, checked to format
/// any day (no time fields: entries may have only a day).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFormat {
    format: String,
    /// The widest a formatted day gets, in columns.
    width: usize,
}

impl Default for DateFormat {
    fn default() -> Self {
        DateFormat::new(DateFormat::DEFAULT).expect("the default date format is valid")
    }
}

impl DateFormat {
    pub const DEFAULT: &str = "%Y-%m-%d";
    /// Wider formats are cut in the list.
    pub const MAX_WIDTH: usize = 24;

    /// Checks `format` by formatting days of every month and weekday.
    pub fn new(format: &str) -> Result<DateFormat, String> {
        if format.trim().is_empty() {
            return Err("is empty".into());
        }
        let mut width = 0;
        for (month, day) in [(1, 1), (5, 3), (9, 17), (9, 27), (12, 31), (2, 29)] {
            let date = NaiveDate::from_ymd_opt(2024, month, day).unwrap_or_default();
            let text = format_day(format, date).ok_or_else(|| {
                format!(
                    "\"{format}\" cannot format a day (use day fields only, such as %Y %m %d %e %b %B %a %A %y %j; \
                     entries have no time of day)"
                )
            })?;
            width = width.max(text.width());
        }
        Ok(DateFormat {
            format: format.to_owned(),
            width: width.min(Self::MAX_WIDTH),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.format
    }

    /// Columns the list gives the date.
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn format(&self, day: NaiveDate) -> String {
        format_day(&self.format, day).unwrap_or_else(|| day.to_string())
    }
}

/// `strftime`, or `None` when the format is invalid or asks for what a day
/// does not have (chrono reports it as a formatting error, which
/// `to_string` would turn into a panic).
fn format_day(format: &str, day: NaiveDate) -> Option<String> {
    let items = chrono::format::StrftimeItems::new(format);
    let mut out = String::new();
    write!(out, "{}", day.format_with_items(items)).ok()?;
    Some(crate::safe::one_line(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_formats_are_checked_and_measured() {
        let d = DateFormat::new("%d %b %Y").unwrap();
        assert_eq!(
            d.format(NaiveDate::from_ymd_opt(2015, 4, 3).unwrap()),
            "03 Apr 2015"
        );
        assert_eq!(d.width(), 11);
        assert_eq!(DateFormat::default().width(), 10);
        assert!(DateFormat::new("%H:%M").unwrap_err().contains("day fields"));
        assert!(DateFormat::new("%Q").is_err());
        assert!(DateFormat::new("").is_err());
        let long = DateFormat::new("%A %d %B %Y, week %U of the year").unwrap();
        assert_eq!(long.width(), DateFormat::MAX_WIDTH);
    }
}
