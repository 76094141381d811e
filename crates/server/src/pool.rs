//! A small pool of open [`Store`]s.
//!
//! A read-only server opens every connection with
//! [`Store::open_read_only`], so it serves a database it may not write and
//! leaves no files beside it; only a server with writes on opens them for
//! writing.
//!
//! Opening a store checks the schema version inside a write transaction, so
//! opening one per request would serialize readers behind any ingest and cost
//! a file open each time. Connections are instead kept and reused; SQLite's
//! WAL mode lets these readers run while a writer (ours or `newsgraph ingest`)
//! commits.

use crate::ApiError;
use newsgraph_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

/// Connections open at most. A request beyond them waits (on tokio's
/// blocking pool) for one to come back, so memory stays bounded under any
/// load: each connection holds its own page cache and statement cache, and
/// opening one per excess request made the server's RSS climb with the
/// number of concurrent clients (scripts/load_test.sh). Eight is four per
/// core on the two-core reference machine; SQLite reads in WAL mode do not
/// block each other, so more would only queue on the CPUs.
const MAX_OPEN: usize = 8;

pub struct Pool {
    db: PathBuf,
    /// Connections are opened for writing (`--allow-writes`).
    writable: bool,
    state: Mutex<Slots>,
    returned: Condvar,
}

struct Slots {
    idle: Vec<Store>,
    /// Connections open now: idle plus in use.
    open: usize,
}

impl Pool {
    /// Opens the first connection now, so a bad path or an unsupported schema
    /// version fails at startup rather than on the first request.
    pub fn open(db: &Path, writable: bool) -> anyhow::Result<Pool> {
        let first = open_store(db, writable)?;
        Ok(Pool {
            db: db.to_path_buf(),
            writable,
            state: Mutex::new(Slots {
                idle: vec![first],
                open: 1,
            }),
            returned: Condvar::new(),
        })
    }

    /// Runs `f` on a pooled connection. Blocking: call from
    /// `spawn_blocking`.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        self.with_mut(|s| f(s))
    }

    /// Runs `f` with a mutable connection (for ingest).
    pub fn with_mut<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut lease = Lease {
            pool: self,
            store: Some(self.take()?),
        };
        match lease.store.as_mut() {
            Some(store) => f(store),
            None => Err(ApiError::internal(
                "database pool",
                "lease without a connection",
            )),
        }
    }

    /// An idle connection, a new one while fewer than [`MAX_OPEN`] are open,
    /// or else the next one returned.
    fn take(&self) -> Result<Store, ApiError> {
        let mut slots = self.lock();
        loop {
            if let Some(s) = slots.idle.pop() {
                return Ok(s);
            }
            if slots.open < MAX_OPEN {
                slots.open += 1;
                drop(slots);
                return open_store(&self.db, self.writable).map_err(|e| {
                    self.lock().open -= 1;
                    self.returned.notify_one();
                    ApiError::internal("opening database", e)
                });
            }
            slots = self
                .returned
                .wait(slots)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// The slots, even after a panic elsewhere: they hold no invariant a
    /// panic could break halfway (a count and a list).
    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn open_store(db: &Path, writable: bool) -> newsgraph_store::Result<Store> {
    if writable {
        Store::open(db)
    } else {
        Store::open_read_only(db)
    }
}

/// A connection out of the pool, returned on drop, so a panicking handler
/// cannot leak one of the [`MAX_OPEN`] slots.
struct Lease<'a> {
    pool: &'a Pool,
    store: Option<Store>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool.lock().idle.push(store);
            self.pool.returned.notify_one();
        }
    }
}
