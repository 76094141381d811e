//! Speed of the embedded tagger, lemmatizer and parser on one core, and of
//! loading them. The text is a few hand-written news sentences (no corpus
//! needed), tokenized with newsgraph's tokenizer and repeated.
//!
//! `cargo bench -p newsgraph-nlp --bench nlp`; numbers go to docs/bench-nlp.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph_doc::{ArticleBuilder, Document};
use newsgraph_nlp::parser::{word_value, ParseScratch, ParseToken};
use newsgraph_nlp::tagger::TagScratch;
use newsgraph_nlp::tokenize::tokenize_document;
use newsgraph_nlp::Models;
use std::hint::black_box;

const TEXT: &str = "The foreign minister met his Iranian counterpart in Geneva on Tuesday, \
officials said, and the two sides agreed to resume talks next month. \
Police arrested three men after a bomb exploded near the central station, killing at least \
four people and wounding dozens. \"We will not accept threats,\" the prime minister told \
reporters outside parliament. Rebels accused government troops of shelling villages in the \
north, a claim the army denied. Shares in the bank fell 4% after it warned that profits \
would drop sharply this year. The company's chief executive, who took over in March, said \
she didn't expect a quick recovery.";

fn document(models: &Models) -> Document {
    let mut b = ArticleBuilder::new("bench");
    for _ in 0..20 {
        b.push_paragraph(TEXT);
    }
    let mut doc = Document::new(b.build());
    tokenize_document(&mut doc);
    models.annotate(&mut doc);
    doc
}

fn bench(c: &mut Criterion) {
    let models = Models::embedded().expect("embedded models load");
    let doc = document(&models);
    let sentences: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| s.token_range().map(|i| doc.token_text(i)).collect())
        .collect();
    let n_tokens = doc.tokens.len() as u64;

    let mut g = c.benchmark_group("nlp");
    g.throughput(Throughput::Elements(n_tokens));
    g.bench_function("tagger", |b| {
        let mut scratch = TagScratch::default();
        let mut out = Vec::new();
        b.iter(|| {
            for s in &sentences {
                models.tagger.tag(black_box(s), &mut scratch, &mut out);
            }
        })
    });
    g.bench_function("lemmatizer", |b| {
        b.iter(|| {
            for t in &doc.tokens {
                black_box(models.lemmatizer.lemmatize(doc.span_text(t.span), t.xpos));
            }
        })
    });
    let mut buf = String::new();
    let inputs: Vec<Vec<ParseToken>> = doc
        .sentences
        .iter()
        .map(|s| {
            s.token_range()
                .map(|i| ParseToken {
                    word: word_value(doc.token_text(i), &mut buf),
                    tag: ((doc.tokens[i].upos as u32) << 8) | doc.tokens[i].xpos as u32,
                })
                .collect()
        })
        .collect();
    g.bench_function("parser", |b| {
        let mut scratch = ParseScratch::default();
        let (mut heads, mut labels) = (Vec::new(), Vec::new());
        b.iter(|| {
            for inp in &inputs {
                models
                    .parser
                    .parse(black_box(inp), &mut scratch, &mut heads, &mut labels);
            }
        })
    });
    g.bench_function("annotate (tag+lemma+parse)", |b| {
        let mut d = doc.clone();
        b.iter(|| models.annotate(black_box(&mut d)))
    });
    g.finish();

    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("Models::embedded", |b| {
        b.iter(|| black_box(Models::embedded().is_ok()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
