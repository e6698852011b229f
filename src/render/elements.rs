//! What html5ever and html2text do with each element, as far as the
//! prepare pass needs to know: which have no content, which html5ever
//! closes or reopens by itself, where scopes end, which html2text sets
//! apart, runs inline or hides.

/// Elements that never have content (no end tag, no nesting).
pub const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"keygen",
    b"frame",
    b"basefont",
    b"bgsound",
];

/// Formatting elements html5ever reopens after an implied end.
pub const FORMATTING: &[&[u8]] = &[
    b"a", b"b", b"big", b"code", b"em", b"font", b"i", b"nobr", b"s", b"small", b"strike",
    b"strong", b"tt", b"u",
];

/// Start tags that close an open `<p>`.
pub const CLOSES_P: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"center",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hgroup",
    b"hr",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"summary",
    b"table",
    b"ul",
    b"li",
    b"dd",
    b"dt",
    b"listing",
    b"xmp",
    b"plaintext",
];

/// Elements before which a body can be cut into chunks: html2text sets
/// them apart by a blank line, so laying the pieces out separately and
/// joining them with one gives the same text.
pub const CHUNK_START: &[&[u8]] = &[
    b"p",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"ul",
    b"ol",
    b"dl",
    b"blockquote",
    b"pre",
    b"table",
];

/// Block elements html2text does not know (it runs them inline): laid out
/// as `<div>`s.
pub const AS_DIV: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"center",
    b"details",
    b"dialog",
    b"figcaption",
    b"figure",
    b"footer",
    b"header",
    b"hgroup",
    b"main",
    b"nav",
    b"section",
    b"summary",
    b"fieldset",
    b"legend",
    b"form",
];

/// Elements html2text drops or shows plainly, laid out as ones it knows:
/// a table's footer as more of its body, `<strike>` struck as `<s>` is.
pub const RENAMED: &[(&[u8], &str)] = &[(b"tfoot", "tbody"), (b"strike", "s")];

/// Lists are set apart by blank lines, except inside these.
pub const TIGHT: &[&[u8]] = &[b"ul", b"ol", b"dl", b"li", b"dd", b"table", b"pre"];

/// Elements whose content html2text does not show: links inside are not
/// numbered.
pub const HIDDEN: &[&[u8]] = &[b"template", b"svg"];

/// Scope boundaries: an end tag does not close an element outside them.
pub const BOUNDARY: &[&[u8]] = &[
    b"table",
    b"td",
    b"th",
    b"caption",
    b"template",
    b"object",
    b"applet",
    b"marquee",
];

/// The scope of `</li>`: the boundaries, and lists.
pub const LIST_ITEM_BOUNDARY: &[&[u8]] = &[
    b"ul",
    b"ol",
    b"table",
    b"td",
    b"th",
    b"caption",
    b"template",
    b"object",
    b"applet",
    b"marquee",
];

pub const TABLE_PARTS: &[&[u8]] = &[
    b"td", b"th", b"tr", b"tbody", b"thead", b"tfoot", b"caption",
];
