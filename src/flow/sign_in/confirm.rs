//! `confirmSignIn`: one answer function per waiting state.

use super::{associate, respond, Answer, Expect, Kind, Pending, SrpPending, Step};
use crate::error::{AuthError, InvalidState, Validation};
use crate::flow::challenge::{PasswordVia, SignInStep, Waiting};
use crate::flow::{new_ephemeral, Env, FirstFactor, MfaType, PoolConfig};
use crate::json::Obj;
use crate::protocol::{Action, Request};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

fn code(answer: &str) -> Result<&str, AuthError> {
    if (6..=8).contains(&answer.len()) && answer.bytes().all(|b| b.is_ascii_digit()) {
        Ok(answer)
    } else {
        Err(Validation::InvalidCodeFormat.into())
    }
}

impl Pending {
    /// The Amplify step shown for this pending sign-in.
    pub fn step(&self) -> SignInStep {
        self.waiting.step()
    }

    /// Answers the step (`confirmSignIn`). Input errors leave `self` untouched for the caller
    /// to keep (it is only consumed on success).
    ///
    /// # Errors
    /// [`InvalidState::PendingSignInExpired`] after the session validity; validation errors
    /// for an empty answer, an answer of the wrong kind (e.g. `SMS` to a TOTP step) or a choice
    /// that was not offered.
    pub fn answer(
        &self,
        answer: Answer,
        pool: &PoolConfig,
        env: &mut Env,
    ) -> Result<Step, AuthError> {
        if env.now_ms >= self.expires_at_ms {
            return Err(InvalidState::PendingSignInExpired.into());
        }
        let text = answer.response.expose().trim();
        if text.is_empty() {
            return Err(Validation::EmptyChallengeResponse.into());
        }
        let to = Reply { pending: self, pool, metadata: answer.client_metadata };
        match &self.waiting {
            Waiting::SmsMfaCode { .. } => answer_code(to, "SMS_MFA", "SMS_MFA_CODE", text),
            Waiting::SmsOtpCode { .. } => answer_code(to, "SMS_OTP", "SMS_OTP_CODE", text),
            Waiting::EmailCode { .. } => answer_code(to, "EMAIL_OTP", "EMAIL_OTP_CODE", text),
            Waiting::TotpCode => {
                answer_code(to, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", text)
            }
            Waiting::MfaSelection { allowed } => answer_mfa_selection(to, allowed, text),
            Waiting::MfaSetupSelection { allowed } => answer_mfa_setup_selection(to, allowed, text),
            Waiting::EmailSetup => answer_email_setup(to, text),
            Waiting::TotpSetup { .. } => {
                answer_totp_setup(to, text, answer.friendly_device_name.as_deref())
            }
            Waiting::FirstFactorSelection { available } => answer_first_factor(to, available, text),
            Waiting::Password { via } => answer_password(to, *via, &answer.response, env),
            Waiting::CustomChallenge { .. } => Ok(answer_custom_challenge(to, text)),
            Waiting::NewPassword { .. } => {
                Ok(answer_new_password(to, &answer.response, &answer.user_attributes))
            }
        }
    }
}

/// A `confirmSignIn` answer on its way: the pending sign-in it answers, and its metadata.
struct Reply<'a> {
    pending: &'a Pending,
    pool: &'a PoolConfig,
    metadata: Vec<(String, String)>,
}

impl Reply<'_> {
    /// RespondToAuthChallenge in the pending challenge session.
    fn request(&self, challenge: &str, answers: &dyn Fn(Obj) -> Obj) -> Request {
        let Pending { who, session, .. } = self.pending;
        respond(self.pool, who, challenge, session, &self.metadata, answers)
    }

    /// Sends `req`; its response is an auth response.
    fn send(self, req: Request, srp: Option<SrpPending>) -> Step {
        Step::Send(req, Expect::auth(self.pending.who.clone(), srp, self.metadata))
    }

    /// Answers `challenge` with `answers`.
    fn challenge(self, challenge: &str, answers: &dyn Fn(Obj) -> Obj) -> Step {
        let req = self.request(challenge, answers);
        self.send(req, None)
    }

    /// Asks the user something more, sending nothing yet (a choice that needs a second answer).
    fn ask(self, waiting: Waiting) -> Step {
        let Pending { who, session, expires_at_ms, .. } = self.pending;
        Step::Ask(Pending {
            who: who.clone(),
            session: session.clone(),
            expires_at_ms: *expires_at_ms,
            waiting,
        })
    }
}

/// SMS_MFA, SMS_OTP, EMAIL_OTP, SOFTWARE_TOKEN_MFA: a 6 to 8 digit code, sent as `key`.
fn answer_code(to: Reply, challenge: &str, key: &str, text: &str) -> Result<Step, AuthError> {
    let c = code(text)?;
    Ok(to.challenge(challenge, &|o| o.set(key, c)))
}

/// SELECT_MFA_TYPE: one of the offered types.
fn answer_mfa_selection(to: Reply, allowed: &[MfaType], text: &str) -> Result<Step, AuthError> {
    let t = offered(MfaType::parse(text)?, allowed)?;
    Ok(to.challenge("SELECT_MFA_TYPE", &|o| o.set("ANSWER", t.challenge())))
}

/// MFA_SETUP with a choice: TOTP starts AssociateSoftwareToken, EMAIL asks for the address.
fn answer_mfa_setup_selection(
    to: Reply,
    allowed: &[MfaType],
    text: &str,
) -> Result<Step, AuthError> {
    Ok(match offered(MfaType::parse(text)?, allowed)? {
        MfaType::Totp => associate(to.pending.who.clone(), &to.pending.session, to.metadata),
        _ => to.ask(Waiting::EmailSetup),
    })
}

/// MFA_SETUP by email: the address.
fn answer_email_setup(to: Reply, text: &str) -> Result<Step, AuthError> {
    if !text.contains('@') || text.contains(char::is_whitespace) {
        return Err(Validation::InvalidEmailFormat.into());
    }
    Ok(to.challenge("MFA_SETUP", &|o| o.set("EMAIL", text)))
}

/// MFA_SETUP by TOTP: the authenticator's first code, to VerifySoftwareToken.
fn answer_totp_setup(to: Reply, text: &str, device: Option<&str>) -> Result<Step, AuthError> {
    let body = Obj::new()
        .set("Session", to.pending.session.expose())
        .set("UserCode", code(text)?)
        .opt("FriendlyDeviceName", device)
        .build();
    let req = Request::once(Action::VerifySoftwareToken, body);
    let who = to.pending.who.clone();
    Ok(Step::Send(
        req,
        Expect { who, srp: None, kind: Kind::Verify, metadata: to.metadata, fallback: None },
    ))
}

/// SELECT_CHALLENGE: an offered first factor; PASSWORD and PASSWORD_SRP then ask for it.
fn answer_first_factor(to: Reply, available: &[String], text: &str) -> Result<Step, AuthError> {
    let f = FirstFactor::parse(text)?;
    if !available.iter().any(|a| a == f.as_str()) {
        return Err(Validation::IncorrectFirstFactor.into());
    }
    Ok(match f {
        FirstFactor::Password | FirstFactor::PasswordSrp => to.ask(Waiting::Password {
            via: PasswordVia::Selection { srp: f == FirstFactor::PasswordSrp },
        }),
        _ => to.challenge("SELECT_CHALLENGE", &|o| o.set("ANSWER", f.as_str())),
    })
}

/// A password: the PASSWORD / PASSWORD_SRP challenge, or the SELECT_CHALLENGE answer that
/// picked one. With SRP, PASSWORD_VERIFIER follows.
fn answer_password(
    to: Reply,
    via: PasswordVia,
    password: &Secret,
    env: &mut Env,
) -> Result<Step, AuthError> {
    // The whole answer is the password: spaces are significant.
    let password = password.clone();
    let (challenge, srp, selecting) = match via {
        PasswordVia::Selection { srp } => ("SELECT_CHALLENGE", srp, true),
        PasswordVia::Challenge { srp: false } => ("PASSWORD", false, false),
        PasswordVia::Challenge { srp: true } => ("PASSWORD_SRP", true, false),
    };
    if srp {
        let eph = new_ephemeral(env)?;
        let a = eph.public_hex();
        let req = to.request(challenge, &|o| {
            let o = if selecting { o.set("ANSWER", "PASSWORD_SRP") } else { o };
            o.set("SRP_A", a.as_str())
        });
        Ok(to.send(req, Some(SrpPending { eph, password })))
    } else {
        let req = to.request(challenge, &|o| {
            let o = if selecting { o.set("ANSWER", "PASSWORD") } else { o };
            o.set("PASSWORD", password.expose())
        });
        Ok(to.send(req, None))
    }
}

/// CUSTOM_CHALLENGE: the answer as typed (trimmed).
fn answer_custom_challenge(to: Reply, text: &str) -> Step {
    let req = to.request("CUSTOM_CHALLENGE", &|o| o.set("ANSWER", text));
    let expect = Expect::auth(to.pending.who.clone(), None, to.metadata).or_without_device(&req);
    Step::Send(req, expect)
}

/// NEW_PASSWORD_REQUIRED: the new password, and the required attributes the user gave.
fn answer_new_password(to: Reply, new_password: &Secret, attrs: &[(String, String)]) -> Step {
    to.challenge("NEW_PASSWORD_REQUIRED", &|o| {
        attrs.iter().fold(o.set("NEW_PASSWORD", new_password.expose()), |o, (k, v)| {
            let mut key = String::from("userAttributes.");
            key.push_str(k);
            o.set(&key, v.as_str())
        })
    })
}

fn offered(t: MfaType, allowed: &[MfaType]) -> Result<MfaType, AuthError> {
    if allowed.contains(&t) {
        Ok(t)
    } else {
        Err(Validation::IncorrectMFAMethod.into())
    }
}
