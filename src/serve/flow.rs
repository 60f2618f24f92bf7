//! A request's form, read again in full every time (the server keeps nothing), and the
//! page that follows it: the next question, the one before, the review, the result. The
//! order of the questions and which are asked follow the terminal questionnaire: a
//! question whose `ask_when` does not hold is skipped and loses its answer; a changed
//! answer that opens a question asks it before going back to the review.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::{
    Expected, FormBody, Problem, Server, accepted_language, error_page, html, pages, request_region,
};
use crate::answers::{Answer, Answers, Record, answer_from_text};
use crate::engine::{Asked, ScreenResult};
use crate::locale::Lang;
use crate::rules::{QuestionKind, RuleSet};
use crate::sanitize::escape_control;
use crate::words;

/// The state every page carries in hidden fields, and what its button asked for.
pub struct Posted {
    /// Which of the server's forms (rule sets).
    pub form: usize,
    pub lang: Lang,
    /// The region the answers are read in ([`request_region`]), which every page sends on.
    pub region: Option<String>,
    pub answers: Answers,
    /// The question the page showed.
    pub at: Option<usize>,
    /// The question was opened from the review: Back and Next return there.
    pub from_review: bool,
    pub go: Option<String>,
    /// The answer given on the page (a radio button's value, or the typed text).
    pub answer: Option<String>,
    /// A language chosen with the switch: the same page again in it.
    pub switch: Option<Lang>,
    /// Which page the switch was on.
    pub view: Option<String>,
}

fn bad(field: &str, value: &str, expected: impl Into<Expected>, code: &'static str) -> Problem {
    Problem::BadForm {
        field: field.to_string(),
        value: value.to_string(),
        expected: expected.into(),
        code,
    }
}

impl Posted {
    /// Reads a form as the pages send it; anything else is a problem that names the field,
    /// the value seen and what was expected.
    /// The region is decided from the form and the request's `headers`.
    pub fn read(server: &Server, headers: &HeaderMap, body: &[u8]) -> Result<Posted, Problem> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|e| {
            bad(
                "",
                &String::from_utf8_lossy(&body[..body.len().min(80)]),
                e.to_string(),
                "serve_bad_form",
            )
        })?;
        let one = |name: &str| -> Result<Option<&str>, Problem> {
            let mut found = pairs.iter().filter(|(k, _)| k == name);
            let first = found.next().map(|(_, v)| v.as_str());
            match found.next() {
                Some((_, v)) => Err(bad(name, v, Expected::OneValue, "serve_duplicate_field")),
                None => Ok(first),
            }
        };
        let set = one("set")?.unwrap_or_default();
        let form = server
            .forms
            .iter()
            .position(|f| f.name == set)
            .ok_or_else(|| {
                let names: Vec<&str> = server.forms.iter().map(|f| f.name.as_str()).collect();
                bad("set", set, names.join(", "), "serve_unknown_rule_set")
            })?;
        let language = |field: &str, tag: &str| {
            words::negotiate(&[tag.to_string()]).ok_or_else(|| {
                let tags: Vec<&str> = crate::locale::LANGUAGES.iter().map(|l| l.tag).collect();
                bad(field, tag, tags.join(", "), "serve_unknown_language")
            })
        };
        let lang = language("lang", one("lang")?.unwrap_or("en"))?;
        let switch = one("switch")?.map(|t| language("switch", t)).transpose()?;
        let posted_region = match one("region")? {
            Some(r) if r.len() != 2 || !r.bytes().all(|b| b.is_ascii_alphabetic()) => {
                return Err(bad("region", r, Expected::Region, "serve_bad_form"));
            }
            r => r,
        };
        let region = request_region(server, posted_region, headers, lang);
        let form_in_region = server.forms[form].in_region(region.as_deref());
        let rules = form_in_region.rules(lang);
        let n = rules.questions.len();
        let at = match one("at")? {
            None => None,
            Some(v) => Some(v.parse::<usize>().ok().filter(|&i| i < n).ok_or_else(|| {
                bad(
                    "at",
                    v,
                    Expected::QuestionNumber { last: n - 1 },
                    "serve_bad_form",
                )
            })?),
        };
        let from_review = match one("review")? {
            None => false,
            Some("1") => true,
            Some(v) => return Err(bad("review", v, "1", "serve_bad_form")),
        };
        let mut answers = Answers::unanswered(rules);
        for (key, value) in &pairs {
            match key.as_str() {
                "set" | "lang" | "region" | "switch" | "at" | "review" | "go" | "answer"
                | "view" => {}
                _ => {
                    let Some(id) = key.strip_prefix("a.") else {
                        return Err(bad(
                            key,
                            value,
                            "set, lang, region, a.<question id>, at, review, go, answer, switch, view",
                            "serve_unknown_field",
                        ));
                    };
                    let i = rules.question_index(id).ok_or_else(|| {
                        let ids: Vec<&str> = rules.question_ids().collect();
                        bad(key, value, ids.join(", "), "serve_unknown_question")
                    })?;
                    if answers.values[i] != Answer::Unanswered {
                        return Err(bad(key, value, Expected::OneValue, "serve_duplicate_field"));
                    }
                    answers.values[i] =
                        answer_from_text(value, &rules.questions[i]).map_err(|problem| {
                            let expected = words::in_language(lang, || {
                                words::get().record_problem(rules, &problem)
                            });
                            bad(key, value, expected, problem.code())
                        })?;
                }
            }
        }
        Ok(Posted {
            form,
            lang,
            region,
            answers,
            at,
            from_review,
            go: one("go")?.map(str::to_string),
            answer: one("answer")?.map(str::to_string),
            switch,
            view: one("view")?.map(str::to_string),
        })
    }
}

/// Whether question `i` is put to the person, given the answers (its `ask_when`). A
/// question that is not asked loses its answer: it no longer applies.
pub fn is_asked(rules: &RuleSet, answers: &mut Answers, i: usize) -> bool {
    if rules.questions[i].ask_when.is_none() {
        return true;
    }
    let asked = crate::engine::asked(rules, answers)[i] == Asked::Yes;
    if !asked {
        answers.values[i] = Answer::Unanswered;
    }
    asked
}

/// The first question from `from` on that is asked.
fn next_asked(rules: &RuleSet, answers: &mut Answers, from: usize) -> Option<usize> {
    (from..rules.questions.len()).find(|&j| is_asked(rules, answers, j))
}

/// The last question before `i` that is asked.
fn previous_asked(rules: &RuleSet, answers: &mut Answers, i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| is_asked(rules, answers, j))
}

/// Every question the person has been asked, for the review, with unasked ones cleared.
pub fn asked_questions(rules: &RuleSet, answers: &mut Answers) -> Vec<usize> {
    (0..rules.questions.len())
        .filter(|&i| is_asked(rules, answers, i))
        .collect()
}

/// What a question page shows besides the question.
#[derive(Default)]
pub struct Shown {
    /// The previous answer said back ("31+4 = 31.57 weeks").
    pub echo: Option<String>,
    /// Why the answer given was not taken.
    pub error: Option<String>,
    /// The text typed, kept in the box after an error.
    pub typed: Option<String>,
}

/// `POST /`: every button of every page.
pub async fn step(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    body: FormBody,
) -> Response {
    let fallback = accepted_language(&headers);
    let Ok(body) = body else {
        return error_page(&server, fallback, &Problem::TooLarge);
    };
    let mut posted = match Posted::read(&server, &headers, &body) {
        Ok(p) => p,
        Err(problem) => return error_page(&server, fallback, &problem),
    };
    if let Some(lang) = posted.switch {
        posted.lang = lang;
    }
    let lang = posted.lang;
    match words::in_language(lang, || next_page(&server, posted)) {
        Ok(page) => html(StatusCode::OK, page),
        Err(problem) => error_page(&server, lang, &problem),
    }
}

/// The page a button leads to.
fn next_page(server: &Server, mut p: Posted) -> Result<String, Problem> {
    let form = server.forms[p.form].in_region(p.region.as_deref());
    let form = &*form;
    let rules = form.rules(p.lang);
    let question_page = |p: &mut Posted, i: usize, from_review: bool, shown: Shown| {
        pages::question(server, form, p.lang, &mut p.answers, i, from_review, &shown)
    };
    if p.switch.is_some() {
        return Ok(match (p.view.as_deref(), p.at) {
            (Some("question"), Some(i)) => {
                let review = p.from_review;
                question_page(&mut p, i, review, Shown::default())
            }
            (Some("review"), _) => pages::review(server, form, p.lang, &mut p.answers),
            (Some("result"), _) => result_page(server, &mut p),
            (view, _) => {
                return Err(bad(
                    "view",
                    view.unwrap_or_default(),
                    "question, review, result",
                    "serve_bad_form",
                ));
            }
        });
    }
    let go = p.go.clone().unwrap_or_default();
    let need_at = |p: &Posted| {
        p.at.ok_or_else(|| {
            bad(
                "at",
                "",
                Expected::QuestionNumber {
                    last: rules.questions.len() - 1,
                },
                "serve_bad_form",
            )
        })
    };
    match go.as_str() {
        "start" => Ok(match next_asked(rules, &mut p.answers, 0) {
            Some(i) => question_page(&mut p, i, false, Shown::default()),
            None => pages::review(server, form, p.lang, &mut p.answers),
        }),
        "next" | "dontknow" => {
            let i = need_at(&p)?;
            let q = &rules.questions[i];
            let typed = if go == "dontknow" {
                String::new()
            } else {
                p.answer.clone().unwrap_or_default()
            };
            if go == "next" && p.answer.is_none() && matches!(q.kind, QuestionKind::YesNo) {
                let shown = Shown {
                    error: Some(pages::text("serve-choose-one").to_string()),
                    ..Shown::default()
                };
                let review = p.from_review;
                return Ok(question_page(&mut p, i, review, shown));
            }
            let answer = match answer_from_text(&typed, q) {
                Ok(a) => a,
                Err(problem) => {
                    let shown = Shown {
                        error: Some(words::get().record_problem(rules, &problem)),
                        typed: Some(typed),
                        ..Shown::default()
                    };
                    let review = p.from_review;
                    return Ok(question_page(&mut p, i, review, shown));
                }
            };
            let echo = match (&answer, &q.kind) {
                (Answer::Number { value, .. }, QuestionKind::Number(spec)) => {
                    words::number_echo(&escape_control(typed.trim()), *value, spec)
                }
                _ => None,
            };
            p.answers.values[i] = answer;
            let shown = Shown {
                echo,
                ..Shown::default()
            };
            let next = if p.from_review {
                // A changed answer can open a question that was not asked: ask it now.
                (i + 1..rules.questions.len()).find(|&j| {
                    rules.questions[j].ask_when.is_some()
                        && p.answers.values[j] == Answer::Unanswered
                        && is_asked(rules, &mut p.answers, j)
                })
            } else {
                next_asked(rules, &mut p.answers, i + 1)
            };
            Ok(match next {
                Some(j) => {
                    let review = p.from_review;
                    question_page(&mut p, j, review, shown)
                }
                None => pages::review_with(server, form, p.lang, &mut p.answers, shown.echo),
            })
        }
        "back" => {
            let i = need_at(&p)?;
            if p.from_review {
                return Ok(pages::review(server, form, p.lang, &mut p.answers));
            }
            Ok(match previous_asked(rules, &mut p.answers, i) {
                Some(j) => question_page(&mut p, j, false, Shown::default()),
                None => pages::start(server, p.lang, p.form, p.region.as_deref()),
            })
        }
        "review" => Ok(pages::review(server, form, p.lang, &mut p.answers)),
        // Back from the review: the last question asked, whose Next returns to the review.
        "last" => Ok(
            match previous_asked(rules, &mut p.answers, rules.questions.len()) {
                Some(i) => question_page(&mut p, i, false, Shown::default()),
                None => pages::start(server, p.lang, p.form, p.region.as_deref()),
            },
        ),
        "confirm" => Ok(result_page(server, &mut p)),
        other => match other.strip_prefix("change:") {
            Some(id) => {
                let i = rules
                    .question_index(id)
                    .ok_or_else(|| bad("go", other, "change:<question id>", "serve_bad_form"))?;
                Ok(question_page(&mut p, i, true, Shown::default()))
            }
            None => Err(bad(
                "go",
                other,
                "start, next, dontknow, back, last, review, confirm, change:<question id>",
                "serve_bad_form",
            )),
        },
    }
}

/// The result: the command line's printable report of these answers.
fn result_page(server: &Server, p: &mut Posted) -> String {
    let form = server.forms[p.form].in_region(p.region.as_deref());
    let form = &*form;
    let rules = form.rules(p.lang);
    asked_questions(rules, &mut p.answers);
    let record = Record {
        answers: p.answers.clone(),
        ..Record::new(rules)
    };
    let result = ScreenResult::alone(rules, record);
    pages::result(server, form, p.lang, &p.answers, &result)
}

/// The answers of a download request, or the page saying what is wrong with it.
fn posted_answers(
    server: &Server,
    headers: &HeaderMap,
    body: FormBody,
) -> Result<Posted, Response> {
    let fallback = accepted_language(headers);
    let body = body.map_err(|_| error_page(server, fallback, &Problem::TooLarge))?;
    let mut p = Posted::read(server, headers, &body)
        .map_err(|problem| error_page(server, fallback, &problem))?;
    let form = server.forms[p.form].in_region(p.region.as_deref());
    let rules = form.rules(p.lang);
    asked_questions(rules, &mut p.answers);
    Ok(p)
}

/// What a download holds.
enum Download {
    /// The answers as an answer record that `cp-screen screen` reads.
    Record,
    /// The answers as a FHIR R4 QuestionnaireResponse to the rule set's Questionnaire
    /// (`cp-screen export questionnaire`), which `cp-screen screen` reads too.
    Fhir,
}

/// A download of the answers a result page carries.
fn downloaded(server: &Server, headers: &HeaderMap, body: FormBody, what: Download) -> Response {
    let p = match posted_answers(server, headers, body) {
        Ok(p) => p,
        Err(page) => return page,
    };
    let form = server.forms[p.form].in_region(p.region.as_deref());
    let rules = form.rules(p.lang);
    let (value, name, content_type) = match what {
        Download::Record => (
            crate::ask::answers_to_json(rules, &p.answers),
            "answers.json",
            "application/json",
        ),
        Download::Fhir => (
            words::in_language(p.lang, || {
                super::response::questionnaire_response(rules, &p.answers)
            }),
            "questionnaire-response.json",
            "application/fhir+json",
        ),
    };
    let mut json = serde_json::to_vec_pretty(&value).unwrap_or_default();
    json.push(b'\n');
    super::download(name, content_type, json)
}

/// `POST /download/record`.
pub async fn download_record(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    body: FormBody,
) -> Response {
    downloaded(&server, &headers, body, Download::Record)
}

/// `POST /download/fhir`.
pub async fn download_fhir(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    body: FormBody,
) -> Response {
    downloaded(&server, &headers, body, Download::Fhir)
}
