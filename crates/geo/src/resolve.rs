//! The geocoding stage: candidates → gazetteer entries → `doc.places`.
//!
//! Scores are additive and documented where they are set. The prior makes a
//! country name beat any homonym (a country is 100, a first-order division
//! 45, a city 8·log10(population) plus 25 for a capital), so "Georgia" is
//! the country unless a pairing like "Atlanta, Georgia" says otherwise, and
//! "Washington" is the US capital rather than the state or an English town.
//!
//! [`run`] is a fixed sequence of steps, each a function below: candidates
//! (capitalized runs, in [`runs`], and the entity layer's place mentions),
//! the article's context, each candidate's sense, one sense per name,
//! containers for places the gazetteer lacks, and the places.

use crate::gazetteer::{name_key, Gazetteer, NameRef, PlaceKind};
use crate::scan::{self, Cut, Word};
use newsgraph_doc::{Document, EntityType, MentionKind, Place, Span, Warning};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

mod runs;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// A GPE/LOC/FAC/NORP mention from the entity layer.
    Entity(EntityType),
    /// A capitalized run matched against the gazetteer.
    Run,
}

#[derive(Clone, Debug)]
struct Cand {
    /// The place words, without a possessive or hyphen suffix.
    span: Span,
    origin: Origin,
    /// Gazetteer entries the words may name, exact-case forms checked.
    refs: Vec<NameRef>,
    locative: bool,
    single_word: bool,
    sentence_initial: bool,
    cut: Cut,
    /// A place the gazetteer lacks ("Khasan Station"), kept with a container.
    /// The index is a candidate to prefer as container ("Russia's Far East").
    unresolved: Option<Option<usize>>,
    /// Bonus per entry from a neighbouring qualifier ("Atlanta, Georgia").
    paired: Vec<u32>,
    /// Entries sharing a country with a sense of a coordinated neighbour
    /// ("Mendoza and San Juan": both Argentine).
    coordinated: Vec<u32>,
    /// Inside an organization or event name the entity layer found
    /// ("Durham University", "Cannes Film Festival").
    held: bool,
    /// Right after "Name, " ("Vinita, OK"): the slot of a qualifier.
    after_name_comma: bool,
}

/// How often each word of the article is written in lower case, and
/// capitalized mid-sentence, by its lower-case form.
type CaseCounts<'t> = HashMap<Cow<'t, str>, (usize, usize)>;

/// Resolves place mentions in `doc` and replaces `doc.places` with them:
/// candidates from capitalized runs and the entity layer, context from the
/// countries and divisions the article names plainly, each candidate's
/// best sense, one sense per name, containers for places the gazetteer
/// lacks, and the places with their mentions.
pub fn run(doc: &mut Document, gaz: &Gazetteer) {
    let text: &str = &doc.article.text;
    let ws = scan::words(text);
    let case_counts = word_case_counts(text, &ws);
    let names = EntityNames::of(doc);
    let cands = candidates(text, &ws, gaz, &names);
    let context = article_context(gaz, &cands);
    let (mut resolved, memo) = resolve_each(text, gaz, &cands, &context, &case_counts);
    one_sense_per_name(text, &cands, &memo, &mut resolved);
    let containers = containers(doc, gaz, &cands, &resolved);
    let (places, warnings) = places_of(text, gaz, &cands, &resolved, &containers);
    doc.places = places;
    doc.warnings.retain(|w| w.kind != "place_contained");
    doc.warnings.extend(warnings);
}

/// How often each word is written in lower case, and capitalized
/// mid-sentence: "reading" beside "Reading" is a common word. Most words
/// are lower-case ASCII already: those borrow the text.
fn word_case_counts<'t>(text: &'t str, ws: &[Word]) -> CaseCounts<'t> {
    let mut counts: CaseCounts = HashMap::new();
    for w in ws {
        let word = &text[w.span.range()];
        let key = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        };
        let entry = counts.entry(key).or_default();
        if !w.capitalized {
            entry.0 += 1;
        } else if !w.sentence_initial {
            entry.1 += 1;
        }
    }
    counts
}

/// The entity layer's names, by what they do to place candidates.
struct EntityNames {
    /// GPE, LOC, FAC and NORP mentions: candidates of their own.
    places: Vec<(Span, EntityType)>,
    /// Person names: they veto the run matches inside them ("Michael
    /// Jordan").
    vetoes: SpanIndex,
    /// Other names (organizations, events): they may hold a place ("Boston
    /// Red Sox", "University of Texas", "The New York Times"), which is a
    /// place mention, as GUM annotates it, and the words around it do not
    /// make it part of another name.
    holders: SpanIndex,
}

impl EntityNames {
    fn of(doc: &Document) -> EntityNames {
        let text = doc.text();
        let mut vetoes: Vec<Span> = Vec::new();
        let mut holders: Vec<Span> = Vec::new();
        let mut places: Vec<(Span, EntityType)> = Vec::new();
        for e in &doc.entities {
            for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                match e.entity_type {
                    EntityType::Gpe | EntityType::Loc | EntityType::Fac | EntityType::Norp => {
                        places.push((m.span, e.entity_type))
                    }
                    EntityType::Person => vetoes.push(m.span),
                    _ => holders.push(m.span),
                }
            }
        }
        // A one-word "person" that the entity layer also calls a place
        // elsewhere in the article ("Łódź", "Tiberias") is the place.
        let place_keys: HashSet<String> = places
            .iter()
            .filter(|(_, t)| *t != EntityType::Norp)
            .filter_map(|(s, _)| text.get(s.range()))
            .map(name_key)
            .collect();
        vetoes.retain(|v| {
            let surface = text.get(v.range()).unwrap_or("");
            surface.contains(' ') || !place_keys.contains(&name_key(surface))
        });
        EntityNames {
            places,
            vetoes: SpanIndex::new(vetoes),
            holders: SpanIndex::new(holders),
        }
    }
}

/// Every candidate, sorted by span, with qualifier pairs marked: run
/// matches outside person names, and the entity layer's place mentions.
fn candidates(text: &str, ws: &[Word], gaz: &Gazetteer, names: &EntityNames) -> Vec<Cand> {
    let mut cands = runs::run_candidates(text, ws, gaz, &names.holders);
    add_entity_candidates(text, ws, gaz, &names.places, &mut cands);
    cands.retain(|c| c.origin != Origin::Run || !names.vetoes.any_overlaps(c.span));
    cands.sort_by_key(|c| (c.span.start, c.span.end));
    pair_qualifiers(text, gaz, &mut cands);
    pair_coordinated(text, gaz, &mut cands);
    cands
}

/// The countries and first-order divisions an article names plainly: they
/// favour senses inside them.
#[derive(Default)]
struct Context {
    countries: HashSet<u16>,
    admin1: HashSet<(u16, String)>,
}

/// Pass 1: the countries and divisions the candidates name on their own
/// (each one's best sense without context). A single capitalized word
/// that reads as a division gives no context: it is as often a surname
/// ("Georgia", "Victoria") as the place.
fn article_context(gaz: &Gazetteer, cands: &[Cand]) -> Context {
    let mut ctx = Context::default();
    for c in cands.iter().filter(|c| c.unresolved.is_none()) {
        if let Some((e, _)) = best(gaz, c, &HashSet::new(), &HashSet::new()) {
            let entry = &gaz.entries[e as usize];
            match (entry.kind, entry.country) {
                (PlaceKind::Country, Some(k)) => {
                    ctx.countries.insert(k);
                }
                (PlaceKind::Admin1, Some(k)) if !c.single_word || c.origin != Origin::Run => {
                    ctx.countries.insert(k);
                    ctx.admin1.insert((k, entry.adm1.clone()));
                }
                _ => {}
            }
        }
    }
    ctx
}

/// Pass 2: each candidate's sense in context, if good enough to keep; a
/// name resolved earlier keeps its sense unless this mention carries its
/// own qualifier ("Athens" then "Athens, Georgia"). Returns the sense per
/// candidate and the sense kept per name.
fn resolve_each(
    text: &str,
    gaz: &Gazetteer,
    cands: &[Cand],
    ctx: &Context,
    case_counts: &CaseCounts,
) -> (Vec<Option<u32>>, HashMap<String, u32>) {
    let mut resolved: Vec<Option<u32>> = vec![None; cands.len()];
    let mut memo: HashMap<String, u32> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        if c.unresolved.is_some() {
            continue;
        }
        let key = name_key(&text[c.span.range()]);
        let pick = match memo.get(&key) {
            Some(&e) if c.paired.is_empty() => Some((e, f64::MAX)),
            _ => best(gaz, c, &ctx.countries, &ctx.admin1),
        };
        if let Some((e, _)) = pick {
            let w = first_word(&text[c.span.range()]);
            if accept(gaz, c, e, &ctx.countries, &ctx.admin1, case_counts, w) {
                resolved[i] = Some(e);
                memo.insert(key, e);
            }
        }
    }
    (resolved, memo)
}

/// One sense per article: a mention the rules rejected on its own
/// (sentence-initial "York", a small town without a preposition) is kept
/// when another mention of the same name was accepted.
fn one_sense_per_name(
    text: &str,
    cands: &[Cand],
    memo: &HashMap<String, u32>,
    resolved: &mut [Option<u32>],
) {
    for (i, c) in cands.iter().enumerate() {
        if resolved[i].is_some() || c.unresolved.is_some() {
            continue;
        }
        let key = name_key(&text[c.span.range()]);
        if let Some(&e) = memo.get(&key) {
            let w = first_word(&text[c.span.range()]);
            if c.refs.iter().any(|r| r.entry == e) && !scan::is_stop_capital(w) {
                resolved[i] = Some(e);
            }
        }
    }
}

/// Where each place the gazetteer lacks is located: the candidate it
/// prefers ("Russia's Far East"), else the nearest resolved place in its
/// sentence, else the article's most mentioned country. `None` for the
/// other candidates.
fn containers(
    doc: &Document,
    gaz: &Gazetteer,
    cands: &[Cand],
    resolved: &[Option<u32>],
) -> Vec<Option<u32>> {
    let mut country_counts: HashMap<u16, usize> = HashMap::new();
    for e in resolved.iter().flatten() {
        if let Some(k) = gaz.entries[*e as usize].country {
            *country_counts.entry(k).or_default() += 1;
        }
    }
    let top_country = country_counts
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
        .and_then(|(k, _)| gaz.country_entry_index(*k));
    let mut containers: Vec<Option<u32>> = vec![None; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let Some(hint) = c.unresolved else { continue };
        let window = sentence_window(doc, c.span.start);
        let hinted = hint.and_then(|h| resolved.get(h).copied().flatten());
        // `cands` is sorted by start: only those starting inside the window
        // can lie in it.
        let lo = cands.partition_point(|o| o.span.start < window.start);
        let hi = cands.partition_point(|o| o.span.start <= window.end);
        let nearest = cands[lo..hi]
            .iter()
            .enumerate()
            .map(|(j, o)| (lo + j, o))
            .filter(|(j, o)| resolved[*j].is_some() && window.contains(o.span))
            .filter(|(_, o)| !c.span.contains(o.span))
            .min_by_key(|(_, o)| distance(c.span, o.span))
            .and_then(|(j, _)| resolved[j]);
        containers[i] = hinted.or(nearest).or(top_country);
    }
    containers
}

/// The places, one per gazetteer entry (or per name, for places the
/// gazetteer lacks) with all their mentions, in order of first mention;
/// and a `place_contained` warning for each place the gazetteer lacks.
fn places_of(
    text: &str,
    gaz: &Gazetteer,
    cands: &[Cand],
    resolved: &[Option<u32>],
    containers: &[Option<u32>],
) -> (Vec<Place>, Vec<Warning>) {
    let mut places: Vec<Place> = Vec::new();
    let mut by_entry: HashMap<u32, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if let Some(e) = resolved[i] {
            let idx = *by_entry.entry(e).or_insert_with(|| {
                places.push(place_of(gaz, e, gaz.entries[e as usize].name.clone()));
                places.len() - 1
            });
            places[idx].mentions.push(c.span);
        } else if c.unresolved.is_some() {
            let name = text[c.span.range()].to_string();
            let idx = match by_name.get(&name) {
                Some(&idx) => idx,
                None => {
                    let (place, warning) =
                        contained_place(gaz, name.clone(), containers[i], c.span);
                    warnings.push(warning);
                    places.push(place);
                    by_name.insert(name, places.len() - 1);
                    places.len() - 1
                }
            };
            places[idx].mentions.push(c.span);
        }
    }
    for p in &mut places {
        p.mentions.sort();
        p.mentions.dedup();
    }
    places.sort_by_key(|p| p.mentions.first().copied());
    (places, warnings)
}

/// A place the gazetteer lacks, located at its container, with the
/// warning that says so. The container's id and feature would claim the
/// wrong place: it is named as the container instead.
fn contained_place(
    gaz: &Gazetteer,
    name: String,
    container: Option<u32>,
    span: Span,
) -> (Place, Warning) {
    let mut p = match container {
        Some(k) => place_of(gaz, k, name.clone()),
        None => Place {
            name: name.clone(),
            ..Place::default()
        },
    };
    p.contained_in = p.geonames_id.take();
    p.feature_class = None;
    p.feature_code = None;
    let within = container
        .and_then(|k| gaz.entry(k))
        .map_or("nothing the article names".to_string(), |e| e.name.clone());
    let warning = Warning::new(
        "place_contained",
        format!("{name}: not in the gazetteer; located at {within}"),
        vec![span],
    );
    (p, warning)
}

/// Spans sorted by start with the running maximum of their ends, so "does
/// any of them overlap / contain this span" is a binary search instead of a
/// scan of them all.
struct SpanIndex {
    spans: Vec<Span>,
    /// `max_end[k]`: the largest end among `spans[..=k]`.
    max_end: Vec<u32>,
}

impl SpanIndex {
    fn new(mut spans: Vec<Span>) -> SpanIndex {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0u32, |m, s| {
                *m = (*m).max(s.end);
                Some(*m)
            })
            .collect();
        SpanIndex { spans, max_end }
    }
    /// Some span overlaps `x` (`Span::overlaps`).
    fn any_overlaps(&self, x: Span) -> bool {
        let k = self.spans.partition_point(|s| s.start < x.end);
        k > 0 && self.max_end[k - 1] > x.start
    }
    /// Some span contains `x` (`Span::contains`).
    fn any_contains(&self, x: Span) -> bool {
        let k = self.spans.partition_point(|s| s.start <= x.start);
        k > 0 && self.max_end[k - 1] >= x.end
    }
    /// Some span starting at `start` contains `x`.
    fn any_contains_from(&self, start: u32, x: Span) -> bool {
        let lo = self.spans.partition_point(|s| s.start < start);
        self.spans[lo..]
            .iter()
            .take_while(|s| s.start == start)
            .any(|s| s.start <= x.start && x.end <= s.end)
    }
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

fn distance(a: Span, b: Span) -> u32 {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

fn sentence_window(doc: &Document, pos: u32) -> Span {
    let inside = |s: &Span| s.start <= pos && pos < s.end;
    // Sentences are in text order and do not overlap: the one holding `pos`
    // is the last starting at or before it (a linear search stays as the
    // fallback should that ever not hold).
    let k = doc.sentences.partition_point(|s| s.span.start <= pos);
    k.checked_sub(1)
        .map(|k| doc.sentences[k].span)
        .filter(inside)
        .or_else(|| doc.sentences.iter().map(|s| s.span).find(inside))
        .or_else(|| doc.article.paragraphs.iter().copied().find(inside))
        .unwrap_or(Span::new(0, doc.article.text.len()))
}

fn place_of(gaz: &Gazetteer, e: u32, name: String) -> Place {
    let Some(entry) = gaz.entry(e) else {
        return Place {
            name,
            ..Place::default()
        };
    };
    let geo = gaz.gdelt_geo(entry);
    let some = |s: String| (!s.is_empty()).then_some(s);
    Place {
        name,
        country: entry
            .country
            .and_then(|k| gaz.country(k))
            .map(|c| c.iso3.clone()),
        lat: Some(entry.lat),
        lon: Some(entry.lon),
        geonames_id: Some(entry.geonames_id),
        mentions: Vec::new(),
        feature_class: Some(entry.feature_class.to_string()),
        feature_code: some(entry.feature_code.clone()),
        fips: some(geo.country),
        adm1: some(geo.adm1),
        contained_in: None,
    }
}

/// The prior of an entry for a name, before context.
fn prior(gaz: &Gazetteer, r: &NameRef) -> f64 {
    let e = &gaz.entries[r.entry as usize];
    let base = match e.kind {
        PlaceKind::Country => 100.0,
        PlaceKind::Continent => 90.0,
        // The population term (the division's towns, see gen_gazetteer.py)
        // only breaks ties between homonymous divisions (Florida, US, over
        // Florida, Puerto Rico).
        PlaceKind::Admin1 => 40.0 + 1.5 * ((e.population + 10) as f64).log10(),
        PlaceKind::City => {
            let bonus = match e.feature_code.as_str() {
                "PPLC" => 25.0,
                "PPLA" => 8.0,
                "PPLA2" => 3.0,
                _ => 0.0,
            };
            8.0 * ((e.population + 10) as f64).log10() + bonus
        }
    };
    // Alternate spellings are weaker evidence than the main name.
    base - if r.primary { 0.0 } else { 12.0 }
}

/// The best entry for a candidate, with its score.
fn best(
    gaz: &Gazetteer,
    c: &Cand,
    ctx_countries: &HashSet<u16>,
    ctx_admin1: &HashSet<(u16, String)>,
) -> Option<(u32, f64)> {
    c.refs
        .iter()
        .filter(|r| {
            // Nationality words name countries, never towns.
            c.origin != Origin::Entity(EntityType::Norp)
                || gaz.entries[r.entry as usize].kind == PlaceKind::Country
        })
        .map(|r| {
            let e = &gaz.entries[r.entry as usize];
            let mut s = prior(gaz, r);
            if let Some(k) = e.country {
                // Small: an article that mentions the US does not make
                // "Rome" or "Geneva" American.
                if e.kind != PlaceKind::Country && ctx_countries.contains(&k) {
                    s += 12.0;
                }
                if e.kind == PlaceKind::City && ctx_admin1.contains(&(k, e.adm1.clone())) {
                    s += 20.0;
                }
            }
            if c.paired.contains(&r.entry) {
                s += 60.0;
            }
            // Weaker than a qualifier: "Paris and London" stay the capitals
            // (the Ontario towns gain too little to overtake them), while
            // "Mendoza and San Juan" puts San Juan in Argentina, not in
            // Puerto Rico, whose capital bonus otherwise wins.
            if c.coordinated.contains(&r.entry) {
                s += 30.0;
            }
            (r.entry, s)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Whether the best entry is good enough to keep. Run candidates (no
/// entity layer behind them) need more: a capitalized word is as often a
/// surname or a company as a town.
fn accept(
    gaz: &Gazetteer,
    c: &Cand,
    e: u32,
    ctx_countries: &HashSet<u16>,
    ctx_admin1: &HashSet<(u16, String)>,
    lower: &HashMap<Cow<str>, (usize, usize)>,
    first: &str,
) -> bool {
    let Some(r) = c.refs.iter().find(|r| r.entry == e) else {
        return true; // Memoized sense from an earlier mention.
    };
    let entry = &gaz.entries[e as usize];
    let in_context = entry.country.is_some_and(|k| ctx_countries.contains(&k));
    let in_division = entry
        .country
        .is_some_and(|k| ctx_admin1.contains(&(k, entry.adm1.clone())));
    let qualified = c.paired.contains(&e);
    // Postal codes ("PA", "OK", "IN") are common words and initials: only a
    // qualifier ("Tulsa, OK") makes one a state.
    if r.exact_case && !r.primary && entry.kind == PlaceKind::Admin1 {
        let letters = first.chars().filter(|ch| ch.is_alphabetic()).count();
        if c.single_word && letters <= 2 && !qualified && !c.after_name_comma {
            return false;
        }
    }
    let from_run = c.origin == Origin::Run;
    if from_run && c.single_word {
        if scan::is_stop_capital(first) {
            return false;
        }
        // "Reading", "Nice", "Mobile": a word the article also writes in
        // lower case is a common word.
        let (n_lower, n_capital) = lower
            .get(first.to_lowercase().as_str())
            .copied()
            .unwrap_or((0, 0));
        if entry.kind != PlaceKind::Country && n_lower > 0 && n_lower >= n_capital {
            return false;
        }
    }
    match entry.kind {
        PlaceKind::Country | PlaceKind::Continent => true,
        PlaceKind::Admin1 => {
            !from_run || r.primary || qualified || in_context || c.held || c.after_name_comma
        }
        PlaceKind::City => {
            let pop = entry.population;
            match (from_run, r.primary) {
                // The entity layer's "place" may be a mistyped surname
                // ("Kim" is also a town in India): a foreign small town
                // needs the article's context or a preposition.
                (false, true) => {
                    pop >= 100_000 || in_context || in_division || qualified || c.locative
                }
                (false, false) => pop >= 100_000 || in_context || qualified,
                (true, true) => {
                    let floor = if c.sentence_initial && c.single_word {
                        300_000
                    } else {
                        100_000
                    };
                    pop >= floor
                        || c.locative
                        || qualified
                        || c.cut == Cut::Hyphen
                        || in_division
                        || (c.held && (pop >= 100_000 || in_context))
                }
                (true, false) => {
                    pop >= 1_000_000 || (in_context && (c.locative || qualified || pop >= 100_000))
                }
            }
        }
    }
}

fn lookup(gaz: &Gazetteer, surface: &str) -> Vec<NameRef> {
    let key = name_key(surface);
    let mut refs: Vec<NameRef> = gaz
        .lookup(&key)
        .iter()
        .filter(|r| !r.exact_case || surface.chars().all(|c| !c.is_lowercase()))
        .copied()
        .collect();
    // "U.S" before a sentence's full stop lost its last dot to it.
    // One dot at most: a surface that already ends in a dot ("U..") would
    // otherwise grow a dot per call without end.
    if refs.is_empty()
        && surface.len() >= 3
        && !surface.ends_with('.')
        && surface.as_bytes()[surface.len() - 2] == b'.'
    {
        return lookup(gaz, &format!("{surface}."));
    }
    // Plural nationality words: "Russians", "North Koreans".
    if refs.is_empty() && key.len() > 4 && key.ends_with('s') {
        refs = gaz
            .lookup(&key[..key.len() - 1])
            .iter()
            .filter(|r| gaz.entries[r.entry as usize].kind == PlaceKind::Country)
            .copied()
            .collect();
    }
    refs
}

/// Adds the entity layer's place mentions: a mention the runs already
/// matched is marked as the entity's, one they did not is looked up whole,
/// and one the gazetteer lacks is kept as an unresolved place.
fn add_entity_candidates(
    text: &str,
    ws: &[Word],
    gaz: &Gazetteer,
    entity_places: &[(Span, EntityType)],
    cands: &mut Vec<Cand>,
) {
    // The candidates by (start, end, index), and the longest one's length:
    // a candidate overlapping `span` starts at most that far before it.
    let mut by_start: BTreeSet<(u32, u32, usize)> = cands
        .iter()
        .enumerate()
        .map(|(k, c)| (c.span.start, c.span.end, k))
        .collect();
    let mut max_len = cands
        .iter()
        .map(|c| c.span.end.saturating_sub(c.span.start))
        .max()
        .unwrap_or(0);
    for &(span, ty) in entity_places {
        let Some(surface) = text.get(span.range()) else {
            continue;
        };
        // Only a candidate that is the whole mention becomes the entity's:
        // "Khasan" inside the facility "Khasan Station" stays a run match.
        let whole = |c: &Cand| {
            let gap = |a: u32, b: u32| {
                text.get(a as usize..b as usize).is_some_and(|g| {
                    g.is_empty() || g == "the " || g == "The " || g == "'s" || g == "\u{2019}s"
                })
            };
            gap(span.start, c.span.start) && gap(c.span.end, span.end)
        };
        let mut inside: Vec<usize> = by_start
            .range((span.start, 0, 0)..=(span.end, u32::MAX, usize::MAX))
            .filter(|&&(_, _, k)| span.contains(cands[k].span))
            .map(|&(_, _, k)| k)
            .collect();
        inside.sort_unstable();
        if !inside.is_empty() {
            for k in inside {
                if cands[k].unresolved.is_none() && whole(&cands[k]) {
                    cands[k].origin = Origin::Entity(ty);
                }
            }
            continue;
        }
        let overlapped = span.end > 0
            && by_start
                .range((span.start.saturating_sub(max_len), 0, 0)..(span.end, 0, 0))
                .any(|&(_, _, k)| cands[k].span.overlaps(span));
        if overlapped {
            continue;
        }
        let (core, cut) = scan::core_of(
            surface
                .trim_start_matches("the ")
                .trim_start_matches("The "),
        );
        let offset = surface.len()
            - surface
                .trim_start_matches("the ")
                .trim_start_matches("The ")
                .len();
        let core_span = Span::new(
            span.start as usize + offset,
            span.start as usize + offset + core.len(),
        );
        let refs = lookup(gaz, core);
        // Words are in text order.
        let k =
            Some(ws.partition_point(|w| w.span.start < core_span.start)).filter(|&k| k < ws.len());
        let locative = k.is_some_and(|k| k > 0 && scan::is_locative(&text[ws[k - 1].span.range()]));
        // The entity layer's "places" the gazetteer lacks are kept when the
        // words say place: a preposition before ("in Khasan") or a place
        // noun ("Khasan Station"). Interjections and brand names it mistypes
        // ("Mhm", "Skittles") are not.
        let placey = locative || core.split_whitespace().any(scan::is_place_noun);
        let unresolved = (refs.is_empty() && ty != EntityType::Norp && placey).then_some(None);
        if refs.is_empty() && unresolved.is_none() {
            continue;
        }
        by_start.insert((core_span.start, core_span.end, cands.len()));
        max_len = max_len.max(core_span.end.saturating_sub(core_span.start));
        cands.push(Cand {
            span: core_span,
            origin: Origin::Entity(ty),
            refs,
            locative,
            single_word: !core.contains(' '),
            sentence_initial: false,
            cut,
            unresolved,
            paired: Vec::new(),
            coordinated: Vec::new(),
            held: false,
            after_name_comma: false,
        });
    }
}

/// Indices `i` of candidates that, with candidate `i - 1`, are both places
/// the gazetteer may know and are separated by words `gap_ok` accepts
/// (trimmed): the neighbours the pairing passes below look at.
fn neighbours_with_gap(text: &str, cands: &[Cand], gap_ok: impl Fn(&str) -> bool) -> Vec<usize> {
    (1..cands.len())
        .filter(|&i| {
            let (a, b) = (&cands[i - 1], &cands[i]);
            let gap = text
                .get(a.span.end as usize..b.span.start as usize)
                .unwrap_or("");
            gap_ok(gap.trim()) && a.unresolved.is_none() && b.unresolved.is_none()
        })
        .collect()
}

/// "Atlanta, Georgia", "Vladivostok, Russia": when a place is followed by a
/// comma and a division or country that contains it, both readings get a
/// bonus.
fn pair_qualifiers(text: &str, gaz: &Gazetteer, cands: &mut [Cand]) {
    for i in neighbours_with_gap(text, cands, |gap| gap == ",") {
        let (a, b) = (&cands[i - 1], &cands[i]);
        let mut pa = Vec::new();
        let mut pb = Vec::new();
        for ra in &a.refs {
            let ea = &gaz.entries[ra.entry as usize];
            for rb in &b.refs {
                let eb = &gaz.entries[rb.entry as usize];
                let contains = ea.country.is_some()
                    && ea.country == eb.country
                    && ra.entry != rb.entry
                    && match eb.kind {
                        PlaceKind::Country => ea.kind != PlaceKind::Country,
                        PlaceKind::Admin1 => ea.kind == PlaceKind::City && ea.adm1 == eb.adm1,
                        _ => false,
                    };
                if contains {
                    pa.push(ra.entry);
                    pb.push(rb.entry);
                }
            }
        }
        cands[i - 1].paired.extend(pa);
        cands[i].paired.extend(pb);
    }
}

/// Places joined by "and" / "or" are usually in one country: marks, for
/// each of two coordinated candidates, the senses that share a country
/// with some sense of the other, both cities or divisions (not countries:
/// "Chile and Argentina" needs no help, and a country would make every
/// town of it a match).
fn pair_coordinated(text: &str, gaz: &Gazetteer, cands: &mut [Cand]) {
    let joined = |gap: &str| matches!(gap, "and" | "or" | ", and" | ", or");
    for i in neighbours_with_gap(text, cands, joined) {
        let (a, b) = (&cands[i - 1], &cands[i]);
        let local = |r: &crate::gazetteer::NameRef| {
            let e = &gaz.entries[r.entry as usize];
            matches!(e.kind, PlaceKind::City | PlaceKind::Admin1).then_some(e.country)
        };
        let mut pa = Vec::new();
        let mut pb = Vec::new();
        for ra in &a.refs {
            let Some(Some(ka)) = local(ra) else { continue };
            for rb in &b.refs {
                if local(rb) == Some(Some(ka)) && ra.entry != rb.entry {
                    pa.push(ra.entry);
                    pb.push(rb.entry);
                }
            }
        }
        cands[i - 1].coordinated.extend(pa);
        cands[i].coordinated.extend(pb);
    }
}

#[cfg(test)]
mod tests;
