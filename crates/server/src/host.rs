//! Which `Host` header values the server answers to.
//!
//! A server on 127.0.0.1 is still reachable from a web page the analyst
//! visits: the page's own name can be re-pointed at 127.0.0.1 (DNS
//! rebinding), and the browser then sends the page's name as `Host` while
//! the request lands here, with the page allowed to read the answer. So a
//! request is served only when its `Host` names this server: `localhost`,
//! `127.0.0.1`, `[::1]`, the address it was bound to, or a name given with
//! `--allowed-host` (for a reverse proxy). The port is not compared: a
//! rebinding page can choose any port, but not its name, and a proxy may
//! forward under another port. A request without `Host` (HTTP/1.0 tools)
//! is served: browsers always send one, so rebinding cannot omit it.

use std::net::{IpAddr, SocketAddr};

/// The host names (lower case, without port; IPv6 without brackets) a
/// request may name.
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    names: Vec<String>,
    /// Bound to 0.0.0.0 or [::]: any address of this machine is ours, and
    /// an IP literal cannot be rebound, so every IP literal is accepted.
    any_ip_literal: bool,
}

impl Default for AllowedHosts {
    /// The loopback names only.
    fn default() -> AllowedHosts {
        AllowedHosts {
            names: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
            any_ip_literal: false,
        }
    }
}

impl AllowedHosts {
    /// The loopback names, the address `bound` and the `extra` names.
    pub fn new(bound: SocketAddr, extra: &[String]) -> AllowedHosts {
        let mut hosts = AllowedHosts::default();
        if bound.ip().is_unspecified() {
            hosts.any_ip_literal = true;
        } else {
            hosts.names.push(bound.ip().to_string());
        }
        for name in extra {
            let (host, _) = split_port(name.trim());
            hosts.names.push(host.to_ascii_lowercase());
        }
        hosts
    }

    /// Whether a request with this `Host` header value may be served.
    pub fn allows(&self, host_header: &str) -> bool {
        let (host, port) = split_port(host_header.trim());
        if port.is_some_and(|p| p.parse::<u16>().is_err()) {
            return false;
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if self.any_ip_literal && host.parse::<IpAddr>().is_ok() {
            return true;
        }
        self.names.contains(&host)
    }
}

/// `name[:port]` or `[v6][:port]` → (name or v6 without brackets, port).
fn split_port(host: &str) -> (&str, Option<&str>) {
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((v6, "")) => (v6, None),
            Some((v6, tail)) => (v6, Some(tail.strip_prefix(':').unwrap_or(tail))),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        // A bare IPv6 address (no brackets) is not a valid Host, but keep
        // it whole rather than cutting it at its last colon.
        Some((name, _)) if name.contains(':') => (host, None),
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_and_without_port() {
        let h = AllowedHosts::new("127.0.0.1:8080".parse().unwrap(), &[]);
        for ok in [
            "localhost",
            "localhost:8080",
            "LOCALHOST:9",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:8080",
            "localhost.",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "localhost:80x",
            "10.0.0.1",
            "",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn allowed_host_and_bound_address() {
        let h = AllowedHosts::new(
            "192.168.1.5:80".parse().unwrap(),
            &["News.Example.org:443".into()],
        );
        assert!(h.allows("news.example.org"));
        assert!(h.allows("192.168.1.5:80"));
        assert!(!h.allows("10.0.0.1"));
        let any = AllowedHosts::new("0.0.0.0:80".parse().unwrap(), &[]);
        assert!(any.allows("10.0.0.1:80"));
        assert!(!any.allows("evil.example"));
    }
}
