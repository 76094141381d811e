//! Finding the files of an evaluation corpus: the TimeML, MEANTIME and
//! similar evals all read every file with one extension below a directory.

use std::path::{Path, PathBuf};

/// Every file below `dir` (recursively) whose extension is `ext`, sorted so
/// that evaluation order and reports are stable. Unreadable entries are
/// skipped; an unreadable directory is an error naming it.
pub fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    collect(dir, ext, &mut out)?;
    out.sort();
    Ok(out)
}

fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, ext, out)?;
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_files_recursively_in_order() {
        let dir = std::env::temp_dir().join(format!("newsgraph-corpus-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b")).unwrap();
        for f in ["b/2.tml", "1.tml", "x.txt"] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let files = files_with_extension(&dir, "tml").unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("1.tml"), PathBuf::from("b/2.tml")]
        );
        assert!(files_with_extension(&dir.join("missing"), "tml").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
