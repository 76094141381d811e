//! Turns `data/geo/gazetteer.tsv.gz` into the binary index the crate
//! embeds (see `src/format.rs`), so start-up does no TSV parsing or name
//! hashing. The TSV stays the reviewable source of truth.

#[allow(dead_code)]
#[path = "src/format.rs"]
mod format;
#[path = "src/key.rs"]
mod key;

use std::io::Read;

fn main() {
    // Read at run time, not baked in with env!: a build script compiled for
    // one checkout is reused for another that shares the target directory.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let src = std::path::Path::new(&manifest_dir).join("../../data/geo/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/format.rs");
    println!("cargo:rerun-if-changed=src/key.rs");
    let gz = std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let bin = match format::build(&text) {
        Ok(b) => b,
        Err(e) => panic!("{}: {e:?}", src.display()),
    };
    let out =
        std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("gazetteer.bin");
    std::fs::write(&out, bin).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
