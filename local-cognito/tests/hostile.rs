//! Hostile inputs against the real server: each one gets a clear answer, and after each one
//! the server still serves a sign-in. Also the origin policy of `/_local/*` and the unsigned
//! admin actions, request ids, and the caps on sessions and the inbox.
mod common;
use common::server::{get, post, raw, request_head, Reply, Server};
use serde_json::{json, Value};

const CLIENT: &str = "localclient00000000000000001";
const POOL: &str = "us-east-1_LocalPool1";
const PW: &str = "Passw0rd!";

fn call_as(port: u16, action: &str, body: &[u8], origin: Option<&str>) -> Reply {
    let target = format!("AWSCognitoIdentityProviderService.{action}");
    let mut h =
        vec![("X-Amz-Target", target.as_str()), ("Content-Type", "application/x-amz-json-1.1")];
    if let Some(o) = origin {
        h.push(("Origin", o));
    }
    raw(port, &request_head("POST", "/", &h, body.len()), body)
}

fn call(port: u16, action: &str, body: Value) -> Reply {
    call_as(port, action, body.to_string().as_bytes(), None)
}

fn add_user(port: u16, name: &str) -> Reply {
    let r = call(
        port,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": name, "MessageAction": "SUPPRESS"}),
    );
    if r.status != 200 {
        return r;
    }
    call(
        port,
        "AdminSetUserPassword",
        json!({"UserPoolId": POOL, "Username": name, "Password": PW, "Permanent": true}),
    )
}

fn sign_in(port: u16, name: &str) -> Reply {
    call(
        port,
        "InitiateAuth",
        json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": name, "PASSWORD": PW}}),
    )
}

fn assert_signs_in(port: u16, after: &str) {
    let r = sign_in(port, "alice");
    assert_eq!(r.status, 200, "sign-in after {after}: {}", r.body);
    assert!(r.json_or_null()["AuthenticationResult"]["AccessToken"].is_string(), "after {after}");
}

#[test]
fn hostile_inputs_then_a_sign_in() {
    let srv = Server::start(7, &[]);
    let p = srv.port;
    assert_eq!(add_user(p, "alice").status, 200);
    assert_signs_in(p, "start");

    // JSON nested 100,000 deep.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let r = call_as(p, "InitiateAuth", deep.as_bytes(), None);
    assert_eq!((r.status, r.kind().as_str()), (400, "SerializationException"));
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let r = call_as(p, "InitiateAuth", deep_obj.as_bytes(), None);
    assert_eq!((r.status, r.kind().as_str()), (400, "SerializationException"));
    assert_signs_in(p, "deep nesting");

    // A body over the size limit (1 MiB; 1.5 MiB would pass axum's default 2 MB).
    let big = format!("{{\"ClientId\":\"{}\"}}", "x".repeat(3 << 19));
    let r = call_as(p, "InitiateAuth", big.as_bytes(), None);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_signs_in(p, "over-size body");

    // Invalid UTF-8.
    let r = call_as(
        p,
        "InitiateAuth",
        b"{\"ClientId\":\"\xff\xfe\",\"AuthFlow\":\"USER_PASSWORD_AUTH\"}",
        None,
    );
    assert_eq!((r.status, r.kind().as_str()), (400, "SerializationException"));
    assert_signs_in(p, "invalid UTF-8");

    // Wrong JSON types.
    for body in [
        json!([1, 2]),
        json!("InitiateAuth"),
        json!({"ClientId": 5, "AuthFlow": "USER_PASSWORD_AUTH"}),
        json!({"ClientId": CLIENT, "AuthFlow": ["USER_PASSWORD_AUTH"]}),
        json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": "alice"}),
        json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": 1, "PASSWORD": null}}),
    ] {
        let r = call(p, "InitiateAuth", body.clone());
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        assert!(
            ["SerializationException", "InvalidParameterException"].contains(&r.kind().as_str()),
            "{body}: {}",
            r.body
        );
    }
    let r = call(
        p,
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": "x", "UserAttributes": {"Name": 1}}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_signs_in(p, "wrong JSON types");

    // Unknown actions (also a long one); they are not counted in the stats.
    for action in ["Nope".to_string(), "A".repeat(5000), "InitiateAuth2".to_string()] {
        let r = call(p, &action, json!({}));
        assert_eq!((r.status, r.kind().as_str()), (400, "UnknownOperationException"));
    }
    let stats = get(p, "/_local/stats", &[]).json_or_null();
    assert!(stats["requests"].get("Nope").is_none(), "{stats}");
    assert_signs_in(p, "unknown actions");

    // A CRLF inside X-Amz-Target: either a malformed request (400) or, where the CRLF
    // ends the header, a second header that changes nothing.
    let body = json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}).to_string();
    let head = format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.Initiate\r\nAuth\r\n\r\n", body.len());
    let r = raw(p, &head, body.as_bytes());
    assert_eq!(r.status, 400, "{}", r.head);
    let head = format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.Nope\r\nSet-Cookie: x=1\r\n\r\n", body.len());
    let r = raw(p, &head, body.as_bytes());
    assert_eq!((r.status, r.kind().as_str()), (400, "UnknownOperationException"));
    assert!(!r.head_lower().contains("set-cookie"));
    let head = format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\rX\r\n\r\n", body.len());
    assert_eq!(raw(p, &head, body.as_bytes()).status, 400);
    assert_signs_in(p, "CRLF in X-Amz-Target");

    // Usernames that differ only by case, Unicode normalisation or invisible characters.
    assert_eq!(add_user(p, "ALICE").kind(), "UsernameExistsException");
    assert_eq!(sign_in(p, "aLiCe").status, 200);
    assert_eq!(add_user(p, "jos\u{e9}").status, 200);
    assert_eq!(add_user(p, "jose\u{301}").kind(), "UsernameExistsException");
    assert_eq!(sign_in(p, "JOSE\u{301}").status, 200, "NFD and case fold to the same user");
    for invisible in ["ali\u{200b}ce", "alice\u{200d}", "\u{feff}alice", "al\u{202e}ice", "ali ce"]
    {
        let r = add_user(p, invisible);
        assert_eq!(r.kind(), "InvalidParameterException", "{invisible:?}: {}", r.body);
        let r = sign_in(p, invisible);
        assert_eq!(r.kind(), "NotAuthorizedException", "{invisible:?}");
    }
    assert_signs_in(p, "confusable usernames");

    // A replayed session.
    let ch = call(p, "InitiateAuth", json!({"ClientId": CLIENT, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD"}})).json_or_null();
    assert_eq!(ch["ChallengeName"], "PASSWORD");
    let answer = json!({"ClientId": CLIENT, "ChallengeName": "PASSWORD", "Session": ch["Session"], "ChallengeResponses": {"USERNAME": "alice", "PASSWORD": PW}});
    assert_eq!(call(p, "RespondToAuthChallenge", answer.clone()).status, 200);
    let r = call(p, "RespondToAuthChallenge", answer);
    assert_eq!(r.kind(), "NotAuthorizedException");
    assert_signs_in(p, "a replayed session");

    // 50 parallel answers to one session: exactly one succeeds.
    let ch = call(p, "InitiateAuth", json!({"ClientId": CLIENT, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD"}})).json_or_null();
    let answer = json!({"ClientId": CLIENT, "ChallengeName": "PASSWORD", "Session": ch["Session"], "ChallengeResponses": {"USERNAME": "alice", "PASSWORD": PW}});
    let threads: Vec<_> = (0..50)
        .map(|_| {
            let a = answer.clone();
            std::thread::spawn(move || call(p, "RespondToAuthChallenge", a))
        })
        .collect();
    let replies: Vec<Reply> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let ok = replies.iter().filter(|r| r.status == 200).count();
    assert_eq!(ok, 1);
    assert!(replies
        .iter()
        .filter(|r| r.status != 200)
        .all(|r| r.kind() == "NotAuthorizedException"));
    assert_signs_in(p, "50 parallel answers");

    // Values reaching time arithmetic are range-checked.
    for bad in [
        json!({"advanceSeconds": 1e16}),
        json!({"advanceSeconds": -1}),
        json!({"advanceSeconds": "1"}),
        json!({"advanceSeconds": 1.7e308}),
    ] {
        let r = post(p, "/_local/clock", &[], bad.to_string().as_bytes());
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
    let r = post(p, "/_local/clock", &[], br#"{"advanceSeconds": 60}"#);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_signs_in(p, "clock inputs");
}

#[test]
fn dev_endpoints_and_admin_actions_answer_browsers_from_loopback_only() {
    let srv = Server::start(7, &[]);
    let p = srv.port;
    let evil = Some("http://evil.example");
    // The dev inbox: refused for another origin, with no CORS header to read it by.
    let r = get(p, "/_local/inbox", &[("Origin", "http://evil.example")]);
    assert_eq!(r.status, 403);
    assert!(!r.head_lower().contains("access-control-allow-origin"));
    assert!(!r.body.contains("messages"));
    // A simple (no-preflight) POST from another origin does not act.
    let r = post(
        p,
        "/_local/clock",
        &[("Origin", "null"), ("Content-Type", "text/plain")],
        br#"{"advanceSeconds": 1000}"#,
    );
    assert_eq!(r.status, 403);
    assert_eq!(get(p, "/_local/clock", &[]).json_or_null()["offsetSeconds"], 0.0);
    // Unsigned admin actions: refused, and nothing happens.
    let body =
        json!({"UserPoolId": POOL, "Username": "mallory", "MessageAction": "SUPPRESS"}).to_string();
    let r = call_as(p, "AdminCreateUser", body.as_bytes(), evil);
    assert_eq!(r.status, 403);
    assert_eq!(
        call(p, "AdminGetUser", json!({"UserPoolId": POOL, "Username": "mallory"})).kind(),
        "UserNotFoundException"
    );
    let r = call_as(p, "ListUsers", json!({"UserPoolId": POOL}).to_string().as_bytes(), evil);
    assert_eq!(r.status, 403);
    // Loopback origins and non-browser clients (no Origin) are served.
    for o in [
        "http://localhost:5173",
        "http://127.0.0.1:8080",
        "http://[::1]:3000",
        "https://app.localhost",
    ] {
        let r = get(p, "/_local/inbox", &[("Origin", o)]);
        assert_eq!(r.status, 200, "{o}");
        assert!(r.head_lower().contains(&format!("access-control-allow-origin: {o}")));
        assert_eq!(
            call_as(p, "ListUsers", json!({"UserPoolId": POOL}).to_string().as_bytes(), Some(o))
                .status,
            200
        );
    }
    assert_eq!(get(p, "/_local/inbox", &[]).status, 200);
    // The public API answers any origin, as Cognito does.
    let r = call_as(p, "InitiateAuth", json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "x", "PASSWORD": PW}}).to_string().as_bytes(), evil);
    assert_eq!(r.kind(), "NotAuthorizedException");
    assert!(r.head_lower().contains("access-control-allow-origin: http://evil.example"));
    drop(srv);

    // The flag widens it.
    let srv = Server::start(7, &["--allow-origin", "http://evil.example"]);
    let r = get(srv.port, "/_local/inbox", &[("Origin", "http://evil.example")]);
    assert_eq!(r.status, 200);
    let r = get(srv.port, "/_local/inbox", &[("Origin", "http://other.example")]);
    assert_eq!(r.status, 403);
}

#[test]
fn a_rejected_pool_config_leaves_nothing_behind() {
    let srv = Server::start(7, &[]);
    let bad = json!({"id": "us-east-1_Half", "clients": [{"id": "halfclient"}], "users": [
        {"username": "fine", "password": PW}, {"username": "in\u{200b}visible", "password": PW}]});
    let r = post(srv.port, "/_local/pools", &[], bad.to_string().as_bytes());
    assert_eq!(r.status, 400, "{}", r.body);
    let r = call(
        srv.port,
        "InitiateAuth",
        json!({"ClientId": "halfclient", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "fine", "PASSWORD": PW}}),
    );
    assert_eq!(r.kind(), "ResourceNotFoundException");
    let good = json!({"id": "us-east-1_Half", "clients": [{"id": "halfclient"}], "users": [{"username": "fine", "password": PW}]});
    assert_eq!(post(srv.port, "/_local/pools", &[], good.to_string().as_bytes()).status, 200);
    let r = call(
        srv.port,
        "InitiateAuth",
        json!({"ClientId": "halfclient", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "fine", "PASSWORD": PW}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn request_ids_do_not_expose_the_seed() {
    let srv = Server::start(7, &[]);
    let ids: Vec<String> = (0..3)
        .map(|_| {
            let r = call(srv.port, "Nope", json!({}));
            let line = r
                .head_lower()
                .lines()
                .find(|l| l.starts_with("x-amzn-requestid:"))
                .unwrap()
                .to_string();
            line.trim_start_matches("x-amzn-requestid:").trim().to_string()
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert_eq!(id.len(), 36);
        assert!(!id.contains("00000007"), "{id} shows the seed");
        assert!(
            !id.ends_with("000000000001") && !id.ends_with("000000000002"),
            "{id} is a counter"
        );
    }
}

#[test]
fn sessions_and_inbox_are_capped_and_expire() {
    let mut h = common::H::new();
    h.confirmed_user("alice");
    let c = h.client.clone();
    // The inbox keeps at most 1,000 messages, newest last, and drops day-old ones.
    for i in 0..1_100 {
        h.ok("AdminCreateUser", json!({"UserPoolId": h.pool, "Username": format!("u{i}"), "UserAttributes": [{"Name": "email", "Value": format!("u{i}@example.com")}]}));
    }
    let inbox = h.emu.inbox(None, None);
    assert_eq!(inbox.len(), 1_000);
    assert_eq!(inbox.last().unwrap().username, "u1099");
    h.advance(25 * 3600);
    h.ok("AdminCreateUser", json!({"UserPoolId": h.pool, "Username": "late", "UserAttributes": [{"Name": "email", "Value": "late@example.com"}]}));
    assert_eq!(h.emu.inbox(None, None).len(), 1);
    // Pending sessions are capped: the oldest go first, the newest still work.
    let start = |h: &mut common::H| {
        h.ok("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD"}}))["Session"].clone()
    };
    let first = start(&mut h);
    for _ in 0..10_050 {
        h.now += 1;
        start(&mut h);
    }
    let last = start(&mut h);
    let e = h
        .respond("PASSWORD", &first, json!({"USERNAME": "alice", "PASSWORD": common::PW}))
        .unwrap_err();
    assert_eq!(e.code, "NotAuthorizedException");
    common::tokens(
        &h.respond("PASSWORD", &last, json!({"USERNAME": "alice", "PASSWORD": common::PW}))
            .unwrap(),
    );
}
