//! A small pool of open [`Store`]s.
//!
//! Opening a store checks the schema version inside a write transaction, so
//! opening one per request would serialize readers behind any ingest and cost
//! a file open each time. Connections are instead kept and reused; SQLite's
//! WAL mode lets these readers run while a writer (ours or `newsgraph ingest`)
//! commits.

use crate::ApiError;
use newsgraph_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Idle connections kept for reuse; more may be open at a moment of load,
/// and the surplus is closed when returned.
const MAX_IDLE: usize = 8;

pub struct Pool {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    /// Opens the first connection now, so a bad path or an unsupported schema
    /// version fails at startup rather than on the first request.
    pub fn open(db: &Path) -> anyhow::Result<Pool> {
        let first = Store::open(db)?;
        Ok(Pool {
            db: db.to_path_buf(),
            idle: Mutex::new(vec![first]),
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
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut store = match taken {
            Some(s) => s,
            None => Store::open(&self.db).map_err(|e| ApiError::internal("opening database", e))?,
        };
        let out = f(&mut store);
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(store);
            }
        }
        out
    }
}
