//! The thin HTTP shell: routing, CORS, dev endpoints and the clock offset.
//!
//! Browsers may call the public Cognito API from any origin (as they may call Cognito), but
//! the dev endpoints (`/_local/*`) and the actions Cognito only accepts signed by IAM (the
//! `Admin*` actions, ListUsers and the control plane, unsigned here) answer browser
//! requests only from loopback origins, unless `--allow-origin` widens that; so another
//! site open in the same browser cannot read the dev inbox or create users. Requests without
//! an `Origin` header (the AWS CLI, SDKs, curl) are not browsers' and stay allowed.

use crate::clock::MAX_MS;
use crate::config::PoolConfig;
use crate::emulator::Emulator;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
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
/// Cognito Identity (identity pools), served on the same port.
const IDENTITY_TARGET_PREFIX: &str = "AWSCognitoIdentityService.";
const ALLOWED_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, authorization, x-amz-date, x-amz-security-token";
const EXPOSED_HEADERS: &str = "x-amzn-errortype, x-amzn-requestid";
/// Largest request body accepted (bytes); larger ones answer 413.
pub const MAX_BODY: usize = 1 << 20;

/// Actions Cognito serves without IAM signing (public, or authorised by a token or a
/// session). Everything else (Admin*, ListUsers, the control plane, unknown names) counts
/// as privileged for the origin check.
const PUBLIC_ACTIONS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ChangePassword",
    "GetUser",
    "UpdateUserAttributes",
    "DeleteUserAttributes",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "DeleteUser",
    "GetUserAuthFactors",
    "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration",
    "ListWebAuthnCredentials",
    "DeleteWebAuthnCredential",
    "ListDevices",
    "GetDevice",
    "ForgetDevice",
    "UpdateDeviceStatus",
    "ConfirmDevice",
    "GlobalSignOut",
    "RevokeToken",
    "GetTokensFromRefreshToken",
];

/// Is `origin` a loopback one (`http(s)://localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`)?
pub fn is_loopback_origin(origin: &str) -> bool {
    let Ok(u) = url::Url::parse(origin) else { return false };
    if !matches!(u.scheme(), "http" | "https") {
        return false;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn origin_allowed(origin: &str, extra: &[String]) -> bool {
    is_loopback_origin(origin) || extra.iter().any(|o| o == "*" || o == origin)
}

/// Does this request reach a dev endpoint or an action Cognito only takes IAM-signed?
fn privileged(req: &Request) -> bool {
    let path = req.uri().path();
    if path.starts_with("/_local") {
        return true;
    }
    if path != "/" || req.method() == Method::OPTIONS {
        return false;
    }
    let target = req.headers().get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(action) = target.strip_prefix(IDENTITY_TARGET_PREFIX) {
        return !crate::IDENTITY_PUBLIC_ACTIONS.contains(&action);
    }
    let action = target.strip_prefix(TARGET_PREFIX).unwrap_or("");
    !PUBLIC_ACTIONS.contains(&action)
}

fn forbidden_origin() -> Response {
    json_response(
        403,
        json!({"__type": "AccessDeniedException", "message": "This origin may not call local-cognito's dev endpoints or unsigned admin actions; start it with --allow-origin ORIGIN to allow it."}).to_string(),
    )
}

/// Shared server state: the emulator and the clock offset.
pub struct Shell {
    pub emu: Emulator,
    /// Origins allowed besides loopback ones for dev endpoints and unsigned admin actions
    /// (`*` allows any).
    pub allowed_origins: Vec<String>,
    /// Emulator clock minus wall clock, ms (moved by `/_local/clock`).
    pub offset_ms: i64,
    /// Base URL (`http://host:port`), for `/_local/pools` answers.
    pub endpoint: String,
    /// Stalls injected by `/_local/faults` `{"action","stallMs","count","during"}`: the next
    /// `count` calls of the action wait `stallMs` before they are handled, or with `"during":
    /// "body"`, are handled at once and answered with status, headers and the body's first
    /// byte, the rest `stallMs` later (a slow network or server, for clients' timeouts).
    /// At most 1,000 actions.
    pub stalls: HashMap<String, Stall>,
}

pub type SharedShell = Arc<Mutex<Shell>>;

fn wall_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// One injected stall: how long, how many calls are left, and whether the body is what waits.
#[derive(Clone, Copy)]
pub struct Stall {
    ms: u64,
    left: u32,
    in_body: bool,
}

/// The longest stall `/_local/faults` takes, ms (ten minutes).
const MAX_STALL_MS: u64 = 600_000;

impl Shell {
    /// The stall due for one call of `action`, if any (counted down).
    fn take_stall(&mut self, action: &str) -> Option<Stall> {
        let stall = self.stalls.get_mut(action)?;
        let taken = *stall;
        stall.left -= 1;
        if stall.left == 0 {
            self.stalls.remove(action);
        }
        Some(taken)
    }

    pub fn new(emu: Emulator, endpoint: &str) -> Self {
        Shell {
            emu,
            allowed_origins: Vec::new(),
            offset_ms: 0,
            endpoint: endpoint.to_string(),
            stalls: HashMap::new(),
        }
    }
    /// The emulator clock in ms (never beyond `clock::MAX_MS`).
    pub fn now_ms(&self) -> u64 {
        let ms = wall_ms().saturating_add(self.offset_ms).max(0);
        u64::try_from(ms).unwrap_or(0).min(MAX_MS)
    }
}

fn lock(s: &SharedShell) -> std::sync::MutexGuard<'_, Shell> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

/// Build the router.
pub fn router(shell: SharedShell) -> Router {
    let origins: Arc<[String]> = lock(&shell).allowed_origins.clone().into();
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
        .route("/.well-known/jwks_uri", get(identity_jwks))
        .merge(crate::hosted::routes())
        .fallback(not_found)
        .layer(middleware::from_fn(move |req, next| cors(origins.clone(), req, next)))
        .layer(DefaultBodyLimit::max(MAX_BODY))
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

async fn cors(allowed: Arc<[String]>, req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    if let Some(o) = &origin {
        let ok = o.to_str().is_ok_and(|o| origin_allowed(o, &allowed));
        if !ok && privileged(&req) {
            // Not run, and no CORS headers: the page can neither act nor read.
            return forbidden_origin();
        }
    }
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

/// A Cognito-shaped error answer made by the shell itself.
fn shell_error(status: u16, kind: &str, message: &str) -> (u16, String) {
    (status, crate::error::ApiError::new(kind, message).with_status(status).body())
}

/// The service an `X-Amz-Target` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    /// `AWSCognitoIdentityProviderService` (user pools).
    UserPools,
    /// `AWSCognitoIdentityService` (identity pools).
    Identity,
}

/// The service and action named by `X-Amz-Target`, if it is one we could serve (bounded
/// ASCII name).
fn action_of(headers: &HeaderMap) -> Option<(Service, String)> {
    let target = headers.get("x-amz-target")?.to_str().ok()?;
    let (service, action) = match target.strip_prefix(TARGET_PREFIX) {
        Some(a) => (Service::UserPools, a),
        None => (Service::Identity, target.strip_prefix(IDENTITY_TARGET_PREFIX)?),
    };
    let plain = !action.is_empty()
        && action.len() <= 64
        && action.bytes().all(|b| b.is_ascii_alphanumeric());
    plain.then(|| (service, action.to_string()))
}

/// Check the body before the core sees it: size (413) and UTF-8 (SerializationException).
fn checked_body(body: Result<Bytes, BytesRejection>) -> Result<String, (u16, String)> {
    let bytes = body.map_err(|e| {
        let status = e.status().as_u16();
        let message = format!("Request body is not readable or larger than {MAX_BODY} bytes.");
        shell_error(status, "SerializationException", &message)
    })?;
    String::from_utf8(bytes.to_vec())
        .map_err(|_| shell_error(400, "SerializationException", "Request body is not valid UTF-8."))
}

async fn cognito(
    State(shell): State<SharedShell>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let action = action_of(&headers);
    let stall = action.as_ref().and_then(|(_, a)| lock(&shell).take_stall(a));
    if let Some(Stall { ms, in_body: false, .. }) = stall {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    let body = checked_body(body);
    let call = action.clone();
    let result = tokio::task::spawn_blocking(move || {
        let mut s = lock(&shell);
        let request_id = s.emu.request_id();
        let (status, out) = match (call, body) {
            (_, Err(e)) => e,
            (None, _) => {
                shell_error(400, "UnknownOperationException", "Missing or unknown X-Amz-Target")
            }
            (Some((service, action)), Ok(body)) => {
                let now = s.now_ms();
                let offset = s.offset_ms;
                s.emu.set_wall_clock_offset_ms(offset);
                match service {
                    Service::UserPools => s.emu.handle(&action, &body, now),
                    Service::Identity => s.emu.handle_identity(&action, &body, now),
                }
            }
        };
        (status, out, request_id)
    })
    .await;
    let (status, out, request_id) = result.unwrap_or_else(|_| {
        (500, crate::error::ApiError::internal("Internal error").body(), String::new())
    });
    let shown = action.as_ref().map(|(_, a)| a.as_str()).unwrap_or("<invalid target>");
    let body_stall = stall.filter(|s| s.in_body).map(|s| s.ms);
    cognito_response(status, out, &request_id, shown, body_stall)
}

/// `out` sent as its first byte, then the rest after `ms` (chunked: no Content-Length).
fn stalled_body(out: String, ms: u64) -> Body {
    let mut bytes = Bytes::from(out);
    let rest = bytes.split_off(bytes.len().min(1));
    let first = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
    let later = futures_util::stream::once(async move {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        Ok(rest)
    });
    Body::from_stream(futures_util::StreamExt::chain(first, later))
}

/// Log one line (action, status, error code; never bodies) and build the response (its body
/// after its first byte held back `body_stall` ms, if given).
fn cognito_response(
    status: u16,
    out: String,
    request_id: &str,
    action: &str,
    body_stall: Option<u64>,
) -> Response {
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
    let mut r = match body_stall {
        None => json_response(status, out),
        Some(ms) => {
            let mut r = json_response(status, String::new());
            *r.body_mut() = stalled_body(out, ms);
            r
        }
    };
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-amz-json-1.1"));
    if let Ok(v) = HeaderValue::from_str(request_id) {
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

fn bad_request(message: &str) -> Response {
    json_response(400, json!({ "message": message }).to_string())
}

/// `{"advanceSeconds": n}` moves the clock ahead (n finite, >= 0, and the clock stays at or
/// before 9999-12-31); `{"reset": true}` puts it back to the wall clock first.
async fn clock_post(State(shell): State<SharedShell>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
    let mut s = lock(&shell);
    let reset = v.get("reset").and_then(Value::as_bool) == Some(true);
    let advance = v.get("advanceSeconds");
    if advance.is_none() && v.get("reset").is_none() {
        return bad_request("advanceSeconds is required");
    }
    let advance_ms = match advance.map(Value::as_f64) {
        None => 0,
        Some(Some(n)) if n.is_finite() && n >= 0.0 => {
            let now = if reset { u64::try_from(wall_ms()).unwrap_or(0) } else { s.now_ms() };
            let room = MAX_MS.saturating_sub(now);
            let ms = n * 1000.0;
            if ms > room as f64 {
                return bad_request(&format!(
                    "advanceSeconds must be between 0 and {} (the clock stops at 9999-12-31)",
                    room / 1000
                ));
            }
            ms as i64
        }
        Some(_) => return bad_request("advanceSeconds must be a finite number >= 0"),
    };
    if reset {
        s.offset_ms = 0;
    }
    s.offset_ms = s.offset_ms.saturating_add(advance_ms);
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
    let count = v.get("count").and_then(Value::as_u64).unwrap_or(1).min(u64::from(u32::MAX)) as u32;
    if let (Some(action), Some(stall)) = (v.get("action").and_then(Value::as_str), v.get("stallMs"))
    {
        let Some(ms) = stall.as_u64().filter(|ms| *ms <= MAX_STALL_MS) else {
            let message = format!("stallMs must be an integer from 0 to {MAX_STALL_MS}");
            return json_response(400, json!({ "message": message }).to_string());
        };
        let in_body = match v.get("during").map(|d| d.as_str()) {
            None | Some(Some("handling")) => false,
            Some(Some("body")) => true,
            Some(_) => {
                let message = r#"during must be "handling" (the default) or "body""#;
                return json_response(400, json!({ "message": message }).to_string());
            }
        };
        let mut s = lock(&shell);
        if count == 0 {
            s.stalls.remove(action);
        } else if s.stalls.len() < 1_000 || s.stalls.contains_key(action) {
            s.stalls.insert(action.to_string(), Stall { ms, left: count, in_body });
        }
        return json_response(200, "{}".into());
    }
    let (Some(action), Some(error)) =
        (v.get("action").and_then(Value::as_str), v.get("error").and_then(Value::as_str))
    else {
        let message = "action and error (or action and stallMs) are required";
        return json_response(400, json!({ "message": message }).to_string());
    };
    let status = v.get("status").and_then(Value::as_u64).unwrap_or(400) as u16;
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

/// The public key of Cognito Identity's OpenID tokens (GetOpenIdToken), as
/// `https://cognito-identity.amazonaws.com/.well-known/jwks_uri` serves it.
async fn identity_jwks(State(shell): State<SharedShell>) -> Response {
    json_response(200, lock(&shell).emu.identity_jwks().to_string())
}
