//! Operations as synchronous state machines: `step` takes the last response and says what to
//! send next or what came out. [`Client::advance`](super::Client::advance) drives every task,
//! so the whole library has one loop instead of one per operation.

use super::{AuthSession, Client, SignInOutcome};
use crate::error::{AuthError, InvalidState};
use crate::flow::account::{self, MfaPreference};
use crate::flow::passkeys;
use crate::flow::session;
use crate::flow::sign_in::{Expect, PasskeyRequest, Pending, Step};
use crate::flow::sign_up::{self, AutoSignIn, SignUpInput, SignUpResult};
use crate::flow::MfaType;
use crate::json::Json;
use crate::protocol::{CodeDelivery, Request};
use crate::secret::Secret;
use crate::storage::tokens;
use crate::transport::Platform;
use crate::webauthn;
use alloc::string::String;
use alloc::vec::Vec;

/// What an operation produced.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Output {
    /// signUp / confirmSignUp.
    SignUp(SignUpResult),
    /// signIn / confirmSignIn / autoSignIn.
    SignIn(SignInOutcome),
    /// resendSignUpCode / resetPassword.
    Delivery(CodeDelivery),
    /// Operations without a result.
    Unit,
    /// fetchAuthSession.
    Session(Option<AuthSession>),
    /// fetchUserAttributes.
    Attributes(Vec<(String, String)>),
    /// setUpTOTP: the shared secret.
    TotpSecret(Secret),
    /// fetchMFAPreference: enabled types and the preferred one.
    MfaPreference(Vec<MfaType>, Option<MfaType>),
    /// listWebAuthnCredentials: Amplify-shaped items and the next page's token.
    Credentials(Vec<Json>, Option<String>),
    /// getCurrentUser.
    User(super::CurrentUser),
}

/// What to do after a step.
pub(crate) enum Poll {
    /// Send this request and step again with its response.
    Send(Request),
    /// Run a WebAuthn assertion with these options; step again with the credential JSON text
    /// (as `Json::Str`) or the ceremony's error.
    PasskeyGet { options: String, conditional: bool },
    /// Run a WebAuthn registration; step again likewise.
    PasskeyCreate { options: String },
    /// Finished.
    Ready(Output),
}

/// A signed-in operation that needs a fresh access token.
#[derive(Debug)]
pub(crate) enum TokenOp {
    Session,
    Attributes,
    Associate,
    Verify {
        code: String,
        name: Option<String>,
    },
    SetMfa([Option<MfaPreference>; 3]),
    FetchMfa,
    /// Passkey registration: StartWebAuthnRegistration, the browser ceremony, Complete….
    Register(RegisterStage),
    ListPasskeys {
        page_size: Option<u64>,
        next_token: Option<String>,
    },
    DeletePasskey {
        id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RegisterStage {
    Start,
    Ceremony,
    Complete,
}

// One task lives at a time; boxing the large variants would only add code.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Kind {
    SignUp(Option<SignUpInput>),
    ConfirmSignUp {
        username: String,
        auto: Option<AutoSignIn>,
    },
    Delivery,
    Unit,
    SignIn {
        expect: Option<Expect>,
        restore: Option<Pending>,
        passkey: Option<PasskeyRequest>,
        conditional: bool,
    },
    /// `refreshing`: the refresh request is in flight; `op` runs after it.
    Authed {
        op: TokenOp,
        refreshing: bool,
    },
    SignOut,
    /// Known without a request (e.g. `getCurrentUser`, a signed-out `fetchAuthSession`).
    Ready(Option<Output>),
}

/// An operation in progress.
#[derive(Debug)]
#[must_use = "a task does nothing until Client::run or Client::advance drives it"]
pub struct Task {
    kind: Kind,
    first: Option<Request>,
    /// A sign-in step produced before any request (e.g. a local choice).
    step: Option<Step>,
    /// Whether this task already ran a passkey assertion.
    passkey_done: bool,
}

impl Task {
    pub(crate) fn sign_up(req: Request, input: SignUpInput) -> Task {
        Task { kind: Kind::SignUp(Some(input)), first: Some(req), step: None, passkey_done: false }
    }
    pub(crate) fn confirm_sign_up(
        req: Request,
        username: String,
        auto: Option<AutoSignIn>,
    ) -> Task {
        Task {
            kind: Kind::ConfirmSignUp { username, auto },
            first: Some(req),
            step: None,
            passkey_done: false,
        }
    }
    pub(crate) fn delivery(req: Request) -> Task {
        Task { kind: Kind::Delivery, first: Some(req), step: None, passkey_done: false }
    }
    pub(crate) fn unit(req: Request) -> Task {
        Task { kind: Kind::Unit, first: Some(req), step: None, passkey_done: false }
    }
    pub(crate) fn for_sign_in(step: Step, restore: Option<Pending>) -> Task {
        Task {
            kind: Kind::SignIn { expect: None, restore, passkey: None, conditional: false },
            first: None,
            step: Some(step),
            passkey_done: false,
        }
    }
    /// A sign-in whose passkey ceremony uses conditional mediation (autofill).
    pub(crate) fn for_autofill_sign_in(step: Step) -> Task {
        Task {
            kind: Kind::SignIn { expect: None, restore: None, passkey: None, conditional: true },
            first: None,
            step: Some(step),
            passkey_done: false,
        }
    }
    pub(crate) fn for_token_op(op: TokenOp, refresh: Option<Request>) -> Task {
        Task {
            kind: Kind::Authed { op, refreshing: refresh.is_some() },
            first: refresh,
            step: None,
            passkey_done: false,
        }
    }
    pub(crate) fn sign_out(req: Option<Request>) -> Task {
        Task { kind: Kind::SignOut, first: req, step: None, passkey_done: false }
    }
    /// A task that sends nothing and produces `out`.
    pub(crate) fn ready(out: Output) -> Task {
        Task { kind: Kind::Ready(Some(out)), first: None, step: None, passkey_done: false }
    }
    /// Whether the task starts with a token refresh (the JS binding's `tokenRefresh` events).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn refreshes(&self) -> bool {
        matches!(self.kind, Kind::Authed { refreshing: true, .. })
    }

    /// Advances with the response to the last request (`None` on the first call).
    pub(crate) fn step<P: Platform>(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll, AuthError> {
        let Some(resp) = resp else {
            if let Some(req) = self.first.take() {
                return Ok(Poll::Send(req));
            }
            return match &mut self.kind {
                Kind::SignIn { .. } => self.step_sign_in(c, None),
                Kind::Authed { .. } => self.step_token_op(c, None),
                Kind::Ready(out) => Ok(Poll::Ready(out.take().unwrap_or(Output::Unit))),
                _ => Ok(Poll::Ready(Output::Unit)),
            };
        };
        match &mut self.kind {
            Kind::SignUp(input) => {
                let v = resp?;
                let input = input.take().ok_or(AuthError::Protocol("sign-up stepped twice"))?;
                let (result, auto) = c.with_env(|env| sign_up::on_sign_up(input, &v, env))?;
                c.save_auto(auto.as_ref());
                Ok(Poll::Ready(Output::SignUp(result)))
            }
            Kind::ConfirmSignUp { username, auto } => {
                let v = resp?;
                let had_auto = auto.is_some();
                let (result, auto) =
                    c.with_env(|env| sign_up::on_confirm_sign_up(username, &v, auto.take(), env));
                if had_auto {
                    c.save_auto(auto.as_ref());
                }
                Ok(Poll::Ready(Output::SignUp(result)))
            }
            Kind::Delivery => {
                let v = resp?;
                Ok(Poll::Ready(Output::Delivery(
                    v.get("CodeDeliveryDetails").map(CodeDelivery::read).unwrap_or_default(),
                )))
            }
            Kind::Unit => resp.map(|_| Poll::Ready(Output::Unit)),
            Kind::SignIn { .. } => self.step_sign_in(c, Some(resp)),
            Kind::Authed { .. } => self.step_token_op(c, Some(resp)),
            Kind::SignOut => {
                // A failed revocation still signs out locally (also offline).
                c.forget_session();
                Ok(Poll::Ready(Output::Unit))
            }
            Kind::Ready(_) => Err(AuthError::Protocol("a response to a task that sends nothing")),
        }
    }

    fn step_sign_in<P: Platform>(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll, AuthError> {
        let Kind::SignIn { expect, restore, passkey, conditional } = &mut self.kind else {
            unreachable!()
        };
        let step = match (resp, passkey.take()) {
            (None, _) => self.step.take().ok_or(AuthError::Protocol("sign-in without a step")),
            // The browser's assertion (or its failure) answers the WEB_AUTHN challenge.
            (Some(r), Some(req)) => r.and_then(|v| match v {
                Json::Str(credential) => Ok(req.respond(credential, &c.config.pool)),
                _ => Err(AuthError::Protocol("a passkey ceremony without a credential")),
            }),
            (Some(r), None) => match expect.take() {
                Some(e) => c.with_env(|env| e.on_response(r, &c.config.pool, env)),
                None => Err(AuthError::Protocol("a response without a request")),
            },
        };
        let step = match step {
            Ok(s) => s,
            Err(e) => return Err(c.sign_in_failed(e, restore.take())),
        };
        match step {
            Step::Send(req, e) => {
                *expect = Some(e);
                Ok(Poll::Send(req))
            }
            Step::Ask(p) => {
                c.save_pending(Some(&p));
                Ok(Poll::Ready(Output::SignIn(SignInOutcome::Ask(p))))
            }
            Step::Done(s) => {
                c.signed_in(s);
                Ok(Poll::Ready(Output::SignIn(SignInOutcome::Done)))
            }
            Step::Stop(s) => Ok(Poll::Ready(Output::SignIn(SignInOutcome::Stopped(s)))),
            Step::Passkey(req) => {
                // A second WEB_AUTHN challenge in a row would loop: refuse it, as Amplify does.
                if self.passkey_done {
                    return Err(AuthError::Protocol(
                        "Cognito asked for a second passkey assertion",
                    ));
                }
                self.passkey_done = true;
                webauthn::check_request_options(&req.options_json)?;
                let options = req.options_json.clone();
                *passkey = Some(req);
                Ok(Poll::PasskeyGet { options, conditional: *conditional })
            }
        }
    }

    fn step_token_op<P: Platform>(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll, AuthError> {
        let Kind::Authed { op, refreshing } = &mut self.kind else { unreachable!() };
        if *refreshing {
            *refreshing = false;
            let r = resp.ok_or(AuthError::Protocol("refresh without a response"))?;
            c.refreshed(r)?;
        } else if let Some(r) = resp {
            let v = r?;
            if let TokenOp::Register(stage) = op {
                match stage {
                    RegisterStage::Start => {
                        *stage = RegisterStage::Ceremony;
                        return Ok(Poll::PasskeyCreate {
                            options: passkeys::creation_options(&v)?,
                        });
                    }
                    RegisterStage::Ceremony => {
                        *stage = RegisterStage::Complete;
                        let Json::Str(credential) = v else {
                            return Err(AuthError::Protocol("no credential"));
                        };
                        let stored = c.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
                        return Ok(Poll::Send(passkeys::complete_registration(
                            &stored.access_token,
                            &credential,
                        )?));
                    }
                    RegisterStage::Complete => return Ok(Poll::Ready(Output::Unit)),
                }
            }
            return Ok(Poll::Ready(match op {
                TokenOp::Session => Output::Unit,
                TokenOp::Attributes => Output::Attributes(account::user_attributes(&v)),
                TokenOp::Associate => Output::TotpSecret(account::secret_code(&v)?),
                TokenOp::Verify { .. } => {
                    account::verified(&v)?;
                    Output::Unit
                }
                TokenOp::SetMfa(_) => Output::Unit,
                TokenOp::FetchMfa => {
                    let (enabled, preferred) = account::mfa_preference(&v);
                    Output::MfaPreference(enabled, preferred)
                }
                TokenOp::ListPasskeys { .. } => {
                    let (items, next) = passkeys::read_list(&v);
                    Output::Credentials(items, next)
                }
                TokenOp::DeletePasskey { .. } | TokenOp::Register(_) => Output::Unit,
            }));
        }
        // Tokens are fresh now: send the operation.
        let stored = c.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
        let at = &stored.access_token;
        let req = match op {
            TokenOp::Session => {
                return Ok(Poll::Ready(Output::Session(Some(c.session_of(stored)))))
            }
            TokenOp::Attributes | TokenOp::FetchMfa => account::get_user(at),
            TokenOp::Associate => account::associate_token(at),
            TokenOp::Verify { code, name } => account::verify_token(at, code, name.as_deref())?,
            TokenOp::SetMfa([sms, totp, email]) => {
                account::set_mfa_preference(at, *sms, *totp, *email)
            }
            TokenOp::Register(_) => passkeys::start_registration(at),
            TokenOp::ListPasskeys { page_size, next_token } => {
                passkeys::list(at, *page_size, next_token.as_deref())
            }
            TokenOp::DeletePasskey { id } => passkeys::delete(at, id),
        };
        Ok(Poll::Send(req))
    }
}

impl<P: Platform> Client<P> {
    /// Stores refreshed tokens, or on a definitive failure signs the user out.
    fn refreshed(&self, r: Result<Json, AuthError>) -> Result<(), AuthError> {
        let username = self.stored_tokens().map(|s| s.username).ok_or(InvalidState::NotSignedIn)?;
        match r.and_then(|v| session::on_refresh(&v)) {
            Ok(t) => {
                self.store_tokens(&username, &t, None);
                Ok(())
            }
            Err(e) => {
                if session::ends_session(&e) {
                    tokens::clear(&*self.tokens, &self.config.pool.client_id);
                }
                Err(e)
            }
        }
    }
}
