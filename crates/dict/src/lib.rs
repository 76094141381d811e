//! Event-coding dictionaries: what a verb, a name or a role means in CAMEO.
//!
//! [`Dictionaries`] holds the PETRARCH-2 verb dictionary (synsets, verb blocks,
//! patterns, transformations), the Phoenix actor dictionaries with their
//! date-restricted codes, the agents (roles such as "minister" → `~GOV`),
//! the discard and issue lists, the CAMEO table (label, Goldstein, QuadClass),
//! our CAMEO→PLOVER mapping and our event nouns ([`NounDict`]). It only loads and looks up; the coding logic
//! lives in `newsgraph_extract::events`.
//!
//! The shipped data is in `data/dict/` (see its `NOTICE`): the upstream
//! PETRARCH text formats with comments stripped (`gen_dict.py` regenerates
//! them), so users' own PETRARCH dictionaries go through the same parsers
//! ([`Dictionaries::with_user_overlay`]). Every shipped file starts with
//! `#%newsgraph-dict <kind> <version>`, checked against [`FORMAT_VERSION`].

pub mod actors;
pub mod cameo;
pub mod hash;
pub mod lint;
pub mod lists;
pub mod nouns;
pub mod pico;
pub mod verbs;

use std::path::{Path, PathBuf};

pub use actors::{ActorDict, AgentCode, AgentDict, DatedCode};
pub use cameo::{CameoInfo, CameoTable, PloverInfo};
pub use lists::{Discards, IssueDict};
pub use nouns::{EventNoun, NounDict, NounRole};
pub use pico::Pico;
pub use verbs::{
    CodePair, Elem, IndexedPattern, Needs, Pattern, PatternIndex, Step, Transformation, VerbBlock,
    VerbDict, VerbForm, NO_ID,
};

/// The version of the compact dictionary format this crate reads.
pub const FORMAT_VERSION: u32 = 1;

/// Why dictionaries could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// A shipped or user file carries a format version we do not read.
    #[error("{file}: dictionary format version {found}, this build reads version {supported}")]
    Version {
        file: String,
        found: String,
        supported: u32,
    },
    /// A user dictionary could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file is not valid UTF-8 or not in any PETRARCH dictionary format.
    #[error("{file}: {message}")]
    Format { file: String, message: String },
    /// Lines of a user dictionary the loader would skip, one
    /// `file:line: problem` per line ([`lint`]).
    #[error("{}", malformed(.file, .problems))]
    Malformed {
        file: String,
        problems: Vec<(usize, String)>,
    },
}

/// `file:line: problem` lines, at most 20 (then a count), so a wrong file
/// passed as a dictionary does not flood the terminal.
fn malformed(file: &str, problems: &[(usize, String)]) -> String {
    const SHOWN: usize = 20;
    let mut lines = vec![format!(
        "{file}: {} malformed line(s), so the file was not loaded:",
        problems.len()
    )];
    lines.extend(
        problems
            .iter()
            .take(SHOWN)
            .map(|(n, p)| format!("{file}:{n}: {p}")),
    );
    if problems.len() > SHOWN {
        lines.push(format!(
            "{file}: {} more malformed line(s)",
            problems.len() - SHOWN
        ));
    }
    lines.join("\n")
}

/// All dictionaries the event coder needs, loaded once and shared read-only.
#[derive(Clone, Debug, Default)]
pub struct Dictionaries {
    pub verbs: VerbDict,
    pub actors: ActorDict,
    /// Capitals standing for their governments when they act.
    pub capitals: ActorDict,
    pub agents: AgentDict,
    pub discards: Discards,
    pub issues: IssueDict,
    pub cameo: CameoTable,
    /// Combines verbs of verbs and negation (UniversalPetrarch PICO).
    pub pico: Pico,
    /// Event nouns ("talks between A and B"), our own list.
    pub nouns: NounDict,
    /// Version line of each loaded file, for manifests and outputs.
    pub sources: Vec<String>,
}

const VERBS: &[u8] = include_bytes!("../../../data/dict/verbs.txt");
const VERBS_EXTRA: &[u8] = include_bytes!("../../../data/dict/verbs.newsgraph.txt");
const ACTORS: &[u8] = include_bytes!("../../../data/dict/actors.txt");
const ACTORS_EXTRA: &[u8] = include_bytes!("../../../data/dict/actors.newsgraph.txt");
const CAPITALS: &[u8] = include_bytes!("../../../data/dict/capitals.newsgraph.txt");
const AGENTS: &[u8] = include_bytes!("../../../data/dict/agents.txt");
const AGENTS_EXTRA: &[u8] = include_bytes!("../../../data/dict/agents.newsgraph.txt");
const DISCARDS: &[u8] = include_bytes!("../../../data/dict/discards.txt");
const ISSUES: &[u8] = include_bytes!("../../../data/dict/issues.txt");
const CAMEO: &[u8] = include_bytes!("../../../data/dict/cameo.tsv");
const PLOVER: &[u8] = include_bytes!("../../../data/dict/plover.tsv");
const PICO: &[u8] = include_bytes!("../../../data/dict/pico.txt");
const NOUNS: &[u8] = include_bytes!("../../../data/dict/nouns.newsgraph.txt");

/// The shipped CAMEO and PLOVER table alone, without the verb and actor
/// dictionaries: readers of a database (`newsgraph counts`) label codes
/// with it and need none of the rest, whose loading takes longer than
/// their whole query.
pub fn embedded_cameo() -> Result<CameoTable, DictError> {
    Ok(CameoTable::parse(
        shipped("cameo.tsv", "cameo", CAMEO)?,
        shipped("plover.tsv", "plover", PLOVER)?,
    ))
}

/// Checks the `#%newsgraph-dict <kind> <version>` header of a shipped file
/// and returns the text.
fn shipped<'a>(name: &str, kind: &str, bytes: &'a [u8]) -> Result<&'a str, DictError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DictError::Format {
        file: name.to_string(),
        message: e.to_string(),
    })?;
    let first = text.lines().next().unwrap_or("");
    let mut parts = first.split_whitespace();
    let ok_magic = parts.next() == Some("#%newsgraph-dict") && parts.next() == Some(kind);
    let version = parts.next().unwrap_or("none");
    if !ok_magic || version.parse::<u32>().ok() != Some(FORMAT_VERSION) {
        return Err(DictError::Version {
            file: name.to_string(),
            found: version.to_string(),
            supported: FORMAT_VERSION,
        });
    }
    Ok(text)
}

impl Dictionaries {
    /// The dictionaries compiled into the binary from `data/dict`.
    pub fn embedded() -> Result<Dictionaries, DictError> {
        // The pattern index is built once, for the two files together.
        let mut d = Dictionaries {
            verbs: VerbDict::parse_unindexed(shipped("verbs.txt", "verbs", VERBS)?),
            ..Dictionaries::default()
        };
        d.verbs.overlay(VerbDict::parse_unindexed(shipped(
            "verbs.newsgraph.txt",
            "verbs",
            VERBS_EXTRA,
        )?));
        d.actors
            .add_text(shipped("actors.txt", "actors", ACTORS)?, false);
        // Our own supplement (office-holders since 2015, "the Kremlin")
        // goes on top so it wins over the stale Phoenix entries.
        d.actors.add_text(
            shipped("actors.newsgraph.txt", "actors", ACTORS_EXTRA)?,
            true,
        );
        d.capitals.add_text(
            shipped("capitals.newsgraph.txt", "actors", CAPITALS)?,
            false,
        );
        d.agents
            .add_text(shipped("agents.txt", "agents", AGENTS)?, false);
        d.agents.add_text(
            shipped("agents.newsgraph.txt", "agents", AGENTS_EXTRA)?,
            true,
        );
        d.discards = Discards::parse(shipped("discards.txt", "discards", DISCARDS)?);
        d.issues = IssueDict::parse(shipped("issues.txt", "issues", ISSUES)?);
        d.cameo = CameoTable::parse(
            shipped("cameo.tsv", "cameo", CAMEO)?,
            shipped("plover.tsv", "plover", PLOVER)?,
        );
        d.pico = Pico::parse(shipped("pico.txt", "pico", PICO)?);
        d.nouns = NounDict::parse(shipped("nouns.newsgraph.txt", "nouns", NOUNS)?);
        d.sources = vec![format!(
            "newsgraph-dict v{FORMAT_VERSION}: CAMEO.2.0 verbs, Phoenix actors/agents/discards/issues"
        )];
        Ok(d)
    }

    /// Adds users' own dictionaries on top, in PETRARCH formats. The kind of
    /// each file is recognized from its content: a verb dictionary has
    /// `--- NAME [code] ---` block headers, an agent dictionary has `~` in its
    /// codes, a file headed `#%newsgraph-dict nouns` is an event-noun list
    /// (`nouns.newsgraph.txt` format), anything else is read as an actor
    /// dictionary. User entries take
    /// precedence over the shipped ones for the same name. A file with a
    /// line its loader would skip is refused, naming each such line
    /// ([`DictError::Malformed`]).
    pub fn with_user_overlay(mut self, paths: &[PathBuf]) -> Result<Dictionaries, DictError> {
        for path in paths {
            let bytes = std::fs::read(path).map_err(|source| DictError::Io {
                path: path.clone(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| DictError::Format {
                file: path.display().to_string(),
                message: format!("not UTF-8: {e}"),
            })?;
            let kind = sniff_kind(&text);
            let problems = lint::problems(kind, &text);
            if !problems.is_empty() {
                return Err(DictError::Malformed {
                    file: display(path),
                    problems,
                });
            }
            match kind {
                UserKind::Nouns => self.nouns.add_text(&text),
                UserKind::Verbs => self.verbs.overlay(VerbDict::parse_unindexed(&text)),
                UserKind::Agents => self.agents.add_text(&text, true),
                UserKind::Actors => self.actors.add_text(&text, true),
            }
            self.sources.push(format!("user: {}", display(path)));
        }
        Ok(self)
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

use lint::UserKind;

fn sniff_kind(text: &str) -> UserKind {
    if text.starts_with("#%newsgraph-dict nouns") {
        return UserKind::Nouns;
    }
    let mut agents = false;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with("---") && line.ends_with("---") && line.contains('[') {
            return UserKind::Verbs;
        }
        if let (Some(a), Some(b)) = (line.find('['), line.rfind(']')) {
            if a < b && line[a..b].contains('~') {
                agents = true;
            }
        }
    }
    if agents {
        UserKind::Agents
    } else {
        UserKind::Actors
    }
}

/// Normalizes one dictionary word or phrase to the lookup form: upper case,
/// words separated by one space, PETRARCH's `_` joiners and trailing `_`
/// (the "no stemming" mark) removed.
pub fn normalize_phrase(raw: &str) -> String {
    // Nearly every entry is ASCII: one pass over the bytes (this runs for
    // every name of every dictionary at start-up).
    if raw.is_ascii() {
        let mut out = String::with_capacity(raw.len());
        let mut space = false;
        for b in raw.bytes() {
            if b == b'_' || b == b' ' {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(char::from(b.to_ascii_uppercase()));
            }
        }
        return out;
    }
    let mut out = String::with_capacity(raw.len());
    for word in raw.split(['_', ' ']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // Nearly every name is ASCII; upper-casing in place keeps loading fast.
    if out.is_ascii() {
        out.make_ascii_uppercase();
        out
    } else {
        out.to_uppercase()
    }
}

/// The longest phrase of a dictionary, in words, for each first word. A
/// longest-match scan asks it once per position and tries only the spans
/// some phrase could fill; most words start no phrase at all.
///
/// A table of 2^18 slots indexed by a hash of the first word, holding the
/// largest length of any phrase whose first word lands there: loading stores
/// no strings and a look-up is one hash and one read. Two first words in
/// one slot share the larger length, which is still a bound, so a scan
/// never misses a phrase (it only tries a few spans in vain).
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstWords(Vec<u8>);

const FIRST_WORD_BITS: u32 = 18;

fn first_word_slot(word: &str) -> usize {
    use std::hash::BuildHasher;
    let h = hash::FxBuildHasher::default().hash_one(word);
    (h >> (64 - FIRST_WORD_BITS)) as usize
}

impl FirstWords {
    /// Records a normalized phrase; returns its length in words.
    fn note(&mut self, phrase: &str) -> usize {
        let bytes = phrase.as_bytes();
        let first = match bytes.iter().position(|&b| b == b' ') {
            Some(k) => &phrase[..k],
            None => phrase,
        };
        let n = 1 + bytes.iter().filter(|&&b| b == b' ').count();
        if self.0.is_empty() {
            self.0 = vec![0; 1 << FIRST_WORD_BITS];
        }
        // Saturates: callers never try spans near 255 words.
        let slot = &mut self.0[first_word_slot(first)];
        *slot = (*slot).max(u8::try_from(n).unwrap_or(u8::MAX));
        n
    }
    /// The longest phrase starting with word `first` (0 for none). A
    /// phrase made of several words matches only if its first word does,
    /// so callers may pass more: only the text up to the first space counts.
    fn max_from(&self, first: &str) -> usize {
        if self.0.is_empty() {
            return 0;
        }
        let first = match first.bytes().position(|b| b == b' ') {
            Some(k) => &first[..k],
            None => first,
        };
        usize::from(self.0[first_word_slot(first)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn dicts() -> Dictionaries {
        Dictionaries::embedded().expect("shipped dictionaries load")
    }

    #[test]
    fn every_shipped_file_loads_with_content() {
        let d = dicts();
        assert!(d.verbs.blocks.len() > 350, "{}", d.verbs.blocks.len());
        assert!(d.verbs.n_patterns() > 4000);
        assert!(d.verbs.synsets.len() > 30);
        assert!(d.verbs.transformations.len() >= 8);
        assert!(d.actors.len() > 20_000, "{}", d.actors.len());
        assert!(d.agents.len() > 1_500);
        assert!(d.discards.len() > 300);
        assert!(d.issues.len() > 1_000);
        assert!(d.cameo.len() > 300);
        assert!(d.pico.len() > 200);
        assert!(d.nouns.len() > 20);
        assert!(!d.verbs.forms("URGE").is_empty());
        assert_eq!(
            d.capitals.code("PYONGYANG", None).as_deref(),
            Some("PRKGOV")
        );
        assert_eq!(d.actors.code("PYONGYANG", None).as_deref(), Some("PRK"));
        assert_eq!(d.pico.compose("030", "070").as_deref(), Some("033"));
    }

    #[test]
    fn loads_fast_enough() {
        // The target is well under 100 ms in release builds; a debug build is
        // several times slower, so the test only guards against a blow-up.
        let t = std::time::Instant::now();
        let _ = dicts();
        assert!(t.elapsed().as_secs_f64() < 5.0);
    }

    #[test]
    fn rejects_wrong_version() {
        let err = shipped("x.txt", "verbs", b"#%newsgraph-dict verbs 99\n").unwrap_err();
        assert!(err.to_string().contains("99"));
        assert!(shipped("x.txt", "verbs", b"no header\n").is_err());
    }

    #[test]
    fn dated_office_holders() {
        let d = dicts();
        let before = NaiveDate::from_ymd_opt(1995, 1, 1);
        let after = NaiveDate::from_ymd_opt(2012, 6, 1);
        assert_eq!(
            d.actors.code("VLADIMIR PUTIN", after).as_deref(),
            Some("RUSGOV")
        );
        assert_eq!(
            d.actors.code("VLADIMIR PUTIN", before).as_deref(),
            Some("RUSELI")
        );
        assert_eq!(d.actors.code("RUSSIA", after).as_deref(), Some("RUS"));
        assert_eq!(d.actors.code("NO SUCH NAME", after), None);
    }

    #[test]
    fn verb_lookup_and_codes() {
        let d = dicts();
        let forms = d.verbs.forms("VISIT");
        assert!(!forms.is_empty());
        let block = &d.verbs.blocks[forms[0].block as usize];
        assert_eq!(block.code.forward.as_deref(), Some("042"));
        assert_eq!(block.code.reverse.as_deref(), Some("043"));
        let cameo = d.cameo.get("042").unwrap();
        assert_eq!(cameo.quad_class, 1);
        assert_eq!(d.cameo.get("190").unwrap().quad_class, 4);
        assert_eq!(d.cameo.plover("0421").unwrap().event, "CONSULT");
        assert_eq!(d.cameo.plover("010"), None);
    }

    #[test]
    fn agents_compose() {
        let d = dicts();
        let a = d.agents.get("FOREIGN MINISTER").expect("agent");
        assert_eq!(a.code, "GOV");
        assert!(!a.prefix);
    }

    #[test]
    fn user_overlay_adds_actors_and_verbs() {
        let dir = std::env::temp_dir().join(format!("ngdict-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let actors = dir.join("my.actors.txt");
        std::fs::write(
            &actors,
            "ZORGLAND_ [ZRG]\n+ZORGISH_\nJANE_ROE_\n [ZRGGOV >20200101]\n [ZRGELI]\n",
        )
        .unwrap();
        let verbs = dir.join("my.verbs.txt");
        std::fs::write(
            &verbs,
            "--- ZAP [---] ---\nZAP {ZAPS ZAPPED}\n- * TARGET [1711] # mine\n",
        )
        .unwrap();
        let d = dicts()
            .with_user_overlay(&[actors.clone(), verbs.clone()])
            .unwrap();
        let date = NaiveDate::from_ymd_opt(2021, 1, 1);
        assert_eq!(d.actors.code("ZORGISH", date).as_deref(), Some("ZRG"));
        assert_eq!(d.actors.code("JANE ROE", date).as_deref(), Some("ZRGGOV"));
        assert_eq!(
            d.actors
                .code("JANE ROE", NaiveDate::from_ymd_opt(2019, 1, 1))
                .as_deref(),
            Some("ZRGELI")
        );
        assert!(!d.verbs.forms("ZAPPED").is_empty());
        assert!(!d.verbs.forms("ZAP").is_empty());
        let missing = dicts().with_user_overlay(&[dir.join("nope.txt")]);
        assert!(missing.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn normalizes_phrases() {
        assert_eq!(normalize_phrase("BAN_KI-MOON_"), "BAN KI-MOON");
        assert_eq!(normalize_phrase("u.n._ chief"), "U.N. CHIEF");
        assert_eq!(normalize_phrase("__a__b_ "), "A B");
        assert_eq!(normalize_phrase("_ _"), "");
        assert_eq!(normalize_phrase("ß_x"), "SS X");
        assert_eq!(sniff_kind("FARMER [~AGR]\n"), UserKind::Agents);
        assert_eq!(sniff_kind("--- X [010] ---\n"), UserKind::Verbs);
        assert_eq!(sniff_kind("X [ABC]\n"), UserKind::Actors);
    }
}
