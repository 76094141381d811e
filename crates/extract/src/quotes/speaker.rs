//! Who can speak, and whom a speaker phrase names.
//!
//! [`is_valid`] decides whether the words in a speaker slot can name someone
//! who speaks: a person, a group of people, an organization, a country or
//! capital speaking as its government, a document that states something
//! ("the report"), or a description of one of these. Places used as
//! locations, dates, abstract nouns and fragments ("and", "Firstly", "his",
//! "the deal") cannot.
//!
//! [`resolve`] turns a valid phrase into the speaker: the entity it
//! overlaps; for a pronoun, the person it agrees with in gender, the
//! paragraph's current speaker first; for a definite description ("the
//! prime minister", "the 52-year-old"), the person the article gave that
//! role, else the person it is talking about.

use crate::cues;
use newsgraph_doc::{words, Document, EntityType, MentionKind, Quote, Span, Upos};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
}

/// First names given to one sex in ≥ 95 % of US births (SSA, public domain;
/// `data/gazetteers/first_names_sex.tsv`).
const FIRST_NAME_SEXES: &str = include_str!("../../../../data/gazetteers/first_names_sex.tsv");

fn first_name_gender(name: &str) -> Option<Gender> {
    static TABLE: OnceLock<HashMap<&'static str, Gender>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        FIRST_NAME_SEXES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (n, s) = l.split_once('\t')?;
                Some((
                    n,
                    if s.trim() == "F" {
                        Gender::Female
                    } else {
                        Gender::Male
                    },
                ))
            })
            .collect()
    });
    table.get(name).copied()
}

/// The gender a pronoun, honorific or gendered noun states.
fn word_gender(w: &str) -> Option<Gender> {
    let l = w.to_ascii_lowercase();
    let l = l.trim_end_matches('.');
    match l {
        "he" | "him" | "his" | "himself" | "mr" | "sir" | "lord" | "king" | "prince" | "duke"
        | "father" | "son" | "brother" | "husband" | "man" | "boy" | "uncle" | "grandfather"
        | "emperor" | "sultan" | "earl" | "baron" | "count" | "monsieur" | "herr" => {
            Some(Gender::Male)
        }
        "she" | "her" | "hers" | "herself" | "mrs" | "ms" | "miss" | "dame" | "lady" | "queen"
        | "princess" | "duchess" | "mother" | "daughter" | "sister" | "wife" | "woman" | "girl"
        | "aunt" | "grandmother" | "empress" | "countess" | "baroness" | "madame" | "frau"
        | "actress" => Some(Gender::Female),
        _ if l.ends_with("woman") || l.ends_with("women") => Some(Gender::Female),
        _ if l.ends_with("man") && l.len() > 5 && !l.ends_with("human") => Some(Gender::Male),
        _ => None,
    }
}

/// The gender of entity `e` as the article shows it: an honorific before
/// one of its names, a gendered role ("spokeswoman"), its first name, or
/// the first personal pronoun after its first name when no other person
/// comes between.
pub(crate) fn entity_gender(doc: &Document, e: usize) -> Option<Gender> {
    let ent = &doc.entities[e];
    if ent.entity_type != EntityType::Person {
        return None;
    }
    for m in ent.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let first = doc.tokens.partition_point(|t| t.span.start < m.span.start);
        if let Some(g) = first
            .checked_sub(1)
            .and_then(|i| word_gender(doc.token_text(i)))
        {
            return Some(g);
        }
    }
    for r in &ent.roles {
        if let Some(g) = r.split_whitespace().find_map(word_gender) {
            return Some(g);
        }
    }
    if let Some(g) = ent
        .name
        .split_whitespace()
        .find(|w| !words::HONORIFICS.contains(&w.to_ascii_lowercase().trim_end_matches('.')))
        .and_then(first_name_gender)
    {
        return Some(g);
    }
    // "Novelist Ama Owusu won the prize for her book": the pronoun right
    // after the only person named so far in the sentence.
    let m = ent.mentions.iter().find(|m| m.kind == MentionKind::Name)?;
    let after = doc.tokens.partition_point(|t| t.span.start < m.span.end);
    let sent = doc.sentence_of_token(after.saturating_sub(1))?;
    let end = (doc.sentences[sent].token_end as usize).min(after + 15);
    for i in after..end {
        let w = doc.token_text(i);
        if person_mention_at(doc, doc.tokens[i].span) {
            return None;
        }
        if matches!(
            w.to_ascii_lowercase().as_str(),
            "he" | "his" | "him" | "she" | "her"
        ) {
            return word_gender(w);
        }
    }
    None
}

fn person_mention_at(doc: &Document, span: Span) -> bool {
    doc.entities.iter().any(|e| {
        e.entity_type == EntityType::Person
            && e.mentions
                .binary_search_by(|m| {
                    if m.span.end <= span.start {
                        std::cmp::Ordering::Less
                    } else if m.span.start >= span.end {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok()
    })
}

/// Nouns that name people, groups, organizations or the documents they
/// speak through, beyond the role list of the gazetteer (singular forms;
/// plurals are found by stripping their ending).
const SPEAKER_NOUNS: &[&str] = &[
    // people
    "person",
    "people",
    "man",
    "woman",
    "men",
    "women",
    "boy",
    "girl",
    "child",
    "children",
    "resident",
    "citizen",
    "voter",
    "worker",
    "employee",
    "staff",
    "member",
    "parent",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "family",
    "relative",
    "friend",
    "neighbour",
    "neighbor",
    "witness",
    "survivor",
    "victim",
    "passenger",
    "driver",
    "farmer",
    "fisherman",
    "teacher",
    "doctor",
    "nurse",
    "student",
    "patient",
    "protester",
    "protestor",
    "demonstrator",
    "supporter",
    "critic",
    "opponent",
    "fan",
    "trader",
    "merchant",
    "shopkeeper",
    "vendor",
    "investor",
    "shareholder",
    "landlord",
    "tenant",
    "buyer",
    "seller",
    "customer",
    "consumer",
    "user",
    "viewer",
    "reader",
    "source",
    "insider",
    "monitor",
    "inspector",
    "investigator",
    "soldier",
    "troops",
    "fighter",
    "rebel",
    "militant",
    "guard",
    "pilot",
    "crew",
    "defendant",
    "plaintiff",
    "suspect",
    "prisoner",
    "detainee",
    "refugee",
    "migrant",
    "organiser",
    "organizer",
    "volunteer",
    "rescuer",
    "firefighter",
    "paramedic",
    "engineer",
    "banker",
    "broker",
    "dealer",
    "chair",
    "chairperson",
    "co-founder",
    "host",
    "presenter",
    "anchor",
    "pundit",
    "pollster",
    "sponsor",
    "backer",
    "donor",
    "partner",
    "mp",
    "mps",
    "lawmaker",
    "politician",
    "candidate",
    "challenger",
    "aide",
    "adviser",
    "leader",
    "head",
    "chief",
    "boss",
    "official",
    "officer",
    "authority",
    "spokesperson",
    "colleague",
    "counterpart",
    "player",
    "manager",
    "coach",
    "referee",
    "athlete",
    "winner",
    "owner",
    "founder",
    "creator",
    "designer",
    "artist",
    "musician",
    "singer",
    "actor",
    "director",
    "producer",
    "writer",
    "novelist",
    "poet",
    "author",
    "journalist",
    "reporter",
    "editor",
    "expert",
    "analyst",
    "economist",
    "scientist",
    "researcher",
    "academic",
    "professor",
    "lecturer",
    "historian",
    "lawyer",
    "attorney",
    "judge",
    "prosecutor",
    "minister",
    "secretary",
    "senator",
    "governor",
    "mayor",
    "president",
    "premier",
    "chancellor",
    "ambassador",
    "envoy",
    "diplomat",
    "negotiator",
    "mediator",
    "delegate",
    "commissioner",
    "general",
    "commander",
    "admiral",
    "colonel",
    "captain",
    "sergeant",
    "detective",
    "constable",
    "sheriff",
    "bishop",
    "priest",
    "imam",
    "rabbi",
    "pope",
    "cleric",
    "monarch",
    "king",
    "queen",
    "prince",
    "princess",
    "ruler",
    "regime",
    "junta",
    // organizations and institutions
    "government",
    "administration",
    "ministry",
    "department",
    "office",
    "agency",
    "bureau",
    "commission",
    "committee",
    "council",
    "court",
    "tribunal",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "cabinet",
    "army",
    "military",
    "navy",
    "force",
    "forces",
    "police",
    "service",
    "bank",
    "company",
    "firm",
    "group",
    "business",
    "corporation",
    "conglomerate",
    "manufacturer",
    "operator",
    "airline",
    "carrier",
    "insurer",
    "lender",
    "retailer",
    "supplier",
    "developer",
    "club",
    "team",
    "federation",
    "league",
    "association",
    "union",
    "party",
    "campaign",
    "movement",
    "coalition",
    "alliance",
    "organisation",
    "organization",
    "foundation",
    "charity",
    "institute",
    "university",
    "school",
    "hospital",
    "embassy",
    "consulate",
    "mission",
    "delegation",
    "board",
    "panel",
    "network",
    "broadcaster",
    "newspaper",
    "paper",
    "outlet",
    "magazine",
    "daily",
    "channel",
    "watchdog",
    "regulator",
    "exchange",
    "fund",
    "trust",
    "side",
    "camp",
    "prosecution",
    "defence",
    "defense",
    "opposition",
    "authorities",
    "statistics",
    "body",
    "agency's",
    "observatory",
    "ngo",
    "industry",
    "sector",
    "unions",
    "utility",
    "platform",
    "startup",
    "giant",
    "state",
    "country",
    "nation",
    "city",
    "town",
    "village",
    "province",
    "region",
    "municipality",
];

/// Documents and statements, which speak for their authors ("the report
/// said") when a determiner or a modifier says which one.
const DOCUMENT_NOUNS: &[&str] = &[
    "statement",
    "report",
    "study",
    "survey",
    "poll",
    "document",
    "draft",
    "letter",
    "memo",
    "filing",
    "complaint",
    "lawsuit",
    "indictment",
    "ruling",
    "judgment",
    "verdict",
    "website",
    "post",
    "tweet",
    "message",
    "notice",
    "release",
    "data",
    "figures",
    "estimate",
    "estimates",
    "analysis",
    "assessment",
    "review",
    "audit",
    "forecast",
    "research",
    "findings",
    "communique",
    "communiqué",
    "declaration",
    "resolution",
    "bulletin",
    "note",
    "report's",
    "record",
    "records",
    "minutes",
    "transcript",
    "testimony",
    "affidavit",
];

/// Is `w` (any case) a noun that names a speaker? Plurals and the agent
/// suffixes "-ist", "-ian", "-maker" count.
fn is_speaker_noun(w: &str, gaz: &Gazetteer) -> bool {
    let l = w.to_lowercase();
    let l = l.trim_end_matches("'s").trim_end_matches("’s");
    let singular = [
        l.strip_suffix("ies").map(|s| format!("{s}y")),
        l.strip_suffix("es").map(str::to_string),
        l.strip_suffix('s').map(str::to_string),
    ];
    let is = |x: &str| {
        SPEAKER_NOUNS.contains(&x)
            || DOCUMENT_NOUNS.contains(&x)
            || gaz.flags(&[x]) & (list::ROLE | list::TITLE) != 0
            || x.ends_with("ist")
            || x.ends_with("ian")
            || x.ends_with("maker")
            || x.ends_with("person")
            || x.ends_with("-old")
            || word_gender(x).is_some_and(|_| !matches!(x, "her" | "his" | "him" | "he" | "she"))
    };
    is(l) || singular.iter().flatten().any(|s| is(s))
}

/// "Reports", "Studies", "Estimates": a document noun in the plural.
fn is_bare_document_plural(w: &str) -> bool {
    let l = w.to_lowercase();
    if !l.ends_with('s') {
        return false;
    }
    if DOCUMENT_NOUNS.contains(&l.as_str()) {
        return true;
    }
    let singular = [
        l.strip_suffix("ies").map(|s| format!("{s}y")),
        l.strip_suffix('s').map(str::to_string),
    ];
    singular
        .iter()
        .flatten()
        .any(|s| DOCUMENT_NOUNS.contains(&s.as_str()))
}

/// Words after which a speaker phrase's head has ended: "a spokesman *for*
/// the union", "officials *familiar* with the talks".
fn ends_head(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "of" | "for"
            | "at"
            | "in"
            | "from"
            | "with"
            | "who"
            | "whose"
            | "which"
            | "that"
            | "on"
            | "to"
            | "familiar"
            | "close"
            | "seen"
            | "obtained"
            | "published"
            | "released"
            | "issued"
            | "involved"
            | "based"
            | ","
            | "("
            | "–"
            | "—"
    )
}

/// Words that cannot open a speaker phrase: prepositions, conjunctions and
/// sentence adverbs ("In Kharkiv", "During the night", "and", "Firstly").
fn bad_opener(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    (cues::is_adverbial_start(&l) && !matches!(l.as_str(), "asked" | "speaking"))
        || matches!(
            l.as_str(),
            "or" | "nor"
                | "yet"
                | "to"
                | "of"
                | "into"
                | "onto"
                | "upon"
                | "than"
                | "until"
                | "unless"
                | "whether"
                | "despite"
                | "through"
                | "across"
                | "against"
                | "among"
                | "between"
                | "within"
                | "outside"
                | "inside"
                | "near"
                | "about"
                | "over"
                | "amid"
                | "following"
                | "there"
                | "here"
                | "now"
                | "not"
                | "never"
                | "it"
                | "its"
                | "his"
                | "her"
                | "their"
                | "our"
                | "my"
                | "your"
                | "this"
                | "these"
                | "those"
                | "that"
                | "what"
                | "which"
                | "how"
                | "why"
                | "where"
        )
        || (l.len() > 3
            && l.ends_with("ly")
            && !matches!(
                l.as_str(),
                "italy"
                    | "family"
                    | "emily"
                    | "kelly"
                    | "molly"
                    | "sally"
                    | "holly"
                    | "beverly"
                    | "lilly"
            ))
}

/// "the 52-year-old", "a 34-year-old": a person named by their age (the
/// tokenizer splits the hyphens off).
fn is_age(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    l.ends_with("year-old") || l.ends_with("year - old") || l.ends_with("years old")
}

/// Can the words at `span` name someone who speaks?
pub(super) fn is_valid(doc: &Document, span: Span) -> bool {
    let toks = doc.tokens_in(span);
    if toks.is_empty() {
        return false;
    }
    let first = doc.token_text(toks.start);
    let lower = first.to_ascii_lowercase();
    if toks.len() == 1 && matches!(lower.as_str(), "he" | "she" | "they" | "we" | "i") {
        return true;
    }
    // A possessive opens a phrase about something the person has ("His
    // book", "Her statement" is a document, though).
    let possessive = matches!(lower.as_str(), "his" | "her" | "their" | "its" | "our");
    if bad_opener(first) && !possessive {
        return false;
    }
    // An age reads as a duration to the time tagger: "the 27-year-old".
    if is_age(doc.span_text(span)) {
        return !possessive;
    }
    // Mostly a date: "Monday", "Last week".
    if doc.times.iter().any(|t| {
        let o = t
            .span
            .end
            .min(span.end)
            .saturating_sub(t.span.start.max(span.start));
        2 * o as usize >= span.len()
    }) {
        return false;
    }
    if speaker_entity_in(doc, span).is_some() && !possessive {
        return true;
    }

    // The head: the last word before a complement or a clause.
    let mut end = toks.start;
    while end < toks.end && !(end > toks.start && ends_head(doc.token_text(end))) {
        end += 1;
    }
    let gaz = Gazetteer::embedded();
    let Some(head) = (toks.start..end).rev().find(|&i| {
        let w = doc.token_text(i);
        w.chars().any(char::is_alphanumeric) && !matches!(w, "'s" | "’s" | "'" | "’")
    }) else {
        return false;
    };
    let hw = doc.token_text(head);
    // "Reports note that …", "Studies show …": a bare plural document is no
    // one in particular, so nobody to credit.
    if toks.len() == 1 && is_bare_document_plural(hw) {
        return false;
    }
    if is_speaker_noun(hw, gaz) {
        return !possessive || head > toks.start;
    }
    if possessive {
        // "its operator Enerlux": a speaker noun before the name.
        return (toks.start + 1..head).any(|i| is_speaker_noun(doc.token_text(i), gaz));
    }
    // A name the recognizer missed: capitalized, not a function word, a
    // month or a weekday; a proper noun when tagged.
    let tagged = doc.tokens[toks.clone()].iter().any(|t| t.xpos != 0);
    let capital = hw.chars().next().is_some_and(char::is_uppercase);
    let calendar = words::MONTHS
        .iter()
        .chain(words::WEEKDAYS.iter())
        .any(|m| m.eq_ignore_ascii_case(hw));
    capital
        && !calendar
        && !cues::is_function_word(hw)
        && !bad_opener(hw)
        && (!tagged || doc.tokens[head].upos_tag() == Upos::Propn)
}

/// The entity a speaker phrase names, by its mentions: a person named in it
/// ("Republican pollster Bill McInturff") unless only as a complement ("a
/// spokesman for Mr Blair"), or an organization, country or group that
/// makes up most of it ("Washington", "the Kremlin"). Places without a
/// government, facilities and dates never speak.
pub(super) fn speaker_entity_in(doc: &Document, span: Span) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (ei, e) in doc.entities.iter().enumerate() {
        let person = e.entity_type == EntityType::Person;
        if !matches!(
            e.entity_type,
            EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Norp
        ) {
            continue;
        }
        // Mentions are sorted by start: those starting before the phrase
        // ends, walked back only as far as a mention can reach (names and
        // descriptions are far shorter than 1 KiB), instead of every
        // mention per candidate phrase.
        let upto = e.mentions.partition_point(|m| m.span.start < span.end);
        for m in e.mentions[..upto]
            .iter()
            .rev()
            .take_while(|m| m.span.start + 1024 > span.start)
        {
            if !m.span.overlaps(span) {
                continue;
            }
            let lead = doc.span_text(Span {
                start: span.start,
                end: m.span.start.max(span.start),
            });
            // A preposition between capitals belongs to a name ("Bank of
            // Japan Governor Kenji Sato"), not to a complement.
            let lead_words: Vec<&str> = lead.split_whitespace().collect();
            let capital = |k: usize| {
                lead_words
                    .get(k)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
            };
            let as_complement = lead_words.iter().enumerate().any(|(k, w)| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "for" | "of" | "at" | "in" | "from" | "with" | "to" | "who" | "on"
                ) && !(k > 0 && capital(k - 1) && capital(k + 1))
            });
            let covered = m.span.end.min(span.end) - m.span.start.max(span.start);
            // Most of the phrase, or its last words: "its operator Enerlux".
            let most = covered as usize * 10 >= span.len() * 6
                || (m.span.end == span.end && !as_complement && m.span.start > span.start);
            let ok = if person { !as_complement } else { most };
            if !ok {
                continue;
            }
            let score = m.span.len() + if person { 10_000 } else { 0 };
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((ei, score));
            }
        }
    }
    best.map(|(e, _)| e)
}

/// The block (title, standfirst, then each paragraph) holding `pos`, in
/// text order: "the paragraph before" may be the standfirst.
fn block_of(doc: &Document, pos: u32) -> Option<usize> {
    let a = &doc.article;
    let heads = [a.title, a.standfirst];
    if let Some(k) = heads
        .iter()
        .position(|b| b.is_some_and(|b| b.start <= pos && pos < b.end.max(b.start + 1)))
    {
        return Some(k);
    }
    doc.paragraph_of(pos).map(|p| p + 2)
}

/// The person speaking in the paragraph at `pos`: the speaker entity of the
/// last earlier quote in this paragraph or the one before.
fn current_speaker(doc: &Document, pos: u32, earlier: &[&Quote]) -> Option<usize> {
    let para = block_of(doc, pos)?;
    earlier
        .iter()
        .rev()
        .filter(|q| q.span.start < pos)
        .take_while(|q| block_of(doc, q.span.start).is_some_and(|p| p + 1 >= para))
        .find_map(|q| q.speaker_entity)
        .filter(|&e| {
            doc.entities
                .get(e)
                .is_some_and(|x| x.entity_type == EntityType::Person)
        })
}

/// People mentioned before `pos`, the most recently mentioned first, with
/// the start of that mention.
fn people_before(doc: &Document, pos: u32) -> Vec<(usize, u32)> {
    let mut v: Vec<(usize, u32)> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.entity_type == EntityType::Person)
        .filter_map(|(i, e)| {
            let n = e.mentions.partition_point(|m| m.span.start < pos);
            n.checked_sub(1).map(|k| (i, e.mentions[k].span.start))
        })
        .collect();
    v.sort_by_key(|&(_, s)| std::cmp::Reverse(s));
    v
}

/// Names the speaker: the entity a span overlaps, a pronoun's or a
/// description's referent, or the words as written.
pub(super) fn resolve(
    doc: &Document,
    span: Span,
    before: u32,
    earlier: &[&Quote],
) -> (Option<String>, Option<usize>) {
    let text = doc.span_text(span);
    let named = |e: usize| (Some(doc.entities[e].name.clone()), Some(e));
    // "it has been predicted that …": an impersonal source, not a speaker.
    if text.eq_ignore_ascii_case("it") {
        return (None, None);
    }
    let lower = text.to_ascii_lowercase();
    if matches!(lower.as_str(), "he" | "she" | "i") {
        let gender = word_gender(&lower);
        let agrees =
            |e: usize| gender.is_none() || entity_gender(doc, e).is_none_or(|g| Some(g) == gender);
        let people = people_before(doc, before);
        // The paragraph's speaker goes on speaking, unless someone else of
        // the pronoun's gender was named since ("Duarte shook her head.
        // “…,” she said").
        let last_agreeing = people.iter().find(|&&(e, _)| agrees(e)).copied();
        if let Some(cur) = current_speaker(doc, before, earlier).filter(|&e| agrees(e)) {
            let newer = last_agreeing.filter(|&(e, at)| {
                e != cur
                    && earlier
                        .iter()
                        .rev()
                        .find(|q| q.speaker_entity == Some(cur))
                        .is_some_and(|q| at > q.span.end)
            });
            if newer.is_none() {
                return named(cur);
            }
        }
        // An earlier quote's speaker with no entity ("A woman, who lives in
        // the capital, told …") stands for "she" when no person is named
        // after it.
        let prev = earlier
            .iter()
            .rev()
            .find(|q| q.speaker.is_some() && q.span.start < before);
        if let Some(q) = prev {
            let qpos = q.speaker_span.map_or(q.span.start, |s| s.start);
            let desc_gender = q
                .speaker
                .as_deref()
                .and_then(|s| s.split_whitespace().find_map(word_gender));
            let later = last_agreeing.is_none_or(|(_, at)| qpos > at);
            if q.speaker_entity.is_none()
                && later
                && (gender.is_none() || desc_gender.is_none_or(|g| Some(g) == gender))
                && people_before(doc, before)
                    .first()
                    .is_none_or(|&(_, at)| qpos > at)
            {
                return (q.speaker.clone(), None);
            }
        }
        return match last_agreeing {
            Some((e, _)) => named(e),
            None => (None, None),
        };
    }
    if matches!(lower.as_str(), "they" | "we") {
        // A group: the last earlier quote's speaker when it is no person.
        let prev = earlier.iter().rev().find(|q| q.speaker.is_some());
        return match prev {
            Some(q)
                if q.speaker_entity
                    .is_none_or(|e| doc.entities[e].entity_type != EntityType::Person) =>
            {
                (q.speaker.clone(), q.speaker_entity)
            }
            _ => (None, None),
        };
    }
    // A person named right after a title or an organization is the one
    // speaking: "Bank of Japan Governor Kenji Sato".
    if let Some(e) = named_after(doc, span) {
        return named(e);
    }
    if let Some(e) = speaker_entity_in(doc, span) {
        return named(e);
    }
    if let Some(e) = resolve_description(doc, span, before, earlier) {
        return named(e);
    }
    (Some(text.to_string()), None)
}

/// A title or description with the person's name right after it
/// ("Manager | Roberto Sanz", "Ukraine's agriculture minister, Oksana
/// Kravets,"): that person.
fn named_after(doc: &Document, span: Span) -> Option<usize> {
    let toks = doc.tokens_in(span);
    let last = toks.end.checked_sub(1)?;
    let gaz = Gazetteer::embedded();
    let last_span = doc.tokens[last].span;
    // The organization's whole name, which the phrase may end inside
    // ("Bank | of Japan").
    let organization = speaker_entity_in(doc, last_span)
        .filter(|&e| doc.entities[e].entity_type != EntityType::Person)
        .and_then(|e| {
            doc.entities[e]
                .mentions
                .iter()
                .find(|m| m.span.overlaps(last_span))
        })
        .map(|m| doc.tokens.partition_point(|t| t.span.start < m.span.end));
    if organization.is_none() && !is_speaker_noun(doc.token_text(last), gaz) {
        return None;
    }
    let end = organization.unwrap_or(toks.end).max(toks.end);
    let mut k = end;
    let apposed = doc.tokens.get(k).is_some_and(|_| doc.token_text(k) == ",");
    if apposed {
        k += 1;
    } else {
        // Titles between: "Bank of Japan | Governor | Kenji Sato".
        while k < doc.tokens.len()
            && k < end + 3
            && is_speaker_noun(doc.token_text(k), gaz)
            && doc
                .token_text(k)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            k += 1;
        }
    }
    // The name may take the titles in ("Governor Kenji Sato") or not.
    let (e, at) = (end + usize::from(apposed)..=k)
        .filter_map(|j| doc.tokens.get(j).map(|t| t.span))
        .find_map(|at| {
            doc.entities
                .iter()
                .position(|e| {
                    e.entity_type == EntityType::Person
                        && e.mentions
                            .iter()
                            .any(|m| m.kind == MentionKind::Name && m.span.start == at.start)
                })
                .map(|e| (e, at))
        })?;
    // An apposed name closes with a comma or the cue, not a new clause.
    if apposed {
        let m = doc.entities[e]
            .mentions
            .iter()
            .find(|m| m.span.start == at.start)?;
        let after = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        let next = doc.tokens.get(after).map(|t| doc.span_text(t.span));
        if !next
            .is_some_and(|w| w == "," || cues::is_speech_cue(w, doc.tokens[after].lemma.as_str()))
        {
            return None;
        }
    }
    Some(e)
}

/// "the prime minister", "the Peruvian minister", "the 52-year-old": the
/// person the article gave that role (the paragraph's speaker, then the one
/// named last, among several), else, for an age or a role no one holds, the
/// person named last in this paragraph or the one before.
fn resolve_description(
    doc: &Document,
    span: Span,
    before: u32,
    earlier: &[&Quote],
) -> Option<usize> {
    let toks = doc.tokens_in(span);
    if toks.is_empty() {
        return None;
    }
    // Definite: "the" opens the phrase, or stands right before it when the
    // speaker slot left it out.
    let the = |i: usize| doc.token_text(i).eq_ignore_ascii_case("the");
    let first = if the(toks.start) {
        toks.start + 1
    } else if toks.start > 0 && the(toks.start - 1) {
        toks.start
    } else {
        return None;
    };
    let gaz = Gazetteer::embedded();
    let mut end = first;
    while end < toks.end && !(end > first && ends_head(doc.token_text(end))) {
        end += 1;
    }
    if end == first {
        return None;
    }
    let head = doc.token_text(end - 1).to_lowercase();
    let age = is_age(doc.span_text(span));
    if !age && (!is_speaker_noun(&head, gaz) || head.ends_with('s') && !head.ends_with("ss")) {
        return None;
    }
    // A country or nationality in the phrase: "the Peruvian minister".
    let country = (first..end).find_map(|i| {
        let w = [doc.token_text(i)];
        gaz.country_code(&w).map(str::to_string)
    });
    let country_name = country.as_deref().and_then(|c| gaz.country_name(c));
    let people = people_before(doc, before);
    let cur = current_speaker(doc, before, earlier);
    let para = block_of(doc, before);
    let role_holder = |e: usize| {
        doc.entities[e].roles.iter().any(|r| {
            r.to_lowercase()
                .split_whitespace()
                .any(|w| w == head || w.trim_end_matches("'s") == head)
        })
    };
    let with_role: Vec<usize> = people
        .iter()
        .map(|&(e, _)| e)
        .filter(|&e| !age && role_holder(e))
        .filter(|&e| {
            country_name.is_none_or(|c| doc.entities[e].affiliations.iter().any(|a| a == c))
        })
        .collect();
    if let Some(&e) = with_role.iter().find(|&&e| Some(e) == cur) {
        return Some(e);
    }
    if let Some(&e) = with_role.first() {
        return Some(e);
    }
    // Nobody holds the role: the person the passage is about, when named in
    // this paragraph or the one before and not given another role.
    let (e, at) = *people.first()?;
    let near = para.is_some_and(|p| block_of(doc, at).is_some_and(|q| q + 1 >= p));
    let free = age || doc.entities[e].roles.is_empty();
    (near && free).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genders_from_words_and_names() {
        assert_eq!(word_gender("Ms"), Some(Gender::Female));
        assert_eq!(word_gender("spokeswoman"), Some(Gender::Female));
        assert_eq!(word_gender("chairman"), Some(Gender::Male));
        assert_eq!(word_gender("human"), None);
        assert_eq!(first_name_gender("Margaret"), Some(Gender::Female));
        assert_eq!(first_name_gender("Samuel"), Some(Gender::Male));
        assert_eq!(first_name_gender("Jordan"), None);
    }

    #[test]
    fn speaker_nouns_cover_plurals_and_agents() {
        let gaz = Gazetteer::embedded();
        for w in [
            "officials",
            "residents",
            "economist",
            "Historians",
            "carmaker",
            "52-year-old",
            "spokeswoman",
            "ministry",
            "authorities",
            "report",
        ] {
            assert!(is_speaker_noun(w, gaz), "{w}");
        }
        for w in [
            "deal", "code", "book", "charge", "scheme", "night", "larger",
        ] {
            assert!(!is_speaker_noun(w, gaz), "{w}");
        }
    }
}
