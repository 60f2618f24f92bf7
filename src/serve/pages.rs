//! The pages: start, one question per page, the review, the result and the error pages.
//! Forms and buttons only; the one script (`/print.js`) makes the Print button work and
//! nothing else needs it. Texts are the questionnaire's catalog messages (`serve-*` for
//! what only a browser needs) and the rule file's; every value goes through maud, which
//! escapes it. The result is the printable report of `--format html`, with a bar of
//! buttons above it that does not print.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use super::flow::{Shown, asked_questions};
use super::{BODY_LIMIT, Expected, Form, Problem, Server};
use crate::answers::{Answer, Answers};
use crate::engine::ScreenResult;
use crate::locale::{Arg, LANGUAGES, Lang};
use crate::output::Output;
use crate::output::html::{HtmlReport, Paper};
use crate::rules::{QuestionKind, RuleSet};
use crate::words::{self, Phrase};

/// The style of the questionnaire's pages (and of the bar above the result).
const STYLE: &str = r#"
* { box-sizing: border-box; }
html { font: 1.0625rem/1.5 "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #111; background: #fff; }
body { margin: 0; }
.bar, main { max-width: 42rem; margin: 0 auto; padding: 0.75rem 1rem; }
.bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid #767676; }
.bar p { margin: 0; font-weight: 600; }
.langs { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0; padding: 0; list-style: none; }
.langs a, .langs button { display: inline-block; padding: 0.35rem 0.6rem; }
[aria-current] { font-weight: 700; text-decoration: none; border: 2px solid #111; padding: 0.25rem 0.5rem; }
h1 { font-size: 1.4rem; line-height: 1.3; margin: 0.25rem 0 0.75rem; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
legend { padding: 0; }
.progress { margin: 0.25rem 0; color: #333; }
.help { margin: 0 0 1rem; }
.echo { border-left: 4px solid #0b5d1e; padding: 0.25rem 0.75rem; background: #eef7ef; }
.error { border-left: 4px solid #a4001d; padding: 0.25rem 0.75rem; background: #fbeff1; font-weight: 600; }
.choice { display: flex; gap: 0.75rem; align-items: center; border: 1px solid #767676; border-radius: 4px; padding: 0.6rem 0.75rem; margin: 0.5rem 0; cursor: pointer; }
.choice input { width: 1.3rem; height: 1.3rem; margin: 0; flex: none; }
.choice:has(input:checked) { border: 2px solid #111; background: #f2f2f2; }
label.field { display: block; font-weight: 600; margin: 0.5rem 0 0.25rem; }
input[type=text] { font: inherit; width: 100%; max-width: 20rem; padding: 0.5rem; border: 2px solid #555; border-radius: 4px; }
input[aria-invalid=true] { border-color: #a4001d; }
.hint { color: #333; margin: 0.25rem 0 1rem; }
.buttons { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1.25rem 0; }
button, .button { font: inherit; padding: 0.6rem 1rem; border: 2px solid #0b4f9c; border-radius: 4px; background: #fff; color: #0b4f9c; cursor: pointer; text-decoration: none; display: inline-block; }
button.primary { background: #0b4f9c; color: #fff; }
button.link { border: 0; background: none; padding: 0.35rem 0.6rem; text-decoration: underline; color: #0b4f9c; }
a { color: #0b4f9c; }
:focus-visible { outline: 3px solid #d4351c; outline-offset: 2px; box-shadow: 0 0 0 6px #ffdd00; }
.notice { border: 2px solid #111; padding: 0.5rem 1rem; margin: 1.25rem 0; }
.notice p { margin: 0.25rem 0; }
.review { margin: 0; padding: 0; }
.review div { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; justify-content: space-between; border-bottom: 1px solid #767676; padding: 0.5rem 0; }
.review dt { flex: 1 1 100%; }
.review dd { margin: 0; font-weight: 700; }
.sets label { display: block; border: 1px solid #767676; border-radius: 4px; padding: 0.6rem 0.75rem; margin: 0.5rem 0; }
.small { font-size: 0.95rem; color: #333; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; border-bottom: 2px solid #111; }
.toolbar form { margin: 0; }
.toolbar p { margin: 0; flex-basis: 100%; }
@media print { .bar, .toolbar, .noprint { display: none !important; } }
"#;

/// The style added to the printable report: the pages' own, on screen only, so that the
/// report prints exactly as `--format html` does.
fn result_style() -> String {
    format!(
        "@media screen {{{STYLE}{RESULT_ON_SCREEN}}}\n@media print {{ .bar, .toolbar {{ display: none !important; }} }}\n"
    )
}

/// The printable report read on a screen (a tablet, a phone): one column as wide as the
/// bars above it, and no text under the size of the rest of the page.
const RESULT_ON_SCREEN: &str = r#"
body { max-width: none; margin: 0; padding: 0; }
.bar, .toolbar, main { max-width: 52rem; margin: 0 auto; padding: 0.75rem 1rem; }
h2 { font-size: 1.15rem; }
.meta, .factor .why, .factor .common, .answers, footer { font-size: 0.95rem; line-height: 1.4; }
.factor .why, .factor .common { margin-left: 1.25rem; }
@media (max-width: 40rem) { .answers { columns: 1; } }
"#;

/// The Print button's script: the only script, and the page works without it.
pub const PRINT_SCRIPT: &str = "document.querySelectorAll('[data-print]').forEach(function (b) {\n  b.hidden = false;\n  b.addEventListener('click', function () { window.print(); });\n});\n";

/// SHA-256 in base64, as a Content-Security-Policy names an inline style it allows.
fn csp_hash(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::from("'sha256-");
    for chunk in digest.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out.push('\'');
    out
}

/// The inline style of the printable report's head.
fn report_style(rules: &RuleSet, paper: Paper) -> String {
    let mut head = Vec::new();
    let _ = HtmlReport::new(rules, paper, false).opening(&mut head);
    let head = String::from_utf8_lossy(&head);
    head.split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style.to_string())
        .unwrap_or_default()
}

/// The policy of every response: nothing from anywhere else; only these pages' own two
/// styles (by their hashes) and the print script from this server; forms post only here;
/// no framing.
pub fn content_security_policy(forms: &[Form], paper: Paper) -> String {
    let mut styles = vec![csp_hash(STYLE), csp_hash(&result_style())];
    for form in forms {
        for rules in &form.by_lang {
            let hash = csp_hash(&report_style(rules, paper));
            if !styles.contains(&hash) {
                styles.push(hash);
            }
        }
    }
    format!(
        "default-src 'none'; style-src {}; script-src 'self'; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'",
        styles.join(" ")
    )
}

/// A fixed text of the language of the page.
pub fn text(id: &str) -> &'static str {
    words::chosen().catalog().text(id)
}

/// A message of the language of the page, with its values.
fn say(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    words::chosen().catalog().format(id, args)
}

/// A language's name in itself, for the switch.
fn language_name(lang: Lang) -> &'static str {
    lang.catalog().text("serve-language-name")
}

/// A page: `lang`, the style, the title.
fn page(lang: Lang, title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// The rule file's language, on an element holding its texts, when it is not the page's
/// (a rule file without texts in the page's language).
fn texts_lang(rules: &RuleSet, lang: Lang) -> Option<&str> {
    (rules.language != lang.tag()).then_some(rules.language.as_str())
}

/// The answers so far, in hidden fields: the state every form sends back.
fn state(form: &Form, lang: Lang, answers: &Answers) -> Markup {
    let rules = form.rules(lang);
    let record = crate::ask::answers_to_json(rules, answers);
    html! {
        input type="hidden" name="set" value=(form.name);
        input type="hidden" name="lang" value=(lang.tag());
        // The region the answers were read in: the pages that follow read them so too.
        @if let Some(region) = &form.region {
            input type="hidden" name="region" value=(region);
        }
        // The answers only: a record may carry more (an id, where it came from).
        @for q in rules.questions() {
            @if let Some(value) = record.get(&q.id) {
                input type="hidden" name=(format!("a.{}", q.id)) value=(match value {
                    serde_json::Value::String(s) => s.clone(),
                    // The shortest text that reads back as the same number: 31, not 31.0.
                    serde_json::Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |v| v.to_string()),
                    other => other.to_string(),
                });
            }
        }
    }
}

/// Which page a language switch is on, so that it can show it again.
pub struct Here<'a> {
    pub view: &'a str,
    pub at: Option<usize>,
    pub from_review: bool,
}

/// The bar at the top: the rule set's title and the language switch, which posts the
/// answers so far to show the same page in another language.
fn bar(form: &Form, lang: Lang, answers: &Answers, here: Here<'_>) -> Markup {
    let rules = form.rules(lang);
    html! {
        header.bar {
            p lang=[texts_lang(rules, lang)] { (rules.title) }
            form method="post" action="/" {
                (state(form, lang, answers))
                input type="hidden" name="view" value=(here.view);
                @if let Some(at) = here.at { input type="hidden" name="at" value=(at); }
                @if here.from_review { input type="hidden" name="review" value="1"; }
                (switch(lang, |l| html! {
                    button.link type="submit" name="switch" value=(l.tag()) lang=(l.tag()) { (language_name(l)) }
                }))
            }
        }
    }
}

/// The language switch: the page's language marked, the others as `other` draws them.
fn switch(lang: Lang, other: impl Fn(Lang) -> Markup) -> Markup {
    html! {
        ul.langs aria-label=(text("serve-language")) {
            @for l in LANGUAGES {
                li {
                    @if l.lang == lang {
                        span aria-current="true" lang=(l.tag) { (language_name(l.lang)) }
                    } @else {
                        (other(l.lang))
                    }
                }
            }
        }
    }
}

/// The rule set's three sentences: not a diagnosis, nothing found does not rule it out,
/// see a clinician.
fn notice(rules: &RuleSet, lang: Lang) -> Markup {
    let r = &rules.report;
    html! {
        div.notice role="note" lang=[texts_lang(rules, lang)] {
            p { (r.not_a_diagnosis) }
            p { (r.none_does_not_rule_out) }
            p { (r.see_clinician) }
        }
    }
}

/// `GET /`: what this is, which rule set, the language.
/// `region` is the one the answers will be read in ([`super::request_region`]).
pub fn start(server: &Server, lang: Lang, chosen: usize, region: Option<&str>) -> String {
    let w = words::get();
    let first = server.forms[chosen.min(server.forms.len() - 1)].rules(lang);
    let body = html! {
        header.bar {
            p { "cp-screen" }
            (switch(lang, |l| html! {
                a href=(format!("/?lang={}&set={}", l.tag(), server.forms[chosen].name)) lang=(l.tag()) hreflang=(l.tag()) { (language_name(l)) }
            }))
        }
        main {
            h1 { (text("serve-start-title")) }
            (notice(first, lang))
            p { (w.phrase(Phrase::AlwaysDontKnow)) }
            form method="post" action="/" {
                input type="hidden" name="lang" value=(lang.tag());
                @if let Some(region) = region {
                    input type="hidden" name="region" value=(region);
                }
                fieldset.sets {
                    legend { h2 { (text("serve-choose-set")) } }
                    @for (i, form) in server.forms.iter().enumerate() {
                        @let rules = form.rules(lang);
                        @let sections: Vec<String> = rules.sections.iter().map(|s| s.title.clone()).collect();
                        label {
                            input type="radio" name="set" value=(form.name) checked[i == chosen];
                            " " b lang=[texts_lang(rules, lang)] { (rules.title) }
                            br;
                            span.small { (w.intro(rules.questions.len(), &sections)) }
                        }
                    }
                }
                div.buttons {
                    button.primary type="submit" name="go" value="start" { (text("serve-start")) }
                }
            }
            p.small { (text("serve-nothing-kept")) }
        }
    };
    page(lang, text("serve-start-title"), body)
}

/// A question: its text as the legend, its help, the answers (yes / no / don't know, or a
/// box for a number), Next and Back.
pub fn question(
    server: &Server,
    form: &Form,
    lang: Lang,
    answers: &mut Answers,
    i: usize,
    from_review: bool,
    shown: &Shown,
) -> String {
    let _ = server;
    let w = words::get();
    let rules = form.rules(lang);
    // Which questions are asked follows the answers; the state sent on is the cleared one.
    asked_questions(rules, answers);
    let q = &rules.questions[i];
    let total = rules.questions.len();
    let section = &rules.sections[q.section];
    let progress = say(
        "serve-progress",
        &[
            ("section", Arg::Str(&section.title)),
            ("n", Arg::Int(i as i64 + 1)),
            ("total", Arg::Int(total as i64)),
        ],
    );
    let current = &answers.values[i];
    let rl = texts_lang(rules, lang);
    let described: Vec<&str> = [
        q.help.as_ref().map(|_| "help"),
        matches!(q.kind, QuestionKind::Number(_)).then_some("hint"),
        shown.error.as_ref().map(|_| "error"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let body = html! {
        (bar(form, lang, answers, Here { view: "question", at: Some(i), from_review }))
        main {
            p.progress lang=[rl] { (progress) }
            @if let Some(echo) = &shown.echo {
                p.echo role="status" { (echo.trim()) }
            }
            form method="post" action="/" {
                (state(form, lang, answers))
                input type="hidden" name="at" value=(i);
                @if from_review { input type="hidden" name="review" value="1"; }
                fieldset aria-describedby=[(!described.is_empty()).then(|| described.join(" "))] {
                    legend { h1 lang=[rl] { (q.text) } }
                    @if let Some(help) = &q.help {
                        p.help #help lang=[rl] { (help) }
                    }
                    @if let Some(error) = &shown.error {
                        p.error #error role="alert" { (error) }
                    }
                    @match &q.kind {
                        QuestionKind::YesNo => {
                            @let checked = match current {
                                Answer::Yes => "yes",
                                Answer::No => "no",
                                // Nothing yet, or don't know: the terminal's default too.
                                _ => "unknown",
                            };
                            @for (value, phrase) in [("yes", Phrase::Yes), ("no", Phrase::No), ("unknown", Phrase::DontKnow)] {
                                label.choice {
                                    input type="radio" name="answer" value=(value) checked[value == checked];
                                    span { (w.phrase(phrase)) }
                                }
                            }
                        }
                        QuestionKind::Number(spec) => {
                            @let value = shown.typed.clone().or_else(|| match current {
                                Answer::Number { value, written } => Some(written.as_deref().map(str::to_string).unwrap_or_else(|| crate::notation::format_plain(*value, 6))),
                                _ => None,
                            });
                            label.field for="answer" { (w.phrase(Phrase::YourAnswer)) }
                            input #answer type="text" name="answer" value=[value] autocomplete="off" spellcheck="false" autocapitalize="off"
                                aria-invalid=[shown.error.as_ref().map(|_| "true")]
                                aria-describedby=(if shown.error.is_some() { "hint error" } else { "hint" });
                            p.hint #hint {
                                (say("serve-number-hint", &[("forms", Arg::Str(&w.forms(spec))), ("range", Arg::Str(&w.range(spec)))]))
                            }
                        }
                    }
                }
                div.buttons {
                    button.primary type="submit" name="go" value="next" { (text("serve-next")) }
                    @if matches!(q.kind, QuestionKind::Number(_)) {
                        button type="submit" name="go" value="dontknow" { (w.phrase(Phrase::DontKnow)) }
                    }
                    button type="submit" name="go" value="back" {
                        (if from_review { text("serve-back-to-review") } else { text("serve-back") })
                    }
                }
            }
            (notice(rules, lang))
        }
    };
    page(lang, &format!("{progress} – {}", q.label), body)
}

/// The review: every question asked with its answer, each with a Change button.
pub fn review(server: &Server, form: &Form, lang: Lang, answers: &mut Answers) -> String {
    review_with(server, form, lang, answers, None)
}

/// The review, after the echo of the last answer when there is one.
pub fn review_with(
    server: &Server,
    form: &Form,
    lang: Lang,
    answers: &mut Answers,
    echo: Option<String>,
) -> String {
    let _ = server;
    let rules = form.rules(lang);
    let shown = asked_questions(rules, answers);
    let rl = texts_lang(rules, lang);
    let body = html! {
        (bar(form, lang, answers, Here { view: "review", at: None, from_review: false }))
        main {
            @if let Some(echo) = &echo {
                p.echo role="status" { (echo.trim()) }
            }
            h1 { (text("serve-review-heading")) }
            p { (text("serve-review-intro")) }
            form method="post" action="/" {
                (state(form, lang, answers))
                dl.review {
                    @for &i in &shown {
                        @let q = &rules.questions[i];
                        div {
                            dt lang=[rl] { (i + 1) ". " (capitalised(&q.label)) }
                            dd { (words::answer(rules, i, &answers.values[i])) }
                            dd {
                                button type="submit" name="go" value=(format!("change:{}", q.id)) {
                                    (text("serve-change"))
                                    span.visually-hidden { ": " (q.label) }
                                }
                            }
                        }
                    }
                }
                div.buttons {
                    button.primary type="submit" name="go" value="confirm" { (text("serve-see-result")) }
                    button type="submit" name="go" value="last" { (text("serve-back")) }
                }
            }
            (notice(rules, lang))
        }
    };
    page(lang, text("serve-review-heading"), body)
}

/// `text` with its first letter in capitals (labels are written to go inside sentences).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The result: the printable report (`--format html`, the command line's page) with a bar
/// above it to print, download, change the answers or start again.
pub fn result(
    server: &Server,
    form: &Form,
    lang: Lang,
    answers: &Answers,
    result: &ScreenResult,
) -> String {
    let rules = form.rules(lang);
    let out = crate::output::html::single_report_page(rules, result, server.paper, false);
    let page = String::from_utf8_lossy(&out).into_owned();
    let toolbar = html! {
        (bar(form, lang, answers, Here { view: "result", at: None, from_review: false }))
        nav.toolbar aria-label=(text("serve-result-actions")) {
            button.primary type="button" data-print hidden { (text("serve-print")) }
            form method="post" action="/" {
                (state(form, lang, answers))
                button type="submit" name="go" value="review" { (text("serve-change-answers")) }
            }
            form method="post" action="/download/record" {
                (state(form, lang, answers))
                button type="submit" { (text("serve-download-record")) }
            }
            form method="post" action="/download/fhir" {
                (state(form, lang, answers))
                button type="submit" { (text("serve-download-fhir")) }
            }
            a.button href="/" { (text("serve-start-again")) }
            p.small { (text("serve-print-hint")) }
        }
    }
    .into_string();
    let head_end = format!(
        "<style>{}</style><script src=\"/print.js\" defer></script></head>",
        result_style()
    );
    let page = page.replacen("</head>", &head_end, 1);
    // The report's own page is the main content; the bar goes before it.
    let page = page.replacen("<body>", &format!("<body>{toolbar}<main>"), 1);
    page.replacen("</body>", "</main></body>", 1)
}

/// An error page: what went wrong, in words, with its code, and the way back to the start.
pub fn error(server: &Server, lang: Lang, problem: &Problem) -> String {
    let _ = server;
    let w = words::get();
    let message = match problem {
        Problem::ForeignHost { host } => {
            say("serve-error-host", &[("host", Arg::Str(&w.quote(host)))])
        }
        Problem::TooLarge => say(
            "serve-error-too-large",
            &[("limit", Arg::Int((BODY_LIMIT / 1024) as i64))],
        ),
        Problem::NotFound { path } => say(
            "serve-error-not-found",
            &[("path", Arg::Str(&w.quote(path)))],
        ),
        Problem::Method { method } => say(
            "serve-error-method",
            &[("method", Arg::Str(&w.quote(method)))],
        ),
        Problem::Timeout => text("serve-error-timeout").to_string(),
        Problem::BadForm {
            field,
            value,
            expected,
            ..
        } => {
            let expected = match expected {
                Expected::Said(text) => text.clone(),
                Expected::OneValue => text("serve-expected-one-value").to_string(),
                Expected::QuestionNumber { last } => say(
                    "serve-expected-question-number",
                    &[("last", Arg::Int(*last as i64))],
                ),
                Expected::Region => text("serve-expected-region").to_string(),
            };
            say(
                "serve-error-bad-form",
                &[
                    ("field", Arg::Str(&w.quote(field))),
                    ("value", Arg::Str(&w.quote(value))),
                    ("expected", Arg::Str(&expected)),
                ],
            )
        }
    };
    let body = html! {
        main {
            h1 { (text("serve-error-title")) }
            p { (message) }
            p.small { (say("serve-error-code", &[("code", Arg::Str(problem.code()))])) }
            p { a href="/" { (text("serve-start-again")) } }
        }
    };
    page(lang, text("serve-error-title"), body)
}
