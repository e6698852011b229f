//! The command line: clap definitions, and nothing else. `commands` runs
//! what these parse into. The long help (`folio --help`, and the man
//! page) ends with the reader's keys, from the default keymap.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::corpus::Sort;

const ABOUT: &str = "A terminal reader for workshop pages, blog posts and feeds saved as files.";

const LONG_ABOUT: &str = "\
A terminal reader for workshop pages, blog posts and feeds saved as files.

folio reads a folder of saved web documents (WordPress REST API JSON, RSS, Atom \
and JSON feeds, WordPress exports, saved HTML pages, Markdown, plain-text page \
scrapes), detects each file's format by its content, and shows the entries in \
an interactive reader. The subcommands expose the same engine to scripts.

With no PATH, folio reads its library (filled by `folio add URL` and `folio sync`) \
when it holds documents, and its bundled sample data otherwise.

In the reader, ? shows its keys; they are also listed at the end of this help.";

const EXAMPLES: &str = "\
Examples:
  folio ~/notes/workshops             read a folder in the terminal reader
  folio list ~/notes --json           one JSON object per entry
  folio show 3 ~/notes                print the third entry of `folio list`
  folio check ~/notes                 which files were read, and what went wrong
  folio search 'cyber norms' ~/notes  ranked hits, a snippet each
  folio list --unread ~/notes         what you have not read yet
  folio config --default              a commented configuration to start from
  folio add https://blog.example.org/ subscribe to a site and fetch all of it
  folio sync                          fetch what is new for every subscription

In the reader, press ? for its keys (folio --help lists them too).";

/// The parsed command line, with the long help ending in the reader's keys.
pub fn parse() -> Cli {
    let mut matches = command().get_matches();
    Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.exit())
}

/// folio's clap command, as `parse`, completions and the man page see it.
pub fn command() -> clap::Command {
    Cli::command().after_long_help(format!("{EXAMPLES}\n\n{}", reader_keys()))
}

/// The reader's default keys, one line each, for the long help.
fn reader_keys() -> String {
    let keymap = crate::app::keymap::Keymap::default();
    let rows = keymap.help_rows();
    let width = rows.iter().map(|(keys, _)| keys.len()).max().unwrap_or(0);
    let mut out = String::from(
        "Reader keys (the configuration file can change them; ? shows them in the reader):",
    );
    for (keys, what) in rows {
        out.push_str(&format!("\n  {keys:<width$}  {what}"));
    }
    out
}

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub cache: CacheArgs,

    /// Files or folders to read (folders recursively; `-` reads standard input; default: the
    /// library when it holds documents, else the bundled sample data).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub files: Files,
}

/// Where folio reads its settings and keeps what it remembers; flags of
/// every command.
#[derive(Debug, Args, Clone, Default)]
pub struct Files {
    /// Read the configuration from this file [default: $XDG_CONFIG_HOME/folio/config.toml].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Keep the reading state (read, starred, where you left off) in this file
    /// [default: $XDG_DATA_HOME/folio/state.db].
    #[arg(long, global = true, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Remember nothing: read and write no reading state.
    #[arg(long, global = true, conflicts_with = "state")]
    pub no_state: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List entries, one line each: date, kind, title, id.
    #[command(
        after_help = "Columns: date (or -), kind, title, id. With --json, one object per \
line with the keys id, kind, title, date, updated, author, site, url, source, summary, tags, \
words, reading_minutes and links."
    )]
    List(ListArgs),
    /// Print an entry: header, rendered body and numbered links.
    Show(ShowArgs),
    /// Print an entry's links, one `N<TAB>URL<TAB>text` per line.
    Links(LinksArgs),
    /// Search the entries; ranked hits with a snippet each.
    #[command(
        after_help = "Lines: score, date (or -), title, id, then the snippet with the matched words \
marked. With --json, one object per line with the keys id, title, score, date, kind, url, snippet, \
highlights ([start, end] byte ranges in snippet) and terms.\n\n\
Exit status: 0 with hits, 1 with none, 2 when the query has nothing to search for.\n\n\
The index is kept in the cache folder and updated for changed files only."
    )]
    Search(SearchArgs),
    /// Report, per file, the format detected, the entries read and any problems.
    #[command(after_help = "Exit status: 0 when every file was read, 1 when any file failed.")]
    Check(CheckArgs),
    /// Subscribe to web sites, feeds or pages and fetch everything now.
    #[command(after_help = FETCH_HELP)]
    Add(AddArgs),
    /// Fetch what is new for every subscription of the library.
    #[command(after_help = FETCH_HELP)]
    Sync(SyncArgs),
    /// List the library's subscriptions: URL, kind, last sync, entries, last error.
    #[command(
        after_help = "With --json, one object per line with the keys url, kind, folder, fetch, \
last_sync, entries and last_error."
    )]
    Sources(SourcesArgs),
    /// Unsubscribe from a URL; its saved documents stay unless --delete is given.
    Remove(RemoveArgs),
    /// Check the configuration file, print where it is, or print the default one.
    #[command(
        after_help = "Without a flag: checks the configuration file and lists its problems \
(exit status 1 when there are any)."
    )]
    Config(ConfigArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    #[command(
        after_help = "Install (bash): folio completions bash > ~/.local/share/bash-completion/completions/folio
Install (zsh):  folio completions zsh > ~/.zfunc/_folio   (with fpath+=~/.zfunc in ~/.zshrc)
Install (fish): folio completions fish > ~/.config/fish/completions/folio.fish"
    )]
    Completions(CompletionsArgs),
    /// Print folio's man page (roff).
    #[command(after_help = "Install: folio man > ~/.local/share/man/man1/folio.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

const FETCH_HELP: &str = "\
What a URL becomes is decided by what its server says: a WordPress site (any page of it) \
is fetched whole through its REST API, every post type, one JSON file per item; a feed \
(or a page that advertises one) is fetched item by item, and items that drop off the \
feed stay; any other page is saved as it is. Later syncs ask only for what changed.

The library is an ordinary folder: `folio`, `folio list` and the others read it when \
no PATH is given. Subscriptions are kept in folio-sources.toml inside it.

Exit status: 0 when every source was fetched, 1 when any failed (each named with its \
URL and the reason; the others are still fetched), 2 for a usage error.";

/// The library folder; a flag of every command that reads or fills it.
#[derive(Debug, Args, Clone, Default)]
pub struct LibraryArgs {
    /// The library folder [default: $FOLIO_LIBRARY, else $XDG_DATA_HOME/folio/library].
    #[arg(long, value_name = "DIR")]
    pub library: Option<PathBuf>,
}

/// How fetching behaves.
#[derive(Debug, Args, Clone)]
pub struct FetchArgs {
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Give up on a request after SECS seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u64).range(1..=64))]
    pub jobs: u64,
    /// Requests in flight to one host at once.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u64).range(1..=64))]
    pub per_host: u64,
    /// Abandon a response larger than this many megabytes (counted after decompression).
    #[arg(long, value_name = "MB", default_value_t = 32,
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_size: u64,
    /// Show no progress and no summary (failures are still reported).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Web addresses: a WordPress site (any page of it), a feed, or a page.
    #[arg(value_name = "URL", required = true)]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub fetch: FetchArgs,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Print JSON Lines, one object per subscription.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The subscription's URL, as `folio sources` lists it.
    #[arg(value_name = "URL")]
    pub url: String,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Also delete the documents fetched for it.
    #[arg(long)]
    pub delete: bool,
}

/// Where folio keeps what it can rebuild (the catalogue, the search
/// index); global, so every subcommand and the reader accept them.
#[derive(Debug, Args, Clone, Default)]
pub struct CacheArgs {
    /// Keep the catalogue and the search index under DIR (default: the user's cache folder,
    /// e.g. ~/.cache/folio).
    #[arg(long, value_name = "DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
    /// Keep nothing on disk: read every file, and build the search index in memory, for this
    /// run.
    #[arg(long, global = true, conflicts_with = "cache_dir")]
    pub no_cache: bool,
}

impl CacheArgs {
    /// The cache folder to use: `--cache-dir`, else the platform's, none with `--no-cache`.
    pub fn dir(&self) -> Option<PathBuf> {
        if self.no_cache {
            None
        } else {
            self.cache_dir
                .clone()
                .or_else(crate::search::default_cache_dir)
        }
    }
}

/// Where the entries come from; shared by every subcommand.
#[derive(Debug, Args, Clone, Default)]
pub struct Input {
    /// Files or folders to read (default: the library when it holds documents, else the
    /// bundled sample data; `-` reads standard input).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub input: Input,
    /// Print JSON Lines, one object per entry.
    #[arg(long)]
    pub json: bool,
    /// Order of the list.
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    pub sort: SortArg,
    /// Only entries not read yet (in the reader).
    #[arg(long)]
    pub unread: bool,
    /// Only starred entries.
    #[arg(long)]
    pub starred: bool,
    /// Only entries their site no longer publishes (trashed, made private
    /// or back to draft since they were fetched), which are left out
    /// otherwise; their saved copies are kept.
    #[arg(long)]
    pub withdrawn: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print a complete, commented default configuration.
    #[arg(long, conflicts_with = "path")]
    pub default: bool,
    /// Print where folio looks for the configuration.
    #[arg(long)]
    pub path: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry: its id, its position in `folio list`, or its URL; or a file, with no PATH:
    /// that file's first entry.
    pub entry: String,
    #[command(flatten)]
    pub input: Input,
    /// Wrap at this many columns (default: the terminal's width, else 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// Use ANSI styles: auto (when standard output is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// The order that positions refer to.
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    pub sort: SortArg,
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// The entry: its id, its position in `folio list`, or its URL; or a file, with no PATH:
    /// that file's first entry.
    pub entry: String,
    #[command(flatten)]
    pub input: Input,
    /// The order that positions refer to.
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    pub sort: SortArg,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "exact phrase", prefix*, -excluded, the
    /// fields title:, author:, site:, tag:, kind:, after:YYYY-MM-DD, before:YYYY-MM-DD,
    /// and the reading state: is:unread, is:read, is:starred.
    pub query: String,
    #[command(flatten)]
    pub input: Input,
    /// Show at most N hits.
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Print JSON Lines, one object per hit.
    #[arg(long)]
    pub json: bool,
    /// Mark matched words in bold: auto (when standard output is a terminal and NO_COLOR is
    /// unset), always, never (then they are marked [like this]).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: Input,
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Newest first; undated entries last.
    Date,
    /// By title.
    Title,
    /// By file, then position in the file.
    Source,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Date => Sort::Date,
            SortArg::Title => Sort::Title,
            SortArg::Source => Sort::Source,
        }
    }
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// ANSI styles with `always`, or with `auto` when standard output is a
    /// terminal and NO_COLOR is unset or empty (no-color.org).
    pub fn enabled(self, tty: bool, no_color: Option<std::ffi::OsString>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    /// [`ColorChoice::enabled`] for this process's standard output.
    pub fn for_stdout(self) -> bool {
        use std::io::IsTerminal;
        self.enabled(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_the_terminal_and_no_color() {
        assert!(ColorChoice::Auto.enabled(true, None));
        assert!(ColorChoice::Auto.enabled(true, Some("".into())));
        assert!(!ColorChoice::Auto.enabled(true, Some("1".into())));
        assert!(!ColorChoice::Auto.enabled(false, None));
        assert!(ColorChoice::Always.enabled(false, Some("1".into())));
        assert!(!ColorChoice::Never.enabled(true, None));
    }
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_subcommand_name_after_a_path_is_a_path() {
        let cli = Cli::try_parse_from(["folio", "dir", "list"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.paths, [PathBuf::from("dir"), PathBuf::from("list")]);
    }

    #[test]
    fn paths_without_a_subcommand_open_the_reader() {
        let cli = Cli::try_parse_from(["folio", "dir1", "dir2"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.paths.len(), 2);
        let cli = Cli::try_parse_from(["folio", "list", "--json", "dir"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::List(ListArgs { json: true, .. }))
        ));
    }

    #[test]
    fn cache_options_are_global() {
        for args in [
            &["folio", "--cache-dir", "c", "search", "q"][..],
            &["folio", "search", "q", "--cache-dir", "c"],
            &["folio", "list", "--cache-dir", "c"],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert_eq!(cli.cache.cache_dir, Some(PathBuf::from("c")), "{args:?}");
            assert_eq!(cli.cache.dir(), Some(PathBuf::from("c")));
            assert!(cli.command.is_some() && cli.paths.is_empty(), "{args:?}");
        }
        let cli = Cli::try_parse_from(["folio", "--cache-dir", "c", "dir"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.paths, [PathBuf::from("dir")]);
        let cli = Cli::try_parse_from(["folio", "search", "q", "--no-cache"]).unwrap();
        assert_eq!(cli.cache.dir(), None);
        assert!(Cli::try_parse_from(["folio", "--no-cache", "--cache-dir", "c", "list"]).is_err());
    }
}
