//! Cognito Identity (identity pools): GetId, GetCredentialsForIdentity, GetOpenIdToken and
//! the control plane, driven in-process with real sign-ins' ID tokens and the fake clock.
mod common;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use common::*;
use local_cognito::config::{DEFAULT_CLIENT_ID, DEFAULT_IDENTITY_POOL_ID, DEFAULT_POOL_ID};
use local_cognito::{Emulator, EmulatorConfig, IdentityPoolConfig, PoolConfig};
use serde_json::{json, Value};

const PROVIDER: &str = "cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool1";
const IDP: &str = DEFAULT_IDENTITY_POOL_ID;

/// The default user pool and the default identity pool (guests allowed, roles set).
fn h() -> H {
    let cfg = EmulatorConfig {
        seed: Some(7),
        pools: vec![PoolConfig::default_local()],
        identity_pools: vec![IdentityPoolConfig::default_local()],
        ..Default::default()
    };
    let emu = Emulator::new(cfg).expect("config");
    let (pool, client) = emu.default_ids();
    H { emu, now: T0, pool, client }
}

fn id_call(h: &mut H, action: &str, body: Value) -> Result<Value, Err> {
    let (status, out) = h.emu.handle_identity(action, &body.to_string(), h.now);
    let v: Value = serde_json::from_str(&out).expect("JSON response");
    if status == 200 {
        return Ok(v);
    }
    Err(Err {
        status,
        code: v["__type"].as_str().unwrap().into(),
        message: v["message"].as_str().unwrap_or("").into(),
    })
}

fn id_ok(h: &mut H, action: &str, body: Value) -> Value {
    id_call(h, action, body).unwrap_or_else(|e| panic!("{action} failed: {e:?}"))
}

/// Expect an error with this `__type` (status 400); returns the message.
fn id_err(h: &mut H, action: &str, body: Value, code: &str) -> String {
    let e = id_call(h, action, body).expect_err(action);
    assert_eq!((e.code.as_str(), e.status), (code, 400), "{action}: {}", e.message);
    e.message
}

fn is_identity_id(s: &str) -> bool {
    s.strip_prefix("us-east-1:").is_some_and(|u| uuid::Uuid::parse_str(u).is_ok())
}

/// A confirmed user's fresh ID token (USER_PASSWORD_AUTH).
fn id_token(h: &mut H, username: &str) -> String {
    if h.emu.inbox(Some(username), None).is_empty() {
        h.confirmed_user(username);
    }
    let out = h.password_auth(username, PW).expect("sign-in");
    tokens(&out)["IdToken"].as_str().unwrap().to_string()
}

fn logins(token: &str) -> Value {
    json!({ PROVIDER: token })
}

fn get_id(h: &mut H, token: &str) -> String {
    let out = id_ok(h, "GetId", json!({"IdentityPoolId": IDP, "Logins": logins(token)}));
    out["IdentityId"].as_str().unwrap().to_string()
}

#[test]
fn guest_identities_allowed_then_refused() {
    let mut h = h();
    let a = id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP}))["IdentityId"].clone();
    let b =
        id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP, "Logins": {}}))["IdentityId"].clone();
    assert!(is_identity_id(a.as_str().unwrap()), "{a}");
    assert_ne!(a, b, "every guest GetId makes a new identity");
    let creds = id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": a}));
    assert_eq!(creds["IdentityId"], a);
    // The pool stops allowing guests: no new guest, and the old one gets no credentials.
    id_ok(
        &mut h,
        "UpdateIdentityPool",
        json!({"IdentityPoolId": IDP, "IdentityPoolName": "local_identities", "AllowUnauthenticatedIdentities": false, "CognitoIdentityProviders": [{"ProviderName": PROVIDER, "ClientId": DEFAULT_CLIENT_ID}]}),
    );
    let m = id_err(&mut h, "GetId", json!({"IdentityPoolId": IDP}), "NotAuthorizedException");
    assert_eq!(m, "Unauthenticated access is not supported for this identity pool.");
    let m = id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": a}),
        "NotAuthorizedException",
    );
    assert_eq!(m, "Unauthenticated access is not supported for this identity pool.");
    // Unknown pool and ids of the wrong form.
    let m = id_err(
        &mut h,
        "GetId",
        json!({"IdentityPoolId": "us-east-1:00000000-0000-4000-8000-00000000dead"}),
        "ResourceNotFoundException",
    );
    assert_eq!(m, "IdentityPool 'us-east-1:00000000-0000-4000-8000-00000000dead' not found.");
    let m =
        id_err(&mut h, "GetId", json!({"IdentityPoolId": DEFAULT_POOL_ID}), "ValidationException");
    assert!(m.contains("at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+"), "{m}");
    id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": "us-east-1:00000000-0000-4000-8000-00000000dead"}),
        "ResourceNotFoundException",
    );
    id_err(&mut h, "GetId", json!({}), "ValidationException");
}

#[test]
fn signed_in_identity_is_stable_and_authenticated() {
    let mut h = h();
    let guest = id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP}))["IdentityId"].clone();
    let t1 = id_token(&mut h, "alice");
    let id = get_id(&mut h, &t1);
    assert!(is_identity_id(&id));
    assert_ne!(json!(id), guest);
    // A later sign-in (new token) and Amplify's key (the token's `iss` without its scheme)
    // name the same identity.
    h.advance(60);
    let t2 = id_token(&mut h, "alice");
    assert_ne!(t1, t2);
    assert_eq!(get_id(&mut h, &t2), id);
    let iss = claims(&t2)["iss"].as_str().unwrap().to_string();
    let amplify_key = iss.split_once("://").unwrap().1.to_string();
    let out =
        id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP, "Logins": {amplify_key.clone(): t2}}));
    assert_eq!(out["IdentityId"], json!(id));
    let out = id_ok(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": id, "Logins": {amplify_key: t2}}),
    );
    assert_eq!(out["IdentityId"], json!(id));
    // An authenticated identity needs its login every time.
    let m = id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": id}),
        "NotAuthorizedException",
    );
    assert_eq!(m, format!("Access to Identity '{id}' is forbidden."));
    let d = id_ok(&mut h, "DescribeIdentity", json!({"IdentityId": id}));
    assert_eq!(d["Logins"], json!([PROVIDER]));
    // Another user gets another identity.
    let tb = id_token(&mut h, "bob");
    assert_ne!(get_id(&mut h, &tb), id);
}

#[test]
fn guest_identity_is_linked_then_merged() {
    let mut h = h();
    let g1 = id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP}))["IdentityId"]
        .as_str()
        .unwrap()
        .to_string();
    let t = id_token(&mut h, "carol");
    // First login on a guest identity: the login is linked to it.
    let out =
        id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": g1, "Logins": logins(&t)}));
    assert_eq!(out["IdentityId"], json!(g1));
    assert_eq!(get_id(&mut h, &t), g1);
    id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": g1}),
        "NotAuthorizedException",
    );
    // A later guest identity of the same user is merged into hers.
    let g2 = id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP}))["IdentityId"]
        .as_str()
        .unwrap()
        .to_string();
    let out =
        id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": g2, "Logins": logins(&t)}));
    assert_eq!(out["IdentityId"], json!(g1));
    id_err(&mut h, "DescribeIdentity", json!({"IdentityId": g2}), "ResourceNotFoundException");
}

#[test]
fn bad_tokens_are_refused() {
    let mut h = h();
    let t = id_token(&mut h, "dave");
    let body = |login: Value| json!({"IdentityPoolId": IDP, "Logins": login});
    // Signature: a payload changed under the old signature, and a changed signature.
    let parts: Vec<&str> = t.split('.').collect();
    let mut c = claims(&t);
    c["sub"] = json!("00000000-0000-4000-8000-000000000000");
    let forged = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(c.to_string()), parts[2]);
    let m = id_err(&mut h, "GetId", body(logins(&forged)), "NotAuthorizedException");
    assert_eq!(m, "Invalid login token. Couldn't verify signed token.");
    let mut sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    sig[10] ^= 1;
    let bad_sig = format!("{}.{}.{}", parts[0], parts[1], URL_SAFE_NO_PAD.encode(sig));
    let m = id_err(&mut h, "GetId", body(logins(&bad_sig)), "NotAuthorizedException");
    assert_eq!(m, "Invalid login token. Couldn't verify signed token.");
    let m = id_err(&mut h, "GetId", body(logins("not-a-jwt")), "NotAuthorizedException");
    assert_eq!(m, "Invalid login token. Not a valid OpenId Connect identity token.");
    // The access token is no ID token.
    let access =
        tokens(&h.password_auth("dave", PW).unwrap())["AccessToken"].as_str().unwrap().to_string();
    let m = id_err(&mut h, "GetId", body(logins(&access)), "NotAuthorizedException");
    assert_eq!(m, "Invalid login token. Missing a required claim: aud");
    // Audience: a client of the same user pool that the identity pool does not list.
    let other = h.ok("CreateUserPoolClient", json!({"UserPoolId": h.pool, "ClientName": "other", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}));
    let other_client = other["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let out = h.ok("InitiateAuth", json!({"ClientId": other_client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "dave", "PASSWORD": PW}}));
    let wrong_aud = tokens(&out)["IdToken"].as_str().unwrap().to_string();
    let m = id_err(&mut h, "GetId", body(logins(&wrong_aud)), "NotAuthorizedException");
    assert_eq!(m, "Token is not from a supported provider of this identity pool.");
    // Issuer: a token of another user pool under this pool's provider name, and that pool's
    // own provider name (not listed by the identity pool).
    let p2 = h.ok("CreateUserPool", json!({"PoolName": "second"}))["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let c2 = h.ok("CreateUserPoolClient", json!({"UserPoolId": p2, "ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    h.ok(
        "AdminCreateUser",
        json!({"UserPoolId": p2, "Username": "erin", "MessageAction": "SUPPRESS"}),
    );
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": p2, "Username": "erin", "Password": PW, "Permanent": true}),
    );
    let out = h.ok("InitiateAuth", json!({"ClientId": c2, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "erin", "PASSWORD": PW}}));
    let foreign = tokens(&out)["IdToken"].as_str().unwrap().to_string();
    let m = id_err(&mut h, "GetId", body(logins(&foreign)), "NotAuthorizedException");
    assert_eq!(m, "Invalid login token. Issuer doesn't match providerName");
    let p2_provider = format!("cognito-idp.us-east-1.amazonaws.com/{p2}");
    let m = id_err(&mut h, "GetId", body(json!({p2_provider: foreign})), "NotAuthorizedException");
    assert_eq!(m, "Token is not from a supported provider of this identity pool.");
    // Expiry by the emulator clock (ID tokens last an hour).
    let id = get_id(&mut h, &t);
    h.advance(3600);
    let exp = claims(&t)["exp"].as_u64().unwrap();
    let m = id_err(&mut h, "GetId", body(logins(&t)), "NotAuthorizedException");
    assert_eq!(m, format!("Invalid login token. Token expired: {} >= {exp}", h.now / 1000));
    let m = id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": id, "Logins": logins(&t)}),
        "NotAuthorizedException",
    );
    assert!(m.starts_with("Invalid login token. Token expired: "), "{m}");
}

#[test]
fn credentials_shape_and_expiry_by_emulator_clock() {
    let mut h = h();
    let t = id_token(&mut h, "frank");
    let id = get_id(&mut h, &t);
    h.advance(1234);
    let t = id_token(&mut h, "frank");
    let out =
        id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": id, "Logins": logins(&t)}));
    assert_eq!(out.as_object().unwrap().len(), 2, "{out}");
    let c = &out["Credentials"];
    let key = c["AccessKeyId"].as_str().unwrap();
    assert_eq!(key.len(), 20);
    assert!(key.starts_with("ASIA") && key.contains("LOCAL"), "{key}");
    assert!(key.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), "{key}");
    assert_eq!(c["SecretKey"].as_str().unwrap().len(), 40);
    assert!(c["SessionToken"].as_str().unwrap().starts_with("LocalCognitoSessionToken/"));
    assert!(c["Expiration"].is_u64(), "a JSON number of epoch seconds");
    assert_eq!(c["Expiration"].as_u64().unwrap(), h.now / 1000 + 3600);
    // Fresh credentials on every call.
    let again =
        id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": id, "Logins": logins(&t)}));
    assert_ne!(again["Credentials"]["AccessKeyId"], c["AccessKeyId"]);
    assert_ne!(again["Credentials"]["SecretKey"], c["SecretKey"]);
    assert_ne!(again["Credentials"]["SessionToken"], c["SessionToken"]);
    // Guests too, an hour ahead of the (moved) emulator clock.
    h.advance(86_400);
    let g = id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP}))["IdentityId"].clone();
    let out = id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": g}));
    assert_eq!(out["Credentials"]["Expiration"].as_u64().unwrap(), h.now / 1000 + 3600);
    // Stats count the calls by action name; faults are injected the same way.
    assert!(h.emu.stats()["requests"]["GetCredentialsForIdentity"].as_u64().unwrap() >= 3);
    h.emu.add_fault("GetCredentialsForIdentity", "ExternalServiceException", 400, 1, None);
    id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": g}),
        "ExternalServiceException",
    );
    id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": g}));
}

#[test]
fn another_users_identity_is_refused() {
    let mut h = h();
    let ta = id_token(&mut h, "gina");
    let tb = id_token(&mut h, "hank");
    let a = get_id(&mut h, &ta);
    let b = get_id(&mut h, &tb);
    for (id, t) in [(&a, &tb), (&b, &ta)] {
        let m = id_err(
            &mut h,
            "GetCredentialsForIdentity",
            json!({"IdentityId": id, "Logins": logins(t)}),
            "NotAuthorizedException",
        );
        assert_eq!(m, "Logins don't match. Please include at least one valid login for this identity or identity pool.");
        id_err(
            &mut h,
            "GetOpenIdToken",
            json!({"IdentityId": id, "Logins": logins(t)}),
            "NotAuthorizedException",
        );
    }
    id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": a, "Logins": logins(&ta)}));
}

#[test]
fn open_id_token_is_signed_and_shaped() {
    let mut h = h();
    let t = id_token(&mut h, "ivy");
    let id = get_id(&mut h, &t);
    let out = id_ok(&mut h, "GetOpenIdToken", json!({"IdentityId": id, "Logins": logins(&t)}));
    assert_eq!(out["IdentityId"], json!(id));
    let token = out["Token"].as_str().unwrap();
    let jwk = h.emu.identity_jwks()["keys"][0].clone();
    let key = jsonwebtoken::DecodingKey::from_rsa_components(
        jwk["n"].as_str().unwrap(),
        jwk["e"].as_str().unwrap(),
    )
    .unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.validate_exp = false;
    v.set_audience(&[IDP]);
    v.set_issuer(&["https://cognito-identity.amazonaws.com"]);
    let c = jsonwebtoken::decode::<Value>(token, &key, &v)
        .expect("verifies with the identity JWKS")
        .claims;
    assert_eq!(c["sub"], json!(id));
    assert_eq!(c["iat"].as_u64().unwrap(), h.now / 1000);
    assert_eq!(c["exp"].as_u64().unwrap() - c["iat"].as_u64().unwrap(), 600);
    let sub = claims(&t)["sub"].as_str().unwrap().to_string();
    assert_eq!(
        c["amr"],
        json!(["authenticated", PROVIDER, format!("{PROVIDER}:CognitoSignIn:{sub}")])
    );
    // Not with a user pool's key.
    assert_ne!(jwk["kid"], h.emu.jwks(DEFAULT_POOL_ID).unwrap()["keys"][0]["kid"]);
    let g = id_ok(&mut h, "GetId", json!({"IdentityPoolId": IDP}))["IdentityId"].clone();
    let out = id_ok(&mut h, "GetOpenIdToken", json!({"IdentityId": g}));
    assert_eq!(claims(out["Token"].as_str().unwrap())["amr"], json!(["unauthenticated"]));
}

#[test]
fn server_side_token_check_sees_sign_out() {
    let mut h = h();
    let mut cfg = IdentityPoolConfig::default_local();
    cfg.id = Some("us-east-1:20000000-0000-4000-8000-000000000002".into());
    cfg.cognito_identity_providers[0].server_side_token_check = true;
    let pool = h.emu.add_identity_pool(cfg).unwrap();
    let t = id_token(&mut h, "jack");
    let access = tokens(&h.password_auth("jack", PW).unwrap())["AccessToken"].clone();
    id_ok(&mut h, "GetId", json!({"IdentityPoolId": pool, "Logins": logins(&t)}));
    h.ok("GlobalSignOut", json!({"AccessToken": access}));
    let m = id_err(
        &mut h,
        "GetId",
        json!({"IdentityPoolId": pool, "Logins": logins(&t)}),
        "NotAuthorizedException",
    );
    assert_eq!(m, "Invalid login token. Token has been revoked.");
    // Without the check (the default pool) the token stays good until it expires.
    get_id(&mut h, &t);
}

#[test]
fn control_plane_crud() {
    let mut h = h();
    let made = id_ok(
        &mut h,
        "CreateIdentityPool",
        json!({
            "IdentityPoolName": "my app",
            "AllowUnauthenticatedIdentities": false,
            "CognitoIdentityProviders": [{"ProviderName": PROVIDER, "ClientId": DEFAULT_CLIENT_ID, "ServerSideTokenCheck": false}],
            "IdentityPoolTags": {"team": "web"},
            "SupportedLoginProviders": {"graph.facebook.com": "123"},
        }),
    );
    let id = made["IdentityPoolId"].as_str().unwrap().to_string();
    assert!(is_identity_id(&id), "{id}");
    assert_eq!(made["IdentityPoolName"], "my app");
    assert_eq!(made["AllowClassicFlow"], false);
    assert_eq!(made["IdentityPoolTags"], json!({"team": "web"}));
    assert_eq!(made["CognitoIdentityProviders"][0]["ProviderName"], PROVIDER);
    assert_eq!(id_ok(&mut h, "DescribeIdentityPool", json!({"IdentityPoolId": id})), made);
    // Validation as Cognito Identity words it.
    let m = id_err(
        &mut h,
        "CreateIdentityPool",
        json!({"IdentityPoolName": "with-dash", "AllowUnauthenticatedIdentities": true}),
        "ValidationException",
    );
    assert!(m.contains("'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w ]+"), "{m}");
    id_err(&mut h, "CreateIdentityPool", json!({"IdentityPoolName": "x"}), "ValidationException");
    let m = id_err(
        &mut h,
        "CreateIdentityPool",
        json!({"IdentityPoolName": "x", "AllowUnauthenticatedIdentities": true, "CognitoIdentityProviders": [{"ClientId": "abc"}]}),
        "InvalidParameterException",
    );
    assert_eq!(m, "Invalid Cognito Identity Provider");
    id_err(
        &mut h,
        "CreateIdentityPool",
        json!({"IdentityPoolName": "x", "AllowUnauthenticatedIdentities": "yes"}),
        "SerializationException",
    );
    // A pool without roles gives no credentials (but identities and OpenID tokens).
    let t = id_token(&mut h, "kim");
    let ident = id_ok(&mut h, "GetId", json!({"IdentityPoolId": id, "Logins": logins(&t)}))
        ["IdentityId"]
        .clone();
    let m = id_err(
        &mut h,
        "GetCredentialsForIdentity",
        json!({"IdentityId": ident, "Logins": logins(&t)}),
        "InvalidIdentityPoolConfigurationException",
    );
    assert_eq!(m, "Invalid identity pool configuration. Check assigned IAM roles for this pool.");
    id_ok(&mut h, "GetOpenIdToken", json!({"IdentityId": ident, "Logins": logins(&t)}));
    let role = "arn:aws:iam::123456789012:role/app-auth";
    id_ok(
        &mut h,
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": id, "Roles": {"authenticated": role}}),
    );
    assert_eq!(
        id_ok(&mut h, "GetIdentityPoolRoles", json!({"IdentityPoolId": id})),
        json!({"IdentityPoolId": id, "Roles": {"authenticated": role}})
    );
    id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": ident, "Logins": logins(&t)}));
    id_err(
        &mut h,
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": id, "Roles": {"admin": role}}),
        "InvalidParameterException",
    );
    // Update replaces the settings; roles stay.
    let up = id_ok(
        &mut h,
        "UpdateIdentityPool",
        json!({"IdentityPoolId": id, "IdentityPoolName": "renamed", "AllowUnauthenticatedIdentities": true}),
    );
    assert_eq!(up["IdentityPoolName"], "renamed");
    assert!(
        up.get("CognitoIdentityProviders").is_none() && up.get("IdentityPoolTags").is_none(),
        "{up}"
    );
    assert_eq!(
        id_ok(&mut h, "GetIdentityPoolRoles", json!({"IdentityPoolId": id}))["Roles"]
            ["authenticated"],
        role
    );
    // List, paged.
    for n in 0..3 {
        id_ok(
            &mut h,
            "CreateIdentityPool",
            json!({"IdentityPoolName": format!("p{n}"), "AllowUnauthenticatedIdentities": true}),
        );
    }
    let mut seen = vec![];
    let mut next: Option<Value> = None;
    loop {
        let mut req = json!({"MaxResults": 2});
        if let Some(t) = &next {
            req["NextToken"] = t.clone();
        }
        let page = id_ok(&mut h, "ListIdentityPools", req);
        let items = page["IdentityPools"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|p| p["IdentityPoolId"].as_str().unwrap().to_string()));
        match page.get("NextToken") {
            Some(t) => next = Some(t.clone()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.contains(&id) && seen.contains(&IDP.to_string()));
    id_err(&mut h, "ListIdentityPools", json!({}), "ValidationException");
    id_err(&mut h, "ListIdentityPools", json!({"MaxResults": 61}), "ValidationException");
    // Delete: the pool and its identities are gone.
    assert_eq!(id_ok(&mut h, "DeleteIdentityPool", json!({"IdentityPoolId": id})), json!({}));
    id_err(
        &mut h,
        "DescribeIdentityPool",
        json!({"IdentityPoolId": id}),
        "ResourceNotFoundException",
    );
    id_err(&mut h, "DescribeIdentity", json!({"IdentityId": ident}), "ResourceNotFoundException");
    id_err(
        &mut h,
        "DeleteIdentityPool",
        json!({"IdentityPoolId": id}),
        "ResourceNotFoundException",
    );
    // The user-pool API does not serve identity actions (and the other way round).
    let (status, out) = h.emu.handle("GetId", &json!({"IdentityPoolId": IDP}).to_string(), h.now);
    assert_eq!((status, out.contains("UnknownOperationException")), (400, true));
    let (status, _) = h.emu.handle_identity("InitiateAuth", "{}", h.now);
    assert_eq!(status, 400);
}

#[test]
fn identity_pools_from_the_config_file() {
    let cfg: EmulatorConfig = serde_json::from_value(json!({
        "seed": 3,
        "pools": [{"id": "eu-west-1_Conf1", "clients": [{"id": "confclient"}]}],
        "identityPools": [{
            "id": "eu-west-1:30000000-0000-4000-8000-000000000003",
            "name": "conf pool",
            "allowUnauthenticatedIdentities": false,
            "cognitoIdentityProviders": [{"providerName": "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Conf1", "clientId": "confclient"}],
            "roles": {"authenticated": "arn:aws:iam::000000000000:role/auth"},
            "stored": {"IdentityPoolTags": {"k": "v"}}
        }]
    }))
    .unwrap();
    let emu = Emulator::new(cfg).unwrap();
    let pool_id = "eu-west-1:30000000-0000-4000-8000-000000000003";
    assert_eq!(emu.default_identity_pool_id().as_deref(), Some(pool_id));
    let (pool, client) = emu.default_ids();
    let mut h = H { emu, now: T0, pool, client };
    let d = id_ok(&mut h, "DescribeIdentityPool", json!({"IdentityPoolId": pool_id}));
    assert_eq!(d["IdentityPoolName"], "conf pool");
    assert_eq!(d["IdentityPoolTags"], json!({"k": "v"}));
    id_err(&mut h, "GetId", json!({"IdentityPoolId": pool_id}), "NotAuthorizedException");
    let t = id_token(&mut h, "lee");
    let login = json!({"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Conf1": t});
    let id = id_ok(&mut h, "GetId", json!({"IdentityPoolId": pool_id, "Logins": login}))
        ["IdentityId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("eu-west-1:"), "identity ids carry the pool's region: {id}");
    id_ok(&mut h, "GetCredentialsForIdentity", json!({"IdentityId": id, "Logins": login}));
    // The default configuration has the default identity pool; a config with pools but no
    // identity pools has none.
    let d = Emulator::new(EmulatorConfig::default_pool()).unwrap();
    assert_eq!(d.default_identity_pool_id().as_deref(), Some(DEFAULT_IDENTITY_POOL_ID));
    let e = Emulator::new(EmulatorConfig::default()).unwrap();
    assert_eq!(e.default_identity_pool_id().as_deref(), Some(DEFAULT_IDENTITY_POOL_ID));
    let f = Emulator::new(EmulatorConfig {
        pools: vec![PoolConfig::default_local()],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(f.default_identity_pool_id(), None);
    // Bad identity pools are refused at start-up.
    for bad in [
        json!({"identityPools": [{"name": "bad-name"}]}),
        json!({"identityPools": [{"id": "not-an-id", "name": "x"}]}),
        json!({"identityPools": [{"name": "x", "cognitoIdentityProviders": [{"providerName": "accounts.google.com", "clientId": "c"}]}]}),
        json!({"identityPools": [{"name": "x", "roles": {"authenticated": "nope"}}]}),
    ] {
        let cfg: EmulatorConfig = serde_json::from_value(bad.clone()).unwrap();
        assert!(Emulator::new(cfg).is_err(), "{bad}");
    }
}

/// The binary over a real socket: the ready line and `--write-config` name the identity pool
/// as Amplify does, the identity target prefix is routed, the control plane is refused to
/// non-loopback browser origins while GetId is public, stats count the calls.
#[test]
fn http_shell_serves_cognito_identity() {
    use common::server::{get, post, Server};
    let file = std::env::temp_dir().join(format!("identity-ready-{}.json", std::process::id()));
    let srv = Server::start(5, &["--write-config", file.to_str().unwrap()]);
    let ready = &srv.ready;
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let _ = std::fs::remove_file(&file);
    assert_eq!(*ready, written);
    assert_eq!(ready["identityPoolId"], DEFAULT_IDENTITY_POOL_ID);
    assert_eq!(ready["identityPoolEndpoint"], ready["userPoolEndpoint"]);
    let port = srv.port;
    let call = |action: &str, origin: Option<&str>, body: Value| {
        let target = format!("AWSCognitoIdentityService.{action}");
        let mut headers =
            vec![("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target.as_str())];
        if let Some(o) = origin {
            headers.push(("Origin", o));
        }
        post(port, "/", &headers, body.to_string())
    };
    let r = call("GetId", Some("https://app.example"), json!({"IdentityPoolId": IDP}));
    assert_eq!(r.status, 200, "{}", r.body);
    let head = r.head_lower();
    assert!(head.contains("content-type: application/x-amz-json-1.1"), "{head}");
    let id = r.json();
    let r = call("GetCredentialsForIdentity", None, json!({"IdentityId": id["IdentityId"]}));
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call(
        "CreateIdentityPool",
        Some("https://app.example"),
        json!({"IdentityPoolName": "x", "AllowUnauthenticatedIdentities": true}),
    );
    assert_eq!(r.status, 403);
    let r = call(
        "CreateIdentityPool",
        Some("http://localhost:5173"),
        json!({"IdentityPoolName": "x", "AllowUnauthenticatedIdentities": true}),
    );
    assert_eq!(r.status, 200);
    let r = call("GetId", None, json!({"IdentityPoolId": "nope"}));
    assert_eq!(r.status, 400);
    let head = r.head_lower();
    assert!(head.contains("x-amzn-errortype: validationexception"), "{head}");
    assert!(r.body.contains("\"__type\":\"ValidationException\""), "{}", r.body);
    let r = call("NoSuchAction", None, json!({}));
    assert_eq!((r.status, r.body.contains("UnknownOperationException")), (400, true));
    let stats = get(port, "/_local/stats", &[]).json();
    assert_eq!(stats["requests"]["GetId"], 2);
    assert_eq!(stats["requests"]["GetCredentialsForIdentity"], 1);
    let r = get(port, "/.well-known/jwks_uri", &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["keys"][0]["alg"], "RS256");
}
