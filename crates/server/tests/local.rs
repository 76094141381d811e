//! A local server stays local (issue 23, item 8a): requests naming a host
//! other than this server's are refused (DNS rebinding), and every
//! response carries the headers that keep the page from being framed,
//! sniffed or leaking its address.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsgraph_doc::{ArticleBuilder, ArticleJson, Document};
use newsgraph_server::{router, AllowedHosts, AppState};
use newsgraph_store::Store;
use serde_json::Value;
use tower::ServiceExt;

/// A router over a one-article database, answering loopback names, the
/// bound address 127.0.0.1:8080 and `extra`.
fn app(name: &str, extra: &[&str]) -> Router {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-local-test-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let doc = Document::new(
        ArticleBuilder::new("fixture:one")
            .title("One article")
            .paragraph("A short body for the local server test.")
            .build(),
    );
    Store::open(&path)
        .unwrap()
        .ingest(&[ArticleJson::from_document(&doc, true)])
        .unwrap();
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    let hosts = AllowedHosts::new("127.0.0.1:8080".parse().unwrap(), &extra);
    router(AppState::new(&path).unwrap().with_allowed_hosts(hosts))
}

async fn send(app: &Router, uri: &str, host: Option<&str>) -> axum::response::Response {
    let mut req = Request::get(uri);
    if let Some(h) = host {
        req = req.header(header::HOST, h);
    }
    app.clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn issue_23_foreign_host_is_refused_with_a_reason() {
    let app = app("foreign", &[]);
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
    ] {
        for uri in [
            "/",
            "/api/stats",
            "/api/articles",
            "/api/export?format=jsonl",
        ] {
            let res = send(&app, uri, Some(host)).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{host} {uri}");
            let body = res.into_body().collect().await.unwrap().to_bytes();
            let v: Value = serde_json::from_slice(&body).unwrap();
            let msg = v["error"].as_str().unwrap();
            assert!(
                msg.contains("Host") && msg.contains("--allowed-host"),
                "{msg}"
            );
            assert!(!msg.contains('\n'), "one line: {msg}");
        }
    }
}

#[tokio::test]
async fn issue_23_loopback_names_are_served_with_or_without_port() {
    let app = app("loopback", &[]);
    for host in [
        "127.0.0.1",
        "127.0.0.1:8080",
        "localhost",
        "localhost:8080",
        "[::1]",
        "[::1]:8080",
    ] {
        let res = send(&app, "/api/stats", Some(host)).await;
        assert_eq!(res.status(), StatusCode::OK, "{host}");
    }
    // HTTP/1.0 tools may send no Host; browsers always do, so rebinding
    // cannot use this.
    assert_eq!(
        send(&app, "/api/stats", None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn issue_23_allowed_host_admits_a_proxy_name() {
    let app = app("proxy", &["news.example.org"]);
    let res = send(&app, "/api/stats", Some("news.example.org:443")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = send(&app, "/api/stats", Some("other.example.org")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The header on every kind of response: the page, an asset, the API, a
/// 404, a 400 and a refused Host.
async fn header_everywhere(name: &str, expected: &str) {
    let app = app(&format!("header-{name}"), &[]);
    for (uri, host) in [
        ("/", Some("localhost:8080")),
        ("/assets/app.js", Some("localhost")),
        ("/api/stats", None),
        ("/api/nope", None),
        ("/api/events?limit=x", None),
        ("/api/stats", Some("evil.example")),
    ] {
        let res = send(&app, uri, host).await;
        let got = res
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("{uri} ({:?}): no {name}", res.status()))
            .to_str()
            .unwrap();
        assert_eq!(got, expected, "{uri}");
    }
}

#[tokio::test]
async fn issue_23_content_security_policy_on_every_response() {
    let app = app("csp", &[]);
    let res = send(&app, "/", None).await;
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    header_everywhere("content-security-policy", &csp).await;
}

#[tokio::test]
async fn issue_23_nosniff_on_every_response() {
    header_everywhere("x-content-type-options", "nosniff").await;
}

#[tokio::test]
async fn issue_23_no_referrer_on_every_response() {
    header_everywhere("referrer-policy", "no-referrer").await;
}

/// The page loads under the policy: no inline script or style, no inline
/// event handler, nothing fetched from elsewhere.
#[tokio::test]
async fn issue_23_page_needs_nothing_the_policy_forbids() {
    let app = app("page", &[]);
    let res = send(&app, "/", None).await;
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<style"), "inline style element");
    assert!(!lower.contains(" style="), "inline style attribute");
    assert!(!lower.contains(" onclick=") && !lower.contains(" onload="));
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        assert!(tag.contains("src=\"/assets/"), "inline script: {tag}");
    }
    assert!(!lower.contains("http://") && !lower.contains("https://"));
}
