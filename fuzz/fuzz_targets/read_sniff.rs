//! Fuzz target: format sniffing. `detect_format` chooses a reader from a
//! file name and the first bytes; the first input byte picks the file
//! name's extension (or none), so both the extension and the content paths
//! run, and the chosen reader then reads the rest.

#![no_main]

#[path = "check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use std::path::Path;

const NAMES: [&str; 6] = [
    "a.txt",
    "a.html",
    "a.jsonl.gz",
    "article",
    "A.HTM",
    "x.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let format = newsgraph_read::detect_format(Path::new(name), rest);
    check::read_and_check(rest, format);
});
