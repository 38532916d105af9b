//! The hosted UI's HTTP shell: routes (each with and without a `/<pool id>` prefix),
//! cookies, redirects and response headers. Logs one line per request: method, path (never
//! the query or body: codes, tokens, passwords and verifiers stay out of logs) and status.

use super::{pages, AuthRequest, ClientAuth, OAuthError, Outcome, Params, Rejection};
use crate::http::{SharedShell, Shell};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::convert::Infallible;

/// The hosted-UI routes, to merge into the main router.
pub(crate) fn routes() -> Router<SharedShell> {
    let mut r = Router::new();
    for prefix in ["", "/{pool_id}"] {
        r = r
            .route(&format!("{prefix}/oauth2/authorize"), get(authorize))
            .route(&format!("{prefix}/login"), get(authorize).post(login_post))
            .route(&format!("{prefix}/simulated-idp"), get(provider_get).post(provider_post))
            .route(&format!("{prefix}/logout"), get(logout))
            .route(&format!("{prefix}/oauth2/token"), axum::routing::post(token))
            .route(&format!("{prefix}/oauth2/userInfo"), get(userinfo).post(userinfo))
            .route(&format!("{prefix}/oauth2/revoke"), axum::routing::post(revoke));
    }
    r.route("/{pool_id}/.well-known/openid-configuration", get(openid_configuration))
        .route("/_local/oauth-callback", get(callback_page))
}

/// The `/<pool id>` a request came under (`None` without one). Read from the path, so one
/// handler serves both forms of a route.
struct Prefix(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Prefix {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let path = parts.uri.path().trim_start_matches('/');
        let first = path.split('/').next().unwrap_or("");
        let own = ["oauth2", "login", "logout", "simulated-idp"].contains(&first);
        let decoded = url::form_urlencoded::parse(format!("p={first}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned());
        Ok(Prefix(if own || first.is_empty() { None } else { decoded }))
    }
}

impl Prefix {
    fn path(&self) -> String {
        self.0.as_deref().map(|p| format!("/{p}")).unwrap_or_default()
    }
}

fn lock(s: &SharedShell) -> std::sync::MutexGuard<'_, Shell> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

fn log(method: &str, prefix: &Prefix, path: &str, status: u16, error: Option<&str>) {
    let error = error.map(|e| format!(" {e}")).unwrap_or_default();
    eprintln!("[local-cognito] {method} {}{path} -> {status}{error}", prefix.path());
}

const SESSION_COOKIE: &str = "lc_session_";
const CSRF_COOKIE: &str = "lc_csrf";

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        v.split(';').find_map(|c| {
            let (k, val) = c.trim().split_once('=')?;
            (k == name).then(|| val.to_string())
        })
    })
}

fn session_cookie_name(pool_id: &str) -> String {
    format!("{SESSION_COOKIE}{pool_id}")
}

fn set_cookie(r: &mut Response, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn html(status: u16, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    r
}

fn redirect(location: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn rejection(r: Rejection) -> Response {
    match r {
        Rejection::Page(m) => html(400, pages::error(&m)),
        Rejection::Redirect(location) => redirect(&location),
    }
}

/// A login-type page with a fresh CSRF token (cookie and hidden field must match on POST).
fn with_csrf(s: &mut Shell, render: impl FnOnce(&str) -> String, status: u16) -> Response {
    let csrf = s.emu.random_token(24);
    let mut r = html(status, render(&csrf));
    set_cookie(&mut r, &format!("{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict"));
    r
}

fn csrf_ok(headers: &HeaderMap, p: &Params) -> bool {
    match (cookie(headers, CSRF_COOKIE), p.get("_csrf")) {
        (Some(c), Some(f)) => subtle::ConstantTimeEq::ct_eq(c.as_bytes(), f.as_bytes()).into(),
        _ => false,
    }
}

fn login_page(
    s: &mut Shell,
    prefix: &Prefix,
    req: &AuthRequest,
    error: Option<&str>,
    user: &str,
    status: u16,
) -> Response {
    let providers =
        s.emu.client(&req.pool_id, &req.client_id).cfg.supported_identity_providers.clone();
    let pfx = prefix.path();
    with_csrf(s, |csrf| pages::login(&pfx, req, &providers, csrf, error, user), status)
}

fn outcome(
    s: &mut Shell,
    prefix: &Prefix,
    req: &AuthRequest,
    o: Outcome,
    user: &str,
    provider: Option<&str>,
) -> Response {
    match o {
        Outcome::Redirect { location, session } => {
            let mut r = redirect(&location);
            if let Some(id) = session {
                let name = session_cookie_name(&req.pool_id);
                let max_age = super::SESSION_TTL_MS / 1000;
                set_cookie(
                    &mut r,
                    &format!("{name}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}"),
                );
            }
            r
        }
        Outcome::Retry(m) => match provider {
            Some(p) => {
                let pfx = prefix.path();
                with_csrf(s, |csrf| pages::provider(&pfx, req, p, csrf, Some(&m)), 400)
            }
            None => login_page(s, prefix, req, Some(&m), user, 400),
        },
        Outcome::Unsupported(m) => html(400, pages::unsupported(&prefix.path(), req, &m)),
    }
}

/// `GET /oauth2/authorize` and `GET /login`.
async fn authorize(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let mut s = lock(&shell);
    let now = s.now_ms();
    let req = match super::check_authorize(&s.emu, prefix.0.as_deref(), &p) {
        Ok(r) => r,
        Err(r) => {
            let r = rejection(r);
            log("GET", &prefix, "/oauth2/authorize", r.status().as_u16(), None);
            return r;
        }
    };
    let resp = authorize_checked(&mut s, &prefix, &headers, &req, now);
    log("GET", &prefix, "/oauth2/authorize", resp.status().as_u16(), None);
    resp
}

fn authorize_checked(
    s: &mut Shell,
    prefix: &Prefix,
    headers: &HeaderMap,
    req: &AuthRequest,
    now: u64,
) -> Response {
    if let Some(p) = req.provider.as_deref().filter(|p| *p != "COGNITO") {
        // Straight to the (simulated) provider, as Cognito redirects to the IdP.
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in req.params() {
            q.append_pair(k, &v);
        }
        q.append_pair("identity_provider", p);
        return redirect(&format!("{}/simulated-idp?{}", prefix.path(), q.finish()));
    }
    let force_login = req.prompt.as_deref().is_some_and(|p| p.split(' ').any(|x| x == "login"));
    let session = cookie(headers, &session_cookie_name(&req.pool_id))
        .and_then(|id| s.emu.hosted_session(&id, &req.pool_id, now));
    if let (Some(sess), false) = (&session, force_login) {
        let (key, auth_time) = sess.who();
        let location = s.emu.finish_authorize(req, &key, auth_time, now);
        return redirect(&location);
    }
    if req.prompt.as_deref() == Some("none") {
        let mut p =
            vec![("error", "login_required"), ("error_description", "The user is not signed in.")];
        if let Some(st) = &req.state {
            p.push(("state", st));
        }
        return redirect(&super::redirect_with(
            &req.redirect_uri,
            req.response_type == "token",
            &p,
        ));
    }
    login_page(s, prefix, req, None, "", 200)
}

/// `POST /login`: the sign-in form.
async fn login_post(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let p = Params::parse(&String::from_utf8_lossy(&body));
    let mut s = lock(&shell);
    let now = s.now_ms();
    let resp = match super::check_authorize(&s.emu, prefix.0.as_deref(), &p) {
        Err(r) => rejection(r),
        Ok(req) => {
            let user = p.get("username").unwrap_or("").to_string();
            if !csrf_ok(&headers, &p) {
                login_page(
                    &mut s,
                    &prefix,
                    &req,
                    Some("The sign-in form expired. Please try again."),
                    &user,
                    400,
                )
            } else {
                let o = s.emu.hosted_login(&req, &user, p.get("password").unwrap_or(""), now);
                outcome(&mut s, &prefix, &req, o, &user, None)
            }
        }
    };
    log("POST", &prefix, "/login", resp.status().as_u16(), None);
    resp
}

/// The provider a simulated-provider request names (`identity_provider`), if the client
/// supports it.
fn social_provider(req: &AuthRequest) -> Result<String, Rejection> {
    req.provider.clone().filter(|p| p != "COGNITO").ok_or_else(|| {
        Rejection::Page(
            "identity_provider must name a social or OIDC provider of this app client.".into(),
        )
    })
}

async fn provider_get(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let mut s = lock(&shell);
    let resp = match super::check_authorize(&s.emu, prefix.0.as_deref(), &p)
        .and_then(|req| social_provider(&req).map(|prov| (req, prov)))
    {
        Err(r) => rejection(r),
        Ok((req, prov)) => {
            let pfx = prefix.path();
            with_csrf(&mut s, |csrf| pages::provider(&pfx, &req, &prov, csrf, None), 200)
        }
    };
    log("GET", &prefix, "/simulated-idp", resp.status().as_u16(), None);
    resp
}

async fn provider_post(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let p = Params::parse(&String::from_utf8_lossy(&body));
    let mut s = lock(&shell);
    let now = s.now_ms();
    let resp = match super::check_authorize(&s.emu, prefix.0.as_deref(), &p)
        .and_then(|req| social_provider(&req).map(|prov| (req, prov)))
    {
        Err(r) => rejection(r),
        Ok((req, prov)) => {
            if !csrf_ok(&headers, &p) {
                let pfx = prefix.path();
                let m = "The sign-in form expired. Please try again.";
                with_csrf(&mut s, |csrf| pages::provider(&pfx, &req, &prov, csrf, Some(m)), 400)
            } else {
                let o =
                    s.emu.federated_login(&req, &prov, p.get("email").unwrap_or("").trim(), now);
                outcome(&mut s, &prefix, &req, o, "", Some(&prov))
            }
        }
    };
    log("POST", &prefix, "/simulated-idp", resp.status().as_u16(), None);
    resp
}

/// `GET /logout?client_id&logout_uri` (or `&redirect_uri&response_type…`: sign out, then
/// the sign-in page). The session ends and its cookie is cleared.
async fn logout(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let mut s = lock(&shell);
    let resp = logout_inner(&mut s, &prefix, &headers, &p);
    log("GET", &prefix, "/logout", resp.status().as_u16(), None);
    resp
}

fn logout_inner(s: &mut Shell, prefix: &Prefix, headers: &HeaderMap, p: &Params) -> Response {
    let Some(client_id) = p.get("client_id") else {
        return html(400, pages::error("client_id is missing."));
    };
    let Some(pool_id) = super::logout_client(&s.emu, prefix.0.as_deref(), client_id) else {
        return html(400, pages::error("The client_id is not a client of this user pool."));
    };
    let cfg = &s.emu.client(&pool_id, client_id).cfg;
    let location = match (p.get("logout_uri"), p.get("redirect_uri")) {
        (Some(uri), _) if cfg.logout_urls.iter().any(|u| u == uri) => uri.to_string(),
        (Some(_), _) => {
            return html(
                400,
                pages::error("The logout_uri is not one of the app client's sign-out URLs."),
            )
        }
        (None, Some(_)) if p.get("response_type").is_some() => {
            // Sign out, then sign in again: the login page checks the rest.
            format!("{}/login?{}", prefix.path(), q_without_session(p))
        }
        (None, _) => return html(400, pages::error("logout_uri is missing.")),
    };
    let name = session_cookie_name(&pool_id);
    if let Some(id) = cookie(headers, &name) {
        s.emu.end_hosted_session(&id);
    }
    let mut r = redirect(&location);
    set_cookie(&mut r, &format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
    r
}

fn q_without_session(p: &Params) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &p.0 {
        if k != "logout_uri" {
            q.append_pair(k, v);
        }
    }
    q.finish()
}

fn json_response(status: u16, body: &Value) -> Response {
    let mut r = Response::new(Body::from(body.to_string()));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

fn oauth_error(e: &OAuthError) -> Response {
    let mut r =
        json_response(e.status, &json!({"error": e.error, "error_description": e.description}));
    if e.basic_challenge {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"local-cognito\""),
        );
    }
    r
}

/// A form body: `Err` for another content type (RFC 6749 §4.1.3: the token request is
/// application/x-www-form-urlencoded).
fn form(headers: &HeaderMap, body: &Bytes) -> Result<Params, OAuthError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return Err(OAuthError {
            status: 400,
            error: "invalid_request",
            description: "The body must be application/x-www-form-urlencoded.".into(),
            basic_challenge: false,
        });
    }
    Ok(Params::parse(&String::from_utf8_lossy(body)))
}

fn client_auth(headers: &HeaderMap) -> ClientAuth {
    ClientAuth::from_header(headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()))
}

/// `POST /oauth2/token`.
async fn token(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = tokio::task::spawn_blocking(move || {
        let p = form(&headers, &body)?;
        let mut s = lock(&shell);
        let now = s.now_ms();
        s.emu.oauth_token(prefix.0.as_deref(), &client_auth(&headers), &p, now).map(|v| (v, prefix))
    })
    .await;
    let (resp, prefix, err) = match result {
        Ok(Ok((v, prefix))) => (json_response(200, &v), prefix, None),
        Ok(Err(e)) => (oauth_error(&e), Prefix(None), Some(e.error)),
        Err(_) => (
            json_response(500, &json!({"error": "server_error"})),
            Prefix(None),
            Some("server_error"),
        ),
    };
    log("POST", &prefix, "/oauth2/token", resp.status().as_u16(), err);
    resp
}

/// `POST /oauth2/revoke`.
async fn revoke(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = form(&headers, &body).and_then(|p| {
        let mut s = lock(&shell);
        s.emu.oauth_revoke(prefix.0.as_deref(), &client_auth(&headers), &p)
    });
    let (resp, err) = match result {
        Ok(()) => {
            let mut r = Response::new(Body::empty());
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            (r, None)
        }
        Err(e) => (oauth_error(&e), Some(e.error)),
    };
    log("POST", &prefix, "/oauth2/revoke", resp.status().as_u16(), err);
    resp
}

/// `GET|POST /oauth2/userInfo` with `Authorization: Bearer <access token>`.
async fn userinfo(
    State(shell): State<SharedShell>,
    prefix: Prefix,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_string());
    let result = {
        let mut s = lock(&shell);
        let now = s.now_ms();
        s.emu.oauth_userinfo(prefix.0.as_deref(), bearer.as_deref(), now)
    };
    let resp = match &result {
        Ok(v) => json_response(200, v),
        Err((status, error, description)) => {
            let mut r =
                json_response(*status, &json!({"error": error, "error_description": description}));
            let challenge =
                format!("Bearer error=\"{error}\", error_description=\"{description}\"");
            if let Ok(v) = HeaderValue::from_str(&challenge) {
                r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
            r
        }
    };
    log(
        method.as_str(),
        &prefix,
        "/oauth2/userInfo",
        resp.status().as_u16(),
        result.err().map(|e| e.1),
    );
    resp
}

async fn openid_configuration(State(shell): State<SharedShell>, prefix: Prefix) -> Response {
    let s = lock(&shell);
    match prefix.0.as_deref().and_then(|pool| super::openid_configuration(&s.emu, pool)) {
        Some(v) => json_response(200, &v),
        None => json_response(404, &json!({"message": "User pool not found"})),
    }
}

/// A landing page for the default client's callback and sign-out URL on the emulator's own
/// origin: shows what came back (manual testing without an app).
async fn callback_page(RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let mut rows = String::new();
    for (k, v) in &p.0 {
        rows.push_str(&format!(
            "<dt>{}</dt><dd><code>{}</code></dd>",
            pages::esc(k),
            pages::esc(v)
        ));
    }
    let body = if rows.is_empty() {
        "<h1>Signed out</h1><p>Nothing came back (a sign-out redirect lands here).</p>".to_string()
    } else {
        format!("<h1>Back from the hosted UI</h1><dl>{rows}</dl><p>Exchange a <code>code</code> at <code>POST /oauth2/token</code>.</p>")
    };
    html(200, format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OAuth callback - local-cognito</title></head><body><main>{body}</main></body></html>"))
}
