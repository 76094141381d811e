//! Opening a database: for writing (ingest) or for reading only (query,
//! export, serve), and one clear error per way opening can fail.
//!
//! A reader must work on a database it cannot write (a file of mode 444, a
//! read-only directory, a file of another user) and must leave nothing
//! behind. SQLite's WAL mode makes that subtle: reading a WAL database
//! needs the `-wal` and `-shm` files beside it, and a `mode=ro` connection
//! creates them when it can but, unable to checkpoint, never deletes them.
//! So [`Store::open_read_only`] picks one of three ways:
//!
//! - the file and its directory are writable: an ordinary connection with
//!   `PRAGMA query_only`, which refuses every write made through it, and,
//!   like any writer's connection, removes the `-wal`/`-shm` on close;
//! - not writable, and a `-wal` beside it (a writer is at work, or left
//!   pages to checkpoint): `mode=ro`, which reads them as they are;
//! - not writable and no `-wal`: `immutable=1`, which reads the file alone
//!   and creates nothing. Nobody can be writing a file no one may write.
//!
//! Writability is judged from the permission bits as well as from an open
//! for writing, so a file made read-only with `chmod 444` is treated as
//! read-only even by root, whom the operating system would let write it.

use crate::{Result, Store, StoreError, SCHEMA_VERSION};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a connection waits for another process's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

impl Store {
    /// Opens an existing database for reading only; see the module header
    /// for how. Every write through it fails. A version-1 file (which
    /// [`Store::open`] upgrades in place) is refused with a note to upgrade
    /// it by opening it for writing once.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        check_exists(path)?;
        let wal_exists = sibling(path, "-wal").exists();
        let how = if writable(path) {
            How::QueryOnly
        } else if wal_exists {
            How::ReadOnly
        } else {
            How::Immutable
        };
        let store =
            match connect(path, how).and_then(|mut s| s.check_version_read_only().map(|_| s)) {
                // The directory refused the -wal/-shm after all (a read-only
                // mount, an ACL): read the file alone.
                Err(StoreError::Sqlite { source, .. })
                    if how == How::QueryOnly
                        && matches!(
                            source.sqlite_error_code(),
                            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
                        ) =>
                {
                    let mut s = connect(
                        path,
                        if wal_exists {
                            How::ReadOnly
                        } else {
                            How::Immutable
                        },
                    )?;
                    s.check_version_read_only()?;
                    s
                }
                other => other?,
            };
        Ok(store)
    }

    /// Whether [`Store::open`] could create a database at `path`: its
    /// directory exists and takes new files. For a caller that creates the
    /// database later (ingest, at its first article) but wants to fail now.
    pub fn check_can_create(path: &Path) -> Result<()> {
        check_writable_target(path)
    }

    /// The schema version check of a reader: no table is created, no file
    /// upgraded. Versions 3 to 7 differ from 8 only in values a reader
    /// derives instead: version 3's QuadClass (from the root code), the
    /// quote kind `partial` of 3 and 4 (read as `mixed`), the confidence
    /// of 3 to 5 (read as NULL), and the judgements of 3 to 6 (none); and
    /// in the corpus entities of 3 to 7, which only the reads of corpus
    /// entities need (they ask for the upgrade, every other read works).
    fn check_version_read_only(&mut self) -> Result<()> {
        let found = read_version(&self.conn, &self.path)?;
        if found.is_some_and(|v| (3..SCHEMA_VERSION).contains(&v)) {
            self.no_corpus_entities = true;
        }
        match found {
            Some(v) if v == SCHEMA_VERSION => Ok(()),
            Some(7) => Ok(()),
            Some(3) => {
                self.derive_quad = true;
                self.no_confidence = true;
                self.no_reviews = true;
                Ok(())
            }
            // Versions 4 and 5 lack only the confidence (read as NULL)
            // beyond what a reader derives.
            Some(4 | 5) => {
                self.no_confidence = true;
                self.no_reviews = true;
                Ok(())
            }
            // Version 6 lacks only the reviews table: nothing was judged.
            Some(6) => {
                self.no_reviews = true;
                Ok(())
            }
            Some(found) if (1..SCHEMA_VERSION).contains(&found) => Err(StoreError::NeedsUpgrade {
                path: self.path.clone(),
                found,
            }),
            Some(found) => Err(StoreError::Version {
                path: self.path.clone(),
                found,
            }),
            None => Err(StoreError::NotNewsgraph {
                path: self.path.clone(),
                why: "a SQLite file without newsgraph's tables",
            }),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum How {
    QueryOnly,
    ReadOnly,
    Immutable,
}

fn connect(path: &Path, how: How) -> Result<Store> {
    let wrap = |source| classify(path, source);
    let conn = match how {
        How::QueryOnly => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
        How::ReadOnly | How::Immutable => Connection::open_with_flags(
            file_uri(path, how == How::Immutable),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
    }
    .map_err(wrap)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(wrap)?;
    if how == How::QueryOnly {
        conn.execute_batch("PRAGMA query_only=ON;").map_err(wrap)?;
    }
    Ok(Store {
        conn,
        path: path.to_path_buf(),
        derive_quad: false,
        no_confidence: false,
        no_reviews: false,
        no_corpus_entities: false,
    })
}

/// `meta.schema_version`, or None for a SQLite file without the table.
pub(crate) fn read_version(conn: &Connection, path: &Path) -> Result<Option<i64>> {
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .or_else(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.contains("no such table") => {
                Ok(None)
            }
            e => Err(e),
        })
        .map_err(|e| classify(path, e))?;
    Ok(found.map(|v| v.parse().unwrap_or(-1)))
}

/// Before creating or opening a database for writing: the reasons SQLite
/// would only call "unable to open database file".
pub(crate) fn check_writable_target(path: &Path) -> Result<()> {
    let dir = check_location(path)?;
    if path.exists() && !writable(path) {
        return Err(StoreError::Permission {
            path: path.to_path_buf(),
            what: "the database is read-only for this user".into(),
        });
    }
    if !path.exists() && !dir_writable(dir) {
        return Err(StoreError::Permission {
            path: path.to_path_buf(),
            what: format!("cannot create files in {}", dir.display()),
        });
    }
    Ok(())
}

/// What reading and writing both need of a database path: its directory
/// exists and the path itself is no directory. Returns the directory.
fn check_location(path: &Path) -> Result<&Path> {
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(StoreError::NoDirectory {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    if path.is_dir() {
        return Err(StoreError::NotNewsgraph {
            path: path.to_path_buf(),
            why: "a directory",
        });
    }
    Ok(dir)
}

fn check_exists(path: &Path) -> Result<()> {
    check_location(path)?;
    match std::fs::File::open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::NotFound {
            path: path.to_path_buf(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(StoreError::Permission {
            path: path.to_path_buf(),
            what: "this user may not read it".into(),
        }),
        Err(e) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

/// One error per cause SQLite reports, so the message names the problem
/// rather than SQLite's code.
pub(crate) fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotNewsgraph {
            path,
            why: "not a SQLite file",
        },
        Some(ErrorCode::PermissionDenied) | Some(ErrorCode::ReadOnly) => StoreError::Permission {
            path,
            what: "SQLite was refused access to the file or its -wal/-shm".into(),
        },
        _ => StoreError::Sqlite { path, source },
    }
}

/// The directory holding `path` ("." for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Whether this process may write the file and create files beside it.
fn writable(path: &Path) -> bool {
    let file_ok = std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
        // Opening for writing changes nothing (no create, no truncate) and
        // asks the operating system, which knows about owners and groups.
        && std::fs::OpenOptions::new().write(true).open(path).is_ok();
    file_ok && dir_writable(parent(path))
}

/// The directory has a write bit. Root passes any permission check, so the
/// bits (not an attempt) are what says "read-only" there; another user's
/// directory is caught when SQLite fails to create the -wal, and the reader
/// falls back to reading the file alone.
fn dir_writable(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// `file:` URI for `path`, percent-encoding everything but unreserved
/// characters and `/`, so `?`, `#` and `%` in a file name stay in the name.
fn file_uri(path: &Path, immutable: bool) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &b in abs.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str(if immutable {
        "?immutable=1"
    } else {
        "?mode=ro"
    });
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "newsgraph-store-open-{}-{name}",
            std::process::id()
        ));
        if dir.exists() {
            set_mode(&dir, 0o755);
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn set_mode(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    /// A database with one article row, closed (so no -wal/-shm remain).
    fn fixture(dir: &Path) -> PathBuf {
        let path = dir.join("news.db");
        let s = Store::open(&path).unwrap();
        s.conn
            .execute(
                "INSERT INTO articles(id, published_basis, published_evidence, text) \
                 VALUES ('a1', 'none', '[]', 'Some text.')",
                [],
            )
            .unwrap();
        drop(s);
        path
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "news.db")
            .collect();
        names.sort();
        names
    }

    fn reads_and_refuses_writes(path: &Path) {
        let s = Store::open_read_only(path).unwrap();
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let w = s.conn.execute("DELETE FROM articles", []);
        assert!(w.is_err(), "a write through a read-only store succeeded");
    }

    #[test]
    fn issue_23_reads_a_read_only_file_and_leaves_nothing() {
        let dir = temp_dir("file444");
        let path = fixture(&dir);
        set_mode(&path, 0o444);
        reads_and_refuses_writes(&path);
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        set_mode(&path, 0o644);
    }

    #[test]
    fn issue_23_reads_in_a_read_only_directory_and_leaves_nothing() {
        let dir = temp_dir("dir555");
        let path = fixture(&dir);
        set_mode(&dir, 0o555);
        reads_and_refuses_writes(&path);
        set_mode(&dir, 0o755);
        assert_eq!(leftovers(&dir), Vec::<String>::new());
    }

    #[test]
    fn issue_23_writable_file_read_only_store_refuses_writes_and_tidies() {
        let dir = temp_dir("writable");
        let path = fixture(&dir);
        reads_and_refuses_writes(&path);
        assert_eq!(leftovers(&dir), Vec::<String>::new());
    }

    #[test]
    fn issue_23_read_only_sees_a_writer_in_progress() {
        let dir = temp_dir("wal");
        let path = fixture(&dir);
        // A writer holding the database open keeps its -wal.
        let writer = Store::open(&path).unwrap();
        writer
            .conn
            .execute(
                "INSERT INTO articles(id, published_basis, published_evidence, text) \
                 VALUES ('a2', 'none', '[]', 'More text.')",
                [],
            )
            .unwrap();
        set_mode(&path, 0o444);
        let r = Store::open_read_only(&path).unwrap();
        let n: i64 = r
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2, "the reader sees the writer's committed row");
        set_mode(&path, 0o644);
    }

    #[test]
    fn issue_23_read_only_open_creates_nothing_for_a_missing_file() {
        let dir = temp_dir("missing");
        let err = Store::open_read_only(&dir.join("news.db")).err().unwrap();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
        assert_eq!(leftovers(&dir), Vec::<String>::new());
    }

    #[test]
    fn file_uri_escapes_special_characters() {
        let uri = file_uri(Path::new("/tmp/a b?c#d%e.db"), true);
        assert_eq!(uri, "file:/tmp/a%20b%3Fc%23d%25e.db?immutable=1");
    }
}
