//! Place candidates from capitalized word runs: the longest gazetteer
//! names inside each run, and the rules that extend a match to its
//! designator, mark it as held by an organization's name, drop it as part
//! of another name, or add a place the gazetteer lacks ("Russia's Far
//! East", "Khasan Station"). Split from the parent module, which adds the
//! entity layer's own place mentions and resolves them all.

use super::{lookup, Cand, Origin, SpanIndex};
use crate::gazetteer::{Gazetteer, NameRef, PlaceKind};
use crate::scan::{self, Cut, Word};
use newsgraph_doc::Span;

/// The longest name looked up, in words ("Bosnia and Herzegovina", "Saint
/// Vincent and the Grenadines" fit): longer spans are never names and cost
/// a look-up each.
const MAX_NAME_WORDS: usize = 6;

/// Capitalized runs and the longest gazetteer names inside them; `holders`
/// are non-person names (organizations, events) a place may sit in.
pub(super) fn run_candidates(
    text: &str,
    ws: &[Word],
    gaz: &Gazetteer,
    holders: &SpanIndex,
) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].capitalized {
            i += 1;
            continue;
        }
        // Extend the run over capitalized words and inner connectors.
        let mut end = i + 1;
        while end < ws.len() && ws[end - 1].joined_to_next {
            let w = &text[ws[end].span.range()];
            let next_cap = ws.get(end + 1).is_some_and(|n| n.capitalized) && ws[end].joined_to_next;
            if ws[end].capitalized || (scan::is_connector(w) && next_cap) {
                end += 1;
            } else {
                break;
            }
        }
        let run = Run {
            text,
            ws,
            start: i,
            end,
            gaz,
            holders,
        };
        run.match_into(&mut out);
        i = end;
    }
    out
}

/// One capitalized run, words `ws[start..end]`, with what matching it reads.
struct Run<'a> {
    text: &'a str,
    ws: &'a [Word],
    start: usize,
    end: usize,
    gaz: &'a Gazetteer,
    holders: &'a SpanIndex,
}

/// A gazetteer name found in a run, from a word up to word `end` (excluded).
struct NameMatch {
    end: usize,
    /// The name's words, without a possessive or hyphen suffix.
    span: Span,
    cut: Cut,
    refs: Vec<NameRef>,
}

impl Cand {
    /// A run candidate the gazetteer lacks, to be located at `container`
    /// (a candidate index) or at a place near it.
    fn unresolved_run(span: Span, container: Option<usize>) -> Cand {
        Cand {
            span,
            origin: Origin::Run,
            refs: Vec::new(),
            locative: false,
            single_word: false,
            sentence_initial: false,
            cut: Cut::None,
            unresolved: Some(container),
            paired: Vec::new(),
            coordinated: Vec::new(),
            held: false,
            after_name_comma: false,
        }
    }
}

impl Run<'_> {
    fn word(&self, k: usize) -> &str {
        &self.text[self.ws[k].span.range()]
    }

    /// Adds the run's candidates to `out`, in these steps: the longest
    /// names left to right, each with its designator; a region after a
    /// possessive ends the run; matches glued to other capitalized words
    /// are dropped; a run ending in a place noun adds the site it names.
    fn match_into(&self, out: &mut Vec<Cand>) {
        let run_first = out.len();
        let mut i = self.start;
        while i < self.end {
            let Some(m) = self.longest_name_at(i) else {
                i += 1;
                continue;
            };
            out.push(self.name_candidate(i, &m));
            if m.cut == Cut::Possessive {
                if let Some(region) = self.region_after(m.end, out.len() - 1) {
                    out.push(region);
                    return;
                }
            }
            i = m.end;
        }
        self.drop_glued(out, run_first);
        if let Some(site) = self.site(out, run_first) {
            out.push(site);
        }
    }

    /// The longest gazetteer name starting at word `i`, of capitalized
    /// words (a connector may sit inside: "Bosnia and Herzegovina"). A
    /// possessive or hyphen suffix may only end a match.
    fn longest_name_at(&self, i: usize) -> Option<NameMatch> {
        if !self.ws[i].capitalized {
            return None;
        }
        for j in (i + 1..=self.end.min(i + MAX_NAME_WORDS)).rev() {
            if j - 1 > i && !self.ws[j - 1].capitalized {
                continue;
            }
            let inner_cut = (i..j - 1).any(|k| scan::core_of(self.word(k)).1 != Cut::None);
            if inner_cut {
                continue;
            }
            for (core_len, cut) in self.spellings_of_last(j - 1) {
                let span = Span::new(
                    self.ws[i].span.start as usize,
                    self.ws[j - 1].span.start as usize + core_len,
                );
                let refs = lookup(self.gaz, &self.text[span.range()]);
                if !refs.is_empty() {
                    return Some(NameMatch {
                        end: j,
                        span,
                        cut,
                        refs,
                    });
                }
            }
        }
        None
    }

    /// How much of word `k`, the last of a name, to look up, in the order
    /// tried: with a following dot ("Wis.", "Okla." keep theirs), whole
    /// when hyphenated ("Bourg-la-Reine" is a name before
    /// "Washington-based" is a cut), and without its suffix.
    fn spellings_of_last(&self, k: usize) -> Vec<(usize, Cut)> {
        let last = self.word(k);
        let (core, cut) = scan::core_of(last);
        let dotted = cut == Cut::None
            && self.text.as_bytes().get(self.ws[k].span.end as usize) == Some(&b'.');
        let mut tries: Vec<(usize, Cut)> = Vec::with_capacity(2);
        if dotted {
            tries.push((last.len() + 1, Cut::None));
        }
        if cut == Cut::Hyphen {
            tries.push((last.len(), Cut::None));
        }
        tries.push((core.len(), cut));
        tries
    }

    /// The first word of the name starting at word `i`, with its
    /// designator: "Republic of Albania", "the State of Texas", "People's
    /// Republic of China" name the place as a whole.
    fn designator_start(&self, i: usize) -> usize {
        if i >= self.start + 2 && self.word(i - 1) == "of" && scan::is_designator(self.word(i - 2))
        {
            let first = i - 2;
            if first > self.start && scan::is_designator_adjective(self.word(first - 1)) {
                return first - 1;
            }
            return first;
        }
        i
    }

    /// The candidate for a name found at word `i`.
    fn name_candidate(&self, i: usize, m: &NameMatch) -> Cand {
        let ws = self.ws;
        let first = self.designator_start(i);
        let span = if first < i {
            Span::new(ws[first].span.start as usize, m.span.end as usize)
        } else {
            m.span
        };
        // "Vinita, OK": right after a capitalized word and a comma is the
        // slot of a qualifier.
        let after_name_comma = first > 0
            && ws[first - 1].capitalized
            && self
                .text
                .get(ws[first - 1].span.end as usize..ws[first].span.start as usize)
                == Some(", ");
        Cand {
            span,
            origin: Origin::Run,
            refs: m.refs.clone(),
            locative: i > 0 && scan::is_locative(self.word(i - 1)),
            single_word: m.end == i + 1 && first == i,
            sentence_initial: ws[first].sentence_initial,
            cut: m.cut,
            unresolved: None,
            paired: Vec::new(),
            coordinated: Vec::new(),
            held: self.is_held(span, first),
            after_name_comma,
        }
    }

    /// Whether the name at `span` (first word `first`) sits in an
    /// organization's or event's name. A place leads such a name ("Durham
    /// University") or follows "of" in it ("University of Texas"); other
    /// words there are the name's own: in "University of Texas" the word
    /// before "of" heads the name and is not the place.
    fn is_held(&self, span: Span, first: usize) -> bool {
        let (text, holders) = (self.text, self.holders);
        text.get(span.end as usize..)
            .is_some_and(|r| !r.starts_with(" of "))
            && if first > self.start && self.word(first - 1) == "of" {
                holders.any_contains(span)
            } else {
                holders.any_contains_from(span.start, span)
                    || span.start >= 4
                        && text
                            .get(span.start as usize - 4..span.start as usize)
                            .is_some_and(|g| g == "The " || g == "the ")
                        && holders.any_contains_from(span.start - 4, span)
            }
    }

    /// "Russia's Far East": after a possessive place, the rest of the run
    /// (from word `from`) is a region inside it when it holds a region word
    /// and is no gazetteer name; it is located at candidate `container`.
    fn region_after(&self, from: usize, container: usize) -> Option<Cand> {
        if from >= self.end {
            return None;
        }
        let rest: Vec<&str> = (from..self.end).map(|k| self.word(k)).collect();
        if !rest.iter().any(|w| scan::is_region_word(w))
            || !lookup(self.gaz, &rest.join(" ")).is_empty()
        {
            return None;
        }
        let span = Span::new(
            self.ws[from].span.start as usize,
            self.ws[self.end - 1].span.end as usize,
        );
        Some(Cand::unresolved_run(span, Some(container)))
    }

    /// A run of two words or more ending in a place noun names a site
    /// after the place it is in ("Fort Lee Historic Park", "Isfahan
    /// International Airport").
    fn ends_in_place_noun(&self) -> bool {
        self.end - self.start >= 2 && scan::is_place_noun(self.word(self.end - 1))
    }

    /// Drops this run's matches (those from `out[run_first..]`) glued to
    /// other capitalized words: "Stimson Centre", "Michael Jordan",
    /// "Eastern Economic Forum" are parts of other names.
    fn drop_glued(&self, out: &mut Vec<Cand>, run_first: usize) {
        let keep: Vec<bool> = out[run_first..].iter().map(|c| !self.is_glued(c)).collect();
        let mut n = 0;
        out.retain(|_| {
            let k = n < run_first || keep[n - run_first];
            n += 1;
            k
        });
    }

    /// Whether match `c` is part of a longer capitalized name. A match held
    /// by an organization's name is the place inside it, not glued.
    /// Nationality words and country names may lead a longer name
    /// ("Russian Foreign Ministry" still mentions Russia), towns may not;
    /// big places lead team and paper names ("Boston Red Sox", "Washington
    /// Post"), which still place the story, small ones are surnames. In a
    /// run ending in a place noun the place before the noun is a mention
    /// of its own ("Isfahan International Airport").
    fn is_glued(&self, c: &Cand) -> bool {
        let (ws, start, end) = (self.ws, self.start, self.end);
        if c.unresolved.is_some() || self.holders.any_contains(c.span) {
            return false;
        }
        let Some(a) = ws[start..end]
            .iter()
            .position(|w| w.span.start == c.span.start)
            .map(|k| k + start)
        else {
            return false;
        };
        let b = (a..end)
            .find(|&k| ws[k].span.end >= c.span.end)
            .unwrap_or(a);
        let glued = |k: usize| {
            let w = self.word(k);
            ws[k].capitalized && !scan::is_stop_capital(w) && !scan::is_locative(w)
        };
        let all_countries = c.refs.iter().all(|r| {
            let e = &self.gaz.entries[r.entry as usize];
            r.primary
                && (e.kind == PlaceKind::Country
                    || (e.kind == PlaceKind::City && e.population >= 250_000))
        });
        let before = a > start && glued(a - 1);
        let after = b + 1 < end
            && c.cut == Cut::None
            && !self.ends_in_place_noun()
            && !all_countries
            && glued(b + 1)
            && !scan::is_place_noun(self.word(b + 1));
        before || after
    }

    /// "Khasan Station", "Vladivostok Airport": a run ending in a place
    /// noun is a site, from its first word that is not a stop capital,
    /// located at the first of the run's matches inside it.
    fn site(&self, out: &[Cand], run_first: usize) -> Option<Cand> {
        if !self.ends_in_place_noun() {
            return None;
        }
        let f = (self.start..self.end - 1).find(|&k| !scan::is_stop_capital(self.word(k)))?;
        let inner = out[run_first..]
            .iter()
            .position(|c| c.span.start >= self.ws[f].span.start);
        let span = Span::new(
            self.ws[f].span.start as usize,
            self.ws[self.end - 1].span.end as usize,
        );
        Some(Cand::unresolved_run(span, inner.map(|p| p + run_first)))
    }
}
