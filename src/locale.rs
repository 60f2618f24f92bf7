//! The languages cp-screen speaks and their catalogs: the bottom layer of every sentence.
//! It imports nothing from the rest of the crate.
//!
//! A language is its Fluent catalogs, `locales/<tag>/*.ftl` (embedded in the binary), plus
//! one line in [`languages!`]'s table below. The catalogs hold what a language says and in
//! which order; `words` decides which message to say (the same in every language).
//!
//! Two conventions of the catalogs beside Fluent's own:
//! - `{ SP() }` is a space when the characters it joins want one (Chinese next to Latin
//!   letters, digits or ASCII signs, or Latin next to Latin), and nothing otherwise.
//! - `vocabulary.ftl` lists the words that mean yes, no, don't know (and the plain-mode
//!   commands), comma-separated, read into a [`Vocabulary`].
//!
//! Fixed texts are resolved once and kept (leaked) as `&'static str`; a message of text and
//! variables only is compiled once into parts and filled in without Fluent's resolver, so
//! that the sentences said for every record cost little more than `format!`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

/// Declares the language table: each line is a `Lang` variant and its BCP 47 tag, whose
/// catalogs are `locales/<tag>/`.
macro_rules! languages {
    ($($variant:ident $tag:literal),* $(,)?) => {
        /// A language cp-screen speaks.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Lang {
            $($variant),*
        }

        /// Every language with its tag and its catalogs. English comes first: it is the
        /// default and the fallback of a message missing elsewhere.
        pub const LANGUAGES: &[Language] = &[
            $(Language {
                lang: Lang::$variant,
                tag: $tag,
                catalogs: &[
                    include_str!(concat!("../locales/", $tag, "/reports.ftl")),
                    include_str!(concat!("../locales/", $tag, "/problems.ftl")),
                    include_str!(concat!("../locales/", $tag, "/questionnaire.ftl")),
                    include_str!(concat!("../locales/", $tag, "/teaching.ftl")),
                    include_str!(concat!("../locales/", $tag, "/man.ftl")),
                ],
                vocabulary: include_str!(concat!("../locales/", $tag, "/vocabulary.ftl")),
            }),*
        ];
    };
}

languages! {
    En "en",
    ZhHans "zh-Hans",
    ZhHant "zh-Hant",
}

/// The names of the catalog files, in the order of [`Language::catalogs`].
pub const CATALOG_FILES: &[&str] = &[
    "reports.ftl",
    "problems.ftl",
    "questionnaire.ftl",
    "teaching.ftl",
    "man.ftl",
];

/// One language of the table.
#[derive(Debug)]
pub struct Language {
    pub lang: Lang,
    /// The BCP 47 tag, as rule files and pages name the language.
    pub tag: &'static str,
    /// The Fluent sources of its catalogs ([`CATALOG_FILES`]).
    pub catalogs: &'static [&'static str],
    /// The Fluent source of its [`Vocabulary`].
    pub vocabulary: &'static str,
}

impl Lang {
    /// The language's BCP 47 tag, as rule files and pages name it.
    pub fn tag(self) -> &'static str {
        self.language().tag
    }

    /// Its line of the table.
    pub fn language(self) -> &'static Language {
        &LANGUAGES[self.index()]
    }

    /// Its place in [`LANGUAGES`].
    pub fn index(self) -> usize {
        LANGUAGES
            .iter()
            .position(|l| l.lang == self)
            .expect("every Lang is in the table")
    }

    /// Its catalog, loaded the first time it is asked for.
    pub fn catalog(self) -> &'static Catalog {
        static LOADED: [OnceLock<Catalog>; LANGUAGES.len()] =
            [const { OnceLock::new() }; LANGUAGES.len()];
        LOADED[self as usize].get_or_init(|| Catalog::load(self))
    }
}

/// The language tags the environment asks for, most wanted first, as gettext reads them:
/// `LANGUAGE` (a colon-separated list, ignored when the locale is C or POSIX), then the
/// first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set. POSIX names become tags:
/// `zh_CN.UTF-8` is `zh-CN`.
pub fn requested_by_environment(var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    fn tag(locale: &str) -> Option<String> {
        let name = locale.split(['.', '@']).next().unwrap_or_default().trim();
        (!name.is_empty() && name != "C" && name != "POSIX").then(|| name.replace('_', "-"))
    }
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set);
    let mut tags = Vec::new();
    if locale.as_deref().and_then(tag).is_some()
        && let Some(list) = set("LANGUAGE")
    {
        tags.extend(list.split(':').filter_map(tag));
    }
    tags.extend(locale.as_deref().and_then(tag));
    tags
}

/// The language cp-screen speaks that best fits `requested` (most wanted first), by
/// BCP 47 negotiation: `zh`, `zh-CN`, `zh-SG` and `zh-Hans` get Simplified Chinese;
/// `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO` Traditional. `None` when nothing fits.
pub fn negotiate(requested: &[String]) -> Option<Lang> {
    negotiate_with_region(requested).map(|(lang, _)| lang)
}

/// [`negotiate`], with the region of the tag that chose the language ([`region_of`]).
pub fn negotiate_with_region(requested: &[String]) -> Option<(Lang, Option<String>)> {
    requested
        .iter()
        .find_map(|tag| Some((negotiate_one(tag)?, region_of(tag))))
}

/// The language of one requested tag.
fn negotiate_one(tag: &str) -> Option<Lang> {
    use fluent_langneg::{
        LanguageIdentifier, NegotiationStrategy, convert_vec_str_to_langids_lossy,
        negotiate_languages,
    };
    let available: Vec<LanguageIdentifier> =
        convert_vec_str_to_langids_lossy(LANGUAGES.iter().map(|l| l.tag));
    let requested: Vec<LanguageIdentifier> = convert_vec_str_to_langids_lossy([with_script(tag)]);
    let chosen = negotiate_languages(&requested, &available, None, NegotiationStrategy::Lookup);
    let tag = chosen.first()?.to_string();
    LANGUAGES.iter().find(|l| l.tag == tag).map(|l| l.lang)
}

/// A Chinese tag with its script made explicit, as CLDR's likely subtags have it: Taiwan,
/// Hong Kong and Macau write Traditional characters, everyone else Simplified (`zh-TW` is
/// `zh-Hant-TW`, `zh` is `zh-Hans`). Other languages as they are.
fn with_script(tag: &str) -> String {
    let Ok(id) = tag.parse::<unic_langid::LanguageIdentifier>() else {
        return tag.to_string();
    };
    if id.language.as_str() != "zh" || id.script.is_some() {
        return tag.to_string();
    }
    let traditional = id
        .region
        .is_some_and(|r| matches!(r.as_str(), "TW" | "HK" | "MO"));
    let script = if traditional { "Hant" } else { "Hans" };
    match id.region {
        Some(region) => format!("zh-{script}-{region}"),
        None => format!("zh-{script}"),
    }
}

/// The region a tag names, upper case (`zh-TW` and `zh-Hant-TW` are `TW`, `en-HK` is
/// `HK`), which decides what a bare 斤 weighs (the rule file's units name their regions).
/// A Chinese tag without one is the mainland's when its script is Simplified or unsaid
/// (`zh`, `zh-Hans`: `CN`), and no region when it is Traditional (`zh-Hant`: Taiwan, Hong
/// Kong and Macau each have their own 斤, so none is guessed). Any other tag without a
/// region has none.
pub fn region_of(tag: &str) -> Option<String> {
    let id = tag.parse::<unic_langid::LanguageIdentifier>().ok()?;
    if let Some(region) = id.region {
        return Some(region.as_str().to_ascii_uppercase());
    }
    let simplified = id.script.is_none_or(|s| s.as_str() == "Hans");
    (id.language.as_str() == "zh" && simplified).then(|| "CN".to_string())
}

// ---- catalogs -------------------------------------------------------------------------------

/// What `{ SP() }` leaves in a formatted text until its neighbours are known (a private-use
/// character, never in a catalog or an input that reaches here).
const GAP: char = '\u{E000}';

/// A value given to a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Str(&'a str),
    /// A whole number: written as Rust writes it, and selectable by plural category.
    Int(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a Cow<'a, str>> for Arg<'a> {
    fn from(s: &'a Cow<'a, str>) -> Self {
        Arg::Str(s)
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {
        $(impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Int(n as i64)
            }
        })*
    };
}
int_arg!(usize, u64, u32, i64);

/// A message of text, variables and `SP()` only, ready to be filled in.
#[derive(Debug)]
enum Part {
    Text(String),
    Var(String),
    Gap,
}

/// A part of a plain message, for [`Catalog::pieces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Var(&'a str),
    /// `{ SP() }`.
    Gap,
}

/// How a message is said.
enum Entry {
    /// A fixed text, kept for the life of the process.
    Text(&'static str),
    /// Text and variables only, filled in without Fluent's resolver; `gap` when it has a
    /// `{ SP() }` to close.
    Template { parts: Vec<Part>, gap: bool },
    /// Selectors, functions or references: Fluent resolves it.
    Fluent,
}

/// One catalog file of a language, loaded the first time a message is looked for in it.
struct File {
    bundle: FluentBundle<FluentResource>,
    entries: HashMap<String, Entry>,
}

/// One language's messages. Its files are loaded one by one, in the order of
/// [`CATALOG_FILES`], as far as a message asked for needs: the sentences said for every
/// record are in the first, so screening loads no more than that.
pub struct Catalog {
    pub lang: Lang,
    files: [OnceLock<File>; CATALOG_FILES.len()],
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").field("lang", &self.lang).finish()
    }
}

/// The parts of a pattern that needs no resolver, or `None`.
fn compile(pattern: &ast::Pattern<&str>) -> Option<Vec<Part>> {
    use ast::{Expression, InlineExpression as I, PatternElement as E};
    let mut parts = Vec::new();
    for element in &pattern.elements {
        match element {
            E::TextElement { value } => parts.push(Part::Text(value.to_string())),
            E::Placeable {
                expression: Expression::Inline(inline),
            } => match inline {
                I::StringLiteral { value } => parts.push(Part::Text(
                    fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned(),
                )),
                I::VariableReference { id } => parts.push(Part::Var(id.name.to_string())),
                I::FunctionReference { id, arguments }
                    if id.name == "SP"
                        && arguments.positional.is_empty()
                        && arguments.named.is_empty() =>
                {
                    parts.push(Part::Gap)
                }
                _ => return None,
            },
            E::Placeable { .. } => return None,
        }
    }
    // Neighbouring texts (a text then a string literal) become one.
    let mut merged: Vec<Part> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(Part::Text(a)), Part::Text(b)) => a.push_str(&b),
            (_, part) => merged.push(part),
        }
    }
    Some(merged)
}

/// The text of a function's first argument.
fn text_of(args: &[FluentValue<'_>]) -> String {
    match args.first() {
        Some(FluentValue::String(s)) => s.to_string(),
        Some(FluentValue::Number(n)) => n.as_string().into_owned(),
        _ => String::new(),
    }
}

/// Whether two neighbouring characters want a space between them: Chinese next to Latin
/// letters, digits or ASCII signs does; Chinese next to Chinese or full-width punctuation
/// does not; two Latin letters or digits do.
pub fn space_between(left: char, right: char) -> bool {
    (is_han(left) && right.is_ascii_graphic())
        || (left.is_ascii_graphic() && is_han(right))
        || (left.is_ascii_alphanumeric() && right.is_ascii_alphanumeric())
}

/// A Chinese ideograph (not punctuation).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Appends `text`, after a space when a gap is `waiting` and the characters on either side
/// of it want one (only the message's own text, from `start`, counts on the left).
fn push_after_gap(out: &mut String, start: usize, text: &str, waiting: &mut bool) {
    if text.is_empty() {
        return;
    }
    if std::mem::take(waiting)
        && let (Some(l), Some(r)) = (out[start..].chars().next_back(), text.chars().next())
        && space_between(l, r)
    {
        out.push(' ');
    }
    out.push_str(text);
}

/// Replaces every gap from `start` on with a space or nothing, by its neighbours.
fn close_gaps(out: &mut String, start: usize) {
    const LEN: usize = GAP.len_utf8();
    let mut from = start;
    while let Some(at) = out[from..].find(GAP).map(|i| from + i) {
        // Gaps in a row count once.
        let mut end = at + LEN;
        while out[end..].starts_with(GAP) {
            end += LEN;
        }
        let left = out[start..at].chars().next_back();
        let right = out[end..].chars().next();
        let space = matches!((left, right), (Some(l), Some(r)) if space_between(l, r));
        out.replace_range(at..end, if space { " " } else { "" });
        from = at;
    }
}

impl File {
    fn load(lang: Lang, source: &str) -> File {
        let langid: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        let _ = bundle.add_function("SP", |_, _| FluentValue::from(GAP.to_string()));
        // Case, for the languages that have it: "Gestational age" as a sentence starts.
        let _ = bundle.add_function("LOWERCASE", |args, _| {
            FluentValue::from(text_of(args).to_lowercase())
        });
        let _ = bundle.add_function("CAPITALISE", |args, _| {
            let text = text_of(args);
            let mut chars = text.chars();
            let capitalised: String = match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            };
            FluentValue::from(capitalised)
        });
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                debug_assert!(false, "{}: {errors:?}", lang.tag());
                r
            }
        };
        let mut entries = HashMap::new();
        for entry in resource.entries() {
            let ast::Entry::Message(m) = entry else {
                continue;
            };
            let entry = match m.value.as_ref().and_then(compile) {
                None => Entry::Fluent,
                Some(parts) => match parts.as_slice() {
                    [] => Entry::Text(""),
                    [Part::Text(t)] => Entry::Text(Box::leak(t.clone().into_boxed_str())),
                    _ => Entry::Template {
                        gap: parts.iter().any(|p| matches!(p, Part::Gap)),
                        parts,
                    },
                },
            };
            entries.insert(m.id.name.to_string(), entry);
        }
        let added = bundle.add_resource(resource);
        debug_assert!(added.is_ok(), "{}: {added:?}", lang.tag());
        File { bundle, entries }
    }
}

impl Catalog {
    fn load(lang: Lang) -> Catalog {
        Catalog {
            lang,
            files: [const { OnceLock::new() }; CATALOG_FILES.len()],
        }
    }

    /// The message `id` of this catalog.
    fn find(&'static self, id: &str) -> Option<Message> {
        let sources = self.lang.language().catalogs;
        self.files.iter().zip(sources).find_map(|(file, source)| {
            let file = file.get_or_init(|| File::load(self.lang, source));
            file.entries.get(id).map(|entry| Message { file, entry })
        })
    }

    /// Whether the catalog has the message `id`.
    pub fn has(&'static self, id: &str) -> bool {
        self.find(id).is_some()
    }

    /// The message `id`: this catalog's, or English's when this one lacks it (a debug
    /// build stops there: the tests say every message).
    pub fn message(&'static self, id: &str) -> Option<Message> {
        self.find(id).or_else(|| {
            debug_assert!(false, "no message {id} in {}", self.lang.tag());
            self.english_instead(id)
        })
    }

    fn english_instead(&'static self, id: &str) -> Option<Message> {
        if self.lang == Lang::En {
            None
        } else {
            Lang::En.catalog().find(id)
        }
    }

    /// The parts of a message of text and variables only, as a caller that writes them
    /// itself wants them (`words::because_into`); empty when the message needs Fluent.
    pub fn pieces(&'static self, id: &str) -> Vec<Piece<'static>> {
        match self.message(id).map(|m| m.entry) {
            Some(Entry::Text(text)) => vec![Piece::Text(text)],
            Some(Entry::Template { parts, .. }) => parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => Piece::Text(t),
                    Part::Var(v) => Piece::Var(v),
                    Part::Gap => Piece::Gap,
                })
                .collect(),
            _ => {
                debug_assert!(false, "{id} is not a plain pattern");
                Vec::new()
            }
        }
    }

    /// A message that is a fixed text (no variables), resolved once.
    pub fn text(&'static self, id: &str) -> &'static str {
        match self.message(id) {
            Some(Message {
                entry: Entry::Text(text),
                ..
            }) => text,
            // A message with variables asked for as a text: say it once and keep it.
            _ => Box::leak(self.format(id, &[]).into_boxed_str()),
        }
    }

    /// The message `id` with `args`.
    pub fn format(&'static self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut out = String::new();
        self.format_into(&mut out, id, args);
        out
    }

    /// Appends the message `id` with `args` to `out`.
    pub fn format_into(&'static self, out: &mut String, id: &str, args: &[(&str, Arg<'_>)]) {
        match self.message(id) {
            Some(m) => m.format_into(out, id, args),
            // In no catalog at all: the id says at least which sentence is missing.
            None => out.push_str(id),
        }
    }
}

/// A message found once, to be said many times (`words` keeps one per place it is said).
#[derive(Clone, Copy)]
pub struct Message {
    file: &'static File,
    entry: &'static Entry,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Message")
    }
}

impl Message {
    /// The message as a fixed text, if it is one.
    pub fn as_text(&self) -> Option<&'static str> {
        match self.entry {
            Entry::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The message `id` (named for errors) with `args`.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        // Room for the usual sentence at once: growing a string by its parts reallocated
        // it several times per message (a tenth of a text report's cost).
        let mut out = String::with_capacity(match self.entry {
            Entry::Text(text) => text.len(),
            _ => 128,
        });
        self.format_into(&mut out, id, args);
        out
    }

    /// Appends the message with `args` to `out`.
    pub fn format_into(&self, out: &mut String, id: &str, args: &[(&str, Arg<'_>)]) {
        let start = out.len();
        match self.entry {
            Entry::Text(text) => out.push_str(text),
            Entry::Template { parts, gap } => {
                // A gap waits for the text after it, then is a space or nothing.
                let mut waiting = false;
                for part in parts {
                    let text = match part {
                        Part::Text(t) => t.as_str(),
                        Part::Gap => {
                            waiting = *gap;
                            continue;
                        }
                        Part::Var(name) => match args.iter().find(|(n, _)| n == name) {
                            Some((_, Arg::Str(s))) => s,
                            Some((_, Arg::Int(n))) => {
                                let mut digits = itoa::Buffer::new();
                                push_after_gap(out, start, digits.format(*n), &mut waiting);
                                continue;
                            }
                            None => {
                                debug_assert!(false, "{id}: no ${name}");
                                continue;
                            }
                        },
                    };
                    push_after_gap(out, start, text, &mut waiting);
                }
            }
            Entry::Fluent => {
                let bundle = &self.file.bundle;
                let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                    return out.push_str(id);
                };
                let mut fluent_args = FluentArgs::with_capacity(args.len());
                for (name, arg) in args {
                    match arg {
                        Arg::Str(s) => fluent_args.set(*name, FluentValue::from(*s)),
                        Arg::Int(n) => fluent_args.set(*name, FluentValue::from(*n)),
                    }
                }
                let mut errors = Vec::new();
                let said = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                debug_assert!(errors.is_empty(), "{id}: {errors:?}");
                out.push_str(&said);
                close_gaps(out, start);
            }
        }
    }
}

// ---- vocabulary -----------------------------------------------------------------------------

/// What a word typed or written in a record means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Meaning {
    Yes,
    No,
    /// Don't know, unknown, a missing value.
    Unknown,
    /// Plain-mode commands of the questionnaire.
    Help,
    Back,
    Confirm,
}

impl Meaning {
    pub const ALL: [Meaning; 6] = [
        Meaning::Yes,
        Meaning::No,
        Meaning::Unknown,
        Meaning::Help,
        Meaning::Back,
        Meaning::Confirm,
    ];

    /// The vocabulary message of the words a person types at the prompt for it.
    fn shortcut_id(self) -> &'static str {
        match self {
            Meaning::Yes => "shortcut-yes",
            Meaning::No => "shortcut-no",
            Meaning::Unknown => "shortcut-dont-know",
            Meaning::Help => "shortcut-help",
            Meaning::Back => "shortcut-back",
            Meaning::Confirm => "shortcut-confirm",
        }
    }

    /// The vocabulary message of the further words a record may hold for it.
    fn record_id(self) -> Option<&'static str> {
        match self {
            Meaning::Yes => Some("record-yes"),
            Meaning::No => Some("record-no"),
            Meaning::Unknown => Some("record-unknown"),
            _ => None,
        }
    }
}

/// The words for yes, no, don't know and the plain-mode commands, of one language
/// ([`Vocabulary::of`]) or of all of them ([`Vocabulary::all`]).
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Every word and what it means, in lower case (ASCII letters folded).
    words: Vec<(&'static str, Meaning)>,
    /// The words typed at the prompt, per [`Meaning::ALL`], in the catalog's order.
    shortcuts: [Vec<&'static str>; 6],
}

/// The comma-separated words of a message of a vocabulary catalog.
fn word_list(resource: &FluentResource, id: &str) -> Vec<String> {
    use ast::{Expression, InlineExpression as I, PatternElement as E};
    let mut text = String::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(m) = entry
            && m.id.name == id
            && let Some(pattern) = &m.value
        {
            for element in &pattern.elements {
                match element {
                    E::TextElement { value } => text.push_str(value),
                    E::Placeable {
                        expression: Expression::Inline(I::StringLiteral { value }),
                    } => text.push_str(&fluent_syntax::unicode::unescape_unicode_to_string(value)),
                    E::Placeable { .. } => {}
                }
            }
        }
    }
    text.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

impl Vocabulary {
    fn load(lang: Lang) -> Vocabulary {
        let source = lang.language().vocabulary;
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, e)| {
            debug_assert!(false, "{}: {e:?}", lang.tag());
            r
        });
        let mut v = Vocabulary::default();
        for (i, meaning) in Meaning::ALL.into_iter().enumerate() {
            let shortcuts = word_list(&resource, meaning.shortcut_id());
            let record = meaning
                .record_id()
                .map(|id| word_list(&resource, id))
                .unwrap_or_default();
            // Each word is kept once for the whole run, the shortcuts pointing at it.
            for (j, word) in shortcuts.iter().chain(&record).enumerate() {
                let kept = v.keep(word, meaning);
                if j < shortcuts.len() {
                    v.shortcuts[i].push(kept);
                }
            }
        }
        v
    }

    fn add(&mut self, word: &'static str, meaning: Meaning) {
        if !self.words.iter().any(|(w, _)| *w == word) {
            self.words.push((word, meaning));
        }
    }

    /// `add` for a word read from a catalog: kept for the run (once, however often it is
    /// listed), and the kept word returned.
    fn keep(&mut self, word: &str, meaning: Meaning) -> &'static str {
        if let Some((kept, _)) = self.words.iter().find(|(w, _)| *w == word) {
            return kept;
        }
        let kept: &'static str = Box::leak(word.into());
        self.words.push((kept, meaning));
        kept
    }

    /// The words of `lang`.
    pub fn of(lang: Lang) -> &'static Vocabulary {
        static LOADED: [OnceLock<Vocabulary>; LANGUAGES.len()] =
            [const { OnceLock::new() }; LANGUAGES.len()];
        LOADED[lang as usize].get_or_init(|| Vocabulary::load(lang))
    }

    /// The words of every language: what a record file may hold, whatever the language of
    /// the run (a record reads the same in every locale).
    pub fn all() -> &'static Vocabulary {
        static ALL: OnceLock<Vocabulary> = OnceLock::new();
        ALL.get_or_init(|| {
            let union = Vocabulary::union();
            debug_assert!(union.is_ok(), "{union:?}");
            union.unwrap_or_else(|(v, _)| v)
        })
    }

    /// The union of every language's words, or the words that mean two things.
    #[allow(clippy::result_large_err)]
    fn union() -> Result<Vocabulary, (Vocabulary, Vec<String>)> {
        let mut all = Vocabulary::default();
        let mut clashes = Vec::new();
        for language in LANGUAGES {
            let v = Vocabulary::of(language.lang);
            for &(word, meaning) in &v.words {
                match all.words.iter().find(|(w, _)| *w == word) {
                    Some((_, m)) if *m != meaning => clashes.push(format!(
                        "{word:?} means {m:?} and, in {}, {meaning:?}",
                        language.tag
                    )),
                    _ => all.add(word, meaning),
                }
            }
            for (i, words) in v.shortcuts.iter().enumerate() {
                for word in words {
                    if !all.shortcuts[i].contains(word) {
                        all.shortcuts[i].push(word);
                    }
                }
            }
        }
        if clashes.is_empty() {
            Ok(all)
        } else {
            Err((all, clashes))
        }
    }

    /// What `text` means (ASCII letters in any case; the caller trims), if it is a word of
    /// this vocabulary.
    pub fn meaning(&self, text: &str) -> Option<Meaning> {
        self.words
            .iter()
            .find(|(w, _)| w.len() == text.len() && w.eq_ignore_ascii_case(text))
            .map(|(_, m)| *m)
    }

    /// Whether `text` means `meaning`.
    pub fn means(&self, text: &str, meaning: Meaning) -> bool {
        self.meaning(text) == Some(meaning)
    }

    /// Every word that means `meaning`, in lower case.
    pub fn words(&self, meaning: Meaning) -> impl Iterator<Item = &'static str> + '_ {
        self.words
            .iter()
            .filter(move |(_, m)| *m == meaning)
            .map(|(w, _)| *w)
    }

    /// The words typed at the questionnaire's prompt for `meaning`, in the catalog's order.
    pub fn shortcuts(&self, meaning: Meaning) -> &[&'static str] {
        let i = Meaning::ALL
            .iter()
            .position(|m| *m == meaning)
            .unwrap_or_default();
        &self.shortcuts[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_environment_is_read_as_gettext_reads_it() {
        let tags = |pairs: &[(&str, &str)]| requested_by_environment(env(pairs));
        assert_eq!(tags(&[("LANG", "zh_CN.UTF-8")]), ["zh-CN"]);
        assert_eq!(
            tags(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_SG.UTF-8")]),
            ["zh-SG"]
        );
        assert_eq!(
            tags(&[("LC_ALL", "de_DE@euro"), ("LC_MESSAGES", "zh_CN")]),
            ["de-DE"]
        );
        assert_eq!(
            tags(&[("LANG", "en_GB.UTF-8"), ("LANGUAGE", "zh_CN:en")]),
            ["zh-CN", "en", "en-GB"]
        );
        // LANGUAGE counts only when the locale is not C, as in gettext.
        assert!(tags(&[("LANG", "C.UTF-8"), ("LANGUAGE", "zh_CN")]).is_empty());
        assert!(tags(&[("LANG", ""), ("LC_ALL", "POSIX")]).is_empty());
        assert!(tags(&[]).is_empty());
    }

    #[test]
    fn chinese_in_any_of_its_usual_names_is_negotiated() {
        let one = |tag: &str| negotiate(&[tag.to_string()]);
        assert_eq!(one("en"), Some(Lang::En));
        assert_eq!(one("en-GB"), Some(Lang::En));
        assert_eq!(one("fr"), None);
        let tags = |t: &[&str]| negotiate(&t.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(tags(&["fr", "en"]), Some(Lang::En));
        assert_eq!(tags(&[]), None);
        for tag in ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-CN"] {
            assert_eq!(one(tag).map(Lang::tag), Some("zh-Hans"), "{tag}");
        }
        assert_eq!(tags(&["fr", "zh-CN", "en"]).map(Lang::tag), Some("zh-Hans"));
    }

    #[test]
    fn traditional_chinese_and_its_regions_are_negotiated() {
        let one = |tag: &str| negotiate_with_region(&[tag.to_string()]);
        let lang_region = |lang: &'static str, region: Option<&str>| {
            Some((
                LANGUAGES.iter().find(|l| l.tag == lang).unwrap().lang,
                region.map(str::to_string),
            ))
        };
        for (tag, lang, region) in [
            ("zh-Hant", "zh-Hant", None),
            ("zh-TW", "zh-Hant", Some("TW")),
            ("zh-Hant-TW", "zh-Hant", Some("TW")),
            ("zh-HK", "zh-Hant", Some("HK")),
            ("zh-Hant-HK", "zh-Hant", Some("HK")),
            ("zh-MO", "zh-Hant", Some("MO")),
            ("zh_TW", "zh-Hant", Some("TW")),
            ("zh", "zh-Hans", Some("CN")),
            ("zh-Hans", "zh-Hans", Some("CN")),
            ("zh-CN", "zh-Hans", Some("CN")),
            ("zh-Hans-CN", "zh-Hans", Some("CN")),
            ("zh-SG", "zh-Hans", Some("SG")),
            ("zh-Hans-TW", "zh-Hans", Some("TW")),
            ("zh-Hant-CN", "zh-Hant", Some("CN")),
            ("en", "en", None),
            ("en-HK", "en", Some("HK")),
            ("en-US", "en", Some("US")),
        ] {
            let tag = tag.replace('_', "-");
            assert_eq!(one(&tag), lang_region(lang, region), "{tag}");
        }
        assert_eq!(one("fr-TW"), None);
        // The locale's own names, as gettext reads them.
        let env = |pairs: &[(&str, &str)]| {
            negotiate_with_region(&requested_by_environment(super::tests::env(pairs)))
        };
        assert_eq!(
            env(&[("LANG", "zh_TW.UTF-8")]),
            lang_region("zh-Hant", Some("TW"))
        );
        assert_eq!(
            env(&[("LC_ALL", "zh_HK.Big5")]),
            lang_region("zh-Hant", Some("HK"))
        );
        assert_eq!(
            env(&[("LC_MESSAGES", "zh_MO.UTF-8")]),
            lang_region("zh-Hant", Some("MO"))
        );
        assert_eq!(
            env(&[("LANG", "zh_CN.GB18030")]),
            lang_region("zh-Hans", Some("CN"))
        );
        assert_eq!(
            env(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "fr:zh_TW:en")]),
            lang_region("zh-Hant", Some("TW"))
        );
        // No Traditional locale gets Simplified Chinese.
        for tag in ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-SG"] {
            assert_eq!(
                negotiate(&[tag.to_string()]).map(Lang::tag),
                Some("zh-Hant"),
                "{tag}"
            );
        }
    }

    #[test]
    fn the_table_is_in_the_order_of_the_enum_and_english_first() {
        assert_eq!(LANGUAGES[0].lang, Lang::En);
        for (i, l) in LANGUAGES.iter().enumerate() {
            assert_eq!(l.lang as usize, i);
            assert_eq!(l.lang.index(), i);
            assert_eq!(l.catalogs.len(), CATALOG_FILES.len());
        }
    }

    /// Each message of a source: its attributes and the variables it (and its attributes)
    /// use, so that two languages can be compared.
    fn shape(source: &str) -> Vec<(String, BTreeSet<String>, BTreeSet<String>)> {
        fn vars_of(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
            for element in &pattern.elements {
                if let ast::PatternElement::Placeable { expression } = element {
                    vars_in_expression(expression, out);
                }
            }
        }
        fn vars_in_inline(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
            use ast::InlineExpression as I;
            match e {
                I::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                I::FunctionReference { arguments, .. } => {
                    for a in &arguments.positional {
                        vars_in_inline(a, out);
                    }
                }
                I::Placeable { expression } => vars_in_expression(expression, out),
                _ => {}
            }
        }
        fn vars_in_expression(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                ast::Expression::Inline(i) => vars_in_inline(i, out),
                ast::Expression::Select { selector, variants } => {
                    vars_in_inline(selector, out);
                    for v in variants {
                        vars_of(&v.value, out);
                    }
                }
            }
        }
        let resource =
            FluentResource::try_new(source.to_string()).unwrap_or_else(|(_, e)| panic!("{e:?}"));
        let mut messages = Vec::new();
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    vars_of(p, &mut vars);
                }
                let mut attributes = BTreeSet::new();
                for a in &m.attributes {
                    attributes.insert(a.id.name.to_string());
                    vars_of(&a.value, &mut vars);
                }
                messages.push((m.id.name.to_string(), attributes, vars));
            }
        }
        messages.sort();
        messages
    }

    #[test]
    fn every_catalog_has_the_messages_attributes_and_variables_of_english() {
        let english = &LANGUAGES[0];
        for language in &LANGUAGES[1..] {
            let pairs = english
                .catalogs
                .iter()
                .zip(language.catalogs)
                .chain([(&english.vocabulary, &language.vocabulary)]);
            for (file, (en, other)) in CATALOG_FILES.iter().chain(&["vocabulary.ftl"]).zip(pairs) {
                let (en, other) = (shape(en), shape(other));
                let ids = |s: &[(String, _, _)]| -> BTreeSet<String> {
                    s.iter().map(|(id, _, _)| id.clone()).collect()
                };
                assert_eq!(
                    ids(&en)
                        .symmetric_difference(&ids(&other))
                        .collect::<Vec<_>>(),
                    Vec::<&String>::new(),
                    "{}/{file}: messages only in one of en and {}",
                    language.tag,
                    language.tag
                );
                for (a, b) in en.iter().zip(&other) {
                    assert_eq!(
                        a, b,
                        "{}/{file}: {} differs from English",
                        language.tag, a.0
                    );
                }
            }
        }
    }

    #[test]
    fn every_catalog_parses_without_errors() {
        for language in LANGUAGES {
            for source in language.catalogs.iter().chain([&language.vocabulary]) {
                if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                    panic!("{}: {errors:?}", language.tag);
                }
            }
        }
    }

    #[test]
    fn gaps_become_spaces_only_between_chinese_and_latin() {
        let closed = |s: &str| {
            let mut out = s.replace('^', &GAP.to_string());
            close_gaps(&mut out, 0);
            out
        };
        assert_eq!(closed("以^g^为单位"), "以 g 为单位");
        assert_eq!(closed("以^周^为单位"), "以周为单位");
        assert_eq!(closed("“x”^不是"), "“x”不是");
        assert_eq!(closed("实际是^true"), "实际是 true");
        assert_eq!(closed("^abc"), "abc");
        assert_eq!(closed("a^^b"), "a b");
    }

    #[test]
    fn a_message_missing_from_a_catalog_is_said_in_english() {
        let zh = Lang::ZhHans.catalog();
        assert!(zh.find("no-such-message").is_none());
        assert!(zh.english_instead("no-such-message").is_none());
        assert!(zh.has("list-separator"));
        let english = zh
            .english_instead("list-separator")
            .expect("English has it");
        assert_eq!(english.as_text(), Some(", "));
        // Every id is in every catalog (another test), so the fallback is said in a
        // release build only, where a missing message does not stop the program.
        if !cfg!(debug_assertions) {
            assert_eq!(zh.format("no-such-message", &[]), "no-such-message");
        }
    }

    #[test]
    fn no_word_means_two_things_in_any_language() {
        let union = Vocabulary::union();
        assert!(union.is_ok(), "{:?}", union.err().map(|(_, c)| c));
        for language in LANGUAGES {
            let v = Vocabulary::of(language.lang);
            assert!(v.shortcuts(Meaning::Yes).len() >= 2, "{}", language.tag);
        }
    }

    #[test]
    fn the_union_holds_every_word_a_record_was_read_with() {
        let all = Vocabulary::all();
        // The words answers.rs accepted in records before the vocabulary was shared.
        for w in [
            "unknown",
            "na",
            "n/a",
            ".",
            "don't know",
            "dont know",
            "don\u{2019}t know",
            "不清楚",
            "不知道",
        ] {
            assert_eq!(all.meaning(w), Some(Meaning::Unknown), "{w}");
        }
        for w in ["yes", "y", "true", "1", "有", "是", "YES", "True"] {
            assert_eq!(all.meaning(w), Some(Meaning::Yes), "{w}");
        }
        for w in ["no", "n", "false", "0", "没有", "否", "No"] {
            assert_eq!(all.meaning(w), Some(Meaning::No), "{w}");
        }
        // And the prompt's words, which records had drifted from.
        assert_eq!(all.meaning("无"), Some(Meaning::No));
        assert_eq!(all.meaning("不确定"), Some(Meaning::Unknown));
        assert_eq!(all.meaning("返回"), Some(Meaning::Back));
        assert_eq!(all.meaning("maybe"), None);
        assert_eq!(
            Vocabulary::of(Lang::En).shortcuts(Meaning::Yes),
            ["yes", "y"]
        );
    }
}
