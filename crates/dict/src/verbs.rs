//! The PETRARCH-2 verb dictionary (CAMEO.2.0 format): synsets, verb blocks,
//! patterns and verb-of-verb transformations.
//!
//! Format, line by line:
//! - `&NAME` starts a synonym set; its `+WORD` lines are members (`_` joins
//!   the words of a phrase).
//! - `--- NAME [CODE] ---` starts a verb block with a default code.
//! - A verb line in a block: `VERB {IRREGULAR FORMS} [CODE]`; `+VERB_PARTICLE`
//!   is a multi-word verb whose first word is the verb. The code is optional.
//! - `- PRE * POST [CODE] # comment` is a pattern: words (or `&SYNSET`s,
//!   `{contiguous phrases}`, `(PREP ...)` prepositional phrases, `$` source,
//!   `+` target, `%` compound) before and after the verb (`*`).
//! - Codes are `[042]`, `[042:043]` (source→target : target→source), `[:054]`
//!   (reverse only) or `[---]` (no event).
//! - `~ a (a b ATTACK) SAY = a b 015` is a transformation: "a SAYs that a
//!   ATTACKs b" becomes `a b 015`; `.` is any actor, `_` an empty one, and a
//!   verb name stands for that verb's block (`Q` for any event).

use crate::hash::FxHashMap;
use crate::normalize_phrase;

/// The codes a verb or pattern gives: source→target and target→source.
/// `None` means no event in that direction (`---` or empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodePair {
    pub forward: Option<String>,
    pub reverse: Option<String>,
}

impl CodePair {
    /// Parses the text inside `[...]`.
    pub fn parse(inner: &str) -> CodePair {
        let code = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_string())
        };
        match inner.split_once(':') {
            Some((a, b)) => CodePair {
                forward: code(a),
                reverse: code(b),
            },
            None => CodePair {
                forward: code(inner),
                reverse: None,
            },
        }
    }
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elem {
    /// A word; `exact` when upstream wrote a trailing `_` (no stemming).
    Word { word: String, exact: bool },
    /// `&NAME`: any member of the synonym set.
    Synset(String),
    /// `{A B}`: words that must be adjacent.
    Phrase(Vec<Elem>),
    /// `(PREP A ...)`: a prepositional phrase headed by the first element.
    Prep(Vec<Elem>),
    /// `$`: the source actor is here.
    Source,
    /// `+`: the target actor is here.
    Target,
    /// `%`: a compound actor is here.
    Compound,
}

impl Elem {
    /// Words this element needs to match (markers count zero).
    pub fn weight(&self) -> usize {
        match self {
            Elem::Word { .. } | Elem::Synset(_) => 1,
            Elem::Phrase(v) | Elem::Prep(v) => v.iter().map(Elem::weight).sum(),
            _ => 0,
        }
    }
}

/// A verb pattern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pattern {
    pub pre: Vec<Elem>,
    pub post: Vec<Elem>,
    pub code: CodePair,
    /// The pattern as written (without its comment), for provenance.
    pub text: String,
}

impl Pattern {
    pub fn weight(&self) -> usize {
        self.pre.iter().chain(&self.post).map(Elem::weight).sum()
    }
}

/// A verb block: verbs sharing a default code and a pattern list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerbBlock {
    pub name: String,
    pub code: CodePair,
    pub patterns: Vec<Pattern>,
}

/// One way a verb appears: the block it belongs to, the words that must
/// follow it (particles of multi-word verbs) and its own code, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbForm {
    pub block: u32,
    pub rest: Vec<String>,
    pub code: Option<CodePair>,
}

/// `~ a (b c VERB) OUTER = x y CODE`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transformation {
    pub outer_source: String,
    pub inner_source: String,
    pub inner_target: String,
    pub inner_verb: String,
    pub outer_verb: String,
    pub out_source: String,
    pub out_target: String,
    pub out_code: String,
    pub text: String,
}

/// The whole verb dictionary.
///
/// [`VerbDict::parse`] and [`VerbDict::overlay`] also build its
/// [`PatternIndex`]; code that edits `synsets` or `blocks` afterwards must
/// call [`VerbDict::reindex`].
#[derive(Clone, Debug, Default)]
pub struct VerbDict {
    /// Synset name (with `&`) → member phrases, normalized.
    pub synsets: FxHashMap<String, Vec<String>>,
    pub blocks: Vec<VerbBlock>,
    pub transformations: Vec<Transformation>,
    forms: FxHashMap<String, Vec<VerbForm>>,
    index: PatternIndex,
}

/// "No such word or synset": never equal to an id the index gave out.
pub const NO_ID: u32 = u32::MAX;

/// A pattern element as the matcher sees it: [`Elem`] with each word and
/// synset replaced by its number in the [`PatternIndex`], so matching
/// compares integers instead of strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Word {
        id: u32,
        exact: bool,
    },
    /// A synset number, [`NO_ID`] for a name the dictionary does not define.
    Synset(u32),
    Phrase(Vec<Step>),
    Prep(Vec<Step>),
    Source,
    Target,
    Compound,
}

/// A [`Pattern`]'s elements as [`Step`]s, with what each side needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexedPattern {
    pub pre: Vec<Step>,
    pub post: Vec<Step>,
    pub pre_needs: Needs,
    pub post_needs: Needs,
}

/// A summary of a word list, or of what a pattern side needs from one: the
/// [`PatternIndex::word_bit`]s of its words and the
/// [`PatternIndex::synset_bit`]s of the synsets that can start in it. Every
/// word and synset of a pattern must be matched, so a side whose needs are
/// not all in the list's summary cannot match it; most patterns of a verb
/// are ruled out this way without being tried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub words: u64,
    pub synsets: u64,
}

impl Needs {
    /// True when `have` holds every bit this asks for.
    pub fn met_by(&self, have: &Needs) -> bool {
        self.words & !have.words == 0 && self.synsets & !have.synsets == 0
    }
    fn add_steps(&mut self, steps: &[Step]) {
        for s in steps {
            match s {
                Step::Word { id, .. } => self.words |= PatternIndex::word_bit(*id),
                Step::Synset(sid) if *sid != NO_ID => {
                    self.synsets |= PatternIndex::synset_bit(*sid)
                }
                Step::Phrase(v) | Step::Prep(v) => self.add_steps(v),
                _ => {}
            }
        }
    }
    fn of(steps: &[Step]) -> Needs {
        let mut n = Needs::default();
        n.add_steps(steps);
        n
    }
}

/// The verb patterns with words numbered, for fast matching.
///
/// Every word a pattern or a synset member uses gets an id; a token's word
/// is looked up once ([`PatternIndex::word`]) and then compared as an
/// integer. `starts` says, for each word, which synsets have a member
/// beginning with it, so the matcher tries a synset's members only at
/// positions where one could begin.
#[derive(Clone, Debug, Default)]
pub struct PatternIndex {
    words: FxHashMap<String, u32>,
    synset_ids: FxHashMap<String, u32>,
    /// Each synset's members, each a list of word ids, in dictionary order.
    synsets: Vec<Vec<Vec<u32>>>,
    /// By word id: the [`PatternIndex::synset_bit`]s of the synsets with a
    /// member starting with that word.
    starts: Vec<u64>,
    /// The patterns of each block, parallel to [`VerbDict::blocks`].
    blocks: Vec<Vec<IndexedPattern>>,
}

impl PatternIndex {
    fn build(synsets: &FxHashMap<String, Vec<String>>, blocks: &[VerbBlock]) -> PatternIndex {
        let mut ix = PatternIndex::default();
        // Sorted names give every build of the same dictionary the same ids.
        let mut names: Vec<&String> = synsets.keys().collect();
        names.sort_unstable();
        for name in names {
            let sid = ix.synsets.len() as u32;
            ix.synset_ids.insert(name.clone(), sid);
            let mut members = Vec::with_capacity(synsets[name].len());
            for m in &synsets[name] {
                let ids: Vec<u32> = m.split(' ').map(|w| ix.intern(w)).collect();
                if let Some(&first) = ids.first() {
                    ix.starts[first as usize] |= PatternIndex::synset_bit(sid);
                }
                members.push(ids);
            }
            ix.synsets.push(members);
        }
        ix.blocks = blocks
            .iter()
            .map(|b| {
                b.patterns
                    .iter()
                    .map(|p| {
                        let (pre, post) = (ix.steps(&p.pre), ix.steps(&p.post));
                        IndexedPattern {
                            pre_needs: Needs::of(&pre),
                            post_needs: Needs::of(&post),
                            pre,
                            post,
                        }
                    })
                    .collect()
            })
            .collect();
        ix
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.starts.len() as u32;
        self.words.insert(w.to_string(), id);
        self.starts.push(0);
        id
    }

    fn steps(&mut self, elems: &[Elem]) -> Vec<Step> {
        elems
            .iter()
            .map(|e| match e {
                Elem::Word { word, exact } => Step::Word {
                    id: self.intern(word),
                    exact: *exact,
                },
                Elem::Synset(name) => Step::Synset(*self.synset_ids.get(name).unwrap_or(&NO_ID)),
                Elem::Phrase(v) => Step::Phrase(self.steps(v)),
                Elem::Prep(v) => Step::Prep(self.steps(v)),
                Elem::Source => Step::Source,
                Elem::Target => Step::Target,
                Elem::Compound => Step::Compound,
            })
            .collect()
    }

    /// The id of a word (upper case), [`NO_ID`] when no pattern uses it.
    pub fn word(&self, w: &str) -> u32 {
        self.words.get(w).copied().unwrap_or(NO_ID)
    }
    /// The synsets with a member starting with word `id`, as a mask of
    /// [`PatternIndex::synset_bit`]s.
    pub fn starts(&self, id: u32) -> u64 {
        self.starts.get(id as usize).copied().unwrap_or(0)
    }
    /// A word's bit in [`Needs::words`]: a hash of the id onto 64 bits.
    pub fn word_bit(id: u32) -> u64 {
        1 << (id.wrapping_mul(0x9E37_79B1) >> 26)
    }
    /// A synset's bit in [`PatternIndex::starts`] masks. Synsets past the
    /// 63rd share the top bit: for them the mask still rules positions out
    /// soundly, only less sharply.
    pub fn synset_bit(synset: u32) -> u64 {
        1 << synset.min(63)
    }
    /// The members of a synset as word ids (none for [`NO_ID`]).
    pub fn members(&self, synset: u32) -> &[Vec<u32>] {
        self.synsets.get(synset as usize).map_or(&[], Vec::as_slice)
    }
    /// The indexed patterns of block `block`, in the block's order.
    pub fn patterns(&self, block: usize) -> &[IndexedPattern] {
        self.blocks.get(block).map_or(&[], Vec::as_slice)
    }
}

impl VerbDict {
    pub fn n_patterns(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }
    /// Every form whose verb word is `word` (upper case: a lemma or an
    /// irregular surface form).
    pub fn forms(&self, word: &str) -> &[VerbForm] {
        self.forms.get(word).map(Vec::as_slice).unwrap_or(&[])
    }
    /// True when `word` (upper case) is a member of synset `name` (`&X`).
    pub fn in_synset(&self, name: &str, word: &str) -> bool {
        self.synsets
            .get(name)
            .is_some_and(|m| m.iter().any(|w| w == word))
    }
    /// The patterns with their words numbered, for matching.
    pub fn index(&self) -> &PatternIndex {
        &self.index
    }
    /// Rebuilds the [`PatternIndex`] after `synsets` or `blocks` changed.
    pub fn reindex(&mut self) {
        self.index = PatternIndex::build(&self.synsets, &self.blocks);
    }
    /// The block a verb name (as used in transformations) belongs to.
    pub fn block_of(&self, verb: &str) -> Option<u32> {
        self.forms(verb).first().map(|f| f.block)
    }

    /// Adds `other` on top: its verb forms come first for their words, so a
    /// user's definition of a verb wins.
    pub fn overlay(&mut self, other: VerbDict) {
        let offset = self.blocks.len() as u32;
        self.blocks.extend(other.blocks);
        for (word, forms) in other.forms {
            let mut new: Vec<VerbForm> = forms
                .into_iter()
                .map(|mut f| {
                    f.block += offset;
                    f
                })
                .collect();
            let old = self.forms.remove(&word).unwrap_or_default();
            new.extend(old);
            self.forms.insert(word, new);
        }
        self.synsets.extend(other.synsets);
        self.transformations.extend(other.transformations);
        self.reindex();
    }

    /// Parses a dictionary in the CAMEO.2.0 format. Lines it cannot read are
    /// skipped: a dictionary is data written by hand, and one bad line should
    /// not lose the rest.
    pub fn parse(text: &str) -> VerbDict {
        let mut d = VerbDict::parse_unindexed(text);
        d.reindex();
        d
    }

    /// [`VerbDict::parse`] without the [`PatternIndex`], for a dictionary
    /// that is about to be overlaid (which indexes the whole).
    pub(crate) fn parse_unindexed(text: &str) -> VerbDict {
        let mut d = VerbDict::default();
        let mut synset: Option<String> = None;
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('&') {
                let name = format!("&{}", name.trim());
                d.synsets.entry(name.clone()).or_default();
                synset = Some(name);
                continue;
            }
            if line.starts_with("---") {
                synset = None;
                let inner = line.trim_matches('-').trim();
                let (name, code) = match (inner.find('['), inner.find(']')) {
                    (Some(a), Some(b)) if a < b => {
                        (inner[..a].trim(), CodePair::parse(&inner[a + 1..b]))
                    }
                    _ => (inner, CodePair::default()),
                };
                d.blocks.push(VerbBlock {
                    name: name.to_string(),
                    code,
                    patterns: Vec::new(),
                });
                continue;
            }
            if let Some(rest) = line.strip_prefix('~') {
                if let Some(t) = parse_transformation(rest) {
                    d.transformations.push(t);
                }
                continue;
            }
            if let (Some(name), Some(member)) = (&synset, line.strip_prefix('+')) {
                let phrase = normalize_phrase(member);
                if !phrase.is_empty() {
                    d.synsets.entry(name.clone()).or_default().push(phrase);
                }
                continue;
            }
            let Some(block_idx) = d.blocks.len().checked_sub(1) else {
                continue;
            };
            if let Some(p) = line.strip_prefix("- ") {
                if let Some(pat) = parse_pattern(p) {
                    d.blocks[block_idx].patterns.push(pat);
                }
                continue;
            }
            d.add_verb_line(line, block_idx as u32);
        }
        d
    }

    fn add_verb_line(&mut self, line: &str, block: u32) {
        let (head, code) = match (line.rfind('['), line.rfind(']')) {
            (Some(a), Some(b)) if a < b => (&line[..a], Some(CodePair::parse(&line[a + 1..b]))),
            _ => (line, None),
        };
        let (main, irregular) = match (head.find('{'), head.find('}')) {
            (Some(a), Some(b)) if a < b => (&head[..a], Some(&head[a + 1..b])),
            _ => (head, None),
        };
        let mut add = |form: &str| {
            let phrase = normalize_phrase(form.trim_start_matches('+'));
            let mut words = phrase.split(' ').map(str::to_string);
            if let Some(verb) = words.next().filter(|w| !w.is_empty()) {
                self.forms.entry(verb).or_default().push(VerbForm {
                    block,
                    rest: words.collect(),
                    code: code.clone(),
                });
            }
        };
        add(main.trim());
        for form in irregular.unwrap_or("").split_whitespace() {
            add(form);
        }
    }
}

/// Splits pattern text into top-level tokens, keeping `{..}` and `(..)`
/// groups whole.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '{' | '(' => {
                if depth == 0 && !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                depth += 1;
                cur.push(c);
            }
            '}' | ')' => {
                cur.push(c);
                depth -= 1;
                if depth <= 0 {
                    depth = 0;
                    out.push(std::mem::take(&mut cur));
                }
            }
            c if c.is_whitespace() && depth == 0 => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
            c => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.into_iter().map(|t| t.trim().to_string()).collect()
}

fn parse_elems(tokens: &[String]) -> Vec<Elem> {
    tokens.iter().filter_map(|t| parse_elem(t)).collect()
}

fn parse_elem(t: &str) -> Option<Elem> {
    if let Some(inner) = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
        return Some(Elem::Phrase(parse_elems(&tokens(inner))));
    }
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        return Some(Elem::Prep(parse_elems(&tokens(inner))));
    }
    match t {
        "$" => return Some(Elem::Source),
        "+" => return Some(Elem::Target),
        "%" => return Some(Elem::Compound),
        "" => return None,
        _ => {}
    }
    if t.starts_with('&') {
        return Some(Elem::Synset(t.trim_end_matches('_').to_string()));
    }
    let exact = t.ends_with('_');
    let word = normalize_phrase(t);
    if word.is_empty() {
        return None;
    }
    // A `_`-joined token such as `RE_` or `HUMAN_RIGHTS` is a phrase.
    if word.contains(' ') {
        return Some(Elem::Phrase(
            word.split(' ')
                .map(|w| Elem::Word {
                    word: w.to_string(),
                    exact,
                })
                .collect(),
        ));
    }
    Some(Elem::Word { word, exact })
}

/// Upstream writes a few patterns with the verb's `*` glued to a word
/// (`*SCEPTICAL`, `*_LAWS`, `SPY_*_DEAL`): the `*` is split out as its own
/// token, so those patterns load like `* SCEPTICAL`, `* LAWS`, `SPY * DEAL`.
fn star_apart(toks: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(toks.len() + 2);
    for t in toks {
        let glued = t.len() > 1 && t.contains('*') && !t.starts_with(['{', '(']);
        if !glued {
            out.push(t);
            continue;
        }
        let (before, after) = t.split_once('*').unwrap_or((&t, ""));
        let before = before.trim_end_matches('_');
        let after = after.trim_start_matches('_');
        if !before.is_empty() {
            out.push(before.to_string());
        }
        out.push("*".to_string());
        if !after.is_empty() {
            out.push(after.to_string());
        }
    }
    out
}

pub(crate) fn parse_pattern(p: &str) -> Option<Pattern> {
    let open = p.rfind('[')?;
    let close = p[open..].find(']')? + open;
    let code = CodePair::parse(&p[open + 1..close]);
    let toks = star_apart(tokens(&p[..open]));
    let star = toks.iter().position(|t| t == "*")?;
    Some(Pattern {
        pre: parse_elems(&toks[..star]),
        post: parse_elems(&toks[star + 1..]),
        code,
        text: format!("- {}", p.trim()),
    })
}

pub(crate) fn parse_transformation(rest: &str) -> Option<Transformation> {
    let (lhs, rhs) = rest.split_once('=')?;
    let a = lhs.find('(')?;
    let b = lhs.find(')')?;
    if b < a {
        return None;
    }
    let inner: Vec<&str> = lhs[a + 1..b].split_whitespace().collect();
    let out: Vec<&str> = rhs.split_whitespace().collect();
    if inner.len() != 3 || out.len() != 3 {
        return None;
    }
    Some(Transformation {
        outer_source: lhs[..a].trim().to_string(),
        inner_source: inner[0].to_string(),
        inner_target: inner[1].to_string(),
        inner_verb: inner[2].to_string(),
        outer_verb: lhs[b + 1..].trim().to_string(),
        out_source: out[0].to_string(),
        out_target: out[1].to_string(),
        out_code: out[2].to_string(),
        text: format!("~ {}", rest.trim()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&CURRENCY\n+MONEY\n+EURO\n\n--- ASK [---] ---\n+ASK_FOR {+ASKED_FOR +ASKING_FOR} [020]\nASK [020]\nMEET {MEETS MET MEETING}\n- * &CURRENCY [0231] # ASK\n- * (FOR {FINANCIAL AID}) [0231]\n- $ TROOP * TOWARD + [154]\n- * RECOGNITION (FROM) + [:054]\n--- VISIT [042:043] ---\nVISIT\n~ a (a b ATTACK) SAY = a b 015\n";

    #[test]
    fn parses_blocks_forms_patterns() {
        let d = VerbDict::parse(SAMPLE);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.synsets["&CURRENCY"], vec!["MONEY", "EURO"]);
        let ask = d.forms("ASK");
        assert_eq!(ask.len(), 2);
        assert_eq!(ask[0].rest, vec!["FOR"]);
        assert_eq!(d.forms("ASKED")[0].rest, vec!["FOR"]);
        assert_eq!(d.forms("MET")[0].block, 0);
        let pats = &d.blocks[0].patterns;
        assert_eq!(pats.len(), 4);
        assert_eq!(pats[0].post, vec![Elem::Synset("&CURRENCY".into())]);
        assert!(matches!(&pats[1].post[0], Elem::Prep(v) if v.len() == 2));
        assert_eq!(pats[1].weight(), 3);
        assert_eq!(pats[2].pre[0], Elem::Source);
        assert_eq!(pats[3].code.forward, None);
        assert_eq!(pats[3].code.reverse.as_deref(), Some("054"));
        assert_eq!(d.blocks[1].code.reverse.as_deref(), Some("043"));
        let t = &d.transformations[0];
        assert_eq!(
            (t.inner_verb.as_str(), t.outer_verb.as_str()),
            ("ATTACK", "SAY")
        );
        assert_eq!(t.out_code, "015");
    }

    #[test]
    fn glued_star_is_split_out() {
        for (p, pre, post) in [
            ("*SCEPTICAL [012]", 0, 1),
            ("*_LAWS [---]", 0, 1),
            ("SPY_*_DEAL [---]", 1, 1),
        ] {
            let pat = parse_pattern(p).unwrap_or_else(|| panic!("{p} not loaded"));
            assert_eq!((pat.pre.len(), pat.post.len()), (pre, post), "{p}");
        }
    }

    #[test]
    fn null_codes() {
        assert!(CodePair::parse("---").is_null());
        assert_eq!(CodePair::parse("036:036").reverse.as_deref(), Some("036"));
    }
}
