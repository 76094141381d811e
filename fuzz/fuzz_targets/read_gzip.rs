//! Fuzz target: the gzip layer. The input is prefixed with a gzip member
//! header (magic, deflate, no flags) so that every input reaches the
//! decoder instead of being sniffed as text; the bytes after it are the
//! deflate stream, then anything (truncated, trailing garbage, further
//! members). The decompressed content goes on to the JSON Lines reader,
//! the streamed path, and the text reader, the bounded-read path.

#![no_main]

#[path = "check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use newsgraph_read::Format;

/// Magic 1f 8b, method 8 (deflate), flags 0, mtime 0, xfl 0, OS 255.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

fuzz_target!(|data: &[u8]| {
    let mut bytes = Vec::with_capacity(data.len() + GZIP_HEADER.len());
    bytes.extend_from_slice(&GZIP_HEADER);
    bytes.extend_from_slice(data);
    check::read_and_check(&bytes, Format::JsonLines);
    check::read_and_check(&bytes, Format::Text);
});
