//! The hosted UI and the OAuth 2.0 endpoints over real sockets: authorize checks, the login
//! page, the token endpoint against RFC 6749 / RFC 7636, refresh, userInfo, revoke, logout,
//! the session cookie, simulated Google sign-in and the discovery document.
mod common;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use common::server::{get, request, Reply, Server};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const POOL: &str = "us-east-1_LocalPool1";
const CLIENT: &str = "localclient00000000000000001";
const CB: &str = "http://localhost:5173/";
const PW: &str = "Passw0rd!";
const VERIFIER: &str = "a-fixed-test-code-verifier-that-is-long-enough-0123456789";

fn cognito(port: u16, action: &str, body: Value) -> (u16, Value) {
    let target = format!("AWSCognitoIdentityProviderService.{action}");
    let r = request(port, "POST", "/", &[("X-Amz-Target", &target)], body.to_string());
    (r.status, r.json())
}

fn user(port: u16, name: &str, email: &str) {
    let (s, b) = cognito(
        port,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": name, "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]}),
    );
    assert_eq!(s, 200, "{b}");
    let (s, b) = cognito(
        port,
        "AdminSetUserPassword",
        json!({"UserPoolId": POOL, "Username": name, "Password": PW, "Permanent": true}),
    );
    assert_eq!(s, 200, "{b}");
}

fn enc(pairs: &[(&str, &str)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    q.finish()
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A code-flow authorize query for the default client with PKCE (S256) and `extra`.
fn authorize_query(extra: &[(&str, &str)]) -> String {
    let c = challenge(VERIFIER);
    let mut p: Vec<(&str, &str)> = vec![
        ("client_id", CLIENT),
        ("redirect_uri", CB),
        ("response_type", "code"),
        ("scope", "openid email aws.cognito.signin.user.admin"),
        ("state", "st-123"),
        ("code_challenge", &c),
        ("code_challenge_method", "S256"),
    ];
    p.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
    p.extend_from_slice(extra);
    enc(&p)
}

fn param(u: &url::Url, name: &str) -> Option<String> {
    u.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// The hidden fields and CSRF field of a rendered form, as (name, value).
fn form_fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<input type=\"hidden\" ").skip(1) {
        let name = part.split("name=\"").nth(1).unwrap().split('"').next().unwrap();
        let value = part.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
        let value = value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.push((name.to_string(), value));
    }
    out
}

/// GET the login page for `query`, then POST the form with these credentials. Returns
/// the POST's response.
fn login(port: u16, prefix: &str, query: &str, username: &str, password: &str) -> Reply {
    let page = get(port, &format!("{prefix}/oauth2/authorize?{query}"), &[]);
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.cookie("lc_csrf").expect("CSRF cookie");
    let mut fields = form_fields(&page.body);
    fields.push(("username".into(), username.into()));
    fields.push(("password".into(), password.into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    request(
        port,
        "POST",
        &format!("{prefix}/login"),
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", &csrf)],
        enc(&pairs),
    )
}

/// Sign in with the default client and return the code.
fn code_for(port: u16, username: &str) -> String {
    let r = login(port, "", &authorize_query(&[]), username, PW);
    let loc = r.location();
    assert_eq!(param(&loc, "state").as_deref(), Some("st-123"));
    param(&loc, "code").expect("code")
}

fn token(port: u16, prefix: &str, headers: &[(&str, &str)], pairs: &[(&str, &str)]) -> Reply {
    let mut h = vec![("Content-Type", "application/x-www-form-urlencoded")];
    h.extend_from_slice(headers);
    request(port, "POST", &format!("{prefix}/oauth2/token"), &h, enc(pairs))
}

fn redeem(port: u16, code: &str) -> Reply {
    token(
        port,
        "",
        &[],
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", CLIENT),
            ("redirect_uri", CB),
            ("code_verifier", VERIFIER),
        ],
    )
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn oauth_error(r: &Reply) -> String {
    r.json()["error"].as_str().unwrap_or_default().to_string()
}

/// An error page: 400 HTML, never a redirect.
fn assert_error_page(r: &Reply, needle: &str) {
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.header("location").is_none(), "an error page must not redirect");
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains(needle), "page should mention {needle:?}: {}", r.body);
}

/// A redirect back to the callback with `error` and the state.
fn assert_error_redirect(r: &Reply, error: &str) {
    let loc = r.location();
    assert!(loc.as_str().starts_with(CB), "{loc}");
    assert_eq!(param(&loc, "error").as_deref(), Some(error), "{loc}");
    assert!(param(&loc, "error_description").is_some());
    assert_eq!(param(&loc, "state").as_deref(), Some("st-123"));
    assert!(param(&loc, "code").is_none());
}

#[test]
fn authorize_checks_client_redirect_response_type_scope_and_pkce() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    let base = |extra: &[(&str, &str)], drop: &[&str]| {
        let c = challenge(VERIFIER);
        let all = [
            ("client_id", CLIENT),
            ("redirect_uri", CB),
            ("response_type", "code"),
            ("scope", "openid"),
            ("state", "st-123"),
            ("code_challenge", c.as_str()),
            ("code_challenge_method", "S256"),
        ];
        let mut v: Vec<(&str, String)> = all
            .iter()
            .filter(|(k, _)| !drop.contains(k) && !extra.iter().any(|(e, _)| e == k))
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        v.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        let pairs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
        get(p, &format!("/oauth2/authorize?{}", enc(&pairs)), &[])
    };
    // Never redirected: unknown or missing client, missing or unregistered redirect URI.
    assert_error_page(&base(&[("client_id", "nosuchclient")], &[]), "client_id");
    assert_error_page(&base(&[], &["client_id"]), "client_id is missing");
    assert_error_page(&base(&[], &["redirect_uri"]), "redirect_uri is missing");
    assert_error_page(
        &base(&[("redirect_uri", "https://evil.example/")], &[]),
        "redirect_mismatch",
    );
    // A near miss is not a match (exact comparison).
    assert_error_page(
        &base(&[("redirect_uri", "http://localhost:5173")], &[]),
        "redirect_mismatch",
    );
    // A client of another pool under a pool prefix.
    let r = get(p, &format!("/us-east-1_Other/oauth2/authorize?{}", authorize_query(&[])), &[]);
    assert_error_page(&r, "client_id");
    // Redirected errors (RFC 6749 §4.1.2.1), state kept.
    assert_error_redirect(
        &base(&[("response_type", "id_token")], &[]),
        "unsupported_response_type",
    );
    assert_error_redirect(&base(&[], &["response_type"]), "invalid_request");
    assert_error_redirect(&base(&[("scope", "openid admin:everything")], &[]), "invalid_scope");
    assert_error_redirect(&base(&[], &["code_challenge_method"]), "invalid_request");
    assert_error_redirect(&base(&[("code_challenge_method", "plain")], &[]), "invalid_request");
    assert_error_redirect(&base(&[("code_challenge_method", "S512")], &[]), "invalid_request");
    assert_error_redirect(&base(&[], &["code_challenge"]), "invalid_request");
    assert_error_redirect(&base(&[("code_challenge", "short")], &[]), "invalid_request");
    assert_error_redirect(&base(&[("identity_provider", "Okta")], &[]), "invalid_request");
    // A repeated parameter (RFC 6749 §3.1).
    let q = format!("{}&scope=email", authorize_query(&[]));
    assert_error_redirect(&get(p, &format!("/oauth2/authorize?{q}"), &[]), "invalid_request");
    // A client without OAuth flows: unauthorized_client.
    let (s, b) = cognito(
        p,
        "CreateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientName": "no-oauth", "CallbackURLs": [CB]}),
    );
    assert_eq!(s, 200, "{b}");
    let other = b["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    assert_error_redirect(&base(&[("client_id", &other)], &[]), "unauthorized_client");
    // prompt=none without a session: login_required.
    assert_error_redirect(&base(&[("prompt", "none")], &[]), "login_required");
    // Valid: the login page; with PKCE absent too (PKCE is optional, as in Cognito).
    assert_eq!(base(&[], &[]).status, 200);
    assert_eq!(base(&[], &["code_challenge", "code_challenge_method"]).status, 200);
}

#[test]
fn login_page_wrong_and_right_password() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let page = get(p, &format!("/login?{}", authorize_query(&[])), &[]);
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    for needle in [
        "<label for=\"username\">Username</label>",
        "<input id=\"username\" name=\"username\"",
        "<label for=\"password\">Password</label>",
        "<input id=\"password\" name=\"password\" type=\"password\"",
        "<button type=\"submit\">Sign in</button>",
        "<form method=\"post\" action=\"/login\">",
        "Continue with Google (simulated)",
    ] {
        assert!(page.body.contains(needle), "missing {needle}");
    }
    assert!(!page.body.contains("<script"), "no JS needed");

    // Wrong password: the page again, with the error announced and no redirect.
    let r = login(p, "", &authorize_query(&[]), "alice", "Wrong-passw0rd");
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    assert!(
        r.body.contains("role=\"alert\"") && r.body.contains("Incorrect username or password.")
    );
    assert!(r.body.contains("value=\"alice\""), "username kept");
    let r = login(p, "", &authorize_query(&[]), "nobody", PW);
    assert!(r.status == 400 && r.body.contains("Incorrect username or password."));

    // A POST without the CSRF cookie is refused (no sign-in).
    let page = get(p, &format!("/oauth2/authorize?{}", authorize_query(&[])), &[]);
    let mut fields = form_fields(&page.body);
    fields.extend([("username".into(), "alice".into()), ("password".into(), PW.into())]);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = request(
        p,
        "POST",
        "/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        enc(&pairs),
    );
    assert!(r.status == 400 && r.body.contains("expired"), "{}", r.body);

    // Right password: redirect to the callback with a code and the state.
    let r = login(p, "", &authorize_query(&[]), "alice", PW);
    let loc = r.location();
    assert_eq!(
        format!("{}://{}{}", loc.scheme(), loc.host_str().unwrap(), loc.path()),
        "http://localhost/"
    );
    assert_eq!(loc.port(), Some(5173));
    assert_eq!(param(&loc, "state").as_deref(), Some("st-123"));
    assert!(param(&loc, "code").is_some_and(|c| !c.is_empty()));
    assert!(r.cookie(&format!("lc_session_{POOL}")).is_some(), "session cookie set");
}

#[test]
fn login_refuses_users_who_cannot_sign_in() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    // Temporary password: NEW_PASSWORD_REQUIRED is not implemented, said clearly.
    let (s, _) = cognito(
        p,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": "temp", "TemporaryPassword": PW, "MessageAction": "SUPPRESS"}),
    );
    assert_eq!(s, 200);
    let r = login(p, "", &authorize_query(&[]), "temp", PW);
    assert!(r.status == 400 && r.body.contains("NEW_PASSWORD_REQUIRED"), "{}", r.body);
    assert!(r.header("location").is_none());
    // Unconfirmed.
    let (s, _) =
        cognito(p, "SignUp", json!({"ClientId": CLIENT, "Username": "unconf", "Password": PW}));
    assert_eq!(s, 200);
    let r = login(p, "", &authorize_query(&[]), "unconf", PW);
    assert!(r.status == 400 && r.body.contains("not confirmed"), "{}", r.body);
    // Disabled.
    user(p, "bob", "bob@example.com");
    cognito(p, "AdminDisableUser", json!({"UserPoolId": POOL, "Username": "bob"}));
    let r = login(p, "", &authorize_query(&[]), "bob", PW);
    assert!(r.status == 400 && r.body.contains("User is disabled."), "{}", r.body);
    // Lockout after five wrong passwords, even for the right one.
    user(p, "carol", "carol@example.com");
    for _ in 0..5 {
        assert_eq!(login(p, "", &authorize_query(&[]), "carol", "Wrong-1a!").status, 400);
    }
    let r = login(p, "", &authorize_query(&[]), "carol", PW);
    assert!(r.status == 400 && r.body.contains("Password attempts exceeded"), "{}", r.body);
}

#[test]
fn code_exchange_issues_scoped_tokens_and_refresh() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let r = login(p, "", &authorize_query(&[("nonce", "n-0S6")]), "alice", PW);
    let code = param(&r.location(), "code").unwrap();
    let t = redeem(p, &code);
    assert_eq!(t.status, 200, "{}", t.body);
    assert_eq!(t.header("cache-control").as_deref(), Some("no-store"));
    let b = t.json();
    assert_eq!(b["token_type"], "Bearer");
    assert_eq!(b["expires_in"], 3600);
    let access = claims(b["access_token"].as_str().unwrap());
    assert_eq!(access["scope"], "openid email aws.cognito.signin.user.admin");
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], CLIENT);
    assert_eq!(access["username"], "alice");
    assert!(access["auth_time"].as_u64().is_some());
    let id = claims(b["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["email"], "alice@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["nonce"], "n-0S6");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["iss"], format!("http://127.0.0.1:{p}/{POOL}"));
    // The access token (with the admin scope) calls the user-pool API.
    let (s, u) = cognito(p, "GetUser", json!({"AccessToken": b["access_token"]}));
    assert_eq!((s, u["Username"].as_str()), (200, Some("alice")));
    // The refresh token works at the token endpoint and with InitiateAuth (Amplify's refresh).
    let refresh = b["refresh_token"].as_str().unwrap();
    let r = token(
        p,
        "",
        &[],
        &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", refresh)],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let rb = r.json();
    assert!(rb["refresh_token"].is_null(), "no rotation: no new refresh token");
    assert_eq!(
        claims(rb["access_token"].as_str().unwrap())["scope"],
        "openid email aws.cognito.signin.user.admin"
    );
    assert!(rb["id_token"].is_string());
    let (s, _) = cognito(
        p,
        "InitiateAuth",
        json!({"ClientId": CLIENT, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    assert_eq!(s, 200);
    let r = token(
        p,
        "",
        &[],
        &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", "nope")],
    );
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_grant"));
    let r = token(p, "", &[], &[("grant_type", "refresh_token"), ("client_id", CLIENT)]);
    assert_eq!(oauth_error(&r), "invalid_request");

    // Without the admin scope the access token cannot call the API; without openid no id token.
    let q = authorize_query(&[("scope", "email openid")]);
    let code = param(&login(p, "", &q, "alice", PW).location(), "code").unwrap();
    let b = redeem(p, &code).json();
    let (s, e) = cognito(p, "GetUser", json!({"AccessToken": b["access_token"]}));
    assert_eq!((s, e["__type"].as_str()), (400, Some("NotAuthorizedException")));
    let q = authorize_query(&[("scope", "aws.cognito.signin.user.admin")]);
    // The session cookie is not sent here, so the login page shows again.
    let code = param(&login(p, "", &q, "alice", PW).location(), "code").unwrap();
    let b = redeem(p, &code).json();
    assert!(b["id_token"].is_null() && b["access_token"].is_string());
}

#[test]
fn token_endpoint_errors_rfc6749_and_pkce() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let form = |pairs: &[(&str, &str)]| token(p, "", &[], pairs);
    let r = form(&[("code", "x"), ("client_id", CLIENT)]);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_request"));
    let r = form(&[("grant_type", "password"), ("client_id", CLIENT)]);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "unsupported_grant_type"));
    let r = request(p, "POST", "/oauth2/token", &[("Content-Type", "application/json")], "{}");
    assert_eq!(oauth_error(&r), "invalid_request");
    let r =
        form(&[("grant_type", "authorization_code"), ("client_id", CLIENT), ("redirect_uri", CB)]);
    assert_eq!(oauth_error(&r), "invalid_request", "missing code");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("client_id", CLIENT),
        ("code", "made-up"),
        ("redirect_uri", CB),
    ]);
    assert_eq!(oauth_error(&r), "invalid_grant", "unknown code");
    let r =
        form(&[("grant_type", "authorization_code"), ("code", "made-up"), ("redirect_uri", CB)]);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_client"), "no client at all");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("client_id", "nosuch"),
        ("code", "x"),
        ("redirect_uri", CB),
    ]);
    assert_eq!(oauth_error(&r), "invalid_client");

    // Reuse: the second redemption fails and revokes what the first produced.
    let code = code_for(p, "alice");
    let first = redeem(p, &code);
    assert_eq!(first.status, 200);
    let again = redeem(p, &code);
    assert_eq!((again.status, oauth_error(&again).as_str()), (400, "invalid_grant"));
    let refresh = first.json()["refresh_token"].as_str().unwrap().to_string();
    let r = form(&[
        ("grant_type", "refresh_token"),
        ("client_id", CLIENT),
        ("refresh_token", &refresh),
    ]);
    assert_eq!(oauth_error(&r), "invalid_grant", "tokens of a replayed code are revoked");

    // redirect_uri must be the authorize request's.
    let code = code_for(p, "alice");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("client_id", CLIENT),
        ("redirect_uri", "http://localhost:3000/"),
        ("code_verifier", VERIFIER),
    ]);
    assert_eq!(oauth_error(&r), "invalid_grant");
    // …and the code is gone after that failed attempt (single use).
    assert_eq!(oauth_error(&redeem(p, &code)), "invalid_grant");
    let code = code_for(p, "alice");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("client_id", CLIENT),
        ("code_verifier", VERIFIER),
    ]);
    assert_eq!(oauth_error(&r), "invalid_request", "missing redirect_uri");

    // PKCE: a wrong verifier, and a missing one when a challenge was sent.
    let code = code_for(p, "alice");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("client_id", CLIENT),
        ("redirect_uri", CB),
        ("code_verifier", "not-the-verifier-0123456789-0123456789-0123456789"),
    ]);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_grant"));
    let code = code_for(p, "alice");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("client_id", CLIENT),
        ("redirect_uri", CB),
    ]);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_request"));

    // A code is bound to its client: another client of the pool cannot redeem it.
    let (_, b) = cognito(
        p,
        "CreateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientName": "other", "AllowedOAuthFlows": ["code"],
               "AllowedOAuthScopes": ["openid"], "AllowedOAuthFlowsUserPoolClient": true,
               "CallbackURLs": [CB], "SupportedIdentityProviders": ["COGNITO"]}),
    );
    let other = b["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let code = code_for(p, "alice");
    let r = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("client_id", &other),
        ("redirect_uri", CB),
        ("code_verifier", VERIFIER),
    ]);
    assert_eq!(oauth_error(&r), "invalid_grant");
    // client_credentials on a public client that does not allow it.
    let r = form(&[("grant_type", "client_credentials"), ("client_id", CLIENT)]);
    assert_eq!(oauth_error(&r), "unauthorized_client");
}

#[test]
fn codes_expire_after_five_minutes_of_emulator_time() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let advance = |secs: u64| {
        let r = request(p, "POST", "/_local/clock", &[], format!("{{\"advanceSeconds\":{secs}}}"));
        assert_eq!(r.status, 200);
    };
    let code = code_for(p, "alice");
    advance(299);
    assert_eq!(redeem(p, &code).status, 200, "still valid just before five minutes");
    let code = code_for(p, "alice");
    advance(301);
    let r = redeem(p, &code);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_grant"));
    assert!(r.json()["error_description"].as_str().unwrap().contains("expired"));
}

#[test]
fn confidential_client_authenticates_by_basic_or_form() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let (s, b) = cognito(
        p,
        "CreateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientName": "server-app", "GenerateSecret": true,
               "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"],
               "AllowedOAuthFlowsUserPoolClient": true, "CallbackURLs": ["https://app.example.com/cb"],
               "SupportedIdentityProviders": ["COGNITO"],
               "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    assert_eq!(s, 200, "{b}");
    let id = b["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let secret = b["UserPoolClient"]["ClientSecret"].as_str().unwrap().to_string();
    let cb = "https://app.example.com/cb";
    let new_code = || {
        let q = enc(&[
            ("client_id", &id),
            ("redirect_uri", cb),
            ("response_type", "code"),
            ("scope", "openid email"),
            ("state", "s"),
        ]);
        let r = login(p, "", &q, "alice", PW);
        param(&r.location(), "code").unwrap()
    };
    let grant = |code: &str| {
        vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code.to_string()),
            ("redirect_uri", cb.to_string()),
        ]
    };
    let send = |headers: &[(&str, &str)], pairs: &[(&str, String)]| {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        token(p, "", headers, &pairs)
    };
    // No secret: invalid_client (400, form authentication).
    let code = new_code();
    let mut pairs = grant(&code);
    pairs.push(("client_id", id.clone()));
    let r = send(&[], &pairs);
    assert_eq!((r.status, oauth_error(&r).as_str()), (400, "invalid_client"));
    // Wrong secret by Basic: 401 with WWW-Authenticate.
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:not-the-secret"))
    );
    let r = send(&[("Authorization", &wrong)], &grant(&new_code()));
    assert_eq!((r.status, oauth_error(&r).as_str()), (401, "invalid_client"));
    assert!(r.header("www-authenticate").unwrap().starts_with("Basic"));
    // Wrong secret as a form field.
    let mut pairs = grant(&new_code());
    pairs.extend([("client_id", id.clone()), ("client_secret", "nope".to_string())]);
    assert_eq!(oauth_error(&send(&[], &pairs)), "invalid_client");
    // Right secret by Basic.
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    );
    let r = send(&[("Authorization", &basic)], &grant(&new_code()));
    assert_eq!(r.status, 200, "{}", r.body);
    let refresh = r.json()["refresh_token"].as_str().unwrap().to_string();
    // Right secret as form fields (client_secret_post).
    let mut pairs = grant(&new_code());
    pairs.extend([("client_id", id.clone()), ("client_secret", secret.clone())]);
    assert_eq!(send(&[], &pairs).status, 200);
    // Both methods at once: invalid_request.
    let mut pairs = grant(&new_code());
    pairs.push(("client_secret", secret.clone()));
    assert_eq!(oauth_error(&send(&[("Authorization", &basic)], &pairs)), "invalid_request");
    // A malformed Authorization header.
    let r = send(&[("Authorization", "Basic %%%")], &grant(&new_code()));
    assert_eq!((r.status, oauth_error(&r).as_str()), (401, "invalid_client"));
    // Refresh needs the secret too.
    let r = send(
        &[],
        &[
            ("grant_type", "refresh_token".into()),
            ("client_id", id.clone()),
            ("refresh_token", refresh.clone()),
        ],
    );
    assert_eq!(oauth_error(&r), "invalid_client");
    let r = send(
        &[("Authorization", &basic)],
        &[("grant_type", "refresh_token".into()), ("refresh_token", refresh)],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn refresh_rotation_userinfo_and_revoke() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let b = redeem(p, &code_for(p, "alice")).json();
    let access = b["access_token"].as_str().unwrap().to_string();
    let refresh = b["refresh_token"].as_str().unwrap().to_string();

    // userInfo: claims within the scopes (openid email): email and its verification, as
    // strings; no phone; GET and POST.
    let bearer = format!("Bearer {access}");
    let r = request(p, "GET", "/oauth2/userInfo", &[("Authorization", &bearer)], "");
    assert_eq!(r.status, 200, "{}", r.body);
    let u = r.json();
    assert_eq!(u["email"], "alice@example.com");
    assert_eq!(u["email_verified"], "true");
    assert_eq!(u["username"], "alice");
    assert!(u["sub"].is_string());
    let r =
        request(p, "POST", &format!("/{POOL}/oauth2/userInfo"), &[("Authorization", &bearer)], "");
    assert_eq!(r.json(), u);
    let r = get(p, "/oauth2/userInfo", &[]);
    assert_eq!((r.status, oauth_error(&r).as_str()), (401, "invalid_token"));
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    let r = request(p, "GET", "/oauth2/userInfo", &[("Authorization", "Bearer garbage")], "");
    assert_eq!(r.status, 401);
    // An API access token (no openid scope) is refused.
    let (_, a) = cognito(
        p,
        "InitiateAuth",
        json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
    );
    let api = format!("Bearer {}", a["AuthenticationResult"]["AccessToken"].as_str().unwrap());
    let r = request(p, "GET", "/oauth2/userInfo", &[("Authorization", &api)], "");
    assert_eq!((r.status, oauth_error(&r).as_str()), (403, "insufficient_scope"));

    // Revoke: errors, then the refresh token and its access tokens stop working.
    let rv = |pairs: &[(&str, &str)]| {
        request(
            p,
            "POST",
            "/oauth2/revoke",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            enc(pairs),
        )
    };
    assert_eq!(oauth_error(&rv(&[("client_id", CLIENT)])), "invalid_request");
    assert_eq!(
        oauth_error(&rv(&[("token", &access), ("client_id", CLIENT)])),
        "unsupported_token_type"
    );
    assert_eq!(oauth_error(&rv(&[("token", &refresh), ("client_id", "nosuch")])), "invalid_client");
    let r = rv(&[("token", &refresh), ("client_id", CLIENT)]);
    assert_eq!((r.status, r.body.as_str()), (200, ""));
    assert_eq!(
        rv(&[("token", "unknown-token"), ("client_id", CLIENT)]).status,
        200,
        "RFC 7009: unknown tokens are fine"
    );
    let r = token(
        p,
        "",
        &[],
        &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", &refresh)],
    );
    assert_eq!(oauth_error(&r), "invalid_grant");
    let r = request(p, "GET", "/oauth2/userInfo", &[("Authorization", &bearer)], "");
    assert_eq!(r.status, 401, "the family's access tokens are revoked too");

    // Rotation: a client with RefreshTokenRotation gets a new refresh token each time.
    let (s, b) = cognito(
        p,
        "UpdateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientId": CLIENT, "ClientName": "local-client",
               "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"],
               "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
               "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email", "aws.cognito.signin.user.admin"],
               "AllowedOAuthFlowsUserPoolClient": true, "CallbackURLs": [CB], "SupportedIdentityProviders": ["COGNITO"]}),
    );
    assert_eq!(s, 200, "{b}");
    let refresh =
        redeem(p, &code_for(p, "alice")).json()["refresh_token"].as_str().unwrap().to_string();
    let r = token(
        p,
        "",
        &[],
        &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", &refresh)],
    );
    let fresh = r.json()["refresh_token"].as_str().expect("rotated refresh token").to_string();
    assert_ne!(fresh, refresh);
    let r = token(
        p,
        "",
        &[],
        &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", &refresh)],
    );
    assert_eq!(oauth_error(&r), "invalid_grant", "the rotated-out token is refused");
    let r = token(
        p,
        "",
        &[],
        &[("grant_type", "refresh_token"), ("client_id", CLIENT), ("refresh_token", &fresh)],
    );
    assert_eq!(r.status, 200);
}

#[test]
fn session_cookie_skips_login_and_logout_ends_it() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let r = login(p, "", &authorize_query(&[]), "alice", PW);
    let session = r.cookie(&format!("lc_session_{POOL}")).expect("session cookie");
    // A second authorize with the cookie: straight back with a code, no page.
    let r = request(
        p,
        "GET",
        &format!("/oauth2/authorize?{}", authorize_query(&[])),
        &[("Cookie", &session)],
        "",
    );
    let loc = r.location();
    assert!(param(&loc, "code").is_some());
    assert_eq!(param(&loc, "state").as_deref(), Some("st-123"));
    let first_auth_time =
        claims(redeem(p, &param(&loc, "code").unwrap()).json()["id_token"].as_str().unwrap())
            ["auth_time"]
            .clone();
    assert!(first_auth_time.is_u64());
    // prompt=login forces the page even with a session.
    let r = request(
        p,
        "GET",
        &format!("/oauth2/authorize?{}", authorize_query(&[("prompt", "login")])),
        &[("Cookie", &session)],
        "",
    );
    assert_eq!(r.status, 200);
    // prompt=none with a session succeeds silently.
    let r = request(
        p,
        "GET",
        &format!("/oauth2/authorize?{}", authorize_query(&[("prompt", "none")])),
        &[("Cookie", &session)],
        "",
    );
    assert!(param(&r.location(), "code").is_some());

    // Logout refusals: unknown client, unregistered or missing logout_uri (an error page).
    assert_error_page(
        &get(p, &format!("/logout?{}", enc(&[("client_id", "nosuch"), ("logout_uri", CB)])), &[]),
        "client_id",
    );
    let r = request(
        p,
        "GET",
        &format!(
            "/logout?{}",
            enc(&[("client_id", CLIENT), ("logout_uri", "https://evil.example/")])
        ),
        &[("Cookie", &session)],
        "",
    );
    assert_error_page(&r, "logout_uri");
    assert_error_page(
        &get(p, &format!("/logout?{}", enc(&[("client_id", CLIENT)])), &[]),
        "logout_uri",
    );
    // The refused logout left the session alone.
    let r = request(
        p,
        "GET",
        &format!("/oauth2/authorize?{}", authorize_query(&[])),
        &[("Cookie", &session)],
        "",
    );
    assert_eq!(r.status, 302);

    // Logout as Amplify builds it (logout_uri percent-encoded once more).
    let amplify = format!(
        "/logout?client_id={CLIENT}&logout_uri={}",
        enc(&[("x", CB)]).trim_start_matches("x=")
    );
    let r = request(p, "GET", &amplify, &[("Cookie", &session)], "");
    assert_eq!(r.location().as_str(), CB);
    let cleared = r.head.lines().any(|l| {
        l.to_lowercase().starts_with("set-cookie: lc_session_") && l.contains("Max-Age=0")
    });
    assert!(cleared, "session cookie cleared");
    // The old cookie no longer skips the page.
    let r = request(
        p,
        "GET",
        &format!("/oauth2/authorize?{}", authorize_query(&[])),
        &[("Cookie", &session)],
        "",
    );
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<label for=\"password\">"));
}

#[test]
fn simulated_google_creates_a_federated_user_with_identities() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    let q = authorize_query(&[("identity_provider", "Google")]);
    let r = get(p, &format!("/oauth2/authorize?{q}"), &[]);
    assert_eq!(r.status, 302);
    let to = r.header("location").unwrap();
    assert!(to.starts_with("/simulated-idp?"), "{to}");
    let page = get(p, &to, &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Sign in with Google (simulated)"));
    assert!(page.body.contains("<label for=\"email\">Email</label>"));
    let sign_in = |page: &Reply, email: &str| {
        let csrf = page.cookie("lc_csrf").unwrap();
        let mut fields = form_fields(&page.body);
        fields.push(("email".into(), email.into()));
        let pairs: Vec<(&str, &str)> =
            fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        request(
            p,
            "POST",
            "/simulated-idp",
            &[("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", &csrf)],
            enc(&pairs),
        )
    };
    let bad = sign_in(&page, "not-an-email");
    assert!(bad.status == 400 && bad.body.contains("valid email"));
    let r = sign_in(&page, "gina@gmail.com");
    let loc = r.location();
    assert_eq!(param(&loc, "state").as_deref(), Some("st-123"));
    let b = redeem(p, &param(&loc, "code").unwrap()).json();
    let id = claims(b["id_token"].as_str().unwrap());
    let username = id["cognito:username"].as_str().unwrap().to_string();
    assert!(username.starts_with("Google_"), "{username}");
    assert_eq!(id["email"], "gina@gmail.com");
    let ident = &id["identities"][0];
    assert_eq!(ident["providerName"], "Google");
    assert_eq!(ident["providerType"], "Google");
    assert_eq!(ident["userId"].as_str().unwrap(), username.trim_start_matches("Google_"));
    assert_eq!(ident["primary"], "true");
    assert!(ident["issuer"].is_null());
    assert!(ident["dateCreated"].as_str().unwrap().parse::<u64>().is_ok());

    // AdminGetUser: EXTERNAL_PROVIDER, identities as Cognito's JSON string.
    let (s, u) = cognito(p, "AdminGetUser", json!({"UserPoolId": POOL, "Username": username}));
    assert_eq!(s, 200, "{u}");
    assert_eq!(u["UserStatus"], "EXTERNAL_PROVIDER");
    let attrs = u["UserAttributes"].as_array().unwrap();
    let identities =
        attrs.iter().find(|a| a["Name"] == "identities").unwrap()["Value"].as_str().unwrap();
    let parsed: Value = serde_json::from_str(identities).unwrap();
    for k in ["userId", "providerName", "providerType", "issuer", "primary", "dateCreated"] {
        assert!(parsed[0].get(k).is_some(), "identities lacks {k}");
    }
    // The same Google account signs in as the same user again.
    let page = get(p, &to, &[]);
    let b = redeem(p, &param(&sign_in(&page, "gina@gmail.com").location(), "code").unwrap()).json();
    assert_eq!(claims(b["id_token"].as_str().unwrap())["cognito:username"], username.as_str());
    // A provider the client does not list.
    let (_, c) = cognito(
        p,
        "CreateUserPoolClient",
        json!({"UserPoolId": POOL, "ClientName": "cognito-only", "AllowedOAuthFlows": ["code"],
               "AllowedOAuthScopes": ["openid"], "AllowedOAuthFlowsUserPoolClient": true,
               "CallbackURLs": [CB], "SupportedIdentityProviders": ["COGNITO"]}),
    );
    let other = c["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let q = enc(&[
        ("client_id", &other),
        ("redirect_uri", CB),
        ("response_type", "code"),
        ("state", "st-123"),
        ("identity_provider", "Google"),
    ]);
    assert_error_redirect(&get(p, &format!("/oauth2/authorize?{q}"), &[]), "invalid_request");
    let page = get(
        p,
        &format!(
            "/oauth2/authorize?{}",
            enc(&[("client_id", &other), ("redirect_uri", CB), ("response_type", "code")])
        ),
        &[],
    );
    assert!(!page.body.contains("Google"), "no button for a provider the client lacks");
}

#[test]
fn openid_configuration_pool_prefix_implicit_flow_and_cors() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    user(p, "alice", "alice@example.com");
    let r = get(p, &format!("/{POOL}/.well-known/openid-configuration"), &[]);
    assert_eq!(r.status, 200);
    let d = r.json();
    let base = format!("http://127.0.0.1:{p}/{POOL}");
    assert_eq!(d["issuer"], base.as_str());
    assert_eq!(d["authorization_endpoint"], format!("{base}/oauth2/authorize"));
    assert_eq!(d["token_endpoint"], format!("{base}/oauth2/token"));
    assert_eq!(d["userinfo_endpoint"], format!("{base}/oauth2/userInfo"));
    assert_eq!(d["jwks_uri"], format!("{base}/.well-known/jwks.json"));
    assert_eq!(d["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(get(p, &format!("/{POOL}/.well-known/jwks.json"), &[]).status, 200);
    assert_eq!(get(p, "/us-east-1_Nope/.well-known/openid-configuration", &[]).status, 404);

    // The whole code flow under the pool prefix (domain = 127.0.0.1:port/<pool>).
    let r = login(p, &format!("/{POOL}"), &authorize_query(&[]), "alice", PW);
    let code = param(&r.location(), "code").unwrap();
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", CLIENT),
        ("redirect_uri", CB),
        ("code_verifier", VERIFIER),
    ];
    let t = token(p, &format!("/{POOL}"), &[], &pairs);
    assert_eq!(t.status, 200, "{}", t.body);
    assert_eq!(claims(t.json()["id_token"].as_str().unwrap())["iss"], d["issuer"]);
    // Another pool's prefix does not take this client.
    let (s, _) = cognito(p, "CreateUserPool", json!({"PoolName": "second"}));
    assert_eq!(s, 200);

    // Implicit flow: tokens in the fragment.
    let q = enc(&[
        ("client_id", CLIENT),
        ("redirect_uri", CB),
        ("response_type", "token"),
        ("scope", "openid"),
        ("state", "st-123"),
    ]);
    let r = login(p, "", &q, "alice", PW);
    let loc = r.location();
    assert!(loc.query().is_none());
    let frag: Vec<(String, String)> =
        url::form_urlencoded::parse(loc.fragment().unwrap().as_bytes()).into_owned().collect();
    let get_f = |k: &str| frag.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert!(get_f("access_token").is_some() && get_f("id_token").is_some());
    assert_eq!(get_f("token_type").as_deref(), Some("Bearer"));
    assert_eq!(get_f("state").as_deref(), Some("st-123"));
    assert!(get_f("refresh_token").is_none());

    // CORS for a browser's token request (preflight and the answer).
    let r = request(
        p,
        "OPTIONS",
        "/oauth2/token",
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type,x-amz-user-agent"),
        ],
        "",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin").as_deref(), Some("http://localhost:5173"));
    let r = token(p, "", &[("Origin", "http://localhost:5173")], &[("grant_type", "nope")]);
    assert_eq!(r.header("access-control-allow-origin").as_deref(), Some("http://localhost:5173"));

    // The default client describes its OAuth settings.
    let (_, c) =
        cognito(p, "DescribeUserPoolClient", json!({"UserPoolId": POOL, "ClientId": CLIENT}));
    let c = &c["UserPoolClient"];
    assert_eq!(c["AllowedOAuthFlowsUserPoolClient"], true);
    assert!(c["CallbackURLs"].as_array().unwrap().contains(&json!(CB)));
    assert!(c["LogoutURLs"].as_array().unwrap().contains(&json!(CB)));
    assert!(c["SupportedIdentityProviders"].as_array().unwrap().contains(&json!("Google")));
}

#[test]
fn federated_users_stay_apart_from_native_ones_in_an_email_pool() {
    let srv = Server::start(11, &[]);
    let p = srv.port;
    let cfg = json!({
        "id": "us-east-1_EmailPool", "usernameAttributes": ["email"],
        "clients": [{"id": "emailclient000000000000001", "allowedOAuthFlowsUserPoolClient": true,
                     "allowedOAuthFlows": ["code"], "allowedOAuthScopes": ["openid", "email"],
                     "callbackURLs": [CB], "supportedIdentityProviders": ["COGNITO", "Google"]}]
    });
    let r = request(p, "POST", "/_local/pools", &[], cfg.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    let client = "emailclient000000000000001";
    let q = enc(&[
        ("client_id", client),
        ("redirect_uri", CB),
        ("response_type", "code"),
        ("identity_provider", "Google"),
    ]);
    // Under the pool's prefix.
    let r = get(p, &format!("/us-east-1_EmailPool/oauth2/authorize?{q}"), &[]);
    let to = r.header("location").unwrap();
    assert!(to.starts_with("/us-east-1_EmailPool/simulated-idp?"), "{to}");
    let page = get(p, &to, &[]);
    let csrf = page.cookie("lc_csrf").unwrap();
    let mut fields = form_fields(&page.body);
    fields.push(("email".into(), "same@example.com".into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = request(
        p,
        "POST",
        "/us-east-1_EmailPool/simulated-idp",
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", &csrf)],
        enc(&pairs),
    );
    assert!(param(&r.location(), "code").is_some());
    // A native sign-up with the same email is a different user, and signs in by email.
    let (s, b) = cognito(
        p,
        "SignUp",
        json!({"ClientId": client, "Username": "same@example.com", "Password": PW}),
    );
    assert_eq!(s, 200, "{b}");
    let (s, _) = cognito(
        p,
        "AdminConfirmSignUp",
        json!({"UserPoolId": "us-east-1_EmailPool", "Username": "same@example.com"}),
    );
    assert_eq!(s, 200);
    let q = enc(&[
        ("client_id", client),
        ("redirect_uri", CB),
        ("response_type", "code"),
        ("scope", "openid"),
    ]);
    let r = login(p, "/us-east-1_EmailPool", &q, "same@example.com", PW);
    let code = param(&r.location(), "code").unwrap();
    let t = token(
        p,
        "",
        &[],
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", client),
            ("redirect_uri", CB),
        ],
    );
    let id = claims(t.json()["id_token"].as_str().unwrap());
    assert!(!id["cognito:username"].as_str().unwrap().starts_with("Google_"));
    assert!(id.get("identities").is_none());
}
