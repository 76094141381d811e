//! Word lists for attribution: speech cue verbs and the words that cannot
//! start a name. Written for newsgraph (no public list covers news sourcing
//! well); lemmas are matched when the lemmatizer has run, and inflected forms
//! otherwise, so the lists work on untagged text too.

/// Lemmas of verbs that introduce direct or reported speech in news.
const SPEECH_LEMMAS: &[&str] = &[
    "speak",
    "say",
    "tell",
    "add",
    "note",
    "declare",
    "warn",
    "urge",
    "claim",
    "continue",
    "state",
    "explain",
    "insist",
    "argue",
    "ask",
    "reply",
    "respond",
    "write",
    "announce",
    "confirm",
    "deny",
    "admit",
    "acknowledge",
    "suggest",
    "stress",
    "emphasise",
    "emphasize",
    "remark",
    "comment",
    "observe",
    "predict",
    "promise",
    "pledge",
    "vow",
    "allege",
    "assert",
    "maintain",
    "recall",
    "concede",
    "caution",
    "tweet",
    "post",
    "shout",
    "whisper",
    "joke",
    "complain",
    "report",
    "describe",
    "conclude",
    "reiterate",
    "repeat",
    "contend",
    "counter",
    "retort",
    "quip",
    "boast",
    "proclaim",
    "plead",
    "demand",
    "accuse",
    "charge",
    "point",
];

/// Inflected forms for text without lemmas.
const SPEECH_FORMS: &[&str] = &[
    "spoke",
    "speaks",
    "said",
    "says",
    "saying",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "notes",
    "declared",
    "declares",
    "warned",
    "warns",
    "urged",
    "urges",
    "claimed",
    "claims",
    "continued",
    "continues",
    "stated",
    "states",
    "explained",
    "explains",
    "insisted",
    "insists",
    "argued",
    "argues",
    "asked",
    "asks",
    "replied",
    "replies",
    "responded",
    "wrote",
    "writes",
    "announced",
    "confirmed",
    "denied",
    "admitted",
    "acknowledged",
    "suggested",
    "stressed",
    "emphasised",
    "emphasized",
    "remarked",
    "commented",
    "observed",
    "predicted",
    "promised",
    "pledged",
    "vowed",
    "alleged",
    "asserted",
    "maintained",
    "recalled",
    "conceded",
    "cautioned",
    "tweeted",
    "posted",
    "complained",
    "reported",
    "described",
    "concluded",
    "reiterated",
    "repeated",
    "contended",
    "countered",
    "retorted",
    "boasted",
    "pleaded",
    "demanded",
    "accused",
];

/// Verbs that report speech without quotation marks ("said that …").
const INDIRECT_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "add",
    "note",
    "warn",
    "claim",
    "state",
    "explain",
    "insist",
    "argue",
    "announce",
    "confirm",
    "deny",
    "admit",
    "acknowledge",
    "suggest",
    "stress",
    "predict",
    "promise",
    "pledge",
    "vow",
    "allege",
    "assert",
    "maintain",
    "concede",
    "report",
    "believe",
    "conclude",
    "reiterate",
    "contend",
    "write",
    "tweet",
    "post",
    "find",
    "show",
    "estimate",
    "indicate",
    "reveal",
    "recall",
    "agree",
    "hint",
    "signal",
    "testify",
    "complain",
    "boast",
    "emphasise",
    "emphasize",
    "declare",
    "mention",
    "respond",
    "reply",
    "counter",
    "disclose",
    "observe",
    "caution",
    "speculate",
    "predict",
    "forecast",
    "project",
    "acknowledge",
];

pub fn is_speech_cue(word: &str, lemma: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    if !lemma.is_empty() && SPEECH_LEMMAS.contains(&lemma) {
        return true;
    }
    SPEECH_FORMS.contains(&lower.as_str())
}

pub fn is_indirect_cue(word: &str, lemma: &str) -> bool {
    if !lemma.is_empty() {
        return INDIRECT_LEMMAS.contains(&lemma);
    }
    INDIRECT_FORMS.contains(&word.to_ascii_lowercase().as_str())
}

/// Inflected forms of [`INDIRECT_LEMMAS`], for text without lemmas.
const INDIRECT_FORMS: &[&str] = &[
    "say",
    "says",
    "said",
    "tell",
    "tells",
    "told",
    "added",
    "adds",
    "noted",
    "notes",
    "warned",
    "warns",
    "claimed",
    "claims",
    "stated",
    "explained",
    "insisted",
    "insists",
    "argued",
    "argues",
    "announced",
    "confirmed",
    "denied",
    "admitted",
    "acknowledged",
    "suggested",
    "stressed",
    "predicted",
    "promised",
    "pledged",
    "vowed",
    "alleged",
    "asserted",
    "maintained",
    "conceded",
    "reported",
    "believes",
    "believed",
    "concluded",
    "reiterated",
    "contended",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "found",
    "finds",
    "shows",
    "showed",
    "estimated",
    "estimates",
    "indicated",
    "revealed",
    "recalled",
    "agreed",
    "hinted",
    "signalled",
    "signaled",
    "testified",
    "complained",
    "boasted",
    "emphasised",
    "emphasized",
    "declared",
    "mentioned",
    "responded",
    "replied",
    "countered",
    "disclosed",
    "observed",
    "cautioned",
    "speculated",
    "forecast",
    "projected",
];

/// Cues whose reported content follows a person and a linking word:
/// "accused Y *of* hiding …", "urged Y *to* …", "called on Y *to* …",
/// "warned Y *against* …". Returns the linking word for a cue (by form or
/// lemma).
pub fn object_cue(lower: &str, lemma: &str) -> Option<&'static str> {
    let l = if lemma.is_empty() { lower } else { lemma };
    match l {
        "accuse" | "accused" | "accuses" | "charge" | "charged" | "charges" | "blame"
        | "blamed" | "blames" | "criticise" | "criticised" | "criticize" | "criticized"
        | "praise" | "praised" | "suspect" | "suspected" => Some(
            if matches!(
                l,
                "blame"
                    | "blamed"
                    | "blames"
                    | "criticise"
                    | "criticised"
                    | "criticize"
                    | "criticized"
                    | "praise"
                    | "praised"
            ) {
                "for"
            } else {
                "of"
            },
        ),
        "urge" | "urged" | "urges" | "implore" | "implored" | "ask" | "asked" | "asks"
        | "encourage" | "encouraged" | "advise" | "advised" | "order" | "ordered" | "instruct"
        | "instructed" => Some("to"),
        _ => None,
    }
}

/// Cue verbs that may come before their subject after a quote ("…," said
/// Vargas). "told" is absent: "told reporters" names the listener.
pub fn inverts(lower: &str) -> bool {
    matches!(
        lower,
        "said"
            | "says"
            | "added"
            | "adds"
            | "asked"
            | "wrote"
            | "writes"
            | "continued"
            | "explained"
            | "noted"
            | "replied"
            | "declared"
            | "warned"
            | "insisted"
            | "argued"
            | "recalled"
            | "stated"
            | "responded"
            | "tweeted"
            | "concluded"
            | "observed"
    )
}

/// Words that open a fronted adverbial rather than a subject: "On Monday,",
/// "In a statement,", "However,".
pub fn is_adverbial_start(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "on",
        "in",
        "at",
        "after",
        "before",
        "during",
        "when",
        "while",
        "as",
        "however",
        "but",
        "and",
        "so",
        "then",
        "today",
        "yesterday",
        "tomorrow",
        "later",
        "earlier",
        "last",
        "speaking",
        "asked",
        "meanwhile",
        "also",
        "still",
        "instead",
        "since",
        "for",
        "with",
        "without",
        "by",
        "from",
        "under",
        "if",
        "although",
        "though",
        "because",
    ];
    WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Words that end a speaker phrase after an inverted cue: "said Vargas
/// *in* a statement", "said the minister, *who*…".
pub fn ends_noun_phrase(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "who",
        "which",
        "that",
        "in",
        "on",
        "at",
        "during",
        "when",
        "after",
        "before",
        "to",
        "as",
        "while",
        "adding",
        "saying",
        "and",
        "but",
        "because",
        "since",
        "told",
        "said",
        "yesterday",
        "today",
        "tomorrow",
        "last",
        "this",
        "earlier",
        "later",
    ];
    WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Capitalized words that begin sentences or quotes but never names.
pub fn is_function_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "But",
        "And",
        "Or",
        "In",
        "On",
        "At",
        "As",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "For",
        "So",
        "Yet",
        "What",
        "Who",
        "Why",
        "How",
        "There",
        "Here",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "My",
        "Your",
        "According",
        "Today",
        "Tomorrow",
        "Yesterday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "However",
        "Last",
        "Next",
        "Both",
        "Some",
        "Many",
        "Most",
        "Any",
        "All",
        "Nobody",
        "Everyone",
    ];
    WORDS.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_match_forms_and_lemmas() {
        assert!(is_speech_cue("said", ""));
        assert!(is_speech_cue("Said", ""));
        assert!(is_speech_cue("urged", "urge"));
        assert!(is_speech_cue("continued", "continue"));
        assert!(!is_speech_cue("arrived", "arrive"));
        assert!(is_indirect_cue("said", "say"));
        assert!(!is_indirect_cue("continued", "continue"));
        assert!(is_function_word("The"));
        assert!(!is_function_word("Vargas"));
    }
}
