mod common;
use common::*;
use serde_json::json;

#[test]
fn srp_sign_in_and_wrong_password() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let out = h.srp_sign_in("alice", PW).unwrap();
    let t = tokens(&out);
    assert_eq!(t["TokenType"], "Bearer");
    assert_eq!(t["ExpiresIn"], 3600);
    assert!(t["RefreshToken"].is_string());
    let e = h.srp_sign_in("alice", "Wrong#Pass1").unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[test]
fn srp_challenge_parameters_and_session_rules() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let client = SrpClient::new(&[9; 48]);
    let c = h.client.clone();
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "ALICE", "SRP_A": client.a_hex()}}));
    let p = &ch["ChallengeParameters"];
    assert_eq!(p["USER_ID_FOR_SRP"], "alice");
    assert_eq!(p["USERNAME"], "alice");
    for k in ["SALT", "SRP_B"] {
        assert!(p[k]
            .as_str()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }
    // Bad timestamp format is rejected strictly.
    let mut resp = client.respond(&h.pool, p, PW, h.now / 1000);
    resp["TIMESTAMP"] = json!("2023-11-14T22:13:20Z");
    h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).map(|_| ()).expect_err("bad timestamp");
    // Session can't be reused after a failure.
    let resp = client.respond(&h.pool, p, PW, h.now / 1000);
    let e = h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // A fresh exchange with a zero-padded day or stale timestamp fails.
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "alice", "SRP_A": client.a_hex()}}));
    let ts = "Tue Nov 14 22:13:20 UTC 2023"; // T0 formatted, correct
    assert_eq!(timestamp(h.now / 1000), ts);
    let stale = timestamp(h.now / 1000 - 3600);
    let resp = json!({"USERNAME": "alice", "PASSWORD_CLAIM_SECRET_BLOCK": ch["ChallengeParameters"]["SECRET_BLOCK"], "TIMESTAMP": stale,
        "PASSWORD_CLAIM_SIGNATURE": client.signature(&h.pool, &ch["ChallengeParameters"], PW, &stale)});
    assert_eq!(
        h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap_err().code,
        "NotAuthorizedException"
    );
    // Expired session.
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "alice", "SRP_A": client.a_hex()}}));
    h.advance(181);
    let resp = client.respond(&h.pool, &ch["ChallengeParameters"], PW, h.now / 1000);
    let e = h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap_err();
    assert_eq!(e.message, "Invalid session for the user, session is expired.");
    // A = 0 mod N is rejected.
    h.err("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "alice", "SRP_A": "0"}}), "InvalidParameterException");
}

#[test]
fn srp_unknown_user_is_simulated_then_fails() {
    let mut h = H::new();
    let client = SrpClient::new(&[3; 32]);
    let c = h.client.clone();
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "ghost", "SRP_A": client.a_hex()}}));
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    let resp = client.respond(&h.pool, &ch["ChallengeParameters"], PW, h.now / 1000);
    let e = h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap_err();
    assert_eq!(e.message, "Incorrect username or password.");
}

#[test]
fn password_auth_and_unconfirmed() {
    let mut h = H::new();
    h.sign_up("bob", "bob@example.com");
    let e = h.password_auth("bob", PW).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("UserNotConfirmedException", "User is not confirmed.")
    );
    assert_eq!(h.password_auth("bob", "Wrong#Pass1").unwrap_err().code, "NotAuthorizedException");
    h.confirm("bob");
    tokens(&h.password_auth("bob", PW).unwrap());
    assert_eq!(
        h.password_auth("ghost", PW).unwrap_err().message,
        "Incorrect username or password."
    );
    let c = h.client.clone();
    h.err("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "bob"}}), "InvalidParameterException");
    h.err(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "NOPE", "AuthParameters": {"USERNAME": "bob"}}),
        "InvalidParameterException",
    );
}

#[test]
fn flows_not_allowed_on_client() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_F", "clients": [{"id": "c1", "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}]}),
    );
    let m = h.err("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "x", "PASSWORD": PW}}), "InvalidParameterException");
    assert_eq!(m, "USER_PASSWORD_AUTH flow not enabled for this client");
    h.err(
        "InitiateAuth",
        json!({"ClientId": "c1", "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "x"}}),
        "InvalidParameterException",
    );
    // Without USER_AUTH, ConfirmSignUp returns no session.
    h.client = "c1".into();
    h.sign_up("x", "x@example.com");
    assert!(h.confirm("x").get("Session").is_none());
}

#[test]
fn user_auth_select_challenge_and_password() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let c = h.client.clone();
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice"}}),
    );
    assert_eq!(sel["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(sel["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]));
    let e = h
        .respond(
            "SELECT_CHALLENGE",
            &sel["Session"],
            json!({"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": "Wrong#1aa"}),
        )
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice"}}),
    );
    h.respond(
        "SELECT_CHALLENGE",
        &sel["Session"],
        json!({"USERNAME": "alice", "ANSWER": "SMS_OTP"}),
    )
    .unwrap_err();
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice"}}),
    );
    tokens(
        &h.respond(
            "SELECT_CHALLENGE",
            &sel["Session"],
            json!({"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": PW}),
        )
        .unwrap(),
    );
    // Preferred PASSWORD with the password in AuthParameters completes at once.
    tokens(&h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PW}})));
    // Unavailable preference falls back to SELECT_CHALLENGE.
    let sel = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"}}));
    assert_eq!(sel["ChallengeName"], "SELECT_CHALLENGE");
}

#[test]
fn user_auth_password_srp_via_selection() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let c = h.client.clone();
    let client = SrpClient::new(&[5; 40]);
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice"}}),
    );
    let ch = h
        .respond(
            "SELECT_CHALLENGE",
            &sel["Session"],
            json!({"USERNAME": "alice", "ANSWER": "PASSWORD_SRP", "SRP_A": client.a_hex()}),
        )
        .unwrap();
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    let resp = client.respond(&h.pool, &ch["ChallengeParameters"], PW, h.now / 1000);
    tokens(&h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap());
    // Preferred PASSWORD_SRP with SRP_A.
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": client.a_hex()}}));
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
}

#[test]
fn user_auth_email_otp_attempts_and_single_use() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let c = h.client.clone();
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP"}}));
    assert_eq!(ch["ChallengeName"], "EMAIL_OTP");
    assert_eq!(ch["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert_eq!(ch["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"], "a***@e***");
    let code = h.code("alice", "SIGN_IN_OTP");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = h
        .respond("EMAIL_OTP", &ch["Session"], json!({"USERNAME": "alice", "EMAIL_OTP_CODE": wrong}))
        .unwrap_err();
    assert_eq!(e.code, "CodeMismatchException");
    h.respond("EMAIL_OTP", &ch["Session"], json!({"USERNAME": "alice", "EMAIL_OTP_CODE": wrong}))
        .unwrap_err();
    let out = h
        .respond("EMAIL_OTP", &ch["Session"], json!({"USERNAME": "alice", "EMAIL_OTP_CODE": code}))
        .unwrap();
    tokens(&out);
    let e = h
        .respond("EMAIL_OTP", &ch["Session"], json!({"USERNAME": "alice", "EMAIL_OTP_CODE": code}))
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // Three wrong codes kill the session.
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP"}}));
    let code = h.code("alice", "SIGN_IN_OTP");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        assert_eq!(
            h.respond(
                "EMAIL_OTP",
                &ch["Session"],
                json!({"USERNAME": "alice", "EMAIL_OTP_CODE": wrong})
            )
            .unwrap_err()
            .code,
            "CodeMismatchException"
        );
    }
    assert_eq!(
        h.respond(
            "EMAIL_OTP",
            &ch["Session"],
            json!({"USERNAME": "alice", "EMAIL_OTP_CODE": code})
        )
        .unwrap_err()
        .code,
        "NotAuthorizedException"
    );
    // And the OTP session expires.
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP"}}));
    let code = h.code("alice", "SIGN_IN_OTP");
    h.advance(200);
    let e = h
        .respond("EMAIL_OTP", &ch["Session"], json!({"USERNAME": "alice", "EMAIL_OTP_CODE": code}))
        .unwrap_err();
    assert_eq!(e.message, "Invalid session for the user, session is expired.");
}

#[test]
fn user_auth_sms_otp_for_verified_phone() {
    let mut h = H::new();
    let c = h.client.clone();
    h.ok("AdminCreateUser", json!({"UserPoolId": h.pool, "Username": "phil", "MessageAction": "SUPPRESS", "UserAttributes": [
        {"Name": "phone_number", "Value": "+15555550123"}, {"Name": "phone_number_verified", "Value": "true"}]}));
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": h.pool, "Username": "phil", "Password": PW, "Permanent": true}),
    );
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "phil"}}),
    );
    assert_eq!(sel["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]));
    let ch = h
        .respond(
            "SELECT_CHALLENGE",
            &sel["Session"],
            json!({"USERNAME": "phil", "ANSWER": "SMS_OTP"}),
        )
        .unwrap();
    assert_eq!(ch["ChallengeName"], "SMS_OTP");
    assert_eq!(ch["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"], "+*******0123");
    let code = h.code("phil", "SIGN_IN_OTP");
    tokens(
        &h.respond("SMS_OTP", &ch["Session"], json!({"USERNAME": "phil", "SMS_OTP_CODE": code}))
            .unwrap(),
    );
}

#[test]
fn tokens_have_cognito_claims_and_verify_against_jwks() {
    let mut h = H::new();
    h.emu.set_base_url("http://127.0.0.1:4000");
    h.confirmed_user("alice");
    let out = h.password_auth("alice", PW).unwrap();
    let t = tokens(&out);
    let a = claims(t["AccessToken"].as_str().unwrap());
    let i = claims(t["IdToken"].as_str().unwrap());
    let iss = format!("http://127.0.0.1:4000/{}", h.pool);
    assert_eq!(a["iss"], iss);
    assert_eq!(a["token_use"], "access");
    assert_eq!(a["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(a["client_id"], h.client);
    assert_eq!(a["username"], "alice");
    assert_eq!(a["iat"], h.now / 1000);
    assert_eq!(a["exp"], h.now / 1000 + 3600);
    assert!(a.get("aud").is_none());
    for k in ["sub", "auth_time", "jti", "origin_jti", "event_id"] {
        assert!(a.get(k).is_some(), "access {k}");
    }
    assert_eq!(i["token_use"], "id");
    assert_eq!(i["aud"], h.client);
    assert_eq!(i["cognito:username"], "alice");
    assert_eq!(i["email"], "alice@example.com");
    assert_eq!(i["email_verified"], true);
    assert_eq!(i["sub"], a["sub"]);
    assert_eq!(i["origin_jti"], a["origin_jti"]);
    // Signature verifies with the JWKS key.
    let jwks = h.emu.jwks(&h.pool.clone()).unwrap();
    let header: serde_json::Value = {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(t["IdToken"].as_str().unwrap().split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(header["alg"], "RS256");
    // The key is picked by `kid`, as a verifier does (access and ID keys differ).
    let k = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == header["kid"]).unwrap();
    let key = jsonwebtoken::DecodingKey::from_rsa_components(
        k["n"].as_str().unwrap(),
        k["e"].as_str().unwrap(),
    )
    .unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.validate_exp = false;
    v.set_audience(&[h.client.clone()]);
    jsonwebtoken::decode::<serde_json::Value>(t["IdToken"].as_str().unwrap(), &key, &v)
        .expect("valid signature");
    assert!(h.emu.jwks("us-east-1_Nope").is_none());
}

#[test]
fn custom_auth_without_and_with_srp() {
    let mut h = H::from_json(json!({"id": "us-east-1_Cust", "customAuth": {"rounds": [
        {"publicChallengeParameters": {"question": "2+2"}, "answer": "4"},
        {"publicChallengeParameters": {"question": "code?"}}
    ]}, "clients": [{"id": "c1"}]}));
    h.client = "c1".into();
    h.confirmed_user("cat");
    let ch = h.ok(
        "InitiateAuth",
        json!({"ClientId": "c1", "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "cat"}}),
    );
    assert_eq!(ch["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(ch["ChallengeParameters"]["question"], "2+2");
    assert_eq!(ch["ChallengeParameters"]["USERNAME"], "cat");
    let again = h
        .respond("CUSTOM_CHALLENGE", &ch["Session"], json!({"USERNAME": "cat", "ANSWER": "5"}))
        .unwrap();
    assert_eq!(again["ChallengeParameters"]["question"], "2+2");
    let r2 = h
        .respond("CUSTOM_CHALLENGE", &again["Session"], json!({"USERNAME": "cat", "ANSWER": "4"}))
        .unwrap();
    assert_eq!(r2["ChallengeParameters"]["question"], "code?");
    let code = h.code("cat", "CUSTOM_CHALLENGE");
    tokens(
        &h.respond("CUSTOM_CHALLENGE", &r2["Session"], json!({"USERNAME": "cat", "ANSWER": code}))
            .unwrap(),
    );
    // Too many wrong answers.
    let ch = h.ok(
        "InitiateAuth",
        json!({"ClientId": "c1", "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "cat"}}),
    );
    let a = h
        .respond("CUSTOM_CHALLENGE", &ch["Session"], json!({"USERNAME": "cat", "ANSWER": "x"}))
        .unwrap();
    let b = h
        .respond("CUSTOM_CHALLENGE", &a["Session"], json!({"USERNAME": "cat", "ANSWER": "x"}))
        .unwrap();
    assert_eq!(
        h.respond("CUSTOM_CHALLENGE", &b["Session"], json!({"USERNAME": "cat", "ANSWER": "x"}))
            .unwrap_err()
            .code,
        "NotAuthorizedException"
    );
    // With SRP first.
    let client = SrpClient::new(&[8; 32]);
    let ch = h.ok("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "cat", "CHALLENGE_NAME": "SRP_A", "SRP_A": client.a_hex()}}));
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    let resp = client.respond(&h.pool, &ch["ChallengeParameters"], PW, h.now / 1000);
    let c1 = h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap();
    assert_eq!(c1["ChallengeName"], "CUSTOM_CHALLENGE");
    // Pools without custom auth reject the flow.
    let mut h2 = H::new();
    let c = h2.client.clone();
    h2.err(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "x"}}),
        "InvalidParameterException",
    );
}

#[test]
fn respond_errors() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let c = h.client.clone();
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice"}}),
    );
    // Wrong challenge name.
    h.respond("EMAIL_OTP", &sel["Session"], json!({"USERNAME": "alice", "EMAIL_OTP_CODE": "1"}))
        .unwrap_err();
    let e = h
        .respond(
            "SELECT_CHALLENGE",
            &json!("garbage"),
            json!({"USERNAME": "alice", "ANSWER": "PASSWORD"}),
        )
        .unwrap_err();
    assert_eq!(e.message, "Invalid session for the user.");
    h.err(
        "RespondToAuthChallenge",
        json!({"ClientId": c, "ChallengeName": "PASSWORD", "ChallengeResponses": {}}),
        "InvalidParameterException",
    );
}

#[test]
fn disabled_user_cannot_sign_in() {
    let mut h = H::new();
    h.confirmed_user("alice");
    h.ok("AdminDisableUser", json!({"UserPoolId": h.pool, "Username": "alice"}));
    assert_eq!(h.password_auth("alice", PW).unwrap_err().message, "User is disabled.");
    h.ok("AdminEnableUser", json!({"UserPoolId": h.pool, "Username": "alice"}));
    tokens(&h.password_auth("alice", PW).unwrap());
}

#[test]
fn faults_and_stats() {
    let mut h = H::new();
    h.emu.add_fault("SignUp", "TooManyRequestsException", 400, 2, None);
    let c = h.client.clone();
    h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "a", "Password": PW}),
        "TooManyRequestsException",
    );
    h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "a", "Password": PW}),
        "TooManyRequestsException",
    );
    h.ok("SignUp", json!({"ClientId": c, "Username": "a", "Password": PW}));
    h.emu.add_fault("GetUser", "InternalErrorException", 500, 1, None);
    let e = h.call("GetUser", json!({"AccessToken": "x"})).unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (500, "InternalErrorException"));
    assert_eq!(h.emu.stats()["requests"]["SignUp"], 3);
    h.emu.reset_stats();
    assert_eq!(h.emu.stats(), json!({"requests": {}}));
    let (status, body) = h.emu.handle("Nope", "{}", h.now);
    assert_eq!(status, 400);
    assert!(body.contains("UnknownOperationException"));
    let (_, body) = h.emu.handle("SignUp", "not json", h.now);
    assert!(body.contains("SerializationException"));
}

#[test]
fn determinism_with_seed() {
    let run = || {
        let mut h = H::new();
        h.sign_up("alice", "alice@example.com")["UserSub"].as_str().unwrap().to_string()
            + &h.code("alice", "SIGN_UP")
    };
    assert_eq!(run(), run());
}

#[test]
fn lockout_after_five_wrong_passwords() {
    let mut h = H::new();
    h.confirmed_user("alice");
    for _ in 0..5 {
        assert_eq!(
            h.password_auth("alice", "Wrong#Pass1").unwrap_err().message,
            "Incorrect username or password."
        );
    }
    // Locked for 1 s even with the right password.
    assert_eq!(h.password_auth("alice", PW).unwrap_err().message, "Password attempts exceeded");
    assert_eq!(h.srp_sign_in("alice", PW).unwrap_err().message, "Password attempts exceeded");
    h.advance(1);
    assert_eq!(
        h.password_auth("alice", "Wrong#Pass1").unwrap_err().message,
        "Incorrect username or password."
    );
    assert_eq!(h.password_auth("alice", PW).unwrap_err().message, "Password attempts exceeded");
    h.advance(2);
    tokens(&h.srp_sign_in("alice", PW).unwrap());
    // Success resets the counter.
    assert_eq!(
        h.password_auth("alice", "Wrong#Pass1").unwrap_err().message,
        "Incorrect username or password."
    );
    tokens(&h.password_auth("alice", PW).unwrap());
}
