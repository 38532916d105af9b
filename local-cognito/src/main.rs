//! `local-cognito [--host 127.0.0.1] [--port N] [--config FILE] [--write-config FILE] [--seed N]
//! [--allow-origin ORIGIN]...`

use local_cognito::http::{router, Shell};
use local_cognito::{Emulator, EmulatorConfig};
use serde_json::json;
use std::sync::{Arc, Mutex};

struct Args {
    host: String,
    port: Option<u16>,
    config: Option<String>,
    write_config: Option<String>,
    seed: Option<u64>,
    /// Browser origins allowed, besides loopback ones, to use `/_local/*` and the unsigned
    /// admin actions (`*` for any).
    allow_origins: Vec<String>,
}

fn usage() -> ! {
    eprintln!("usage: local-cognito [--host 127.0.0.1] [--port N] [--config FILE] [--write-config FILE] [--seed N] [--allow-origin ORIGIN]...");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut a = Args {
        host: "127.0.0.1".into(),
        port: None,
        config: None,
        write_config: None,
        seed: None,
        allow_origins: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next()).unwrap_or_else(|| usage());
        match flag.as_str() {
            "--host" => a.host = value(),
            "--port" => a.port = Some(value().parse().unwrap_or_else(|_| usage())),
            "--config" => a.config = Some(value()),
            "--write-config" => a.write_config = Some(value()),
            "--seed" => a.seed = Some(value().parse().unwrap_or_else(|_| usage())),
            "--allow-origin" => a.allow_origins.push(value()),
            "-h" | "--help" => usage(),
            _ => {
                eprintln!("unknown argument: {arg}");
                usage()
            }
        }
    }
    a
}

/// Exit with a message (start-up errors only).
fn fail(msg: String) -> ! {
    eprintln!("{msg}");
    std::process::exit(1)
}

fn load_config(args: &Args) -> EmulatorConfig {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| fail(format!("cannot read {path}: {e}")));
            serde_json::from_str::<EmulatorConfig>(&text)
                .unwrap_or_else(|e| fail(format!("invalid config {path}: {e}")))
        }
        None => EmulatorConfig::default_pool(),
    };
    if args.seed.is_some() {
        config.seed = args.seed;
    }
    config
}

/// `http://host:port` as clients should use it (a wildcard bind answers on loopback).
fn endpoint(host: &str, port: u16) -> String {
    let host = if host == "0.0.0.0" || host == "::" { "127.0.0.1" } else { host };
    if host.contains(':') {
        format!("http://[{host}]:{port}")
    } else {
        format!("http://{host}:{port}")
    }
}

/// Write the readiness line to `path` atomically (write a temporary file, then rename).
fn write_config(path: &str, line: &str) {
    let tmp = format!("{path}.tmp{}", std::process::id());
    if let Err(e) =
        std::fs::write(&tmp, format!("{line}\n")).and_then(|_| std::fs::rename(&tmp, path))
    {
        fail(format!("cannot write {path}: {e}"))
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} },
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let port = args
        .port
        .or_else(|| std::env::var("PORT").ok().and_then(|p| p.parse().ok()))
        .unwrap_or(9229);
    let mut emu =
        Emulator::new(load_config(&args)).unwrap_or_else(|e| fail(format!("invalid config: {e}")));
    emu.warm_up();
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), port))
        .await
        .unwrap_or_else(|e| fail(format!("cannot bind {}:{port}: {e}", args.host)));
    let bound = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let endpoint = endpoint(&args.host, bound);
    emu.set_base_url(&endpoint);
    let (pool_id, client_id) = emu.default_ids();
    let mut ready =
        json!({"userPoolId": pool_id, "userPoolClientId": client_id, "userPoolEndpoint": endpoint});
    // Amplify's name for it (`Auth.Cognito.identityPoolId`); its endpoint is the same port.
    if let Some(id) = emu.default_identity_pool_id() {
        ready["identityPoolId"] = json!(id);
        ready["identityPoolEndpoint"] = json!(endpoint);
    }
    let line = ready.to_string();
    let mut shell = Shell::new(emu, &endpoint);
    shell.allowed_origins = args.allow_origins.clone();
    let app = router(Arc::new(Mutex::new(shell)));
    if let Some(path) = &args.write_config {
        write_config(path, &line);
    }
    println!("{line}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    eprintln!("[local-cognito] listening on {endpoint}");
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await {
        fail(format!("server error: {e}"))
    }
}
