//! Writing files the user asked for: whole or not at all, and readable by the owner only
//! (answers are health information). A path that names something other than a regular
//! file (`/dev/stdout`, a FIFO, a `>(...)` process substitution, a terminal) is written
//! directly: renaming a temporary file over it would replace the device or pipe, or fail.

use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` whole or not at all, readable by the owner only; to a path
/// that exists and is not a regular file (after following links), writes directly.
pub fn save_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut special = std::fs::OpenOptions::new().write(true).open(path)?;
        special.write_all(contents)?;
        return special.flush();
    }
    let mut tmp = temporary_beside(path)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Checks, before any work whose result would be lost, that `path` can be written the way
/// `save_atomically` will write it: a file can be made in its folder (made and removed at
/// once). A device or pipe is not probed: it is written directly.
pub fn check_writable(path: &Path) -> io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Ok(());
    }
    temporary_beside(path).map(drop)
}

/// A private temporary file in `path`'s folder. Its errors name no temporary path (only
/// the kind: "permission denied"), since the user never named that file.
fn temporary_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".cp-screen-")
        .tempfile_in(dir)
        .map_err(|e| io::Error::from(e.kind()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_is_whole_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "old").unwrap();
        save_atomically(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_to_not_replaced() {
        // Issue 16: the temporary file was renamed over the FIFO; its reader hung.
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        mknodat(CWD, &path, FileType::Fifo, Mode::from_raw_mode(0o600), 0).unwrap();
        let reader = {
            let path = path.clone();
            std::thread::spawn(move || std::fs::read(path).unwrap())
        };
        save_atomically(&path, b"summary\n").unwrap();
        assert_eq!(reader.join().unwrap(), b"summary\n");
        let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
        assert!(kind.is_fifo(), "still a FIFO");
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/a.json");
        assert!(save_atomically(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
