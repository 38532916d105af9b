//! Cognito's hosted UI and OAuth 2.0 endpoints (the user pool domain's), served on the
//! emulator's own port: `/oauth2/authorize`, `/login`, `/logout`, `/oauth2/token`,
//! `/oauth2/userInfo`, `/oauth2/revoke` and `/<pool>/.well-known/openid-configuration`,
//! each also under a `/<pool id>` prefix (see README.md "Hosted UI and OAuth 2.0").
//!
//! This module is the protocol core (no sockets: the emulator, a parameter list and the
//! emulator clock in, a decision out); `pages.rs` renders HTML and `routes.rs` is the axum
//! shell. Sources: Amazon Cognito Developer Guide, "The redirect and authorization
//! endpoint", "The token issuer endpoint", "The user attributes endpoint", "The logout
//! endpoint", "The token revocation endpoint"; RFC 6749 (§4.1, §5.2), RFC 7636 (PKCE),
//! RFC 7009 (revocation), RFC 6750 (bearer errors).

pub(crate) mod pages;
mod routes;

pub(crate) use routes::routes;

use crate::actions::password::{check_can_sign_in, password_matches};
use crate::actions::sign_in::{check_lockout, password_failed, password_succeeded, FlowCtx};
use crate::actions::tokens::{self, OAuthTokens};
use crate::clock::after_ms;
use crate::config::MfaMode;
use crate::state::Emulator;
use crate::store::UserStatus;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// An authorization code lives 5 minutes ("The token issuer endpoint": codes are single use
/// and expire after five minutes).
pub(crate) const CODE_TTL_MS: u64 = 300_000;
/// The hosted-UI session (cookie) lasts an hour, as Cognito's.
pub(crate) const SESSION_TTL_MS: u64 = 3_600_000;
/// Codes, used codes and sessions kept at most (oldest dropped first).
const MAX_ENTRIES: usize = 10_000;

/// The default client's callback and sign-out URLs: the demo (www/ on :8080), common dev
/// servers (Vite 5173, CRA/Next 3000, Angular 4200) and the emulator's own landing page.
pub(crate) const DEFAULT_LOCAL_URLS: &[&str] = &[
    "http://localhost:8080/",
    "http://127.0.0.1:8080/",
    "http://localhost:5173/",
    "http://127.0.0.1:5173/",
    "http://localhost:3000/",
    "http://localhost:4200/",
    "http://localhost:9229/_local/oauth-callback",
    "http://127.0.0.1:9229/_local/oauth-callback",
];

/// OAuth settings of the default pool's client: code and implicit flows, the standard
/// scopes, Cognito users plus the simulated social providers.
pub(crate) fn default_local_oauth(c: &mut crate::config::ClientConfig) {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    c.allowed_oauth_flows_user_pool_client = true;
    c.allowed_oauth_flows = strings(&["code", "implicit"]);
    c.allowed_oauth_scopes =
        strings(&["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]);
    c.callback_urls = strings(DEFAULT_LOCAL_URLS);
    c.logout_urls = strings(DEFAULT_LOCAL_URLS);
    c.default_redirect_uri = Some(DEFAULT_LOCAL_URLS[0].to_string());
    c.supported_identity_providers =
        strings(&["COGNITO", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]);
}

/// Social providers simulated here, by Cognito's `identity_provider` name.
const SOCIAL: &[&str] = &["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"];

/// Hosted-UI state: pending codes and sessions.
#[derive(Default)]
pub(crate) struct OAuthState {
    codes: HashMap<String, AuthCode>,
    /// Redeemed codes -> the token family they produced (a replay revokes it, RFC 6749
    /// §4.1.2) and when they were redeemed.
    used_codes: HashMap<String, (String, u64)>,
    sessions: HashMap<String, Session>,
}

/// A code waiting for the token endpoint.
#[derive(Clone)]
struct AuthCode {
    req: AuthRequest,
    user_key: String,
    sub: String,
    auth_time: u64,
    expires_ms: u64,
}

/// A hosted-UI session: who signed in to which pool, when.
#[derive(Clone)]
pub(crate) struct Session {
    pool_id: String,
    user_key: String,
    sub: String,
    auth_time: u64,
    expires_ms: u64,
}

/// A checked authorize request.
#[derive(Clone, Debug)]
pub(crate) struct AuthRequest {
    pub pool_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    /// `code` or `token`.
    pub response_type: String,
    pub scopes: Vec<String>,
    pub state: Option<String>,
    /// The S256 challenge.
    pub code_challenge: Option<String>,
    pub nonce: Option<String>,
    /// The provider to go to (`identity_provider`, or the one `idp_identifier` names).
    pub provider: Option<String>,
    pub prompt: Option<String>,
}

impl AuthRequest {
    /// The parameters that recreate this request (hidden form fields, the provider page).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("client_id", self.client_id.clone()),
            ("redirect_uri", self.redirect_uri.clone()),
            ("response_type", self.response_type.clone()),
            ("scope", self.scopes.join(" ")),
        ];
        for (k, v) in [
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &self.code_challenge),
        ] {
            if let Some(v) = v {
                p.push((k, v.clone()));
            }
        }
        if self.code_challenge.is_some() {
            p.push(("code_challenge_method", "S256".into()));
        }
        p
    }
}

/// Request parameters (query or form), in order, duplicates kept.
pub(crate) struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(s: &str) -> Params {
        Params(url::form_urlencoded::parse(s.as_bytes()).into_owned().collect())
    }
    /// The value of `name`; `Err` when it is given more than once (RFC 6749 §3.1: parameters
    /// must not repeat). An empty value counts as absent.
    pub fn one(&self, name: &str) -> Result<Option<&str>, String> {
        let mut it = self.0.iter().filter(|(k, _)| k == name);
        let first = it.next();
        if it.next().is_some() {
            return Err(format!("{name} is given more than once"));
        }
        Ok(first.map(|(_, v)| v.as_str()).filter(|v| !v.is_empty()))
    }
    /// Like `one`, a repeated parameter read as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.one(name).ok().flatten()
    }
}

/// Why an authorize request stops.
#[derive(Debug)]
pub(crate) enum Rejection {
    /// Shown as an error page, never redirected: the client or the redirect URI cannot be
    /// trusted (RFC 6749 §4.1.2.1).
    Page(String),
    /// Sent back to the (registered) redirect URI: `error`, `error_description`, `state`.
    Redirect(String),
}

/// `redirect_uri` with the given response parameters: in the query for the code flow, in
/// the fragment for the implicit one (RFC 6749 §4.1.2, §4.2.2).
pub(crate) fn redirect_with(redirect_uri: &str, fragment: bool, params: &[(&str, &str)]) -> String {
    let Ok(mut url) = url::Url::parse(redirect_uri) else { return redirect_uri.to_string() };
    if fragment {
        let mut f = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in params {
            f.append_pair(k, v);
        }
        url.set_fragment(Some(&f.finish()));
    } else {
        let mut q = url.query_pairs_mut();
        for (k, v) in params {
            q.append_pair(k, v);
        }
        drop(q);
    }
    url.to_string()
}

fn error_redirect(
    redirect_uri: &str,
    fragment: bool,
    state: Option<&str>,
    error: &str,
    description: &str,
) -> Rejection {
    let mut p = vec![("error", error), ("error_description", description)];
    if let Some(s) = state {
        p.push(("state", s));
    }
    Rejection::Redirect(redirect_with(redirect_uri, fragment, &p))
}

/// The provider an `identity_provider` / `idp_identifier` value names among the client's,
/// compared as Cognito does (provider names exactly; identifiers case-insensitively).
fn named_provider(supported: &[String], name: &str, identifier: bool) -> Option<String> {
    supported
        .iter()
        .find(|p| if identifier { p.eq_ignore_ascii_case(name) } else { *p == name })
        .cloned()
}

/// Check an authorize (or login) request. `pool_prefix` is the `/<pool id>` the request
/// came under, if any: the client must belong to that pool.
pub(crate) fn check_authorize(
    emu: &Emulator,
    pool_prefix: Option<&str>,
    p: &Params,
) -> Result<AuthRequest, Rejection> {
    let page = |m: &str| Rejection::Page(m.to_string());
    let client_id =
        p.one("client_id").map_err(|e| page(&e))?.ok_or_else(|| page("client_id is missing."))?;
    let pool_id = emu
        .store
        .pool_of_client(client_id)
        .filter(|pool| pool_prefix.is_none_or(|want| want == *pool))
        .ok_or_else(|| page("The client_id is not a client of this user pool."))?
        .to_string();
    let cfg = &emu.client(&pool_id, client_id).cfg;
    let redirect_uri = p
        .one("redirect_uri")
        .map_err(|e| page(&e))?
        .ok_or_else(|| page("redirect_uri is missing."))?;
    if !cfg.callback_urls.iter().any(|u| u == redirect_uri) {
        return Err(page(
            "redirect_mismatch: the redirect_uri is not one of the app client's callback URLs.",
        ));
    }
    let state = p.get("state");
    let response_type = p.one("response_type");
    let fragment = matches!(response_type, Ok(Some("token")));
    let fail = |error: &str, description: &str| {
        error_redirect(redirect_uri, fragment, state, error, description)
    };
    for name in [
        "state",
        "response_type",
        "scope",
        "code_challenge",
        "code_challenge_method",
        "nonce",
        "identity_provider",
        "idp_identifier",
        "prompt",
    ] {
        if let Err(e) = p.one(name) {
            return Err(fail("invalid_request", &e));
        }
    }
    let response_type = match response_type.ok().flatten() {
        None => return Err(fail("invalid_request", "response_type is missing.")),
        Some(t @ ("code" | "token")) => t,
        Some(_) => {
            return Err(fail("unsupported_response_type", "response_type must be code or token."))
        }
    };
    let flow = if response_type == "code" { "code" } else { "implicit" };
    if !cfg.allowed_oauth_flows_user_pool_client
        || !cfg.allowed_oauth_flows.iter().any(|f| f == flow)
    {
        return Err(fail(
            "unauthorized_client",
            &format!("The app client does not allow the {flow} flow."),
        ));
    }
    // No scope: every scope the client allows (Cognito's behaviour; RFC 6749 §3.3 lets the
    // server pick a default).
    let scopes: Vec<String> = match p.get("scope") {
        None => cfg.allowed_oauth_scopes.clone(),
        Some(s) => {
            let mut out: Vec<String> = Vec::new();
            for scope in s.split(' ').filter(|s| !s.is_empty()) {
                if !cfg.allowed_oauth_scopes.iter().any(|a| a == scope) {
                    return Err(fail(
                        "invalid_scope",
                        &format!("Scope {scope} is not allowed for this app client."),
                    ));
                }
                if !out.iter().any(|o| o == scope) {
                    out.push(scope.to_string());
                }
            }
            out
        }
    };
    if scopes.is_empty() {
        return Err(fail("invalid_scope", "No scope is allowed for this app client."));
    }
    let challenge = p.get("code_challenge");
    let method = p.get("code_challenge_method");
    let code_challenge = match (response_type, challenge, method) {
        ("token", _, _) | (_, None, None) => None,
        (_, None, Some(_)) => {
            return Err(fail("invalid_request", "code_challenge_method requires code_challenge."))
        }
        (_, Some(_), None) => {
            return Err(fail(
                "invalid_request",
                "code_challenge_method is missing (only S256 is supported).",
            ))
        }
        (_, Some(_), Some(m)) if m != "S256" => {
            return Err(fail("invalid_request", "code_challenge_method must be S256."))
        }
        (_, Some(c), Some(_)) => {
            let ok = c.len() == 43
                && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return Err(fail("invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters)."));
            }
            Some(c.to_string())
        }
    };
    let supported = &cfg.supported_identity_providers;
    let provider = match (p.get("identity_provider"), p.get("idp_identifier")) {
        (Some(name), _) => Some(named_provider(supported, name, false).ok_or_else(|| {
            fail(
                "invalid_request",
                &format!("The identity provider {name} is not enabled for this app client."),
            )
        })?),
        (None, Some(id)) => Some(named_provider(supported, id, true).ok_or_else(|| {
            fail(
                "invalid_request",
                &format!("No identity provider of this app client has the identifier {id}."),
            )
        })?),
        (None, None) => None,
    };
    if provider.is_none() && supported.is_empty() {
        return Err(fail(
            "unauthorized_client",
            "The app client has no identity provider enabled.",
        ));
    }
    let prompt = p.get("prompt").map(str::to_string);
    if let Some(pr) = &prompt {
        if !pr.split(' ').all(|x| ["none", "login", "consent", "select_account"].contains(&x)) {
            return Err(fail(
                "invalid_request",
                "prompt must be none, login, consent or select_account.",
            ));
        }
    }
    Ok(AuthRequest {
        pool_id,
        client_id: client_id.to_string(),
        redirect_uri: redirect_uri.to_string(),
        response_type: response_type.to_string(),
        scopes,
        state: state.map(str::to_string),
        code_challenge,
        nonce: p.get("nonce").map(str::to_string),
        provider,
        prompt,
    })
}

/// What a hosted-UI step leads to.
pub(crate) enum Outcome {
    /// Redirect the browser there (with a new session id to set as the cookie, if any).
    Redirect { location: String, session: Option<String> },
    /// Show the login page again with this message.
    Retry(String),
    /// A sign-in the hosted UI here cannot finish (NEW_PASSWORD_REQUIRED, MFA, …).
    Unsupported(String),
}

fn evict<T>(map: &mut HashMap<String, T>, expires: impl Fn(&T) -> u64, now: u64) {
    if map.len() >= MAX_ENTRIES {
        map.retain(|_, v| expires(v) > now);
        if map.len() >= MAX_ENTRIES {
            let mut by: Vec<(u64, String)> =
                map.iter().map(|(k, v)| (expires(v), k.clone())).collect();
            by.sort_unstable();
            for (_, k) in by.into_iter().take(MAX_ENTRIES / 4) {
                map.remove(&k);
            }
        }
    }
}

impl Session {
    /// `(user key, auth_time)` of the session's sign-in.
    pub(crate) fn who(&self) -> (String, u64) {
        (self.user_key.clone(), self.auth_time)
    }
}

impl Emulator {
    /// The live hosted-UI session `id` of `pool_id`, if any.
    pub(crate) fn hosted_session(&self, id: &str, pool_id: &str, now: u64) -> Option<Session> {
        let s = self.oauth.sessions.get(id)?;
        let user = self.user(&s.pool_id, &s.user_key)?;
        let live = s.pool_id == pool_id && now < s.expires_ms && user.sub == s.sub && user.enabled;
        live.then(|| s.clone())
    }

    /// End a hosted-UI session.
    pub(crate) fn end_hosted_session(&mut self, id: &str) {
        self.oauth.sessions.remove(id);
    }

    fn new_session(&mut self, pool_id: &str, user_key: &str, now: u64) -> Option<(String, u64)> {
        let sub = self.user(pool_id, user_key)?.sub.clone();
        evict(&mut self.oauth.sessions, |s| s.expires_ms, now);
        let id = self.random_token(32);
        let auth_time = now / 1000;
        let s = Session {
            pool_id: pool_id.into(),
            user_key: user_key.into(),
            sub,
            auth_time,
            expires_ms: after_ms(now, SESSION_TTL_MS),
        };
        self.oauth.sessions.insert(id.clone(), s);
        Some((id, auth_time))
    }

    /// The redirect that ends an authorize request for a signed-in user: a code (code
    /// flow) or tokens in the fragment (implicit flow).
    pub(crate) fn finish_authorize(
        &mut self,
        req: &AuthRequest,
        user_key: &str,
        auth_time: u64,
        now: u64,
    ) -> String {
        let state = req.state.as_deref();
        let fragment = req.response_type == "token";
        let server_error = |d: &str| {
            let mut p = vec![("error", "server_error"), ("error_description", d)];
            if let Some(s) = state {
                p.push(("state", s));
            }
            redirect_with(&req.redirect_uri, fragment, &p)
        };
        let Some(sub) = self.user(&req.pool_id, user_key).map(|u| u.sub.clone()) else {
            return server_error("The user no longer exists.");
        };
        if req.response_type == "token" {
            let t = tokens::issue_oauth_tokens(
                self,
                &req.pool_id,
                &req.client_id,
                user_key,
                req.scopes.clone(),
                auth_time,
                req.nonce.as_deref(),
                now,
            );
            let Ok(t) = t else { return server_error("Tokens could not be issued.") };
            let expires = t.expires_in.to_string();
            let mut p = vec![("access_token", t.access.as_str())];
            if let Some(id) = &t.id {
                p.push(("id_token", id.as_str()));
            }
            p.extend([("token_type", "Bearer"), ("expires_in", expires.as_str())]);
            if let Some(s) = state {
                p.push(("state", s));
            }
            return redirect_with(&req.redirect_uri, true, &p);
        }
        evict(&mut self.oauth.codes, |c| c.expires_ms, now);
        let code = self.random_uuid();
        self.oauth.codes.insert(
            code.clone(),
            AuthCode {
                req: req.clone(),
                user_key: user_key.to_string(),
                sub,
                auth_time,
                expires_ms: after_ms(now, CODE_TTL_MS),
            },
        );
        let mut p = vec![("code", code.as_str())];
        if let Some(s) = state {
            p.push(("state", s));
        }
        redirect_with(&req.redirect_uri, false, &p)
    }

    /// The login form's POST: check the password as the API's sign-in does (lockout,
    /// disabled and unconfirmed users), then a session and the redirect.
    pub(crate) fn hosted_login(
        &mut self,
        req: &AuthRequest,
        username: &str,
        password: &str,
        now: u64,
    ) -> Outcome {
        let bad = || Outcome::Retry("Incorrect username or password.".into());
        if username.is_empty() || password.is_empty() {
            return Outcome::Retry("Enter your username and password.".into());
        }
        let Some(key) = self.pool(&req.pool_id).find(username) else { return bad() };
        let f = FlowCtx {
            pool_id: req.pool_id.clone(),
            client_id: req.client_id.clone(),
            user_key: key.clone(),
            typed: username.to_string(),
        };
        if let Err(e) = check_lockout(self, &f, now) {
            return Outcome::Retry(format!("{}.", e.message.trim_end_matches('.')));
        }
        if !password_matches(self, &req.pool_id, &key, password) {
            password_failed(self, &f, now);
            return bad();
        }
        password_succeeded(self, &f);
        if let Err(e) = check_can_sign_in(self, &req.pool_id, &key, now) {
            return match e.code.as_str() {
                "UserNotConfirmedException" => Outcome::Unsupported(
                    "This user is not confirmed. The emulator's hosted UI does not run the confirmation step: confirm the user with ConfirmSignUp (code in the dev inbox, GET /_local/inbox) or AdminConfirmSignUp, then sign in again.".into(),
                ),
                "PasswordResetRequiredException" => Outcome::Unsupported(
                    "This user must reset their password. The emulator's hosted UI has no reset page: use ForgotPassword and ConfirmForgotPassword, then sign in again.".into(),
                ),
                _ => Outcome::Retry(format!("{}.", e.message.trim_end_matches('.'))),
            };
        }
        let (user, pool_cfg) = (&self.pool(&req.pool_id).users[&key], &self.pool(&req.pool_id).cfg);
        if user.status == UserStatus::ForceChangePassword {
            return Outcome::Unsupported(
                "NEW_PASSWORD_REQUIRED: this user signed in with a temporary password and must choose a new one. The emulator's hosted UI does not implement that page: set a password with AdminSetUserPassword (Permanent: true), or sign in through the API and answer the challenge, then try again.".into(),
            );
        }
        let mfa = match pool_cfg.mfa {
            MfaMode::Off => false,
            MfaMode::On => true,
            MfaMode::Optional => !user.mfa.enabled().is_empty(),
        };
        if mfa {
            return Outcome::Unsupported(
                "Multi-factor authentication is required for this user. The emulator's hosted UI does not implement MFA pages: sign in through the API (InitiateAuth and RespondToAuthChallenge) to test MFA.".into(),
            );
        }
        self.sign_in_hosted(req, &key, now)
    }

    /// A new session for `user_key` and the redirect finishing `req`.
    fn sign_in_hosted(&mut self, req: &AuthRequest, user_key: &str, now: u64) -> Outcome {
        let Some((session, auth_time)) = self.new_session(&req.pool_id, user_key, now) else {
            return Outcome::Retry("The user no longer exists.".into());
        };
        let location = self.finish_authorize(req, user_key, auth_time, now);
        Outcome::Redirect { location, session: Some(session) }
    }

    /// A sign-in through a simulated social/OIDC provider: the user `<Provider>_<id>` is
    /// created (status EXTERNAL_PROVIDER, an `identities` attribute as Cognito writes it,
    /// the email) or found again by the same provider id, then signed in.
    pub(crate) fn federated_login(
        &mut self,
        req: &AuthRequest,
        provider: &str,
        email: &str,
        now: u64,
    ) -> Outcome {
        if !crate::policy::valid_email(email) {
            return Outcome::Retry("Enter a valid email address.".into());
        }
        // A stable provider user id per (provider, email): the same person signs in as the
        // same federated user again. Google's are 21 digits; every provider gets that shape.
        let d = self.derive("federated-user-id", &[provider, &email.to_lowercase()]);
        let digits: String = d.iter().take(21).map(|b| char::from(b'0' + b % 10)).collect();
        let user_id = format!("1{}", &digits[1..]);
        let username = format!("{provider}_{user_id}");
        let pool = self.pool(&req.pool_id);
        let key = pool.key(&username);
        if !pool.users.contains_key(&key) {
            let social = SOCIAL.contains(&provider);
            let issuer = if social {
                Value::Null
            } else {
                json!(format!("{}/{}/simulated-idp/{provider}", self.base_url, req.pool_id))
            };
            let identities = json!([{
                "userId": user_id,
                "providerName": provider,
                "providerType": if social { provider } else { "OIDC" },
                "issuer": issuer,
                "primary": true,
                "dateCreated": now,
            }]);
            let mut attributes = std::collections::BTreeMap::new();
            attributes.insert("email".to_string(), email.to_string());
            attributes.insert("email_verified".to_string(), "false".to_string());
            attributes.insert("identities".to_string(), identities.to_string());
            let sub = self.random_uuid();
            let user = crate::actions::sign_up::new_user(
                username,
                sub,
                attributes,
                UserStatus::ExternalProvider,
                now,
            );
            self.pool_mut(&req.pool_id).users.insert(key.clone(), user);
        }
        match self.user(&req.pool_id, &key) {
            Some(u) if !u.enabled => Outcome::Retry("User is disabled.".into()),
            Some(_) => self.sign_in_hosted(req, &key, now),
            None => Outcome::Retry("The user could not be created.".into()),
        }
    }
}

/// An OAuth error answer of the token and revocation endpoints (RFC 6749 §5.2).
#[derive(Debug)]
pub(crate) struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
    /// Client authentication by HTTP Basic failed: answer 401 with WWW-Authenticate.
    pub basic_challenge: bool,
}

fn oauth_err(error: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError { status: 400, error, description: description.into(), basic_challenge: false }
}

/// Client credentials from the request: Basic `client_id:client_secret` (each
/// form-urlencoded, RFC 6749 §2.3.1) or the `client_id` / `client_secret` form fields.
pub(crate) struct ClientAuth {
    pub basic: Option<(String, String)>,
    /// A malformed Authorization header (not Basic, bad base64, no colon).
    pub bad_header: bool,
}

impl ClientAuth {
    pub fn from_header(authorization: Option<&str>) -> ClientAuth {
        let Some(h) = authorization else { return ClientAuth { basic: None, bad_header: false } };
        let parsed = h
            .strip_prefix("Basic ")
            .or_else(|| h.strip_prefix("basic "))
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| {
                let (id, secret) = s.split_once(':')?;
                let dec = |x: &str| {
                    url::form_urlencoded::parse(format!("v={x}").as_bytes())
                        .next()
                        .map(|(_, v)| v.into_owned())
                };
                Some((dec(id)?, dec(secret)?))
            });
        ClientAuth { bad_header: parsed.is_none(), basic: parsed }
    }
}

/// Authenticate the client of a token or revocation request: `(pool id, client id)`.
fn authenticate_client(
    emu: &Emulator,
    auth: &ClientAuth,
    p: &Params,
) -> Result<(String, String), OAuthError> {
    let basic_used = auth.basic.is_some() || auth.bad_header;
    let invalid = |d: &str| OAuthError {
        status: if basic_used { 401 } else { 400 },
        error: "invalid_client",
        description: d.to_string(),
        basic_challenge: basic_used,
    };
    if auth.bad_header {
        return Err(invalid("The Authorization header is not HTTP Basic client credentials."));
    }
    let form_id = p.one("client_id").map_err(|e| oauth_err("invalid_request", e))?;
    let form_secret = p.one("client_secret").map_err(|e| oauth_err("invalid_request", e))?;
    let (client_id, secret) = match &auth.basic {
        Some((id, secret)) => {
            if form_secret.is_some() {
                return Err(oauth_err(
                    "invalid_request",
                    "Use one client authentication method: HTTP Basic or client_secret, not both.",
                ));
            }
            if form_id.is_some_and(|f| f != id) {
                return Err(oauth_err(
                    "invalid_request",
                    "client_id differs from the Authorization header's.",
                ));
            }
            (id.as_str(), Some(secret.as_str()))
        }
        None => (form_id.ok_or_else(|| invalid("client_id is missing."))?, form_secret),
    };
    let pool_id = emu.store.pool_of_client(client_id).ok_or_else(|| invalid("Unknown client."))?;
    let client = emu.client(pool_id, client_id);
    let ok = match (&client.secret, secret) {
        (None, None) => true,
        (Some(s), Some(g)) => subtle::ConstantTimeEq::ct_eq(s.as_bytes(), g.as_bytes()).into(),
        // A public client presenting a secret, or a confidential one without: refused.
        _ => false,
    };
    if !ok {
        return Err(invalid("Client authentication failed."));
    }
    Ok((pool_id.to_string(), client_id.to_string()))
}

/// BASE64URL(SHA256(verifier)) (RFC 7636 §4.2).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn token_body(t: &OAuthTokens) -> Value {
    let mut out = json!({
        "access_token": t.access,
        "token_type": "Bearer",
        "expires_in": t.expires_in,
    });
    if let Some(id) = &t.id {
        out["id_token"] = json!(id);
    }
    if let Some(r) = &t.refresh {
        out["refresh_token"] = json!(r);
    }
    out
}

impl Emulator {
    /// `POST /oauth2/token`. `pool_prefix` limits clients to that pool.
    pub(crate) fn oauth_token(
        &mut self,
        pool_prefix: Option<&str>,
        auth: &ClientAuth,
        p: &Params,
        now: u64,
    ) -> Result<Value, OAuthError> {
        let grant = p
            .one("grant_type")
            .map_err(|e| oauth_err("invalid_request", e))?
            .ok_or_else(|| oauth_err("invalid_request", "grant_type is missing."))?;
        if !["authorization_code", "refresh_token", "client_credentials"].contains(&grant) {
            return Err(oauth_err(
                "unsupported_grant_type",
                format!("Unsupported grant_type {grant}."),
            ));
        }
        let (pool_id, client_id) = authenticate_client(self, auth, p)?;
        if pool_prefix.is_some_and(|want| want != pool_id) {
            return Err(OAuthError {
                status: if auth.basic.is_some() { 401 } else { 400 },
                error: "invalid_client",
                description: "Unknown client.".into(),
                basic_challenge: auth.basic.is_some(),
            });
        }
        let cfg = &self.client(&pool_id, &client_id).cfg;
        let allows = |f: &str| {
            cfg.allowed_oauth_flows_user_pool_client
                && cfg.allowed_oauth_flows.iter().any(|x| x == f)
        };
        match grant {
            "authorization_code" => {
                if !allows("code") {
                    return Err(oauth_err(
                        "unauthorized_client",
                        "The app client does not allow the code flow.",
                    ));
                }
                self.redeem_code(&pool_id, &client_id, p, now)
            }
            "refresh_token" => {
                let token = p
                    .one("refresh_token")
                    .map_err(|e| oauth_err("invalid_request", e))?
                    .ok_or_else(|| oauth_err("invalid_request", "refresh_token is missing."))?;
                let t = tokens::oauth_refresh(self, &pool_id, &client_id, token, now)
                    .map_err(|e| oauth_err("invalid_grant", e.message))?;
                Ok(token_body(&t))
            }
            _ => {
                if !allows("client_credentials") {
                    return Err(oauth_err(
                        "unauthorized_client",
                        "The app client does not allow the client_credentials flow.",
                    ));
                }
                // client_credentials grants only resource-server scopes, which the emulator
                // does not have (CreateUserPoolClient refuses custom scopes here).
                Err(oauth_err("invalid_scope", "client_credentials needs resource-server scopes; the emulator has no resource servers."))
            }
        }
    }

    fn redeem_code(
        &mut self,
        pool_id: &str,
        client_id: &str,
        p: &Params,
        now: u64,
    ) -> Result<Value, OAuthError> {
        let req_err = |e: String| oauth_err("invalid_request", e);
        let code =
            p.one("code").map_err(req_err)?.ok_or_else(|| req_err("code is missing.".into()))?;
        let redirect_uri = p
            .one("redirect_uri")
            .map_err(req_err)?
            .ok_or_else(|| req_err("redirect_uri is missing.".into()))?;
        let verifier = p.one("code_verifier").map_err(req_err)?;
        let grant_err = |d: &str| oauth_err("invalid_grant", d);
        // Single use: the code is gone after this attempt, whatever its outcome. A replay of
        // a redeemed code revokes what it produced (RFC 6749 §4.1.2).
        let Some(c) = self.oauth.codes.remove(code) else {
            if let Some((jti, _)) = self.oauth.used_codes.get(code) {
                if let Some(o) = self.store.origins.get_mut(jti) {
                    o.revoked = true;
                }
            }
            return Err(grant_err("The authorization code is invalid or was already used."));
        };
        if now >= c.expires_ms {
            return Err(grant_err("The authorization code has expired."));
        }
        if c.req.client_id != client_id || c.req.pool_id != pool_id {
            return Err(grant_err("The authorization code was issued to another client."));
        }
        if c.req.redirect_uri != redirect_uri {
            return Err(grant_err("redirect_uri differs from the authorize request's."));
        }
        if let Some(challenge) = &c.req.code_challenge {
            let Some(v) = verifier else {
                return Err(oauth_err("invalid_request", "code_verifier is missing."));
            };
            let matches: bool =
                subtle::ConstantTimeEq::ct_eq(s256(v).as_bytes(), challenge.as_bytes()).into();
            if !matches {
                return Err(grant_err("code_verifier does not match the code_challenge."));
            }
        }
        match self.user(pool_id, &c.user_key) {
            Some(u) if u.sub == c.sub && u.enabled => {}
            _ => return Err(grant_err("The user of this code no longer exists or is disabled.")),
        }
        let t = tokens::issue_oauth_tokens(
            self,
            pool_id,
            client_id,
            &c.user_key,
            c.req.scopes.clone(),
            c.auth_time,
            c.req.nonce.as_deref(),
            now,
        )
        .map_err(|e| grant_err(&e.message))?;
        if let Some(jti) = t.access_origin(self) {
            evict(&mut self.oauth.used_codes, |(_, t)| t.saturating_add(86_400_000), now);
            self.oauth.used_codes.insert(code.to_string(), (jti, now));
        }
        Ok(token_body(&t))
    }

    /// `POST /oauth2/revoke` (RFC 7009): the refresh token's family is revoked.
    pub(crate) fn oauth_revoke(
        &mut self,
        pool_prefix: Option<&str>,
        auth: &ClientAuth,
        p: &Params,
    ) -> Result<(), OAuthError> {
        let token = p
            .one("token")
            .map_err(|e| oauth_err("invalid_request", e))?
            .ok_or_else(|| oauth_err("invalid_request", "token is missing."))?
            .to_string();
        let (pool_id, client_id) = authenticate_client(self, auth, p)?;
        if pool_prefix.is_some_and(|want| want != pool_id) {
            return Err(oauth_err("invalid_client", "Unknown client."));
        }
        if !self.client(&pool_id, &client_id).cfg.enable_token_revocation {
            return Err(oauth_err(
                "unsupported_operation",
                "Token revocation is not enabled for this app client.",
            ));
        }
        if token.matches('.').count() == 2 {
            return Err(oauth_err("unsupported_token_type", "Only refresh tokens can be revoked."));
        }
        tokens::revoke_refresh(self, &client_id, &token).map_err(|_| {
            oauth_err("unauthorized_client", "The token was not issued to this client.")
        })
    }

    /// `/oauth2/userInfo`: the user's attributes within the access token's scopes; the
    /// token needs `openid`. `Err((status, error, description))` per RFC 6750.
    pub(crate) fn oauth_userinfo(
        &mut self,
        pool_prefix: Option<&str>,
        bearer: Option<&str>,
        now: u64,
    ) -> Result<Value, (u16, &'static str, &'static str)> {
        let invalid =
            (401, "invalid_token", "The access token is missing, invalid, expired or revoked.");
        let token = bearer.ok_or(invalid)?;
        let (claims, pool_id, key) = tokens::access_claims(self, token, now).ok_or(invalid)?;
        if pool_prefix.is_some_and(|want| want != pool_id) {
            return Err(invalid);
        }
        let scope = claims.get("scope").and_then(Value::as_str).unwrap_or("");
        let scopes: Vec<&str> = scope.split(' ').collect();
        if !scopes.contains(&"openid") {
            return Err((
                403,
                "insufficient_scope",
                "The access token does not have the openid scope.",
            ));
        }
        let user = self.user(&pool_id, &key).ok_or(invalid)?;
        Ok(userinfo_claims(user, &scopes))
    }
}

impl OAuthTokens {
    /// The token family (origin jti) of these tokens.
    fn access_origin(&self, emu: &mut Emulator) -> Option<String> {
        let claims = emu.keys().verify(&self.access)?;
        claims.get("origin_jti").and_then(Value::as_str).map(str::to_string)
    }
}

/// Claims of the `profile` scope (OIDC standard claims Cognito keeps as attributes).
const PROFILE: &[&str] = &[
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
    "address",
];

/// The userInfo answer: `openid` alone gives every attribute; with `profile`, `email` or
/// `phone`, only those groups (custom attributes with `profile`). Values are strings, as
/// Cognito's (`"email_verified": "true"`); `username` and `sub` always.
fn userinfo_claims(user: &crate::store::User, scopes: &[&str]) -> Value {
    let narrowed = scopes.iter().any(|s| ["profile", "email", "phone"].contains(s));
    let wanted = |name: &str| {
        if !narrowed {
            return true;
        }
        (scopes.contains(&"email") && (name == "email" || name == "email_verified"))
            || (scopes.contains(&"phone")
                && (name == "phone_number" || name == "phone_number_verified"))
            || (scopes.contains(&"profile")
                && (PROFILE.contains(&name) || name.starts_with("custom:") || name == "identities"))
    };
    let mut out = Map::new();
    out.insert("sub".into(), json!(user.sub));
    for (k, v) in &user.attributes {
        if wanted(k) {
            out.insert(k.clone(), json!(v));
        }
    }
    out.insert("username".into(), json!(user.username));
    Value::Object(out)
}

/// The `identities` attribute (a JSON string) as the id-token claim: an array whose
/// `primary` and `dateCreated` are strings, as in Cognito's id tokens.
pub(crate) fn identities_claim(attr: &str) -> Value {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(attr) else { return json!(attr) };
    let items: Vec<Value> = items
        .into_iter()
        .map(|mut i| {
            for k in ["primary", "dateCreated"] {
                if let Some(v) = i.get(k).filter(|v| !v.is_string()).map(|v| v.to_string()) {
                    i[k] = json!(v);
                }
            }
            i
        })
        .collect();
    Value::Array(items)
}

/// `/.well-known/openid-configuration` of a pool (OpenID Connect Discovery 1.0): the
/// issuer is the tokens' `iss`; every endpoint is on this server under `/<pool>`.
pub(crate) fn openid_configuration(emu: &Emulator, pool_id: &str) -> Option<Value> {
    emu.store.pools.get(pool_id)?;
    let base = format!("{}/{}", emu.base_url(), pool_id);
    Some(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth2/authorize"),
        "token_endpoint": format!("{base}/oauth2/token"),
        "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
        "revocation_endpoint": format!("{base}/oauth2/revoke"),
        "end_session_endpoint": format!("{base}/logout"),
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
        "response_types_supported": ["code", "token"],
        "grant_types_supported": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "email", "email_verified", "phone_number", "phone_number_verified", "name", "given_name", "family_name", "preferred_username", "identities", "cognito:username"],
    }))
}

/// Is `logout_uri` one of the client's sign-out URLs? `(pool id)` when the client is known
/// (and under `pool_prefix`, if any).
pub(crate) fn logout_client(
    emu: &Emulator,
    pool_prefix: Option<&str>,
    client_id: &str,
) -> Option<String> {
    emu.store
        .pool_of_client(client_id)
        .filter(|pool| pool_prefix.is_none_or(|want| want == *pool))
        .map(str::to_string)
}
