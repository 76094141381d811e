//! `cargo run -p newsgraph-server --example serve -- [--db FILE] [--addr A]
//! [--allow-writes] [--token T] [--allowed-host NAME]...`: the server without the CLI, for the
//! browser test and the benchmark until `newsgraph serve` is wired.

use newsgraph_server::{serve, ServeConfig};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut cfg = ServeConfig {
        db: PathBuf::from("newsgraph.db"),
        addr: "127.0.0.1:8080".parse()?,
        allow_writes: false,
        token: None,
        allowed_hosts: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => {
                cfg.db = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--db needs a file"))?
                    .into()
            }
            "--addr" => {
                cfg.addr = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--addr needs an address"))?
                    .parse()?
            }
            "--allow-writes" => cfg.allow_writes = true,
            "--token" => cfg.token = args.next(),
            "--allowed-host" => cfg.allowed_hosts.extend(args.next()),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    serve(cfg)
}
