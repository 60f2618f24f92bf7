//! `cp-screen serve`: the pages' handlers without a socket (tower's `oneshot` on the router),
//! walking the questionnaire as a browser would (posting each page's own form back), and
//! the command itself on 127.0.0.1. What a page says is compared with what the command line
//! says for the same answers: the same errors, the same echo, the same report.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use cp_screen::serve::{Form, Server, router};
use serde_json::Value;
use tower::ServiceExt;

use crate::util;

const PORT: u16 = 8765;
const HOST: &str = "127.0.0.1:8765";

fn server() -> Arc<Server> {
    static SERVER: OnceLock<Arc<Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let forms = cp_screen::rules::EMBEDDED
                .iter()
                .map(|e| Form::load(e.name, e.text, e.file).unwrap())
                .collect();
            Arc::new(Server::new(
                forms,
                PORT,
                vec!["clinic-pc.local".into()],
                Default::default(),
            ))
        })
        .clone()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

fn send(req: Request<Body>) -> Page {
    send_to(server(), req)
}

fn send_to(server: Arc<Server>, req: Request<Body>) -> Page {
    runtime().block_on(async {
        let response: Response<Body> = router(server).oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Page {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    })
}

fn get(path: &str) -> Page {
    send(
        Request::get(path)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap(),
    )
}

fn encode(fields: &[(String, String)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

fn post(path: &str, fields: &[(String, String)]) -> Page {
    send(
        Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(encode(fields)))
            .unwrap(),
    )
}

/// HTML's five escapes undone (maud writes no others).
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// The hidden fields of the page's form whose `action` is `action` and which holds a
/// button `go` (the main form; the language switch is another form).
fn hidden(page: &str, action: &str) -> Vec<(String, String)> {
    let forms = page.split("<form ").skip(1);
    for form in forms {
        let form = &form[..form.find("</form>").unwrap()];
        if !form.starts_with(&format!("method=\"post\" action=\"{action}\"")) {
            continue;
        }
        if action == "/" && !form.contains("name=\"go\"") {
            continue;
        }
        return form
            .split("<input ")
            .skip(1)
            .filter(|t| t.starts_with("type=\"hidden\""))
            .map(|t| (attr(t, "name").unwrap(), attr(t, "value").unwrap()))
            .collect();
    }
    panic!("no form posting to {action} in the page:\n{page}");
}

/// Presses a button of the page's main form: its hidden fields, and `extra`.
fn press(page: &Page, extra: &[(&str, &str)]) -> Page {
    let mut fields = hidden(&page.body, "/");
    fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    post("/", &fields)
}

/// The `<h1>` of a page (a question's text), unescaped.
fn h1(page: &Page) -> String {
    let start = page.body.find("<h1").unwrap();
    let start = page.body[start..].find('>').unwrap() + start + 1;
    let end = page.body[start..].find("</h1>").unwrap() + start;
    unescape(&page.body[start..end])
}

/// The text of the element with `class` (first one), unescaped, or None.
fn class_text(page: &Page, class: &str) -> Option<String> {
    let at = page.body.find(&format!("class=\"{class}\""))?;
    let start = page.body[at..].find('>')? + at + 1;
    let end = page.body[start..].find("</")? + start;
    Some(unescape(&page.body[start..end]))
}

/// The radio button checked on a yes/no page.
fn checked(page: &Page) -> Option<String> {
    page.body
        .split("<input ")
        .filter(|t| t.starts_with("type=\"radio\"") && t.contains(" checked"))
        .find_map(|t| attr(t, "value"))
}

fn start(set: &str, lang: &str) -> Page {
    post(
        "/",
        &[
            ("lang".into(), lang.into()),
            ("set".into(), set.into()),
            ("go".into(), "start".into()),
        ],
    )
}

fn rules(set: &str) -> Value {
    let e = cp_screen::rules::Embedded::find(set).unwrap();
    serde_json::from_str(e.text).unwrap()
}

/// Answers every question from `answers` (by id; "unknown" when missing) and returns the
/// review page.
fn answer_all(set: &str, lang: &str, answers: &BTreeMap<&str, &str>) -> Page {
    let r = rules(set);
    let mut page = start(set, lang);
    for _ in 0..100 {
        if !page.body.contains("name=\"at\"") || page.body.contains("value=\"confirm\"") {
            return page;
        }
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let at: usize = hidden(&page.body, "/")
            .iter()
            .find(|(k, _)| k == "at")
            .unwrap()
            .1
            .parse()
            .unwrap();
        let id = r["questions"][at]["id"].as_str().unwrap();
        let answer = answers.get(id).copied().unwrap_or("unknown");
        page = press(&page, &[("answer", answer), ("go", "next")]);
    }
    panic!("the questionnaire did not end");
}

#[test]
fn every_response_carries_the_security_headers() {
    for page in [
        get("/"),
        get("/nowhere"),
        start("cerebral-palsy", "en"),
        get("/print.js"),
    ] {
        let h = |name: &str| {
            page.headers
                .get(name)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string()
        };
        let csp = h("content-security-policy");
        assert!(
            csp.starts_with("default-src 'none'; style-src 'sha256-"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe"), "{csp}");
        assert!(!csp.contains("http"), "nothing from elsewhere: {csp}");
        assert_eq!(h("cache-control"), "no-store");
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("referrer-policy"), "no-referrer");
    }
}

#[test]
fn the_inline_styles_are_the_ones_the_policy_allows() {
    use sha2::Digest;
    let page = answer_all("cerebral-palsy", "en", &BTreeMap::new());
    let result = press(&page, &[("go", "confirm")]);
    let csp = result
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let styles: Vec<&str> = result
        .body
        .split("<style>")
        .skip(1)
        .map(|s| &s[..s.find("</style>").unwrap()])
        .collect();
    assert_eq!(styles.len(), 2, "the report's style and the pages' own");
    for style in styles {
        let hash = sha2::Sha256::digest(style.as_bytes());
        let b64 = base64(&hash);
        assert!(
            csp.contains(&format!("'sha256-{b64}'")),
            "{b64} not in {csp}"
        );
    }
    assert!(!result.body.contains(" style=\""), "no style attributes");
    assert!(
        result
            .body
            .contains("<script src=\"/print.js\" defer></script>")
    );
    assert_eq!(result.body.matches("<script").count(), 1);
}

fn base64(bytes: &[u8]) -> String {
    // Python's, to check the server's own encoder against another one.
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import base64,sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode())",
            &bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_foreign_host_header_is_refused_and_the_servers_own_names_are_not() {
    let with_host = |host: Option<&str>| {
        let mut req = Request::get("/");
        if let Some(h) = host {
            req = req.header(header::HOST, h);
        }
        send(req.body(Body::empty()).unwrap())
    };
    for host in [
        "127.0.0.1:8765",
        "localhost:8765",
        "LOCALHOST:8765",
        "[::1]:8765",
        "192.168.1.20:8765",
        "clinic-pc.local:8765",
    ] {
        assert_eq!(with_host(Some(host)).status, StatusCode::OK, "{host}");
    }
    for host in [
        "evil.example:8765",
        "evil.example",
        "127.0.0.1:80",
        "127.0.0.1",
        "localhost.evil.example:8765",
        "::1:8765",
        "",
    ] {
        let page = with_host(Some(host));
        assert_eq!(page.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert!(page.body.contains("serve_foreign_host"), "{}", page.body);
        assert!(page.headers.contains_key("content-security-policy"));
    }
    assert_eq!(with_host(None).status, StatusCode::MISDIRECTED_REQUEST);
}

#[test]
fn a_body_over_the_limit_gets_413_with_or_without_its_length() {
    let big = "a".repeat(2 * 1024 * 1024);
    let said = send(
        Request::post("/")
            .header(header::HOST, HOST)
            .header(header::CONTENT_LENGTH, big.len())
            .body(Body::from(big.clone()))
            .unwrap(),
    );
    assert_eq!(said.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(said.body.contains("serve_body_too_large"), "{}", said.body);
    // A streamed body that does not say its length first.
    let chunks = futures_chunks(big);
    let streamed = send(
        Request::post("/")
            .header(header::HOST, HOST)
            .body(Body::from_stream(chunks))
            .unwrap(),
    );
    assert_eq!(streamed.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(streamed.body.contains("serve_body_too_large"));
    for path in ["/download/record", "/download/fhir"] {
        let page = send(
            Request::post(path)
                .header(header::HOST, HOST)
                .body(Body::from_stream(futures_chunks("b".repeat(100_000))))
                .unwrap(),
        );
        assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
}

/// A body as a stream of 8 KiB chunks with no length.
fn futures_chunks(
    text: String,
) -> impl futures_core_stream::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_core_stream::chunks(text.into_bytes(), 8192)
}

mod futures_core_stream {
    //! The smallest stream of chunks, without a futures crate.
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub use futures_core::Stream;

    pub struct Chunks(Vec<Vec<u8>>);

    pub fn chunks(bytes: Vec<u8>, size: usize) -> Chunks {
        let mut parts: Vec<Vec<u8>> = bytes.chunks(size).map(<[u8]>::to_vec).collect();
        parts.reverse();
        Chunks(parts)
    }

    impl Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.pop().map(Ok))
        }
    }
}

#[test]
fn the_language_comes_from_accept_language_and_the_switch() {
    let page = |accept: &str| {
        send(
            Request::get("/")
                .header(header::HOST, HOST)
                .header(header::ACCEPT_LANGUAGE, accept)
                .body(Body::empty())
                .unwrap(),
        )
    };
    assert!(
        page("zh-CN,zh;q=0.9,en;q=0.8")
            .body
            .contains("<html lang=\"zh-Hans\">")
    );
    assert!(page("fr-FR, en;q=0.5").body.contains("<html lang=\"en\">"));
    assert!(
        page("fr, zh;q=0.9")
            .body
            .contains("<html lang=\"zh-Hans\">")
    );
    assert!(
        page("zh;q=0.1, en;q=0.9")
            .body
            .contains("<html lang=\"en\">")
    );
    assert!(
        get("/?lang=zh-Hans")
            .body
            .contains("<html lang=\"zh-Hans\">")
    );
    // Every language of the table is offered, each named in itself.
    let start = get("/");
    for l in cp_screen::locale::LANGUAGES {
        assert!(
            start.body.contains(&format!("lang=\"{}\"", l.tag)),
            "{} offered",
            l.tag
        );
    }
    // The switch on a question shows the same question in the other language, answers kept.
    let first = start_page_answered();
    let mut fields = hidden(&first.body, "/");
    fields.retain(|(k, _)| k != "go");
    let switch_form: Vec<(String, String)> = {
        let body = &first.body;
        let header = &body[body.find("<header").unwrap()..body.find("</header>").unwrap()];
        let mut f: Vec<(String, String)> = header
            .split("<input ")
            .skip(1)
            .map(|t| (attr(t, "name").unwrap(), attr(t, "value").unwrap()))
            .collect();
        f.push(("switch".into(), "zh-Hans".into()));
        f
    };
    let zh = post("/", &switch_form);
    assert_eq!(zh.status, StatusCode::OK, "{}", zh.body);
    assert!(zh.body.contains("<html lang=\"zh-Hans\">"));
    let zh_rules = cp_screen::rules::Embedded::find("cerebral-palsy")
        .unwrap()
        .load_in(Some("zh-Hans"));
    assert_eq!(h1(&zh), zh_rules.questions()[1].text);
    assert!(
        hidden(&zh.body, "/").contains(&("a.maternal_infection".into(), "no".into())),
        "the answer so far is kept"
    );
}

/// The second question's page, the first answered "no".
fn start_page_answered() -> Page {
    let first = start("cerebral-palsy", "en");
    press(&first, &[("answer", "no"), ("go", "next")])
}

#[test]
fn dont_know_is_the_default_never_no_and_back_keeps_the_answer() {
    let first = start("cerebral-palsy", "en");
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(checked(&first).as_deref(), Some("unknown"));
    let second = press(&first, &[("answer", "no"), ("go", "next")]);
    assert_eq!(
        checked(&second).as_deref(),
        Some("unknown"),
        "not the last answer"
    );
    let back = press(&second, &[("go", "back")]);
    assert_eq!(h1(&back), rules("cerebral-palsy")["questions"][0]["text"]);
    assert_eq!(checked(&back).as_deref(), Some("no"), "the answer given");
    // Back on the review: the last question, whose Next comes back to the review.
    let review = answer_all("cerebral-palsy", "en", &BTreeMap::new());
    let last = press(&review, &[("go", "last")]);
    let questions = rules("cerebral-palsy")["questions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(h1(&last), questions[questions.len() - 1]["text"]);
    let again = press(&last, &[("answer", "no"), ("go", "next")]);
    assert!(again.body.contains("value=\"confirm\""));
    // Back on the first question: the start page.
    let start_again = press(&back, &[("go", "back")]);
    assert!(start_again.body.contains("value=\"start\""));
    // Next with no answer chosen (a radio unset by hand) says so and stays.
    let none = press(&first, &[("go", "next")]);
    assert_eq!(h1(&none), h1(&first));
    assert!(class_text(&none, "error").is_some());
}

/// The command line's message for `value` as the answer to `question` of the default set.
fn cli_message(question: &str, value: &str) -> (String, String) {
    let record = serde_json::json!({ question: value }).to_string();
    let out = util::cp()
        .args(["screen", "-", "--format", "json"])
        .stdin(record)
        .run();
    let result = &out.json()[0];
    let e = &result["errors"][0];
    (
        e["message"].as_str().unwrap().to_string(),
        e["code"].as_str().unwrap().to_string(),
    )
}

#[test]
fn numbers_take_every_notation_with_the_command_lines_echo_and_errors() {
    let r = rules("cerebral-palsy");
    let weeks = r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|q| q["id"] == "gestational_age_weeks")
        .unwrap();
    let first = start("cerebral-palsy", "en");
    let mut fields = hidden(&first.body, "/");
    fields.retain(|(k, _)| k != "at");
    let at_weeks = |answer: &str| {
        let mut f = fields.clone();
        f.push(("at".into(), weeks.to_string()));
        f.push(("answer".into(), answer.into()));
        f.push(("go".into(), "next".into()));
        post("/", &f)
    };
    // Accepted, and said back as the terminal says it.
    for typed in ["31+4", "31w4d", "31 weeks 4 days", "31.5", "３１＋４", "31"] {
        let page = at_weeks(typed);
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            class_text(&page, "error").is_none(),
            "{typed}: {}",
            page.body
        );
        let said = class_text(&page, "echo");
        assert_eq!(said, terminal_echo(weeks, typed), "{typed}");
        assert!(
            hidden(&page.body, "/")
                .contains(&("a.gestational_age_weeks".into(), typed.trim().into())),
            "{typed} kept as written"
        );
    }
    // Refused with the command line's message, the typed text kept in the box.
    for typed in ["45+9", "thirty", "31+9", "-5"] {
        let page = at_weeks(typed);
        let error = class_text(&page, "error").unwrap_or_else(|| panic!("{typed}: {}", page.body));
        let (message, _) = cli_message("gestational_age_weeks", typed);
        assert_eq!(error, message, "{typed}");
        assert!(
            page.body
                .contains(&format!("value=\"{}\"", typed.replace('<', "&lt;")))
        );
        assert!(page.body.contains("aria-invalid=\"true\""));
    }
    // Empty, or the Don't know button: unknown, never a number.
    for extra in [("answer", ""), ("go", "dontknow")] {
        let mut f = fields.clone();
        f.push(("at".into(), weeks.to_string()));
        if extra.0 == "go" {
            f.push(("answer".into(), "31".into()));
            f.push(extra_pair(extra));
        } else {
            f.push(extra_pair(extra));
            f.push(("go".into(), "next".into()));
        }
        let page = post("/", &f);
        assert!(
            hidden(&page.body, "/").contains(&("a.gestational_age_weeks".into(), "unknown".into())),
            "{extra:?}"
        );
    }
}

/// What the terminal questionnaire (plain mode) says back after `typed` is the answer to
/// question `at` of the default set, every other answer left empty.
fn terminal_echo(at: usize, typed: &str) -> Option<String> {
    let total = rules("cerebral-palsy")["questions"]
        .as_array()
        .unwrap()
        .len();
    let mut input = "\n".repeat(at);
    input.push_str(typed);
    input.push_str(&"\n".repeat(total - at + 1));
    let out = util::cp().args(["ask", "--plain"]).stdin(input).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    let typed_at = lines
        .iter()
        .position(|l| *l == format!("> {typed}"))
        .unwrap_or_else(|| panic!("{typed} not echoed: {}", out.stderr));
    let next = lines[typed_at + 1];
    next.starts_with("  ").then(|| next.trim().to_string())
}

fn extra_pair((k, v): (&str, &str)) -> (String, String) {
    (k.to_string(), v.to_string())
}

/// A server of the default rule set started with `--region region`.
fn server_in(region: &str) -> Arc<Server> {
    let e = &cp_screen::rules::EMBEDDED[0];
    let form = Form::load(e.name, e.text, e.file).unwrap();
    Arc::new(
        Server::new(vec![form], PORT, Vec::new(), Default::default())
            .with_region(Some(region.into())),
    )
}

/// A request to `server` with `accept` as its Accept-Language, when given.
fn request_to(
    server: &Arc<Server>,
    accept: Option<&str>,
    path: &str,
    fields: Option<&[(String, String)]>,
) -> Page {
    let mut req = match fields {
        Some(_) => {
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        }
        None => Request::get(path),
    }
    .header(header::HOST, HOST);
    if let Some(accept) = accept {
        req = req.header(header::ACCEPT_LANGUAGE, accept);
    }
    let body = fields.map_or_else(Body::empty, |f| Body::from(encode(f)));
    send_to(server.clone(), req.body(body).unwrap())
}

/// The pages of "3斤8兩" typed as the birth weight on a Traditional Chinese page: the start
/// page got with `first` as Accept-Language, every later page posted with `later` (a
/// browser whose setting changed, or none), the answer given after Change.
struct Jin {
    start: Page,
    /// The page after the answer: the review when it was read, the question again when not.
    answered: Page,
}

fn three_jin_eight_liang(server: &Arc<Server>, first: Option<&str>, later: Option<&str>) -> Jin {
    let start = request_to(server, first, "/?lang=zh-Hant", None);
    assert!(start.body.contains("<html lang=\"zh-Hant\">"));
    let press_as = |page: &Page, extra: &[(&str, &str)]| {
        let mut fields = hidden(&page.body, "/");
        fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        request_to(server, later, "/", Some(&fields))
    };
    let first_question = press_as(&start, &[("set", "cerebral-palsy"), ("go", "start")]);
    let weight = press_as(&first_question, &[("go", "change:birth_weight_grams")]);
    assert_eq!(weight.status, StatusCode::OK, "{}", weight.body);
    let answered = press_as(&weight, &[("answer", "3斤8兩"), ("go", "next")]);
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    Jin { start, answered }
}

/// The region field of a page's main form.
fn region_field(page: &Page) -> Option<String> {
    hidden(&page.body, "/")
        .into_iter()
        .find(|(k, _)| k == "region")
        .map(|(_, v)| v)
}

/// The birth weight a page's FHIR download holds, and whether `screen` finds it under
/// 2000 g.
fn downloaded_weight(server: &Arc<Server>, result: &Page) -> (f64, String) {
    let fhir = request_to(
        server,
        None,
        "/download/fhir",
        Some(&hidden(&result.body, "/download/fhir")),
    );
    assert_eq!(fhir.status, StatusCode::OK, "{}", fhir.body);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("response.json");
    std::fs::write(&path, &fhir.body).unwrap();
    let out = util::cp()
        .args(["screen", "--format", "json"])
        .arg(&path)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let status =
        ["present", "absent", "not_assessed"]
            .into_iter()
            .find(|s| {
                json[0][*s].as_array().unwrap().iter().any(|f| {
                    f == "birth_weight_under_2000_g" || f["id"] == "birth_weight_under_2000_g"
                })
            })
            .unwrap();
    let response: Value = serde_json::from_str(&fhir.body).unwrap();
    let grams = response
        .to_string()
        .split("\"valueDecimal\":")
        .skip(1)
        .map(|v| v.split([',', '}']).next().unwrap().parse::<f64>().unwrap())
        .find(|v| *v > 1000.0)
        .unwrap();
    (grams, status.to_string())
}

#[test]
fn a_bare_jin_weighs_what_the_region_of_accept_language_says_on_every_page_after() {
    let server = server();
    // 3斤8兩: 16 兩 to the 斤 in Taiwan, Hong Kong and Macau, 10 on the mainland.
    for (accept, other, region, grams, status) in [
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh-CN", "TW", 2100.0, "absent"),
        ("zh-Hant-TW", "zh-HK", "TW", 2100.0, "absent"),
        (
            "zh-HK,zh;q=0.8",
            "zh-TW",
            "HK",
            3.0 * 604.78982 + 8.0 * 37.79936375,
            "absent",
        ),
        (
            "zh-MO",
            "zh-CN",
            "MO",
            3.0 * 604.78982 + 8.0 * 37.79936375,
            "absent",
        ),
        // A mainland browser on a Traditional Chinese page: the mainland's 市斤.
        ("zh-CN,zh;q=0.9", "zh-TW", "CN", 1900.0, "present"),
        // The region of the browser's language, whichever language the page is in.
        ("fr-FR, zh-TW;q=0.8", "zh-CN", "TW", 2100.0, "absent"),
    ] {
        // Decided by the first request, kept by the hidden field: later requests with
        // another Accept-Language, or none, read the answers as they were read.
        for later in [Some(accept), Some(other), None] {
            let jin = three_jin_eight_liang(&server, Some(accept), later);
            assert_eq!(
                region_field(&jin.start).as_deref(),
                Some(region),
                "{accept}"
            );
            let review = jin.answered;
            assert!(
                class_text(&review, "error").is_none(),
                "{accept} then {later:?}: {}",
                review.body
            );
            assert!(
                review.body.contains("value=\"confirm\""),
                "{accept}: the review"
            );
            assert_eq!(region_field(&review).as_deref(), Some(region), "{accept}");
            // The page says which 斤 it read, as the command line does.
            let echo = class_text(&review, "echo").unwrap();
            let cli = util::cp()
                .args(["--lang", "zh-Hant", "--region", region, "screen", "-"])
                .args(["--format", "json"])
                .stdin(r#"{"birth_weight_grams": "3斤8兩"}"#)
                .run();
            let assumed = cli.json()[0]["units_assumed"][0]["unit"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(echo.contains(&assumed), "{accept}: {echo} names {assumed}");

            // Back, Change and the language switch read it the same way.
            let back = request_to(
                &server,
                later,
                "/",
                Some(
                    &[
                        hidden(&review.body, "/"),
                        vec![("go".into(), "last".into())],
                    ]
                    .concat(),
                ),
            );
            assert_eq!(back.status, StatusCode::OK, "{}", back.body);
            assert_eq!(region_field(&back).as_deref(), Some(region));
            let mut switched = hidden(&review.body, "/");
            switched.push(("view".into(), "review".into()));
            switched.push(("switch".into(), "en".into()));
            let english = request_to(&server, later, "/", Some(&switched));
            assert_eq!(english.status, StatusCode::OK, "{}", english.body);
            assert_eq!(region_field(&english).as_deref(), Some(region));

            // The result is the command line's report in that region, and the download
            // holds the same weight.
            let result = press(&review, &[("go", "confirm")]);
            assert_eq!(result.status, StatusCode::OK, "{}", result.body);
            let record = request_to(
                &server,
                later,
                "/download/record",
                Some(&hidden(&result.body, "/download/record")),
            );
            let json: Value = serde_json::from_str(&record.body).unwrap();
            assert_eq!(json["birth_weight_grams"], "3斤8兩");
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("answers.json");
            std::fs::write(&path, &record.body).unwrap();
            let cli = util::cp()
                .args(["--lang", "zh-Hant", "--region", region, "screen"])
                .args(["--format", "html"])
                .arg(&path)
                .run();
            assert_eq!(
                record_section(&result.body),
                record_section(&cli.stdout).replace(" · 第 1 行", ""),
                "{accept}"
            );
            let (weighed, found) = downloaded_weight(&server, &result);
            assert!((weighed - grams).abs() < 1e-6, "{accept}: {weighed} g");
            assert_eq!(found, status, "{accept}: under 2000 g");
        }
    }
}

#[test]
fn a_bare_jin_is_refused_when_no_region_is_known_and_the_servers_region_comes_first() {
    let server = server();
    // No region in Accept-Language (or none sent): refused with the command line's message.
    for accept in [None, Some("zh-Hant"), Some("zh-Hant,en;q=0.5"), Some("en")] {
        let jin = three_jin_eight_liang(&server, accept, accept);
        assert_eq!(region_field(&jin.start), None, "{accept:?}");
        let error = class_text(&jin.answered, "error")
            .unwrap_or_else(|| panic!("{accept:?}: {}", jin.answered.body));
        let out = util::cp()
            .args(["--lang", "zh-Hant", "screen", "-", "--format", "json"])
            .stdin(r#"{"birth_weight_grams": "3斤8兩"}"#)
            .run();
        let e = &out.json()[0]["errors"][0];
        assert_eq!(e["code"], "regional_unit");
        assert_eq!(error, e["message"].as_str().unwrap(), "{accept:?}");
    }

    // `--region` comes before the browser's region, and before a page's hidden field.
    let mainland = server_in("CN");
    for accept in [Some("zh-TW"), Some("zh-HK"), None] {
        let jin = three_jin_eight_liang(&mainland, accept, accept);
        assert_eq!(region_field(&jin.start).as_deref(), Some("CN"));
        assert!(
            class_text(&jin.answered, "echo").unwrap().contains("市斤"),
            "{}",
            jin.answered.body
        );
        let result = request_to(
            &mainland,
            accept,
            "/",
            Some(
                &[
                    hidden(&jin.answered.body, "/"),
                    vec![("go".into(), "confirm".into())],
                ]
                .concat(),
            ),
        );
        assert_eq!(
            downloaded_weight(&mainland, &result),
            (1900.0, "present".into())
        );
    }
    let mut fields = hidden(
        &three_jin_eight_liang(&server, Some("zh-TW"), None)
            .answered
            .body,
        "/",
    );
    assert!(fields.contains(&("region".into(), "TW".into())));
    fields.push(("go".into(), "confirm".into()));
    let result = request_to(&mainland, Some("zh-TW"), "/", Some(&fields));
    assert_eq!(
        downloaded_weight(&mainland, &result),
        (1900.0, "present".into())
    );

    // A Simplified Chinese page reads a bare 斤 as the mainland's; switched to Traditional
    // Chinese, the answer is still read so (it was refused as a bad field).
    let first = request_to(&server, None, "/?lang=zh-Hans", None);
    assert_eq!(region_field(&first).as_deref(), Some("CN"));
    let q = press(&first, &[("set", "cerebral-palsy"), ("go", "start")]);
    let weight = press(&q, &[("go", "change:birth_weight_grams")]);
    let review = press(&weight, &[("answer", "3斤8两"), ("go", "next")]);
    assert!(class_text(&review, "echo").unwrap().contains("市斤"));
    let mut switched = hidden(&review.body, "/");
    switched.push(("view".into(), "review".into()));
    switched.push(("switch".into(), "zh-Hant".into()));
    let traditional = post("/", &switched);
    assert_eq!(traditional.status, StatusCode::OK, "{}", traditional.body);
    assert!(traditional.body.contains("<html lang=\"zh-Hant\">"));
    assert!(traditional.body.contains("市斤"), "{}", traditional.body);

    // A region field the pages never send.
    for bad in ["Taiwan", "T1", ""] {
        let fields = [
            ("set".to_string(), "cerebral-palsy".to_string()),
            ("lang".into(), "zh-Hant".into()),
            ("region".into(), bad.into()),
            ("go".into(), "start".into()),
        ];
        let page = post("/", &fields);
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(page.body.contains("serve_bad_form"), "{}", page.body);
        assert!(page.body.contains("ISO 3166"), "{}", page.body);
    }
}

#[test]
fn a_conditional_question_is_asked_only_when_its_condition_holds_also_after_a_change() {
    let set = "cerebral-palsy-evidence";
    let r = rules(set);
    let co_twin = r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q.get("ask_when").is_some())
        .unwrap();
    let conditional_text = co_twin["text"].as_str().unwrap().to_string();
    let conditional_id = co_twin["id"].as_str().unwrap();
    let parent = co_twin["ask_when"]["question"].as_str().unwrap();

    // "no" to the parent: never asked, not in the review.
    let review = answer_all(set, "en", &BTreeMap::from([(parent, "no")]));
    assert!(review.body.contains("value=\"confirm\""));
    assert!(!review.body.contains(&format!("change:{conditional_id}")));

    // Changed to "yes" from the review: the conditional question comes next, then the
    // review again.
    let change = press(&review, &[("go", &format!("change:{parent}"))]);
    let next = press(&change, &[("answer", "yes"), ("go", "next")]);
    assert_eq!(h1(&next), conditional_text);
    let back_to_review = press(&next, &[("answer", "yes"), ("go", "next")]);
    assert!(
        back_to_review
            .body
            .contains(&format!("change:{conditional_id}"))
    );
    assert!(
        hidden(&back_to_review.body, "/").contains(&(format!("a.{conditional_id}"), "yes".into()))
    );

    // And back to "no": its answer is dropped.
    let change = press(&back_to_review, &[("go", &format!("change:{parent}"))]);
    let review = press(&change, &[("answer", "no"), ("go", "next")]);
    assert!(!review.body.contains(&format!("change:{conditional_id}")));
    assert!(
        !hidden(&review.body, "/")
            .iter()
            .any(|(k, _)| k == &format!("a.{conditional_id}"))
    );
}

/// `<section class="record">` of a page, the date line taken out.
fn record_section(page: &str) -> String {
    let start = page.find("<section class=\"record\">").unwrap();
    let end = page[start..].find("</section>").unwrap() + start;
    let section = &page[start..end];
    let meta = section.find("<p class=\"meta\">").unwrap();
    let meta_end = section[meta..].find("</p>").unwrap() + meta;
    format!("{}{}", &section[..meta], &section[meta_end..])
}

#[test]
fn the_result_is_the_command_lines_report_and_the_downloads_screen_the_same() {
    for (set, lang) in [
        ("cerebral-palsy", "en"),
        ("cerebral-palsy", "zh-Hans"),
        ("cerebral-palsy-evidence", "en"),
        ("cerebral-palsy-evidence", "zh-Hans"),
    ] {
        let answers = BTreeMap::from([
            ("maternal_infection", "yes"),
            ("gestational_age_weeks", "31+4"),
            ("birth_weight_grams", "4 lb 1 oz"),
            ("birth_asphyxia", "no"),
        ]);
        let review = answer_all(set, lang, &answers);
        assert!(review.body.contains(&format!("<html lang=\"{lang}\">")));
        let result = press(&review, &[("go", "confirm")]);
        assert_eq!(result.status, StatusCode::OK);

        // The answer record: what `screen` reads, and its report is the page's.
        let record = post(
            "/download/record",
            &hidden(&result.body, "/download/record"),
        );
        assert_eq!(record.status, StatusCode::OK);
        assert_eq!(
            record.headers["content-disposition"],
            "attachment; filename=\"answers.json\""
        );
        let json: Value = serde_json::from_str(&record.body).unwrap();
        assert_eq!(json["gestational_age_weeks"], "31+4", "{set}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.json");
        std::fs::write(&path, &record.body).unwrap();
        let cli = util::cp()
            .args([
                "--rule-set",
                set,
                "--lang",
                lang,
                "screen",
                "--format",
                "html",
            ])
            .arg(&path)
            .run();
        let cli_html = cli.stdout.clone();
        // A file's record is "Record 1 · line 1"; the questionnaire's, "Record 1".
        let normalised = |s: String| s.replace(" · line 1", "").replace(" · 第 1 行", "");
        assert_eq!(
            record_section(&result.body),
            normalised(record_section(&cli_html)),
            "{set} {lang}"
        );
        assert!(
            record_section(&result.body).contains("<p class=\"warning\" role=\"note\">"),
            "the warning signs"
        );
        assert!(result.body.contains("data-print"), "the Print button");

        // The FHIR QuestionnaireResponse screens to the same statuses.
        let fhir = post("/download/fhir", &hidden(&result.body, "/download/fhir"));
        assert_eq!(fhir.status, StatusCode::OK);
        let response: Value = serde_json::from_str(&fhir.body).unwrap();
        assert_eq!(response["resourceType"], "QuestionnaireResponse");
        let fhir_path = dir.path().join("response.json");
        std::fs::write(&fhir_path, &fhir.body).unwrap();
        let statuses = |p: &std::path::Path| {
            let out = util::cp()
                .args(["--rule-set", set, "screen", "--format", "json"])
                .arg(p)
                .run();
            assert_eq!(out.code, 0, "{}", out.stderr);
            out.json()[0]["factors"].clone()
        };
        assert_eq!(statuses(&fhir_path), statuses(&path), "{set} {lang}");
    }
}

#[test]
fn a_form_the_pages_never_send_gets_a_clear_error_page_with_its_code() {
    let base = |extra: &[(&str, &str)]| {
        let mut f: Vec<(String, String)> = vec![
            ("set".into(), "cerebral-palsy".into()),
            ("lang".into(), "en".into()),
            ("go".into(), "review".into()),
        ];
        f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        post("/", &f)
    };
    for (extra, code, seen) in [
        (vec![("a.nope", "yes")], "serve_unknown_question", "nope"),
        (
            vec![("a.birth_asphyxia", "<script>")],
            "not_yes_no",
            "&lt;script&gt;",
        ),
        (vec![("admin", "1")], "serve_unknown_field", "admin"),
        (
            vec![("a.birth_asphyxia", "yes"), ("a.birth_asphyxia", "no")],
            "serve_duplicate_field",
            "birth_asphyxia",
        ),
        (vec![("at", "999")], "serve_bad_form", "999"),
        (vec![("switch", "xx")], "serve_unknown_language", "xx"),
    ] {
        let page = base(&extra);
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{extra:?}");
        assert!(page.body.contains(code), "{code}: {}", page.body);
        assert!(page.body.contains(seen), "{seen}: {}", page.body);
        assert!(!page.body.contains("<script>"));
        assert!(page.body.contains("<html lang=\"en\">"));
    }
    let page = post(
        "/",
        &[
            ("set".into(), "other".into()),
            ("go".into(), "start".into()),
        ],
    );
    assert!(page.body.contains("serve_unknown_rule_set"));
    assert!(
        page.body
            .contains("cerebral-palsy, cerebral-palsy-evidence")
    );
    let not_found = get("/admin");
    assert_eq!(not_found.status, StatusCode::NOT_FOUND);
    assert!(not_found.body.contains("serve_not_found"));
    let put = send(
        Request::put("/")
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap(),
    );
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[test]
fn every_page_has_a_language_labels_and_a_legend() {
    let first = start("cerebral-palsy", "zh-Hans");
    let weeks = post("/", &{
        let mut f = hidden(&first.body, "/");
        f.retain(|(k, _)| k != "at");
        f.push(("at".into(), "9".into()));
        f.push(("go".into(), "back".into()));
        f
    });
    let review = answer_all("cerebral-palsy", "en", &BTreeMap::new());
    for page in [get("/"), first, weeks, review] {
        assert!(page.body.contains("<html lang=\""), "lang");
        // Every visible input is inside a label or named by one.
        for tag in page.body.split("<input ").skip(1) {
            if tag.starts_with("type=\"hidden\"") {
                continue;
            }
            let id = attr(tag, "id");
            let labelled = id.is_some_and(|id| page.body.contains(&format!("for=\"{id}\"")))
                || tag.starts_with("type=\"radio\"");
            assert!(labelled, "{tag}");
        }
        if page.body.contains("type=\"radio\"") {
            assert!(page.body.contains("<fieldset") && page.body.contains("<legend>"));
        }
    }
}

// ---- the command, on a socket ---------------------------------------------------------------

/// A running `cp-screen serve`, stopped when dropped.
struct Running {
    child: std::process::Child,
    stderr: BufReader<std::process::ChildStderr>,
    addr: String,
    first_lines: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// The child is waited for by `Running`'s Drop, which clippy does not follow.
#[allow(clippy::zombie_processes)]
fn serve(args: &[&str]) -> Running {
    let mut child = util::cp_std()
        .arg("serve")
        .args(args)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first_lines = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve ended: {first_lines}");
        }
        first_lines.push_str(&line);
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            let addr = url.trim_start_matches("http://").trim_end_matches('/');
            return Running {
                child,
                stderr,
                addr: addr.to_string(),
                first_lines,
            };
        }
    }
}

/// One HTTP/1.1 request on a fresh connection; the whole response.
fn raw(addr: &str, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

#[test]
fn the_command_listens_on_127_0_0_1_and_refuses_a_foreign_host() {
    let help = util::cp().args(["serve", "--help"]).run();
    assert!(
        help.stdout.contains("[default: 127.0.0.1:8765]"),
        "{}",
        help.stdout
    );
    let s = serve(&["--listen", "127.0.0.1:0"]);
    assert!(s.addr.starts_with("127.0.0.1:"), "{}", s.addr);
    assert!(!s.first_lines.contains("Warning"), "{}", s.first_lines);
    let ok = raw(
        &s.addr,
        &format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        ),
    );
    assert!(ok.starts_with("HTTP/1.1 200 OK"), "{ok}");
    assert!(ok.to_lowercase().contains("cache-control: no-store"));
    let foreign = raw(
        &s.addr,
        "GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
    );
    assert!(foreign.starts_with("HTTP/1.1 421"), "{foreign}");
    let big = raw(
        &s.addr,
        &format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n",
            s.addr
        ),
    );
    assert!(big.starts_with("HTTP/1.1 413"), "{big}");
    // SIGTERM (a service manager) stops it cleanly, as Ctrl-C does.
    let mut s = s;
    let pid = s.child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = s.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    s.stderr.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "cp-screen serve: stopped.\n");
}

#[test]
fn listening_beyond_this_computer_says_so_first() {
    let s = serve(&["--listen", "0.0.0.0:0"]);
    assert!(
        s.first_lines.starts_with("Warning: listening on 0.0.0.0:"),
        "{}",
        s.first_lines
    );
    assert!(s.first_lines.contains("unencrypted"));
}
