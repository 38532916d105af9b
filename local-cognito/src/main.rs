//! `local-cognito [--host 127.0.0.1] [--port N] [--config FILE] [--write-config FILE] [--seed N]`

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
}

fn usage() -> ! {
    eprintln!("usage: local-cognito [--host 127.0.0.1] [--port N] [--config FILE] [--write-config FILE] [--seed N]");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut a =
        Args { host: "127.0.0.1".into(), port: None, config: None, write_config: None, seed: None };
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
            "-h" | "--help" => usage(),
            _ => {
                eprintln!("unknown argument: {arg}");
                usage()
            }
        }
    }
    a
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let port = args
        .port
        .or_else(|| std::env::var("PORT").ok().and_then(|p| p.parse().ok()))
        .unwrap_or(9229);
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
                eprintln!("cannot read {path}: {e}");
                std::process::exit(1)
            });
            serde_json::from_str::<EmulatorConfig>(&text).unwrap_or_else(|e| {
                eprintln!("invalid config {path}: {e}");
                std::process::exit(1)
            })
        }
        None => EmulatorConfig::default_pool(),
    };
    if args.seed.is_some() {
        config.seed = args.seed;
    }
    let mut emu = Emulator::new(config).unwrap_or_else(|e| {
        eprintln!("invalid config: {e}");
        std::process::exit(1)
    });
    emu.warm_up();
    let listener =
        tokio::net::TcpListener::bind((args.host.as_str(), port)).await.unwrap_or_else(|e| {
            eprintln!("cannot bind {}:{port}: {e}", args.host);
            std::process::exit(1)
        });
    let bound = listener.local_addr().expect("local addr").port();
    let host = if args.host == "0.0.0.0" || args.host == "::" {
        "127.0.0.1".to_string()
    } else {
        args.host.clone()
    };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let endpoint = format!("http://{host}:{bound}");
    emu.set_base_url(&endpoint);
    let (pool_id, client_id) = emu.default_ids();
    let line =
        json!({"userPoolId": pool_id, "userPoolClientId": client_id, "userPoolEndpoint": endpoint})
            .to_string();
    let shell = Arc::new(Mutex::new(Shell::new(emu, &endpoint)));
    let app = router(shell);
    if let Some(path) = &args.write_config {
        let tmp = format!("{path}.tmp{}", std::process::id());
        if let Err(e) =
            std::fs::write(&tmp, format!("{line}\n")).and_then(|_| std::fs::rename(&tmp, path))
        {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1)
        }
    }
    println!("{line}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    eprintln!("[local-cognito] listening on {endpoint}");
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("signal handler");
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
        }
        #[cfg(not(unix))]
        {
            let _ = ctrl_c.await;
        }
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("server error: {e}");
        std::process::exit(1)
    }
}
