//! The hosted UI (`signInWithRedirect`) as Amplify v6 does it: the authorize URL with PKCE
//! (S256) and a random `state` (carrying Amplify's `customState` encoding), the redirect URL
//! chosen for the page, reading what the hosted UI sent back, the token request and its
//! answer, and the logout URL. Pure: the page's URL and randomness come in as arguments.
//! Byte-level string handling throughout (no `str` patterns: they link panicking slicing).

use crate::base64;
use crate::error::{AuthError, Validation};
use crate::json::Json;
use crate::model::config::OAuthConfig;
use crate::protocol::TokenSet;
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// Amplify's name for every failure of the redirect flow.
pub const OAUTH_ERROR: &str = "OAuthSignInException";

/// An `OAuthSignInException` with `message` (never a code, verifier or token).
pub fn oauth_error(message: &str) -> AuthError {
    AuthError::Service { code: OAUTH_ERROR.into(), message: message.into() }
}

/// Characters of Amplify's PKCE verifier (`generateCodeVerifier`).
const VERIFIER_CHARSET: &[u8; 62] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Amplify's verifier length (RFC 7636: 43–128).
const VERIFIER_LEN: usize = 128;
/// Amplify's `generateState(32)` length.
const STATE_LEN: usize = 32;

/// `len` characters of [`VERIFIER_CHARSET`] from a CSPRNG, without Amplify's modulo bias
/// (bytes ≥ 248 are drawn again).
fn random_chars(len: usize, random: &mut dyn FnMut(&mut [u8])) -> String {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    // Bounded: a CSPRNG answering only bytes >= 248 (never) cannot loop forever.
    let mut rounds = 0;
    while out.len() < len && rounds < 64 {
        rounds += 1;
        random(&mut buf);
        for &b in &buf {
            if out.len() < len && b < 248 {
                out.push(char::from(VERIFIER_CHARSET[usize::from(b) % 62]));
            }
        }
    }
    while out.len() < len {
        out.push('A');
    }
    out
}

/// base64url without padding (RFC 7636 §4.2).
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = base64::encode(bytes).into_bytes();
    out.retain(|&b| b != b'=');
    for b in &mut out {
        *b = match *b {
            b'+' => b'-',
            b'/' => b'_',
            b => b,
        };
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The S256 code challenge of `verifier`.
pub fn code_challenge(verifier: &str) -> String {
    base64url(&hmac_sha256::Hash::hash(verifier.as_bytes()))
}

/// Amplify's `urlSafeEncode`: two hex digits per character (here: per UTF-8 byte, which is
/// the same for ASCII and round-trips every string).
pub fn url_safe_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Amplify's `urlSafeDecode`: pairs of hex digits; UTF-8 when they are, else one character
/// per byte (what Amplify's encoder wrote for Latin-1 text).
pub fn url_safe_decode(hex: &str) -> Option<String> {
    let h = hex.as_bytes();
    if h.len() % 2 != 0 {
        return None;
    }
    let bytes = h
        .chunks(2)
        .map(|p| Some(hex_val(p[0])? << 4 | hex_val(p[1])?))
        .collect::<Option<Vec<u8>>>()?;
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => Some(e.into_bytes().into_iter().map(char::from).collect()),
    }
}

/// The custom state carried by `state` (`<random>-<urlSafeEncode(customState)>`), if any.
pub fn custom_state(state: &str) -> Option<String> {
    let b = state.as_bytes();
    let dash = b.iter().position(|&c| c == b'-')?;
    url_safe_decode(core::str::from_utf8(&b[dash + 1..]).ok()?)
}

/// Percent-encodes `s` as `URLSearchParams` does (`application/x-www-form-urlencoded`).
pub fn form_encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}

/// Decodes one `application/x-www-form-urlencoded` value (`+` is a space).
pub fn form_decode(s: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = hex_val(*s.get(i + 1)?)?;
                let lo = hex_val(*s.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `k=v&k=v` from pairs, each part encoded.
fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode(k, &mut out);
        out.push('=');
        form_encode(v, &mut out);
    }
    out
}

/// The parts of a URL this flow needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Url<'a> {
    /// `scheme://host[:port]`.
    pub origin: &'a str,
    /// The path (`/` when empty).
    pub path: &'a str,
    /// The query, without `?` (empty when none).
    pub query: &'a str,
}

/// Splits an absolute URL (`None` when it has no `scheme://`).
pub fn parse_url(url: &str) -> Option<Url<'_>> {
    let b = url.as_bytes();
    let scheme_end = b.windows(3).position(|w| w == b"://")?;
    let after = scheme_end + 3;
    let stop = |from: usize, set: &[u8]| {
        b[from..].iter().position(|c| set.contains(c)).map_or(b.len(), |p| from + p)
    };
    let host_end = stop(after, b"/?#");
    let path_end = stop(host_end, b"?#");
    let (query_start, query_end) = if b.get(path_end) == Some(&b'?') {
        (path_end + 1, stop(path_end + 1, b"#"))
    } else {
        (path_end, path_end)
    };
    Some(Url {
        origin: url.get(..host_end)?,
        path: if path_end > host_end { url.get(host_end..path_end)? } else { "/" },
        query: url.get(query_start..query_end)?,
    })
}

/// The first value of `name` in a query string, decoded.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.as_bytes().split(|&c| c == b'&').find_map(|pair| {
        let eq = pair.iter().position(|&c| c == b'=').unwrap_or(pair.len());
        (form_decode(&pair[..eq])? == name)
            .then(|| form_decode(pair.get(eq + 1..).unwrap_or(&[])))?
    })
}

/// Amplify's `getRedirectUrl`: `preferred` when it is one of `redirects`; else the first of
/// the page's origin and path, then the first naming the page's host; a list with none of
/// them is `InvalidOriginException`, an empty one `InvalidRedirectException`.
pub fn redirect_url<'a>(
    redirects: &'a [String],
    page: &str,
    preferred: Option<&str>,
) -> Result<&'a str, AuthError> {
    if let Some(p) = preferred {
        return redirects
            .iter()
            .find(|r| r.as_str() == p)
            .map(String::as_str)
            .ok_or(Validation::InvalidPreferredRedirectUrl.into());
    }
    let page = parse_url(page).ok_or(Validation::InvalidOrigin)?;
    let host = {
        let o = page.origin.as_bytes();
        let start = o.windows(3).position(|w| w == b"://").map_or(0, |p| p + 3);
        let end = o[start..].iter().position(|&c| c == b':').map_or(o.len(), |p| start + p);
        &o[start..end]
    };
    let same_path = |r: &&String| {
        let r = r.as_bytes();
        let (o, p) = (page.origin.as_bytes(), page.path.as_bytes());
        r.len() >= o.len() + p.len() && &r[..o.len()] == o && &r[o.len()..o.len() + p.len()] == p
    };
    let same_host =
        |r: &&String| !host.is_empty() && r.as_bytes().windows(host.len()).any(|w| w == host);
    if let Some(r) = redirects.iter().find(same_path).or_else(|| redirects.iter().find(same_host)) {
        return Ok(r);
    }
    let web = |r: &String| {
        let b = r.as_bytes();
        b.starts_with(b"https://") || b.starts_with(b"http://")
    };
    Err(if redirects.iter().any(web) {
        Validation::InvalidOrigin.into()
    } else {
        Validation::InvalidRedirect.into()
    })
}

/// Amplify's `cognitoHostedUIIdentityProviderMap` and `{ custom }`; `None`: the hosted UI's
/// own page (`COGNITO`).
pub fn identity_provider(provider: Option<&Json>) -> Result<String, AuthError> {
    let name = match provider {
        None | Some(Json::Null) => "COGNITO",
        Some(Json::Str(s)) => match s.as_str() {
            "Google" => "Google",
            "Facebook" => "Facebook",
            "Amazon" => "LoginWithAmazon",
            "Apple" => "SignInWithApple",
            _ => return Err(Validation::InvalidProvider.into()),
        },
        Some(o) => o.str("custom").filter(|c| !c.is_empty()).ok_or(Validation::InvalidProvider)?,
    };
    Ok(name.into())
}

/// A redirect sign-in, started: where to send the browser, and what to keep until it
/// comes back.
#[derive(Debug)]
pub struct Started {
    /// The authorize URL (carries only the challenge, never the verifier).
    pub url: String,
    /// The `state` sent (random, with the custom state after a `-`).
    pub state: String,
    /// The PKCE verifier.
    pub verifier: Secret,
    /// The redirect URL asked for (the token request repeats it).
    pub redirect_uri: String,
}

/// Starts `signInWithRedirect({ provider?, customState?, options? })` for a page at `page`.
///
/// # Errors
/// `InvalidParameterException` for an unknown provider; the redirect URL's errors.
pub fn begin(
    cfg: &OAuthConfig,
    client_id: &str,
    input: &Json,
    page: &str,
    random: &mut dyn FnMut(&mut [u8]),
) -> Result<Started, AuthError> {
    let options = input.get("options");
    let opt = |k: &str| options.and_then(|o| o.str(k)).filter(|v| !v.is_empty());
    // Amplify: `{ idpIdentifier }` picks the provider by identifier; `prompt: 'NONE'` without
    // a provider names none (Cognito resumes whichever session is active).
    let given = input.get("provider").filter(|p| !p.is_null());
    let idp = given.and_then(|p| p.str("idpIdentifier")).filter(|v| !v.is_empty());
    let provider = match (given, idp, opt("prompt")) {
        (_, Some(_), _) => None,
        (None, None, Some(p)) if p.eq_ignore_ascii_case("NONE") => None,
        _ => Some(identity_provider(given)?),
    };
    let redirect_uri = String::from(redirect_url(&cfg.redirect_sign_in, page, None)?);
    let mut state = random_chars(STATE_LEN, random);
    if let Some(custom) = input.str("customState").filter(|c| !c.is_empty()) {
        state.push('-');
        state.push_str(&url_safe_encode(custom));
    }
    let verifier = random_chars(VERIFIER_LEN, random);
    // A failed CSPRNG fills zeros (`Platform::random`): a verifier of one repeated letter.
    if verifier.bytes().all(|b| b == b'A') {
        return Err(AuthError::Protocol("no randomness for the PKCE verifier"));
    }
    // By hand: `join` links a generic copy loop (~1 KB of wasm).
    let mut scopes = String::new();
    for (i, sc) in cfg.scopes.iter().enumerate() {
        if i > 0 {
            scopes.push(' ');
        }
        scopes.push_str(sc);
    }
    let challenge = code_challenge(&verifier);
    let mut pairs: Vec<(&str, &str)> = alloc::vec![
        ("redirect_uri", &redirect_uri),
        ("response_type", "code"),
        ("client_id", client_id)
    ];
    match (idp, &provider) {
        (Some(i), _) => pairs.push(("idp_identifier", i)),
        (None, Some(p)) => pairs.push(("identity_provider", p)),
        (None, None) => {}
    }
    pairs.push(("scope", &scopes));
    let lower_prompt = opt("prompt").map(str::to_ascii_lowercase);
    for (k, v) in [("login_hint", opt("loginHint")), ("lang", opt("lang")), ("nonce", opt("nonce"))]
    {
        if let Some(v) = v {
            pairs.push((k, v));
        }
    }
    if let Some(p) = &lower_prompt {
        pairs.push(("prompt", p));
    }
    pairs.extend([
        ("state", state.as_str()),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ]);
    let mut url = cfg.base.clone();
    url.push_str("/oauth2/authorize?");
    url.push_str(&form(&pairs));
    Ok(Started { url, state, verifier: Secret::new(verifier), redirect_uri })
}

/// What the hosted UI sent back in the page's URL.
#[derive(Debug, PartialEq, Eq)]
pub enum Returned {
    /// Nothing of the hosted UI's.
    Nothing,
    /// `?code&state`.
    Code {
        /// The authorization code (single use).
        code: Secret,
        /// The `state` (`None`: missing).
        state: Option<String>,
    },
    /// `?error&error_description`.
    Error {
        /// `error_description`, else `error`.
        message: String,
    },
}

/// Reads the page's URL after the hosted UI sent the browser back.
pub fn read_return(page: &str) -> Returned {
    let Some(url) = parse_url(page) else { return Returned::Nothing };
    if let Some(error) = query_param(url.query, "error") {
        let message = query_param(url.query, "error_description").unwrap_or(error);
        return Returned::Error { message };
    }
    match query_param(url.query, "code") {
        Some(code) => {
            Returned::Code { code: Secret::new(code), state: query_param(url.query, "state") }
        }
        None => Returned::Nothing,
    }
}

/// Amplify's `validateState`: the state that came back must be the one this browser sent.
///
/// # Errors
/// `OAuthSignInException`.
pub fn validate_state(returned: Option<&str>, saved: Option<&str>) -> Result<(), AuthError> {
    match (returned, saved) {
        (Some(r), Some(s)) if !s.is_empty() && r.as_bytes() == s.as_bytes() => Ok(()),
        (None, _) => Err(oauth_error("`signInWithRedirect` has been canceled.")),
        _ => Err(oauth_error("An error occurred while validating the state.")),
    }
}

/// The token request's URL and form body (`authorization_code` with the PKCE verifier).
///
/// # Errors
/// `OAuthSignInException` when the verifier is missing (this browser did not start it).
pub fn token_request(
    cfg: &OAuthConfig,
    client_id: &str,
    code: &Secret,
    redirect_uri: &str,
    verifier: Option<&Secret>,
) -> Result<(String, Secret), AuthError> {
    let verifier = verifier
        .ok_or_else(|| oauth_error("The PKCE code verifier of this sign-in is missing."))?;
    let mut url = cfg.base.clone();
    url.push_str("/oauth2/token");
    let body = form(&[
        ("grant_type", "authorization_code"),
        ("code", code.expose()),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier.expose()),
    ]);
    Ok((url, Secret::new(body)))
}

/// Reads the token endpoint's JSON answer: the tokens, or its `{ error }` as
/// `OAuthSignInException`.
///
/// # Errors
/// As above; a protocol error when tokens are missing.
pub fn read_tokens(v: &Json) -> Result<TokenSet, AuthError> {
    if let Some(error) = v.str("error") {
        let message =
            v.str("error_description").or_else(|| v.str("error_message")).unwrap_or(error);
        return Err(oauth_error(message));
    }
    let access = v.str("access_token").ok_or(AuthError::Protocol("no access_token"))?;
    let id = v.str("id_token").ok_or(AuthError::Protocol("no id_token (ask for openid)"))?;
    Ok(TokenSet {
        access_token: Secret::new(access),
        id_token: Secret::new(id),
        refresh_token: v.str("refresh_token").map(Secret::new),
        expires_in: v.get("expires_in").and_then(Json::as_u64).unwrap_or(3600),
        new_device: None,
    })
}

/// Amplify's `oAuthSignOutRedirect`: `/logout?client_id&logout_uri`.
///
/// # Errors
/// The redirect URL's errors.
pub fn logout_url(
    cfg: &OAuthConfig,
    client_id: &str,
    page: &str,
    preferred: Option<&str>,
) -> Result<String, AuthError> {
    let uri = redirect_url(&cfg.redirect_sign_out, page, preferred)?;
    let mut url = cfg.base.clone();
    url.push_str("/logout?");
    url.push_str(&form(&[("client_id", client_id), ("logout_uri", uri)]));
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> OAuthConfig {
        OAuthConfig {
            base: "http://127.0.0.1:9229".into(),
            scopes: alloc::vec!["openid".into(), "email".into()],
            redirect_sign_in: alloc::vec![
                "https://app.example.com/".into(),
                "http://localhost:8080/".into()
            ],
            redirect_sign_out: alloc::vec!["http://localhost:8080/bye".into()],
        }
    }

    fn counter() -> impl FnMut(&mut [u8]) {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = n;
                n = n.wrapping_add(1);
            }
        }
    }

    #[test]
    fn pkce_s256_of_rfc7636_appendix_b() {
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn authorize_url_carries_challenge_state_and_provider() {
        let mut r = counter();
        let input = Json::parse(
            r#"{"provider":"Apple","customState":"to /cart?x=1","options":{"loginHint":"a@b.c","prompt":"LOGIN"}}"#,
        )
        .unwrap();
        let s = begin(&cfg(), "cid", &input, "http://localhost:8080/?x=1", &mut r).unwrap();
        assert_eq!(s.redirect_uri, "http://localhost:8080/");
        assert_eq!(s.verifier.expose().len(), 128);
        assert!(s.verifier.expose().bytes().all(|b| b.is_ascii_alphanumeric()));
        let (random, custom) = s.state.split_once('-').unwrap();
        assert_eq!(random.len(), 32);
        assert_eq!(custom_state(&s.state).as_deref(), Some("to /cart?x=1"));
        assert_eq!(custom, "746f202f636172743f783d31");
        let url = parse_url(&s.url).unwrap();
        assert_eq!((url.origin, url.path), ("http://127.0.0.1:9229", "/oauth2/authorize"));
        let q = |k| query_param(url.query, k);
        assert_eq!(q("redirect_uri").as_deref(), Some("http://localhost:8080/"));
        assert_eq!(q("response_type").as_deref(), Some("code"));
        assert_eq!(q("client_id").as_deref(), Some("cid"));
        assert_eq!(q("identity_provider").as_deref(), Some("SignInWithApple"));
        assert_eq!(q("scope").as_deref(), Some("openid email"));
        assert_eq!(q("login_hint").as_deref(), Some("a@b.c"));
        assert_eq!(q("prompt").as_deref(), Some("login"));
        assert_eq!(q("state"), Some(s.state.clone()));
        assert_eq!(q("code_challenge"), Some(code_challenge(s.verifier.expose())));
        assert_eq!(q("code_challenge_method").as_deref(), Some("S256"));
        assert!(!s.url.contains(s.verifier.expose()), "the verifier never leaves");
        // Without input: the hosted UI's own page, no custom state.
        let s = begin(&cfg(), "cid", &Json::Null, "https://app.example.com/", &mut r).unwrap();
        assert_eq!(s.redirect_uri, "https://app.example.com/");
        assert!(!s.state.contains('-'));
        let url = parse_url(&s.url).unwrap();
        assert_eq!(query_param(url.query, "identity_provider").as_deref(), Some("COGNITO"));
        // idpIdentifier, and prompt NONE without a provider: no identity_provider.
        let input = Json::parse(r#"{"provider":{"idpIdentifier":"example.com"}}"#).unwrap();
        let s = begin(&cfg(), "cid", &input, "https://app.example.com/", &mut r).unwrap();
        let url = parse_url(&s.url).unwrap();
        assert_eq!(query_param(url.query, "idp_identifier").as_deref(), Some("example.com"));
        assert_eq!(query_param(url.query, "identity_provider"), None);
        let input = Json::parse(r#"{"options":{"prompt":"NONE"}}"#).unwrap();
        let s = begin(&cfg(), "cid", &input, "https://app.example.com/", &mut r).unwrap();
        let url = parse_url(&s.url).unwrap();
        assert_eq!(query_param(url.query, "identity_provider"), None);
        assert_eq!(query_param(url.query, "prompt").as_deref(), Some("none"));
    }

    #[test]
    fn providers_map_as_amplify_does() {
        let p = |s: &str| identity_provider(Some(&Json::parse(s).unwrap()));
        assert_eq!(p(r#""Google""#).unwrap(), "Google");
        assert_eq!(p(r#""Facebook""#).unwrap(), "Facebook");
        assert_eq!(p(r#""Amazon""#).unwrap(), "LoginWithAmazon");
        assert_eq!(p(r#""Apple""#).unwrap(), "SignInWithApple");
        assert_eq!(p(r#"{"custom":"MyOIDC"}"#).unwrap(), "MyOIDC");
        assert_eq!(identity_provider(None).unwrap(), "COGNITO");
        assert_eq!(p(r#""Twitter""#), Err(Validation::InvalidProvider.into()));
        assert_eq!(p(r#"{"custom":""}"#), Err(Validation::InvalidProvider.into()));
    }

    #[test]
    fn redirect_urls_as_amplify_chooses_them() {
        let list: Vec<String> =
            ["https://app.example.com/a/", "http://localhost:8080/", "http://localhost:5173/"]
                .iter()
                .map(|s| String::from(*s))
                .collect();
        assert_eq!(
            redirect_url(&list, "http://localhost:5173/", None),
            Ok("http://localhost:5173/")
        );
        assert_eq!(redirect_url(&list, "https://app.example.com/a/?q", None), Ok(list[0].as_str()));
        // Same host, other path: the first naming the host.
        assert_eq!(redirect_url(&list, "http://localhost:9999/x", None), Ok(list[1].as_str()));
        assert_eq!(
            redirect_url(&list, "https://other.example/", None),
            Err(Validation::InvalidOrigin.into())
        );
        assert_eq!(
            redirect_url(&[], "http://localhost:8080/", None),
            Err(Validation::InvalidRedirect.into())
        );
        assert_eq!(
            redirect_url(&list, "https://x/", Some("http://localhost:5173/")),
            Ok("http://localhost:5173/")
        );
        assert_eq!(
            redirect_url(&list, "https://x/", Some("http://evil/")),
            Err(Validation::InvalidPreferredRedirectUrl.into())
        );
    }

    #[test]
    fn the_return_url_is_read_and_a_tampered_state_refused() {
        let r = read_return("http://localhost:8080/?code=c0de%2B1&state=abc-6869#frag");
        let Returned::Code { code, state } = r else { panic!("a code") };
        assert_eq!((code.expose(), state.as_deref()), ("c0de+1", Some("abc-6869")));
        assert_eq!(custom_state("abc-6869").as_deref(), Some("hi"));
        assert_eq!(validate_state(Some("abc-6869"), Some("abc-6869")), Ok(()));
        let tampered = validate_state(Some("abd-6869"), Some("abc-6869")).unwrap_err();
        assert_eq!(tampered.name(), "OAuthSignInException");
        assert!(validate_state(Some("abc"), None).is_err(), "not started here");
        assert!(validate_state(None, Some("abc")).is_err(), "no state back");
        assert_eq!(
            read_return(
                "http://localhost:8080/?error=access_denied&error_description=User+said+no"
            ),
            Returned::Error { message: "User said no".into() }
        );
        assert_eq!(
            read_return("http://localhost:8080/?error=access_denied"),
            Returned::Error { message: "access_denied".into() }
        );
        assert_eq!(read_return("http://localhost:8080/?x=1"), Returned::Nothing);
        assert_eq!(read_return("http://localhost:8080/"), Returned::Nothing);
        assert_eq!(read_return("not a url"), Returned::Nothing);
    }

    #[test]
    fn token_request_and_answer() {
        let v = Secret::new("verifier-do-not-print");
        let (url, body) = token_request(
            &cfg(),
            "cid",
            &Secret::new("the code"),
            "http://localhost:8080/",
            Some(&v),
        )
        .unwrap();
        assert_eq!(url, "http://127.0.0.1:9229/oauth2/token");
        assert_eq!(
            body.expose(),
            "grant_type=authorization_code&code=the+code&client_id=cid&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F&code_verifier=verifier-do-not-print"
        );
        assert!(!alloc::format!("{body:?}").contains("verifier-do-not-print"));
        let missing = token_request(&cfg(), "cid", &Secret::new("c"), "u", None).unwrap_err();
        assert_eq!(missing.name(), "OAuthSignInException");
        let ok = Json::parse(r#"{"access_token":"a","id_token":"i","refresh_token":"r","token_type":"Bearer","expires_in":3600}"#).unwrap();
        let t = read_tokens(&ok).unwrap();
        assert_eq!((t.access_token.expose(), t.id_token.expose()), ("a", "i"));
        assert_eq!(t.refresh_token.as_ref().map(Secret::expose), Some("r"));
        let err =
            Json::parse(r#"{"error":"invalid_grant","error_description":"Code expired"}"#).unwrap();
        let e = read_tokens(&err).unwrap_err();
        assert_eq!((e.name(), e.message().as_str()), ("OAuthSignInException", "Code expired"));
        let bare = Json::parse(r#"{"error":"invalid_grant"}"#).unwrap();
        assert_eq!(read_tokens(&bare).unwrap_err().message(), "invalid_grant");
    }

    #[test]
    fn logout_url_names_the_client_and_where_to_return() {
        let u = logout_url(&cfg(), "cid", "http://localhost:8080/bye", None).unwrap();
        assert_eq!(
            u,
            "http://127.0.0.1:9229/logout?client_id=cid&logout_uri=http%3A%2F%2Flocalhost%3A8080%2Fbye"
        );
        assert_eq!(
            logout_url(&cfg(), "cid", "https://elsewhere/", None).unwrap_err().name(),
            "InvalidOriginException"
        );
    }

    #[test]
    fn url_safe_custom_state_round_trips() {
        for s in ["", "a", "é/ü?&=#", "{\"to\":\"/cart\"}"] {
            assert_eq!(url_safe_decode(&url_safe_encode(s)).as_deref(), Some(s));
        }
        // Amplify's encoding of Latin-1 text (one char per byte) decodes too.
        assert_eq!(url_safe_decode("e9").as_deref(), Some("é"));
        assert_eq!(url_safe_decode("e"), None);
        assert_eq!(url_safe_decode("zz"), None);
    }
}
