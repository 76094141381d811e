//! Readers: turn files, stdin and JSON Lines into Articles.
