//! SQLite's files hold every volunteer's phone number: only the account that runs Renfort
//! may read them, whatever the umask of the shell or unit that started it. The database is
//! created 0600 before SQLite opens it (SQLite then gives its `-wal` and `-shm` files the
//! database's mode), and files left group- or world-readable by an older version are
//! narrowed at open.

use std::io;
use std::path::{Path, PathBuf};

/// The files SQLite keeps beside a database.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The database file an SQLite URL names (`sqlite://renfort.db?…`, `sqlite:renfort.db`),
/// or `None` for an in-memory database.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.contains("mode=memory") {
        return None;
    }
    Some(PathBuf::from(path))
}

/// Creates `path` empty with mode 0600 unless it exists (SQLite reads an empty file as an
/// empty database).
pub fn create_private(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes group and world access away from the database and its side files; returns the
/// files it narrowed.
pub fn narrow(path: &Path) -> io::Result<Vec<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    let mut narrowed = Vec::new();
    let side = SIDE_FILES.iter().map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    });
    for file in std::iter::once(path.to_path_buf()).chain(side) {
        let mode = match std::fs::metadata(&file) {
            Ok(m) => m.permissions().mode(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode & 0o700))?;
            narrowed.push(file);
        }
    }
    Ok(narrowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_file() {
        for (url, path) in [
            ("sqlite://renfort.db", Some("renfort.db")),
            (
                "sqlite:///var/lib/renfort/r.db?mode=rwc",
                Some("/var/lib/renfort/r.db"),
            ),
            ("sqlite:renfort.db", Some("renfort.db")),
            ("sqlite::memory:", None),
            ("sqlite://x.db?mode=memory&cache=shared", None),
            ("postgres://h/db", None),
        ] {
            assert_eq!(sqlite_path(url), path.map(PathBuf::from), "{url}");
        }
    }
}
