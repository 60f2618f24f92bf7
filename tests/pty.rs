//! The real questionnaire on a pseudo-terminal, driven key by key as a person would:
//! a full run to the report, a re-prompted number, going back, and Ctrl-C.
#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{ControlCode, Eof, Expect, Session};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";

type Pty = expectrl::session::OsSession;

fn spawn(args: &[&str]) -> Pty {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cp-screen"));
    cmd.args(args)
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
    p.expect("8 of 14 risk factors present, 5 absent, 1 not assessed")
        .unwrap();
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
    p.expect("Change 1. Infection of the mother during pregnancy: no")
        .unwrap();
    p.send(ENTER).unwrap();
    p.expect("0 of 14 risk factors present, 14 absent, 0 not assessed")
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
    // The cursor, hidden while the choices are drawn, is shown again.
    p.expect("\x1b[?25h").unwrap();
    p.expect("interrupted").unwrap();
    assert_eq!(exit_code(&p), 130);
    assert!(!save.exists(), "nothing is saved after Ctrl-C");
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
