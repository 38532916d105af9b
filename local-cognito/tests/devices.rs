//! Device tracking: NewDeviceMetadata, ConfirmDevice, DEVICE_SRP_AUTH with a client-side
//! device SRP, MFA suppression, the device actions and their Admin forms, refresh.

mod common;
use base64::{engine::general_purpose::STANDARD, Engine};
use common::*;
use serde_json::{json, Value};

const DEVICE_PW: &str = "c2VjcmV0LWRldmljZS1wYXNzd29yZC0xMjM0NTY3ODkwYWJjZGVm";

/// A pool tracking devices (`None`: no DeviceConfiguration), MFA mode `mfa`, with user
/// `dora` (confirmed, email MFA enabled when `mfa` is not OFF).
fn pool(device: Option<Value>, mfa: &str) -> H {
    let mut cfg = json!({
        "id": "us-east-1_Dev", "mfa": mfa, "mfaTypes": ["EMAIL_OTP"],
        "clients": [{"id": "c1", "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
        "users": [
            {"username": "dora", "password": PW, "attributes": {"email": "dora@example.com", "email_verified": "true"}},
            {"username": "eve", "password": PW, "attributes": {"email": "eve@example.com", "email_verified": "true"}},
        ],
    });
    if let Some(d) = device {
        cfg["deviceConfiguration"] = d;
    }
    let mut h = H::from_json(cfg);
    h.client = "c1".into();
    if mfa != "OFF" {
        let p = h.pool.clone();
        h.ok("AdminSetUserMFAPreference", json!({"UserPoolId": p, "Username": "dora", "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}));
    }
    h
}

fn always() -> Option<Value> {
    Some(json!({"challengeRequiredOnNewDevice": true, "deviceOnlyRememberedOnUserPrompt": false}))
}

fn on_prompt() -> Option<Value> {
    Some(json!({"challengeRequiredOnNewDevice": true, "deviceOnlyRememberedOnUserPrompt": true}))
}

/// A first sign-in (answering email MFA if asked) that gets NewDeviceMetadata, then
/// ConfirmDevice. Returns (device secret, ConfirmDevice answer, sign-in result).
fn new_confirmed_device(h: &mut H, user: &str) -> (DeviceSecret, Value, Value) {
    let mut r = h.password_auth(user, PW).unwrap();
    if r["ChallengeName"] == "EMAIL_OTP" {
        let code = h.code(user, "MFA");
        r = h
            .respond("EMAIL_OTP", &r["Session"], json!({"USERNAME": user, "EMAIL_OTP_CODE": code}))
            .unwrap();
    }
    let dev = DeviceSecret::new(&r, DEVICE_PW);
    let access = tokens(&r)["AccessToken"].clone();
    let c = h.ok("ConfirmDevice", json!({"AccessToken": access, "DeviceKey": dev.key, "DeviceName": "laptop", "DeviceSecretVerifierConfig": dev.verifier_config()}));
    (dev, c, r)
}

/// DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → the answer.
fn device_srp(h: &mut H, ch: &Value, dev: &DeviceSecret) -> Result<Value, Err> {
    assert_eq!(ch["ChallengeName"], "DEVICE_SRP_AUTH", "{ch}");
    let client = SrpClient::new(&[0x37; 64]);
    let user = ch["ChallengeParameters"]["USERNAME"].clone();
    let v = h.respond(
        "DEVICE_SRP_AUTH",
        &ch["Session"],
        json!({"USERNAME": user, "DEVICE_KEY": dev.key, "SRP_A": client.a_hex()}),
    )?;
    assert_eq!(v["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    let p = &v["ChallengeParameters"];
    assert_eq!(p["DEVICE_KEY"], dev.key.as_str());
    assert_eq!(p["USERNAME"], user);
    for k in ["SRP_B", "SALT", "SECRET_BLOCK"] {
        assert!(p[k].as_str().is_some_and(|s| !s.is_empty()), "{k} in {p}");
    }
    let resp = client.respond_device(dev, p, h.now / 1000);
    h.respond("DEVICE_PASSWORD_VERIFIER", &v["Session"], resp)
}

fn password_auth_with_device(h: &mut H, user: &str, key: &str) -> Value {
    let c = h.client.clone();
    h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": user, "PASSWORD": PW, "DEVICE_KEY": key}}))
}

fn password_auth_with_key(h: &mut H, user: &str, key: &str) -> Result<Value, Err> {
    let c = h.client.clone();
    h.call("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": user, "PASSWORD": PW, "DEVICE_KEY": key}}))
}

fn assert_no_device(r: Result<Value, Err>) {
    let e = r.expect_err("a device key naming no device of the user");
    assert_eq!(e.status, 400);
    assert_eq!(e.code, "ResourceNotFoundException");
    assert_eq!(e.message, "Device does not exist.");
}

/// Device keys that name no tracked device of dora: unknown, eve's, forgotten, and one
/// issued to dora in NewDeviceMetadata but never confirmed.
fn bad_keys(h: &mut H) -> Vec<(&'static str, String)> {
    let (eve_dev, _, _) = new_confirmed_device(h, "eve");
    let (gone, _, r) = new_confirmed_device(h, "dora");
    let at = tokens(&r)["AccessToken"].clone();
    h.ok("ForgetDevice", json!({"AccessToken": at, "DeviceKey": gone.key}));
    let r = h.password_auth("dora", PW).unwrap();
    let unconfirmed = tokens(&r)["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap().to_string();
    vec![
        ("unknown", "us-east-1_00000000-0000-4000-8000-000000000000".to_string()),
        ("foreign", eve_dev.key),
        ("forgotten", gone.key),
        ("unconfirmed", unconfirmed),
    ]
}

/// USER_SRP_AUTH up to the PASSWORD_VERIFIER answer: (session, answer without DEVICE_KEY).
fn srp_to_verifier(h: &mut H, seed: u8, init_key: Option<&str>) -> (Value, Value) {
    let client = SrpClient::new(&[seed; 64]);
    let c = h.client.clone();
    let mut params = json!({"USERNAME": "dora", "SRP_A": client.a_hex()});
    if let Some(k) = init_key {
        params["DEVICE_KEY"] = json!(k);
    }
    let ch = h.ok(
        "InitiateAuth",
        json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": params}),
    );
    let resp = client.respond(&h.pool.clone(), &ch["ChallengeParameters"], PW, h.now / 1000);
    (ch["Session"].clone(), resp)
}

fn attr<'a>(device: &'a Value, name: &str) -> Option<&'a str> {
    device["DeviceAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == name)
        .and_then(|a| a["Value"].as_str())
}

#[test]
fn new_device_metadata_only_on_pools_tracking_devices() {
    let mut h = pool(None, "OFF");
    let r = h.password_auth("dora", PW).unwrap();
    assert!(tokens(&r).get("NewDeviceMetadata").is_none());
    assert!(claims(tokens(&r)["AccessToken"].as_str().unwrap()).get("device_key").is_none());
    // A DEVICE_KEY is ignored where devices are not tracked.
    let r = password_auth_with_device(&mut h, "dora", "us-east-1_whatever");
    assert!(tokens(&r).get("NewDeviceMetadata").is_none());

    let mut h = pool(always(), "OFF");
    let r = h.password_auth("dora", PW).unwrap();
    let m = &tokens(&r)["NewDeviceMetadata"];
    let key = m["DeviceKey"].as_str().unwrap();
    let (region, id) = key.split_once('_').unwrap();
    assert_eq!(region, "us-east-1");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{key}");
    let group = m["DeviceGroupKey"].as_str().unwrap();
    assert!(group.starts_with('-') && group.len() > 5, "{group}");
    assert!(group[1..].chars().all(|c| c.is_ascii_alphanumeric()));
    let access = claims(tokens(&r)["AccessToken"].as_str().unwrap());
    assert_eq!(access["device_key"], key);
    assert!(claims(tokens(&r)["IdToken"].as_str().unwrap()).get("device_key").is_none());
    // SRP sign-ins get one too, a new one each time without a DEVICE_KEY.
    let r2 = h.srp_sign_in("dora", PW).unwrap();
    let key2 = tokens(&r2)["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    assert_ne!(key2, key);
    // Not listed until confirmed and remembered, but tracked.
    let at = tokens(&r)["AccessToken"].clone();
    assert_eq!(h.ok("ListDevices", json!({"AccessToken": at}))["Devices"], json!([]));
    let d = h.ok("GetDevice", json!({"AccessToken": at, "DeviceKey": key}));
    assert_eq!(attr(&d["Device"], "dev:device_remembered_status"), Some("not_remembered"));
}

#[test]
fn confirm_device_remembered_at_once() {
    let mut h = pool(always(), "OFF");
    let (dev, c, r) = new_confirmed_device(&mut h, "dora");
    assert_eq!(c, json!({"UserConfirmationNecessary": false}));
    let at = tokens(&r)["AccessToken"].clone();
    let list = h.ok("ListDevices", json!({"AccessToken": at}));
    let devices = list["Devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1);
    assert!(list.get("PaginationToken").is_none());
    let d = &devices[0];
    assert_eq!(d["DeviceKey"], dev.key.as_str());
    assert_eq!(attr(d, "device_status"), Some("valid"));
    assert_eq!(attr(d, "device_name"), Some("laptop"));
    assert_eq!(attr(d, "dev:device_remembered_status"), Some("remembered"));
    assert_eq!(attr(d, "dev:device_owner"), Some("dora.us-east-1_Dev"));
    let t0 = (T0 / 1000) as f64;
    for k in ["DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate"] {
        assert_eq!(d[k].as_f64(), Some(t0), "{k}");
    }
}

#[test]
fn confirm_device_on_user_prompt_needs_update_device_status() {
    let mut h = pool(on_prompt(), "OFF");
    let (dev, c, r) = new_confirmed_device(&mut h, "dora");
    assert_eq!(c, json!({"UserConfirmationNecessary": true}));
    let at = tokens(&r)["AccessToken"].clone();
    assert_eq!(h.ok("ListDevices", json!({"AccessToken": at}))["Devices"], json!([]));
    h.advance(10);
    let u = h.ok(
        "UpdateDeviceStatus",
        json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceRememberedStatus": "remembered"}),
    );
    assert_eq!(u, json!({}));
    let list = h.ok("ListDevices", json!({"AccessToken": at}));
    assert_eq!(list["Devices"][0]["DeviceKey"], dev.key.as_str());
    let d = &list["Devices"][0];
    assert_eq!(d["DeviceLastModifiedDate"].as_f64(), Some((T0 / 1000 + 10) as f64));
    h.err(
        "UpdateDeviceStatus",
        json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceRememberedStatus": "maybe"}),
        "InvalidParameterException",
    );
    h.ok("UpdateDeviceStatus", json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceRememberedStatus": "not_remembered"}));
    assert_eq!(h.ok("ListDevices", json!({"AccessToken": at}))["Devices"], json!([]));
}

#[test]
fn confirm_device_errors() {
    let mut h = pool(always(), "OFF");
    let r = h.password_auth("dora", PW).unwrap();
    let dev = DeviceSecret::new(&r, DEVICE_PW);
    let at = tokens(&r)["AccessToken"].clone();
    let eve = h.password_auth("eve", PW).unwrap();
    let eve_at = tokens(&eve)["AccessToken"].clone();
    let cfg = dev.verifier_config();
    // Another user's device, an unknown one.
    let m = h.err(
        "ConfirmDevice",
        json!({"AccessToken": eve_at, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": cfg}),
        "ResourceNotFoundException",
    );
    assert_eq!(m, "Device does not exist.");
    h.err("ConfirmDevice", json!({"AccessToken": at, "DeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000", "DeviceSecretVerifierConfig": cfg}), "ResourceNotFoundException");
    // No verifier, a broken one.
    h.err(
        "ConfirmDevice",
        json!({"AccessToken": at, "DeviceKey": dev.key}),
        "InvalidParameterException",
    );
    h.err("ConfirmDevice", json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": {"Salt": cfg["Salt"]}}), "InvalidParameterException");
    h.err("ConfirmDevice", json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": {"Salt": "%%%", "PasswordVerifier": cfg["PasswordVerifier"]}}), "InvalidParameterException");
    h.err(
        "ConfirmDevice",
        json!({"AccessToken": "nope", "DeviceKey": dev.key, "DeviceSecretVerifierConfig": cfg}),
        "NotAuthorizedException",
    );
    h.ok(
        "ConfirmDevice",
        json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": cfg}),
    );
    h.err(
        "ConfirmDevice",
        json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": cfg}),
        "InvalidParameterException",
    );
}

#[test]
fn device_srp_auth_after_srp_and_password_sign_in() {
    let mut h = pool(always(), "OFF");
    let (dev, _, _) = new_confirmed_device(&mut h, "dora");
    h.advance(60);
    // USER_SRP_AUTH with DEVICE_KEY: PASSWORD_VERIFIER, then the device challenge.
    let client = SrpClient::new(&[0x42; 64]);
    let c = h.client.clone();
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "dora", "SRP_A": client.a_hex(), "DEVICE_KEY": dev.key}}));
    let resp = client.respond(&h.pool.clone(), &ch["ChallengeParameters"], PW, h.now / 1000);
    let ch = h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap();
    assert_eq!(ch["ChallengeParameters"]["USERNAME"], "dora");
    let r = device_srp(&mut h, &ch, &dev).unwrap();
    assert!(tokens(&r).get("NewDeviceMetadata").is_none());
    assert_eq!(claims(tokens(&r)["AccessToken"].as_str().unwrap())["device_key"], dev.key.as_str());
    let at = tokens(&r)["AccessToken"].clone();
    let d = h.ok("GetDevice", json!({"AccessToken": at, "DeviceKey": dev.key}));
    assert_eq!(d["Device"]["DeviceLastAuthenticatedDate"].as_f64(), Some((T0 / 1000 + 60) as f64));
    // DEVICE_KEY sent with the PASSWORD_VERIFIER answer only (as Amplify also does).
    let client = SrpClient::new(&[0x43; 64]);
    let ch = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "dora", "SRP_A": client.a_hex()}}));
    let mut resp = client.respond(&h.pool.clone(), &ch["ChallengeParameters"], PW, h.now / 1000);
    resp["DEVICE_KEY"] = json!(dev.key);
    let ch = h.respond("PASSWORD_VERIFIER", &ch["Session"], resp).unwrap();
    tokens(&device_srp(&mut h, &ch, &dev).unwrap());
    // USER_PASSWORD_AUTH.
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    tokens(&device_srp(&mut h, &ch, &dev).unwrap());
}

#[test]
fn wrong_device_secret_is_refused() {
    let mut h = pool(always(), "OFF");
    let (dev, _, _) = new_confirmed_device(&mut h, "dora");
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    let wrong = DeviceSecret { password: "not-the-device-password".into(), ..dev.clone() };
    let e = device_srp(&mut h, &ch, &wrong).unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    assert_eq!(e.message, "Incorrect username or password.");
    // The group key is part of the proof too.
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    let wrong = DeviceSecret { group_key: "-otherGroup".into(), ..dev.clone() };
    assert_eq!(device_srp(&mut h, &ch, &wrong).unwrap_err().code, "NotAuthorizedException");
    // Another device key in the answers.
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    let c = h.client.clone();
    let e = h.call("RespondToAuthChallenge", json!({"ClientId": c, "ChallengeName": "DEVICE_SRP_AUTH", "Session": ch["Session"], "ChallengeResponses": {"USERNAME": "dora", "DEVICE_KEY": "us-east-1_other", "SRP_A": SrpClient::new(&[1; 32]).a_hex()}})).unwrap_err();
    assert_eq!(e.code, "ResourceNotFoundException");
    // And the right secret still works.
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    tokens(&device_srp(&mut h, &ch, &dev).unwrap());
}

#[test]
fn remembered_device_skips_mfa_when_pool_trusts_it() {
    let mut h = pool(always(), "ON");
    let (dev, c, _) = new_confirmed_device(&mut h, "dora");
    assert_eq!(c["UserConfirmationNecessary"], false);
    let before = h.emu.inbox(Some("dora"), None).len();
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    let r = device_srp(&mut h, &ch, &dev).unwrap();
    tokens(&r);
    assert_eq!(h.emu.inbox(Some("dora"), None).len(), before, "no MFA code was sent");
    // Without the device key: MFA again, and a new device.
    let r = h.password_auth("dora", PW).unwrap();
    assert_eq!(r["ChallengeName"], "EMAIL_OTP");
}

#[test]
fn mfa_is_asked_for_a_device_not_remembered_or_not_trusted() {
    // Confirmed but not remembered (user prompt, no UpdateDeviceStatus): MFA, then the
    // device challenge.
    let mut h = pool(on_prompt(), "ON");
    let (dev, _, _) = new_confirmed_device(&mut h, "dora");
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    assert_eq!(ch["ChallengeName"], "EMAIL_OTP");
    let code = h.code("dora", "MFA");
    let ch = h
        .respond(
            "EMAIL_OTP",
            &ch["Session"],
            json!({"USERNAME": "dora", "EMAIL_OTP_CODE": code, "DEVICE_KEY": dev.key}),
        )
        .unwrap();
    let r = device_srp(&mut h, &ch, &dev).unwrap();
    assert!(tokens(&r).get("NewDeviceMetadata").is_none());
    // Remembered, but the pool does not let devices replace MFA.
    let mut h = pool(
        Some(
            json!({"challengeRequiredOnNewDevice": false, "deviceOnlyRememberedOnUserPrompt": false}),
        ),
        "ON",
    );
    let (dev, c, _) = new_confirmed_device(&mut h, "dora");
    assert_eq!(c["UserConfirmationNecessary"], false);
    let ch = password_auth_with_device(&mut h, "dora", &dev.key);
    assert_eq!(ch["ChallengeName"], "EMAIL_OTP");
}

#[test]
fn forgotten_device_cannot_sign_in_or_refresh() {
    let mut h = pool(always(), "OFF");
    let (dev, _, r) = new_confirmed_device(&mut h, "dora");
    let at = tokens(&r)["AccessToken"].clone();
    let rt = tokens(&r)["RefreshToken"].clone();
    let c = h.client.clone();
    h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": rt, "DEVICE_KEY": dev.key}}));
    assert_eq!(h.ok("ForgetDevice", json!({"AccessToken": at, "DeviceKey": dev.key})), json!({}));
    h.err(
        "ForgetDevice",
        json!({"AccessToken": at, "DeviceKey": dev.key}),
        "ResourceNotFoundException",
    );
    h.err(
        "GetDevice",
        json!({"AccessToken": at, "DeviceKey": dev.key}),
        "ResourceNotFoundException",
    );
    // Signing in with the key: "Device does not exist."; without it, a new device.
    let e = password_auth_with_key(&mut h, "dora", &dev.key).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ResourceNotFoundException", "Device does not exist.")
    );
    let r = h.password_auth("dora", PW).unwrap();
    let fresh = tokens(&r)["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    assert_ne!(fresh, dev.key);
    let m = h.err("InitiateAuth", json!({"ClientId": c, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": rt, "DEVICE_KEY": dev.key}}), "NotAuthorizedException");
    assert_eq!(m, "Invalid Refresh Token");
}

#[test]
fn refresh_keeps_the_device_and_needs_its_key() {
    let mut h = pool(always(), "OFF");
    let (dev, _, r) = new_confirmed_device(&mut h, "dora");
    let rt = tokens(&r)["RefreshToken"].clone();
    let c = h.client.clone();
    h.advance(5);
    let out = h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": rt, "DEVICE_KEY": dev.key}}));
    assert!(tokens(&out).get("NewDeviceMetadata").is_none());
    assert_eq!(
        claims(tokens(&out)["AccessToken"].as_str().unwrap())["device_key"],
        dev.key.as_str()
    );
    let out = h.ok(
        "GetTokensFromRefreshToken",
        json!({"ClientId": c, "RefreshToken": rt, "DeviceKey": dev.key}),
    );
    assert_eq!(
        claims(tokens(&out)["AccessToken"].as_str().unwrap())["device_key"],
        dev.key.as_str()
    );
    // Without the key, or with another device's, the refresh token is refused.
    h.err("InitiateAuth", json!({"ClientId": c, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": rt}}), "NotAuthorizedException");
    h.err(
        "GetTokensFromRefreshToken",
        json!({"ClientId": c, "RefreshToken": rt, "DeviceKey": "us-east-1_other"}),
        "NotAuthorizedException",
    );
    // A pool without device tracking ignores DEVICE_KEY.
    let mut h = pool(None, "OFF");
    let r = h.password_auth("dora", PW).unwrap();
    let rt = tokens(&r)["RefreshToken"].clone();
    let c = h.client.clone();
    h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": rt, "DEVICE_KEY": "us-east-1_x"}}));
}

#[test]
fn admin_device_actions_and_pagination() {
    let mut h = pool(always(), "OFF");
    let (d1, _, _) = new_confirmed_device(&mut h, "dora");
    h.advance(1);
    let (d2, _, r) = new_confirmed_device(&mut h, "dora");
    let p = h.pool.clone();
    let list = h.ok("AdminListDevices", json!({"UserPoolId": p, "Username": "dora", "Limit": 1}));
    assert_eq!(list["Devices"].as_array().unwrap().len(), 1);
    assert_eq!(list["Devices"][0]["DeviceKey"], d1.key.as_str());
    let token = list["PaginationToken"].clone();
    assert!(token.is_string());
    let list = h.ok(
        "AdminListDevices",
        json!({"UserPoolId": p, "Username": "dora", "Limit": 1, "PaginationToken": token}),
    );
    assert_eq!(list["Devices"][0]["DeviceKey"], d2.key.as_str());
    assert!(list.get("PaginationToken").is_none());
    h.err(
        "AdminListDevices",
        json!({"UserPoolId": p, "Username": "dora", "PaginationToken": "bogus"}),
        "InvalidParameterException",
    );
    h.err(
        "AdminListDevices",
        json!({"UserPoolId": p, "Username": "dora", "Limit": 61}),
        "InvalidParameterException",
    );
    let at = tokens(&r)["AccessToken"].clone();
    assert_eq!(
        h.ok("ListDevices", json!({"AccessToken": at, "Limit": 60}))["Devices"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let g =
        h.ok("AdminGetDevice", json!({"UserPoolId": p, "Username": "dora", "DeviceKey": d1.key}));
    assert_eq!(attr(&g["Device"], "dev:device_remembered_status"), Some("remembered"));
    h.err(
        "AdminGetDevice",
        json!({"UserPoolId": p, "Username": "eve", "DeviceKey": d1.key}),
        "ResourceNotFoundException",
    );
    h.ok("AdminUpdateDeviceStatus", json!({"UserPoolId": p, "Username": "dora", "DeviceKey": d1.key, "DeviceRememberedStatus": "not_remembered"}));
    let g =
        h.ok("AdminGetDevice", json!({"UserPoolId": p, "Username": "dora", "DeviceKey": d1.key}));
    assert_eq!(attr(&g["Device"], "dev:device_remembered_status"), Some("not_remembered"));
    let list = h.ok("AdminListDevices", json!({"UserPoolId": p, "Username": "dora"}));
    assert_eq!(list["Devices"].as_array().unwrap().len(), 1);
    h.ok("AdminForgetDevice", json!({"UserPoolId": p, "Username": "dora", "DeviceKey": d2.key}));
    assert_eq!(
        h.ok("AdminListDevices", json!({"UserPoolId": p, "Username": "dora"}))["Devices"],
        json!([])
    );
    h.err(
        "AdminForgetDevice",
        json!({"UserPoolId": p, "Username": "dora", "DeviceKey": d2.key}),
        "ResourceNotFoundException",
    );
    h.err(
        "AdminGetDevice",
        json!({"UserPoolId": p, "Username": "nobody", "DeviceKey": d1.key}),
        "UserNotFoundException",
    );
    // Deleting the user drops its devices.
    h.ok("AdminDeleteUser", json!({"UserPoolId": p, "Username": "dora"}));
    h.ok(
        "AdminCreateUser",
        json!({"UserPoolId": p, "Username": "dora", "MessageAction": "SUPPRESS"}),
    );
    h.err(
        "AdminGetDevice",
        json!({"UserPoolId": p, "Username": "dora", "DeviceKey": d1.key}),
        "ResourceNotFoundException",
    );
}

#[test]
fn device_configuration_from_create_user_pool() {
    let mut h = H::new();
    let out = h.ok("CreateUserPool", json!({"PoolName": "api", "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true}}));
    let pool_id = out["UserPool"]["Id"].as_str().unwrap().to_string();
    let c = h.ok("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}));
    h.client = c["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    h.ok(
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": "api", "MessageAction": "SUPPRESS"}),
    );
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool_id, "Username": "api", "Password": PW, "Permanent": true}),
    );
    let r = h.password_auth("api", PW).unwrap();
    let dev = DeviceSecret::new(&r, DEVICE_PW);
    let at = tokens(&r)["AccessToken"].clone();
    let c = h.ok("ConfirmDevice", json!({"AccessToken": at, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": dev.verifier_config()}));
    assert_eq!(c["UserConfirmationNecessary"], true);
    // Turning it off with UpdateUserPool stops NewDeviceMetadata.
    h.ok("UpdateUserPool", json!({"UserPoolId": pool_id}));
    let r = h.password_auth("api", PW).unwrap();
    assert!(tokens(&r).get("NewDeviceMetadata").is_none());
}

#[test]
fn device_key_of_no_device_of_the_user_is_resource_not_found() {
    let mut h = pool(always(), "OFF");
    let keys = bad_keys(&mut h);
    for (i, (what, key)) in keys.iter().enumerate() {
        // USER_PASSWORD_AUTH: the error, then the same InitiateAuth without the key.
        assert_no_device(password_auth_with_key(&mut h, "dora", key));
        let r = h.password_auth("dora", PW).unwrap();
        let fresh = tokens(&r)["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
        assert_ne!(fresh, key.as_str(), "{what}");

        // PASSWORD_VERIFIER with DEVICE_KEY (as Amplify sends it): the error, and the same
        // answer without the key on the same Session signs in (Amplify's retry).
        let (session, resp) = srp_to_verifier(&mut h, 0x50 + i as u8, None);
        let mut with_key = resp.clone();
        with_key["DEVICE_KEY"] = json!(key);
        assert_no_device(h.respond("PASSWORD_VERIFIER", &session, with_key.clone()));
        // Again with the key: still the error, still the same session.
        assert_no_device(h.respond("PASSWORD_VERIFIER", &session, with_key));
        let r = h.respond("PASSWORD_VERIFIER", &session, resp.clone()).unwrap();
        let fresh = tokens(&r)["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
        assert_ne!(fresh, key.as_str(), "{what}");
        // The session is spent once it succeeded.
        let e = h.respond("PASSWORD_VERIFIER", &session, resp).unwrap_err();
        assert_eq!(e.code, "NotAuthorizedException", "{what}");

        // The key sent with InitiateAuth only: checked at PASSWORD_VERIFIER, and dropped
        // from the session by the failure, so the retry without it goes through.
        let (session, resp) = srp_to_verifier(&mut h, 0x60 + i as u8, Some(key));
        assert_no_device(h.respond("PASSWORD_VERIFIER", &session, resp.clone()));
        tokens(&h.respond("PASSWORD_VERIFIER", &session, resp).unwrap());
    }
}

#[test]
fn device_key_errors_come_after_the_password_and_never_lock_out() {
    let mut h = pool(always(), "OFF");
    let key = "us-east-1_00000000-0000-4000-8000-000000000000";
    // A wrong password is reported (and counted) as such, with or without a device key.
    let c = h.client.clone();
    let e = h.call("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "dora", "PASSWORD": "Wr0ng-password", "DEVICE_KEY": key}})).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
    let (session, mut resp) = srp_to_verifier(&mut h, 0x70, None);
    resp["PASSWORD_CLAIM_SIGNATURE"] = json!(STANDARD.encode([0u8; 32]));
    resp["DEVICE_KEY"] = json!(key);
    let e = h.respond("PASSWORD_VERIFIER", &session, resp).unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    // Many wrong keys with the right password: never "Password attempts exceeded".
    for i in 0..12u8 {
        assert_no_device(password_auth_with_key(&mut h, "dora", key));
        let (session, mut resp) = srp_to_verifier(&mut h, 0x80 + i, None);
        resp["DEVICE_KEY"] = json!(key);
        assert_no_device(h.respond("PASSWORD_VERIFIER", &session, resp));
    }
    tokens(&h.password_auth("dora", PW).unwrap());
    // Where the pool does not track devices, a DEVICE_KEY is ignored.
    let mut h = pool(None, "OFF");
    tokens(&password_auth_with_key(&mut h, "dora", key).unwrap());
}

#[test]
fn custom_auth_checks_the_device_key_at_initiate_auth_and_each_answer() {
    let mut h = H::from_json(json!({
        "id": "us-east-1_DevC", "customAuth": {"rounds": [{"publicChallengeParameters": {"q": "2+2"}, "answer": "4"}]},
        "deviceConfiguration": {"challengeRequiredOnNewDevice": true, "deviceOnlyRememberedOnUserPrompt": false},
        "clients": [{"id": "c1"}],
    }));
    h.client = "c1".into();
    h.confirmed_user("cat");
    let key = "us-east-1_00000000-0000-4000-8000-000000000000";
    let init = |k: Option<&str>| {
        let mut p = json!({"USERNAME": "cat"});
        if let Some(k) = k {
            p["DEVICE_KEY"] = json!(k);
        }
        json!({"ClientId": "c1", "AuthFlow": "CUSTOM_AUTH", "AuthParameters": p})
    };
    assert_no_device(h.call("InitiateAuth", init(Some(key))));
    let ch = h.ok("InitiateAuth", init(None));
    assert_eq!(ch["ChallengeName"], "CUSTOM_CHALLENGE");
    // The answer with the key: the error, before the answer is judged; the same answer
    // without it on the same Session signs in and gets a new device.
    let with_key = json!({"USERNAME": "cat", "ANSWER": "4", "DEVICE_KEY": key});
    assert_no_device(h.respond("CUSTOM_CHALLENGE", &ch["Session"], with_key));
    let r =
        h.respond("CUSTOM_CHALLENGE", &ch["Session"], json!({"USERNAME": "cat", "ANSWER": "4"}));
    let r = r.unwrap();
    assert!(tokens(&r)["NewDeviceMetadata"]["DeviceKey"].is_string());
}
