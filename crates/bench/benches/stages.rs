//! Criterion benches, one per pipeline stage, on BBC articles: read (text
//! reader over the raw bytes), then each of the pipeline's own stages
//! (`Pipeline::stages`: tokenize, tag, entities, times, actors, plan,
//! parse, quotes, events, modality, places, placing), the whole pipeline,
//! and the JSON record the store writes. Each stage is measured on
//! documents that already carry the earlier stages' layers (cloned per
//! iteration, outside the timing).
//!
//! `cargo bench -p newsgraph-bench --bench stages`. Without the corpus
//! (`NEWSGRAPH_BBC`, or news/bbc under `NEWSGRAPH_SHARED` or ../shared/data
//! beside the repository) it prints a note and
//! measures nothing. Throughput is in bytes of article text, so criterion's
//! "thrpt" reads as text bytes/s; tokens/s comes from `newsgraph-bench
//! throughput`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsgraph_bench::{bbc_dir, bbc_paths, read_articles};
use newsgraph_doc::{ArticleJson, Document};
use newsgraph_pipeline::Pipeline;
use newsgraph_read::{Format, ReadOptions};
use std::hint::black_box;

/// Articles per bench: enough to mix topics, few enough for quick runs.
const N_ARTICLES: usize = 40;

fn stages(c: &mut Criterion) {
    let Some(dir) = bbc_dir() else {
        eprintln!("note: BBC corpus absent (set NEWSGRAPH_BBC); stage benches skipped");
        return;
    };
    let paths = bbc_paths(&dir);
    // A few articles from each topic, in a fixed order.
    let articles: Vec<_> = paths
        .iter()
        .flat_map(|p| read_articles(std::slice::from_ref(p), N_ARTICLES / paths.len().max(1)))
        .collect();
    let raw: Vec<Vec<u8>> = paths
        .iter()
        .flat_map(|p| {
            let mut files: Vec<_> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            files.truncate(N_ARTICLES / paths.len().max(1));
            files
        })
        .filter_map(|f| std::fs::read(f).ok())
        .collect();
    let pipeline = Pipeline::load().expect("embedded models load");
    let n_bytes: usize = articles.iter().map(|a| a.text.len()).sum();

    let mut g = c.benchmark_group("stage");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(n_bytes as u64));
    let opts = ReadOptions::default();
    g.bench_function("read", |b| {
        b.iter(|| {
            for bytes in &raw {
                newsgraph_read::read_bytes("bbc.txt", bytes, Format::Text, &opts, &mut |i| {
                    black_box(i);
                });
            }
        })
    });

    // Documents as each stage finds them: all earlier stages already run.
    let mut before: Vec<Document> = articles.iter().cloned().map(Document::new).collect();
    for stage in pipeline.stages() {
        g.bench_function(stage.name(), |b| {
            b.iter_batched(
                || before.clone(),
                |mut docs| {
                    for d in &mut docs {
                        stage.run(d);
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
        for d in &mut before {
            stage.run(d);
        }
    }
    g.bench_function("record", |b| {
        b.iter(|| {
            for d in &before {
                black_box(serde_json::to_string(&ArticleJson::from_document(d, true)).ok());
            }
        })
    });
    g.bench_function("pipeline", |b| {
        b.iter_batched(
            || articles.clone(),
            |arts| {
                arts.into_iter()
                    .map(|a| pipeline.analyze(a))
                    .collect::<Vec<_>>()
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
