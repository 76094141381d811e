//! Fuzz target: the whole analysis (`Pipeline::analyze`) on arbitrary UTF-8.
//! The text goes through the text reader, as `newsgraph analyze` would read
//! a file, and every resulting article is analyzed and its layers checked.
//! Non-UTF-8 inputs are dropped: the readers' own targets cover decoding.

#![no_main]

#[path = "check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use newsgraph_pipeline::Pipeline;
use newsgraph_read::Format;
use std::sync::OnceLock;

/// Loading the models takes far longer than one analysis; load them once.
fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::load().expect("built-in models load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for article in check::read_and_check(text.as_bytes(), Format::Text) {
        let doc = pipeline().analyze(article);
        check::check_document(&doc);
    }
});
