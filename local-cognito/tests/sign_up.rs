mod common;
use common::*;
use serde_json::json;

#[test]
fn sign_up_returns_masked_delivery_sub_and_session() {
    let mut h = H::new();
    let out = h.sign_up("alice", "alice@example.com");
    assert_eq!(out["UserConfirmed"], false);
    assert_eq!(
        out["CodeDeliveryDetails"],
        json!({"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    assert_eq!(out["UserSub"].as_str().unwrap().len(), 36);
    assert!(out["Session"].as_str().unwrap().len() > 40);
    let msgs = h.emu.inbox(Some("alice"), None);
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].purpose, "SIGN_UP");
    assert_eq!(msgs[0].medium, "EMAIL");
    assert_eq!(msgs[0].destination, "alice@example.com");
    assert_eq!(msgs[0].code.len(), 6);
    // The inbox also answers to the email address.
    assert_eq!(h.emu.inbox(Some("alice@example.com"), None).len(), 1);
}

#[test]
fn sign_up_errors() {
    let mut h = H::new();
    h.sign_up("alice", "alice@example.com");
    let c = h.client.clone();
    let m = h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "alice", "Password": PW}),
        "UsernameExistsException",
    );
    assert_eq!(m, "User already exists");
    let m = h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "ALICE", "Password": PW}),
        "UsernameExistsException",
    );
    assert_eq!(m, "User already exists");
    let m = h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "bob", "Password": "Sh0rt!"}),
        "InvalidPasswordException",
    );
    assert_eq!(m, "Password did not conform with policy: Password not long enough");
    h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "bob", "Password": "passw0rd!"}),
        "InvalidPasswordException",
    );
    h.err(
        "SignUp",
        json!({"ClientId": "nope", "Username": "bob", "Password": PW}),
        "ResourceNotFoundException",
    );
    h.err("SignUp", json!({"ClientId": c, "Password": PW}), "InvalidParameterException");
    h.err("SignUp", json!({"ClientId": c, "Username": "bob", "Password": PW, "UserAttributes": [{"Name": "email", "Value": "not-an-email"}]}), "InvalidParameterException");
    h.err("SignUp", json!({"ClientId": c, "Username": "bob", "Password": PW, "UserAttributes": [{"Name": "shoe_size", "Value": "9"}]}), "InvalidParameterException");
}

#[test]
fn required_attributes_enforced() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Req", "requiredAttributes": ["email", "name"], "clients": [{"id": "c1"}]}),
    );
    let m = h.err("SignUp", json!({"ClientId": "c1", "Username": "bob", "Password": PW, "UserAttributes": [{"Name": "email", "Value": "b@example.com"}]}), "InvalidParameterException");
    assert!(m.contains("name"), "{m}");
}

#[test]
fn confirm_sign_up_success_sets_verified_and_returns_session() {
    let mut h = H::new();
    h.sign_up("alice", "alice@example.com");
    let out = h.confirm("alice");
    assert!(out["Session"].is_string());
    let u = h.ok("AdminGetUser", json!({"UserPoolId": h.pool, "Username": "alice"}));
    assert_eq!(u["UserStatus"], "CONFIRMED");
    let attrs = u["UserAttributes"].as_array().unwrap();
    assert!(attrs.iter().any(|a| a["Name"] == "email_verified" && a["Value"] == "true"));
    let c = h.client.clone();
    let m = h.err(
        "ConfirmSignUp",
        json!({"ClientId": c, "Username": "alice", "ConfirmationCode": "123456"}),
        "NotAuthorizedException",
    );
    assert_eq!(m, "User cannot be confirmed. Current status is CONFIRMED");
}

#[test]
fn confirm_sign_up_mismatch_expiry_and_attempt_limit() {
    let mut h = H::new();
    h.sign_up("alice", "alice@example.com");
    let code = h.code("alice", "SIGN_UP");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let c = h.client.clone();
    let m = h.err(
        "ConfirmSignUp",
        json!({"ClientId": c, "Username": "alice", "ConfirmationCode": wrong}),
        "CodeMismatchException",
    );
    assert_eq!(m, "Invalid verification code provided, please try again.");
    for _ in 0..4 {
        h.err(
            "ConfirmSignUp",
            json!({"ClientId": c, "Username": "alice", "ConfirmationCode": wrong}),
            "CodeMismatchException",
        );
    }
    h.err(
        "ConfirmSignUp",
        json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code}),
        "TooManyFailedAttemptsException",
    );
    // A new code resets the counter; it expires after 24 h of emulator time.
    let r = h.ok("ResendConfirmationCode", json!({"ClientId": c, "Username": "alice"}));
    assert_eq!(r["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let code = h.code("alice", "SIGN_UP");
    h.advance(24 * 3600 + 1);
    let m = h.err(
        "ConfirmSignUp",
        json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code}),
        "ExpiredCodeException",
    );
    assert_eq!(m, "Invalid code provided, please request a code again.");
    h.ok("ResendConfirmationCode", json!({"ClientId": c, "Username": "alice"}));
    h.confirm("alice");
    h.err(
        "ResendConfirmationCode",
        json!({"ClientId": c, "Username": "alice"}),
        "InvalidParameterException",
    );
}

#[test]
fn confirm_unknown_user_respects_prevent_user_existence_errors() {
    let mut h = H::new();
    let c = h.client.clone();
    h.err(
        "ConfirmSignUp",
        json!({"ClientId": c, "Username": "ghost", "ConfirmationCode": "123456"}),
        "CodeMismatchException",
    );
    let mut h2 = H::from_json(
        json!({"id": "us-east-1_P", "clients": [{"id": "c1", "preventUserExistenceErrors": false}]}),
    );
    h2.err(
        "ConfirmSignUp",
        json!({"ClientId": "c1", "Username": "ghost", "ConfirmationCode": "123456"}),
        "UserNotFoundException",
    );
    h2.err("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "ghost", "PASSWORD": PW}}), "UserNotFoundException");
}

#[test]
fn passwordless_sign_up_then_session_sign_in_once() {
    let mut h = H::new();
    let c = h.client.clone();
    h.ok("SignUp", json!({"ClientId": c, "Username": "pl", "UserAttributes": [{"Name": "email", "Value": "pl@example.com"}]}));
    let session = h.confirm("pl")["Session"].clone();
    let body = json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pl"}, "Session": session});
    let out = h.ok("InitiateAuth", body.clone());
    let t = tokens(&out);
    assert_eq!(claims(t["IdToken"].as_str().unwrap())["cognito:username"], "pl");
    // Single use.
    let m = h.err("InitiateAuth", body, "NotAuthorizedException");
    assert!(m.contains("only be used once"), "{m}");
    // A passwordless user gets only OTP factors.
    let sel = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pl"}}),
    );
    assert_eq!(sel["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(sel["AvailableChallenges"], json!(["EMAIL_OTP"]));
    // USER_PASSWORD_AUTH fails like a wrong password.
    assert_eq!(h.password_auth("pl", PW).unwrap_err().code, "NotAuthorizedException");
}

#[test]
fn confirm_session_expires_with_auth_session_validity() {
    let mut h = H::new();
    h.sign_up("alice", "alice@example.com");
    let session = h.confirm("alice")["Session"].clone();
    h.advance(3 * 60 + 1);
    let c = h.client.clone();
    let m = h.err("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice"}, "Session": session}), "NotAuthorizedException");
    assert_eq!(m, "Invalid session for the user, session is expired.");
}

#[test]
fn passwordless_sign_up_rejected_when_pool_only_allows_password() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Pw", "allowedFirstAuthFactors": ["PASSWORD"], "clients": [{"id": "c1"}]}),
    );
    h.err("SignUp", json!({"ClientId": "c1", "Username": "x", "UserAttributes": [{"Name": "email", "Value": "x@example.com"}]}), "InvalidPasswordException");
}

#[test]
fn auto_confirm_pool_and_sign_up_session_sign_in() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Auto", "autoConfirm": true, "clients": [{"id": "c1"}]}),
    );
    let out = h.ok("SignUp", json!({"ClientId": "c1", "Username": "a", "UserAttributes": [{"Name": "email", "Value": "a@example.com"}]}));
    assert_eq!(out["UserConfirmed"], true);
    assert!(out.get("CodeDeliveryDetails").is_none());
    let t = h.ok("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "a"}, "Session": out["Session"]}));
    assert_eq!(claims(tokens(&t)["IdToken"].as_str().unwrap())["email_verified"], true);
}

#[test]
fn email_username_pool() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Mail", "usernameAttributes": ["email"], "clients": [{"id": "c1"}]}),
    );
    let out =
        h.ok("SignUp", json!({"ClientId": "c1", "Username": "Zed@Example.com", "Password": PW}));
    let sub = out["UserSub"].as_str().unwrap().to_string();
    h.err(
        "SignUp",
        json!({"ClientId": "c1", "Username": "zed@example.com", "Password": PW}),
        "UsernameExistsException",
    );
    h.err(
        "SignUp",
        json!({"ClientId": "c1", "Username": "not-email", "Password": PW}),
        "InvalidParameterException",
    );
    let code = h.code("Zed@Example.com", "SIGN_UP");
    h.ok(
        "ConfirmSignUp",
        json!({"ClientId": "c1", "Username": "zed@example.com", "ConfirmationCode": code}),
    );
    h.client = "c1".into();
    let out = h.srp_sign_in("zed@example.com", PW).unwrap();
    let id = claims(tokens(&out)["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:username"], sub);
    assert_eq!(id["sub"], sub);
}

#[test]
fn secret_hash_required_for_secret_clients() {
    let mut h =
        H::from_json(json!({"id": "us-east-1_Sec", "clients": [{"id": "c1", "secret": "s3cr3t"}]}));
    let m = h.err(
        "SignUp",
        json!({"ClientId": "c1", "Username": "bob", "Password": PW}),
        "NotAuthorizedException",
    );
    assert!(m.contains("SECRET_HASH was not received"), "{m}");
    h.err(
        "SignUp",
        json!({"ClientId": "c1", "Username": "bob", "Password": PW, "SecretHash": "AAAA"}),
        "NotAuthorizedException",
    );
    let sh = local_cognito::policy::secret_hash("s3cr3t", "bob", "c1");
    h.ok("SignUp", json!({"ClientId": "c1", "Username": "bob", "Password": PW, "SecretHash": sh, "UserAttributes": [{"Name": "email", "Value": "b@example.com"}]}));
    h.ok("AdminConfirmSignUp", json!({"UserPoolId": "us-east-1_Sec", "Username": "bob"}));
    h.err("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "bob", "PASSWORD": PW}}), "NotAuthorizedException");
    let out = h.ok("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "bob", "PASSWORD": PW, "SECRET_HASH": sh}}));
    tokens(&out);
}
