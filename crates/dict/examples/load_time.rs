//! Times loading the embedded dictionaries (the target is well under
//! 100 ms): `cargo run --release -p newsgraph-dict --example load_time`.

fn main() {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        match newsgraph_dict::Dictionaries::embedded() {
            Ok(d) => std::hint::black_box(d),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("embedded dictionaries: best of 5 = {:.1} ms", best * 1000.0);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/dict");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap_or_default();
    let (verbs, actors, issues) = (read("verbs.txt"), read("actors.txt"), read("issues.txt"));
    let t = std::time::Instant::now();
    std::hint::black_box(newsgraph_dict::VerbDict::parse(&verbs));
    let t1 = t.elapsed();
    let mut a = newsgraph_dict::ActorDict::default();
    a.add_text(&actors, false);
    let t2 = t.elapsed();
    std::hint::black_box(newsgraph_dict::IssueDict::parse(&issues));
    let t3 = t.elapsed();
    println!(
        "  verbs {:.1} ms, actors {:.1} ms, issues {:.1} ms",
        t1.as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        (t3 - t2).as_secs_f64() * 1e3
    );
}
