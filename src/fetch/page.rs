//! Any other page: saved as it is, re-fetched only when it changed
//! (conditional requests). An HTML page is saved with the "mark of the
//! web" comment browsers write (`<!-- saved from url=(0023)https://… -->`),
//! so the loader knows where it came from and resolves its links; the
//! loader also reads the page's sections (one workshop per heading), not
//! the fetcher.

use anyhow::{Result, anyhow};
use url::Url;

use super::Ctx;
use super::discover::format_of;
use super::http::Response;
use super::library::names;
use super::library::sources::Source;
use crate::load::Format;

/// Saves a fetched page, if the loader can read it.
pub fn save(ctx: &Ctx, source: &mut Source, response: &Response) -> Result<()> {
    let url = &response.url;
    let Some(format) = format_of(response) else {
        return Err(anyhow!(
            "{url}: not a document folio can read (binary content); nothing was saved"
        ));
    };
    let extension = match format {
        Format::Html => "html",
        Format::Markdown => "md",
        Format::Text => "txt",
        Format::WordPress | Format::JsonFeed => "json",
        Format::Feed | Format::Wxr => "xml",
    };
    let stem = url
        .path_segments()
        .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
        .map(|seg| seg.rsplit_once('.').map_or(seg, |(stem, _)| stem))
        .unwrap_or("index");
    let name = names::with_suffix(&names::component(stem), &format!(".{extension}"));
    let bytes = if format == Format::Html {
        mark_of_the_web(url, &response.body)
    } else {
        response.body.clone()
    };
    ctx.save(&[&source.folder, &name], &bytes)?;
    source.validators = response.validators.clone();
    Ok(())
}

/// `<!-- saved from url=(NNNN)URL -->` and a newline before the page,
/// unless the page is UTF-16 (which an ASCII line would break).
fn mark_of_the_web(url: &Url, body: &[u8]) -> Vec<u8> {
    if body.starts_with(&[0xff, 0xfe]) || body.starts_with(&[0xfe, 0xff]) {
        return body.to_vec();
    }
    let url = url.as_str();
    let mut out = format!("<!-- saved from url=({:04}){url} -->\n", url.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_names_the_url_and_its_length() {
        let url = Url::parse("https://x.example/a").unwrap();
        let out = mark_of_the_web(&url, b"<html></html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<!-- saved from url=(0019)https://x.example/a -->\n<html></html>"
        );
        assert_eq!(mark_of_the_web(&url, b"\xff\xfe<\0"), b"\xff\xfe<\0");
    }
}
