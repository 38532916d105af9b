//! The responses a sign-in awaits: one handler per request sent, and per challenge received.

use super::{associate, respond, Expect, Kind, PasskeyRequest, Pending, SignedIn};
use super::{SrpPending, Step, Stopped, Who};
use crate::error::AuthError;
use crate::flow::challenge::{setup_types, waiting_for, Waiting};
use crate::flow::{Env, MfaType, PoolConfig, SESSION_VALIDITY_MS};
use crate::json::Json;
use crate::protocol::{AuthResponse, ChallengeName};
use crate::secret::Secret;
use crate::srp;
use alloc::string::String;
use alloc::vec::Vec;

impl Expect {
    /// The continuation for an InitiateAuth / RespondToAuthChallenge request.
    pub(super) fn auth(
        who: Who,
        srp: Option<SrpPending>,
        metadata: Vec<(String, String)>,
    ) -> Expect {
        Expect { who, srp, kind: Kind::Auth, metadata, fallback: None }
    }

    /// Consumes the response to the request this continuation was sent with.
    ///
    /// # Errors
    /// Cognito's error (other than the two that end in a step), or a protocol error for a
    /// response Cognito would not send.
    pub fn on_response(
        self,
        r: Result<Json, AuthError>,
        pool: &PoolConfig,
        env: &mut Env,
    ) -> Result<Step, AuthError> {
        let v = match r {
            Ok(v) => v,
            Err(e) if e.is_service("ResourceNotFoundException") && self.fallback.is_some() => {
                let Expect { mut who, srp, kind, metadata, fallback } = self;
                who.device = None;
                let req = fallback.ok_or(AuthError::Protocol("no fallback"))?;
                return Ok(Step::ForgetDevice(
                    req,
                    Expect { who, srp, kind, metadata, fallback: None },
                ));
            }
            Err(e) => return stopped(e).map(Step::Stop),
        };
        match self.kind {
            Kind::Auth => self.on_auth(&v, pool, env),
            Kind::Associate => self.on_associate(&v, env),
            Kind::Verify => self.on_verify(&v, pool),
        }
    }

    /// AssociateSoftwareToken's answer: show the shared secret, wait for the first code.
    fn on_associate(self, v: &Json, env: &Env) -> Result<Step, AuthError> {
        let secret = v
            .str("SecretCode")
            .ok_or(AuthError::Protocol("AssociateSoftwareToken without SecretCode"))?;
        let session = v.str("Session").map(Secret::new).ok_or(NO_SESSION)?;
        let waiting = Waiting::TotpSetup { shared_secret: Secret::new(secret) };
        Ok(Challenged { who: self.who, session, metadata: self.metadata }.ask(waiting, env))
    }

    /// VerifySoftwareToken's answer: on SUCCESS, finish MFA_SETUP with the session it returned.
    fn on_verify(self, v: &Json, pool: &PoolConfig) -> Result<Step, AuthError> {
        if v.str("Status") != Some("SUCCESS") {
            return Err(AuthError::Service {
                code: "EnableSoftwareTokenMFAException".into(),
                message: "The authenticator code was not accepted".into(),
            });
        }
        let session = v.str("Session").map(Secret::new).ok_or(NO_SESSION)?;
        let req = respond(pool, &self.who, "MFA_SETUP", &session, &self.metadata, |o| o);
        Ok(Step::Send(req, Expect::auth(self.who, None, self.metadata)))
    }

    /// An InitiateAuth / RespondToAuthChallenge answer: the tokens, or the next challenge.
    fn on_auth(self, v: &Json, pool: &PoolConfig, env: &mut Env) -> Result<Step, AuthError> {
        let Expect { mut who, srp, metadata, .. } = self;
        let resp = AuthResponse::read(v)?;
        if let Some(tokens) = resp.tokens {
            return Ok(Step::Done(SignedIn { who, tokens }));
        }
        if let Some(u) = resp.param("USERNAME").filter(|u| !u.is_empty()) {
            who.username = u.into();
        }
        let challenge = resp.challenge.clone().ok_or(AuthError::Protocol("no challenge"))?;
        let session = resp.session.clone().ok_or(NO_SESSION)?;
        let next = Challenged { who, session, metadata };
        match challenge {
            ChallengeName::PASSWORD_VERIFIER => next.password_verifier(&resp, srp, pool, env),
            ChallengeName::MFA_SETUP if setup_types(&resp) == [MfaType::Totp] => {
                Ok(associate(next.who, &next.session, next.metadata))
            }
            ChallengeName::WEB_AUTHN => next.web_authn(&resp),
            ChallengeName::DEVICE_SRP_AUTH => next.device_srp(pool, env),
            ChallengeName::DEVICE_PASSWORD_VERIFIER => {
                next.device_password_verifier(&resp, srp, pool, env)
            }
            _ => Ok(next.ask(waiting_for(&resp)?, env)),
        }
    }
}

const NO_SESSION: AuthError = AuthError::Protocol("challenge without Session");
const NO_DEVICE: AuthError =
    AuthError::Protocol("Cognito asked for a device proof, but no device is remembered here");

/// The two Cognito errors that end a sign-in with a step instead of an error.
fn stopped(e: AuthError) -> Result<Stopped, AuthError> {
    if e.is_service("UserNotConfirmedException") {
        Ok(Stopped::ConfirmSignUp)
    } else if e.is_service("PasswordResetRequiredException") {
        Ok(Stopped::ResetPassword)
    } else {
        Err(e)
    }
}

/// A challenge just received: who answers it, its session, and the metadata to send back.
struct Challenged {
    who: Who,
    session: Secret,
    metadata: Vec<(String, String)>,
}

impl Challenged {
    /// PASSWORD_VERIFIER: prove the password with the ephemeral the first request sent.
    fn password_verifier(
        mut self,
        resp: &AuthResponse,
        srp: Option<SrpPending>,
        pool: &PoolConfig,
        env: &Env,
    ) -> Result<Step, AuthError> {
        let srp = srp.ok_or(AuthError::Protocol("PASSWORD_VERIFIER without SRP"))?;
        let user_id =
            resp.param("USER_ID_FOR_SRP").ok_or(AuthError::Protocol("USER_ID_FOR_SRP missing"))?;
        self.who.username = user_id.into();
        // Signed in by an alias, the device is remembered under the user's name (Amplify looks
        // it up by USER_ID_FOR_SRP here too).
        if self.who.device.is_none() {
            self.who.device = (env.devices)(user_id);
        }
        let (name, user) = (srp::pool_name(&pool.user_pool_id), String::from(user_id));
        let (req, expect) = self.prove("PASSWORD_VERIFIER", resp, srp, (name, &user), pool, env)?;
        let expect = expect.or_without_device(&req);
        Ok(Step::Send(req, expect))
    }

    /// DEVICE_SRP_AUTH: the remembered device starts its own SRP proof, with its secret as
    /// the password.
    fn device_srp(self, pool: &PoolConfig, env: &mut Env) -> Result<Step, AuthError> {
        let device = self.who.device.clone().ok_or(NO_DEVICE)?;
        let eph = crate::flow::new_ephemeral(env)?;
        let a = eph.public_hex();
        let Challenged { who, session, metadata } = self;
        let req =
            respond(pool, &who, "DEVICE_SRP_AUTH", &session, &metadata, |o| o.set("SRP_A", a));
        let srp = SrpPending { eph, password: device.password };
        Ok(Step::Send(req, Expect::auth(who, Some(srp), metadata)))
    }

    /// DEVICE_PASSWORD_VERIFIER: the device's proof, as PASSWORD_VERIFIER's with the device
    /// group key as the pool name and the device key as the user.
    fn device_password_verifier(
        self,
        resp: &AuthResponse,
        srp: Option<SrpPending>,
        pool: &PoolConfig,
        env: &Env,
    ) -> Result<Step, AuthError> {
        let srp = srp.ok_or(NO_DEVICE)?;
        let device = self.who.device.clone().ok_or(NO_DEVICE)?;
        let id = (device.group_key.as_str(), device.key.as_str());
        let (req, expect) = self.prove("DEVICE_PASSWORD_VERIFIER", resp, srp, id, pool, env)?;
        Ok(Step::Send(req, expect))
    }

    /// The answer to a password verifier challenge: the SRP claim of `srp`'s password for
    /// `(pool name, user id)` over the challenge's `SRP_B`, `SALT` and `SECRET_BLOCK`.
    fn prove(
        self,
        challenge: &str,
        resp: &AuthResponse,
        srp: SrpPending,
        (pool_name, user_id): (&str, &str),
        pool: &PoolConfig,
        env: &Env,
    ) -> Result<(crate::protocol::Request, Expect), AuthError> {
        let malformed = AuthError::Protocol("a password verifier challenge is malformed");
        let get = |k| resp.param(k).ok_or(malformed.clone());
        let block = get("SECRET_BLOCK")?;
        let ch = srp::PasswordChallenge {
            pool_name,
            user_id_for_srp: user_id,
            srp_b_hex: get("SRP_B")?,
            salt_hex: get("SALT")?,
            secret_block_b64: block,
        };
        let timestamp = srp::timestamp(env.now_ms / 1000);
        let signature = srp::password_claim(srp.eph, &ch, srp.password.expose(), &timestamp)
            .map_err(|_| malformed.clone())?;
        let Challenged { who, session, metadata } = self;
        let req = respond(pool, &who, challenge, &session, &metadata, |o| {
            o.set("PASSWORD_CLAIM_SECRET_BLOCK", block)
                .set("PASSWORD_CLAIM_SIGNATURE", signature)
                .set("TIMESTAMP", timestamp)
        });
        Ok((req, Expect::auth(who, None, metadata)))
    }

    /// WEB_AUTHN: the driver runs a passkey assertion with Cognito's options.
    fn web_authn(self, resp: &AuthResponse) -> Result<Step, AuthError> {
        let options_json = resp
            .param("CREDENTIAL_REQUEST_OPTIONS")
            .ok_or(AuthError::Protocol("WEB_AUTHN without CREDENTIAL_REQUEST_OPTIONS"))?
            .into();
        let Challenged { who, session, metadata } = self;
        Ok(Step::Passkey(PasskeyRequest { who, session, options_json, metadata }))
    }

    /// Any other challenge: the user is asked (`confirmSignIn`).
    fn ask(self, waiting: Waiting, env: &Env) -> Step {
        let expires_at_ms = env.now_ms + SESSION_VALIDITY_MS;
        Step::Ask(Pending { who: self.who, session: self.session, expires_at_ms, waiting })
    }
}
