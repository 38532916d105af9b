//! Fidelity to Cognito for clients other than Amplify and for user-existence hiding,
//! lockout, per-user quotas and signing keys (sources are cited in the code and in
//! README.md "Fidelity notes").
mod common;
use common::*;
use local_cognito::totp_code;
use serde_json::{json, Value};

fn srp_start(h: &mut H, username: &str, client: &SrpClient) -> Result<Value, Err> {
    let c = h.client.clone();
    h.call("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": username, "SRP_A": client.a_hex()}}))
}

#[test]
fn password_verifier_without_session_is_accepted() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let client = SrpClient::new(&[0x42; 64]);
    let ch = srp_start(&mut h, "alice", &client).unwrap();
    let resp = client.respond(&h.pool, &ch["ChallengeParameters"], PW, h.now / 1000);
    let c = h.client.clone();
    // pycognito / boto3 scripts send no Session: the secret block finds the exchange.
    let out = h.ok(
        "RespondToAuthChallenge",
        json!({"ClientId": c, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": resp}),
    );
    tokens(&out);
    // The exchange is single use, with or without a Session.
    let e = h
        .call("RespondToAuthChallenge", json!({"ClientId": c, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": resp}))
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // Other challenges still need their Session.
    let e = h
        .call("RespondToAuthChallenge", json!({"ClientId": c, "ChallengeName": "SMS_MFA", "ChallengeResponses": {"USERNAME": "alice", "SMS_MFA_CODE": "123456"}}))
        .unwrap_err();
    assert_eq!(e.code, "InvalidParameterException");
    // A wrong password over the session-less path is a wrong password.
    let ch = srp_start(&mut h, "alice", &client).unwrap();
    let resp = client.respond(&h.pool, &ch["ChallengeParameters"], "Wr0ng!pass", h.now / 1000);
    let e = h
        .call("RespondToAuthChallenge", json!({"ClientId": c, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": resp}))
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[test]
fn srp_for_unknown_user_answers_stable_salt_and_user_id() {
    let mut h = H::new();
    let client = SrpClient::new(&[0x42; 64]);
    let first = srp_start(&mut h, "ghost", &client).unwrap();
    let again = srp_start(&mut h, "GHOST", &client).unwrap();
    let p1 = &first["ChallengeParameters"];
    let p2 = &again["ChallengeParameters"];
    assert_eq!(p1["SALT"], p2["SALT"]);
    assert_eq!(p1["USER_ID_FOR_SRP"], p2["USER_ID_FOR_SRP"]);
    assert_ne!(p1["SRP_B"], p2["SRP_B"]);
    assert_ne!(
        p1["SALT"],
        srp_start(&mut h, "ghost2", &client).unwrap()["ChallengeParameters"]["SALT"]
    );
    // A pool signing in by email answers a sub-shaped USER_ID_FOR_SRP for everyone.
    let mut e = H::from_json(
        json!({"id": "us-east-1_Mail", "usernameAttributes": ["email"], "clients": [{"id": "c1"}]}),
    );
    e.client = "c1".into();
    let a = srp_start(&mut e, "nobody@example.com", &client).unwrap();
    let b = srp_start(&mut e, "nobody@example.com", &client).unwrap();
    let id = a["ChallengeParameters"]["USER_ID_FOR_SRP"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a UUID, not the email: {id}");
    assert_eq!(b["ChallengeParameters"]["USER_ID_FOR_SRP"], id.as_str());
    assert_eq!(a["ChallengeParameters"]["SALT"], b["ChallengeParameters"]["SALT"]);
}

fn user_auth(h: &mut H, params: Value) -> Result<Value, Err> {
    let c = h.client.clone();
    h.call(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": params}),
    )
}

#[test]
fn user_auth_for_unknown_user_is_a_simulated_challenge() {
    let mut h = H::new();
    // No preference: SELECT_CHALLENGE, as for a real user.
    let sel = user_auth(&mut h, json!({"USERNAME": "ghost"})).unwrap();
    assert_eq!(sel["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(sel["ChallengeParameters"]["USERNAME"], "ghost");
    let avail = sel["AvailableChallenges"].as_array().unwrap().clone();
    assert!(avail.iter().any(|a| a == "PASSWORD") && avail.iter().any(|a| a == "EMAIL_OTP"));
    // Choosing EMAIL_OTP: a challenge with a masked destination, no message sent, and no
    // code ever matches.
    let ch = h
        .respond(
            "SELECT_CHALLENGE",
            &sel["Session"],
            json!({"USERNAME": "ghost", "ANSWER": "EMAIL_OTP"}),
        )
        .unwrap();
    assert_eq!(ch["ChallengeName"], "EMAIL_OTP");
    assert_eq!(ch["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert!(h.emu.inbox(None, None).is_empty());
    let e = h
        .respond(
            "EMAIL_OTP",
            &ch["Session"],
            json!({"USERNAME": "ghost", "EMAIL_OTP_CODE": "123456"}),
        )
        .unwrap_err();
    assert_eq!(e.code, "CodeMismatchException");
    // Preferred PASSWORD with a password: the wrong-password answer.
    let e = user_auth(
        &mut h,
        json!({"USERNAME": "ghost", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PW}),
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
    // Preferred PASSWORD without one: the PASSWORD challenge, then the wrong-password answer.
    let ch =
        user_auth(&mut h, json!({"USERNAME": "ghost", "PREFERRED_CHALLENGE": "PASSWORD"})).unwrap();
    assert_eq!(ch["ChallengeName"], "PASSWORD");
    let e = h
        .respond("PASSWORD", &ch["Session"], json!({"USERNAME": "ghost", "PASSWORD": PW}))
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // Passkeys: request options with no credentials; any assertion is refused.
    let ch = user_auth(&mut h, json!({"USERNAME": "ghost", "PREFERRED_CHALLENGE": "WEB_AUTHN"}))
        .unwrap();
    assert_eq!(ch["ChallengeName"], "WEB_AUTHN");
    let e = h
        .respond("WEB_AUTHN", &ch["Session"], json!({"USERNAME": "ghost", "CREDENTIAL": "{}"}))
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // With PreventUserExistenceErrors off (LEGACY) the user's absence is reported.
    let mut l = H::from_json(
        json!({"id": "us-east-1_Legacy", "clients": [{"id": "c1", "preventUserExistenceErrors": false}]}),
    );
    l.client = "c1".into();
    assert_eq!(
        user_auth(&mut l, json!({"USERNAME": "ghost"})).unwrap_err().code,
        "UserNotFoundException"
    );
}

#[test]
fn forgot_password_without_verified_channel_answers_simulated_details() {
    let mut h = H::new();
    h.sign_up("unv", "unv@example.com");
    let c = h.client.clone();
    let out = h.ok("ForgotPassword", json!({"ClientId": c, "Username": "unv"}));
    assert_eq!(out["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(out["CodeDeliveryDetails"]["Destination"], "u***@e***");
    assert!(h.emu.inbox(None, None).iter().all(|m| m.purpose != "FORGOT_PASSWORD"));
    let ghost = h.ok("ForgotPassword", json!({"ClientId": c, "Username": "ghost"}));
    assert_eq!(ghost["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    // LEGACY: the real error.
    let mut l = H::from_json(
        json!({"id": "us-east-1_Legacy", "clients": [{"id": "c1", "preventUserExistenceErrors": false}]}),
    );
    l.client = "c1".into();
    l.sign_up("unv", "unv@example.com");
    l.err(
        "ForgotPassword",
        json!({"ClientId": "c1", "Username": "unv"}),
        "InvalidParameterException",
    );
}

#[test]
fn forgot_and_change_password_have_a_per_user_hourly_limit() {
    let mut h = H::new();
    h.confirmed_user("alice");
    h.confirmed_user("bob");
    let c = h.client.clone();
    for _ in 0..5 {
        h.ok("ForgotPassword", json!({"ClientId": c, "Username": "alice"}));
    }
    h.err("ForgotPassword", json!({"ClientId": c, "Username": "alice"}), "LimitExceededException");
    // Per user: bob is not affected.
    h.ok("ForgotPassword", json!({"ClientId": c, "Username": "bob"}));
    h.advance(3601);
    h.ok("ForgotPassword", json!({"ClientId": c, "Username": "alice"}));

    let t = tokens(&h.password_auth("bob", PW).unwrap())["AccessToken"].clone();
    for _ in 0..5 {
        h.err("ChangePassword", json!({"AccessToken": t, "PreviousPassword": "Wr0ng!pass", "ProposedPassword": "NewPassw0rd!"}), "NotAuthorizedException");
    }
    let m = h.err(
        "ChangePassword",
        json!({"AccessToken": t, "PreviousPassword": PW, "ProposedPassword": "NewPassw0rd!"}),
        "LimitExceededException",
    );
    assert_eq!(m, "Attempt limit exceeded, please try after some time.");
    h.advance(3601);
    let t = tokens(&h.password_auth("bob", PW).unwrap())["AccessToken"].clone();
    h.ok(
        "ChangePassword",
        json!({"AccessToken": t, "PreviousPassword": PW, "ProposedPassword": "NewPassw0rd!"}),
    );
}

fn totp_user(h: &mut H) -> String {
    let c = h.client.clone();
    let t = tokens(&h.password_auth("tom", PW).unwrap())["AccessToken"].clone();
    let secret = h.ok("AssociateSoftwareToken", json!({"AccessToken": t}))["SecretCode"]
        .as_str()
        .unwrap()
        .to_string();
    let code = totp_code(&secret, h.now).unwrap();
    h.ok("VerifySoftwareToken", json!({"AccessToken": t, "UserCode": code}));
    h.ok("SetUserMFAPreference", json!({"AccessToken": t, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}));
    let _ = c;
    secret
}

#[test]
fn repeated_wrong_mfa_codes_lock_the_user_out() {
    let mut h =
        H::from_json(json!({"id": "us-east-1_Mfa", "mfa": "OPTIONAL", "clients": [{"id": "c1"}]}));
    h.client = "c1".into();
    h.confirmed_user("tom");
    let secret = totp_user(&mut h);
    let wrong = |h: &H| {
        let good = totp_code(&secret, h.now).unwrap();
        if good == "000000" {
            "111111".to_string()
        } else {
            "000000".to_string()
        }
    };
    // Five wrong codes over new sign-ins (each password is right, which must not reset
    // the MFA count).
    for _ in 0..5 {
        let ch = h.password_auth("tom", PW).unwrap();
        assert_eq!(ch["ChallengeName"], "SOFTWARE_TOKEN_MFA");
        let bad = wrong(&h);
        let e = h
            .respond(
                "SOFTWARE_TOKEN_MFA",
                &ch["Session"],
                json!({"USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": bad}),
            )
            .unwrap_err();
        assert_eq!(e.code, "CodeMismatchException");
    }
    // Locked: even the right code is refused.
    let ch = h.password_auth("tom", PW).unwrap();
    let good = totp_code(&secret, h.now).unwrap();
    let e = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &ch["Session"],
            json!({"USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": good}),
        )
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // The lockout ends (1 s after the fifth failure); a right code then signs in.
    h.advance(2);
    let ch = h.password_auth("tom", PW).unwrap();
    let good = totp_code(&secret, h.now).unwrap();
    tokens(
        &h.respond(
            "SOFTWARE_TOKEN_MFA",
            &ch["Session"],
            json!({"USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": good}),
        )
        .unwrap(),
    );
}

#[test]
fn access_and_id_tokens_are_signed_with_different_keys_both_in_the_jwks() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let t = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    let kid = |jwt: &str| {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        let head = jwt.split('.').next().unwrap();
        let v: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(head).unwrap()).unwrap();
        v["kid"].as_str().unwrap().to_string()
    };
    let (access_kid, id_kid) =
        (kid(t["AccessToken"].as_str().unwrap()), kid(t["IdToken"].as_str().unwrap()));
    assert_ne!(access_kid, id_kid);
    let pool = h.pool.clone();
    let jwks = h.emu.jwks(&pool).unwrap();
    let kids: Vec<&str> =
        jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids.len(), 2);
    assert!(kids.contains(&access_kid.as_str()) && kids.contains(&id_kid.as_str()));
    // The ID token is not accepted as an access token.
    h.err("GetUser", json!({"AccessToken": t["IdToken"]}), "NotAuthorizedException");
    h.ok("GetUser", json!({"AccessToken": t["AccessToken"]}));
}
