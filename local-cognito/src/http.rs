//! The thin HTTP shell: routing, CORS, dev endpoints and the clock offset.

use crate::config::PoolConfig;
use crate::emulator::Emulator;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const ALLOWED_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, authorization, x-amz-date, x-amz-security-token";
const EXPOSED_HEADERS: &str = "x-amzn-errortype, x-amzn-requestid";

/// Shared server state: the emulator and the clock offset.
pub struct Shell {
    pub emu: Emulator,
    /// Emulator clock minus wall clock, ms (moved by `/_local/clock`).
    pub offset_ms: i64,
    /// Base URL (`http://host:port`), for `/_local/pools` answers.
    pub endpoint: String,
}

pub type SharedShell = Arc<Mutex<Shell>>;

fn wall_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

impl Shell {
    pub fn new(emu: Emulator, endpoint: &str) -> Self {
        Shell { emu, offset_ms: 0, endpoint: endpoint.to_string() }
    }
    /// The emulator clock in ms.
    pub fn now_ms(&self) -> u64 {
        (wall_ms() + self.offset_ms).max(0) as u64
    }
}

fn lock(s: &SharedShell) -> std::sync::MutexGuard<'_, Shell> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

/// Build the router.
pub fn router(shell: SharedShell) -> Router {
    Router::new()
        .route("/", post(cognito))
        .route(
            "/_local/health",
            get(|| async { json_response(200, json!({"ok": true}).to_string()) }),
        )
        .route("/_local/inbox", get(inbox_get).delete(inbox_clear))
        .route("/_local/clock", get(clock_get).post(clock_post))
        .route("/_local/faults", post(faults_post))
        .route("/_local/stats", get(stats_get))
        .route("/_local/stats/reset", post(stats_reset))
        .route("/_local/pools", post(pools_post))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .fallback(not_found)
        .layer(middleware::from_fn(cors))
        .with_state(shell)
}

fn json_response(status: u16, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

async fn not_found() -> Response {
    json_response(404, json!({"message": "Not found"}).to_string())
}

async fn cors(req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let requested = req
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut resp = if req.method() == Method::OPTIONS {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::OK;
        let allow = match requested {
            Some(extra) if !extra.is_empty() => format!("{ALLOWED_HEADERS}, {extra}"),
            _ => ALLOWED_HEADERS.to_string(),
        };
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_str(&allow).unwrap_or(HeaderValue::from_static(ALLOWED_HEADERS)),
        );
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        r
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    match origin {
        Some(o) => {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        None => {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
    }
    h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
    resp
}

async fn cognito(State(shell): State<SharedShell>, headers: HeaderMap, body: Bytes) -> Response {
    let target =
        headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = String::from_utf8_lossy(&body).into_owned();
    let result = tokio::task::spawn_blocking(move || {
        let mut s = lock(&shell);
        let request_id = s.emu.request_id();
        let Some(action) = target.strip_prefix(TARGET_PREFIX) else {
            let e = crate::error::ApiError::new(
                "UnknownOperationException",
                "Missing or unknown X-Amz-Target",
            );
            return (e.status, e.body(), request_id, target);
        };
        let now = s.now_ms();
        let offset = s.offset_ms;
        s.emu.set_wall_clock_offset_ms(offset);
        let (status, out) = s.emu.handle(action, &body, now);
        (status, out, request_id, action.to_string())
    })
    .await;
    let (status, out, request_id, action) = match result {
        Ok(r) => r,
        Err(_) => (
            500,
            crate::error::ApiError::internal("Internal error").body(),
            String::new(),
            String::new(),
        ),
    };
    let error_type = if status >= 300 {
        serde_json::from_str::<Value>(&out)
            .ok()
            .and_then(|v| v.get("__type").and_then(Value::as_str).map(String::from))
    } else {
        None
    };
    eprintln!(
        "[local-cognito] {action} -> {status}{}",
        error_type.as_deref().map(|e| format!(" {e}")).unwrap_or_default()
    );
    let mut r = json_response(status, out);
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-amz-json-1.1"));
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        r.headers_mut().insert("x-amzn-requestid", v);
    }
    if let Some(e) = error_type.and_then(|e| HeaderValue::from_str(&e).ok()) {
        r.headers_mut().insert("x-amzn-errortype", e);
    }
    r
}

async fn inbox_get(
    State(shell): State<SharedShell>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let s = lock(&shell);
    let msgs =
        s.emu.inbox(q.get("username").map(String::as_str), q.get("userPoolId").map(String::as_str));
    json_response(200, json!({ "messages": msgs }).to_string())
}

async fn inbox_clear(State(shell): State<SharedShell>) -> Response {
    lock(&shell).emu.clear_inbox();
    json_response(200, "{}".into())
}

fn clock_state(s: &Shell) -> Value {
    json!({"offsetSeconds": s.offset_ms as f64 / 1000.0, "now": s.now_ms()})
}

async fn clock_get(State(shell): State<SharedShell>) -> Response {
    let s = lock(&shell);
    json_response(200, clock_state(&s).to_string())
}

async fn clock_post(State(shell): State<SharedShell>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
    let mut s = lock(&shell);
    if v.get("reset").and_then(Value::as_bool) == Some(true) {
        s.offset_ms = 0;
    }
    match v.get("advanceSeconds").and_then(Value::as_f64) {
        Some(n) if n >= 0.0 => s.offset_ms += (n * 1000.0) as i64,
        Some(_) => {
            return json_response(
                400,
                json!({"message": "advanceSeconds must be >= 0"}).to_string(),
            )
        }
        None if v.get("reset").is_none() => {
            return json_response(400, json!({"message": "advanceSeconds is required"}).to_string())
        }
        None => {}
    }
    let offset = s.offset_ms;
    s.emu.set_wall_clock_offset_ms(offset);
    json_response(200, clock_state(&s).to_string())
}

async fn faults_post(State(shell): State<SharedShell>, body: Bytes) -> Response {
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return json_response(400, json!({"message": format!("invalid JSON: {e}")}).to_string())
        }
    };
    let (Some(action), Some(error)) =
        (v.get("action").and_then(Value::as_str), v.get("error").and_then(Value::as_str))
    else {
        return json_response(400, json!({"message": "action and error are required"}).to_string());
    };
    let status = v.get("status").and_then(Value::as_u64).unwrap_or(400) as u16;
    let count = v.get("count").and_then(Value::as_u64).unwrap_or(1) as u32;
    let message = v.get("message").and_then(Value::as_str).map(String::from);
    lock(&shell).emu.add_fault(action, error, status, count, message);
    json_response(200, "{}".into())
}

async fn stats_get(State(shell): State<SharedShell>) -> Response {
    json_response(200, lock(&shell).emu.stats().to_string())
}

async fn stats_reset(State(shell): State<SharedShell>) -> Response {
    lock(&shell).emu.reset_stats();
    json_response(200, "{}".into())
}

async fn pools_post(State(shell): State<SharedShell>, body: Bytes) -> Response {
    let cfg: PoolConfig = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => {
            return json_response(
                400,
                json!({"message": format!("invalid pool config: {e}")}).to_string(),
            )
        }
    };
    let mut s = lock(&shell);
    let now = s.now_ms();
    match s.emu.add_pool(cfg, now) {
        Ok(info) => {
            let mut out = json!({
                "userPoolId": info.user_pool_id,
                "userPoolClientId": info.user_pool_client_id,
                "userPoolEndpoint": s.endpoint,
            });
            if let Some(secret) = info.client_secret {
                out["userPoolClientSecret"] = json!(secret);
            }
            json_response(200, out.to_string())
        }
        Err(e) => json_response(400, json!({ "message": e }).to_string()),
    }
}

async fn jwks(State(shell): State<SharedShell>, Path(pool_id): Path<String>) -> Response {
    let mut s = lock(&shell);
    match s.emu.jwks(&pool_id) {
        Some(v) => json_response(200, v.to_string()),
        None => json_response(404, json!({"message": "User pool not found"}).to_string()),
    }
}
