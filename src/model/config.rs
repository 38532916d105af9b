//! `configure()` input: Amplify's `{ Auth: { Cognito: { … } } }` or an `amplify_outputs.json`.

use crate::error::{AuthError, Validation};
use crate::flow::PoolConfig;
use crate::json::Json;
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// Where tokens are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StorageKind {
    /// `localStorage` (default; Amplify's default too).
    #[default]
    Local,
    /// `sessionStorage`.
    Session,
    /// In memory: gone on reload.
    Memory,
    /// The app's own store (`getItem` / `setItem` / `removeItem`, synchronous or answering with
    /// Promises), given as the `storage` option object.
    Custom,
}

/// Everything a client needs to talk to one user pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Pool and app client.
    pub pool: PoolConfig,
    /// The Cognito endpoint URL.
    pub endpoint: String,
    /// Token storage.
    pub storage: StorageKind,
    /// How long a request may go unanswered before it fails with `TimeoutError`, ms
    /// (`options.requestTimeout`; [`DEFAULT_TIMEOUT_MS`] when absent).
    pub request_timeout_ms: u32,
    /// The identity pool that gives AWS credentials (`identityPoolId`), if any.
    pub identity: Option<IdentityPoolConfig>,
    /// The hosted UI (`loginWith.oauth`), if any.
    pub oauth: Option<OAuthConfig>,
}

/// The hosted UI and OAuth 2.0 endpoints of the user pool's domain (`loginWith.oauth`, or
/// `auth.oauth` in amplify_outputs.json).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// `https://<domain>` (`http://` for `localhost` / `127.0.0.1`), without a trailing
    /// slash: `/oauth2/authorize`, `/oauth2/token` and `/logout` are appended.
    pub base: String,
    /// Scopes asked for.
    pub scopes: Vec<String>,
    /// Where the hosted UI may send the browser back after a sign-in.
    pub redirect_sign_in: Vec<String>,
    /// Where the hosted UI may send the browser back after a sign-out.
    pub redirect_sign_out: Vec<String>,
}

/// `https://<domain>`, or `http://<domain>` for the local Cognito (`localhost`, `127.0.0.1`,
/// with or without port and path). A scheme may be given; `http://` for any other host, or a
/// domain that is not a host name (`@`, `?`, `#`, spaces, …), is refused.
pub fn oauth_base(domain: &str) -> Result<String, AuthError> {
    let bad = || AuthError::from(Validation::InvalidOAuthDomain);
    let b = domain.as_bytes();
    let (scheme, rest) = if b.len() >= 8 && b[..8].eq_ignore_ascii_case(b"https://") {
        (Some("https"), &b[8..])
    } else if b.len() >= 7 && b[..7].eq_ignore_ascii_case(b"http://") {
        (Some("http"), &b[7..])
    } else {
        (None, b)
    };
    let mut end = rest.len();
    while end > 0 && rest[end - 1] == b'/' {
        end -= 1;
    }
    let rest = &rest[..end];
    let host_len = rest.iter().position(|&c| c == b':' || c == b'/').unwrap_or(rest.len());
    let host = &rest[..host_len];
    let host_ok = !host.is_empty()
        && host.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.');
    let rest_ok = rest.iter().all(|&c| {
        c.is_ascii_graphic() && !matches!(c, b'@' | b'?' | b'#' | b'\\' | b'"' | b'<' | b'>')
    });
    let after = &rest[host_len..];
    let port_ok = match after.first() {
        Some(b':') => {
            let port = &after[1..];
            let n = port.iter().position(|&c| c == b'/').unwrap_or(port.len());
            n > 0 && port[..n].iter().all(u8::is_ascii_digit)
        }
        _ => true,
    };
    if !host_ok || !rest_ok || !port_ok {
        return Err(bad());
    }
    let local = host.eq_ignore_ascii_case(b"localhost") || host == b"127.0.0.1";
    let scheme = match scheme {
        Some("http") if !local => return Err(bad()),
        Some(s) => s,
        None if local => "http",
        None => "https",
    };
    let mut base = String::from(scheme);
    base.push_str("://");
    base.push_str(core::str::from_utf8(rest).map_err(|_| bad())?);
    Ok(base)
}

/// The strings of a JSON array (absent: none); anything else is refused.
fn strings(v: Option<&Json>) -> Result<Vec<String>, AuthError> {
    match v {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(v) => v
            .as_array()
            .ok_or(Validation::OAuthNotConfigured)?
            .iter()
            .map(|s| s.as_str().map(Into::into).ok_or(Validation::OAuthNotConfigured.into()))
            .collect(),
    }
}

/// `loginWith.oauth` (`outputs` false) or amplify_outputs.json's `auth.oauth` (`outputs`
/// true: snake_case names).
fn parse_oauth(o: &Json, outputs: bool) -> Result<OAuthConfig, AuthError> {
    let names = if outputs {
        ["redirect_sign_in_uri", "redirect_sign_out_uri", "response_type"]
    } else {
        ["redirectSignIn", "redirectSignOut", "responseType"]
    };
    let domain = o.str("domain").filter(|d| !d.is_empty()).ok_or(Validation::OAuthNotConfigured)?;
    match o.get(names[2]) {
        None | Some(Json::Null) => {}
        Some(Json::Str(t)) if t == "code" => {}
        Some(Json::Str(t)) if t == "token" => {
            return Err(Validation::UnsupportedResponseType.into())
        }
        Some(_) => return Err(Validation::OAuthNotConfigured.into()),
    }
    Ok(OAuthConfig {
        base: oauth_base(domain)?,
        scopes: strings(o.get("scopes"))?,
        redirect_sign_in: strings(o.get(names[0]))?,
        redirect_sign_out: strings(o.get(names[1]))?,
    })
}

impl ClientConfig {
    /// Where `action` is sent: the user pool's endpoint, or the identity pool's.
    pub fn endpoint_of(&self, action: crate::protocol::Action) -> &str {
        match &self.identity {
            Some(i) if action.is_identity() => &i.endpoint,
            _ => &self.endpoint,
        }
    }
}

/// An identity pool: AWS credentials for signed-in users and, when allowed, guests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityPoolConfig {
    /// `<region>:<uuid>`.
    pub pool_id: String,
    /// `allowGuestAccess`: credentials for signed-out users too.
    pub allow_guest: bool,
    /// The Cognito Identity endpoint URL (`identityPoolEndpoint`, else the region's).
    pub endpoint: String,
}

/// The default request timeout: 30 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The longest request timeout accepted: 10 minutes.
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// The public Cognito endpoint of a pool's region (`eu-west-1_x` → `https://cognito-idp.eu-west-1.amazonaws.com/`).
pub fn default_endpoint(user_pool_id: &str) -> String {
    let region = user_pool_id.split('_').next().unwrap_or_default();
    let mut url = String::from("https://cognito-idp.");
    url.push_str(region);
    url.push_str(if region.starts_with("cn-") { ".amazonaws.com.cn/" } else { ".amazonaws.com/" });
    url
}

/// The public Cognito Identity endpoint of an identity pool's region.
pub fn default_identity_endpoint(identity_pool_id: &str) -> String {
    let region = identity_pool_id.split(':').next().unwrap_or_default();
    let mut url = String::from("https://cognito-identity.");
    url.push_str(region);
    url.push_str(if region.starts_with("cn-") { ".amazonaws.com.cn/" } else { ".amazonaws.com/" });
    url
}

/// Whether `region` is an AWS region name (`us-east-1`, `us-gov-west-1`, `cn-north-1`): the
/// default endpoints' hosts are made from it, so nothing else may reach them.
fn is_region(region: &str) -> bool {
    let all = |s: &str, f: fn(&u8) -> bool| !s.is_empty() && s.bytes().all(|b| f(&b));
    let lower_alnum = |s: &str| all(s, |b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let first = region.split('-').next().unwrap_or_default();
    let last = region.rsplit('-').next().unwrap_or_default();
    region.split('-').count() >= 3
        && region.split('-').all(lower_alnum)
        && first.len() <= 4
        && all(first, u8::is_ascii_lowercase)
        && all(last, u8::is_ascii_digit)
}

/// Whether `id` is an identity pool id: `<region>:<uuid>` (Cognito's `IdentityPoolId`).
fn is_identity_pool_id(id: &str) -> bool {
    let Some((region, uuid)) = id.split_once(':') else { return false };
    let groups: alloc::vec::Vec<&str> = uuid.split('-').collect();
    is_region(region)
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `id` is a user pool id: `<region>_<id>` with an AWS region name (`us-east-1`,
/// `us-gov-west-1`, `cn-north-1`) and letters and digits after it (Cognito's `UserPoolIdType`,
/// `[\w-]+_[0-9a-zA-Z]+`, with the region checked too). The default endpoint's host is made
/// from the region, so nothing else may reach it: no dot, slash, colon or `@`.
fn is_pool_id(id: &str) -> bool {
    let Some((region, rest)) = id.split_once('_') else { return false };
    is_region(region) && !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Parses a configuration object and the optional `{ storage }` options.
pub fn parse(config: &Json, options: &Json) -> Result<ClientConfig, AuthError> {
    let invalid = || AuthError::from(Validation::InvalidConfig);
    let oauth = match config.get("Auth").and_then(|a| a.get("Cognito")) {
        Some(c) => c.get("loginWith").and_then(|l| l.get("oauth")).map(|o| (o, false)),
        None => config.get("auth").and_then(|a| a.get("oauth")).map(|o| (o, true)),
    };
    let oauth = match oauth {
        None | Some((Json::Null, _)) => None,
        Some((o, outputs)) => Some(parse_oauth(o, outputs)?),
    };
    let (pool_id, client_id, endpoint, secret, identity) =
        if let Some(c) = config.get("Auth").and_then(|a| a.get("Cognito")) {
            let identity =
                (c.str("identityPoolId"), c.get("allowGuestAccess"), c.str("identityPoolEndpoint"));
            (
                c.str("userPoolId"),
                c.str("userPoolClientId"),
                c.str("userPoolEndpoint"),
                c.str("userPoolClientSecret"),
                identity,
            )
        } else if let Some(a) = config.get("auth") {
            let guest = a.get("unauthenticated_identities_enabled");
            let identity = (a.str("identity_pool_id"), guest, a.str("identity_pool_endpoint"));
            let ids = (a.str("user_pool_id"), a.str("user_pool_client_id"));
            (ids.0, ids.1, a.str("user_pool_endpoint"), None, identity)
        } else {
            return Err(invalid());
        };
    let pool_id = pool_id.filter(|s| is_pool_id(s)).ok_or_else(invalid)?;
    let client_id = client_id.filter(|s| !s.is_empty()).ok_or_else(invalid)?;
    let storage = match options.get("storage") {
        None | Some(Json::Null) => StorageKind::Local,
        Some(Json::Str(s)) => match s.as_str() {
            "localStorage" => StorageKind::Local,
            "sessionStorage" => StorageKind::Session,
            "memory" => StorageKind::Memory,
            _ => return Err(Validation::InvalidInput.into()),
        },
        // An object: the app's store (its methods do not survive JSON; the binding takes it).
        Some(Json::Obj(_)) => StorageKind::Custom,
        Some(_) => return Err(Validation::InvalidInput.into()),
    };
    let request_timeout_ms = match options.get("requestTimeout") {
        None | Some(Json::Null) => DEFAULT_TIMEOUT_MS,
        // A whole number of milliseconds (as_u64 alone would cut `1.5` to 1).
        Some(v @ Json::Num(n)) if !n.contains('.') => v
            .as_u64()
            .filter(|ms| (1..=u64::from(MAX_TIMEOUT_MS)).contains(ms))
            .and_then(|ms| u32::try_from(ms).ok())
            .ok_or(Validation::InvalidInput)?,
        Some(_) => return Err(Validation::InvalidInput.into()),
    };
    let identity = match identity {
        (None, ..) => None,
        (Some(id), guest, endpoint) => {
            if !is_identity_pool_id(id) {
                return Err(Validation::InvalidIdentityPoolId.into());
            }
            let allow_guest = match guest {
                None | Some(Json::Null) => false,
                Some(g) => g.as_bool().ok_or(Validation::InvalidInput)?,
            };
            let endpoint = endpoint
                .filter(|e| !e.is_empty())
                .map_or_else(|| default_identity_endpoint(id), Into::into);
            Some(IdentityPoolConfig { pool_id: id.into(), allow_guest, endpoint })
        }
    };
    Ok(ClientConfig {
        identity,
        oauth,
        pool: PoolConfig {
            user_pool_id: pool_id.into(),
            client_id: client_id.into(),
            client_secret: secret.filter(|s| !s.is_empty()).map(Secret::new),
        },
        endpoint: endpoint
            .filter(|e| !e.is_empty())
            .map(Into::into)
            .unwrap_or_else(|| default_endpoint(pool_id)),
        storage,
        request_timeout_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Json {
        Json::parse(s).unwrap()
    }

    #[test]
    fn amplify_config_shape() {
        let c = parse(
            &j(r#"{"Auth":{"Cognito":{"userPoolId":"eu-west-1_Ab","userPoolClientId":"cid","userPoolEndpoint":"http://127.0.0.1:9229"}}}"#),
            &Json::Null,
        )
        .unwrap();
        assert_eq!(c.pool.user_pool_id, "eu-west-1_Ab");
        assert_eq!(c.pool.client_id, "cid");
        assert_eq!(c.endpoint, "http://127.0.0.1:9229");
        assert_eq!(c.storage, StorageKind::Local);
    }

    #[test]
    fn amplify_outputs_shape_and_default_endpoint() {
        let c = parse(&j(r#"{"version":"1.3","auth":{"user_pool_id":"cn-north-1_X","user_pool_client_id":"c","aws_region":"cn-north-1"}}"#), &j(r#"{"storage":"memory"}"#)).unwrap();
        assert_eq!(c.endpoint, "https://cognito-idp.cn-north-1.amazonaws.com.cn/");
        assert_eq!(c.storage, StorageKind::Memory);
        assert_eq!(
            default_endpoint("us-east-1_abc"),
            "https://cognito-idp.us-east-1.amazonaws.com/"
        );
    }

    #[test]
    fn request_timeout_option() {
        let cfg = j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c"}}}"#);
        assert_eq!(parse(&cfg, &Json::Null).unwrap().request_timeout_ms, DEFAULT_TIMEOUT_MS);
        let t = parse(&cfg, &j(r#"{"requestTimeout":1500}"#)).unwrap();
        assert_eq!(t.request_timeout_ms, 1500);
        for bad in [
            r#"{"requestTimeout":0}"#,
            r#"{"requestTimeout":600001}"#,
            r#"{"requestTimeout":"9"}"#,
            r#"{"requestTimeout":1.5}"#,
        ] {
            assert_eq!(
                parse(&cfg, &j(bad)).unwrap_err().name(),
                "InvalidParameterException",
                "{bad}"
            );
        }
    }

    #[test]
    fn identity_pools() {
        let c = parse(&j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c","identityPoolId":"us-east-1:0f3e2d1c-aaaa-bbbb-cccc-1234567890ab","allowGuestAccess":true,"identityPoolEndpoint":"http://127.0.0.1:9229"}}}"#), &Json::Null).unwrap();
        let i = c.identity.unwrap();
        assert!(i.allow_guest);
        assert_eq!(i.endpoint, "http://127.0.0.1:9229");
        let c = parse(&j(r#"{"auth":{"user_pool_id":"eu-west-1_b","user_pool_client_id":"c","identity_pool_id":"eu-west-1:0f3e2d1c-aaaa-bbbb-cccc-1234567890ab","unauthenticated_identities_enabled":false}}"#), &Json::Null).unwrap();
        let i = c.identity.unwrap();
        assert!(!i.allow_guest);
        assert_eq!(i.endpoint, "https://cognito-identity.eu-west-1.amazonaws.com/");
        let none = parse(
            &j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c"}}}"#),
            &Json::Null,
        )
        .unwrap();
        assert_eq!(none.identity, None);
        for bad in [
            "us-east-1_0f3e2d1c-aaaa-bbbb-cccc-1234567890ab",
            "evil.example/x:0f3e2d1c-aaaa-bbbb-cccc-1234567890ab",
            "us-east-1:0f3e2d1c-aaaa-bbbb-cccc-1234567890a",
            "us-east-1:zf3e2d1c-aaaa-bbbb-cccc-1234567890ab",
            "us-east-1:",
        ] {
            let cfg = format!(
                r#"{{"Auth":{{"Cognito":{{"userPoolId":"us-east-1_b","userPoolClientId":"c","identityPoolId":"{bad}"}}}}}}"#
            );
            assert_eq!(
                parse(&j(&cfg), &Json::Null).unwrap_err().name(),
                "InvalidIdentityPoolIdException",
                "{bad}"
            );
        }
    }

    #[test]
    fn pool_ids_are_region_underscore_id() {
        for good in ["us-east-1_AbC12", "us-gov-west-1_x", "cn-north-1_X", "eusc-de-east-1_a"] {
            assert!(is_pool_id(good), "{good}");
        }
        for bad in ["a_b", "us-east_1", "us-east-1_", "_abc", "us-east-1_a-b", "us..east-1_a"] {
            assert!(!is_pool_id(bad), "{bad}");
        }
    }

    #[test]
    fn missing_ids_are_config_errors() {
        for bad in [
            r#"{}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"x_y"}}}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"nounderscore","userPoolClientId":"c"}}}"#,
            // A region that is not one: the default endpoint's host would be the app's input.
            r#"{"Auth":{"Cognito":{"userPoolId":"evil.example/x_abc","userPoolClientId":"c"}}}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1.evil.example#_abc","userPoolClientId":"c"}}}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"evil@host_abc","userPoolClientId":"c"}}}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"a_b","userPoolClientId":"c"}}}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_ab/c","userPoolClientId":"c"}}}"#,
            r#"{"Auth":{"Cognito":{"userPoolId":"US-EAST-1_abc","userPoolClientId":"c"}}}"#,
        ] {
            assert_eq!(
                parse(&j(bad), &Json::Null).unwrap_err().name(),
                "AuthUserPoolException",
                "{bad}"
            );
        }
        assert!(parse(
            &j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c"}}}"#),
            &j(r#"{"storage":"cookies"}"#)
        )
        .is_err());
        let c = parse(
            &j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c"}}}"#),
            &j(r#"{"storage":{}}"#),
        )
        .unwrap();
        assert_eq!(c.storage, StorageKind::Custom);
    }

    #[test]
    fn oauth_section_both_shapes() {
        let c = parse(&j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c","loginWith":{"oauth":{"domain":"auth.example.com","scopes":["openid","email"],"redirectSignIn":["https://app.example.com/"],"redirectSignOut":["https://app.example.com/bye"],"responseType":"code","providers":["Google"]}}}}}"#), &Json::Null).unwrap();
        let o = c.oauth.unwrap();
        assert_eq!(o.base, "https://auth.example.com");
        assert_eq!(o.scopes, ["openid", "email"]);
        assert_eq!(o.redirect_sign_in, ["https://app.example.com/"]);
        assert_eq!(o.redirect_sign_out, ["https://app.example.com/bye"]);
        let c = parse(&j(r#"{"auth":{"user_pool_id":"eu-west-1_b","user_pool_client_id":"c","oauth":{"identity_providers":["GOOGLE"],"domain":"127.0.0.1:9229/eu-west-1_b","scopes":["openid"],"redirect_sign_in_uri":["http://localhost:8080/"],"redirect_sign_out_uri":["http://localhost:8080/"],"response_type":"code"}}}"#), &Json::Null).unwrap();
        let o = c.oauth.unwrap();
        assert_eq!(o.base, "http://127.0.0.1:9229/eu-west-1_b");
        assert_eq!(o.redirect_sign_in, ["http://localhost:8080/"]);
        let none = j(r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c"}}}"#);
        assert_eq!(parse(&none, &Json::Null).unwrap().oauth, None);
        let token = j(
            r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c","loginWith":{"oauth":{"domain":"a.b","responseType":"token"}}}}}"#,
        );
        assert_eq!(
            parse(&token, &Json::Null).unwrap_err(),
            Validation::UnsupportedResponseType.into()
        );
        let no_domain = j(
            r#"{"Auth":{"Cognito":{"userPoolId":"us-east-1_b","userPoolClientId":"c","loginWith":{"oauth":{"scopes":["openid"]}}}}}"#,
        );
        assert_eq!(
            parse(&no_domain, &Json::Null).unwrap_err().name(),
            "OAuthNotConfigureException"
        );
    }

    #[test]
    fn oauth_domains_local_is_http_others_https_only() {
        for (domain, base) in [
            ("auth.example.com", "https://auth.example.com"),
            ("https://auth.example.com/", "https://auth.example.com"),
            ("localhost", "http://localhost"),
            ("localhost:9229", "http://localhost:9229"),
            ("LOCALHOST:9229", "http://LOCALHOST:9229"),
            ("127.0.0.1:9229/us-east-1_LocalPool1", "http://127.0.0.1:9229/us-east-1_LocalPool1"),
            ("http://127.0.0.1:9229", "http://127.0.0.1:9229"),
            ("https://localhost:9443", "https://localhost:9443"),
        ] {
            assert_eq!(oauth_base(domain).as_deref(), Ok(base), "{domain}");
        }
        for bad in [
            "http://auth.example.com",
            "http://localhost.evil.com",
            "http://127.0.0.1.evil.com",
            "",
            "https://",
            "user@auth.example.com",
            "auth.example.com?x=1",
            "auth.example.com#x",
            "auth example.com",
            "ftp://auth.example.com",
        ] {
            assert_eq!(oauth_base(bad), Err(Validation::InvalidOAuthDomain.into()), "{bad}");
        }
    }
}
