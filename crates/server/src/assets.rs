//! The page's files, compiled into the binary.
//!
//! Files are looked up by exact name in a fixed table, never joined onto a
//! directory path, so `../` or an encoded slash in a request can only miss.
//! Nothing is fetched from elsewhere at run time: the world outline is a
//! generated SVG (`assets/gen-world.mjs` documents its public-domain source).

use crate::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// (name, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "charts.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/charts.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/style.css"),
    ),
    (
        "world.svg",
        "image/svg+xml",
        include_bytes!("../assets/world.svg"),
    ),
];

const INDEX: &[u8] = include_bytes!("../assets/index.html");
const OPENAPI: &[u8] = include_bytes!("../assets/openapi.json");

fn file(content_type: &'static str, bytes: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            // Assets change with the binary, not with time: revalidate.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    )
        .into_response()
}

pub async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX)
}

pub async fn openapi() -> Response {
    file("application/json", OPENAPI)
}

pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, ct, bytes)| file(ct, bytes))
        .ok_or_else(|| ApiError::not_found(format!("no asset named '{name}'")))
}
