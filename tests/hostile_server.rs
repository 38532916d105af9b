//! Hostile server answers through the whole client (driver, flows, parsers): each one is a
//! typed `AuthError`, never a panic (a trap in wasm), and nothing of it is stored. The server
//! is scripted: one canned answer per action.
#![cfg(not(target_arch = "wasm32"))]

use cognito_wasm::driver::Client;
use cognito_wasm::error::AuthError;
use cognito_wasm::flow::sign_in::SignInInput;
use cognito_wasm::flow::{AuthFlow, FirstFactor, PoolConfig};
use cognito_wasm::model::config::{ClientConfig, StorageKind, DEFAULT_TIMEOUT_MS};
use cognito_wasm::protocol::{Action, RawResponse};
use cognito_wasm::secret::Secret;
use cognito_wasm::storage::{KeyValue, MemoryStore};
use cognito_wasm::transport::Platform;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Cognito's SRP group prime (the emulator's copy: an independent implementation).
const N_HEX: &str = local_cognito::srp::N_HEX;
const NOW_MS: u64 = 1_750_000_000_000;

/// A server that answers each action with one canned `(status, body)`, and logs what was sent.
#[derive(Clone, Default)]
struct Scripted {
    answers: Rc<RefCell<HashMap<&'static str, (u16, String)>>>,
    sent: Rc<RefCell<Vec<&'static str>>>,
}

impl Scripted {
    fn answer(&self, action: &'static str, status: u16, body: impl Into<String>) -> &Self {
        self.answers.borrow_mut().insert(action, (status, body.into()));
        self
    }
    fn sent(&self) -> Vec<&'static str> {
        self.sent.borrow().clone()
    }
}

impl Platform for Scripted {
    async fn send(
        &self,
        _: &str,
        action: Action,
        _: &str,
        _: u32,
    ) -> Result<RawResponse, AuthError> {
        self.sent.borrow_mut().push(action.name());
        let (status, body) = self.answers.borrow().get(action.name()).cloned().unwrap_or((
            400,
            r#"{"__type":"InternalErrorException","message":"unscripted"}"#.into(),
        ));
        Ok(RawResponse { status, error_type: None, body })
    }
    async fn sleep(&self, _: u64) {}
    fn now_ms(&self) -> u64 {
        NOW_MS
    }
    async fn passkey_get(&self, _: &str, _: bool) -> Result<Secret, AuthError> {
        Ok(Secret::new(r#"{"id":"x","rawId":"x","type":"public-key","response":{}}"#))
    }
}

fn client(server: &Scripted) -> (Client<Scripted>, Rc<MemoryStore>) {
    let config = ClientConfig {
        pool: PoolConfig {
            user_pool_id: "eu-west-1_Hostile".into(),
            client_id: "hostileclient".into(),
            client_secret: None,
        },
        endpoint: "http://hostile.test/".into(),
        storage: StorageKind::Memory,
        request_timeout_ms: DEFAULT_TIMEOUT_MS,
        identity: None,
        oauth: None,
    };
    let tokens = Rc::new(MemoryStore::default());
    let c = Client::new(
        config,
        server.clone(),
        Box::new(Shared(tokens.clone())) as Box<dyn KeyValue>,
        Box::new(MemoryStore::default()),
    );
    (c, tokens)
}

struct Shared(Rc<MemoryStore>);
impl KeyValue for Shared {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &str) {
        self.0.set(key, value)
    }
    fn remove(&self, key: &str) {
        self.0.remove(key)
    }
}

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

fn sign_in(flow: AuthFlow, password: Option<&str>, preferred: Option<FirstFactor>) -> SignInInput {
    SignInInput {
        username: "ann".into(),
        password: password.map(Secret::new),
        flow,
        preferred,
        client_metadata: vec![],
    }
}

fn verifier(srp_b: &str, salt: &str) -> String {
    format!(
        r#"{{"ChallengeName":"PASSWORD_VERIFIER","Session":"s1","ChallengeParameters":{{"SALT":"{salt}","SRP_B":"{srp_b}","SECRET_BLOCK":"c2VjcmV0","USER_ID_FOR_SRP":"ann","USERNAME":"ann"}}}}"#
    )
}

/// base64url of `{"sub":"s","username":"ann","token_use":"access","exp":<exp>,"iat":1750000000}`.
fn jwt(exp: &str) -> String {
    use std::fmt::Write;
    let payload = format!(
        r#"{{"sub":"s","username":"ann","token_use":"access","exp":{exp},"iat":1750000000}}"#
    );
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in payload.as_bytes().chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            let _ = write!(out, "{}", table[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    format!("eyJhbGciOiJSUzI1NiJ9.{out}.c2ln")
}

fn tokens_answer(access: &str) -> String {
    format!(
        r#"{{"AuthenticationResult":{{"AccessToken":"{access}","IdToken":"{access}","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer"}}}}"#
    )
}

/// SRP_B of 0, N, 2N, empty, non-hex and 10 MB; an empty SALT: each a typed error before the
/// proof is sent, and nobody is signed in.
#[test]
fn hostile_srp_challenges_are_typed_errors_and_no_proof_is_sent() {
    let ten_mb = "A".repeat(10 * 1024 * 1024);
    let two_n = format!("1{}", "F".repeat(768));
    let cases: Vec<(&str, String, &str)> = vec![
        ("SRP_B = 0", verifier("0", "abcd"), ""),
        ("SRP_B = N", verifier(N_HEX, "abcd"), ""),
        ("SRP_B > N", verifier(&two_n, "abcd"), ""),
        ("SRP_B empty", verifier("", "abcd"), ""),
        ("SRP_B not hex", verifier("xyz", "abcd"), ""),
        ("SRP_B 10 MB", verifier(&ten_mb, "abcd"), ""),
        ("SALT empty", verifier("2", ""), ""),
    ];
    for (what, body, _) in cases {
        let server = Scripted::default();
        server.answer("InitiateAuth", 200, body);
        let (c, tokens) = client(&server);
        let r = block(c.sign_in(sign_in(AuthFlow::UserSrp, Some("pw"), None)));
        let e = r.expect_err(what);
        assert!(!e.name().is_empty() && !e.message().contains("pw"), "{what}: {e:?}");
        assert_eq!(server.sent(), ["InitiateAuth"], "{what}: no proof sent");
        let last_user = "CognitoIdentityServiceProvider.hostileclient.LastAuthUser";
        assert!(!c.is_signed_in() && tokens.get(last_user).is_none(), "{what}: nothing stored");
    }
}

/// A 200 whose body is an error, truncated JSON, a body that is not JSON, and tokens whose
/// `exp` is absurd or not a number: typed errors, nothing stored.
#[test]
fn hostile_token_answers_are_typed_errors_and_store_nothing() {
    let absurd = [
        (
            "200 with an error body",
            r#"{"__type":"NotAuthorizedException","message":"no"}"#.to_string(),
        ),
        ("truncated JSON", r#"{"AuthenticationResult":{"AccessToken":"#.to_string()),
        ("not JSON", "<html>Service Unavailable</html>".to_string()),
        ("exp 1e400", tokens_answer(&jwt("1e400"))),
        ("exp beyond u64", tokens_answer(&jwt("99999999999999999999999"))),
        ("exp negative", tokens_answer(&jwt("-1"))),
        ("exp a string", tokens_answer(&jwt(r#""soon""#))),
        ("exp in year 9999+", tokens_answer(&jwt("253402300800000"))),
        ("exp in the past", tokens_answer(&jwt("1000000000"))),
    ];
    for (what, body) in absurd {
        let server = Scripted::default();
        server.answer("InitiateAuth", 200, body);
        let (c, tokens) = client(&server);
        let r = block(c.sign_in(sign_in(AuthFlow::UserPassword, Some("pw"), None)));
        match r {
            Err(e) => assert!(!e.message().contains("pw"), "{what}: {e:?}"),
            Ok(o) => panic!("{what}: expected a typed error, got {o:?}"),
        }
        assert!(!c.is_signed_in(), "{what}");
        assert!(
            tokens.get("CognitoIdentityServiceProvider.hostileclient.LastAuthUser").is_none(),
            "{what}: nothing stored"
        );
    }
}

/// CREDENTIAL_REQUEST_OPTIONS that are not JSON (or not WebAuthn options): a typed error
/// before any browser prompt.
#[test]
fn webauthn_options_that_are_not_options_are_typed_errors() {
    for options in ["not json", "{}", "[]", r#"{"challenge":1}"#, "\"\""] {
        let body = format!(
            r#"{{"ChallengeName":"WEB_AUTHN","Session":"s1","ChallengeParameters":{{"CREDENTIAL_REQUEST_OPTIONS":{}}}}}"#,
            serde_json::to_string(options).unwrap()
        );
        let server = Scripted::default();
        server.answer("InitiateAuth", 200, body);
        let (c, _) = client(&server);
        let r = block(c.sign_in(sign_in(AuthFlow::UserAuth, None, Some(FirstFactor::WebAuthn))));
        assert!(r.is_err(), "{options}: {r:?}");
        assert_eq!(server.sent(), ["InitiateAuth"], "{options}: nothing answered");
    }
}
