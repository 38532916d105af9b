//! The real `local-cognito` binary over real sockets: a spawned server, and one HTTP/1.1
//! request per connection (`Connection: close`, the reply read until the server closes).

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// A running `local-cognito` on a free port, killed (and reaped) when dropped.
pub struct Server {
    child: Child,
    /// The port of the ready line's `userPoolEndpoint`.
    pub port: u16,
    /// The one JSON line the server prints when it is ready.
    pub ready: Value,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `local-cognito --port 0 --seed <seed>` and `args`.
    pub fn start(seed: u64, args: &[&str]) -> Server {
        let seed = seed.to_string();
        Server::spawn(&[&["--seed", seed.as_str()], args].concat())
    }

    /// `local-cognito --port 0` and `args` alone (no `--seed` added, so a config file's
    /// seed or the `args`' own holds). Waits for the ready line.
    pub fn spawn(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_local-cognito"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let ready: Value = serde_json::from_str(&line).expect("one JSON line");
        let port = ready["userPoolEndpoint"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Server { child, port, ready }
    }

    /// The ready line's `userPoolEndpoint` (`http://127.0.0.1:<port>`).
    pub fn endpoint(&self) -> &str {
        self.ready["userPoolEndpoint"].as_str().unwrap()
    }
}

/// A reply: the status, the head as received (status line and headers, without the blank
/// line) and the body.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// A header's value (the first), found by name in any case, as received.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().to_string())
        })
    }

    /// The head in lower case, to look for `name: value` text in it.
    pub fn head_lower(&self) -> String {
        self.head.to_lowercase()
    }

    /// The body as JSON; panics (showing the body) when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("JSON body: {}", self.body))
    }

    /// The body as JSON, or `Null` when it is not JSON.
    pub fn json_or_null(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The `__type` of a JSON body (a Cognito error's name), or "" when there is none.
    pub fn kind(&self) -> String {
        self.json_or_null()["__type"].as_str().unwrap_or("").to_string()
    }

    /// The absolute `Location` of a redirect; panics unless the status is 302.
    pub fn location(&self) -> url::Url {
        assert_eq!(self.status, 302, "expected a redirect: {} {}", self.status, self.body);
        url::Url::parse(&self.header("location").expect("Location")).expect("absolute Location")
    }

    /// `name=value` of a Set-Cookie header for `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            if !k.trim().eq_ignore_ascii_case("set-cookie") {
                return None;
            }
            let pair = v.trim().split(';').next()?.to_string();
            pair.starts_with(&format!("{name}=")).then_some(pair)
        })
    }
}

/// A request head: the request line, `Host`, `Connection: close`, `Content-Length`, then
/// `headers` in order, then the blank line.
pub fn request_head(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    content_length: usize,
) -> String {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {content_length}\r\n"
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// One request, strictly: panics if connecting, writing or reading fails, or the reply is
/// not UTF-8 with a status line and a blank line after the head.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: impl AsRef<[u8]>,
) -> Reply {
    let body = body.as_ref();
    let mut req = request_head(method, path, headers, body.len()).into_bytes();
    req.extend_from_slice(body);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(&req).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let out = String::from_utf8(out).expect("a UTF-8 reply");
    let (head, body) = out.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply { status, head: head.to_string(), body: body.to_string() }
}

/// `request` with GET and no body.
pub fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> Reply {
    request(port, "GET", path, headers, b"")
}

/// `request` with POST.
pub fn post(port: u16, path: &str, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Reply {
    request(port, "POST", path, headers, body)
}

/// `head` and `body` sent as they are (for malformed or oversized requests), forgivingly:
/// write and read errors are ignored (the server may answer and close before it has read the
/// whole body), the reply is decoded lossily, and one without a blank line is all head, and
/// one without a status line has status 0.
pub fn raw(port: u16, head: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let out = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, head: head.to_string(), body: body.to_string() }
}
