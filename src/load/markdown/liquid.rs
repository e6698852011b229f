//! Template tags of the static site generators Markdown sites are built
//! with (Jekyll's Liquid, Hugo's shortcodes and Go templates): a reader
//! never sees them raw. Only documents with front matter are templates
//! (Jekyll and Hugo process no other), so a README that writes `{{ x }}`
//! keeps it. An output tag `{{ … }}` becomes the literal it starts with
//! (`{{ "ana@example.org" | encode_email }}` → `ana@example.org`), else
//! nothing (a Hugo shortcode `{{< … >}}` included); a logic tag `{% … %}`
//! (an include, an `if`, a `highlight` around code) goes, its content
//! staying, except a `{% comment %}`'s. What sits in fenced code, inline
//! code spans or between `{% raw %}` and `{% endraw %}` is shown as
//! written: it is about templates, not one. A tag split over lines, and
//! indented code blocks, are not recognised (left as written).
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
    let mut hidden = false;
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
        strip_line(line, &mut raw, &mut hidden, &mut out);
    }
    Cow::Owned(out)
}

/// One line outside fenced code: tags go, except in inline code and
/// inside `{% raw %}`. The scan moves forward only, so a line of many
/// tags costs one pass.
fn strip_line(line: &str, raw: &mut bool, hidden: &mut bool, out: &mut String) {
    let mut at = 0;
    let mut copied = 0;
    let bytes = line.as_bytes();
    while at < bytes.len() {
        match bytes[at] {
            b'`' => {
                // Inline code: kept as it is, up to its closing backticks.
                let ticks = bytes[at..].iter().take_while(|b| **b == b'`').count();
                let after = at + ticks;
                let fence = &line[at..after];
                at = line[after..]
                    .find(fence)
                    .map_or(after, |c| after + c + ticks);
            }
            b'{' if matches!(bytes.get(at + 1), Some(b'{' | b'%')) => {
                let logic = bytes[at + 1] == b'%';
                let closing = if logic { "%}" } else { "}}" };
                let Some(len) = line[at + 2..].find(closing) else {
                    // Not closed on its line: not a tag.
                    break;
                };
                let inner = line[at + 2..at + 2 + len].trim_matches(['-', ' ', '\t']);
                let end = at + 2 + len + 2;
                let word = inner.split_whitespace().next().unwrap_or("");
                if *raw {
                    if logic && word == "endraw" {
                        *raw = false;
                        flush(line, &mut copied, (at, end), "", *hidden, out);
                    }
                } else if logic {
                    let was_hidden = *hidden;
                    match word {
                        "raw" => *raw = true,
                        "comment" => *hidden = true,
                        "endcomment" => *hidden = false,
                        _ => {}
                    }
                    flush(line, &mut copied, (at, end), "", was_hidden, out);
                } else {
                    let shown = literal(inner).unwrap_or("");
                    flush(line, &mut copied, (at, end), shown, *hidden, out);
                }
                at = end;
            }
            _ => at += 1,
        }
    }
    if !*hidden {
        out.push_str(&line[copied..]);
    }
}

/// Writes the line from `copied` up to the tag at `tag` (unless inside a
/// comment), then `with` in the tag's place.
fn flush(
    line: &str,
    copied: &mut usize,
    tag: (usize, usize),
    with: &str,
    hidden: bool,
    out: &mut String,
) {
    if !hidden {
        out.push_str(&line[*copied..tag.0]);
        out.push_str(with);
    }
    *copied = tag.1;
}

/// The literal an output tag prints: one that starts it
/// (`{{ "ana@example.org" | encode_email }}`); a Hugo shortcode
/// (`{{< … >}}`, `{{% … %}}`) or any other expression prints nothing here.
fn literal(inner: &str) -> Option<&str> {
    let quote = inner.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let len = inner[1..].find(quote)?;
    Some(&inner[1..1 + len])
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
        assert_eq!(strip("{{< figure src=\"/x.png\" >}}|\n"), "|\n");
        assert_eq!(strip("{{ x | where: \"name\", \"A\" }}|\n"), "|\n");
        assert_eq!(
            strip("a{% comment %}hidden\nstill{% endcomment %}b\n"),
            "ab\n"
        );
        // Many tags on one long line cost one pass.
        let long = "{{x}}".repeat(200_000);
        assert_eq!(strip(&long), "");
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
