//! Where a USER_PASSWORD_AUTH sign-in spends its time, in-process (no HTTP): the whole
//! `Emulator::handle` call and its expensive parts, timed separately.
//!
//!   cargo run -p local-cognito --profile emulator --example signin_profile
//!
//! `make bench-emulator` runs it after the HTTP throughput comparison with moto.

use local_cognito::jwt::Keys;
use local_cognito::{srp, Emulator, EmulatorConfig};
use num_bigint::BigUint;
use serde_json::json;
use std::time::Instant;

const N: u32 = 300;

fn time(label: &str, per_call: impl Fn() -> usize) -> f64 {
    let _ = per_call();
    let start = Instant::now();
    let mut sink = 0usize;
    for _ in 0..N {
        sink = sink.wrapping_add(per_call());
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / f64::from(N);
    println!("  {label:<62} {us:>8.1} µs{}", if sink == usize::MAX { "!" } else { "" });
    us
}

fn main() -> Result<(), String> {
    let cfg = EmulatorConfig { seed: Some(1), ..EmulatorConfig::default_pool() };
    let mut emu = Emulator::new(cfg)?;
    emu.warm_up();
    let (pool, client) = emu.default_ids();
    let now = 1_700_000_000_000u64;
    let pw = "Bench-Passw0rd!";
    let create = json!({"UserPoolId": pool, "Username": "bench", "TemporaryPassword": pw,
        "MessageAction": "SUPPRESS"});
    emu.handle("AdminCreateUser", &create.to_string(), now);
    let set = json!({"UserPoolId": pool, "Username": "bench", "Password": pw, "Permanent": true});
    emu.handle("AdminSetUserPassword", &set.to_string(), now);
    let sign_in = json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
        "AuthParameters": {"USERNAME": "bench", "PASSWORD": pw}})
    .to_string();
    let (status, _) = emu.handle("InitiateAuth", &sign_in, now);
    if status != 200 {
        return Err(format!("sign-in failed: {status}"));
    }
    println!("USER_PASSWORD_AUTH, in-process, mean of {N} calls");
    let emu = std::cell::RefCell::new(emu);
    let total = time("Emulator::handle(InitiateAuth)", || {
        emu.borrow_mut().handle("InitiateAuth", &sign_in, now).1.len()
    });
    let salt = BigUint::from_bytes_be(&[7u8; 16]);
    time("SRP verifier g^x mod N (3072-bit, what a check cost before)", || {
        srp::verifier(&salt, "LocalPool1", "bench", pw).bits() as usize
    });
    let keys = Keys::for_seed(1);
    let claims = json!({"sub": "6b0f7c1e-0000-4000-8000-000000000000", "iss": "http://127.0.0.1:9229/us-east-1_LocalPool1",
        "client_id": client, "origin_jti": "x", "event_id": "y", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "auth_time": 1, "exp": 2, "iat": 1, "jti": "z",
        "username": "bench"});
    let sign = time("one RS256 signature (RSA-2048)", || keys.sign(&claims).len());
    println!("  two signatures are {:.0} % of a sign-in", 200.0 * sign / total);
    Ok(())
}
