//! The read-only JSON routes. Each handler checks its parameters
//! ([`Params`], [`parse_event_query`]) into a typed filter of the store,
//! then calls the store's typed read on a pooled connection in tokio's
//! blocking pool and sends the record it returns ([`newsgraph_store::rows`])
//! as it is. Offsets in every response are the character offsets of the
//! JSON contract (`docs/json-contract.md`), as the store keeps them.

use crate::filter::{event_order, parse_event_query, Params, EVENT_KEYS, PAGE_KEYS};
use crate::{ApiError, AppState};
use axum::extract::{Path, State};
use axum::Json;
use newsgraph_dict::cameo::CameoTable;
use newsgraph_store::rows::{
    ArticleDetail, ArticlePage, CodeList, CorpusEntityList, EntityProfile, EventPage, Network,
    PlaceList, Stats, Timeline,
};
use newsgraph_store::{
    ArticleSearch, ArticleSort, EntityFilter, EntityWanted, PlaceQuery, Store, StoreError,
};

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Runs `f` on a pooled connection off the async threads; a store error is
/// a 500 whose detail goes to stderr only.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store, &CameoTable) -> Result<T, StoreError> + Send + 'static,
) -> ApiResult<T> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        state.pool().with(|store| {
            f(store, state.cameo()).map_err(|e| ApiError::internal("database query", e))
        })
    })
    .await
    .map_err(|e| ApiError::internal("query task", e))?
    .map(Json)
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("no such route; see /api/openapi.json")
}

/// Row counts, the date range and the sources, for the page's header and
/// filter menus.
pub async fn stats(State(state): State<AppState>, p: Params) -> ApiResult<Stats> {
    p.check_known(&[])?;
    blocking(&state, |store, _| store.stats()).await
}

/// The CAMEO codes and PLOVER event types present, with labels, for the
/// filter menus.
pub async fn codes(State(state): State<AppState>, p: Params) -> ApiResult<CodeList> {
    p.check_known(&[])?;
    blocking(&state, |store, cameo| store.codes(cameo)).await
}

const ARTICLE_KEYS: &[&str] = &["q", "source", "tag", "from", "to", "sort"];

/// Article search: full text (`q`, in the syntax of
/// `newsgraph_store::search`: words, "phrases", OR/NOT, NEAR), `source`,
/// `tag` and a publication date range; best match first with `q`, else
/// newest first, unless `sort` (relevance, newest, oldest) says otherwise.
pub async fn articles(State(state): State<AppState>, p: Params) -> ApiResult<ArticlePage> {
    p.check_known(&[ARTICLE_KEYS, PAGE_KEYS])?;
    let words = match p.text("q")? {
        Some(q) => search_words(&q)?,
        None => Vec::new(),
    };
    let (limit, offset) = p.page(50)?;
    let sort = p
        .get("sort")
        .map(ArticleSort::parse)
        .transpose()
        .and_then(|s| ArticleSort::resolve(s, !words.is_empty()).map(Some))
        .map_err(|e| ApiError::bad(format!("'sort': {e}")))?;
    let search = ArticleSearch {
        words,
        sort,
        source: p.text("source")?,
        tag: p.text("tag")?,
        from: p.date("from")?,
        to: p.date("to")?,
        limit,
        offset,
    };
    blocking(&state, move |store, _| store.article_page(&search)).await
}

/// The search split at whitespace, at most 32 pieces, checked here so a
/// malformed one (an unclosed quote, `OR` without a term after it) is a
/// 400 saying why.
fn search_words(q: &str) -> Result<Vec<String>, ApiError> {
    let words: Vec<String> = q.split_whitespace().take(32).map(str::to_string).collect();
    newsgraph_store::search::fts_query(&words.join(" "))
        .map_err(|e| ApiError::bad(format!("'q': {e}")))?;
    Ok(words)
}

/// One article with its text and every layer, spans in character offsets.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<ArticleDetail> {
    p.check_known(&[])?;
    if id.len() > 64 {
        return Err(ApiError::bad("article id too long"));
    }
    let wanted = id.clone();
    let found = blocking(&state, move |store, cameo| store.article(&wanted, cameo)).await?;
    found
        .0
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no article with id '{id}'")))
}

/// Events with every filter, a sort and a page; `total` counts all matches.
pub async fn events(State(state): State<AppState>, p: Params) -> ApiResult<EventPage> {
    p.check_known(&[EVENT_KEYS, PAGE_KEYS, &["sort"]])?;
    let q = parse_event_query(&p)?;
    let order = event_order(&p)?;
    let (limit, offset) = p.page(100)?;
    blocking(&state, move |store, cameo| {
        store.events(&q, order, limit, offset, cameo)
    })
    .await
}

/// Events per day under the event filters, split into cooperative
/// (QuadClass 1–2) and conflictual (3–4), with the mean Goldstein score.
pub async fn timeline(State(state): State<AppState>, p: Params) -> ApiResult<Timeline> {
    p.check_known(&[EVENT_KEYS])?;
    let q = parse_event_query(&p)?;
    blocking(&state, move |store, cameo| store.timeline(&q, cameo)).await
}

/// The dyad network under the event filters: one edge per (source, target)
/// with its count and mean Goldstein score, the `limit` busiest edges; nodes
/// are the actor codes on them, labelled with the name most often coded so.
pub async fn network(State(state): State<AppState>, p: Params) -> ApiResult<Network> {
    p.check_known(&[EVENT_KEYS, &["limit"]])?;
    let q = parse_event_query(&p)?;
    let limit = p.number("limit", 100, crate::filter::MAX_LIMIT)?.max(1);
    blocking(&state, move |store, cameo| store.network(&q, limit, cameo)).await
}

/// Quotes across articles (who said what): `speaker` and `mentions` (an
/// entity named inside the quote) are name parts, `q` words of the quote,
/// `from`/`to` the publication dates; newest first, a page at a time — or
/// with `format=csv` or `format=parquet` every match as a download (the
/// page's Quotes view links to both with its filters).
pub async fn quotes(
    State(state): State<AppState>,
    p: Params,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    p.check_known(&[
        &["speaker", "mentions", "q", "from", "to", "format"],
        PAGE_KEYS,
    ])?;
    let format = p.get("format").unwrap_or("json").to_string();
    if !["json", "csv", "parquet"].contains(&format.as_str()) {
        return Err(ApiError::bad(format!(
            "'format' must be json, csv or parquet, got '{format}'"
        )));
    }
    let (limit, offset) = p.page(100)?;
    let download = format != "json";
    let q = newsgraph_store::QuoteQuery {
        speaker: p.text("speaker")?,
        mentions: p.text("mentions")?,
        search: p.text("q")?,
        from: p.date("from")?,
        to: p.date("to")?,
        // A download is every match, whatever the page on screen.
        limit: if download { i64::MAX as usize } else { limit },
        offset: if download { 0 } else { offset },
    };
    let Json(page) = blocking(&state, move |store, _| store.quotes(&q)).await?;
    if !download {
        return Ok(Json(page).into_response());
    }
    let mut out = Vec::new();
    let (content_type, name) = if format == "csv" {
        newsgraph_export::quotes::write_csv(&page.quotes, &mut out)
            .map_err(|e| ApiError::internal("quotes csv", e))?;
        ("text/csv; charset=utf-8", "newsgraph.quotes.csv")
    } else {
        match newsgraph_export::quotes::write_parquet(&page.quotes, &mut out) {
            Ok(()) => {}
            Err(newsgraph_export::ExportError::FeatureMissing(f)) => {
                return Err(ApiError::bad(format!(
                    "{f} output is not built into this binary"
                )))
            }
            Err(e) => return Err(ApiError::internal("quotes parquet", e)),
        }
        ("application/vnd.apache.parquet", "newsgraph.quotes.parquet")
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        out,
    )
        .into_response())
}

const PLACE_KEYS: &[&str] = &["q", "country", "from", "to", "article"];

/// Places with their mention, article and event counts; `from`/`to` filter
/// on the articles' publication dates.
pub async fn places(State(state): State<AppState>, p: Params) -> ApiResult<PlaceList> {
    p.check_known(&[PLACE_KEYS, &["limit"]])?;
    let q = PlaceQuery {
        name: p.text("q")?,
        country: p.text("country")?.map(|c| c.to_ascii_uppercase()),
        from: p.date("from")?,
        to: p.date("to")?,
        article: p.text("article")?,
        limit: p.number("limit", 500, 5000)?.max(1),
    };
    blocking(&state, move |store, _| store.places(&q)).await
}

/// Corpus entities (one per real-world actor across articles and
/// spellings) by a spelling's substring, type and actor-code prefix,
/// most-covered first, a page at a time.
pub async fn entities(State(state): State<AppState>, p: Params) -> ApiResult<CorpusEntityList> {
    p.check_known(&[&["name", "type", "actor"], PAGE_KEYS])?;
    let (limit, offset) = p.page(100)?;
    let filter = EntityFilter {
        name: p.text("name")?,
        entity_type: p.entity_type("type")?,
        actor: p.text("actor")?,
        limit: Some(limit),
    };
    blocking(&state, move |store, _| {
        store.query_entities(&filter, offset)
    })
    .await
}

/// One entity across articles — a corpus entity by `key`, or one name as
/// written by `name` (and `type`): its codes and roles, the articles naming
/// it, its mentions in context, the quotes attributed to it, and the
/// events whose evidence mentions it, with a per-day timeline of those
/// events.
pub async fn entity(State(state): State<AppState>, p: Params) -> ApiResult<EntityProfile> {
    p.check_known(&[&["key", "name", "type"], PAGE_KEYS])?;
    let wanted = match (p.text("key")?, p.text("name")?) {
        (Some(key), None) => EntityWanted::Key(key),
        (None, Some(name)) => EntityWanted::Name {
            name,
            entity_type: p.entity_type("type")?,
        },
        (Some(_), Some(_)) => return Err(ApiError::bad("give 'key' or 'name', not both")),
        (None, None) => return Err(ApiError::bad("'key' or 'name' is required")),
    };
    // Articles, mentions and quotes come a page at a time; n_articles,
    // n_mentions and n_quotes say how many there are, so a cut list says so.
    let page = p.page(200)?;
    let what = match &wanted {
        EntityWanted::Key(k) => format!("no entity with key '{k}'"),
        EntityWanted::Name { name, .. } => format!("no entity named '{name}'"),
    };
    let found = blocking(&state, move |store, cameo| {
        store.entity_profile(&wanted, page, cameo)
    })
    .await?;
    found.0.map(Json).ok_or_else(|| ApiError::not_found(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_capped_and_required() {
        let many = vec!["w"; 40].join(" ");
        assert_eq!(search_words(&many).unwrap().len(), 32);
        assert!(search_words("   ").is_err());
    }
}
