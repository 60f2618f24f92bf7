//! What the process owes the terminal and its standard streams, whatever ends it: the
//! terminal's modes and cursor restored on every terminating signal (SIGINT, SIGTERM,
//! SIGHUP), batch output stopped at a record boundary, and lines
//! typed at a plain prompt read with a bound and without trusting them to be UTF-8.
//!
//! The questionnaire (`ask`) and the batch pipeline (`batch`) hook in with one call each;
//! the wording stays in `words`.

use std::io::{self, BufRead};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::Exit;

/// Set by a terminating signal while batch output is being written: the writer stops at
/// the next record boundary.
static STOP: AtomicBool = AtomicBool::new(false);
/// The batch writer checks `STOP`; the signal handler then gives it a moment to finish.
static GRACEFUL: AtomicBool = AtomicBool::new(false);
/// The terminal's modes when the questionnaire started, to put back on a signal.
#[cfg(unix)]
static SAVED: Mutex<Option<(std::fs::File, rustix::termios::Termios)>> = Mutex::new(None);
#[cfg(not(unix))]
static SAVED: Mutex<Option<()>> = Mutex::new(None);

/// How long a signal waits for the batch writer to end its line before exiting anyway
/// (only a reader that stopped reading our output can hold it up).
const GRACE: Duration = Duration::from_secs(1);

/// On SIGINT, SIGTERM or SIGHUP during the questionnaire: restore the terminal's modes (a
/// prompt may have it raw) and, on a terminal, the cursor; call `report`; exit 130.
pub fn on_signal_restore_terminal(terminal: bool, report: fn()) {
    save_terminal_modes();
    let _ = ctrlc::set_handler(move || {
        restore_terminal_modes();
        let term = console::Term::stderr();
        if terminal {
            let _ = term.show_cursor();
        }
        let _ = term.write_line("");
        report();
        std::process::exit(Exit::Interrupted as i32);
    });
}

/// On SIGINT, SIGTERM or SIGHUP while `screen` writes: ask the writer to stop at the next
/// record boundary (it then ends the run with `Error::Interrupted`); exit 130 regardless
/// if it has not within `GRACE`.
pub fn on_signal_stop_batch() {
    GRACEFUL.store(true, Ordering::SeqCst);
    let _ = ctrlc::set_handler(|| {
        STOP.store(true, Ordering::SeqCst);
        std::thread::sleep(GRACE);
        std::process::exit(Exit::Interrupted as i32);
    });
}

/// True once a signal asked the batch writer to stop.
pub fn stop_requested() -> bool {
    GRACEFUL.load(Ordering::Relaxed) && STOP.load(Ordering::Relaxed)
}

#[cfg(unix)]
fn save_terminal_modes() {
    let Ok(tty) = std::fs::OpenOptions::new().read(true).open("/dev/tty") else {
        return;
    };
    if let Ok(modes) = rustix::termios::tcgetattr(&tty)
        && let Ok(mut saved) = SAVED.lock()
    {
        *saved = Some((tty, modes));
    }
}

#[cfg(unix)]
fn restore_terminal_modes() {
    if let Ok(saved) = SAVED.lock()
        && let Some((tty, modes)) = saved.as_ref()
    {
        let _ = rustix::termios::tcsetattr(tty, rustix::termios::OptionalActions::Now, modes);
    }
}

#[cfg(not(unix))]
fn save_terminal_modes() {}

#[cfg(not(unix))]
fn restore_terminal_modes() {}

/// Standard input (a terminal) kept raw while a menu waits for its keys, so that a key is
/// there to read as soon as it is pressed and the wait can end without one: a menu whose
/// terminal changed size is drawn again at once, not at the next key. The modes are put
/// back when it is dropped (and by a terminating signal's handler, as always).
pub struct KeyWait {
    #[cfg(unix)]
    saved: Option<rustix::termios::Termios>,
}

impl KeyWait {
    #[cfg(unix)]
    pub fn new() -> KeyWait {
        use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
        let stdin = rustix::stdio::stdin();
        let saved = tcgetattr(stdin).ok();
        if let Some(modes) = &saved {
            // Raw as a key is read (console's way): output processed as before.
            let mut raw = modes.clone();
            raw.make_raw();
            raw.output_modes = modes.output_modes;
            let _ = tcsetattr(stdin, OptionalActions::Drain, &raw);
        }
        KeyWait { saved }
    }

    #[cfg(not(unix))]
    pub fn new() -> KeyWait {
        KeyWait {}
    }

    /// Waits up to `most` for a key; true when one is there to read. An interrupted wait
    /// is a wait that ended without one.
    #[cfg(unix)]
    pub fn key(&self, most: Duration) -> bool {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        if self.saved.is_none() {
            return true;
        }
        let stdin = rustix::stdio::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: most.as_secs() as _,
            tv_nsec: most.subsec_nanos() as _,
        };
        match poll(&mut fds, Some(&timeout)) {
            Ok(n) => n > 0,
            Err(_) => false,
        }
    }

    #[cfg(not(unix))]
    pub fn key(&self, _most: Duration) -> bool {
        true
    }
}

impl Default for KeyWait {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for KeyWait {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(modes) = &self.saved {
            use rustix::termios::{OptionalActions, tcsetattr};
            let _ = tcsetattr(rustix::stdio::stdin(), OptionalActions::Drain, modes);
        }
    }
}

/// The longest line kept from a plain prompt; an answer is a few characters.
pub const MAX_LINE_BYTES: usize = 4096;

/// Reads one line (without its line break) from a plain prompt, keeping at most
/// `MAX_LINE_BYTES`: a longer line is cut and marked with "…" so no question accepts it,
/// and bytes that are not UTF-8 become U+FFFD, so the answer is refused and asked again
/// instead of ending the questionnaire. `None` at the end of the input.
pub fn read_line_bounded(input: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut kept = Vec::new();
    let mut cut = false;
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = MAX_LINE_BYTES.saturating_sub(kept.len());
        if chunk.len() > room {
            cut = true;
        }
        kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(buf.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    while kept.last() == Some(&b'\r') {
        kept.pop();
    }
    let mut line = String::from_utf8_lossy(&kept).into_owned();
    if cut {
        line.push('…');
    }
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_are_bounded_and_never_fail_on_bytes() {
        let mut long = vec![b'1'; 10 * MAX_LINE_BYTES];
        long.extend_from_slice(b"\n\xff\xfeyes\r\n2\nlast");
        let mut input = io::Cursor::new(long);
        let first = read_line_bounded(&mut input).unwrap().unwrap();
        assert_eq!(first.len(), MAX_LINE_BYTES + '…'.len_utf8());
        assert!(first.ends_with('…'));
        assert_eq!(
            read_line_bounded(&mut input).unwrap().unwrap(),
            "\u{fffd}\u{fffd}yes"
        );
        assert_eq!(read_line_bounded(&mut input).unwrap().unwrap(), "2");
        assert_eq!(read_line_bounded(&mut input).unwrap().unwrap(), "last");
        assert_eq!(read_line_bounded(&mut input).unwrap(), None);
    }
}
