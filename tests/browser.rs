//! The exported JS API in headless Chromium, against a live local Cognito over HTTP (URL and
//! ids fixed at compile time by scripts/test.sh). Codes come from the emulator's dev inbox.
#![cfg(target_arch = "wasm32")]

use cognito_wasm::api::{self, AuthClient};
use js_sys::{Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ENDPOINT: &str = match option_env!("LOCAL_COGNITO_ENDPOINT") {
    Some(e) => e,
    None => "http://127.0.0.1:9229",
};
const POOL_ID: &str = match option_env!("LOCAL_COGNITO_POOL_ID") {
    Some(e) => e,
    None => "us-east-1_LocalPool1",
};
const CLIENT_ID: &str = match option_env!("LOCAL_COGNITO_CLIENT_ID") {
    Some(e) => e,
    None => "localclient00000000000000001",
};

const IDENTITY_POOL_ID: &str = match option_env!("LOCAL_COGNITO_IDENTITY_POOL_ID") {
    Some(e) => e,
    None => "us-east-1:10ca1c09-0000-4000-8000-000000000001",
};

#[wasm_bindgen(module = "/tests/browser_helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = getJson)]
    fn get_json(url: &str) -> Promise;
    #[wasm_bindgen(js_name = postJson)]
    fn post_json(url: &str, body: JsValue) -> Promise;
    #[wasm_bindgen(js_name = clearStorage)]
    fn clear_storage();
    #[wasm_bindgen(js_name = storageKeys)]
    fn storage_keys() -> Vec<String>;
    #[wasm_bindgen(js_name = localItem)]
    fn local_item(k: &str) -> Option<String>;
    #[wasm_bindgen(js_name = setLocalItem)]
    fn set_local_item(k: &str, v: &str);
    #[wasm_bindgen(js_name = shiftPageClock)]
    fn shift_page_clock(ms: f64);
    fn uniq(prefix: &str) -> String;
    fn sleep(ms: u32) -> Promise;
    #[wasm_bindgen(js_name = failSetItem)]
    fn fail_set_item(key: &str);
    #[wasm_bindgen(js_name = restoreSetItem)]
    fn restore_set_item();
    #[wasm_bindgen(js_name = recordConsole)]
    fn record_console();
    #[wasm_bindgen(js_name = stopConsole)]
    fn stop_console() -> Vec<String>;
    #[wasm_bindgen(js_name = isError)]
    fn is_error(e: &JsValue) -> bool;
    #[wasm_bindgen(js_name = callUri)]
    fn call_uri(details: &JsValue, app: &str, account: Option<String>) -> String;
}

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |v, k| Reflect::get(&v, &k.into()).unwrap_or(JsValue::UNDEFINED))
}

fn s(v: &JsValue, path: &str) -> String {
    get(v, path).as_string().unwrap_or_else(|| panic!("{path} is not a string"))
}

async fn ok(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("rejected: {} {}", s(&e, "name"), s(&e, "message")),
    }
}

async fn err(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("resolved: {:?}", JSON::stringify(&v).ok()),
        Err(e) => e,
    }
}

fn config_json(endpoint: &str, pool: &str, client: &str) -> String {
    format!(
        r#"{{"Auth":{{"Cognito":{{"userPoolId":"{pool}","userPoolClientId":"{client}","userPoolEndpoint":"{endpoint}"}}}}}}"#
    )
}

fn client() -> AuthClient {
    clear_storage();
    AuthClient::new(js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)), None).expect("client")
}

async fn code(username: &str) -> String {
    let inbox = ok(get_json(&format!("{ENDPOINT}/_local/inbox?username={username}"))).await;
    let msgs: js_sys::Array = get(&inbox, "messages").into();
    s(&msgs.get(msgs.length() - 1), "code")
}

async fn request_count(action: &str) -> f64 {
    let stats = ok(get_json(&format!("{ENDPOINT}/_local/stats"))).await;
    get(&stats, &format!("requests.{action}")).as_f64().unwrap_or(0.0)
}

const PW: &str = "Correct-Horse-9";

async fn registered(c: &AuthClient, username: &str) {
    let input = format!(
        r#"{{"username":"{username}","password":"{PW}","options":{{"userAttributes":{{"email":"{username}@example.com"}}}}}}"#
    );
    let out = ok(c.sign_up(js(&input))).await;
    assert_eq!(s(&out, "nextStep.signUpStep"), "CONFIRM_SIGN_UP");
    let input =
        format!(r#"{{"username":"{username}","confirmationCode":"{}"}}"#, code(username).await);
    let out = ok(c.confirm_sign_up(js(&input))).await;
    assert_eq!(s(&out, "nextStep.signUpStep"), "DONE");
}

#[wasm_bindgen_test]
async fn cognito_errors_arrive_as_typed_auth_errors() {
    let c = client();
    let name = uniq("dup");
    registered(&c, &name).await;
    let input = format!(
        r#"{{"username":"{name}","password":"{PW}","options":{{"userAttributes":{{"email":"x@example.com"}}}}}}"#
    );
    let e = err(c.sign_up(js(&input))).await;
    assert!(is_error(&e), "an Error instance");
    assert_eq!(s(&e, "name"), "UsernameExistsException");
    assert!(!s(&e, "message").is_empty());
    assert_eq!(s(&e, "recoverySuggestion"), "Sign in, or sign up with another username");
}

#[wasm_bindgen_test]
async fn passwordless_sign_up_then_auto_sign_in_stores_amplify_keys() {
    let c = client();
    let name = uniq("ann");
    let input = format!(
        r#"{{"username":"{name}","options":{{"userAttributes":{{"email":"{name}@example.com"}},"autoSignIn":{{"authFlowType":"USER_AUTH"}}}}}}"#
    );
    let out = ok(c.sign_up(js(&input))).await;
    assert_eq!(s(&out, "nextStep.signUpStep"), "CONFIRM_SIGN_UP");
    assert_eq!(s(&out, "nextStep.codeDeliveryDetails.deliveryMedium"), "EMAIL");
    assert_eq!(get(&out, "isSignUpComplete").as_bool(), Some(false));
    let input = format!(r#"{{"username":"{name}","confirmationCode":"{}"}}"#, code(&name).await);
    let out = ok(c.confirm_sign_up(js(&input))).await;
    assert_eq!(s(&out, "nextStep.signUpStep"), "COMPLETE_AUTO_SIGN_IN");
    let out = ok(c.auto_sign_in()).await;
    assert_eq!(get(&out, "isSignedIn").as_bool(), Some(true));
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    let prefix = format!("CognitoIdentityServiceProvider.{CLIENT_ID}");
    assert_eq!(local_item(&format!("{prefix}.LastAuthUser")).as_deref(), Some(name.as_str()));
    for k in ["accessToken", "idToken", "refreshToken", "clockDrift", "signInDetails"] {
        assert!(
            local_item(&format!("{prefix}.{name}.{k}")).is_some(),
            "{k} stored; keys: {:?}",
            storage_keys()
        );
    }
}

#[wasm_bindgen_test]
async fn passwordless_sign_up_asking_for_srp_fails_before_any_request() {
    let c = client();
    let before = request_count("SignUp").await;
    let input = r#"{"username":"nopw","options":{"userAttributes":{"email":"n@example.com"},"autoSignIn":true}}"#;
    let e = err(c.sign_up(js(input))).await;
    assert_eq!(s(&e, "name"), "AutoSignInNeedsPassword");
    assert!(s(&e, "message").contains("authFlowType: 'USER_AUTH'"));
    assert_eq!(request_count("SignUp").await, before);
}

#[wasm_bindgen_test]
async fn srp_sign_in_and_wrong_password() {
    let c = client();
    let name = uniq("srp");
    registered(&c, &name).await;
    let e =
        err(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"Not-The-Password-1"}}"#))))
            .await;
    assert_eq!(s(&e, "name"), "NotAuthorizedException");
    assert!(!s(&e, "message").contains("Not-The-Password"));
    let out = ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    let e = err(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&e, "name"), "UserAlreadyAuthenticatedException");
    ok(c.sign_out(None)).await;
    let out = ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}","options":{{"authFlowType":"USER_PASSWORD_AUTH"}}}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn first_factor_selection_then_email_code() {
    let c = client();
    let name = uniq("ffs");
    registered(&c, &name).await;
    let out = ok(c.sign_in(js(&format!(
        r#"{{"username":"{name}","options":{{"authFlowType":"USER_AUTH"}}}}"#
    ))))
    .await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
    let available: js_sys::Array = get(&out, "nextStep.availableChallenges").into();
    assert!(available.includes(&"EMAIL_OTP".into(), 0));
    let out = ok(c.confirm_sign_in(js(r#"{"challengeResponse":"EMAIL_OTP"}"#))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    assert_eq!(s(&out, "nextStep.codeDeliveryDetails.deliveryMedium"), "EMAIL");
    // The pending sign-in is visible after a "reload" (a new client on the same storage).
    let reloaded = AuthClient::new(js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)), None).unwrap();
    assert_eq!(
        s(&reloaded.get_pending_sign_in(), "nextStep.signInStep"),
        "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
    );
    let answer = format!(r#"{{"challengeResponse":"{}"}}"#, code(&name).await);
    let out = ok(reloaded.confirm_sign_in(js(&answer))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn confirm_sign_in_with_nothing_pending() {
    let c = client();
    let e = err(c.confirm_sign_in(js(r#"{"challengeResponse":"123456"}"#))).await;
    assert_eq!(s(&e, "name"), "SignInException");
    let e = err(c.auto_sign_in()).await;
    assert_eq!(s(&e, "name"), "AutoSignInException");
}

#[wasm_bindgen_test]
async fn top_level_functions_use_the_configured_default_client() {
    clear_storage();
    let e = err(api::sign_in(js(r#"{"username":"x","password":"y"}"#))).await;
    // Either not configured yet, or configured by an earlier test: both are typed.
    assert!(is_error(&e));
    api::configure(js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)), None).unwrap();
    let e = err(api::sign_in(js(r#"{"username":"","password":"y"}"#))).await;
    assert_eq!(s(&e, "name"), "EmptySignInUsername");
    let bad = api::configure(js(r#"{"Auth":{"Cognito":{}}}"#), None).unwrap_err();
    assert_eq!(s(&bad, "name"), "AuthUserPoolException");
}

#[wasm_bindgen_test]
async fn unreachable_endpoint_is_a_network_error() {
    clear_storage();
    let c = AuthClient::new(
        js(&config_json("http://127.0.0.1:9", POOL_ID, CLIENT_ID)),
        Some(js(r#"{"storage":"memory"}"#).unchecked_into()),
    )
    .unwrap();
    let e = err(c.sign_in(js(r#"{"username":"x","password":"Some-Password-1"}"#))).await;
    assert_eq!(s(&e, "name"), "NetworkError");
}

#[wasm_bindgen_test]
async fn throttled_requests_are_retried() {
    let c = client();
    let name = uniq("thr");
    registered(&c, &name).await;
    let fault = js(
        r#"{"action":"InitiateAuth","error":"TooManyRequestsException","status":400,"count":2}"#,
    );
    ok(post_json(&format!("{ENDPOINT}/_local/faults"), fault)).await;
    let before = request_count("InitiateAuth").await;
    let out = ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    assert_eq!(request_count("InitiateAuth").await - before, 3.0);
}

/// The library writes nothing to the console, on success or failure: no line can carry a
/// password, code or token (the leak scan's console part).
#[wasm_bindgen_test]
async fn nothing_reaches_the_console() {
    let c = client();
    let name = uniq("con");
    record_console();
    registered(&c, &name).await;
    let _ =
        err(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"Wrong-Pass-1"}}"#)))).await;
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    ok(c.fetch_auth_session(Some(js(r#"{"forceRefresh":true}"#).unchecked_into()))).await;
    let _ = err(c.confirm_sign_in(js(r#"{"challengeResponse":"123456"}"#))).await;
    ok(c.sign_out(None)).await;
    let lines = stop_console();
    assert!(lines.is_empty(), "console lines: {lines:?}");
}

/// A token write that fails (a full quota) leaves no stale value readable: the old token is
/// removed from localStorage, and the client goes on with the new one for this page.
#[wasm_bindgen_test]
async fn a_failed_storage_write_leaves_no_stale_token_behind() {
    let c = client();
    let name = uniq("qta");
    registered(&c, &name).await;
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    let key = storage_keys().into_iter().find(|k| k.ends_with(".accessToken")).expect("stored");
    let old = local_item(&key).expect("old token");
    fail_set_item(&key);
    let force = js(r#"{"forceRefresh":true}"#);
    let refreshed = ok(c.fetch_auth_session(Some(force.unchecked_into()))).await;
    let jti = s(&refreshed, "tokens.accessToken.payload.jti");
    restore_set_item();
    assert_eq!(local_item(&key), None, "the old token is not left readable");
    let again = ok(c.fetch_auth_session(None)).await;
    assert_eq!(s(&again, "tokens.accessToken.payload.jti"), jti, "the new token, from memory");
    let raw: String =
        get(&again, "tokens.accessToken").unchecked_into::<js_sys::Object>().to_string().into();
    assert_ne!(raw, old);
    ok(c.sign_out(None)).await;
}

/// A request that goes unanswered past the client's timeout fails with a typed
/// `TimeoutError`; a retry-safe one is sent again (here the SRP start, stalled once), a
/// single-use one never is (the SRP proof: one request, then the error).
#[wasm_bindgen_test]
async fn stalled_requests_time_out_and_only_retry_safe_ones_are_sent_again() {
    clear_storage();
    let options = js(r#"{"storage":"memory","requestTimeout":400}"#);
    let c = AuthClient::new(
        js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
        Some(options.unchecked_into()),
    )
    .unwrap();
    let name = uniq("tmo");
    registered(&c, &name).await;
    let stall = |action: &str| {
        let fault = format!(r#"{{"action":"{action}","stallMs":1500,"count":1}}"#);
        post_json(&format!("{ENDPOINT}/_local/faults"), js(&fault))
    };
    let input = format!(r#"{{"username":"{name}","password":"{PW}"}}"#);
    ok(stall("InitiateAuth")).await;
    let out = ok(c.sign_in(js(&input))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    ok(c.sign_out(None)).await;
    ok(stall("RespondToAuthChallenge")).await;
    let before = request_count("RespondToAuthChallenge").await;
    let e = err(c.sign_in(js(&input))).await;
    assert_eq!(s(&e, "name"), "TimeoutError");
    assert!(s(&e, "message").contains("400 ms"), "{}", s(&e, "message"));
    // Not sent again: a resend (not stalled) would have signed in. The aborted proof itself is
    // handled late or not at all (the emulator drops a request whose connection closed).
    ok(sleep(1800)).await;
    assert!(request_count("RespondToAuthChallenge").await - before <= 1.0);
    // An answer whose body stops after its first byte times out the same way (Firefox 153
    // rejects that abort as AbortError, WebKitGTK 2.50 every abort: js/glue.js `send`).
    let fault = r#"{"action":"RespondToAuthChallenge","stallMs":1500,"count":1,"during":"body"}"#;
    ok(post_json(&format!("{ENDPOINT}/_local/faults"), js(fault))).await;
    let e = err(c.sign_in(js(&input))).await;
    assert_eq!(s(&e, "name"), "TimeoutError");
    ok(sleep(1200)).await;
    // Bad timeouts are refused when the client is made.
    for bad in
        [r#"{"requestTimeout":0}"#, r#"{"requestTimeout":"5"}"#, r#"{"requestTimeout":600001}"#]
    {
        let e = AuthClient::new(
            js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
            Some(js(bad).unchecked_into()),
        )
        .err()
        .expect("refused");
        assert_eq!(s(&e, "name"), "InvalidParameterException", "{bad}");
    }
}

#[wasm_bindgen(module = "/tests/browser_helpers.js")]
extern "C" {
    fn recorder() -> JsValue;
    fn both(a: &Promise, b: &Promise) -> Promise;
}

#[wasm_bindgen_test]
async fn sessions_refresh_once_for_concurrent_callers_and_events_fire_in_order() {
    let c = client();
    let rec = recorder();
    let unsubscribe = c.on_auth_event(get(&rec, "cb").unchecked_into());
    let name = uniq("ses");
    registered(&c, &name).await;
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    let user = ok(c.get_current_user()).await;
    assert_eq!(s(&user, "username"), name);
    assert_eq!(s(&user, "signInDetails.loginId"), name);
    let session = ok(c.fetch_auth_session(None)).await;
    assert_eq!(s(&session, "tokens.accessToken.payload.token_use"), "access");
    assert_eq!(s(&session, "tokens.idToken.payload.cognito:username"), name);
    let access: String =
        get(&session, "tokens.accessToken").unchecked_into::<js_sys::Object>().to_string().into();
    assert_eq!(access.split('.').count(), 3, "toString() gives the raw JWT");
    assert_eq!(s(&session, "userSub"), s(&user, "userId"));
    let before = request_count("GetTokensFromRefreshToken").await;
    let force = js(r#"{"forceRefresh":true}"#);
    let pair = ok(both(
        &c.fetch_auth_session(Some(force.clone().unchecked_into())),
        &c.fetch_auth_session(Some(force.unchecked_into())),
    ))
    .await;
    assert_eq!(
        request_count("GetTokensFromRefreshToken").await - before,
        1.0,
        "one refresh for two callers"
    );
    let pair: js_sys::Array = pair.into();
    assert_ne!(
        s(&pair.get(0), "tokens.accessToken.payload.jti"),
        s(&session, "tokens.accessToken.payload.jti")
    );
    ok(c.sign_out(Some(js(r#"{"global":true}"#).unchecked_into()))).await;
    let e = err(c.get_current_user()).await;
    assert_eq!(s(&e, "name"), "UserUnAuthenticatedException");
    let empty = ok(c.fetch_auth_session(None)).await;
    assert!(get(&empty, "tokens").is_undefined());
    let events: Vec<String> =
        js_sys::Array::from(&get(&rec, "events")).iter().filter_map(|e| e.as_string()).collect();
    assert_eq!(events, ["signedIn", "tokenRefresh", "signedOut"]);
    unsubscribe.call0(&JsValue::NULL).unwrap();
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(
        js_sys::Array::from(&get(&rec, "events")).length(),
        3,
        "no events after unsubscribing"
    );
}

#[wasm_bindgen_test]
async fn mfa_setup_selection_then_totp_setup_with_setup_uri() {
    clear_storage();
    let pool = ok(post_json(
        &format!("{ENDPOINT}/_local/pools"),
        js(r#"{"name":"mfa-on","mfa":"ON","mfaTypes":["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]}"#),
    ))
    .await;
    let c = AuthClient::new(
        js(&config_json(ENDPOINT, &s(&pool, "userPoolId"), &s(&pool, "userPoolClientId"))),
        None,
    )
    .unwrap();
    let name = uniq("mfa");
    registered(&c, &name).await;
    let out = ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
    let types: js_sys::Array = get(&out, "nextStep.allowedMFATypes").into();
    assert!(types.includes(&"TOTP".into(), 0) && types.includes(&"EMAIL".into(), 0));
    let e = err(c.confirm_sign_in(js(r#"{"challengeResponse":"SMS"}"#))).await;
    assert_eq!(s(&e, "name"), "IncorrectMFAMethod");
    let out = ok(c.confirm_sign_in(js(r#"{"challengeResponse":"TOTP"}"#))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_TOTP_SETUP");
    let secret = s(&out, "nextStep.totpSetupDetails.sharedSecret");
    let uri = call_uri(&get(&out, "nextStep.totpSetupDetails"), "My App", None);
    assert_eq!(uri, format!("otpauth://totp/My%20App:{name}?secret={secret}&issuer=My%20App"));
}

// ---- every remaining signInStep, through the JS API -------------------------------------

#[wasm_bindgen(module = "/tests/browser_helpers.js")]
extern "C" {
    fn admin(endpoint: &str, action: &str, body: JsValue) -> Promise;
}

/// A client on a fresh pool made from `pool_json`, and that pool's id.
async fn pool_client(pool_json: &str) -> (AuthClient, String) {
    clear_storage();
    let pool = ok(post_json(&format!("{ENDPOINT}/_local/pools"), js(pool_json))).await;
    let id = s(&pool, "userPoolId");
    let c = AuthClient::new(js(&config_json(ENDPOINT, &id, &s(&pool, "userPoolClientId"))), None)
        .unwrap();
    (c, id)
}

async fn admin_ok(action: &str, body: String) {
    ok(admin(ENDPOINT, action, js(&body))).await;
}

async fn step_of(p: Promise) -> JsValue {
    ok(p).await
}

fn answer(text: &str) -> JsValue {
    js(&format!(r#"{{"challengeResponse":"{text}"}}"#))
}

#[wasm_bindgen_test]
async fn sms_mfa_then_mfa_selection_then_email_code() {
    let (c, pool) = pool_client(r#"{"name":"mfa-opt","mfa":"OPTIONAL"}"#).await;
    let name = uniq("sms");
    registered(&c, &name).await;
    admin_ok("AdminUpdateUserAttributes", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","UserAttributes":[{{"Name":"phone_number","Value":"+15550100"}},{{"Name":"phone_number_verified","Value":"true"}}]}}"#)).await;
    admin_ok("AdminSetUserMFAPreference", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","SMSMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#)).await;
    let out =
        step_of(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert_eq!(s(&out, "nextStep.codeDeliveryDetails.deliveryMedium"), "SMS");
    let out = step_of(c.confirm_sign_in(answer(&code(&name).await))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    ok(c.sign_out(None)).await;
    admin_ok("AdminSetUserMFAPreference", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","SMSMfaSettings":{{"Enabled":true,"PreferredMfa":false}},"EmailMfaSettings":{{"Enabled":true,"PreferredMfa":false}}}}"#)).await;
    let out =
        step_of(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_MFA_SELECTION");
    let allowed: js_sys::Array = get(&out, "nextStep.allowedMFATypes").into();
    assert!(allowed.includes(&"SMS".into(), 0) && allowed.includes(&"EMAIL".into(), 0));
    let e = err(c.confirm_sign_in(answer("TOTP"))).await;
    assert_eq!(s(&e, "name"), "IncorrectMFAMethod");
    let out = step_of(c.confirm_sign_in(answer("EMAIL"))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let out = step_of(c.confirm_sign_in(answer(&code(&name).await))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn mfa_setup_by_email() {
    let (c, _) = pool_client(
        r#"{"name":"mfa-on-email","mfa":"ON","mfaTypes":["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]}"#,
    )
    .await;
    let name = uniq("ems");
    registered(&c, &name).await;
    let out =
        step_of(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
    let out = step_of(c.confirm_sign_in(answer("EMAIL"))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
    let e = err(c.confirm_sign_in(answer("not-an-email"))).await;
    assert_eq!(s(&e, "name"), "InvalidEmailFormat");
    let out = step_of(c.confirm_sign_in(answer(&format!("{name}@example.com")))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let out = step_of(c.confirm_sign_in(answer(&code(&name).await))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn confirm_sign_up_and_reset_password_steps() {
    let c = client();
    let name = uniq("unc");
    let input = format!(
        r#"{{"username":"{name}","password":"{PW}","options":{{"userAttributes":{{"email":"{name}@example.com"}}}}}}"#
    );
    ok(c.sign_up(js(&input))).await;
    let out =
        step_of(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_UP");
    assert_eq!(get(&out, "isSignedIn").as_bool(), Some(false));
    let done = uniq("rst");
    registered(&c, &done).await;
    admin_ok(
        "AdminResetUserPassword",
        format!(r#"{{"UserPoolId":"{POOL_ID}","Username":"{done}"}}"#),
    )
    .await;
    let out =
        step_of(c.sign_in(js(&format!(r#"{{"username":"{done}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "RESET_PASSWORD");
    let out = ok(c.reset_password(js(&format!(r#"{{"username":"{done}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.resetPasswordStep"), "CONFIRM_RESET_PASSWORD_WITH_CODE");
    let input = format!(
        r#"{{"username":"{done}","confirmationCode":"{}","newPassword":"Brand-New-Pass-7"}}"#,
        code(&done).await
    );
    ok(c.confirm_reset_password(js(&input))).await;
    let out = step_of(
        c.sign_in(js(&format!(r#"{{"username":"{done}","password":"Brand-New-Pass-7"}}"#))),
    )
    .await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn new_password_required_then_email_mfa_chain() {
    let (c, pool) =
        pool_client(r#"{"name":"mfa-on-chain","mfa":"ON","mfaTypes":["EMAIL_OTP"]}"#).await;
    let name = uniq("adm");
    admin_ok("AdminCreateUser", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","TemporaryPassword":"Temp-Pass-123","MessageAction":"SUPPRESS","UserAttributes":[{{"Name":"email","Value":"{name}@example.com"}},{{"Name":"email_verified","Value":"true"}}]}}"#)).await;
    let out =
        step_of(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"Temp-Pass-123"}}"#))))
            .await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
    let e = err(c.confirm_sign_in(answer("short"))).await;
    assert_eq!(s(&e, "name"), "InvalidPasswordException");
    let mut out = step_of(c.confirm_sign_in(answer("Final-Pass-456"))).await;
    if s(&out, "nextStep.signInStep") == "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" {
        out = step_of(c.confirm_sign_in(answer(&format!("{name}@example.com")))).await;
    }
    assert_eq!(
        s(&out, "nextStep.signInStep"),
        "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
        "NEW_PASSWORD_REQUIRED chains into EMAIL_OTP MFA"
    );
    let out = step_of(c.confirm_sign_in(answer(&code(&name).await))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn first_factor_password_then_sms_mfa() {
    let (c, pool) = pool_client(r#"{"name":"ff-sms","mfa":"OPTIONAL"}"#).await;
    let name = uniq("ffp");
    registered(&c, &name).await;
    admin_ok("AdminUpdateUserAttributes", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","UserAttributes":[{{"Name":"phone_number","Value":"+15550101"}},{{"Name":"phone_number_verified","Value":"true"}}]}}"#)).await;
    admin_ok("AdminSetUserMFAPreference", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","SMSMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#)).await;
    let out = step_of(c.sign_in(js(&format!(
        r#"{{"username":"{name}","options":{{"authFlowType":"USER_AUTH"}}}}"#
    ))))
    .await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
    let out = step_of(c.confirm_sign_in(answer("PASSWORD"))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_PASSWORD");
    let out = step_of(c.confirm_sign_in(answer(PW))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    let out = step_of(c.confirm_sign_in(answer(&code(&name).await))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen_test]
async fn custom_challenge_without_srp() {
    let (c, _) = pool_client(r#"{"name":"custom","customAuth":{"rounds":[{"publicChallengeParameters":{"question":"2+2?"},"answer":"4"}]}}"#).await;
    let name = uniq("cus");
    registered(&c, &name).await;
    let e = err(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}","options":{{"authFlowType":"CUSTOM_WITHOUT_SRP"}}}}"#)))).await;
    assert_eq!(s(&e, "name"), "CustomAuthSignInPassword");
    let out = step_of(c.sign_in(js(&format!(
        r#"{{"username":"{name}","options":{{"authFlowType":"CUSTOM_WITHOUT_SRP"}}}}"#
    ))))
    .await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    assert_eq!(s(&out, "nextStep.additionalInfo.question"), "2+2?");
    let out = step_of(c.confirm_sign_in(answer("4"))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    ok(c.sign_out(None)).await;
    let out = step_of(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}","options":{{"authFlowType":"CUSTOM_WITH_SRP"}}}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    let out = step_of(c.confirm_sign_in(answer("4"))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
}

#[wasm_bindgen(module = "/tests/browser_helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = mapStore)]
    fn map_store() -> JsValue;
    #[wasm_bindgen(js_name = mapKeys)]
    fn map_keys(m: &JsValue) -> Vec<String>;
    #[wasm_bindgen(js_name = withStorage)]
    fn with_storage(store: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = badStores)]
    fn bad_stores() -> Vec<JsValue>;
    #[wasm_bindgen(js_name = throwingStore)]
    fn throwing_store() -> JsValue;
    #[wasm_bindgen(js_name = asyncStore)]
    fn async_store(ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = rejectingStore)]
    fn rejecting_store() -> JsValue;
}

/// A confirmed user with a password, signed up through a default client (storage cleared).
async fn registered_user(prefix: &str) -> String {
    let name = uniq(prefix);
    registered(&client(), &name).await;
    name
}

fn client_with_store(store: &JsValue) -> AuthClient {
    AuthClient::new(
        js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
        Some(with_storage(store).unchecked_into()),
    )
    .expect("client")
}

#[wasm_bindgen_test]
fn stores_missing_a_method_are_refused() {
    for bad in bad_stores() {
        let e = match AuthClient::new(
            js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
            Some(with_storage(&bad).unchecked_into()),
        ) {
            Ok(_) => panic!("a store without getItem/setItem/removeItem was accepted"),
            Err(e) => e,
        };
        assert_eq!(s(&e, "name"), "InvalidStorage");
        assert_eq!(
            s(&e, "message"),
            "options.storage needs getItem, setItem and removeItem functions"
        );
    }
    let good = map_store();
    assert!(AuthClient::new(
        js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
        Some(with_storage(&get(&good, "store")).unchecked_into())
    )
    .is_ok());
    assert!(AuthClient::new(
        js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
        Some(with_storage(&get(&async_store(0), "store")).unchecked_into())
    )
    .is_ok());
    // Throwing methods are the Web Storage interface failing (blocked storage): the client is
    // made and keeps its session in memory, as with localStorage blocked.
    assert!(AuthClient::new(
        js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
        Some(with_storage(&throwing_store()).unchecked_into())
    )
    .is_ok());
}

#[wasm_bindgen_test]
async fn tokens_go_to_an_app_provided_store() {
    let name = registered_user("kvs").await;
    let custom = map_store();
    let options = with_storage(&get(&custom, "store"));
    let c = AuthClient::new(
        js(&config_json(ENDPOINT, POOL_ID, CLIENT_ID)),
        Some(options.unchecked_into()),
    )
    .unwrap();
    let out = ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    let keys = map_keys(&get(&custom, "map"));
    let prefix = format!("CognitoIdentityServiceProvider.{CLIENT_ID}");
    assert!(keys.contains(&format!("{prefix}.LastAuthUser")), "{keys:?}");
    assert!(keys.contains(&format!("{prefix}.{name}.accessToken")), "{keys:?}");
    assert!(local_item(&format!("{prefix}.LastAuthUser")).is_none(), "nothing in localStorage");
    assert_eq!(s(&ok(c.get_current_user()).await, "username"), name);
    ok(c.sign_out(None)).await;
    assert!(!map_keys(&get(&custom, "map")).iter().any(|k| k.ends_with(".accessToken")));
}

#[wasm_bindgen_test]
async fn tokens_go_to_an_async_app_store_read_again_by_every_call() {
    let name = registered_user("akv").await;
    // Every answer of this store comes 15 ms late, and a write lands only then.
    let custom = async_store(15);
    let store = get(&custom, "store");
    let a = client_with_store(&store);
    let out = ok(a.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    // signIn settled after its writes: the tokens are in the store, none in localStorage.
    let prefix = format!("CognitoIdentityServiceProvider.{CLIENT_ID}");
    let keys = map_keys(&get(&custom, "map"));
    for key in [
        format!("{prefix}.LastAuthUser"),
        format!("{prefix}.{name}.accessToken"),
        format!("{prefix}.{name}.refreshToken"),
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert!(local_item(&format!("{prefix}.LastAuthUser")).is_none(), "nothing in localStorage");
    // A second client on the same store (as after a reload) finds the session there.
    let b = client_with_store(&store);
    assert_eq!(s(&ok(b.get_current_user()).await, "username"), name);
    let session = ok(b.fetch_auth_session(None)).await;
    assert_eq!(s(&session, "tokens.idToken.payload.cognito:username"), name);
    let refreshed =
        ok(b.fetch_auth_session(Some(js(r#"{"forceRefresh":true}"#).unchecked_into()))).await;
    let jti = s(&refreshed, "tokens.accessToken.payload.jti");
    assert_ne!(jti, s(&session, "tokens.accessToken.payload.jti"));
    // The first client reads the store again on its next call: it sees b's refresh...
    assert_eq!(s(&ok(a.fetch_auth_session(None)).await, "tokens.accessToken.payload.jti"), jti);
    // ...and b's sign-out.
    ok(b.sign_out(None)).await;
    assert!(!map_keys(&get(&custom, "map"))
        .iter()
        .any(|k| k.ends_with(".accessToken") || k.ends_with(".LastAuthUser")));
    assert_eq!(s(&err(a.get_current_user()).await, "name"), "UserUnAuthenticatedException");
    assert!(get(&ok(a.fetch_auth_session(None)).await, "tokens").is_undefined());
}

#[wasm_bindgen_test]
async fn an_async_store_that_rejects_everything_keeps_the_session_for_the_page() {
    let name = registered_user("rkv").await;
    let c = client_with_store(&rejecting_store());
    let out = ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    assert_eq!(s(&ok(c.get_current_user()).await, "username"), name);
    assert_eq!(
        s(&ok(c.fetch_auth_session(None)).await, "tokens.accessToken.payload.username"),
        name
    );
    ok(c.sign_out(None)).await;
    assert_eq!(s(&err(c.get_current_user()).await, "name"), "UserUnAuthenticatedException");
    // A client made later has nothing to find.
    assert_eq!(
        s(&err(client_with_store(&rejecting_store()).get_current_user()).await, "name"),
        "UserUnAuthenticatedException"
    );
}

/// The account calls in the browser: Amplify's shapes and errors, the attribute change that
/// needs a code from the dev inbox (wrong, expired, sent again, right), deleteUser.
#[wasm_bindgen_test]
async fn account_settings_in_the_browser() {
    let c = client();
    let name = uniq("acct");
    registered(&c, &name).await;
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    // updatePassword.
    let e = err(c.update_password(js(r#"{"oldPassword":"","newPassword":"x"}"#))).await;
    assert_eq!(s(&e, "name"), "EmptyUpdatePassword");
    let e =
        err(c.update_password(js(r#"{"oldPassword":"Wrong-Pass-1","newPassword":"New-Pass-22"}"#)))
            .await;
    assert_eq!(s(&e, "name"), "NotAuthorizedException");
    assert!(!s(&e, "message").contains("Wrong-Pass-1"));
    ok(c.update_password(js(&format!(r#"{{"oldPassword":"{PW}","newPassword":"New-Pass-22"}}"#))))
        .await;
    // updateUserAttributes: `name` at once, `email` after its code.
    let out = ok(c.update_user_attributes(js(&format!(
        r#"{{"userAttributes":{{"name":"Ann","email":"{name}-2@example.com"}}}}"#
    ))))
    .await;
    assert_eq!(get(&out, "name.isUpdated").as_bool(), Some(true));
    assert_eq!(s(&out, "name.nextStep.updateAttributeStep"), "DONE");
    assert_eq!(get(&out, "email.isUpdated").as_bool(), Some(false));
    assert_eq!(s(&out, "email.nextStep.updateAttributeStep"), "CONFIRM_ATTRIBUTE_WITH_CODE");
    assert_eq!(s(&out, "email.nextStep.codeDeliveryDetails.deliveryMedium"), "EMAIL");
    assert_eq!(s(&out, "email.nextStep.codeDeliveryDetails.attributeName"), "email");
    let confirm = |code: &str| {
        c.confirm_user_attribute(js(&format!(
            r#"{{"userAttributeKey":"email","confirmationCode":"{code}"}}"#
        )))
    };
    let e = err(confirm("")).await;
    assert_eq!(s(&e, "name"), "EmptyConfirmUserAttributeCode");
    let e = err(confirm("000000")).await;
    assert_eq!(s(&e, "name"), "CodeMismatchException");
    // An expired code: the emulator's clock moves past the code's validity (24 h). The page's
    // clock did not move, so its tokens look fresh to it: Cognito refuses the expired access
    // token, and a forced refresh brings new ones.
    let stale = code(&name).await;
    ok(post_json(&format!("{ENDPOINT}/_local/clock"), js(r#"{"advanceSeconds":90000}"#))).await;
    let e = err(confirm(&stale)).await;
    assert_eq!(s(&e, "name"), "NotAuthorizedException");
    ok(c.fetch_auth_session(Some(js(r#"{"forceRefresh":true}"#).unchecked_into()))).await;
    let e = err(confirm(&stale)).await;
    assert_eq!(s(&e, "name"), "ExpiredCodeException");
    let d =
        ok(c.send_user_attribute_verification_code(js(r#"{"userAttributeKey":"email"}"#))).await;
    assert_eq!(s(&d, "attributeName"), "email");
    assert_eq!(s(&d, "deliveryMedium"), "EMAIL");
    ok(confirm(&code(&name).await)).await;
    let attrs = ok(c.fetch_user_attributes()).await;
    assert_eq!(s(&attrs, "email"), format!("{name}-2@example.com"));
    assert_eq!(s(&attrs, "email_verified"), "true");
    assert_eq!(s(&attrs, "name"), "Ann");
    // updateUserAttribute (one) and deleteUserAttributes.
    let one = ok(c.update_user_attribute(js(
        r#"{"userAttribute":{"attributeKey":"nickname","value":"an"}}"#,
    )))
    .await;
    assert_eq!(s(&one, "nextStep.updateAttributeStep"), "DONE");
    ok(c.delete_user_attributes(js(r#"{"userAttributeKeys":["name","nickname"]}"#))).await;
    let attrs = ok(c.fetch_user_attributes()).await;
    assert!(get(&attrs, "name").is_undefined() && get(&attrs, "nickname").is_undefined());
    let e = err(c.delete_user_attributes(js(r#"{"userAttributeKeys":"name"}"#))).await;
    assert_eq!(s(&e, "name"), "InvalidParameterException");
    // decodeJWT.
    let session = ok(c.fetch_auth_session(None)).await;
    let id_token: String = js_sys::Function::from(get(&session, "tokens.idToken.toString"))
        .call0(&get(&session, "tokens.idToken"))
        .unwrap()
        .as_string()
        .unwrap();
    let jwt = api::decode_jwt(&id_token).unwrap();
    assert_eq!(s(&jwt, "payload.sub"), s(&session, "userSub"));
    assert_eq!(s(&jwt, "payload.cognito:username"), name);
    for bad in ["a.b", "", "a.!!!.c", "a.bnVsbA.c"] {
        let e = api::decode_jwt(bad).unwrap_err();
        assert_eq!(s(&e, "name"), "InvalidTokenException", "{bad}");
    }
    // deleteUser: signed out here, gone there.
    let before = storage_keys();
    assert!(before.iter().any(|k| k.ends_with(".accessToken")));
    ok(c.delete_user()).await;
    assert!(!storage_keys().iter().any(|k| k.ends_with("Token")), "{:?}", storage_keys());
    let e =
        err(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"New-Pass-22"}}"#)))).await;
    assert_eq!(s(&e, "name"), "NotAuthorizedException");
    let e = err(c.delete_user()).await;
    assert_eq!(s(&e, "name"), "UserUnAuthenticatedException");
}

/// A remembered device in the browser: confirmed after the first sign-in (named by the
/// browser's user agent, kept under Amplify's keys), then the next sign-in skips MFA; the
/// device list has Dates; forgetDevice clears the keys and MFA is back.
#[wasm_bindgen_test]
async fn a_remembered_device_skips_mfa_in_the_browser() {
    let (c, pool) = pool_client(
        r#"{"name":"devices","mfa":"ON","mfaTypes":["EMAIL_OTP"],"deviceConfiguration":{"challengeRequiredOnNewDevice":true,"deviceOnlyRememberedOnUserPrompt":false}}"#,
    )
    .await;
    let name = uniq("dev");
    registered(&c, &name).await;
    admin_ok("AdminSetUserMFAPreference", format!(r#"{{"UserPoolId":"{pool}","Username":"{name}","EmailMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#)).await;
    let sign_in = || c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)));
    let out = ok(sign_in()).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let confirms = request_count("ConfirmDevice").await;
    let out = ok(c.confirm_sign_in(answer(&code(&name).await))).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    assert_eq!(request_count("ConfirmDevice").await, confirms + 1.0);
    let keys = storage_keys();
    for k in ["deviceKey", "deviceGroupKey", "randomPasswordKey"] {
        assert!(keys.iter().any(|x| x.ends_with(&format!(".{k}"))), "{k}: {keys:?}");
    }
    let list: js_sys::Array = ok(c.fetch_devices()).await.into();
    assert_eq!(list.length(), 1);
    let d = list.get(0);
    assert!(get(&d, "createDate").is_instance_of::<js_sys::Date>());
    let ua = web_sys_user_agent();
    assert_eq!(s(&d, "name"), ua);
    assert_eq!(s(&d, "attributes.device_name"), ua);
    let id = s(&d, "id");
    // Signed out and in again: no MFA step, the device answers for itself.
    ok(c.sign_out(None)).await;
    let out = ok(sign_in()).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE");
    // forgetDevice: keys gone, list empty, MFA again.
    ok(c.forget_device(Some(js(&format!(r#"{{"device":{{"id":"{id}"}}}}"#)).unchecked_into())))
        .await;
    assert!(!storage_keys().iter().any(|x| x.ends_with(".deviceKey")));
    let list: js_sys::Array = ok(c.fetch_devices()).await.into();
    assert_eq!(list.length(), 0);
    let e = err(c.remember_device()).await;
    assert_eq!(s(&e, "name"), "DeviceMetadataNotFoundException");
    ok(c.sign_out(None)).await;
    let out = ok(sign_in()).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
}

fn web_sys_user_agent() -> String {
    let nav = Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    s(&nav, "userAgent")
}

/// A client of the default pool with the default identity pool (guests allowed or not).
fn identity_client(guests: bool) -> AuthClient {
    clear_storage();
    identity_client_on_this_page(guests)
}

/// As [`identity_client`], over the storage as it is (a reload).
fn identity_client_on_this_page(guests: bool) -> AuthClient {
    let config = format!(
        r#"{{"Auth":{{"Cognito":{{"userPoolId":"{POOL_ID}","userPoolClientId":"{CLIENT_ID}","userPoolEndpoint":"{ENDPOINT}","identityPoolId":"{IDENTITY_POOL_ID}","allowGuestAccess":{guests},"identityPoolEndpoint":"{ENDPOINT}"}}}}}}"#
    );
    AuthClient::new(js(&config), None).expect("client")
}

/// AWS credentials in the browser: a guest's, a signed-in user's (one identity per user, kept
/// across sign-ins), fetched again near expiry by the emulator clock, forgotten at sign-out;
/// a tampered or expired ID token is refused by Cognito Identity.
#[wasm_bindgen_test]
async fn aws_credentials_from_the_identity_pool() {
    let name = registered_user("idp").await;
    let c = identity_client(true);
    let creds_of = |s: &JsValue| (s_opt(s, "identityId"), s_opt(s, "credentials.accessKeyId"));
    let (gets, creds) =
        (request_count("GetId").await, request_count("GetCredentialsForIdentity").await);
    let guest = ok(c.fetch_auth_session(None)).await;
    assert!(get(&guest, "tokens").is_undefined());
    let (guest_id, key) = creds_of(&guest);
    assert!(guest_id.is_some() && key.unwrap().starts_with("ASIA"));
    assert!(get(&guest, "credentials.expiration").is_instance_of::<js_sys::Date>());
    assert_eq!(request_count("GetId").await, gets + 1.0);
    assert_eq!(request_count("GetCredentialsForIdentity").await, creds + 1.0);
    let key = format!("com.amplify.Cognito.{IDENTITY_POOL_ID}.identityId");
    assert_eq!(local_item(&key), guest_id);
    // Warm: nothing sent.
    assert_eq!(creds_of(&ok(c.fetch_auth_session(None)).await), creds_of(&guest));
    assert_eq!(request_count("GetCredentialsForIdentity").await, creds + 1.0);
    // Signed in: authenticated credentials, the ID token as the login.
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    let user = ok(c.fetch_auth_session(None)).await;
    let (user_id, _) = creds_of(&user);
    assert!(user_id.is_some());
    assert!(!get(&user, "tokens.idToken").is_undefined());
    assert_ne!(s(&user, "credentials.accessKeyId"), s(&guest, "credentials.accessKeyId"));
    assert_eq!(local_item(&key), None, "the guest identity is the user's now");
    // Near expiry (the page's clock 56 minutes on): fetched again, once.
    let creds = request_count("GetCredentialsForIdentity").await;
    shift_page_clock(56.0 * 60.0 * 1000.0);
    let later = JsFuture::from(c.fetch_auth_session(None)).await;
    shift_page_clock(0.0);
    let later = later.unwrap_or_else(|e| panic!("{}", s(&e, "name")));
    assert_eq!(creds_of(&later).0, user_id);
    assert_eq!(request_count("GetCredentialsForIdentity").await, creds + 1.0);
    // Sign-out forgets it; the next sign-in gets the same identity.
    ok(c.sign_out(None)).await;
    ok(c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)))).await;
    assert_eq!(creds_of(&ok(c.fetch_auth_session(None)).await).0, user_id);
    // A tampered ID token (its signature no longer matches) is refused, and so is an expired
    // one (the emulator clock 2 h ahead; the page's own clock still calls it fresh).
    let id_key = format!("CognitoIdentityServiceProvider.{CLIENT_ID}.{name}.idToken");
    let token = local_item(&id_key).unwrap();
    let tampered = format!("{}x", &token[..token.len() - 1]);
    set_local_item(&id_key, &tampered);
    let fresh = identity_client_on_this_page(true);
    let e = err(fresh.fetch_auth_session(None)).await;
    assert_eq!(s(&e, "name"), "NotAuthorizedException");
    assert!(!s(&e, "message").contains(&token[token.len() - 20..]));
    set_local_item(&id_key, &token);
    ok(post_json(&format!("{ENDPOINT}/_local/clock"), js(r#"{"advanceSeconds":7200}"#))).await;
    let e = err(fresh.fetch_auth_session(None)).await;
    assert_eq!(s(&e, "name"), "NotAuthorizedException");
    // Fresh tokens (a forced refresh) bring credentials again.
    let s2 =
        ok(fresh.fetch_auth_session(Some(js(r#"{"forceRefresh":true}"#).unchecked_into()))).await;
    assert_eq!(creds_of(&s2).0, user_id);
    // Without guest access, signed out: tokens and credentials both absent, nothing sent.
    ok(fresh.sign_out(None)).await;
    let gets = request_count("GetId").await;
    let none = ok(identity_client(false).fetch_auth_session(None)).await;
    assert!(get(&none, "credentials").is_undefined() && get(&none, "identityId").is_undefined());
    assert_eq!(request_count("GetId").await, gets);
}

fn s_opt(v: &JsValue, path: &str) -> Option<String> {
    get(v, path).as_string()
}

/// With an app's async store (cookies, IndexedDB…), a device remembered before sign-out is
/// found at the next sign-in: the call reads the signing-in user's keys from the store too.
#[wasm_bindgen_test]
async fn a_device_in_an_async_store_is_found_after_sign_out() {
    clear_storage();
    let pool = ok(post_json(
        &format!("{ENDPOINT}/_local/pools"),
        js(r#"{"name":"devices-async","mfa":"ON","mfaTypes":["EMAIL_OTP"],"deviceConfiguration":{"challengeRequiredOnNewDevice":true,"deviceOnlyRememberedOnUserPrompt":false}}"#),
    ))
    .await;
    let pool_id = s(&pool, "userPoolId");
    let custom = async_store(5);
    let c = AuthClient::new(
        js(&config_json(ENDPOINT, &pool_id, &s(&pool, "userPoolClientId"))),
        Some(with_storage(&get(&custom, "store")).unchecked_into()),
    )
    .unwrap();
    let name = uniq("adev");
    registered(&c, &name).await;
    admin_ok("AdminSetUserMFAPreference", format!(r#"{{"UserPoolId":"{pool_id}","Username":"{name}","EmailMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#)).await;
    let sign_in = || c.sign_in(js(&format!(r#"{{"username":"{name}","password":"{PW}"}}"#)));
    let out = ok(sign_in()).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    ok(c.confirm_sign_in(answer(&code(&name).await))).await;
    let keys = map_keys(&get(&custom, "map"));
    assert!(keys.iter().any(|k| k.ends_with(".deviceKey")), "{keys:?}");
    ok(c.sign_out(None)).await;
    assert!(!map_keys(&get(&custom, "map")).iter().any(|k| k.ends_with(".LastAuthUser")));
    let out = ok(sign_in()).await;
    assert_eq!(s(&out, "nextStep.signInStep"), "DONE", "the device answered, no MFA");
}
