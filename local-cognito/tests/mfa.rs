mod common;
use common::*;
use local_cognito::totp_code;
use serde_json::{json, Value};

fn admin_user(h: &mut H, name: &str, attrs: Value) {
    let mut list = vec![
        json!({"Name": "email", "Value": format!("{name}@example.com")}),
        json!({"Name": "email_verified", "Value": "true"}),
    ];
    for (k, v) in attrs.as_object().unwrap() {
        list.push(json!({"Name": k, "Value": v}));
    }
    h.ok("AdminCreateUser", json!({"UserPoolId": h.pool, "Username": name, "MessageAction": "SUPPRESS", "UserAttributes": list}));
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": h.pool, "Username": name, "Password": PW, "Permanent": true}),
    );
}

fn pool(mfa: &str, types: Value) -> H {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Mfa", "mfa": mfa, "mfaTypes": types, "clients": [{"id": "c1"}]}),
    );
    h.client = "c1".into();
    h
}

#[test]
fn mfa_setup_totp_with_session() {
    let mut h = pool("ON", json!(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]));
    admin_user(&mut h, "tim", json!({}));
    let ch = h.password_auth("tim", PW).unwrap();
    assert_eq!(ch["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        ch["ChallengeParameters"]["MFAS_CAN_SETUP"],
        "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"
    );
    // MFA_SETUP without a verified token fails.
    let e = h.respond("MFA_SETUP", &ch["Session"], json!({"USERNAME": "tim"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterException");
    let ch = h.password_auth("tim", PW).unwrap();
    let assoc = h.ok("AssociateSoftwareToken", json!({"Session": ch["Session"]}));
    let secret = assoc["SecretCode"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 32);
    let bad = totp_code(&secret, h.now - 600_000).unwrap();
    let e = h.err(
        "VerifySoftwareToken",
        json!({"Session": assoc["Session"], "UserCode": bad}),
        "EnableSoftwareTokenMFAException",
    );
    assert_eq!(e, "Code mismatch and fail enable Software Token MFA");
    // The session survives a wrong code; ±1 step is accepted.
    let code = totp_code(&secret, h.now - 30_000).unwrap();
    let v = h.ok(
        "VerifySoftwareToken",
        json!({"Session": assoc["Session"], "UserCode": code, "FriendlyDeviceName": "phone"}),
    );
    assert_eq!(v["Status"], "SUCCESS");
    tokens(&h.respond("MFA_SETUP", &v["Session"], json!({"USERNAME": "tim"})).unwrap());
    // Next sign-in: SOFTWARE_TOKEN_MFA.
    let ch = h.password_auth("tim", PW).unwrap();
    assert_eq!(ch["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let e = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &ch["Session"],
            json!({"USERNAME": "tim", "SOFTWARE_TOKEN_MFA_CODE": bad}),
        )
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("CodeMismatchException", "Invalid code or auth state for the user.")
    );
    let code = totp_code(&secret, h.now + 30_000).unwrap();
    tokens(
        &h.respond(
            "SOFTWARE_TOKEN_MFA",
            &ch["Session"],
            json!({"USERNAME": "tim", "SOFTWARE_TOKEN_MFA_CODE": code}),
        )
        .unwrap(),
    );
    let code = totp_code(&secret, h.now + 90_000).unwrap();
    let ch = h.password_auth("tim", PW).unwrap();
    assert!(h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &ch["Session"],
            json!({"USERNAME": "tim", "SOFTWARE_TOKEN_MFA_CODE": code})
        )
        .is_err());
}

#[test]
fn mfa_setup_email() {
    let mut h = pool("ON", json!(["EMAIL_OTP"]));
    h.ok(
        "AdminCreateUser",
        json!({"UserPoolId": h.pool, "Username": "em", "MessageAction": "SUPPRESS"}),
    );
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": h.pool, "Username": "em", "Password": PW, "Permanent": true}),
    );
    let ch = h.password_auth("em", PW).unwrap();
    assert_eq!(ch["ChallengeParameters"]["MFAS_CAN_SETUP"], "[\"EMAIL_OTP\"]");
    h.err("AssociateSoftwareToken", json!({"Session": ch["Session"]}), "NotAuthorizedException");
    let ch = h.password_auth("em", PW).unwrap();
    let otp = h
        .respond("MFA_SETUP", &ch["Session"], json!({"USERNAME": "em", "EMAIL": "em@example.org"}))
        .unwrap();
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");
    assert_eq!(otp["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"], "e***@e***");
    let code = h.code("em", "MFA");
    tokens(
        &h.respond("EMAIL_OTP", &otp["Session"], json!({"USERNAME": "em", "EMAIL_OTP_CODE": code}))
            .unwrap(),
    );
    let u = h.ok("AdminGetUser", json!({"UserPoolId": h.pool, "Username": "em"}));
    assert_eq!(u["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert_eq!(u["PreferredMfaSetting"], "EMAIL_OTP");
    let ch = h.password_auth("em", PW).unwrap();
    assert_eq!(ch["ChallengeName"], "EMAIL_OTP");
}

#[test]
fn sms_mfa_default_for_phone_users_when_required() {
    let mut h = pool("ON", json!(["SMS_MFA"]));
    admin_user(&mut h, "sam", json!({"phone_number": "+15555550199"}));
    let ch = h.password_auth("sam", PW).unwrap();
    assert_eq!(ch["ChallengeName"], "SMS_MFA");
    assert_eq!(ch["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    let code = h.code("sam", "MFA");
    let msg = h.emu.inbox(Some("sam"), None).pop().unwrap();
    assert_eq!((msg.medium.as_str(), msg.destination.as_str()), ("SMS", "+15555550199"));
    tokens(
        &h.respond("SMS_MFA", &ch["Session"], json!({"USERNAME": "sam", "SMS_MFA_CODE": code}))
            .unwrap(),
    );
}

#[test]
fn optional_mfa_select_type_and_preferences() {
    let mut h = pool("OPTIONAL", json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]));
    admin_user(&mut h, "opt", json!({"phone_number": "+15555550111"}));
    let t = h.password_auth("opt", PW).unwrap();
    let access = tokens(&t)["AccessToken"].clone();
    // Enabling TOTP needs a verified token.
    h.err(
        "SetUserMFAPreference",
        json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true}}),
        "SoftwareTokenMFANotFoundException",
    );
    let a = h.ok("AssociateSoftwareToken", json!({"AccessToken": access}));
    let secret = a["SecretCode"].as_str().unwrap().to_string();
    h.err(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": "000000x"}),
        "EnableSoftwareTokenMFAException",
    );
    let code = totp_code(&secret, h.now).unwrap();
    assert_eq!(
        h.ok("VerifySoftwareToken", json!({"AccessToken": access, "UserCode": code}))["Status"],
        "SUCCESS"
    );
    // Verified but not enabled: no MFA yet.
    tokens(&h.password_auth("opt", PW).unwrap());
    h.ok("SetUserMFAPreference", json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true}, "SMSMfaSettings": {"Enabled": true}}));
    let u = h.ok("GetUser", json!({"AccessToken": access}));
    assert_eq!(u["UserMFASettingList"], json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]));
    assert!(u.get("PreferredMfaSetting").is_none());
    let ch = h.password_auth("opt", PW).unwrap();
    assert_eq!(ch["ChallengeName"], "SELECT_MFA_TYPE");
    assert_eq!(
        ch["ChallengeParameters"]["MFAS_CAN_CHOOSE"],
        "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"
    );
    h.respond("SELECT_MFA_TYPE", &ch["Session"], json!({"USERNAME": "opt", "ANSWER": "EMAIL_OTP"}))
        .unwrap_err();
    let ch = h.password_auth("opt", PW).unwrap();
    let sms = h
        .respond("SELECT_MFA_TYPE", &ch["Session"], json!({"USERNAME": "opt", "ANSWER": "SMS_MFA"}))
        .unwrap();
    assert_eq!(sms["ChallengeName"], "SMS_MFA");
    let code = h.code("opt", "MFA");
    tokens(
        &h.respond("SMS_MFA", &sms["Session"], json!({"USERNAME": "opt", "SMS_MFA_CODE": code}))
            .unwrap(),
    );
    // Preferred TOTP skips selection; admin can switch preference.
    h.ok("SetUserMFAPreference", json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}));
    assert_eq!(h.password_auth("opt", PW).unwrap()["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    h.ok("AdminSetUserMFAPreference", json!({"UserPoolId": h.pool, "Username": "opt", "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}));
    assert_eq!(h.password_auth("opt", PW).unwrap()["ChallengeName"], "SMS_MFA");
    h.ok("AdminSetUserMFAPreference", json!({"UserPoolId": h.pool, "Username": "opt", "SMSMfaSettings": {"Enabled": false}, "SoftwareTokenMfaSettings": {"Enabled": false}}));
    tokens(&h.password_auth("opt", PW).unwrap());
    h.err("AdminSetUserMFAPreference", json!({"UserPoolId": h.pool, "Username": "opt", "EmailMfaSettings": {"Enabled": false, "PreferredMfa": true}}), "InvalidParameterException");
}

#[test]
fn mfa_off_and_passwordless_first_factor_skip_mfa() {
    let mut h = pool("OPTIONAL", json!(["EMAIL_OTP"]));
    admin_user(&mut h, "pf", json!({}));
    h.ok("AdminSetUserMFAPreference", json!({"UserPoolId": h.pool, "Username": "pf", "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}));
    assert_eq!(h.password_auth("pf", PW).unwrap()["ChallengeName"], "EMAIL_OTP");
    let ch = h.ok("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "pf", "PREFERRED_CHALLENGE": "EMAIL_OTP"}}));
    let code = h.code("pf", "SIGN_IN_OTP");
    tokens(
        &h.respond("EMAIL_OTP", &ch["Session"], json!({"USERNAME": "pf", "EMAIL_OTP_CODE": code}))
            .unwrap(),
    );
    let mut off = pool("OFF", json!(["EMAIL_OTP"]));
    admin_user(&mut off, "pf", json!({}));
    off.ok(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": off.pool, "Username": "pf", "EmailMfaSettings": {"Enabled": true}}),
    );
    tokens(&off.password_auth("pf", PW).unwrap());
}

#[test]
fn new_password_required_then_mfa_setup() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Np", "mfa": "ON", "mfaTypes": ["SOFTWARE_TOKEN_MFA"], "requiredAttributes": ["name"], "clients": [{"id": "c1"}]}),
    );
    h.client = "c1".into();
    let out = h.ok("AdminCreateUser", json!({"UserPoolId": h.pool, "Username": "newbie", "UserAttributes": [{"Name": "email", "Value": "n@example.com"}]}));
    assert_eq!(out["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(out["User"]["Enabled"], true);
    let msg = h.emu.inbox(Some("newbie"), None).pop().unwrap();
    assert_eq!((msg.purpose.as_str(), msg.medium.as_str()), ("INVITATION", "EMAIL"));
    let temp = msg.code.clone();
    let ch = h.srp_sign_in("newbie", &temp).unwrap();
    assert_eq!(ch["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(ch["ChallengeParameters"]["requiredAttributes"], "[\"userAttributes.name\"]");
    let ua: Value =
        serde_json::from_str(ch["ChallengeParameters"]["userAttributes"].as_str().unwrap())
            .unwrap();
    assert_eq!(ua["email"], "n@example.com");
    let e = h
        .respond(
            "NEW_PASSWORD_REQUIRED",
            &ch["Session"],
            json!({"USERNAME": "newbie", "NEW_PASSWORD": "NewPassw0rd!"}),
        )
        .unwrap_err();
    assert_eq!(e.code, "InvalidParameterException");
    let ch = h.srp_sign_in("newbie", &temp).unwrap();
    let e = h
        .respond(
            "NEW_PASSWORD_REQUIRED",
            &ch["Session"],
            json!({"USERNAME": "newbie", "NEW_PASSWORD": "weak", "userAttributes.name": "N"}),
        )
        .unwrap_err();
    assert_eq!(e.code, "InvalidPasswordException");
    // The session survives a validation error.
    let setup = h.respond("NEW_PASSWORD_REQUIRED", &ch["Session"], json!({"USERNAME": "newbie", "NEW_PASSWORD": "NewPassw0rd!", "userAttributes.name": "N"})).unwrap();
    assert_eq!(setup["ChallengeName"], "MFA_SETUP");
    let a = h.ok("AssociateSoftwareToken", json!({"Session": setup["Session"]}));
    let code = totp_code(a["SecretCode"].as_str().unwrap(), h.now).unwrap();
    let v = h.ok("VerifySoftwareToken", json!({"Session": a["Session"], "UserCode": code}));
    tokens(&h.respond("MFA_SETUP", &v["Session"], json!({"USERNAME": "newbie"})).unwrap());
    assert_eq!(
        h.srp_sign_in("newbie", "NewPassw0rd!").unwrap()["ChallengeName"],
        "SOFTWARE_TOKEN_MFA"
    );
    assert_eq!(h.srp_sign_in("newbie", &temp).unwrap_err().code, "NotAuthorizedException");
}

#[test]
fn temporary_password_expires() {
    let mut h = H::new();
    h.ok("AdminCreateUser", json!({"UserPoolId": h.pool, "Username": "late", "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}));
    h.advance(8 * 86400);
    let e = h.password_auth("late", "Temp0rary!").unwrap_err();
    assert_eq!(e.message, "Temporary password has expired and must be reset by an administrator.");
}
