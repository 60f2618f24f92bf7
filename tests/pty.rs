//! The real questionnaire on a pseudo-terminal, driven key by key as a person would:
//! a full run to the report, a re-prompted number, going back, and Ctrl-C.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{ControlCode, Eof, Expect, Session};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const BACKSPACE: &str = "\x7f";

type Pty = expectrl::session::OsSession;

/// Runs the questionnaire on the fixed 1.0.0 rule file, so that these key-by-key scripts
/// test the questionnaire's mechanics and do not move when the default set's questions do.
fn spawn(args: &[&str]) -> Pty {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"));
    cmd.args(["--rules", "tests/fixtures/cerebral-palsy-1.0.0.json"])
        .args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("ACCESSIBLE");
    let mut p = Session::spawn(cmd).expect("spawn on a pseudo-terminal");
    p.set_expect_timeout(Some(Duration::from_secs(15)));
    p
}

/// Waits for question `n`'s prompt, then presses `keys`.
fn answer(p: &mut Pty, n: usize, keys: &str) {
    p.expect(format!("question {n} of 16")).unwrap();
    p.expect("Your answer").unwrap();
    p.send(keys).unwrap();
}

fn exit_code(p: &Pty) -> i32 {
    match p.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

/// Answers all 16 questions "No" with plausible term numbers, from question `from`.
fn answer_rest_no(p: &mut Pty, from: usize) {
    for n in from..=16 {
        match n {
            9 => answer(p, n, "39\r"),
            10 => answer(p, n, "3400\r"),
            _ => answer(p, n, &format!("{UP}{ENTER}")),
        }
    }
}

#[test]
fn a_full_session_reaches_the_report() {
    let mut p = spawn(&[]);
    p.expect("not a diagnosis").unwrap();
    answer(&mut p, 1, ENTER); // the pre-selected "Don't know"
    for n in 2..=8 {
        answer(&mut p, n, &format!("{UP}{ENTER}")); // "No"
    }
    answer(&mut p, 9, "30+4\r");
    p.expect("30+4 weeks = 30.6 weeks").unwrap();
    answer(&mut p, 10, "1850\r");
    for n in 11..=16 {
        answer(&mut p, n, &format!("{UP}{UP}{ENTER}")); // "Yes"
    }
    p.expect("Review your answers").unwrap();
    p.expect("Confirm and show the result").unwrap();
    p.send(ENTER).unwrap();
    p.expect("Your screening result").unwrap();
    p.expect("because gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks")
        .unwrap();
    p.expect("not a diagnosis").unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(exit_code(&p), 0);
}

#[test]
fn an_out_of_range_number_is_re_prompted() {
    let mut p = spawn(&["ask"]);
    for n in 1..=8 {
        answer(&mut p, n, ENTER);
    }
    answer(&mut p, 9, "353\r");
    p.expect("outside the plausible range 20 to 45 weeks")
        .unwrap();
    p.send("31+4\r").unwrap();
    p.expect("31+4 weeks = 31.6 weeks").unwrap();
    answer_rest_no(&mut p, 10);
    p.expect("Confirm and show the result").unwrap();
    p.send(ENTER).unwrap();
    p.expect("Born before 32 weeks").unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(exit_code(&p), 0);
}

#[test]
fn back_returns_to_the_previous_question() {
    let mut p = spawn(&["ask"]);
    answer(&mut p, 1, &format!("{UP}{UP}{ENTER}")); // Yes
    // Question 2's last item is "Back to the previous question".
    answer(&mut p, 2, &format!("{DOWN}{DOWN}{ENTER}"));
    answer(&mut p, 1, &format!("{DOWN}{ENTER}")); // from the kept "Yes" down to "No"
    answer_rest_no(&mut p, 2);
    p.expect(" 1) Infection of the mother during pregnancy: no")
        .unwrap();
    p.send(ENTER).unwrap();
    p.expect("No risk factor of this checklist was found")
        .unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(exit_code(&p), 0);
}

#[test]
fn ctrl_c_exits_130_with_the_cursor_shown_and_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("answers.json");
    let mut p = spawn(&["ask", "--save", save.to_str().unwrap()]);
    answer(&mut p, 1, ENTER);
    p.expect("question 2 of 16").unwrap();
    p.expect("Your answer").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    // The cursor, hidden while the choices are drawn, is shown again, and the message
    // says why; in either order (the signal handler and the prompt race to say it).
    let found = p.expect(Eof).unwrap();
    let mut bytes = found.before().to_vec();
    bytes.extend(found.get(0).unwrap_or_default());
    let rest = String::from_utf8_lossy(&bytes).into_owned();
    assert!(rest.contains("\x1b[?25h"), "{rest:?}");
    assert!(rest.contains("interrupted"), "{rest:?}");
    assert_eq!(exit_code(&p), 130);
    assert!(!save.exists(), "nothing is saved after Ctrl-C");
}

// ---- what stays on the screen (issue #15) -----------------------------------------------
//
// The tests above read the byte stream; these also replay it through a terminal emulator
// (vt100) of the same size and look at the screen a person would see, at 40 and 80
// columns: no line cut mid-word left behind, no menu drawn twice, no question abandoned
// with Back still showing.

const ESC: &str = "\x1b";

/// The questionnaire on a pseudo-terminal of `cols` columns, and the screen it draws.
struct Screen {
    pty: Pty,
    parser: vt100::Parser,
    cols: u16,
}

const ROWS: u16 = 50;

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal has rows and columns")
}

impl Screen {
    fn spawn(cols: u16, args: &str) -> Screen {
        // On the fixed 1.0.0 rule file, as `spawn` above.
        Screen::spawn_with(
            cols,
            "--rules tests/fixtures/cerebral-palsy-1.0.0.json",
            args,
        )
    }

    /// The questionnaire with `options` before `ask` (a rule set, a language).
    fn spawn_with(cols: u16, options: &str, args: &str) -> Screen {
        Screen::spawn_on(
            cols,
            ROWS,
            &format!("{options} ask {args}"),
            &[],
            env!("CARGO_MANIFEST_DIR").as_ref(),
        )
    }

    /// `cp-screen ARGS` on a terminal of `cols` x `rows`, in `dir`, with `env` set.
    fn spawn_on(
        cols: u16,
        rows: u16,
        args: &str,
        env: &[(&str, &str)],
        dir: &std::path::Path,
    ) -> Screen {
        // The pty library sets 80x24 from the parent once the child runs; the size is set
        // again after that, and cp-screen starts only when it sees it, so that its first
        // line already fits.
        let bin = assert_cmd::cargo::cargo_bin!("cp-screen");
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "while [ \"$(stty size)\" != \"{rows} {cols}\" ]; do sleep 0.05; done; exec \"$0\" {args}"
            ))
            .arg(bin)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("ACCESSIBLE")
            .envs(env.iter().copied());
        let mut pty = Session::spawn(cmd).expect("spawn on a pseudo-terminal");
        pty.get_process_mut()
            .set_window_size(cols, rows)
            .expect("the pseudo-terminal takes a size");
        pty.set_expect_timeout(Some(Duration::from_secs(15)));
        Screen {
            pty,
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            cols,
        }
    }

    /// Reads what cp-screen wrote until `done` holds for the screen (or 15 s pass).
    fn read_until(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let mut buf = [0u8; 4096];
        loop {
            if done(&self.parser.screen().contents()) {
                return;
            }
            match self.pty.try_read(&mut buf) {
                Ok(0) => panic!("{}: ended before {what:?}:\n{}", self.cols, self.text()),
                Ok(n) => self.parser.process(&buf[..n]),
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{} columns: no {what:?} on the screen:\n{}",
                self.cols,
                self.text()
            );
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.read_until(text, |screen| screen.contains(text));
    }

    /// Reads until nothing more comes for a moment: redrawing is over.
    fn settle(&mut self) {
        let mut buf = [0u8; 4096];
        let mut quiet = 0;
        while quiet < 10 {
            match self.pty.try_read(&mut buf) {
                Ok(n) if n > 0 => {
                    self.parser.process(&buf[..n]);
                    quiet = 0;
                }
                _ => {
                    quiet += 1;
                    std::thread::sleep(Duration::from_millis(30));
                }
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.pty.send(keys).unwrap();
    }

    /// Waits for question `n`, then presses `keys`.
    fn answer(&mut self, n: usize, keys: &str) {
        self.wait_for(&format!("question {n} of 16"));
        self.settle();
        self.send(keys);
    }

    /// The rows of the screen, without trailing blanks.
    fn rows(&self) -> Vec<String> {
        self.parser
            .screen()
            .rows(0, self.cols)
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    fn text(&self) -> String {
        self.rows().join("\n")
    }

    fn count(&self, text: &str) -> usize {
        self.rows().iter().filter(|r| r.contains(text)).count()
    }

    fn exit_code(&mut self) -> i32 {
        self.settle();
        exit_code(&self.pty)
    }
}

/// Answers up to the review: questions `from..=16` "No" (numbers 31+4/40 and 3400; the
/// first makes a long review item, cut twice at 40 columns).
fn to_the_review(s: &mut Screen, from: usize) {
    for n in from..=16 {
        match n {
            9 => s.answer(n, "31+4/40\r"),
            10 => s.answer(n, "3400\r"),
            _ => s.answer(n, &format!("{UP}{ENTER}")),
        }
    }
    s.wait_for("Confirm and show the result");
    s.settle();
}

#[test]
fn a_wrapped_number_error_is_wrapped_and_gone_after_the_retry() {
    for cols in [40, 80] {
        let mut s = Screen::spawn(cols, "");
        for n in 1..=8 {
            s.answer(n, ENTER);
        }
        s.answer(9, "abc\r");
        s.wait_for("✘");
        s.settle();
        let error: Vec<String> = s
            .rows()
            .into_iter()
            .skip_while(|r| !r.starts_with("✘"))
            .take_while(|r| !r.starts_with("? Your answer"))
            .collect();
        assert!(
            error.len() >= 2,
            "{cols}: the error is wrapped:\n{}",
            s.text()
        );
        assert!(
            error.iter().all(|r| r.chars().count() < usize::from(cols)),
            "{cols}: every line of the error fits:\n{}",
            s.text()
        );
        s.send("31+4\r");
        s.wait_for("31+4 weeks = 31.6 weeks");
        s.wait_for("question 10 of 16");
        s.settle();
        let screen = s.text();
        assert!(
            !screen.contains('✘'),
            "{cols}: the error is gone:\n{screen}"
        );
        assert!(!screen.contains("abc"), "{cols}:\n{screen}");
        assert_eq!(
            s.count("Accepted:") + s.count("know."),
            0,
            "{cols}: no line of the error is left:\n{screen}"
        );
        assert_eq!(s.count("✔ Your answer · 31+4"), 1, "{cols}:\n{screen}");
    }
}

#[test]
fn arrow_keys_at_the_review_redraw_it_in_place() {
    for cols in [40, 80] {
        let mut s = Screen::spawn(cols, "");
        to_the_review(&mut s, 1);
        for _ in 0..3 {
            s.send(DOWN);
            s.settle();
        }
        s.send(UP);
        s.settle();
        let screen = s.text();
        assert_eq!(
            s.count("Confirm and show the result"),
            1,
            "{cols}: one confirm line:\n{screen}"
        );
        assert_eq!(s.count("❯"), 1, "{cols}: one marker:\n{screen}");
        assert_eq!(
            s.count("16) Short umbilical cord: no"),
            1,
            "{cols}:\n{screen}"
        );
        assert_eq!(s.count("Review your answers"), 1, "{cols}:\n{screen}");
        // What is above the review stays: the last question and its answer.
        let rows = s.rows();
        let heading = rows
            .iter()
            .position(|r| r.contains("Review your answers"))
            .unwrap();
        assert_eq!(
            rows[heading - 2],
            "✔ Your answer · No",
            "{cols}: the last answer is still above the review:\n{screen}"
        );
        assert_eq!(s.count("question 16 of 16"), 1, "{cols}:\n{screen}");
        assert_eq!(s.count("question 15 of 16"), 1, "{cols}:\n{screen}");
        assert!(
            s.rows()
                .iter()
                .all(|r| r.chars().count() < usize::from(cols)),
            "{cols}: every line fits:\n{screen}"
        );
        assert!(
            screen.contains("❯  2) "),
            "{cols}: the third item is chosen:\n{screen}"
        );
        s.send(&format!("{UP}{UP}{ENTER}"));
        s.wait_for("Rules: cerebral-palsy@");
        assert_eq!(s.exit_code(), 0);
    }
}

#[test]
fn back_and_escape_leave_no_abandoned_question_on_the_screen() {
    for cols in [40, 80] {
        let mut s = Screen::spawn(cols, "");
        s.answer(1, ENTER);
        // Question 2: from "Don't know" down past Help to "Back to the previous question".
        s.answer(2, &format!("{DOWN}{DOWN}{ENTER}"));
        s.read_until("question 1 again", |t| !t.contains("question 2 of 16"));
        s.settle();
        let screen = s.text();
        assert_eq!(s.count("question 1 of 16"), 1, "{cols}:\n{screen}");
        assert_eq!(s.count("question 2 of 16"), 0, "{cols}:\n{screen}");
        assert_eq!(
            s.count("✔"),
            0,
            "{cols}: question 1's answer is asked again:\n{screen}"
        );
        s.send(ENTER);
        for n in 2..=8 {
            s.answer(n, ENTER);
        }
        s.answer(9, "38\r");
        // Esc at a number goes back too, with the answer offered for editing.
        s.answer(10, ESC);
        s.read_until("question 9 again", |t| !t.contains("question 10 of 16"));
        s.settle();
        let screen = s.text();
        assert_eq!(s.count("question 9 of 16"), 1, "{cols}:\n{screen}");
        assert!(
            screen.contains("? Your answer › 38"),
            "{cols}: the answer is offered for editing:\n{screen}"
        );
        s.send("\x7f9\r"); // Backspace, then 39
        s.wait_for("question 10 of 16");
        s.settle();
        assert_eq!(s.count("question 9 of 16"), 1, "{cols}:\n{}", s.text());
        assert_eq!(s.count("✔ Your answer · 39"), 1, "{cols}:\n{}", s.text());
        to_the_review(&mut s, 10);
        s.send(ENTER);
        s.wait_for("Rules: cerebral-palsy@");
        assert_eq!(s.exit_code(), 0);
    }
}

#[test]
fn escape_at_the_review_goes_back_and_saves_nothing() {
    for cols in [40, 80] {
        let dir = tempfile::tempdir().unwrap();
        let save = dir.path().join("answers.json");
        let mut s = Screen::spawn(cols, &format!("--save {}", save.display()));
        to_the_review(&mut s, 1);
        s.send(ESC);
        s.read_until("question 16 again", |t| !t.contains("Review your answers"));
        s.settle();
        let screen = s.text();
        assert!(
            !screen.contains("Your screening result"),
            "{cols}:\n{screen}"
        );
        assert_eq!(s.count("question 16 of 16"), 1, "{cols}:\n{screen}");
        assert!(!save.exists(), "{cols}: Esc at the review saves nothing");
        s.send(ENTER);
        s.wait_for("Confirm and show the result");
        s.settle();
        s.send(ENTER);
        s.wait_for("Answers saved to");
        assert_eq!(s.exit_code(), 0);
        assert!(save.exists());
    }
}

#[test]
fn help_is_not_an_answer_and_enter_at_a_number_says_dont_know() {
    for cols in [40, 80] {
        let mut s = Screen::spawn(cols, "");
        s.answer(1, ENTER);
        s.answer(2, &format!("{DOWN}{ENTER}")); // Help
        s.wait_for("radiation");
        s.settle();
        assert_eq!(
            s.count("Help"),
            1,
            "{cols}: only the menu item:\n{}",
            s.text()
        );
        assert_eq!(s.count("· Help"), 0, "{cols}:\n{}", s.text());
        s.send(ENTER);
        for n in 3..=8 {
            s.answer(n, ENTER);
        }
        s.answer(9, ENTER);
        s.wait_for("question 10 of 16");
        s.settle();
        let rows = s.rows();
        let q9 = rows
            .iter()
            .position(|r| r.contains("question 9 of 16"))
            .unwrap();
        let answered: Vec<&String> = rows[q9..].iter().filter(|r| r.starts_with('✔')).collect();
        assert_eq!(
            answered,
            ["✔ Your answer · Don't know"],
            "{cols}:\n{}",
            s.text()
        );
        // A plain number is echoed with its unit, the number kept.
        s.send("1850\r");
        s.wait_for("1850 = 1850 g");
    }
}

#[test]
fn ctrl_c_at_a_number_says_so_on_a_line_of_its_own() {
    for cols in [40, 80] {
        let mut s = Screen::spawn(cols, "");
        for n in 1..=8 {
            s.answer(n, ENTER);
        }
        s.answer(9, "31");
        s.wait_for("› 31");
        s.send("\x03");
        s.wait_for("interrupted");
        s.settle();
        let rows = s.rows();
        assert!(
            rows.iter().any(|r| r == "? Your answer › 31"),
            "{cols}:\n{}",
            s.text()
        );
        assert!(
            rows.iter().any(|r| r.starts_with("cp-screen: interrupted")),
            "{cols}: the message starts its own line:\n{}",
            s.text()
        );
        assert_eq!(s.exit_code(), 130);
    }
}

/// Issue 16: SIGTERM, SIGHUP or a SIGINT sent from outside, at a prompt that has the
/// terminal raw, left it raw (`-isig -icanon -echo`) with the cursor hidden.
#[test]
fn a_terminating_signal_at_a_prompt_restores_the_terminal() {
    let bin = assert_cmd::cargo::cargo_bin!("cp-screen");
    for signal in ["TERM", "HUP", "INT"] {
        // A shell on the pseudo-terminal runs the questionnaire in the background (so its
        // pid is known), waits for it, then prints the terminal's modes.
        let script = format!(
            "before=$(stty -g); {} ask </dev/tty & echo PID=$!; wait $!; echo EXIT=$?; \
             if [ \"$(stty -g)\" = \"$before\" ]; then echo MODES=SAME; else stty -a; echo MODES=CHANGED; fi",
            bin.display()
        );
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &script])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("ACCESSIBLE");
        let mut p = Session::spawn(cmd).expect("spawn on a pseudo-terminal");
        p.set_expect_timeout(Some(Duration::from_secs(15)));
        let found = p.expect(expectrl::Regex("PID=[0-9]+")).unwrap();
        let pid: i32 = String::from_utf8_lossy(found.get(0).unwrap())[4..]
            .parse()
            .unwrap();
        p.expect("question 1 of 16").unwrap();
        p.expect("Your answer").unwrap();
        // The prompt is drawn: the terminal is raw now.
        std::thread::sleep(Duration::from_millis(200));
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        // The cursor, hidden while the choices are drawn, is shown again.
        p.expect("\x1b[?25h").unwrap();
        p.expect("EXIT=130").unwrap();
        let rest = p.expect(expectrl::Regex("MODES=[A-Z]+")).unwrap();
        let before = String::from_utf8_lossy(rest.before()).to_string();
        let modes = String::from_utf8_lossy(rest.get(0).unwrap()).to_string();
        assert_eq!(modes, "MODES=SAME", "SIG{signal}: {before}");
        p.expect(Eof).unwrap();
    }
}

// The sessions shown in the documents are replayed here, so that they cannot go stale: the
// keys are read off the transcript (each `✔` line is one answer: a list's Yes, No or Don't
// know is chosen with the arrow keys from the pre-selected "Don't know", anything else is
// typed), and the screen at the end must be the transcript, line for line.

/// Replays the transcript after `<!-- checked by: tests/pty.rs TEST -->` in `file`, on a
/// terminal `cols` wide, with `env`.
fn replay_transcript(file: &str, test: &str, cols: u16, env: &[(&str, &str)]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join(file)).unwrap();
    let marker = format!("<!-- checked by: tests/pty.rs {test} -->");
    let at = doc
        .find(&marker)
        .unwrap_or_else(|| panic!("{file} has no {marker}"));
    let block = &doc[at..];
    let body = block
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(body, _)| body)
        .unwrap_or_else(|| panic!("{file}: a text block follows {marker}"));
    let mut lines = body.lines();
    let args = lines
        .next()
        .and_then(|l| l.strip_prefix("$ cp-screen"))
        .expect("the transcript starts with `$ cp-screen`");
    let expected: Vec<&str> = lines.collect();
    // Yes, No and Don't know in the language of the session, from its vocabulary.
    let locale = env
        .iter()
        .find(|(k, _)| *k == "LANG")
        .map_or("", |(_, v)| *v);
    let traditional = ["zh_TW", "zh_HK", "zh_MO"]
        .iter()
        .any(|l| locale.starts_with(l));
    let choices: [&str; 3] = if traditional {
        ["有", "沒有", "不清楚"]
    } else if locale.starts_with("zh") {
        ["有", "没有", "不清楚"]
    } else {
        ["Yes", "No", "Don't know"]
    };
    let dir = tempfile::tempdir().unwrap();
    let rows = (expected.len() + 20) as u16;
    let mut s = Screen::spawn_on(cols, rows, args.trim(), env, dir.path());
    let answers: Vec<&str> = expected
        .iter()
        .filter(|l| l.starts_with("✔ "))
        .map(|l| l.rsplit_once(" · ").expect("an answer line has ` · `").1)
        .collect();
    let last = answers.len() - 1;
    for (i, answer) in answers.iter().enumerate() {
        s.read_until("a prompt", |screen| {
            screen.lines().filter(|l| l.starts_with("✔ ")).count() == i
        });
        s.settle();
        let keys = match choices.iter().position(|c| c == answer) {
            _ if i == last => ENTER.to_string(), // the review's pre-selected Confirm
            Some(0) => format!("{UP}{UP}{ENTER}"),
            Some(1) => format!("{UP}{ENTER}"),
            Some(_) => ENTER.to_string(),
            None => format!("{answer}{ENTER}"),
        };
        s.send(&keys);
    }
    assert_eq!(s.exit_code(), 0, "{}", s.text());
    let mut shown = s.rows();
    while shown.last().is_some_and(|l| l.is_empty()) {
        shown.pop();
    }
    let expected: Vec<String> = expected.iter().map(|l| l.trim_end().to_string()).collect();
    if shown != expected {
        panic!(
            "{file}: the transcript is not what the terminal shows; the terminal shows:\n{}",
            shown.join("\n")
        );
    }
    assert!(dir.path().join("answers.json").exists());
}

#[test]
fn the_english_session_in_the_docs_is_what_a_terminal_shows() {
    replay_transcript(
        "docs/questionnaire.md",
        "the_english_session_in_the_docs_is_what_a_terminal_shows",
        92,
        &[("LANG", "C.UTF-8")],
    );
}

#[test]
fn the_chinese_session_in_the_readme_is_what_a_terminal_shows() {
    replay_transcript(
        "README.zh-CN.md",
        "the_chinese_session_in_the_readme_is_what_a_terminal_shows",
        80,
        &[("LANG", "zh_CN.UTF-8")],
    );
}

#[test]
fn the_traditional_chinese_session_in_its_readme_is_what_a_terminal_shows() {
    replay_transcript(
        "README.zh-Hant.md",
        "the_traditional_chinese_session_in_its_readme_is_what_a_terminal_shows",
        80,
        &[("LANG", "zh_TW.UTF-8")],
    );
}

/// The default rule set's questionnaire in Traditional Chinese (`zh-TW`), at 40 and 80
/// columns: every question asked in Traditional characters, a Taiwanese 3斤8兩 echoed as
/// 2100 公克 with its 台斤 stated, and the report saying which 斤 it assumed.
#[test]
fn the_questionnaire_in_traditional_chinese_reads_a_taiwanese_jin() {
    for cols in [40, 80] {
        let mut s = Screen::spawn_with(cols, "--lang zh-TW", "");
        s.wait_for("共 16 個問題");
        for n in 1..=16 {
            s.wait_for(&format!("第 {n} 題（共 16 題）"));
            s.settle();
            match n {
                10 => s.send("31週零4天\r"),
                11 => s.send("3斤8兩\r"),
                _ => s.send(&format!("{UP}{ENTER}")), // 沒有
            }
            if n == 11 {
                s.read_until("the echo", |screen| screen.contains("37.5 公克的台"));
                // Wrapped rows joined, without their indent.
                let screen: String = s.text().split_whitespace().collect();
                assert!(
                    screen.contains("3斤8兩=2100公克，按1斤=600公克的台斤"),
                    "{cols}: {screen}"
                );
            }
        }
        s.wait_for("確認並檢視結果");
        s.settle();
        for simplified in ["题", "没有", "确认", "检", "体重"] {
            assert_eq!(
                s.count(simplified),
                0,
                "{cols}: {simplified:?} on\n{}",
                s.text()
            );
        }
        s.send(ENTER);
        s.read_until("the report", |screen| screen.contains("規則："));
        let report: String = s.text().split_whitespace().collect();
        for said in [
            "您的篩檢結果",
            "不滿32週出生",
            "單位換算：",
            "2100公克",
            "腦性麻痺",
        ] {
            assert!(
                report.contains(said),
                "{cols}: no {said:?} in\n{}",
                s.text()
            );
        }
        assert_eq!(s.exit_code(), 0);
    }
}

/// The review's answers as shown: the rows after its Confirm, each without the marker and
/// its number ("孕期母亲感染：有").
fn review_rows(s: &Screen, confirm: &str) -> Vec<String> {
    let rows = s.rows();
    let at = rows
        .iter()
        .position(|r| r.contains(confirm))
        .expect("the review is on the screen");
    rows[at + 1..]
        .iter()
        .filter_map(|r| r.trim_start_matches(['❯', ' ']).split_once(") "))
        .map(|(_, item)| item.to_string())
        .collect()
}

/// Each review item ends with its whole answer: the label may be cut, never the answer.
fn assert_review_ends(s: &Screen, cols: u16, items: &[String], ends: &[String]) {
    assert_eq!(items.len(), ends.len(), "{cols}:\n{}", s.text());
    for (item, end) in items.iter().zip(ends) {
        assert!(
            item.ends_with(end.as_str()),
            "{cols}: {item:?} shows its whole answer {end:?}:\n{}",
            s.text()
        );
    }
}

/// Every row fits in `cols` columns, counting a Chinese character as two.
fn assert_fits(s: &Screen, cols: u16) {
    for row in s.rows() {
        assert!(
            textwrap::core::display_width(&row) < usize::from(cols),
            "{cols}: {row:?} does not fit:\n{}",
            s.text()
        );
    }
}

#[test]
fn chinese_menus_take_typed_words_and_the_review_keeps_every_answer_at_40_columns() {
    for cols in [40, 80] {
        let mut s = Screen::spawn_with(cols, "--lang zh-Hans", "");
        let question = |n: usize| format!("第 {n} 题（共 16 题）");
        s.wait_for(&question(1));
        s.settle();
        // Read across the lines it was wrapped into.
        let screen = s.text().replace('\n', "");
        // The introduction names the keys; an untouched menu says what Enter does.
        assert!(screen.contains("按回车确认"), "{cols}:\n{screen}");
        assert!(
            screen.contains("直接按回车即选“不清楚”"),
            "{cols}:\n{screen}"
        );
        assert!(screen.contains("❯ 3) 不清楚"), "{cols}:\n{screen}");
        // A word typed with an input method arrives whole and moves the menu to its item;
        // Enter then chooses it.
        s.send("是");
        s.settle();
        let screen = s.text();
        assert!(screen.contains("❯ 1) 有"), "{cols}:\n{screen}");
        assert!(!screen.contains("直接按回车即选"), "{cols}:\n{screen}");
        s.send(ENTER);
        s.wait_for("✔ 您的回答 · 有");
        let keys = ["没有", "否", "2", "不清楚", "不知道", "d", "有", "n"];
        for (n, key) in (2..=9).zip(keys) {
            s.wait_for(&question(n));
            s.settle();
            s.send(&format!("{key}{ENTER}"));
        }
        s.wait_for(&question(10));
        s.settle();
        s.send("31+4/40\r");
        s.wait_for(&question(11));
        s.settle();
        s.send("6斤2两\r");
        for n in 12..=16 {
            s.wait_for(&question(n));
            s.settle();
            s.send(&format!("没有{ENTER}"));
        }
        s.wait_for("确认并查看结果");
        s.settle();
        assert_fits(&s, cols);
        let items = review_rows(&s, "确认并查看结果");
        let mut ends: Vec<String> = [
            "有",
            "没有",
            "没有",
            "没有",
            "不清楚",
            "不清楚",
            "不清楚",
            "有",
            "没有",
        ]
        .map(|a| format!("：{a}"))
        .into();
        ends.extend(["31+4/40 周（31.6 周）".into(), "6斤2两（3100 克）".into()]);
        ends.extend(vec!["：没有".to_string(); 5]);
        assert_review_ends(&s, cols, &items, &ends);
        if cols == 40 {
            assert!(
                items.iter().any(|i| i.contains('…')),
                "{cols}: a long label is cut at 40 columns:\n{}",
                s.text()
            );
        }
        // Typed numbers are the questions' numbers; "c" is Confirm.
        s.send("11");
        s.settle();
        assert!(s.text().contains("❯ 11) "), "{cols}:\n{}", s.text());
        s.send("c");
        s.settle();
        assert!(
            s.text().contains("❯  c) 确认并查看结果"),
            "{cols}:\n{}",
            s.text()
        );
        s.send(ENTER);
        s.wait_for("规则：cerebral-palsy@");
        assert_eq!(s.exit_code(), 0);
    }
}

#[test]
fn english_menus_take_typed_keys_and_the_review_keeps_every_answer_at_40_columns() {
    for cols in [40, 80] {
        let mut s = Screen::spawn(cols, "");
        s.wait_for("question 1 of 16");
        s.settle();
        let screen = s.text().replace('\n', " ");
        assert!(screen.contains("type y, n or d"), "{cols}:\n{screen}");
        assert!(
            screen.contains("Enter chooses \"Don't know\""),
            "{cols}:\n{}",
            s.text()
        );
        // A key that names nothing is said so, and moves nothing.
        s.send("x");
        s.settle();
        assert!(
            s.text().contains("\"x\" is not one of the choices"),
            "{cols}:\n{}",
            s.text()
        );
        assert!(
            s.text().contains("❯ 3) Don't know"),
            "{cols}:\n{}",
            s.text()
        );
        s.send(&format!("y{ENTER}"));
        s.wait_for("✔ Your answer · Yes");
        let keys = ["n", "2", "no", "d", "yes", "N", "1"];
        for (n, key) in (2..=8).zip(keys) {
            s.answer(n, &format!("{key}{ENTER}"));
        }
        s.answer(9, "31+4/40\r");
        s.answer(10, "4 lb 1 oz\r");
        for n in 11..=16 {
            s.answer(n, &format!("n{ENTER}"));
        }
        s.wait_for("Confirm and show the result");
        s.settle();
        assert_fits(&s, cols);
        let items = review_rows(&s, "Confirm and show the result");
        let mut ends: Vec<String> = ["yes", "no", "no", "no", "don't know", "yes", "no", "yes"]
            .map(|a| format!(": {a}"))
            .into();
        ends.extend([
            "31+4/40 weeks (31.6 weeks)".into(),
            "4 lb 1 oz (1843 g)".into(),
        ]);
        ends.extend(vec![": no".to_string(); 6]);
        assert_review_ends(&s, cols, &items, &ends);
        s.send(ENTER);
        s.wait_for("Rules: cerebral-palsy@");
        assert_eq!(s.exit_code(), 0);
    }
}

// ---- narrow terminals and resizes (issue 28, items 19 and 20) ----------------------------

impl Screen {
    /// The rows the terminal had to wrap: a line written wider than the screen.
    fn wrapped_rows(&self) -> Vec<String> {
        let screen = self.parser.screen();
        let rows = self.rows();
        (0..screen.size().0.get())
            .filter(|&r| screen.row_wrapped(r))
            .map(|r| rows[usize::from(r)].clone())
            .collect()
    }

    /// The number of answers given so far: the rows that start with "✔".
    fn answered(&self) -> usize {
        self.rows().iter().filter(|r| r.starts_with("✔ ")).count()
    }

    /// Changes the terminal's size, as a person dragging its window would: the program
    /// gets SIGWINCH; the emulator keeps its rows as they are (no re-flow).
    fn resize(&mut self, cols: u16, rows: u16) {
        self.pty
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("the pseudo-terminal takes a size");
        self.parser
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.cols = cols;
    }
}

/// The answer given to question `n` of 16 by the scripts below (the numbers are 9 and
/// 10 of the 1.0.0 file, 10 and 11 of the default set), as keys and as saved.
fn varied_answer(n: usize, numbers: [usize; 2]) -> (String, serde_json::Value) {
    match n {
        _ if n == numbers[0] => ("31+4/40\r".into(), "31+4/40".into()),
        _ if n == numbers[1] => ("4 lb 1 oz\r".into(), "4 lb 1 oz".into()),
        _ => match n % 3 {
            0 => (ENTER.into(), "unknown".into()),
            1 => (format!("{UP}{ENTER}"), "no".into()),
            _ => (format!("{UP}{UP}{ENTER}"), "yes".into()),
        },
    }
}

/// The answers of a saved record, in question order (without its `cp_screen` stamp).
fn saved_answers(path: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    record
        .into_iter()
        .filter(|(k, _)| k != "cp_screen")
        .map(|(_, v)| v)
        .collect()
}

#[test]
fn the_questionnaire_at_20_and_24_columns_writes_no_line_wider_in_any_language() {
    // Item 19: at 20 columns the answer echo ran past the edge ("✔ Your choice · Don't"),
    // the line editor left 3 columns for an answer (31+4/40 could not be typed), and the
    // report's because-clauses and footer overflowed. The terminal is tall enough to keep
    // the whole session, so every row written can be looked at once it ends.
    for (lang, confirm) in [
        ("en", "c) Confirm"),
        ("zh-Hans", "c) 确认"),
        ("zh-Hant", "c) 確認"),
    ] {
        for cols in [20, 24] {
            let dir = tempfile::tempdir().unwrap();
            let save = dir.path().join("answers.json");
            let args = format!("--lang {lang} ask --save {}", save.display());
            let mut s =
                Screen::spawn_on(cols, 1000, &args, &[], env!("CARGO_MANIFEST_DIR").as_ref());
            let mut expected = Vec::new();
            for n in 1..=16 {
                s.read_until("a question", |_| true);
                let done = n - 1;
                let deadline = std::time::Instant::now() + Duration::from_secs(15);
                while s.answered() != done {
                    s.settle();
                    assert!(
                        std::time::Instant::now() < deadline,
                        "{lang} {cols}: no question {n}:\n{}",
                        s.text()
                    );
                }
                s.settle();
                let (keys, saved) = varied_answer(n, [10, 11]);
                s.send(&keys);
                expected.push(saved);
            }
            s.wait_for(confirm);
            s.settle();
            s.send(ENTER);
            s.read_until("the report and the save", |_| save.exists());
            assert_eq!(s.exit_code(), 0, "{lang} {cols}:\n{}", s.text());
            assert_eq!(
                s.wrapped_rows(),
                Vec::<String>::new(),
                "{lang} at {cols}: lines wider than the terminal:\n{}",
                s.text()
            );
            let mut saved = saved_answers(&save);
            // 4 lb 1 oz is kept as typed; 31+4/40 too.
            assert_eq!(saved.len(), 16, "{lang} {cols}");
            saved.truncate(16);
            assert_eq!(saved, expected, "{lang} at {cols}:\n{}", s.text());
            // The footer's hash is there, broken where it may be.
            let joined: String = s.text().split_whitespace().collect();
            assert!(
                joined.contains("(sha256:") || joined.contains("（sha256:"),
                "{lang} {cols}:\n{}",
                s.text()
            );
        }
    }
}

/// The review's rows at the bottom of the screen: Confirm, then one row per question,
/// each "N) label: answer" (its label cut to fit, never its answer).
fn assert_review_shows(s: &Screen, answers: &[&str], when: &str) {
    let screen = s.text();
    assert_eq!(
        s.count("Review your answers"),
        1,
        "{when}: one heading:\n{screen}"
    );
    assert_eq!(s.count("c) Confirm"), 1, "{when}: one Confirm:\n{screen}");
    assert_eq!(s.count("❯"), 1, "{when}: one marker:\n{screen}");
    assert_eq!(s.wrapped_rows(), Vec::<String>::new(), "{when}:\n{screen}");
    assert_whole_answers(s, "c) Confirm", answers, when);
}

/// The review's items on the screen, by their number: each the rows it takes, its row
/// "N) label: answer" and the rows under it that go on with it (an answer too wide to
/// share a row with its label). The rows after the last `confirm` row.
fn review_items(s: &Screen, confirm: &str) -> BTreeMap<usize, Vec<Vec<String>>> {
    let rows = s.rows();
    let at = rows
        .iter()
        .rposition(|r| r.contains(confirm))
        .expect("the review is on the screen");
    let mut items: BTreeMap<usize, Vec<Vec<String>>> = BTreeMap::new();
    let mut last: Option<usize> = None;
    for row in &rows[at + 1..] {
        let item = row.trim_start_matches(['❯', ' ']);
        let tagged = item
            .split_once(") ")
            .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)));
        if let Some((n, rest)) = tagged {
            items.entry(n).or_default().push(vec![rest.to_string()]);
            last = Some(n);
        } else if row.starts_with("     ")
            && let Some(n) = last
        {
            // Under the label: the item goes on.
            items
                .get_mut(&n)
                .unwrap()
                .last_mut()
                .unwrap()
                .push(item.to_string());
        } else {
            last = None;
        }
    }
    items
}

/// `text` without its spaces: an answer read across the rows it was wrapped into (a
/// Chinese one may be wrapped between characters).
fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Each review item is on the screen once and ends with its whole answer (`answers[n-1]`
/// for question n): the label may be cut, never the answer.
fn assert_whole_answers(s: &Screen, confirm: &str, answers: &[&str], when: &str) {
    let screen = s.text();
    let items = review_items(s, confirm);
    for (i, answer) in answers.iter().enumerate() {
        let n = i + 1;
        let shown = items.get(&n).map_or(&[][..], Vec::as_slice);
        assert_eq!(
            shown.len(),
            1,
            "{when}: one item for question {n}:\n{screen}"
        );
        let text = compact(&shown[0].join(" "));
        assert!(
            text.ends_with(&compact(answer)),
            "{when}: question {n} shows its whole answer {answer:?}, not {:?}:\n{screen}",
            shown[0]
        );
    }
}

#[test]
fn a_resize_at_the_review_redraws_it_whole_and_every_answer_lands_on_its_question() {
    // Item 20: after a resize during the review, lines of the old menu stayed (its rows
    // were counted at the old width), and it was redrawn only at the next key, from a
    // screen that no longer showed where the marker was; once a changed answer landed on
    // another question. Here the review is redrawn at once at each new size, answer 5 is
    // changed (with a resize at its question too, and one while a number is typed before
    // the review), and the saved record has every answer on its own question.
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("answers.json");
    let mut s = Screen::spawn(80, &format!("--save {}", save.display()));
    let mut expected = Vec::new();
    let mut shown = Vec::new();
    for n in 1..=16 {
        let (keys, saved) = match n {
            9 => ("31+4/40\r".to_string(), serde_json::Value::from("31+4/40")),
            10 => ("3400\r".to_string(), serde_json::Value::from(3400.0)),
            _ => varied_answer(n, [0, 0]),
        };
        if n == 9 {
            // A resize while a number is typed: the question is drawn again at the new
            // size, with what was typed kept on its line.
            s.answer(n, "31+4/4");
            s.wait_for("› 31+4/4");
            s.resize(60, ROWS);
            s.settle();
            assert_eq!(s.count("question 9 of 16"), 1, "{}", s.text());
            assert_eq!(s.count("› 31+4/4"), 1, "{}", s.text());
            assert_eq!(s.wrapped_rows(), Vec::<String>::new(), "{}", s.text());
            s.send("0\r");
            s.wait_for("question 10 of 16");
            s.settle();
            s.resize(80, ROWS);
        } else {
            s.answer(n, &keys);
        }
        shown.push(match &saved {
            serde_json::Value::String(a) if a == "unknown" => ": don't know".to_string(),
            serde_json::Value::String(a) if n == 9 => format!("{a} weeks (31.6 weeks)"),
            serde_json::Value::String(a) => format!(": {a}"),
            _ => ": 3400 g".to_string(),
        });
        expected.push(saved);
    }
    s.wait_for("Confirm and show the result");
    s.settle();
    fn ends(shown: &[String]) -> Vec<&str> {
        shown.iter().map(String::as_str).collect()
    }
    assert_review_shows(&s, &ends(&shown), "80 columns");
    for cols in [30, 100] {
        s.resize(cols, ROWS);
        s.settle();
        assert_review_shows(&s, &ends(&shown), &format!("resized to {cols}"));
    }
    // Question 5 (yes) changed to no, with a resize while it is asked.
    assert_eq!(expected[4], "yes");
    s.send("5");
    s.settle();
    assert!(s.text().contains("❯  5) "), "{}", s.text());
    s.send(ENTER);
    s.wait_for("question 5 of 16");
    s.settle();
    s.resize(40, ROWS);
    s.settle();
    assert_eq!(s.count("question 5 of 16"), 1, "{}", s.text());
    assert_eq!(s.wrapped_rows(), Vec::<String>::new(), "{}", s.text());
    s.send(&format!("n{ENTER}"));
    s.wait_for("Confirm and show the result");
    s.settle();
    expected[4] = "no".into();
    shown[4] = ": no".into();
    assert_review_shows(&s, &ends(&shown), "40 columns, after the change");
    s.resize(80, ROWS);
    s.settle();
    assert_review_shows(&s, &ends(&shown), "back at 80");
    s.send(ENTER);
    s.wait_for("Answers saved to");
    assert_eq!(s.exit_code(), 0, "{}", s.text());
    let saved = saved_answers(&save);
    assert_eq!(saved, expected, "every answer on its own question");
}

#[test]
fn the_review_at_24_and_30_columns_shows_every_whole_answer_and_each_item_changes_its_question() {
    // At 30 columns "31+4/40 weeks (31.6 weeks)" was cut ("31+4/40 weeks (31.6 we…"):
    // the label was left out and the answer alone did not fit. Now the answer goes on rows
    // of its own under the label, so an item may take several rows; choosing an item after
    // such items (by the arrow keys, or by its number) still changes its own question.
    for (lang, confirm, question, [yes, no, dont_know, weeks, weight, grams]) in [
        (
            "en",
            "c) Confirm",
            "question {n} of 16",
            [
                ": yes",
                ": no",
                ": don't know",
                "31+4/40 weeks (31.6 weeks)",
                "4 lb 1 oz (1843 g)",
                ": 2000 g",
            ],
        ),
        (
            "zh-Hans",
            "c) 确认",
            "第 {n} 题（共 16 题）",
            [
                "：有",
                "：没有",
                "：不清楚",
                "31+4/40 周（31.6 周）",
                "4 lb 1 oz（1843 克）",
                "：2000 克",
            ],
        ),
    ] {
        for cols in [24, 30] {
            let when = format!("{lang} at {cols}");
            let dir = tempfile::tempdir().unwrap();
            let save = dir.path().join("answers.json");
            let args = format!("--lang {lang} ask --save {}", save.display());
            let mut s =
                Screen::spawn_on(cols, ROWS, &args, &[], env!("CARGO_MANIFEST_DIR").as_ref());
            let asked = |n: usize| question.replace("{n}", &n.to_string());
            let mut expected = Vec::new();
            let mut shown = Vec::new();
            // A question's text, read across the rows it was wrapped into; none on the
            // screen before it (the review's Confirm row gone).
            let wait_asked = |s: &mut Screen, n: usize| {
                let text = compact(&asked(n));
                s.read_until(&asked(n), |screen| {
                    !screen.contains(confirm) && compact(screen).contains(&text)
                });
                s.settle();
            };
            for n in 1..=16 {
                wait_asked(&mut s, n);
                let (keys, saved) = varied_answer(n, [10, 11]);
                s.send(&keys);
                shown.push(match (n, saved.as_str()) {
                    (10, _) => weeks,
                    (11, _) => weight,
                    (_, Some("yes")) => yes,
                    (_, Some("no")) => no,
                    _ => dont_know,
                });
                expected.push(saved);
            }
            s.wait_for(confirm);
            s.settle();
            assert_eq!(
                s.wrapped_rows(),
                Vec::<String>::new(),
                "{when}:\n{}",
                s.text()
            );
            assert_whole_answers(&s, confirm, &shown, &when);
            let items = review_items(&s, confirm);
            assert!(
                items[&10][0].len() > 1,
                "{when}: the answer under its label:\n{}",
                s.text()
            );

            // Item 12, after the items of several rows, by the arrow keys: the marker is on
            // it, and Enter asks question 12 (don't know, changed to yes).
            assert_eq!(expected[11], "unknown");
            s.send(&DOWN.repeat(12));
            s.settle();
            let marked: Vec<String> = s.rows().into_iter().filter(|r| r.contains('❯')).collect();
            assert_eq!(marked.len(), 1, "{when}:\n{}", s.text());
            assert!(
                marked[0].trim_start_matches(['❯', ' ']).starts_with("12) "),
                "{when}: the marker on item 12:\n{}",
                s.text()
            );
            s.send(ENTER);
            wait_asked(&mut s, 12);
            s.send(&format!("{UP}{UP}{ENTER}"));
            s.wait_for(confirm);
            s.settle();
            expected[11] = "yes".into();
            shown[11] = yes;
            assert_whole_answers(&s, confirm, &shown, &format!("{when}, 12 changed"));

            // Item 11 by its number: the birth weight, typed again.
            s.send("11");
            s.settle();
            s.send(ENTER);
            wait_asked(&mut s, 11);
            s.send(&format!("{}2000{ENTER}", BACKSPACE.repeat(9)));
            s.wait_for(confirm);
            s.settle();
            expected[10] = 2000.0.into();
            shown[10] = grams;
            assert_eq!(
                s.wrapped_rows(),
                Vec::<String>::new(),
                "{when}:\n{}",
                s.text()
            );
            assert_whole_answers(&s, confirm, &shown, &format!("{when}, 11 changed"));

            s.send(ENTER);
            s.read_until("the save", |_| save.exists());
            assert_eq!(s.exit_code(), 0, "{when}:\n{}", s.text());
            let saved = saved_answers(&save);
            assert_eq!(saved, expected, "{when}: every answer on its own question");
        }
    }
}
