//! Hostile inputs for every parser of what the client receives: Cognito responses (the
//! protocol readers, the flows' response handlers and the sign-in state machine), JWT
//! payloads, WebAuthn options and stored values (pending sign-in, auto sign-in). Each must give
//! a value or a typed error, never panic. The seeds are real responses recorded from the local
//! Cognito core plus hand-written challenge shapes; each run mutates them (JSON-aware edits
//! with hostile values, and raw character edits). Seeded: a failure names the iteration.
#![cfg(not(target_arch = "wasm32"))]

use cognito_wasm::error::AuthError;
use cognito_wasm::flow::challenge::{setup_types, waiting_for, PasswordVia, Waiting};
use cognito_wasm::flow::sign_in::{self, Answer, Pending, SignInInput, Step, Who};
use cognito_wasm::flow::sign_up::{self, AutoSignIn, AutoSignInOptions, SignUpInput};
use cognito_wasm::flow::PoolConfig;
use cognito_wasm::flow::{account, passkeys, session, AuthFlow, Env, FirstFactor, MfaType};
use cognito_wasm::json::Json;
use cognito_wasm::protocol::{self, AuthResponse, CodeDelivery, RawResponse, TokenSet};
use cognito_wasm::secret::Secret;
use cognito_wasm::storage::state;
use cognito_wasm::{jwt, srp, webauthn};
use local_cognito::{Emulator, EmulatorConfig};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

const NOW: u64 = 1_750_000_000_000;

// ---- seeds --------------------------------------------------------------------------------

/// One recorded answer: action, status, body.
type Seed = (String, u16, String);

/// Real responses from the local Cognito core for the actions the client sends, successes and
/// errors, by calling it as the client would.
fn recorded() -> Vec<Seed> {
    let mut emu = Emulator::new(EmulatorConfig { seed: Some(11), ..Default::default() }).unwrap();
    let (pool, client) = emu.default_ids();
    let mut out = Vec::new();
    let mut call = |emu: &mut Emulator, action: &str, body: Value| -> Value {
        let (status, text) = emu.handle(action, &body.to_string(), NOW);
        out.push((action.to_string(), status, text.clone()));
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    let pw = "Correct-Horse-9";
    call(
        &mut emu,
        "SignUp",
        json!({"ClientId": client, "Username": "fz", "Password": pw,
        "UserAttributes": [{"Name": "email", "Value": "fz@example.com"}]}),
    );
    call(&mut emu, "ResendConfirmationCode", json!({"ClientId": client, "Username": "fz"}));
    call(
        &mut emu,
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": "fz", "ConfirmationCode": "000000"}),
    );
    call(&mut emu, "AdminConfirmSignUp", json!({"UserPoolId": pool, "Username": "fz"}));
    call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "fz", "PASSWORD": "wrong"}}),
    );
    let auth = call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client,
        "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "fz", "PASSWORD": pw}}),
    );
    let access = auth["AuthenticationResult"]["AccessToken"].as_str().unwrap_or("").to_string();
    let refresh = auth["AuthenticationResult"]["RefreshToken"].as_str().unwrap_or("").to_string();
    call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "USER_SRP_AUTH",
        "AuthParameters": {"USERNAME": "fz", "SRP_A": "2"}}),
    );
    call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "fz"}}),
    );
    call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "USER_AUTH",
        "AuthParameters": {"USERNAME": "fz", "PREFERRED_CHALLENGE": "EMAIL_OTP"}}),
    );
    call(
        &mut emu,
        "GetTokensFromRefreshToken",
        json!({"ClientId": client, "RefreshToken": refresh}),
    );
    call(&mut emu, "GetUser", json!({"AccessToken": access}));
    call(&mut emu, "GetUser", json!({"AccessToken": "not-a-token"}));
    call(&mut emu, "AssociateSoftwareToken", json!({"AccessToken": access}));
    call(&mut emu, "VerifySoftwareToken", json!({"AccessToken": access, "UserCode": "000000"}));
    call(
        &mut emu,
        "SetUserMFAPreference",
        json!({"AccessToken": access,
        "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    call(&mut emu, "GetUser", json!({"AccessToken": access}));
    call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "fz", "PASSWORD": pw}}),
    );
    call(&mut emu, "StartWebAuthnRegistration", json!({"AccessToken": access}));
    call(&mut emu, "ListWebAuthnCredentials", json!({"AccessToken": access}));
    call(&mut emu, "ForgotPassword", json!({"ClientId": client, "Username": "fz"}));
    call(
        &mut emu,
        "ConfirmForgotPassword",
        json!({"ClientId": client, "Username": "fz",
        "ConfirmationCode": "000000", "Password": pw}),
    );
    call(
        &mut emu,
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "tmp",
        "TemporaryPassword": pw, "UserAttributes": [{"Name": "email", "Value": "t@example.com"}]}),
    );
    call(
        &mut emu,
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "tmp", "PASSWORD": pw}}),
    );
    call(&mut emu, "GlobalSignOut", json!({"AccessToken": access}));
    out.retain(|(action, _, _)| !action.starts_with("Admin"));
    out
}

/// Challenge and response shapes the recording does not reach (from Cognito's API reference).
fn hand_written() -> Vec<Seed> {
    let s = |action: &str, body: Value| (action.to_string(), 200, body.to_string());
    let ch = |name: &str, params: Value| {
        s(
            "RespondToAuthChallenge",
            json!({"ChallengeName": name, "Session": "sess", "ChallengeParameters": params}),
        )
    };
    vec![
        ch(
            "SMS_MFA",
            json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
            "CODE_DELIVERY_DESTINATION": "+*******1234", "USER_ID_FOR_SRP": "u"}),
        ),
        ch("SOFTWARE_TOKEN_MFA", json!({})),
        ch(
            "SELECT_MFA_TYPE",
            json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"}),
        ),
        ch("MFA_SETUP", json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"})),
        ch("MFA_SETUP", json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"})),
        ch("CUSTOM_CHALLENGE", json!({"USERNAME": "u", "question": "2+2?"})),
        ch(
            "NEW_PASSWORD_REQUIRED",
            json!({"requiredAttributes": "[\"userAttributes.name\"]",
            "userAttributes": "{\"email\":\"a@example.com\"}"}),
        ),
        ch(
            "WEB_AUTHN",
            json!({"CREDENTIAL_REQUEST_OPTIONS":
            "{\"challenge\":\"Y2g\",\"rpId\":\"localhost\",\"allowCredentials\":[{\"id\":\"aWQ\",\"type\":\"public-key\"}]}"}),
        ),
        ch(
            "PASSWORD_VERIFIER",
            json!({"USER_ID_FOR_SRP": "u", "SALT": "abcdef0123",
            "SRP_B": "1f".repeat(384), "SECRET_BLOCK": "c2VjcmV0IGJsb2Nr", "USERNAME": "u"}),
        ),
        s(
            "InitiateAuth",
            json!({"ChallengeName": "SELECT_CHALLENGE", "Session": "s",
            "AvailableChallenges": ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"],
            "ChallengeParameters": {"USERNAME": "u"}}),
        ),
        s("AssociateSoftwareToken", json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s"})),
        s("VerifySoftwareToken", json!({"Status": "SUCCESS", "Session": "s"})),
        s(
            "ListWebAuthnCredentials",
            json!({"Credentials": [{"CredentialId": "c1",
            "FriendlyCredentialName": "Key", "RelyingPartyId": "localhost",
            "AuthenticatorAttachment": "platform", "AuthenticatorTransports": ["internal"],
            "CreatedAt": 1_700_000_000.25}], "NextToken": "t"}),
        ),
        (
            "InitiateAuth".into(),
            400,
            json!({"__type": "UserNotConfirmedException", "message": "m"}).to_string(),
        ),
        (
            "InitiateAuth".into(),
            400,
            json!({"__type": "PasswordResetRequiredException"}).to_string(),
        ),
        (
            "InitiateAuth".into(),
            429,
            "{\"__type\":\"com.amazon#TooManyRequestsException:x\"}".into(),
        ),
        ("GetUser".into(), 500, "<html>oops</html>".into()),
    ]
}

// ---- mutation -----------------------------------------------------------------------------

const KEYS: &[&str] = &[
    "ChallengeName",
    "Session",
    "ChallengeParameters",
    "AuthenticationResult",
    "AccessToken",
    "IdToken",
    "RefreshToken",
    "ExpiresIn",
    "CodeDeliveryDetails",
    "Destination",
    "DeliveryMedium",
    "AttributeName",
    "UserSub",
    "UserConfirmed",
    "SecretCode",
    "Status",
    "UserAttributes",
    "Name",
    "Value",
    "UserMFASettingList",
    "PreferredMfaSetting",
    "Credentials",
    "NextToken",
    "CreatedAt",
    "CredentialCreationOptions",
    "AvailableChallenges",
    "__type",
    "code",
    "message",
    "Message",
    "challenge",
    "rp",
    "user",
    "id",
    "pubKeyCredParams",
    "USERNAME",
    "USER_ID_FOR_SRP",
    "SRP_B",
    "SALT",
    "SECRET_BLOCK",
    "MFAS_CAN_SETUP",
    "MFAS_CAN_CHOOSE",
    "CREDENTIAL_REQUEST_OPTIONS",
    "CODE_DELIVERY_DESTINATION",
];

struct Fuzz {
    rng: SmallRng,
    /// JWTs may carry an `iat` beyond `u64::MAX / 1000`. Off through the driver until
    /// `Client::store_tokens` (src/driver/mod.rs) stops computing `iat * 1000` unchecked: it
    /// overflows there (a panic in test builds, a wrapped clock drift in release).
    huge_iat: bool,
}

impl Fuzz {
    fn chance(&mut self, per_mille: u32) -> bool {
        self.rng.gen_range(0..1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }

    fn hostile_string(&mut self) -> String {
        match self.rng.gen_range(0..14) {
            0 => String::new(),
            1 => "0".into(),
            2 => "00".repeat(self.rng.gen_range(1..600)),
            3 => "f".repeat(self.rng.gen_range(1..1000)),
            4 => "zz-not-hex".into(),
            5 => "====".into(),
            6 => "é😀\u{0}\u{2028}".into(),
            7 => "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\",\"SMS_MFA\",1,null]".into(),
            8 => "{\"challenge\":\"\",\"rp\":[]}".into(),
            9 => format!("{}.{}.{}", self.b64_junk(), self.b64_junk(), self.b64_junk()),
            10 => self.jwt(),
            11 => "x".repeat(self.rng.gen_range(0..5000)),
            12 => (*self.pick(&[
                "SMS_MFA",
                "EMAIL_OTP",
                "PASSWORD_VERIFIER",
                "WEB_AUTHN",
                "MFA_SETUP",
                "SELECT_CHALLENGE",
                "SUCCESS",
                "ERROR",
                "NEW_THING",
                "EMAIL",
            ]))
            .to_string(),
            _ => {
                let n = self.rng.gen_range(0..40);
                (0..n).map(|_| char::from(self.rng.gen_range(b' '..=b'~'))).collect()
            }
        }
    }

    fn b64_junk(&mut self) -> String {
        const A: &[u8] = b"ABCxyz019-_+/=.";
        let n = self.rng.gen_range(0..40);
        (0..n).map(|_| char::from(*self.pick(A))).collect()
    }

    /// A JWT whose payload is hostile JSON (or not JSON).
    fn jwt(&mut self) -> String {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let exp = self.hostile_value(0);
        let payload = match self.rng.gen_range(0..4) {
            0 => json!({"exp": exp, "sub": "s", "username": "u"}).to_string(),
            1 => {
                let iat = if self.huge_iat { json!(u64::MAX) } else { json!(i64::MIN) };
                json!({"exp": u64::MAX, "iat": iat, "username": exp}).to_string()
            }
            2 => "{\"exp\":1e400,\"sub\":".into(),
            _ => self.hostile_value(0).to_string(),
        };
        format!("eyJhbGciOiJSUzI1NiJ9.{}.sig", Base64UrlUnpadded::encode_string(payload.as_bytes()))
    }

    fn hostile_value(&mut self, depth: usize) -> Value {
        match self.rng.gen_range(0..12) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(500)),
            2 => json!(self.pick(&[0i64, -1, i64::MIN, i64::MAX, 1_700_000_000])),
            3 => json!(u64::MAX),
            4 => json!(self.pick(&[0.5f64, -1e300, 1.7e9, 1e-300])),
            5 if depth < 4 => {
                let n = self.rng.gen_range(0..4);
                Value::Array((0..n).map(|_| self.hostile_value(depth + 1)).collect())
            }
            6 if depth < 4 => {
                let n = self.rng.gen_range(0..4);
                let mut m = serde_json::Map::new();
                for _ in 0..n {
                    let k = (*self.pick(KEYS)).to_string();
                    m.insert(k, self.hostile_value(depth + 1));
                }
                Value::Object(m)
            }
            7 => {
                // A deep nest, near and past the parser's bound.
                let mut v = Value::Null;
                for _ in 0..self.rng.gen_range(1..70) {
                    v = Value::Array(vec![v]);
                }
                v
            }
            _ => Value::String(self.hostile_string()),
        }
    }

    /// Edits one random node of `v`.
    fn mutate_tree(&mut self, v: &mut Value, depth: usize) {
        match v {
            Value::Object(m) if !m.is_empty() && self.chance(800) => {
                let keys: Vec<String> = m.keys().cloned().collect();
                let k = self.pick(&keys).clone();
                match self.rng.gen_range(0..5) {
                    0 => {
                        m.remove(&k);
                    }
                    1 => {
                        let nk = (*self.pick(KEYS)).to_string();
                        let nv = self.hostile_value(depth);
                        m.insert(nk, nv);
                    }
                    2 => {
                        let nv = self.hostile_value(depth);
                        m.insert(k, nv);
                    }
                    _ => {
                        if let Some(child) = m.get_mut(&k) {
                            self.mutate_tree(child, depth + 1);
                        }
                    }
                }
            }
            Value::Array(a) if !a.is_empty() && self.chance(800) => {
                let i = self.rng.gen_range(0..a.len());
                if self.chance(300) {
                    a[i] = self.hostile_value(depth);
                } else {
                    self.mutate_tree(&mut a[i], depth + 1);
                }
            }
            Value::String(s) if self.chance(500) => {
                // Strings often carry JSON (MFAS_CAN_SETUP, CREDENTIAL_REQUEST_OPTIONS).
                if let Ok(mut inner) = serde_json::from_str::<Value>(s) {
                    self.mutate_tree(&mut inner, depth + 1);
                    *s = inner.to_string();
                } else {
                    *s = self.mutate_text(s);
                }
            }
            _ => *v = self.hostile_value(depth),
        }
    }

    fn mutate_text(&mut self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        const ALPHABET: &[char] =
            &['{', '}', '[', ']', ',', ':', '"', '\\', '-', '.', 'e', '0', '9', 'n', ' ', 'é'];
        for _ in 0..self.rng.gen_range(1..=4) {
            let len = chars.len();
            let at = self.rng.gen_range(0..=len);
            match self.rng.gen_range(0..5) {
                0 if at < len => {
                    chars.remove(at);
                }
                1 => chars.insert(at, *self.pick(ALPHABET)),
                2 if at < len => chars[at] = *self.pick(ALPHABET),
                3 => chars.truncate(at),
                _ => {}
            }
        }
        chars.into_iter().collect()
    }

    /// A hostile variant of a seed: status, error header and body.
    fn response(&mut self, seed: &Seed) -> RawResponse {
        let (_, status, body) = seed;
        let status = if self.chance(100) {
            *self.pick(&[0, 200, 204, 299, 300, 400, 429, 500, 503, 999, u16::MAX])
        } else {
            *status
        };
        let error_type = self.chance(100).then(|| {
            let t = *self.pick(&["", "#", ":", "a#b:c", "NotAuthorizedException", "x,y#"]);
            t.to_string()
        });
        let body = match serde_json::from_str::<Value>(body) {
            Ok(mut v) if self.chance(750) => {
                for _ in 0..self.rng.gen_range(1..=3) {
                    self.mutate_tree(&mut v, 0);
                }
                v.to_string()
            }
            _ => self.mutate_text(body),
        };
        RawResponse { status, error_type, body }
    }
}

// ---- what is fed ----------------------------------------------------------------------------

fn pool() -> PoolConfig {
    PoolConfig {
        user_pool_id: "eu-west-1_Fuzz".into(),
        client_id: "fuzzclient".into(),
        client_secret: Some(Secret::new("s3cret")),
    }
}

fn env_at(now_ms: u64, random: &mut dyn FnMut(&mut [u8])) -> Env<'_> {
    Env { now_ms, random, ephemeral: None, devices: &cognito_wasm::flow::no_devices }
}

fn fill(b: &mut [u8]) {
    b.fill(0x5a);
}

/// Every response reader that takes a parsed body.
fn read_all(v: &Json, drift: i64) {
    if let Ok(r) = AuthResponse::read(v) {
        let _ = waiting_for(&r);
        let _ = setup_types(&r);
        for (_, value) in &r.params {
            let _ = webauthn::check_request_options(value);
        }
        if let Some(t) = &r.tokens {
            tokens(t, drift);
        }
    }
    if let Some(r) = v.get("AuthenticationResult") {
        if let Ok(t) = TokenSet::read(r) {
            tokens(&t, drift);
        }
    }
    let _ = CodeDelivery::read(v);
    let _ = v.get("CodeDeliveryDetails").map(CodeDelivery::read);
    let _ = account::user_attributes(v);
    let _ = account::secret_code(v);
    let _ = account::verified(v);
    let _ = account::mfa_preference(v);
    let _ = passkeys::creation_options(v);
    let _ = passkeys::read_list(v);
    let _ = session::on_refresh(v);
    let _ = session::attribute_pairs(v.get("UserAttributes"));
    let _ = webauthn::check_creation_options(v);
    let mut random = fill;
    let env = env_at(NOW, &mut random);
    let input = SignUpInput {
        username: "u".into(),
        password: Some(Secret::new("p")),
        user_attributes: vec![],
        validation_data: vec![],
        client_metadata: vec![],
        auto: Some(AutoSignInOptions {
            flow: AuthFlow::UserAuth,
            preferred: None,
            client_metadata: vec![],
        }),
    };
    if let Ok((_, Some(auto))) = sign_up::on_sign_up(input, v, &env) {
        let (_, auto) = sign_up::on_confirm_sign_up("u", v, Some(auto), &env);
        if let Some(a) = auto {
            let text = state::auto_to_json(&a);
            assert!(state::auto_from_json(&text).is_some(), "an auto sign-in does not reload");
        }
    }
}

/// What the client reads from tokens: the JWT claims and the expiry.
fn tokens(t: &TokenSet, drift: i64) {
    for token in [&t.access_token, &t.id_token] {
        if let Some(c) = jwt::claims(token.expose()) {
            let exp = c.get("exp").and_then(Json::as_u64);
            let _ = session::is_expired(exp, drift, NOW);
            let _ = (c.str("sub"), c.str("username"), c.get("origin_jti"));
        }
    }
}

/// The sign-in state machine fed a response; pending steps are answered and stored.
fn sign_in_step(r: Result<Json, AuthError>, flow: AuthFlow) {
    let pool = pool();
    let mut random = fill;
    let mut env = env_at(NOW, &mut random);
    if flow == AuthFlow::UserSrp {
        env.ephemeral = srp::Ephemeral::new(&[7u8; 48]).ok();
    }
    let password = (flow != AuthFlow::CustomWithoutSrp).then(|| Secret::new("Correct-Horse-9"));
    let input = SignInInput {
        username: "u".into(),
        password,
        flow,
        preferred: None,
        client_metadata: vec![],
    };
    let Ok(Step::Send(_, expect)) = sign_in::start(input, &pool, &mut env) else {
        panic!("sign-in did not start");
    };
    match expect.on_response(r, &pool, &mut env) {
        Ok(Step::Ask(p)) => pending(&p),
        Ok(Step::Passkey(p)) => {
            let _ = webauthn::check_request_options(&p.options_json);
            let _ = p.respond("{\"id\":\"x\"}".into(), &pool);
        }
        _ => {}
    }
}

/// A pending sign-in survives storage and takes answers without panicking.
fn pending(p: &Pending) {
    let text = state::pending_to_json(p);
    assert_eq!(state::pending_from_json(&text).as_ref(), Some(p), "a pending sign-in reloads");
    let pool = pool();
    for response in ["123456", "TOTP", "EMAIL", "PASSWORD", "a@example.com", "New-Pass-word-1"] {
        let mut random = fill;
        let mut env = env_at(NOW, &mut random);
        let answer = Answer { response: Secret::new(response), ..Default::default() };
        let _ = p.answer(answer, &pool, &mut env);
    }
}

/// Valid stored values of every kind, to mutate.
fn stored_seeds() -> Vec<String> {
    let who = Who {
        username: "u".into(),
        login_id: "u@example.com".into(),
        flow: AuthFlow::UserAuth,
        device: None,
    };
    let delivery = CodeDelivery {
        destination: Some("a***@e***".into()),
        delivery_medium: Some("EMAIL".into()),
        attribute_name: None,
    };
    let waiting = [
        Waiting::SmsMfaCode { delivery: delivery.clone() },
        Waiting::EmailCode { delivery },
        Waiting::TotpCode,
        Waiting::MfaSelection { allowed: vec![MfaType::Sms, MfaType::Totp] },
        Waiting::TotpSetup { shared_secret: Secret::new("JBSWY3DP") },
        Waiting::FirstFactorSelection { available: vec!["PASSWORD".into(), "EMAIL_OTP".into()] },
        Waiting::Password { via: PasswordVia::Selection { srp: true } },
        Waiting::CustomChallenge { params: vec![("q".into(), "2+2".into())] },
        Waiting::NewPassword { missing: vec!["name".into()] },
    ];
    let mut out: Vec<String> = waiting
        .into_iter()
        .map(|waiting| {
            state::pending_to_json(&Pending {
                who: who.clone(),
                session: Secret::new("sess"),
                expires_at_ms: NOW + 1000,
                waiting,
            })
        })
        .collect();
    out.push(state::auto_to_json(&AutoSignIn {
        username: "u".into(),
        options: AutoSignInOptions {
            flow: AuthFlow::UserAuth,
            preferred: Some(FirstFactor::EmailOtp),
            client_metadata: vec![("k".into(), "v".into())],
        },
        session: Some(Secret::new("s")),
        confirmed: true,
        expires_at_ms: NOW,
        password: None,
    }));
    out
}

// ---- tests ----------------------------------------------------------------------------------

const SEED: u64 = 0x6675_7a7a;

/// Runs `f` `count` times (times `FUZZ_SCALE` from the environment, for a longer local
/// campaign); names the iteration that panics.
fn fuzz(name: &str, seed: u64, count: usize, mut f: impl FnMut(&mut Fuzz, usize)) {
    let scale = std::env::var("FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let count = count * scale;
    let mut fz = Fuzz { rng: SmallRng::seed_from_u64(seed), huge_iat: true };
    for i in 0..count {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut fz, i)));
        if r.is_err() {
            panic!("{name} (seed {seed}) panicked at iteration {i}");
        }
    }
}

#[test]
fn responses_never_panic_a_reader() {
    let seeds: Vec<Seed> = recorded().into_iter().chain(hand_written()).collect();
    assert!(seeds.len() > 35, "{} seeds", seeds.len());
    // The recording reached real successes (not only errors).
    for action in ["SignUp", "GetUser", "AssociateSoftwareToken", "StartWebAuthnRegistration"] {
        assert!(seeds.iter().any(|(a, s, _)| a == action && *s == 200), "no {action} success");
    }
    let reached_tokens = seeds.iter().any(|(_, _, b)| b.contains("AccessToken"));
    assert!(reached_tokens, "no token response recorded");
    fuzz("responses", SEED, 25_000, |fz, i| {
        let seed = &seeds[i % seeds.len()];
        let raw = fz.response(seed);
        let _ = protocol::is_transient(&Ok(raw.clone()));
        let drift = *fz.pick(&[0, -1, i64::MIN, i64::MAX, 3_600_000]);
        let read = protocol::read(&raw);
        if let Ok(v) = &read {
            read_all(v, drift);
        }
        let flow =
            *fz.pick(&[AuthFlow::UserPassword, AuthFlow::UserAuth, AuthFlow::CustomWithoutSrp]);
        sign_in_step(read, flow);
    });
}

/// The SRP step (PASSWORD_VERIFIER) with hostile SRP_B, SALT and SECRET_BLOCK: few iterations,
/// each costs modular exponentiations.
#[test]
fn password_verifier_values_never_panic() {
    let seeds: Vec<Seed> = hand_written()
        .into_iter()
        .chain(recorded())
        .filter(|(_, _, b)| b.contains("PASSWORD_VERIFIER"))
        .collect();
    assert!(seeds.len() >= 2);
    fuzz("srp", SEED + 1, 60, |fz, i| {
        let raw = fz.response(&seeds[i % seeds.len()]);
        sign_in_step(protocol::read(&raw), AuthFlow::UserSrp);
    });
}

#[test]
fn jwt_payloads_never_panic() {
    fuzz("jwt", SEED + 2, 20_000, |fz, _| {
        let token = if fz.chance(500) { fz.jwt() } else { fz.hostile_string() };
        if let Some(c) = jwt::claims(&token) {
            let drift = *fz.pick(&[0, -1, i64::MIN, i64::MAX]);
            let _ = session::is_expired(c.get("exp").and_then(Json::as_u64), drift, NOW);
        }
    });
}

#[test]
fn stored_values_never_panic() {
    let seeds = stored_seeds();
    fuzz("stored", SEED + 3, 8_000, |fz, i| {
        let seed = &seeds[i % seeds.len()];
        let text = match serde_json::from_str::<Value>(seed) {
            Ok(mut v) if fz.chance(700) => {
                fz.mutate_tree(&mut v, 0);
                v.to_string()
            }
            _ => fz.mutate_text(seed),
        };
        if let Some(p) = state::pending_from_json(&text) {
            pending(&p);
        }
        if let Some((a, _)) = state::auto_from_json(&text) {
            assert!(state::auto_from_json(&state::auto_to_json(&a)).is_some());
        }
    });
}

// ---- through the driver ---------------------------------------------------------------------
// The whole client (driver, flows, storage) against a server that answers each action with a
// recorded response, mutated most of the time, over hostile stored values.

mod through_the_driver {
    use super::*;
    use cognito_wasm::driver::{Client, SignInOutcome};
    use cognito_wasm::flow::password_reset::ConfirmResetInput;
    use cognito_wasm::flow::sign_up::ConfirmSignUpInput;
    use cognito_wasm::model::config::{ClientConfig, StorageKind};
    use cognito_wasm::protocol::Action;
    use cognito_wasm::storage::{tokens, KeyValue, MemoryStore};
    use cognito_wasm::transport::Platform;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    struct Server {
        seeds: Vec<Seed>,
        fz: RefCell<Fuzz>,
        now: Cell<u64>,
    }

    #[derive(Clone)]
    struct Hostile(Rc<Server>);

    impl Platform for Hostile {
        async fn send(
            &self,
            _: &str,
            action: Action,
            _: &str,
            _: u32,
        ) -> Result<RawResponse, AuthError> {
            let s = &self.0;
            let mut fz = s.fz.borrow_mut();
            if fz.chance(30) {
                return Err(AuthError::Network("offline".into()));
            }
            let same: Vec<&Seed> = s.seeds.iter().filter(|(a, _, _)| a == action.name()).collect();
            let seed = if same.is_empty() || fz.chance(100) {
                fz.pick(&s.seeds).clone()
            } else {
                (*fz.pick(&same)).clone()
            };
            if fz.chance(300) {
                let (_, status, body) = seed;
                return Ok(RawResponse { status, error_type: None, body });
            }
            Ok(fz.response(&seed))
        }
        async fn sleep(&self, ms: u64) {
            self.0.now.set(self.0.now.get().saturating_add(ms));
        }
        fn now_ms(&self) -> u64 {
            self.0.now.get()
        }
        async fn passkey_get(&self, _: &str, _: bool) -> Result<Secret, AuthError> {
            Ok(Secret::new(self.0.fz.borrow_mut().hostile_string()))
        }
        async fn passkey_create(&self, _: &str) -> Result<Secret, AuthError> {
            Ok(Secret::new(self.0.fz.borrow_mut().hostile_string()))
        }
    }

    const CLIENT_ID: &str = "fuzzclient";

    /// A token store with a session whose values are hostile (or real ones, sometimes).
    fn stored(fz: &mut Fuzz, real: &[String]) -> MemoryStore {
        let kv = MemoryStore::default();
        if fz.chance(200) {
            return kv;
        }
        kv.set(&tokens::keys(CLIENT_ID, None)[0], "u");
        for (i, key) in tokens::keys(CLIENT_ID, Some("u")).iter().enumerate() {
            if fz.chance(100) {
                continue;
            }
            let value = match i {
                0 | 1 if fz.chance(400) && !real.is_empty() => fz.pick(real).clone(),
                0 | 1 => fz.jwt(),
                3 => (*fz.pick(&[
                    "0",
                    "-1",
                    "-9223372036854775808",
                    "9223372036854775807",
                    "99999999999999999999999",
                    "-",
                    "",
                    "12a",
                ]))
                .to_string(),
                _ => fz.hostile_string(),
            };
            kv.set(key, &value);
        }
        kv
    }

    /// sessionStorage with a pending sign-in and an auto sign-in, mutated.
    fn state_store(fz: &mut Fuzz, seeds: &[String]) -> MemoryStore {
        let kv = MemoryStore::default();
        for name in ["signIn", "autoSignIn"] {
            if fz.chance(500) {
                let seed = fz.pick(seeds).clone();
                let text = if fz.chance(500) { seed } else { fz.mutate_text(&seed) };
                kv.set(&format!("cognito-wasm.{CLIENT_ID}.{name}"), &text);
            }
        }
        kv
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        pollster::block_on(f)
    }

    /// One app session: every call, in a random order, each giving a value or an error.
    fn session(c: &Client<Hostile>, fz: &mut Fuzz, stored: &[String]) {
        let pw = || Some(Secret::new("Correct-Horse-9"));
        for _ in 0..6 {
            let _ = (c.is_signed_in(), c.needs_refresh(), c.current_user(), c.stored_tokens());
            let _ = c.export_sign_in();
            match fz.rng.gen_range(0..16) {
                0 => {
                    let _ = block(c.fetch_session(fz.chance(500)));
                }
                1 => {
                    let _ = block(c.user_attributes());
                }
                2 => {
                    let _ = block(c.fetch_mfa_preference());
                }
                3 => {
                    let _ = block(c.set_up_totp());
                    let _ = block(c.verify_totp_setup("123456", Some("phone")));
                }
                4 => {
                    let flows = [
                        AuthFlow::UserPassword,
                        AuthFlow::UserAuth,
                        AuthFlow::CustomWithoutSrp,
                        AuthFlow::UserAuth,
                        AuthFlow::UserSrp,
                    ];
                    let flow = *fz.pick(&flows);
                    let password = if flow == AuthFlow::CustomWithoutSrp { None } else { pw() };
                    let preferred = if flow == AuthFlow::UserAuth {
                        *fz.pick(&[
                            None,
                            Some(FirstFactor::EmailOtp),
                            Some(FirstFactor::WebAuthn),
                            Some(FirstFactor::Password),
                        ])
                    } else {
                        None
                    };
                    let input = SignInInput {
                        username: "u".into(),
                        password,
                        flow,
                        preferred,
                        client_metadata: vec![],
                    };
                    if let Ok(SignInOutcome::Ask(_)) = block(c.sign_in(input)) {
                        answer(c, fz);
                    }
                }
                5 | 6 => answer(c, fz),
                7 => {
                    let _ = block(c.auto_sign_in());
                }
                8 => {
                    let input = SignUpInput {
                        username: "u".into(),
                        password: if fz.chance(500) { pw() } else { None },
                        user_attributes: vec![("email".into(), "u@example.com".into())],
                        validation_data: vec![],
                        client_metadata: vec![],
                        auto: fz.chance(700).then(|| AutoSignInOptions {
                            flow: AuthFlow::UserAuth,
                            preferred: None,
                            client_metadata: vec![],
                        }),
                    };
                    let _ = block(c.sign_up(input));
                    let confirm = ConfirmSignUpInput {
                        username: "u".into(),
                        code: Secret::new("123456"),
                        client_metadata: vec![],
                        force_alias_creation: None,
                    };
                    let _ = block(c.confirm_sign_up(confirm));
                }
                9 => {
                    let _ = block(c.resend_sign_up_code("u", &[]));
                    let _ = block(c.reset_password("u", &[]));
                    let input = ConfirmResetInput {
                        username: "u".into(),
                        code: Secret::new("123456"),
                        new_password: Secret::new("New-Pass-word-1"),
                        client_metadata: vec![],
                    };
                    let _ = block(c.confirm_reset_password(input));
                }
                10 => {
                    let _ = block(c.run(c.start(|c| c.begin_list_passkeys(Some(5), None))));
                    let _ = block(c.run(c.start(|c| c.begin_register_passkey())));
                    let _ = block(c.run(c.start(|c| c.begin_delete_passkey("c1"))));
                }
                11 => {
                    let text = fz.pick(stored).clone();
                    let _ = c.resume_sign_in(&fz.mutate_text(&text));
                }
                12 => {
                    use cognito_wasm::flow::account::MfaPreference;
                    let p = [None, Some(MfaPreference::PREFERRED), Some(MfaPreference::DISABLED)];
                    let _ = block(c.update_mfa_preference(*fz.pick(&p), *fz.pick(&p), None));
                }
                13 => {
                    let _ = block(c.refresh_tokens());
                }
                _ => {
                    let _ = block(c.sign_out(fz.chance(500)));
                }
            }
        }
    }

    fn answer(c: &Client<Hostile>, fz: &mut Fuzz) {
        let responses = [
            "123456",
            "TOTP",
            "EMAIL",
            "SMS",
            "EMAIL_OTP",
            "PASSWORD",
            "WEB_AUTHN",
            "a@example.com",
            "Correct-Horse-9",
            "4",
            "",
        ];
        let answer = Answer {
            response: Secret::new(*fz.pick(&responses)),
            user_attributes: vec![("name".into(), "N".into())],
            client_metadata: vec![],
            friendly_device_name: None,
        };
        for _ in 0..3 {
            match block(c.confirm_sign_in(answer.clone())) {
                Ok(SignInOutcome::Ask(_)) => {}
                _ => return,
            }
        }
    }

    #[test]
    fn the_client_survives_a_hostile_server_and_store() {
        let seeds: Vec<Seed> = recorded().into_iter().chain(hand_written()).collect();
        let real_tokens: Vec<String> = seeds
            .iter()
            .filter_map(|(_, _, b)| serde_json::from_str::<Value>(b).ok())
            .filter_map(|v| v["AuthenticationResult"]["AccessToken"].as_str().map(Into::into))
            .collect();
        let stored_texts = stored_seeds();
        let server = Rc::new(Server {
            seeds,
            fz: RefCell::new(Fuzz { rng: SmallRng::seed_from_u64(SEED + 5), huge_iat: true }),
            now: Cell::new(NOW),
        });
        let config = ClientConfig {
            pool: pool(),
            endpoint: "http://local.test/".into(),
            storage: StorageKind::Memory,
            request_timeout_ms: cognito_wasm::model::config::DEFAULT_TIMEOUT_MS,
            identity: None,
            oauth: None,
        };
        fuzz("client", SEED + 4, 1_000, |fz, _| {
            let c = Client::new(
                config.clone(),
                Hostile(server.clone()),
                Box::new(stored(fz, &real_tokens)),
                Box::new(state_store(fz, &stored_texts)),
            );
            session(&c, fz, &stored_texts);
        });
    }
}
