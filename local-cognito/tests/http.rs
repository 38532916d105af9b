//! The binary: readiness line, --write-config, CORS, dev endpoints (real sockets).
mod common;
use common::server::{request, Server};
use serde_json::{json, Value};

/// A Cognito call: the status, the head in lower case and the body (which must be JSON).
fn cognito(port: u16, action: &str, body: Value) -> (u16, String, Value) {
    let target = format!("AWSCognitoIdentityProviderService.{action}");
    let r = request(
        port,
        "POST",
        "/",
        &[("X-Amz-Target", &target), ("Content-Type", "application/x-amz-json-1.1")],
        body.to_string(),
    );
    (r.status, r.head_lower(), r.json())
}

#[test]
fn readiness_line_write_config_and_endpoints() {
    let dir = std::env::temp_dir().join(format!("lc-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg_path = dir.join("out.json");
    let srv = Server::spawn(&["--write-config", cfg_path.to_str().unwrap(), "--seed", "3"]);
    assert_eq!(srv.ready["userPoolId"], "us-east-1_LocalPool1");
    assert_eq!(srv.ready["userPoolClientId"], "localclient00000000000000001");
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&cfg_path).unwrap()).unwrap();
    assert_eq!(written, srv.ready);
    let p = srv.port;

    let r = request(p, "GET", "/_local/health", &[], "");
    assert_eq!((r.status, r.body.as_str()), (200, "{\"ok\":true}"));

    // Preflight and CORS headers.
    let r = request(
        p,
        "OPTIONS",
        "/",
        &[
            ("Origin", "http://localhost:8080"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type,x-amz-target"),
        ],
        "",
    );
    let h = r.head_lower();
    assert_eq!(r.status, 200);
    assert!(h.contains("access-control-allow-origin: http://localhost:8080"));
    assert!(
        h.contains("x-amz-user-agent")
            && h.contains("amz-sdk-request")
            && h.contains("cache-control")
    );
    assert!(h.contains("access-control-expose-headers: x-amzn-errortype, x-amzn-requestid"));

    // Cognito call, error header.
    let (s, h, b) = cognito(
        p,
        "InitiateAuth",
        json!({"ClientId": "localclient00000000000000001", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "x", "PASSWORD": "Passw0rd!"}}),
    );
    assert_eq!(s, 400);
    assert_eq!(b["__type"], "NotAuthorizedException");
    assert!(h.contains("x-amzn-errortype: notauthorizedexception"));
    assert!(h.contains("x-amzn-requestid: "));
    assert!(h.contains("access-control-allow-origin: *"));
    let (s, _, b) = cognito(
        p,
        "SignUp",
        json!({"ClientId": "localclient00000000000000001", "Username": "web", "Password": "Passw0rd!", "UserAttributes": [{"Name": "email", "Value": "web@example.com"}]}),
    );
    assert_eq!(s, 200, "{b}");

    let inbox = request(p, "GET", "/_local/inbox?username=web", &[], "").json();
    let m = &inbox["messages"][0];
    assert_eq!(
        (m["purpose"].as_str(), m["medium"].as_str(), m["destination"].as_str()),
        (Some("SIGN_UP"), Some("EMAIL"), Some("web@example.com"))
    );
    assert!(m["createdAt"].is_u64() && m["code"].as_str().unwrap().len() == 6);

    assert_eq!(request(p, "GET", "/_local/stats", &[], "").json()["requests"]["SignUp"], 1);
    request(p, "POST", "/_local/stats/reset", &[], "");
    assert_eq!(request(p, "GET", "/_local/stats", &[], "").body, "{\"requests\":{}}");

    // Faults.
    let r = request(
        p,
        "POST",
        "/_local/faults",
        &[],
        json!({"action": "GetUser", "error": "InternalErrorException", "status": 500, "count": 1})
            .to_string(),
    );
    assert_eq!(r.status, 200);
    let (s, h, _) = cognito(p, "GetUser", json!({"AccessToken": "x"}));
    assert_eq!(s, 500);
    assert!(h.contains("x-amzn-errortype: internalerrorexception"));
    let (s, _, _) = cognito(p, "GetUser", json!({"AccessToken": "x"}));
    assert_eq!(s, 400);

    // Stalls: the next `count` calls of the action wait `stallMs` before they are handled.
    let stall = |body: Value| request(p, "POST", "/_local/faults", &[], body.to_string()).status;
    assert_eq!(stall(json!({"action": "GetUser", "stallMs": 700, "count": 1})), 200);
    let t = std::time::Instant::now();
    assert_eq!(cognito(p, "GetUser", json!({"AccessToken": "x"})).0, 400);
    assert!(t.elapsed() >= std::time::Duration::from_millis(700), "{:?}", t.elapsed());
    let t = std::time::Instant::now();
    assert_eq!(cognito(p, "GetUser", json!({"AccessToken": "x"})).0, 400);
    assert!(t.elapsed() < std::time::Duration::from_millis(700), "one stall only");
    for bad in [json!(-1), json!(600_001), json!("5"), json!(1.5)] {
        assert_eq!(stall(json!({"action": "GetUser", "stallMs": bad})), 400, "{bad}");
    }

    // Clock: confirmation codes expire after 24 h.
    let r = request(p, "POST", "/_local/clock", &[], "{\"advanceSeconds\":86401}");
    assert_eq!(r.status, 200, "{}", r.body);
    let code = m["code"].as_str().unwrap();
    let (_, _, b) = cognito(
        p,
        "ConfirmSignUp",
        json!({"ClientId": "localclient00000000000000001", "Username": "web", "ConfirmationCode": code}),
    );
    assert_eq!(b["__type"], "ExpiredCodeException");

    // Pools at runtime.
    let r = request(
        p,
        "POST",
        "/_local/pools",
        &[],
        json!({"mfa": "ON", "clients": [{"generateSecret": true}]}).to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let pool = r.json();
    assert_eq!(pool["userPoolEndpoint"], srv.ready["userPoolEndpoint"]);
    assert!(pool["userPoolClientSecret"].is_string());
    let r = request(p, "POST", "/_local/pools", &[], "{\"mfa\": \"SOMETIMES\"}");
    assert_eq!(r.status, 400);

    // JWKS.
    let r = request(
        p,
        "GET",
        &format!("/{}/.well-known/jwks.json", pool["userPoolId"].as_str().unwrap()),
        &[],
        "",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["keys"][0]["kty"], "RSA");
    let r = request(p, "GET", "/us-east-1_Nope/.well-known/jwks.json", &[], "");
    assert_eq!(r.status, 404);
    let r = request(p, "POST", "/", &[], "{}");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("UnknownOperationException"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_file_declares_pools() {
    let dir = std::env::temp_dir().join(format!("lc-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("pools.json");
    std::fs::write(&cfg, json!({"seed": 1, "pools": [{"id": "eu-west-1_Custom", "usernameAttributes": ["email"], "clients": [{"id": "myclient"}],
        "users": [{"username": "a@example.com", "password": "Passw0rd!"}]}]}).to_string()).unwrap();
    let srv = Server::spawn(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(srv.ready["userPoolId"], "eu-west-1_Custom");
    assert_eq!(srv.ready["userPoolClientId"], "myclient");
    let (s, _, b) = cognito(
        srv.port,
        "InitiateAuth",
        json!({"ClientId": "myclient", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "a@example.com", "PASSWORD": "Passw0rd!"}}),
    );
    assert_eq!(s, 200, "{b}");
    let iss = format!("{}/eu-west-1_Custom", srv.endpoint());
    let tok = b["AuthenticationResult"]["IdToken"].as_str().unwrap();
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(tok.split('.').nth(1).unwrap()).unwrap())
            .unwrap();
    assert_eq!(claims["iss"], iss);
    let _ = std::fs::remove_dir_all(&dir);
}
