//! `cp-screen serve`: the questionnaire as web pages, for a browser on the same computer or
//! a clinic's tablet. The pages are plain forms (no script needed); the answers travel in
//! the form's hidden fields and are read again, like any answer record, on every request,
//! so the server keeps nothing between requests. The questions, the notations, the errors,
//! the echo of a typed number and the printable report are the command line's own.
//!
//! The stack is axum on tokio with tower's and tower-http's limits: the most used Rust web
//! stack, kept by the tokio project. The runtime is started only by this command.
//! `flow.rs` reads a request's form and decides the next page; `pages.rs` draws the pages;
//! `net.rs` bounds connections (how many, how long idle).

mod flow;
mod net;
mod pages;
mod response;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::{Error, Exit, Result};
use crate::locale::{LANGUAGES, Lang};
use crate::output::html::Paper;
use crate::rules::RuleSet;
use crate::words;

/// Where the server listens unless `--listen` says otherwise: this computer only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8765";
/// The largest request body read (the answers of a questionnaire are a few KiB).
pub const BODY_LIMIT: usize = 16 * 1024;
/// The longest a request may take to be answered.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection with nothing read or written for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections open at once; more wait until one closes.
pub const MAX_CONNECTIONS: usize = 256;

/// `cp-screen serve`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The address and port to listen on. The default answers this computer only; an
    /// address such as 0.0.0.0:8765 opens the questionnaire to the network (a warning
    /// says so). Port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// A name this server may be reached by (a Host header it accepts), besides
    /// localhost and IP addresses: the clinic computer's name on the network. Repeat for
    /// more names.
    #[arg(long = "host", value_name = "NAME")]
    pub hosts: Vec<String>,

    /// Paper size of the printable result.
    #[arg(long, value_name = "PAPER", default_value = "a4")]
    pub paper: Paper,
}

/// A rule set the pages offer, loaded once in every language, read in one region.
#[derive(Clone)]
pub struct Form {
    /// The name the form's hidden field carries: the embedded set's name, or the file's id.
    pub name: String,
    /// The region its answers are read in (upper case, `TW`): what a bare 斤 weighs. `None`
    /// when none is known: a bare 斤 is then refused and grams or a named 斤 asked for.
    pub region: Option<String>,
    /// The rule set in each language of [`LANGUAGES`], by `Lang::index`.
    pub by_lang: Vec<RuleSet>,
    /// The same in each region the rule file's units name (台斤's TW, 司馬斤's HK and MO,
    /// 市斤's CN), made once; another region's is made when a request needs it.
    regional: Vec<Form>,
}

impl Form {
    /// Loads a rule file's text in every language, in no region and in each region its
    /// units name. Which region a request's answers are read in is decided per request
    /// ([`request_region`]).
    pub fn load(name: &str, text: &str, shown: &str) -> Result<Form> {
        let by_lang = LANGUAGES
            .iter()
            .map(|l| RuleSet::from_json_in(text, shown, Some(l.tag)))
            .collect::<std::result::Result<Vec<_>, crate::rules::RulesError>>()?;
        let mut regions: Vec<String> = by_lang[0]
            .questions
            .iter()
            .filter_map(|q| match &q.kind {
                crate::rules::QuestionKind::Number(spec) => Some(&spec.units),
                _ => None,
            })
            .flatten()
            .flat_map(|u| u.regions.iter().map(|r| r.to_ascii_uppercase()))
            .collect();
        regions.sort();
        regions.dedup();
        let mut form = Form {
            name: name.to_string(),
            region: None,
            by_lang,
            regional: Vec::new(),
        };
        form.regional = regions.iter().map(|r| form.made_in(r)).collect();
        Ok(form)
    }

    /// This form with its answers read in `region`.
    fn made_in(&self, region: &str) -> Form {
        let mut by_lang = self.by_lang.clone();
        for rules in &mut by_lang {
            rules.set_region(Some(region));
        }
        Form {
            name: self.name.clone(),
            region: Some(region.to_ascii_uppercase()),
            by_lang,
            regional: Vec::new(),
        }
    }

    /// This form with its answers read in `region` (upper case), or in none.
    pub fn in_region(&self, region: Option<&str>) -> std::borrow::Cow<'_, Form> {
        use std::borrow::Cow;
        let Some(region) = region else {
            return Cow::Borrowed(self);
        };
        match self
            .regional
            .iter()
            .find(|f| f.region.as_deref() == Some(region))
        {
            Some(form) => Cow::Borrowed(form),
            None => Cow::Owned(self.made_in(region)),
        }
    }

    pub fn rules(&self, lang: Lang) -> &RuleSet {
        &self.by_lang[lang.index()]
    }
}

/// What every request shares: the rule sets and the names the server answers to.
pub struct Server {
    pub forms: Vec<Form>,
    /// The port in a Host header must be this one.
    pub port: u16,
    /// Names besides localhost and IP addresses (`--host`), lower case.
    pub hosts: Vec<String>,
    pub paper: Paper,
    /// `--region`: the region every answer is read in, whatever the browser says.
    pub region: Option<String>,
    /// The Content-Security-Policy of every response.
    csp: HeaderValue,
}

impl Server {
    pub fn new(forms: Vec<Form>, port: u16, hosts: Vec<String>, paper: Paper) -> Server {
        let csp = pages::content_security_policy(&forms, paper);
        Server {
            forms,
            port,
            hosts: hosts.into_iter().map(|h| h.to_lowercase()).collect(),
            paper,
            region: None,
            csp: HeaderValue::from_str(&csp).expect("the policy is ASCII"),
        }
    }

    /// The server with `--region`'s region (upper case), which every request's answers
    /// are read in, whatever its `Accept-Language` says.
    pub fn with_region(mut self, region: Option<String>) -> Server {
        self.region = region.map(|r| r.to_ascii_uppercase());
        self
    }

    /// Whether a Host header names this server: localhost or an IP address (a page of
    /// another site cannot be served from those: DNS rebinding needs a name), or a name
    /// given with `--host`; with this server's port (or none, for port 80).
    fn host_allowed(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (host, Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        let name = name.to_lowercase();
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        name == "localhost"
            || bare.parse::<IpAddr>().is_ok() && (name.starts_with('[') == bare.contains(':'))
            || self.hosts.contains(&name)
    }
}

/// The application: every page, and the checks around them. Tests call it without a socket.
pub fn router(server: Arc<Server>) -> Router {
    Router::new()
        .route("/", get(start).post(flow::step))
        .route(
            "/download/record",
            axum::routing::post(flow::download_record),
        )
        .route("/download/fhir", axum::routing::post(flow::download_fhir))
        .route("/print.js", get(print_script))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(server.clone(), guard))
        .with_state(server)
}

#[derive(serde::Deserialize, Default)]
struct StartQuery {
    lang: Option<String>,
    set: Option<String>,
}

/// The first page: what the questionnaire is, which rule set, which language.
async fn start(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    query: std::result::Result<Query<StartQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let query = query.map(|q| q.0).unwrap_or_default();
    let lang = query
        .lang
        .as_deref()
        .and_then(|t| words::negotiate(&[t.to_string()]))
        .unwrap_or_else(|| accepted_language(&headers));
    let chosen = query
        .set
        .as_deref()
        .and_then(|s| server.forms.iter().position(|f| f.name == s))
        .unwrap_or(0);
    let region = request_region(&server, None, &headers, lang);
    html(
        StatusCode::OK,
        words::in_language(lang, || {
            pages::start(&server, lang, chosen, region.as_deref())
        }),
    )
}

/// The optional script: makes the Print button work (the page says how to print without it).
async fn print_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        pages::PRINT_SCRIPT,
    )
        .into_response()
}

async fn not_found(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let lang = accepted_language(&headers);
    let problem = if req.method() == Method::GET || req.method() == Method::POST {
        Problem::NotFound {
            path: req.uri().path().to_string(),
        }
    } else {
        Problem::Method {
            method: req.method().to_string(),
        }
    };
    error_page(&server, lang, &problem)
}

/// The language a browser asks for (`Accept-Language`, best first), else English.
pub fn accepted_language(headers: &HeaderMap) -> Lang {
    words::negotiate(&accepted_tags(headers)).unwrap_or(Lang::En)
}

/// The tags of `Accept-Language`, most wanted first (by `q`, then in the order written).
fn accepted_tags(headers: &HeaderMap) -> Vec<String> {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Vec::new();
    };
    let mut wanted: Vec<(f32, usize, String)> = value
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then(|| (q, i, tag.to_string()))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    wanted.into_iter().map(|(_, _, t)| t).collect()
}

/// The region a request's answers are read in, which says what a bare 斤 weighs:
/// `--region`; else the one an earlier page of the same questionnaire decided (`posted`,
/// its hidden field, so that Back, Change, the result and the downloads read the answers
/// as they were read when typed); else the region of the browser's language, the
/// `Accept-Language` tag that chose it (`zh-TW`: TW, `zh-HK`: HK, `zh-CN` or `zh`: CN,
/// `zh-Hant` or `en`: none), as the command line takes it from the locale
/// (`words::negotiate_with_region`), whichever language the page is in; else the server's
/// own (its locale, or `--lang`); else the page language's (`zh-Hans`: CN). `None` when
/// none of them names one.
pub fn request_region(
    server: &Server,
    posted: Option<&str>,
    headers: &HeaderMap,
    lang: Lang,
) -> Option<String> {
    server
        .region
        .clone()
        .or_else(|| posted.map(str::to_ascii_uppercase))
        .or_else(|| words::negotiate_with_region(&accepted_tags(headers)).and_then(|(_, r)| r))
        .or_else(|| words::region().map(str::to_string))
        .or_else(|| crate::locale::region_of(lang.tag()))
}

/// What can go wrong with a request, each with its stable code.
#[derive(Debug)]
pub enum Problem {
    /// A Host header that names another site (DNS rebinding) or none.
    ForeignHost {
        host: String,
    },
    /// A body larger than [`BODY_LIMIT`].
    TooLarge,
    NotFound {
        path: String,
    },
    Method {
        method: String,
    },
    /// The request took longer than [`REQUEST_TIMEOUT`].
    Timeout,
    /// A form field the pages never send, or a value they never send.
    BadForm {
        /// The field.
        field: String,
        /// The value seen (shown escaped).
        value: String,
        /// What was expected, or why the value is wrong.
        expected: Expected,
        /// The problem's code: a record problem's own when the value is an answer.
        code: &'static str,
    },
}

/// What a form field should have held.
#[derive(Debug)]
pub enum Expected {
    /// Said already: the reason in the page's words, or the values allowed (ids, tags).
    Said(String),
    /// The field once, not twice.
    OneValue,
    /// A question's place, from 0 to `last`.
    QuestionNumber { last: usize },
    /// A region: two letters (ISO 3166).
    Region,
}

impl From<String> for Expected {
    fn from(s: String) -> Expected {
        Expected::Said(s)
    }
}

impl From<&str> for Expected {
    fn from(s: &str) -> Expected {
        Expected::Said(s.to_string())
    }
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::ForeignHost { .. } => "serve_foreign_host",
            Problem::TooLarge => "serve_body_too_large",
            Problem::NotFound { .. } => "serve_not_found",
            Problem::Method { .. } => "serve_method_not_allowed",
            Problem::Timeout => "serve_timeout",
            Problem::BadForm { code, .. } => code,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Problem::ForeignHost { .. } => StatusCode::MISDIRECTED_REQUEST,
            Problem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::NotFound { .. } => StatusCode::NOT_FOUND,
            Problem::Method { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Problem::Timeout => StatusCode::REQUEST_TIMEOUT,
            Problem::BadForm { .. } => StatusCode::BAD_REQUEST,
        }
    }
}

pub fn error_page(server: &Server, lang: Lang, problem: &Problem) -> Response {
    html(
        problem.status(),
        words::in_language(lang, || pages::error(server, lang, problem)),
    )
}

pub fn html(status: StatusCode, page: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Around every request: the Host check, the body limit said as a page, and the headers
/// every response carries (no caching, the content policy, no sniffing, no referrer, no
/// framing).
async fn guard(State(server): State<Arc<Server>>, req: Request, next: Next) -> Response {
    let lang = accepted_language(req.headers());
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let too_large = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|n| n > BODY_LIMIT as u64);
    let mut response = if !server.host_allowed(&host) {
        error_page(&server, lang, &Problem::ForeignHost { host })
    } else if too_large {
        error_page(&server, lang, &Problem::TooLarge)
    } else {
        let response = next.run(req).await;
        // A body that grew past the limit without saying its length first: axum's own
        // 413, said as a page.
        match response.status() {
            StatusCode::PAYLOAD_TOO_LARGE => error_page(&server, lang, &Problem::TooLarge),
            StatusCode::REQUEST_TIMEOUT => error_page(&server, lang, &Problem::Timeout),
            _ => response,
        }
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_SECURITY_POLICY, server.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// A body read whole, for the form handlers.
pub type FormBody = std::result::Result<Bytes, axum::extract::rejection::BytesRejection>;

/// A download: `name` as an attachment.
pub fn download(name: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

// ---- running it -----------------------------------------------------------------------------

/// `cp-screen serve`: binds, says where to open it, and serves until Ctrl-C.
/// `region` is `--region`, which every answer is read in whatever the browser says.
pub fn run(forms: Vec<Form>, args: ServeArgs, region: Option<String>) -> Result<Exit> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| {
                Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("cannot listen on {}: {e}", args.listen),
                ))
            })?;
        let bound = listener.local_addr()?;
        let w = words::chosen().catalog();
        if !args.listen.ip().is_loopback() {
            eprintln!(
                "{}",
                w.format(
                    "serve-warning-network",
                    &[("addr", crate::locale::Arg::Str(&bound.to_string()))]
                )
            );
        }
        let shown_host = if bound.ip().is_unspecified() || bound.ip().is_loopback() {
            "127.0.0.1".to_string()
        } else {
            match bound.ip() {
                IpAddr::V6(ip) => format!("[{ip}]"),
                IpAddr::V4(ip) => ip.to_string(),
            }
        };
        let url = format!("http://{shown_host}:{}/", bound.port());
        eprintln!(
            "{}",
            w.format("serve-listening", &[("url", crate::locale::Arg::Str(&url))])
        );
        let server =
            Arc::new(Server::new(forms, bound.port(), args.hosts, args.paper).with_region(region));
        let listener = net::Bounded::new(listener, MAX_CONNECTIONS, IDLE_TIMEOUT);
        axum::serve(listener, router(server))
            .with_graceful_shutdown(stop_asked())
            .await?;
        eprintln!("{}", w.text("serve-stopped"));
        Ok(Exit::Success)
    })
}

/// Ctrl-C, or SIGTERM (a service manager stopping it): the server finishes the requests
/// it has and ends.
async fn stop_asked() {
    let stop = Arc::new(tokio::sync::Notify::new());
    let on_ctrl_c = stop.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.notify_one();
        }
    });
    #[cfg(unix)]
    {
        let on_term = stop.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            if let Ok(mut term) = signal(SignalKind::terminate()) {
                term.recv().await;
                on_term.notify_one();
            }
        });
    }
    stop.notified().await;
}
