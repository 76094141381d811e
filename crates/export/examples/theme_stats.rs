//! Measures the GKG themes on a folder of plain-text articles: the 30
//! commonest themes, and a reproducible sample of theme assignments with
//! the words around each, for a hand check of precision.
//!
//! Usage: `cargo run --release -p newsgraph-export --example theme_stats --
//! DIR [SAMPLE_SIZE [SKIP_PREFIX]]` (e.g. the BBC set in
//! `../shared/data/news/bbc`; `SKIP_PREFIX` leaves themes starting with it,
//! such as `TAX_FNCACT`, out of the sample). The
//! environment variable `THEME_STATS_ALL=1` lists every theme's count. The
//! text read is the file's, which for plain-text articles is the stored
//! text up to blank-line normalisation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt")
            && !p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .to_ascii_uppercase()
                    .starts_with("README")
            })
        {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: theme_stats DIR [SAMPLE_SIZE]");
        std::process::exit(2);
    };
    let sample_size: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(30);
    let skip = args.get(3).cloned();
    let mut paths = Vec::new();
    files(Path::new(dir), &mut paths);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut all: Vec<(usize, String, usize)> = Vec::new();
    let mut texts = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
        for (theme, offset) in newsgraph_export::text::themes(&text) {
            *counts.entry(theme.clone()).or_default() += 1;
            all.push((i, theme, offset));
        }
        texts.push(text);
    }
    println!(
        "{} articles, {} theme assignments, {} distinct themes",
        paths.len(),
        all.len(),
        counts.len()
    );
    let mut top: Vec<(&String, &usize)> = counts.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    // THEME_STATS_ALL=1 lists every theme, not the top 30.
    let shown = if std::env::var_os("THEME_STATS_ALL").is_some() {
        top.len()
    } else {
        30
    };
    println!("\ntop {shown}:");
    for (t, n) in top.iter().take(shown) {
        println!("{n:6}  {t}");
    }
    // A fixed-seed linear congruential sample, so before and after runs can
    // be compared draw by draw (the draws differ when the list does).
    println!("\nsample of {sample_size}:");
    let mut state: u64 = 0x5eed;
    let pool: Vec<&(usize, String, usize)> = all
        .iter()
        .filter(|(_, t, _)| !skip.as_ref().is_some_and(|p| t.starts_with(p.as_str())))
        .collect();
    for _ in 0..sample_size.min(pool.len()) {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (doc, theme, offset) = pool[(state >> 33) as usize % pool.len()];
        let chars: Vec<char> = texts[*doc].chars().collect();
        let from = offset.saturating_sub(40);
        let to = (offset + 50).min(chars.len());
        let flat = |cs: &[char]| -> String {
            cs.iter()
                .map(|c| if c.is_whitespace() { ' ' } else { *c })
                .collect()
        };
        // `|` marks where the theme's phrase starts.
        let at = (*offset).min(to);
        let context = format!("{}|{}", flat(&chars[from..at]), flat(&chars[at..to]));
        let name = paths[*doc]
            .strip_prefix(dir)
            .unwrap_or(&paths[*doc])
            .display()
            .to_string();
        println!("{theme}\t{name}\t…{context}…");
    }
}
