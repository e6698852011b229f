//! Template tags of the static site generators Markdown sites are built
//! with (Jekyll's Liquid, Hugo's shortcodes and Go templates): a reader
//! never sees them raw. An output tag `{{ … }}` becomes its quoted literal
//! argument when it has one (`{{ "ana@example.org" | encode_email }}` →
//! `ana@example.org`), else nothing; a logic tag `{% … %}` (an include, an
//! `if`, a `highlight` around code) goes, its content staying. What sits in
//! code (fenced blocks, inline code spans) or between `{% raw %}` and
//! `{% endraw %}` is shown as written: it is about templates, not one.
//! No crate renders Liquid without the site's data, and a reader needs no
//! more than this.

use std::borrow::Cow;

/// `text` without its template tags (see the module documentation).
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.contains("{{") && !text.contains("{%") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    let mut raw = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                out.push_str(line);
                continue;
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                out.push_str(line);
                continue;
            }
            (Some(_), _) => {
                out.push_str(line);
                continue;
            }
            _ => {}
        }
        strip_line(line, &mut raw, &mut out);
    }
    Cow::Owned(out)
}

/// One line outside fenced code: tags go, except in inline code and
/// inside `{% raw %}`.
fn strip_line(line: &str, raw: &mut bool, out: &mut String) {
    let mut rest = line;
    while !rest.is_empty() {
        // Inline code: copied as it is, up to its closing backticks.
        let next_code = rest.find('`');
        let next_tag = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min();
        match (next_code, next_tag) {
            (Some(code), tag) if tag.is_none_or(|t| code < t) => {
                let ticks = rest[code..].bytes().take_while(|b| *b == b'`').count();
                let after = code + ticks;
                let close = rest[after..]
                    .find(&"`".repeat(ticks))
                    .map(|c| after + c + ticks);
                let end = close.unwrap_or(after);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            (_, Some(at)) => {
                out.push_str(&rest[..at]);
                let logic = rest[at..].starts_with("{%");
                let closing = if logic { "%}" } else { "}}" };
                let Some(len) = rest[at + 2..].find(closing) else {
                    // Not closed on its line: not a tag.
                    out.push_str(&rest[at..]);
                    return;
                };
                let inner = rest[at + 2..at + 2 + len].trim_matches(['-', ' ', '\t']);
                let tag_end = at + 2 + len + 2;
                if *raw {
                    if logic && inner.trim() == "endraw" {
                        *raw = false;
                    } else {
                        out.push_str(&rest[at..tag_end]);
                    }
                } else if logic {
                    *raw = inner.trim() == "raw";
                } else if let Some(literal) = quoted(inner) {
                    out.push_str(literal);
                }
                rest = &rest[tag_end..];
            }
            _ => {
                out.push_str(rest);
                return;
            }
        }
    }
}

/// The first quoted string of an output tag (`"x" | filter` → `x`).
fn quoted(inner: &str) -> Option<&str> {
    let start = inner.find(['"', '\''])?;
    let quote = inner[start..].chars().next()?;
    let len = inner[start + 1..].find(quote)?;
    Some(&inner[start + 1..start + 1 + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_literals_stay() {
        assert_eq!(
            strip("Write to {{ \"ana@example.org\" | encode_email }}.\n"),
            "Write to ana@example.org.\n"
        );
        assert_eq!(
            strip("Hi {{ page.author }}!{% include foot.html %}\n"),
            "Hi !\n"
        );
        assert_eq!(
            strip("{% highlight rust %}\nfn main() {}\n{% endhighlight %}\n"),
            "\nfn main() {}\n\n"
        );
        assert_eq!(strip("{{< youtube abc >}} after\n"), " after\n");
        assert_eq!(strip("plain text"), "plain text");
    }

    #[test]
    fn code_and_raw_blocks_keep_them() {
        let code = "Use `{{ page.title }}` here.\n```\n{% include x.html %}\n```\n";
        assert_eq!(strip(code), code);
        assert_eq!(
            strip("{% raw %}{{ shown }}{% endraw %} and {{ hidden }}\n"),
            "{{ shown }} and \n"
        );
        // Unclosed, or hostile: never a panic, nothing lost.
        assert_eq!(strip("a {{ b\n"), "a {{ b\n");
        assert_eq!(strip("``` `` {{ {% %} }}"), "``` `` {{ {% %} }}");
        assert_eq!(strip("é{{\"ü\"}}ß"), "éüß");
    }
}
