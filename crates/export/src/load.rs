//! Reads what an export needs through the store ([`Store::export_articles`])
//! and applies the filter. Offsets in the store are character offsets
//! already.

use crate::ExportFilter;
use newsgraph_store::Store;

pub use newsgraph_store::export_rows::{ArticleRec, EventRec, PlaceRec};

/// Articles matching the filter, with their layers. With an actor, code or
/// event-set filter, only matching events are kept and articles without any
/// dropped.
pub fn load(store: &Store, f: &ExportFilter) -> newsgraph_store::Result<Vec<ArticleRec>> {
    let mut arts = store.export_articles(f.source.as_deref())?;
    // Event filters: dates on the event (else the article), actor prefix, code.
    let in_range = |d: Option<&str>| {
        let d = d.unwrap_or("");
        f.from.as_deref().is_none_or(|from| d >= from) && f.to.as_deref().is_none_or(|to| d <= to)
    };
    let event_filtered =
        f.actor.is_some() || f.code.is_some() || f.events.is_some() || f.min_confidence.is_some();
    for a in &mut arts {
        let published = a.published.clone();
        let id = a.id.clone();
        a.events.retain(|e| {
            if let Some(keys) = &f.events {
                // HashSet<(String, i64)> is looked up by an owned key.
                if !keys.contains(&(id.clone(), e.idx)) {
                    return false;
                }
            }
            let actor_ok = f.actor.as_deref().is_none_or(|p| {
                e.source.as_deref().is_some_and(|s| s.starts_with(p))
                    || e.target.as_deref().is_some_and(|t| t.starts_with(p))
            });
            let code_ok = f.code.as_deref().is_none_or(|c| {
                if c.len() == 2 {
                    e.root_code == c
                } else {
                    e.code == c
                }
            });
            // Compared at the two decimals stored: a stored 0.3 passes a
            // minimum of 0.3.
            let sure = f.min_confidence.is_none_or(|m| {
                e.confidence
                    .is_some_and(|c| c >= newsgraph_store::confidence_decimal(m))
            });
            actor_ok && code_ok && sure && in_range(e.date.as_deref().or(published.as_deref()))
        });
    }
    arts.retain(|a| {
        (!event_filtered || !a.events.is_empty())
            && (f.from.is_none() && f.to.is_none()
                || !a.events.is_empty()
                || in_range(a.published.as_deref()))
    });
    Ok(arts)
}
