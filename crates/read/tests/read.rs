//! Integration tests for the readers: each format on small hand-written
//! fixtures (tests/fixtures), every kind of bad input generated at run time,
//! a no-panic property test on arbitrary bytes, and, when the shared data
//! is present (`NEWSGRAPH_SHARED`, else ../shared/data beside the
//! repository), the BBC corpus and the example article.

use chrono::NaiveDate;
use newsgraph_doc::PublishedBasis;
use newsgraph_read::{
    detect_format, read_bytes, read_paths, Article, Format, NotArticle, ReadError, ReadItem,
    ReadOptions,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch directory removed on drop; no extra crate needed.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "newsgraph-read-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read_all(paths: &[PathBuf], opts: &ReadOptions) -> Vec<ReadItem> {
    let mut items = Vec::new();
    read_paths(paths, opts, &mut |item| items.push(item));
    items
}

fn read_mem(origin: &str, bytes: &[u8], format: Format) -> Vec<ReadItem> {
    let mut items = Vec::new();
    read_bytes(
        origin,
        bytes,
        format,
        &ReadOptions::default(),
        &mut |item| items.push(item),
    );
    items
}

/// The single article the items must consist of.
fn one_article(items: Vec<ReadItem>) -> Article {
    assert_eq!(items.len(), 1, "expected one item, got {items:?}");
    match items.into_iter().next() {
        Some(ReadItem::Article(a)) => a,
        other => panic!("expected an article, got {other:?}"),
    }
}

/// The single error the items must consist of.
fn one_error(items: Vec<ReadItem>) -> ReadError {
    assert_eq!(items.len(), 1, "expected one item, got {items:?}");
    match items.into_iter().next() {
        Some(ReadItem::Error(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    }
}

fn para_texts(a: &Article) -> Vec<&str> {
    a.paragraphs.iter().map(|s| &a.text[s.range()]).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn text_one_paragraph_per_line_with_copyright() {
    let a = one_article(read_all(
        &[fixture("lines-layout.txt")],
        &ReadOptions::default(),
    ));
    assert_eq!(
        a.title_text(),
        Some("Harbour council approves new ferry route to the islands")
    );
    assert!(a
        .standfirst_text()
        .unwrap()
        .starts_with("The council voted on Monday"));
    assert_eq!(a.paragraphs.len(), 5);
    assert!(para_texts(&a)[2].starts_with("\"This is the day"));
    assert_eq!(a.source.as_deref(), Some("Harbour Gazette"));
    assert_eq!(a.copyright_year, Some(2024));
    assert!(!a.text.contains("Copyright") && !a.text.contains('©'));
    assert!(a.origin.ends_with("lines-layout.txt"));
    assert_eq!(a.id.len(), 16);
}

#[test]
fn text_blank_line_blocks_first_paragraph_is_lede() {
    let a = one_article(read_all(
        &[fixture("blocks-layout.txt")],
        &ReadOptions::default(),
    ));
    assert_eq!(
        a.title_text(),
        Some("Village bakery wins national bread prize")
    );
    assert!(a.standfirst_text().unwrap().starts_with("A family bakery"));
    assert_eq!(a.paragraphs.len(), 3);
    // A block with two sentences on one line stays one paragraph.
    assert!(para_texts(&a)[0].ends_with("food fair."));
    assert_eq!(a.source, None);
    assert_eq!(a.published.basis, PublishedBasis::Unknown);
}

#[test]
fn text_hard_wrapped_with_byline_and_date_headers() {
    let a = one_article(read_all(
        &[fixture("wrapped-with-headers.txt")],
        &ReadOptions::default(),
    ));
    assert_eq!(a.title_text(), Some("Port strike enters its third week"));
    assert_eq!(a.byline.as_deref(), Some("Jane Okafor"));
    assert_eq!(a.published.date, date(2024, 3, 14));
    assert_eq!(a.published.basis, PublishedBasis::Metadata);
    assert_eq!(a.published.evidence, ["text line Published: 14 March 2024"]);
    let standfirst = a.standfirst_text().unwrap();
    assert!(
        standfirst.contains("talks with the operator broke down"),
        "{standfirst}"
    );
    assert!(standfirst.ends_with("container terminal."));
    assert_eq!(a.paragraphs.len(), 1);
    assert!(!a.text.contains("Jane") && !a.text.contains("Published"));
}

#[test]
fn html_page_with_meta_json_ld_and_time() {
    let a = one_article(read_all(&[fixture("page.html")], &ReadOptions::default()));
    assert_eq!(a.title_text(), Some("Rail link opens after six years"));
    assert_eq!(a.source.as_deref(), Some("The Valley Courier"));
    assert_eq!(a.byline.as_deref(), Some("Priya Nair"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/news/rail-link-opens")
    );
    assert_eq!(a.published.date, date(2023, 9, 12));
    assert_eq!(a.published.basis, PublishedBasis::Metadata);
    assert_eq!(
        a.published.evidence[0],
        "meta article:published_time=2023-09-12T08:00:00Z"
    );
    assert!(a
        .published
        .evidence
        .contains(&"json-ld datePublished=2023-09-12T08:00:00Z".to_string()));
    assert!(a
        .published
        .evidence
        .contains(&"time datetime=2023-09-12T08:00:00Z".to_string()));
    assert_eq!(
        a.standfirst_text(),
        Some("The line cuts the journey between the two valley towns to twenty minutes.")
    );
    let paras = para_texts(&a);
    assert!(
        paras[0].starts_with("The first passenger train"),
        "{paras:?}"
    );
    assert!(paras.iter().any(|p| p.starts_with("Critics have pointed")));
    for boiler in ["Most read", "Privacy", "Sport", "font-family", "All rights"] {
        assert!(!a.text.contains(boiler), "{boiler} leaked: {}", a.text);
    }
}

#[test]
fn html_dates_from_json_ld_or_time_alone() {
    let ld = r#"<html><head><title>T</title><script type="application/ld+json">
        [{"@type": "NewsArticle", "datePublished": "2022-01-31", "publisher": {"name": "Daily Example"}}]
        </script></head><body><p>Snow closed every school in the county on Monday, officials said.</p></body></html>"#;
    let a = one_article(read_mem("ld.html", ld.as_bytes(), Format::Html));
    assert_eq!(a.published.date, date(2022, 1, 31));
    assert_eq!(a.published.evidence, ["json-ld datePublished=2022-01-31"]);
    assert_eq!(a.source.as_deref(), Some("Daily Example"));
    assert_eq!(a.title_text(), Some("T"));

    let time = r#"<html><body><p>Posted <time datetime="2021-06-05T10:00:00+02:00">Saturday</time></p>
        <p>The bridge reopened to traffic after repairs that lasted eleven months.</p></body></html>"#;
    let a = one_article(read_mem("time.html", time.as_bytes(), Format::Html));
    assert_eq!(a.published.date, date(2021, 6, 5));
    assert_eq!(
        a.published.evidence,
        ["time datetime=2021-06-05T10:00:00+02:00"]
    );
}

#[test]
fn html_without_body_is_a_clean_error() {
    for page in [
        "<html><head><title>Only a title</title></head></html>",
        "<html><head><title>x</title></head><body>  \n </body></html>",
        "<html><body><script>var a = 1;</script></body></html>",
    ] {
        let e = one_error(read_mem("nobody.html", page.as_bytes(), Format::Html));
        assert!(matches!(e, ReadError::HtmlNoBody { .. }), "{page}: {e}");
        assert_eq!(e.to_string(), "nobody.html: HTML has no body text");
    }
}

#[test]
fn html_deeply_nested_does_not_crash() {
    let depth = 20_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>The council met on Monday to discuss the budget for next year.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let e = one_error(read_mem("deep.html", page.as_bytes(), Format::Html));
    assert_eq!(
        e.to_string(),
        "deep.html: HTML nested more than 2000 levels deep"
    );

    // Deep but allowed: Readability is skipped, the body text is still read.
    let depth = 1500;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>The council met on Monday to discuss the budget for next year.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let start = Instant::now();
    let a = one_article(read_mem("deep.html", page.as_bytes(), Format::Html));
    assert!(a.text.contains("The council met on Monday"));
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

#[test]
fn jsonl_good_broken_and_wrong_typed_lines() {
    let path = fixture("articles.jsonl");
    let origin = path.display().to_string();
    let items = read_all(&[path], &ReadOptions::default());
    let summary: Vec<String> = items
        .iter()
        .map(|item| match item {
            ReadItem::Article(a) => format!("article {}", a.origin),
            ReadItem::Skipped { origin, .. } => format!("skipped {origin}"),
            ReadItem::NotArticle { origin, .. } => format!("not read {origin}"),
            ReadItem::Error(e) => format!("error {e}"),
        })
        .collect();
    assert_eq!(summary.len(), 6, "{summary:#?}");
    assert_eq!(summary[0], format!("article {origin}:1"));
    assert!(summary[1].starts_with(&format!("error {origin}:2: malformed JSON: ")));
    assert_eq!(
        summary[2],
        format!("error {origin}:3: field `title` must be a string, found number")
    );
    assert_eq!(
        summary[3],
        format!("error {origin}:4: missing required field `text`")
    );
    // Line 5 is blank and skipped silently.
    assert_eq!(
        summary[4],
        format!("error {origin}:6: expected a JSON object, found array")
    );
    assert_eq!(summary[5], format!("article {origin}:7"));

    let ReadItem::Article(first) = &items[0] else {
        unreachable!()
    };
    assert_eq!(first.title_text(), Some("Mayor opens new library"));
    assert_eq!(
        first.standfirst_text(),
        Some("The mayor opened the new central library on Saturday.")
    );
    assert_eq!(first.paragraphs.len(), 1);
    assert_eq!(first.url.as_deref(), Some("https://news.example/library"));
    assert_eq!(first.source.as_deref(), Some("City News"));
    assert_eq!(first.published.date, date(2024, 5, 4));
    assert_eq!(first.published.evidence, ["jsonl published=2024-05-04"]);
    let ReadItem::Article(last) = &items[5] else {
        unreachable!()
    };
    assert_eq!(last.title, None);
    assert_eq!(last.published.date, None);
    assert_eq!(
        last.published.evidence,
        ["jsonl published=someday (not a date)"]
    );
}

#[test]
fn jsonl_long_line_is_reported_and_reading_goes_on() {
    let mut data = b"{\"text\": \"First short article text.\"}\n".to_vec();
    data.extend_from_slice(b"{\"text\": \"");
    data.extend(std::iter::repeat_n(b'x', 5000));
    data.extend_from_slice(b"\"}\n{\"text\": \"Third short article text.\"}\n");
    let tmp = TempDir::new();
    let path = tmp.file("long.jsonl", &data);
    let opts = ReadOptions {
        max_article_bytes: 1000,
        ..ReadOptions::default()
    };
    let items = read_all(std::slice::from_ref(&path), &opts);
    assert_eq!(items.len(), 3);
    assert!(matches!(&items[0], ReadItem::Article(_)));
    match &items[1] {
        ReadItem::Error(e) => assert_eq!(
            e.to_string(),
            format!("{}:2: article exceeds 1000 bytes", path.display())
        ),
        other => panic!("{other:?}"),
    }
    match &items[2] {
        ReadItem::Article(a) => assert_eq!(a.origin, format!("{}:3", path.display())),
        other => panic!("{other:?}"),
    }
}

#[test]
fn gzip_plain_concatenated_and_truncated() {
    let tmp = TempDir::new();
    let plain = std::fs::read(fixture("blocks-layout.txt")).unwrap();
    let gz = tmp.file("bakery.txt.gz", &gzip(&plain));
    let from_plain = one_article(read_all(
        &[fixture("blocks-layout.txt")],
        &ReadOptions::default(),
    ));
    let from_gz = one_article(read_all(&[gz], &ReadOptions::default()));
    assert_eq!(from_gz.id, from_plain.id);
    assert_eq!(from_gz.text, from_plain.text);

    // Two gzip members, as `cat a.gz b.gz` makes.
    let mut two = gzip(b"{\"text\": \"Member one is a short article.\"}\n");
    two.extend(gzip(
        b"{\"text\": \"Member two is another short article.\"}\n",
    ));
    let cat = tmp.file("cat.jsonl.gz", &two);
    let items = read_all(&[cat], &ReadOptions::default());
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|i| matches!(i, ReadItem::Article(_))));

    // Gzip without a .gz name is still recognised by its magic number.
    let unnamed = tmp.file("bakery.txt", &gzip(&plain));
    assert_eq!(
        one_article(read_all(&[unnamed], &ReadOptions::default())).id,
        from_plain.id
    );

    let full = gzip(&plain);
    let cut = tmp.file("cut.txt.gz", &full[..full.len() / 2]);
    let e = one_error(read_all(
        std::slice::from_ref(&cut),
        &ReadOptions::default(),
    ));
    assert!(matches!(e, ReadError::Gzip { .. }), "{e}");
    assert!(e
        .to_string()
        .starts_with(&format!("{}: truncated or corrupt gzip", cut.display())));
}

#[test]
fn directories_recurse_sorted_and_skip_non_articles() {
    let items = read_all(&[fixture("dir")], &ReadOptions::default());
    let origins: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            ReadItem::Article(a) => Some(a.origin.clone()),
            ReadItem::NotArticle { origin, reason } => {
                assert!(origin.ends_with("dir/image.png"), "{origin}");
                assert_eq!(reason.to_string(), ".png is not an article format");
                None
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(origins.len(), 2, "{origins:?}");
    assert!(origins[0].ends_with("dir/a.txt"));
    assert!(origins[1].ends_with("dir/sub/b.txt"));
}

/// Issue 23: a corpus folder's README and LICENSE are not articles, other
/// files are reported as passed over rather than skipped silently, hidden
/// files stay silent, and a README named on the command line is read.
#[test]
fn issue_23_directory_reports_files_it_does_not_read() {
    let tmp = TempDir::new();
    let body = b"Ministers met on Monday to talk about the river and its water.\n";
    tmp.file("001.txt", body);
    tmp.file("README.TXT", b"This corpus holds 2 articles from a wire.\n");
    tmp.file("LICENSE.md.gz", b"not even gzip");
    tmp.file("Sources.txt", b"wire A, wire B\n");
    tmp.file("report.pdf", b"%PDF-1.4");
    tmp.file("notes", b"no extension");
    tmp.file(".DS_Store", b"\0\0");
    let items = read_all(std::slice::from_ref(&tmp.0), &ReadOptions::default());
    let mut passed: Vec<(String, String)> = Vec::new();
    let mut articles = Vec::new();
    for item in &items {
        match item {
            ReadItem::Article(a) => articles.push(a.origin.clone()),
            ReadItem::NotArticle { origin, reason } => {
                let name = origin.rsplit('/').next().unwrap().to_string();
                passed.push((name, reason.to_string()));
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(articles.len(), 1, "{articles:?}");
    assert!(articles[0].ends_with("001.txt"));
    let collection = NotArticle::CollectionFile.to_string();
    assert_eq!(
        passed,
        vec![
            (
                "LICENSE.md.gz".to_string(),
                ".md is not an article format".to_string()
            ),
            ("README.TXT".to_string(), collection.clone()),
            ("Sources.txt".to_string(), collection),
            (
                "notes".to_string(),
                "no extension, so not an article format".to_string()
            ),
            (
                "report.pdf".to_string(),
                ".pdf is not an article format".to_string()
            ),
        ]
    );
    // Named on the command line, a README is read: the user asked for it.
    let named = read_all(&[tmp.0.join("README.TXT")], &ReadOptions::default());
    assert!(
        matches!(named.as_slice(), [ReadItem::Article(_)]),
        "{named:?}"
    );
    // The file list for a progress bar holds exactly the files read.
    let listed = newsgraph_read::list_files(std::slice::from_ref(&tmp.0)).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(newsgraph_read::list_files(&[PathBuf::from("-")]).is_none());
}

#[test]
fn missing_file_is_an_error_and_reading_goes_on() {
    let items = read_all(
        &[
            PathBuf::from("/no/such/file.txt"),
            fixture("blocks-layout.txt"),
        ],
        &ReadOptions::default(),
    );
    assert_eq!(items.len(), 2);
    match &items[0] {
        ReadItem::Error(e) => assert!(e.to_string().starts_with("/no/such/file.txt: ")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(items[1], ReadItem::Article(_)));
}

#[test]
fn binary_empty_and_undecodable_inputs() {
    let tmp = TempDir::new();
    let binary = tmp.file("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    let empty = tmp.file("empty.txt", b"");
    let blank = tmp.file("blank.txt", b"  \n\n\t\n");
    let items = read_all(
        &[binary.clone(), empty.clone(), blank],
        &ReadOptions::default(),
    );
    let messages: Vec<String> = items
        .iter()
        .map(|i| match i {
            ReadItem::Error(e) => e.to_string(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        messages[0],
        format!("{}: binary data, not text", binary.display())
    );
    assert_eq!(messages[1], format!("{}: empty input", empty.display()));
    assert!(messages[2].ends_with(": empty input"));

    let e = one_error(read_mem(
        "bin.jsonl",
        b"\0\x01\x02{\"text\":1}",
        Format::JsonLines,
    ));
    assert!(matches!(e, ReadError::Binary { .. }));

    // Only a copyright line: nothing left after boilerplate.
    let e = one_error(read_mem("c.txt", "© 2024 Nobody".as_bytes(), Format::Text));
    assert_eq!(e.to_string(), "c.txt: no article text");
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let text = b"Club fined\n\nThe club was fined \xa32m on Friday, the league said.";
    let a = one_article(read_mem("latin1.txt", text, Format::Text));
    assert!(a.text.contains("fined £2m on Friday"), "{}", a.text);
}

#[test]
fn utf16_with_bom_is_decoded() {
    let text = "Dam inspection ordered\n\nEngineers will inspect the dam after cracks appeared — officials said.";
    for big_endian in [false, true] {
        let mut bytes = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for u in text.encode_utf16() {
            bytes.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        let a = one_article(read_mem("u16.txt", &bytes, Format::Text));
        assert_eq!(a.title_text(), Some("Dam inspection ordered"));
        assert!(a.text.contains("cracks appeared — officials"));
    }
}

#[test]
fn huge_single_line_stops_at_the_limit() {
    // 200 MB written in 1 MB chunks; reading must stop at the 5 MB default.
    let tmp = TempDir::new();
    let big = tmp.0.join("huge.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..200 {
            f.write_all(&chunk).unwrap();
        }
    }
    let start = Instant::now();
    let items = read_all(
        &[big.clone(), fixture("blocks-layout.txt")],
        &ReadOptions::default(),
    );
    let elapsed = start.elapsed();
    assert_eq!(items.len(), 2);
    match &items[0] {
        ReadItem::Error(e) => assert_eq!(
            e.to_string(),
            format!("{}: article exceeds 5242880 bytes", big.display())
        ),
        other => panic!("{other:?}"),
    }
    assert!(matches!(items[1], ReadItem::Article(_)));
    eprintln!("200 MB line rejected in {elapsed:?}");
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
}

#[test]
fn non_english_is_skipped_not_an_error() {
    let german = "Regierung beschließt neues Gesetz\n\nDie Bundesregierung hat am Mittwoch ein neues Gesetz \
        zur Förderung erneuerbarer Energien beschlossen. Der Bundestag soll noch vor der Sommerpause \
        darüber abstimmen, sagte ein Sprecher des Ministeriums in Berlin.";
    let items = read_mem("de.txt", german.as_bytes(), Format::Text);
    match &items[..] {
        [ReadItem::Skipped { origin, reason }] => {
            assert_eq!(origin, "de.txt");
            assert!(
                reason.starts_with("not English: detected German"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    let mut items = Vec::new();
    let all = ReadOptions {
        english_only: false,
        ..ReadOptions::default()
    };
    read_bytes("de.txt", german.as_bytes(), Format::Text, &all, &mut |i| {
        items.push(i)
    });
    one_article(items);
    // Too short to tell: counts as English.
    one_article(read_mem(
        "fr.txt",
        "Le président arrive demain".as_bytes(),
        Format::Text,
    ));
}

#[test]
fn stdin_origin_and_format_detection() {
    let a = one_article(read_mem(
        "-",
        b"Title\n\nBody one.\n\nBody two.",
        Format::Text,
    ));
    assert_eq!(a.origin, "-");
    let check = |name: &str, head: &str, want: Format| {
        assert_eq!(
            detect_format(Path::new(name), head.as_bytes()),
            want,
            "{name} {head:?}"
        );
    };
    check("a.txt", "<html>", Format::Text);
    check("a.HTM", "", Format::Html);
    check("a.ndjson.gz", "", Format::JsonLines);
    check("a.json", "", Format::JsonLines);
    check("-", "\u{feff}  <!DOCTYPE html><html>", Format::Html);
    check("-", "\n{\"text\": \"x\"}", Format::JsonLines);
    check("noext", "<unknown> is what he said", Format::Text);
    check("noext", "Plain words.", Format::Text);
}

/// xorshift64*: a fixed-seed generator so the property test is repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    // Random bytes alone rarely look like any format, so pieces of each
    // format's syntax are mixed in.
    const PIECES: &[&[u8]] = &[
        b"<html>",
        b"<body>",
        b"<p>",
        b"</p>",
        b"<meta property=\"article:published_time\" content=\"",
        b"<script type=\"application/ld+json\">",
        b"{\"text\": \"",
        b"\"title\": ",
        b"\"}",
        b"\n",
        b"\n\n",
        b"\xc2\xa9 Copyright ",
        b"2024",
        b"By ",
        b"Published: ",
        b"\x1f\x8b\x08",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xef\xbb\xbf",
        b"\xe2\x80",
        b"\xf0\x9f",
        b"\r\n",
        b"Sept. 31, 2023",
        b"(c)",
        b"{",
        b"[",
        b"\"",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let opts = ReadOptions {
        max_article_bytes: 4096,
        ..ReadOptions::default()
    };
    for case in 0..3000 {
        let mut bytes = Vec::new();
        for _ in 0..rng.below(40) {
            if rng.below(3) == 0 {
                let n = rng.below(12);
                bytes.extend((0..n).map(|_| rng.next() as u8));
            } else {
                bytes.extend_from_slice(PIECES[rng.below(PIECES.len())]);
            }
        }
        if case % 7 == 0 {
            bytes = gzip(&bytes);
            if case % 2 == 0 {
                bytes.truncate(bytes.len() / 2);
            }
        }
        for format in [Format::Text, Format::Html, Format::JsonLines] {
            read_bytes("case", &bytes, format, &opts, &mut |item| {
                if let ReadItem::Error(e) = item {
                    let msg = e.to_string();
                    assert!(msg.starts_with("case"), "{msg}");
                    assert!(!msg.contains('\n'), "{msg}");
                }
            });
        }
    }
}

/// The shared data directory: `NEWSGRAPH_SHARED`, else ../shared/data
/// beside the repository; the tests using it skip when it is absent.
fn shared_data() -> std::path::PathBuf {
    std::env::var_os("NEWSGRAPH_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        std::path::PathBuf::from,
    )
}

/// The 2,225 BBC articles: each file must give exactly one article with a
/// title and at least one paragraph.
#[test]
fn bbc_corpus_when_present() {
    let root = shared_data().join("news/bbc");
    let root = root.as_path();
    if !root.is_dir() {
        eprintln!("skip: {} absent", root.display());
        return;
    }
    let start = Instant::now();
    let mut n_files = 0usize;
    let mut n_bytes = 0usize;
    let mut bad = Vec::new();
    read_paths(
        &[root.to_path_buf()],
        &ReadOptions::default(),
        &mut |item| {
            let origin = match &item {
                ReadItem::Article(a) => a.origin.clone(),
                ReadItem::Skipped { origin, .. } | ReadItem::NotArticle { origin, .. } => {
                    origin.clone()
                }
                ReadItem::Error(e) => e.origin().to_string(),
            };
            if origin.ends_with("README.TXT") {
                return;
            }
            n_files += 1;
            match item {
                ReadItem::Article(a) if a.title.is_some() && !a.paragraphs.is_empty() => {
                    n_bytes += a.text.len();
                }
                other => bad.push(format!("{other:?}")),
            }
        },
    );
    let elapsed = start.elapsed();
    eprintln!(
        "bbc: {n_files} files, {:.1} MB of text in {elapsed:?} ({:.0} articles/s)",
        n_bytes as f64 / 1e6,
        n_files as f64 / elapsed.as_secs_f64()
    );
    assert!(
        bad.is_empty(),
        "{} bad: {:#?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    assert_eq!(n_files, 2225);
}

#[test]
fn example_article_when_present() {
    let path = shared_data().join("../examples/kim-putin-arms-deal.txt");
    let path = path.as_path();
    if !path.is_file() {
        eprintln!("skip: {} absent", path.display());
        return;
    }
    let a = one_article(read_all(&[path.to_path_buf()], &ReadOptions::default()));
    assert_eq!(
        a.title_text(),
        Some("Kim Jong-un travels to meet Putin for alleged arms deal")
    );
    assert!(a
        .standfirst_text()
        .unwrap()
        .starts_with("King Charles II congratulated"));
    assert!(
        (18..=22).contains(&a.paragraphs.len()),
        "{}",
        a.paragraphs.len()
    );
    assert_eq!(a.source.as_deref(), Some("IBTimes"));
    assert_eq!(a.copyright_year, Some(2024));
    assert!(!a.text.contains("Copyright") && !a.text.contains("All rights reserved"));
}
