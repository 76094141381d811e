//! The error type of the nlp crate: model files that cannot be read or are
//! the wrong version, and training or evaluation input that cannot be parsed.
//! Each variant names the file or model involved and displays as one line.

/// Everything that can go wrong loading, training or evaluating models.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A CoNLL-U file is malformed.
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
    /// A model file is corrupt or not the kind expected.
    #[error("{model} model: {message}")]
    Model { model: String, message: String },
    /// A model file was written by an incompatible format version.
    #[error("{model} model: format version {found} is not supported (this build reads version {supported})")]
    Version {
        model: String,
        found: u32,
        supported: u32,
    },
    /// A model was trained with other resources (gazetteers, word clusters)
    /// than the ones compiled in.
    #[error("{model} model was trained with different gazetteers or word clusters (fingerprint {found:#x}, compiled in {built:#x}); retrain it")]
    Resources {
        model: String,
        found: u64,
        built: u64,
    },
    /// Training was asked to learn from nothing.
    #[error("training data {path} has no sentences")]
    NoData { path: String },
}
