//! What the event coders emit: the actors they find and the events they
//! code, before the stage adds dates, tables and spans. Its own module
//! because both coders (verbs in [`super::coder`], nouns in
//! [`super::nominal`]) and the stage read them, and the coders must not
//! import each other.

/// An actor found for a clause.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Actor {
    pub code: String,
    pub name: String,
    pub tok: usize,
}

/// An event before the stage adds dates, tables and spans.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawEvent {
    pub verb: usize,
    pub source: Actor,
    pub target: Option<Actor>,
    pub code: String,
    pub pattern: String,
    /// The reporting verb this event was said with, if any.
    pub reported_by: Option<usize>,
    pub negated: bool,
}

impl RawEvent {
    /// An asserted event of verb (or event noun) `verb`, said by no one;
    /// every rule that emits an event starts here, so the defaults are
    /// written once.
    pub fn new(
        verb: usize,
        source: Actor,
        target: Option<Actor>,
        code: String,
        pattern: String,
    ) -> RawEvent {
        RawEvent {
            verb,
            source,
            target,
            code,
            pattern,
            reported_by: None,
            negated: false,
        }
    }
}
