//! Fuzz target: the jsonl reader (`read_bytes` with `Format::JsonLines`) on
//! arbitrary bytes. Bytes that start like gzip or UTF-16 go through those
//! decoders first, as they would from a file.

#![no_main]

#[path = "check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use newsgraph_read::Format;

fuzz_target!(|data: &[u8]| {
    check::read_and_check(data, Format::JsonLines);
});
