//! Gazetteer load time (the embedded binary index) and name lookups.
//!
//! `cargo bench -p newsgraph-geo --bench gazetteer`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use newsgraph_geo::Gazetteer;

fn load(c: &mut Criterion) {
    c.bench_function("gazetteer_load_embedded", |b| {
        b.iter(|| black_box(Gazetteer::embedded().expect("embedded gazetteer")))
    });
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    c.bench_function("gazetteer_find_10_names", |b| {
        b.iter(|| {
            for n in [
                "Vladivostok",
                "Pyongyang",
                "Russia",
                "North Korea",
                "Washington",
                "U.S.",
                "Łódź",
                "Fort Lee",
                "Nowhere Town",
                "Paris",
            ] {
                black_box(g.find(n));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = load
}
criterion_main!(benches);
