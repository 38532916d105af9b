mod common;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use common::*;
use serde_json::{json, Value};

type Authenticator = local_cognito::authenticator::SoftwareAuthenticator;

#[test]
fn register_list_sign_in_and_delete_passkey() {
    let mut h = H::new();
    h.confirmed_user("pat");
    let access = tokens(&h.password_auth("pat", PW).unwrap())["AccessToken"].clone();
    let mut auth = Authenticator::new();
    let opts = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    assert_eq!(opts["rp"]["id"], "localhost");
    assert_eq!(opts["user"]["name"], "pat");
    assert_eq!(opts["pubKeyCredParams"][0]["alg"], -7);
    assert_eq!(URL_SAFE_NO_PAD.decode(opts["challenge"].as_str().unwrap()).unwrap().len(), 32);
    // Wrong origin.
    let mut evil = Authenticator::new();
    evil.origin = "https://evil.example".into();
    let e = h.err(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": evil.create(&opts, "localhost")}),
        "WebAuthnOriginNotAllowedException",
    );
    assert!(!e.is_empty());
    // The challenge was consumed.
    h.err(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": auth.create(&opts, "localhost")}),
        "WebAuthnChallengeNotFoundException",
    );
    let opts = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    h.err(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": auth.create(&opts, "example.com")}),
        "WebAuthnRelyingPartyMismatchException",
    );
    let opts = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    h.ok(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": auth.create(&opts, "localhost")}),
    );
    let list = h.ok("ListWebAuthnCredentials", json!({"AccessToken": access}));
    let c = &list["Credentials"][0];
    assert_eq!(c["CredentialId"], URL_SAFE_NO_PAD.encode([0xAB; 16]));
    assert_eq!(c["RelyingPartyId"], "localhost");
    assert_eq!(c["AuthenticatorAttachment"], "platform");
    assert_eq!(c["AuthenticatorTransports"], json!(["internal", "hybrid"]));
    let opts2 = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    assert_eq!(opts2["excludeCredentials"][0]["id"], c["CredentialId"]);

    // Sign in with the passkey.
    let c_id = h.client.clone();
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c_id, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pat"}}),
    );
    assert_eq!(
        sel["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN"])
    );
    let ch = h.ok("InitiateAuth", json!({"ClientId": c_id, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pat", "PREFERRED_CHALLENGE": "WEB_AUTHN"}}));
    assert_eq!(ch["ChallengeName"], "WEB_AUTHN");
    let ro: Value = serde_json::from_str(
        ch["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(ro["rpId"], "localhost");
    assert_eq!(ro["allowCredentials"][0]["id"], c["CredentialId"]);
    let assertion = auth.get(&ro);
    let out = h
        .respond("WEB_AUTHN", &ch["Session"], json!({"USERNAME": "pat", "CREDENTIAL": assertion}))
        .unwrap();
    tokens(&out);
    // A replayed assertion (same counter) fails, as does a signature over another challenge.
    let ch = h.ok("InitiateAuth", json!({"ClientId": c_id, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pat", "PREFERRED_CHALLENGE": "WEB_AUTHN"}}));
    assert_eq!(
        h.respond("WEB_AUTHN", &ch["Session"], json!({"USERNAME": "pat", "CREDENTIAL": assertion}))
            .unwrap_err()
            .code,
        "WebAuthnChallengeNotFoundException"
    );
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c_id, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pat"}}),
    );
    let ch = h
        .respond(
            "SELECT_CHALLENGE",
            &sel["Session"],
            json!({"USERNAME": "pat", "ANSWER": "WEB_AUTHN"}),
        )
        .unwrap();
    let ro: Value = serde_json::from_str(
        ch["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"].as_str().unwrap(),
    )
    .unwrap();
    let mut tampered: Value = serde_json::from_str(&auth.get(&ro)).unwrap();
    tampered["response"]["signature"] =
        json!(URL_SAFE_NO_PAD.encode([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]));
    assert_eq!(
        h.respond(
            "WEB_AUTHN",
            &ch["Session"],
            json!({"USERNAME": "pat", "CREDENTIAL": tampered.to_string()})
        )
        .unwrap_err()
        .code,
        "NotAuthorizedException"
    );
    let f = h.ok("GetUserAuthFactors", json!({"AccessToken": access}));
    assert_eq!(f["ConfiguredUserAuthFactors"], json!(["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]));
    // Delete.
    h.ok(
        "DeleteWebAuthnCredential",
        json!({"AccessToken": access, "CredentialId": c["CredentialId"]}),
    );
    h.err(
        "DeleteWebAuthnCredential",
        json!({"AccessToken": access, "CredentialId": c["CredentialId"]}),
        "ResourceNotFoundException",
    );
    assert_eq!(
        h.ok("ListWebAuthnCredentials", json!({"AccessToken": access}))["Credentials"],
        json!([])
    );
}

#[test]
fn passkeys_need_web_authn_in_the_pool() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_NoPk", "allowedFirstAuthFactors": ["PASSWORD"], "clients": [{"id": "c1"}]}),
    );
    h.client = "c1".into();
    h.confirmed_user("np");
    let access = tokens(&h.password_auth("np", PW).unwrap())["AccessToken"].clone();
    h.err(
        "StartWebAuthnRegistration",
        json!({"AccessToken": access}),
        "WebAuthnNotEnabledException",
    );
}

/// Sign in with USER_AUTH + WEB_AUTHN: the challenge's request options and session.
fn web_authn_challenge(h: &mut H, username: &str) -> (Value, Value) {
    let c_id = h.client.clone();
    let ch = h.ok("InitiateAuth", json!({"ClientId": c_id, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": username, "PREFERRED_CHALLENGE": "WEB_AUTHN"}}));
    assert_eq!(ch["ChallengeName"], "WEB_AUTHN");
    let ro: Value = serde_json::from_str(
        ch["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"].as_str().unwrap(),
    )
    .unwrap();
    (ro, ch["Session"].clone())
}

#[test]
fn passkey_origin_exclusion_counter_and_user_verification() {
    let mut h = H::new();
    h.confirmed_user("kim");
    let access = tokens(&h.password_auth("kim", PW).unwrap())["AccessToken"].clone();
    // A subdomain of the RP id on another port, over http, is an allowed origin.
    let mut auth = Authenticator::new();
    auth.origin = "http://app.localhost:8080".into();
    let opts = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    assert_eq!(opts["authenticatorSelection"]["userVerification"], "preferred");
    h.ok(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": auth.create(&opts, "localhost")}),
    );
    // The same authenticator again: excluded.
    let opts = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    h.err(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": auth.create(&opts, "localhost")}),
        "WebAuthnCredentialNotSupportedException",
    );
    // An origin that only ends like the RP id is not allowed at sign-in either.
    let (ro, session) = web_authn_challenge(&mut h, "kim");
    let mut evil = Authenticator::new();
    evil.origin = "http://evillocalhost".into();
    let e = h
        .respond("WEB_AUTHN", &session, json!({"USERNAME": "kim", "CREDENTIAL": evil.get(&ro)}))
        .unwrap_err();
    assert_eq!(e.code, "WebAuthnOriginNotAllowedException");
    // Counter 1 signs in; a counter that does not increase is refused.
    let (ro, session) = web_authn_challenge(&mut h, "kim");
    tokens(
        &h.respond("WEB_AUTHN", &session, json!({"USERNAME": "kim", "CREDENTIAL": auth.get(&ro)}))
            .unwrap(),
    );
    auth.counter = 0;
    let (ro, session) = web_authn_challenge(&mut h, "kim");
    assert_eq!(
        h.respond("WEB_AUTHN", &session, json!({"USERNAME": "kim", "CREDENTIAL": auth.get(&ro)}))
            .unwrap_err()
            .code,
        "NotAuthorizedException"
    );
    // The pool prefers UV: an assertion without it is accepted.
    auth.counter = 5;
    auth.uv = false;
    let (ro, session) = web_authn_challenge(&mut h, "kim");
    assert_eq!(ro["userVerification"], "preferred");
    tokens(
        &h.respond("WEB_AUTHN", &session, json!({"USERNAME": "kim", "CREDENTIAL": auth.get(&ro)}))
            .unwrap(),
    );
}

#[test]
fn passkey_user_verification_required_by_the_pool() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_UvReq", "allowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"], "webauthnUserVerification": "required", "clients": [{"id": "c1"}]}),
    );
    h.client = "c1".into();
    h.confirmed_user("uv");
    let access = tokens(&h.password_auth("uv", PW).unwrap())["AccessToken"].clone();
    let mut auth = Authenticator::new();
    let opts = h.ok("StartWebAuthnRegistration", json!({"AccessToken": access}))
        ["CredentialCreationOptions"]
        .clone();
    assert_eq!(opts["authenticatorSelection"]["userVerification"], "required");
    h.ok(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access, "Credential": auth.create(&opts, "localhost")}),
    );
    auth.uv = false;
    let (ro, session) = web_authn_challenge(&mut h, "uv");
    assert_eq!(ro["userVerification"], "required");
    assert_eq!(
        h.respond("WEB_AUTHN", &session, json!({"USERNAME": "uv", "CREDENTIAL": auth.get(&ro)}))
            .unwrap_err()
            .code,
        "InvalidParameterException"
    );
    auth.uv = true;
    let (ro, session) = web_authn_challenge(&mut h, "uv");
    tokens(
        &h.respond("WEB_AUTHN", &session, json!({"USERNAME": "uv", "CREDENTIAL": auth.get(&ro)}))
            .unwrap(),
    );
}
