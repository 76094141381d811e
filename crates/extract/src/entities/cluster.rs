//! Groups name mentions into entities.
//!
//! People: fuller names are placed first, then shorter forms join them — a
//! one-word mention joins the person whose last name (else first name, as in
//! "Kim" for "Kim Jong-un") it is; when several people share it, the one
//! mentioned most recently before wins. Forms that differ only in spelling
//! ("Jong-un" / "Jong Un", "Zelensky" / "Zelenskyy") or in a regnal number
//! or rank ("King Charles II" / "King Charles III") join too, with a
//! `name_mismatch` warning naming both spans; so does a lone surname one
//! letter from a fuller name's ("Ms Varga" after "Elena Vargas").
//!
//! Other names: the same words (case-insensitive, "the" dropped), the same
//! country ("Russia" / "Russian Federation"), an acronym spelled out in
//! parentheses or by initials ("DPRK (Democratic People's Republic of
//! Korea)", "BBC" / "British Broadcasting Corporation").

use super::mentions::{is_regnal, NameMention};
use super::Cluster;
use newsgraph_doc::{Document, EntityType, Span, Warning};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Lower-case alphanumerics only: "Jong-un" and "Jong Un" compare equal,
/// and so do "al-Sisi", "el-Sisi" and "Sisi" (see [`norm_word`]).
fn norm<S: AsRef<str>>(words: &[S]) -> String {
    words.iter().map(|w| norm_word(w.as_ref())).collect()
}

/// [`norm`] of one word, without copying it into a slice first. An Arabic
/// article prefix is dropped: transliterations write it "al-", "el-" or
/// not at all ("al-Sisi", "el-Sisi", "Sisi" are one name).
pub(crate) fn norm_word(w: &str) -> String {
    let lower = w.to_lowercase();
    let w = [
        "al-", "el-", "ad-", "ash-", "as-", "an-", "ar-", "at-", "az-",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p).filter(|rest| !rest.is_empty()))
    .unwrap_or(&lower);
    w.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The name without a trailing regnal number.
fn base(words: &[String]) -> &[String] {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && is_regnal(last) => rest,
        _ => words,
    }
}

/// Edit distance, capped: returns `cap + 1` once it is exceeded.
pub(crate) fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Spelling variants of the same name: same number of words, and each pair
/// equal or one edit apart in a word of five letters or more.
fn spelling_variant(a: &[String], b: &[String]) -> bool {
    if norm(a) == norm(b) {
        return true;
    }
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            let (x, y) = (norm_word(x), norm_word(y));
            x == y || (x.len().min(y.len()) >= 5 && edit_distance(&x, &y, 1) <= 1)
        })
}

/// Titles of rank: two of them on one name disagree ("King" / "Prince").
const RANK_TITLES: &[&str] = &[
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "empress",
    "pope",
    "duke",
    "duchess",
    "crown prince",
    "tsar",
    "czar",
    "sultan",
    "emir",
];

fn rank(title: &Option<String>) -> Option<String> {
    let t = title.as_ref()?.to_lowercase();
    RANK_TITLES.contains(&t.as_str()).then_some(t)
}

fn new_cluster(m: &NameMention, i: usize) -> Cluster {
    Cluster {
        entity_type: m.entity_type,
        mentions: vec![i],
        name: m.words.clone(),
        text: m.text.clone(),
        roles: Vec::new(),
        affiliations: Vec::new(),
        countries: Vec::new(),
        descriptions: Vec::new(),
    }
}

fn mismatch(doc: &Document, a: &NameMention, b: &NameMention, why: &str) -> Warning {
    let (x, y) = if a.span <= b.span { (a, b) } else { (b, a) };
    let text = |m: &NameMention| match &m.premod {
        Some(p) => doc.span_text(p.cover(m.span)).to_string(),
        None => doc.span_text(m.span).to_string(),
    };
    Warning::new(
        "name_mismatch",
        format!("\"{}\" and \"{}\" {why}", text(x), text(y)),
        vec![x.span, y.span],
    )
}

/// What `cluster_people` looks up per person cluster, kept beside the
/// clusters so each lookup is a hash or a binary search rather than a scan
/// of every cluster or every earlier mention.
#[derive(Default)]
struct PeopleIndex {
    /// `norm` of the base of each cluster's first mention (None: not a person).
    first_norm: Vec<Option<String>>,
    /// The distinct word forms among each cluster's mentions.
    forms: Vec<HashSet<Vec<String>>>,
    /// The ranks among each cluster's mentions' titles.
    ranks: Vec<HashSet<String>>,
    /// Each cluster's mention spans, sorted.
    spans: Vec<BTreeSet<Span>>,
    /// Person clusters by the last / first word of their base name, in
    /// cluster order.
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
    /// Per word form: the cluster `same` found for it, and how many clusters
    /// were searched (a cluster's first mention never changes, so a found
    /// cluster stays the first match and a miss needs only newer clusters).
    same: HashMap<Vec<String>, (Option<usize>, usize)>,
}

impl PeopleIndex {
    fn add_cluster(&mut self, ms: &[NameMention], cl: &Cluster) {
        let c = self.first_norm.len();
        self.forms.push(HashSet::new());
        self.ranks.push(HashSet::new());
        self.spans.push(BTreeSet::new());
        if cl.entity_type == EntityType::Person {
            self.first_norm
                .push(cl.mentions.first().map(|&k| norm(base(&ms[k].words))));
            let full = base(&cl.name);
            if let Some(w) = full.last() {
                self.by_last.entry(norm_word(w)).or_default().push(c);
            }
            if let Some(w) = full.first() {
                self.by_first.entry(norm_word(w)).or_default().push(c);
            }
        } else {
            self.first_norm.push(None);
        }
        for &k in &cl.mentions {
            self.add_mention(c, &ms[k]);
        }
    }
    fn add_mention(&mut self, c: usize, m: &NameMention) {
        if !self.forms[c].contains(&m.words) {
            self.forms[c].insert(m.words.clone());
        }
        if let Some(r) = rank(&m.title) {
            self.ranks[c].insert(r);
        }
        self.spans[c].insert(m.span);
    }
}

/// Clusters people; returns cluster index per mention (None if not a person).
fn cluster_people(
    doc: &Document,
    ms: &[NameMention],
    clusters: &mut Vec<Cluster>,
    of: &mut [Option<usize>],
    warnings: &mut Vec<Warning>,
) {
    let mut ix = PeopleIndex::default();
    for cl in clusters.iter() {
        ix.add_cluster(ms, cl);
    }
    let mut order: Vec<usize> = (0..ms.len())
        .filter(|&i| ms[i].entity_type == EntityType::Person)
        .collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(base(&ms[i].words).len()), ms[i].span));
    for i in order {
        let m = &ms[i];
        let b = base(&m.words);
        let nb = norm(b);
        // The same name, or a variant of it: the first person cluster whose
        // first mention matches.
        let (mut found, scanned) = ix.same.get(&m.words).cloned().unwrap_or((None, 0));
        if found.is_none() {
            found = (scanned..clusters.len()).find(|&c| {
                ix.first_norm[c].as_ref().is_some_and(|fnorm| {
                    let fb = base(&ms[clusters[c].mentions[0]].words);
                    *fnorm == nb || (b.len() > 1 && fb.len() == b.len() && spelling_variant(fb, b))
                })
            });
            ix.same.insert(m.words.clone(), (found, clusters.len()));
        }
        let same = found.map(|c| (c, &ms[clusters[c].mentions[0]]));
        if let Some((c, first)) = same {
            // One warning per distinct form: "Charles III" twice is one
            // disagreement with "Charles II".
            let seen_form = ix.forms[c].contains(&m.words);
            let regnal_differs =
                m.words.len() != b.len() || first.words.len() != base(&first.words).len();
            if seen_form {
                // Already compared.
            } else if regnal_differs && norm(&m.words) != norm(&first.words) {
                warnings.push(mismatch(
                    doc,
                    first,
                    m,
                    "look like the same person with different regnal numbers",
                ));
            } else if nb == norm(base(&first.words)) && m.words.join(" ") != first.words.join(" ") {
                warnings.push(mismatch(doc, first, m, "spell the same name two ways"));
            } else if nb != norm(base(&first.words)) {
                warnings.push(mismatch(
                    doc,
                    first,
                    m,
                    "look like one name spelled two ways",
                ));
            }
            if let (Some(r1), Some(r2)) = (rank(&first.title), rank(&m.title)) {
                let seen_title = ix.ranks[c].contains(&r2);
                if r1 != r2 && !seen_title {
                    warnings.push(mismatch(
                        doc,
                        first,
                        m,
                        "give the same person different titles",
                    ));
                }
            }
            clusters[c].mentions.push(i);
            ix.add_mention(c, m);
            of[i] = Some(c);
            continue;
        }
        // A part of a fuller name: last word first, then first word.
        let key_last = b.last().map(|w| norm_word(w));
        let key_first = b.first().map(|w| norm_word(w));
        let find = |by_last: bool| -> Vec<usize> {
            let (map, key) = if by_last {
                (&ix.by_last, &key_last)
            } else {
                (&ix.by_first, &key_first)
            };
            let Some(list) = key.as_ref().and_then(|k| map.get(k)) else {
                return Vec::new();
            };
            list.iter()
                .copied()
                .filter(|&c| {
                    let full = base(&clusters[c].name);
                    if full.len() <= b.len() {
                        return false;
                    }
                    // One word: the index key is the whole test. Several:
                    // "Vladimir Putin" inside "Vladimir Vladimirovich Putin".
                    b.len() == 1 || by_last && full.first().map(|w| norm_word(w)) == key_first
                })
                .collect()
        };
        let mut candidates = find(true);
        if candidates.is_empty() && b.len() == 1 {
            candidates = find(false);
        }
        // "Ms Varga" after "Elena Vargas": a surname one letter from a
        // fuller name's is that person misspelled, flagged for the reader.
        let mut misspelled = None;
        if candidates.is_empty() && b.len() == 1 {
            if let Some(k) = key_last.as_ref().filter(|k| k.chars().count() >= 5) {
                let mut near: Vec<usize> = ix
                    .by_last
                    .iter()
                    .filter(|(w, _)| {
                        w.chars().count() >= 5 && w != &k && edit_distance(w, k, 1) <= 1
                    })
                    .flat_map(|(_, cs)| cs.iter().copied())
                    .filter(|&c| base(&clusters[c].name).len() > 1)
                    .collect();
                near.sort_unstable();
                near.dedup();
                // Two people it could be: join neither.
                if let [c] = near[..] {
                    candidates.push(c);
                    misspelled = Some(c);
                }
            }
        }
        let nearest = candidates.iter().copied().min_by_key(|&c| {
            // The most recent mention before this one, else the next after.
            let spans = &ix.spans[c];
            let before = spans.range(..m.span).next().is_some();
            let at = m.span.start;
            let prev = spans
                .range(
                    ..=Span {
                        start: at,
                        end: u32::MAX,
                    },
                )
                .next_back()
                .map(|s| u64::from(at - s.start));
            let next = spans
                .range(Span { start: at, end: 0 }..)
                .next()
                .map(|s| u64::from(s.start - at));
            let dist = prev.into_iter().chain(next).min().unwrap_or(u64::MAX);
            (!before, dist)
        });
        match nearest {
            Some(c) => {
                if misspelled == Some(c) {
                    let first = &ms[clusters[c].mentions[0]];
                    warnings.push(mismatch(
                        doc,
                        first,
                        m,
                        "look like one name spelled two ways",
                    ));
                }
                clusters[c].mentions.push(i);
                ix.add_mention(c, m);
                of[i] = Some(c);
            }
            None => {
                of[i] = Some(clusters.len());
                clusters.push(new_cluster(m, i));
                ix.add_cluster(ms, clusters.last().expect("just pushed"));
            }
        }
    }
}

/// Initials of a name's capitalized words: "British Broadcasting Corporation" → "BBC".
fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn is_acronym(words: &[String]) -> bool {
    words.len() == 1 && {
        let w = &words[0];
        (2..=6).contains(&w.chars().count()) && w.chars().all(|c| c.is_ascii_uppercase())
    }
}

/// Key of a non-person name: its type group and its words or country.
fn other_key(m: &NameMention, gaz: &Gazetteer) -> String {
    let group = match m.entity_type {
        EntityType::Gpe | EntityType::Loc => "place",
        t => t.as_str(),
    };
    let mut words: Vec<&str> = m.words.iter().map(|w| w.as_str()).collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    if group == "place" && gaz.flags(&words) & list::PLACE == 0 {
        if let Some(code) = gaz.country_code(&words) {
            return format!("place:country:{code}");
        }
    }
    format!("{group}:{}", norm(&words))
}

/// Clusters every mention; returns the clusters (each with its mentions in
/// text order). Picks each cluster's canonical name.
pub(crate) fn cluster(
    doc: &Document,
    ms: &mut [NameMention],
    gaz: &Gazetteer,
    warnings: &mut Vec<Warning>,
) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut of: Vec<Option<usize>> = vec![None; ms.len()];
    cluster_people(doc, ms, &mut clusters, &mut of, warnings);
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for i in 0..ms.len() {
        if of[i].is_some() {
            continue;
        }
        let key = other_key(&ms[i], gaz);
        let c = *by_key.entry(key).or_insert_with(|| {
            clusters.push(new_cluster(&ms[i], i));
            clusters.len() - 1
        });
        if clusters[c].mentions[0] != i {
            clusters[c].mentions.push(i);
        }
        of[i] = Some(c);
    }
    // Acronyms: "X (ACR)" / "ACR (X)", or initials of a known name.
    let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    let mut merges: Vec<(usize, usize)> = Vec::new();
    // Mentions by their first token, and candidate clusters for an acronym
    // by their initials, each in ascending order.
    let mut by_start: HashMap<usize, Vec<usize>> = HashMap::new();
    for (j, m) in ms.iter().enumerate() {
        by_start.entry(m.tokens.start).or_default().push(j);
    }
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (c, cl) in clusters.iter().enumerate() {
        if cl.entity_type != EntityType::Person && cl.name.len() >= 2 {
            by_initials.entry(initials(&cl.name)).or_default().push(c);
        }
    }
    for i in 0..ms.len() {
        let (Some(ci), true) = (of[i], ms[i].entity_type != EntityType::Person) else {
            continue;
        };
        let end = ms[i].tokens.end;
        if end < words.len() && words[end] == "(" {
            let next = by_start
                .get(&(end + 1))
                .and_then(|js| js.iter().copied().find(|&j| j > i));
            if let Some(j) = next {
                if ms[j].tokens.end < words.len()
                    && words[ms[j].tokens.end] == ")"
                    && ms[j].entity_type != EntityType::Person
                {
                    if let Some(cj) = of[j] {
                        merges.push((ci, cj));
                    }
                }
            }
        }
        if is_acronym(&ms[i].words) {
            let acr = &ms[i].words[0];
            let found = by_initials
                .get(acr)
                .and_then(|cs| cs.iter().copied().find(|&c| c != ci));
            if let Some(cj) = found {
                merges.push((cj, ci));
            }
        }
    }
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    for (a, b) in merges {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[rb] = ra;
        }
    }
    for c in 0..clusters.len() {
        let r = root(&mut parent, c);
        if r != c {
            let moved = std::mem::take(&mut clusters[c].mentions);
            clusters[r].mentions.extend(moved);
        }
    }
    for c in &mut clusters {
        c.mentions.sort_by_key(|&k| ms[k].span);
        if let Some(k) = canonical(ms, &c.mentions) {
            c.name = ms[k].words.clone();
            c.text = ms[k].text.clone();
            // Merged names ("DPRK" with "Democratic People's Republic of
            // Korea") take the type of their fullest form.
            c.entity_type = ms[k].entity_type;
        }
    }
    clusters
}

/// Union-find root with path halving.
fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The fullest form: most words, then most frequent, then first seen;
/// all-caps forms (headlines, acronyms) lose to mixed-case ones.
fn canonical(ms: &[NameMention], mentions: &[usize]) -> Option<usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for &k in mentions {
        *counts.entry(ms[k].words.join(" ")).or_default() += 1;
    }
    mentions
        .iter()
        .max_by_key(|&&k| {
            let m = &ms[k];
            let text = m.words.join(" ");
            let shouting = text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
                && text.len() > 6;
            (
                !shouting,
                m.words.len(),
                counts[&text],
                std::cmp::Reverse(m.span),
            )
        })
        .copied()
}
