//! The pending sign-in and the armed auto sign-in as JSON, so they survive a reload (kept in
//! `sessionStorage`) and a pending sign-in can be exported and resumed elsewhere. Passwords are
//! never part of it.

use crate::error::Validation;
use crate::flow::challenge::{PasswordVia, Waiting};
use crate::flow::sign_in::{Pending, Who};
use crate::flow::sign_up::{AutoSignIn, AutoSignInOptions};
use crate::flow::{AuthFlow, FirstFactor, MfaType};
use crate::json::{Json, Obj};
use crate::protocol::CodeDelivery;
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

const VERSION: &str = "cognito-wasm/1";

fn pairs(p: &[(String, String)]) -> Json {
    Json::Obj(p.iter().map(|(k, v)| (k.clone(), Json::Str(v.clone()))).collect())
}

fn read_pairs(v: Option<&Json>) -> Vec<(String, String)> {
    v.and_then(Json::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.into()))).collect())
        .unwrap_or_default()
}

fn list(items: impl Iterator<Item = String>) -> Json {
    Json::Arr(items.map(Json::Str).collect())
}

fn read_list(v: Option<&Json>) -> Vec<String> {
    v.and_then(Json::as_array)
        .map(|a| a.iter().filter_map(Json::as_str).map(Into::into).collect())
        .unwrap_or_default()
}

fn delivery(d: &CodeDelivery) -> Json {
    crate::model::code_delivery(d)
}

fn read_delivery(v: Option<&Json>) -> CodeDelivery {
    let v = v.unwrap_or(&Json::Null);
    CodeDelivery {
        destination: v.str("destination").map(Into::into),
        delivery_medium: v.str("deliveryMedium").map(Into::into),
        attribute_name: v.str("attributeName").map(Into::into),
    }
}

fn waiting(w: &Waiting) -> Obj {
    let o = Obj::new();
    match w {
        Waiting::SmsMfaCode { delivery: d } => {
            o.set("kind", "SMS_MFA").set("delivery", delivery(d))
        }
        Waiting::SmsOtpCode { delivery: d } => {
            o.set("kind", "SMS_OTP").set("delivery", delivery(d))
        }
        Waiting::EmailCode { delivery: d } => {
            o.set("kind", "EMAIL_OTP").set("delivery", delivery(d))
        }
        Waiting::TotpCode => o.set("kind", "SOFTWARE_TOKEN_MFA"),
        Waiting::MfaSelection { allowed } => o
            .set("kind", "SELECT_MFA_TYPE")
            .set("allowed", list(allowed.iter().map(|t| t.as_str().into()))),
        Waiting::MfaSetupSelection { allowed } => o
            .set("kind", "MFA_SETUP_SELECTION")
            .set("allowed", list(allowed.iter().map(|t| t.as_str().into()))),
        Waiting::EmailSetup => o.set("kind", "MFA_SETUP_EMAIL"),
        // The shared secret is never written: whoever reads it can mint codes for the account.
        // It stays in the client's memory ([`crate::driver::Client`]); a sign-in restored
        // without it asks for the TOTP set-up again (a new secret, see `read_waiting`).
        Waiting::TotpSetup { .. } => o.set("kind", "MFA_SETUP_TOTP"),
        Waiting::FirstFactorSelection { available } => {
            o.set("kind", "SELECT_CHALLENGE").set("available", list(available.iter().cloned()))
        }
        Waiting::Password { via } => {
            let (selection, srp) = match *via {
                PasswordVia::Selection { srp } => (true, srp),
                PasswordVia::Challenge { srp } => (false, srp),
            };
            o.set("kind", "PASSWORD").set("selection", selection).set("srp", srp)
        }
        Waiting::CustomChallenge { params } => {
            o.set("kind", "CUSTOM_CHALLENGE").set("params", pairs(params))
        }
        Waiting::NewPassword { missing } => {
            o.set("kind", "NEW_PASSWORD_REQUIRED").set("missing", list(missing.iter().cloned()))
        }
    }
}

fn read_waiting(v: &Json) -> Option<Waiting> {
    let mfa =
        |k| read_list(v.get(k)).iter().map(|t| MfaType::parse(t).ok()).collect::<Option<Vec<_>>>();
    let flag = |k| v.get(k).and_then(Json::as_bool);
    Some(match v.str("kind")? {
        "SMS_MFA" => Waiting::SmsMfaCode { delivery: read_delivery(v.get("delivery")) },
        "SMS_OTP" => Waiting::SmsOtpCode { delivery: read_delivery(v.get("delivery")) },
        "EMAIL_OTP" => Waiting::EmailCode { delivery: read_delivery(v.get("delivery")) },
        "SOFTWARE_TOKEN_MFA" => Waiting::TotpCode,
        "SELECT_MFA_TYPE" => Waiting::MfaSelection { allowed: mfa("allowed")? },
        "MFA_SETUP_SELECTION" => Waiting::MfaSetupSelection { allowed: mfa("allowed")? },
        "MFA_SETUP_EMAIL" => Waiting::EmailSetup,
        // Without the secret (a reload, another page): TOTP set-up is chosen again, which
        // associates a new secret with the same session.
        "MFA_SETUP_TOTP" => Waiting::MfaSetupSelection { allowed: alloc::vec![MfaType::Totp] },
        "SELECT_CHALLENGE" => {
            Waiting::FirstFactorSelection { available: read_list(v.get("available")) }
        }
        "PASSWORD" => {
            let srp = flag("srp")?;
            let via = if flag("selection")? {
                PasswordVia::Selection { srp }
            } else {
                PasswordVia::Challenge { srp }
            };
            Waiting::Password { via }
        }
        "CUSTOM_CHALLENGE" => Waiting::CustomChallenge { params: read_pairs(v.get("params")) },
        "NEW_PASSWORD_REQUIRED" => Waiting::NewPassword { missing: read_list(v.get("missing")) },
        _ => return None,
    })
}

/// A pending sign-in as JSON text (contains the Cognito session: treat it as a secret).
pub fn pending_to_json(p: &Pending) -> String {
    pending_obj(p).build().to_json()
}

fn pending_obj(p: &Pending) -> Obj {
    Obj::new()
        .set("v", VERSION)
        .set("username", p.who.username.as_str())
        .set("loginId", p.who.login_id.as_str())
        .set("flow", p.who.flow.as_str())
        .set("session", p.session.expose())
        .set("expiresAt", Json::from_u64(p.expires_at_ms))
        .set("waiting", waiting(&p.waiting))
}

/// Reads what [`pending_to_json`] wrote; `None` for anything else.
pub fn pending_from_json(text: &str) -> Option<Pending> {
    let v = Json::parse(text).ok()?;
    if v.str("v") != Some(VERSION) {
        return None;
    }
    Some(Pending {
        who: Who {
            username: v.str("username")?.into(),
            login_id: v.str("loginId")?.into(),
            flow: AuthFlow::parse(v.str("flow")?).ok()?,
            // Never written here (it holds the device's secret): the client puts back the
            // device it remembers for the user when it reads the pending sign-in.
            device: None,
        },
        session: Secret::new(v.str("session")?),
        expires_at_ms: v.get("expiresAt")?.as_u64()?,
        waiting: read_waiting(v.get("waiting")?)?,
    })
}

/// A pending sign-in as `exportSignIn`'s text: [`pending_to_json`]'s, naming the user pool and
/// app client it belongs to.
pub fn export(p: &Pending, user_pool_id: &str, client_id: &str) -> String {
    pending_obj(p).set("userPoolId", user_pool_id).set("clientId", client_id).build().to_json()
}

/// Reads [`export`]'s text for this user pool and app client.
///
/// # Errors
/// `InvalidPendingSignIn` for other text; `ForeignPendingSignIn` for another pool's or
/// client's.
pub fn import(text: &str, user_pool_id: &str, client_id: &str) -> Result<Pending, Validation> {
    let v = Json::parse(text).map_err(|_| Validation::InvalidPendingSignIn)?;
    let p = pending_from_json(text).ok_or(Validation::InvalidPendingSignIn)?;
    if v.str("userPoolId") != Some(user_pool_id) || v.str("clientId") != Some(client_id) {
        return Err(Validation::ForeignPendingSignIn);
    }
    Ok(p)
}

/// An armed auto sign-in as JSON text, without its password.
pub fn auto_to_json(a: &AutoSignIn) -> String {
    Obj::new()
        .set("v", VERSION)
        .set("username", a.username.as_str())
        .set("flow", a.options.flow.as_str())
        .opt("preferredChallenge", a.options.preferred.map(FirstFactor::as_str))
        .set("clientMetadata", pairs(&a.options.client_metadata))
        .opt("session", a.session.as_ref().map(Secret::expose))
        .set("confirmed", a.confirmed)
        .set("expiresAt", Json::from_u64(a.expires_at_ms))
        .set("hadPassword", a.password.is_some())
        .build()
        .to_json()
}

/// Reads what [`auto_to_json`] wrote. The password is gone; `had_password` says whether there
/// was one.
pub fn auto_from_json(text: &str) -> Option<(AutoSignIn, bool)> {
    let v = Json::parse(text).ok()?;
    if v.str("v") != Some(VERSION) {
        return None;
    }
    let preferred = match v.str("preferredChallenge") {
        Some(p) => Some(FirstFactor::parse(p).ok()?),
        None => None,
    };
    let auto = AutoSignIn {
        username: v.str("username")?.into(),
        options: AutoSignInOptions {
            flow: AuthFlow::parse(v.str("flow")?).ok()?,
            preferred,
            client_metadata: read_pairs(v.get("clientMetadata")),
        },
        session: v.str("session").map(Secret::new),
        confirmed: v.get("confirmed")?.as_bool()?,
        expires_at_ms: v.get("expiresAt")?.as_u64()?,
        password: None,
    };
    Some((auto, v.get("hadPassword").and_then(Json::as_bool).unwrap_or(false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who() -> Who {
        Who {
            username: "u".into(),
            login_id: "ann@example.com".into(),
            flow: AuthFlow::UserSrp,
            device: None,
        }
    }

    #[test]
    fn every_waiting_state_round_trips() {
        let d = CodeDelivery {
            destination: Some("+***1".into()),
            delivery_medium: Some("SMS".into()),
            attribute_name: None,
        };
        let states = vec![
            Waiting::SmsMfaCode { delivery: d.clone() },
            Waiting::SmsOtpCode { delivery: d.clone() },
            Waiting::EmailCode { delivery: d },
            Waiting::TotpCode,
            Waiting::MfaSelection { allowed: vec![MfaType::Sms, MfaType::Email] },
            Waiting::MfaSetupSelection { allowed: vec![MfaType::Totp, MfaType::Email] },
            Waiting::EmailSetup,
            Waiting::FirstFactorSelection {
                available: vec!["PASSWORD".into(), "WEB_AUTHN".into()],
            },
            Waiting::Password { via: PasswordVia::Selection { srp: true } },
            Waiting::Password { via: PasswordVia::Challenge { srp: false } },
            Waiting::CustomChallenge { params: vec![("q".into(), "2+2".into())] },
            Waiting::NewPassword { missing: vec!["given_name".into()] },
        ];
        for waiting in states {
            let p = Pending {
                who: who(),
                session: Secret::new("sess"),
                expires_at_ms: 1_700_000_000_123,
                waiting,
            };
            assert_eq!(pending_from_json(&pending_to_json(&p)), Some(p));
        }
    }

    /// The TOTP set-up's secret is never written; read back, the step is TOTP set-up chosen
    /// again (a new secret for the same session).
    #[test]
    fn the_totp_setup_secret_is_never_written() {
        let p = Pending {
            who: who(),
            session: Secret::new("sess"),
            expires_at_ms: 1_700_000_000_123,
            waiting: Waiting::TotpSetup { shared_secret: Secret::new("JBSWY3DPSECRET") },
        };
        let text = pending_to_json(&p);
        assert!(!text.contains("JBSWY3DPSECRET"), "{text}");
        let exported = export(&p, "us-east-1_x", "c");
        assert!(!exported.contains("JBSWY3DPSECRET"), "{exported}");
        let read = pending_from_json(&text).unwrap();
        assert_eq!(read.waiting, Waiting::MfaSetupSelection { allowed: vec![MfaType::Totp] });
        assert_eq!(read.session, p.session);
    }

    #[test]
    fn foreign_text_is_refused() {
        assert_eq!(pending_from_json("{}"), None);
        assert_eq!(pending_from_json("nonsense"), None);
        assert_eq!(pending_from_json(r#"{"v":"cognito-wasm/1","username":"u"}"#), None);
    }

    #[test]
    fn auto_sign_in_never_stores_the_password() {
        let a = AutoSignIn {
            username: "ann".into(),
            options: AutoSignInOptions {
                flow: AuthFlow::UserSrp,
                preferred: None,
                client_metadata: vec![],
            },
            session: Some(Secret::new("s")),
            confirmed: true,
            expires_at_ms: 5,
            password: Some(Secret::new("hunter2-secret")),
        };
        let text = auto_to_json(&a);
        assert!(!text.contains("hunter2"));
        let (back, had) = auto_from_json(&text).unwrap();
        assert!(had);
        assert_eq!(back, AutoSignIn { password: None, ..a });
    }
}
