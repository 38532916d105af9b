//! Running a [`Task`] as a synchronous exchange with its environment: [`Client::advance`] takes
//! what the last [`Effect`] produced (an [`Event`]) and says what to do next. The retry policy
//! for transient failures lives here, so every environment gets the same one: the async
//! [`Client::run`] (Rust callers, native tests) and the browser binding, whose loop is a few
//! lines of JS awaiting each effect's promise.

use super::task::{Output, Poll, Task};
use super::Client;
use crate::error::AuthError;
use crate::json::Json;
use crate::protocol::{self, Action, RawResponse, Retry, MAX_ATTEMPTS};
use crate::secret::Secret;
use crate::transport::Platform;
use alloc::string::String;

/// Upper bound on steps in one operation (SRP + MFA setup chains use at most 5).
const MAX_STEPS: u8 = 12;

/// What the environment must do next for a running operation.
#[derive(Debug)]
pub enum Effect {
    /// POST `body` for `action` to the pool endpoint; answer with [`Event::Http`].
    Send {
        /// The action (`X-Amz-Target`).
        action: Action,
        /// The JSON body (passwords, codes, sessions: never printed).
        body: Secret,
    },
    /// Wait before sending the same request again; answer with [`Event::Slept`].
    Sleep(u64),
    /// Run a WebAuthn assertion; answer with [`Event::Credential`].
    PasskeyGet {
        /// `PublicKeyCredentialRequestOptionsJSON` text.
        options: String,
        /// Conditional mediation (autofill).
        conditional: bool,
    },
    /// Run a WebAuthn registration; answer with [`Event::Credential`].
    PasskeyCreate {
        /// `PublicKeyCredentialCreationOptionsJSON` text.
        options: String,
    },
    /// The operation ended.
    Done(Result<Output, AuthError>),
}

/// What the last effect produced.
#[derive(Debug)]
pub enum Event {
    /// Nothing yet: the first call.
    Start,
    /// The HTTP answer, or [`AuthError::Network`] when none came back.
    Http(Result<RawResponse, AuthError>),
    /// The wait is over.
    Slept,
    /// The credential JSON text of a WebAuthn ceremony (a signed, single-use proof: kept out of
    /// `Debug` like any other secret), or its typed failure.
    Credential(Result<Secret, AuthError>),
}

/// The request in flight.
#[derive(Debug)]
struct InFlight {
    action: Action,
    /// The body to send again after a transient failure: kept for retry-safe requests only.
    resend: Option<Secret>,
    attempt: u32,
}

/// An operation in progress: its task and the request in flight.
#[derive(Debug)]
#[must_use = "a run does nothing until Client::advance drives it"]
pub struct Run {
    task: Task,
    in_flight: Option<InFlight>,
    steps: u8,
}

impl Run {
    /// A run of `task`; start it with [`Event::Start`].
    pub fn new(task: Task) -> Run {
        Run { task, in_flight: None, steps: 0 }
    }
}

impl<P: Platform> Client<P> {
    /// Advances `run` with what its last effect produced. After `Effect::Done` the run is over.
    pub fn advance(&self, run: &mut Run, event: Event) -> Effect {
        self.advance_or_fail(run, event).unwrap_or_else(|e| Effect::Done(Err(e)))
    }

    fn advance_or_fail(&self, run: &mut Run, event: Event) -> Result<Effect, AuthError> {
        let resp = match event {
            Event::Start => None,
            Event::Slept => {
                let f = run.in_flight.as_ref().and_then(|f| Some((f.action, f.resend.clone()?)));
                let (action, body) =
                    f.ok_or(AuthError::Protocol("a wait without a request to resend"))?;
                return Ok(Effect::Send { action, body });
            }
            Event::Http(outcome) => {
                let f = run
                    .in_flight
                    .as_mut()
                    .ok_or(AuthError::Protocol("a response without a request"))?;
                // Transient failures of retry-safe requests: capped, jittered backoff.
                if f.resend.is_some()
                    && f.attempt < MAX_ATTEMPTS
                    && protocol::is_transient(&outcome)
                {
                    let mut jitter = [0u8; 2];
                    self.platform.random(&mut jitter);
                    let wait = protocol::backoff_ms(f.attempt, u16::from_le_bytes(jitter));
                    f.attempt += 1;
                    return Ok(Effect::Sleep(wait));
                }
                run.in_flight = None;
                Some(outcome.and_then(|r| protocol::read(&r)))
            }
            Event::Credential(r) => Some(r.map(|c| Json::Str(c.expose().into()))),
        };
        if run.steps == MAX_STEPS {
            return Err(AuthError::Protocol("too many steps"));
        }
        run.steps += 1;
        Ok(match run.task.step(self, resp)? {
            Poll::Send(req) => {
                let body = Secret::new(req.body.to_json());
                let resend = (req.retry == Retry::Safe).then(|| body.clone());
                run.in_flight = Some(InFlight { action: req.action, resend, attempt: 1 });
                Effect::Send { action: req.action, body }
            }
            Poll::PasskeyGet { options, conditional } => {
                Effect::PasskeyGet { options, conditional }
            }
            Poll::PasskeyCreate { options } => Effect::PasskeyCreate { options },
            Poll::Ready(out) => Effect::Done(Ok(out)),
        })
    }

    /// Runs a task to its end on this client's platform.
    pub async fn run(&self, task: Task) -> Result<Output, AuthError> {
        let mut run = Run::new(task);
        let mut event = Event::Start;
        loop {
            event = match self.advance(&mut run, event) {
                Effect::Send { action, body } => Event::Http(
                    self.platform.send(&self.config.endpoint, action, body.expose()).await,
                ),
                Effect::Sleep(ms) => {
                    self.platform.sleep(ms).await;
                    Event::Slept
                }
                Effect::PasskeyGet { options, conditional } => {
                    Event::Credential(self.platform.passkey_get(&options, conditional).await)
                }
                Effect::PasskeyCreate { options } => {
                    Event::Credential(self.platform.passkey_create(&options).await)
                }
                Effect::Done(r) => return r,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::sign_in::SignInInput;
    use crate::flow::AuthFlow;
    use crate::protocol::MAX_ATTEMPTS;
    use crate::secret::Secret;
    use crate::storage::MemoryStore;
    use alloc::boxed::Box;
    use alloc::vec::Vec;

    /// `advance` never touches the network: a platform that must not be asked to send.
    struct Offline;

    impl Platform for Offline {
        async fn send(&self, _: &str, _: Action, _: &str) -> Result<RawResponse, AuthError> {
            unreachable!("advance must not send")
        }
        async fn sleep(&self, _: u64) {}
        fn now_ms(&self) -> u64 {
            1_750_000_000_000
        }
    }

    fn client() -> Client<Offline> {
        let config = Json::parse(
            r#"{"Auth":{"Cognito":{"userPoolId":"eu-west-1_AbC","userPoolClientId":"abc123"}}}"#,
        )
        .unwrap();
        let config = crate::model::config::parse(&config, &Json::Null).unwrap();
        Client::new(
            config,
            Offline,
            Box::new(MemoryStore::default()),
            Box::new(MemoryStore::default()),
        )
    }

    fn sign_in(c: &Client<Offline>, flow: AuthFlow, password: Option<&str>) -> Run {
        let input = SignInInput {
            username: "ann".into(),
            password: password.map(Secret::new),
            flow,
            preferred: None,
            client_metadata: Vec::new(),
        };
        Run::new(c.begin_sign_in(input).unwrap())
    }

    fn answer(status: u16, error_type: Option<&str>) -> Event {
        Event::Http(Ok(RawResponse {
            status,
            error_type: error_type.map(Into::into),
            body: "{}".into(),
        }))
    }

    #[test]
    fn calls_answered_from_the_stores_send_nothing() {
        let c = client();
        let task = c.begin_fetch_session(true).unwrap();
        assert!(!task.refreshes(), "signed out: nothing to refresh");
        let mut run = Run::new(task);
        assert!(matches!(
            c.advance(&mut run, Event::Start),
            Effect::Done(Ok(Output::Session(None)))
        ));
        assert_eq!(c.begin_current_user().unwrap_err().name(), "UserUnAuthenticatedException");
        // Signed in with tokens that expired in 2023 ({"sub":"s1","username":"ann","exp":1700000000}).
        let t = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzMSIsInVzZXJuYW1lIjoiYW5uIiwiZXhwIjoxNzAwMDAwMDAwfQ.sig";
        let tokens = crate::protocol::TokenSet {
            access_token: Secret::new(t),
            id_token: Secret::new(t),
            refresh_token: Some(Secret::new("r")),
            expires_in: 3600,
        };
        c.store_tokens("ann", &tokens, None);
        let mut run = Run::new(c.begin_current_user().unwrap());
        match c.advance(&mut run, Event::Start) {
            Effect::Done(Ok(Output::User(u))) => {
                assert_eq!((u.username.as_str(), u.user_id.as_str()), ("ann", "s1"))
            }
            e => panic!("expected the user, got {e:?}"),
        }
        assert!(
            c.begin_fetch_session(false).unwrap().refreshes(),
            "expired tokens: the refresh comes first"
        );
    }

    #[test]
    fn transient_failures_of_safe_requests_wait_then_resend_the_same_body() {
        let c = client();
        let mut run = sign_in(&c, AuthFlow::UserPassword, Some("pw"));
        let Effect::Send { action, body } = c.advance(&mut run, Event::Start) else {
            panic!("first effect is not a request")
        };
        assert_eq!(action, Action::InitiateAuth);
        for _ in 1..MAX_ATTEMPTS {
            match c.advance(&mut run, answer(429, None)) {
                Effect::Sleep(ms) => assert!((50..=2_000).contains(&ms), "backoff {ms} ms"),
                e => panic!("expected a wait, got {e:?}"),
            }
            match c.advance(&mut run, Event::Slept) {
                Effect::Send { action: a, body: again } => assert_eq!((a, &again), (action, &body)),
                e => panic!("expected the same request again, got {e:?}"),
            }
        }
        // Attempts exhausted: the failure ends the operation.
        match c.advance(&mut run, answer(400, Some("TooManyRequestsException"))) {
            Effect::Done(Err(e)) => assert_eq!(e.name(), "TooManyRequestsException"),
            e => panic!("expected the error, got {e:?}"),
        }
    }

    #[test]
    fn single_use_requests_are_never_repeated() {
        let c = client();
        // CUSTOM_WITHOUT_SRP may trigger a delivery: sent once.
        let mut run = sign_in(&c, AuthFlow::CustomWithoutSrp, None);
        assert!(matches!(c.advance(&mut run, Event::Start), Effect::Send { .. }));
        match c.advance(&mut run, answer(503, Some("InternalErrorException"))) {
            Effect::Done(Err(e)) => assert_eq!(e.name(), "InternalErrorException"),
            e => panic!("expected the error, got {e:?}"),
        }
        // A network failure is not repeated either.
        let mut run = sign_in(&c, AuthFlow::CustomWithoutSrp, None);
        let _ = c.advance(&mut run, Event::Start);
        match c.advance(&mut run, Event::Http(Err(AuthError::Network("offline".into())))) {
            Effect::Done(Err(AuthError::Network(_))) => {}
            e => panic!("expected the network error, got {e:?}"),
        }
    }

    #[test]
    fn requests_in_flight_are_never_printed_and_single_use_ones_are_not_kept() {
        let c = client();
        let mut run = sign_in(&c, AuthFlow::UserPassword, Some("pw-do-not-print"));
        let effect = c.advance(&mut run, Event::Start);
        assert!(
            matches!(&effect, Effect::Send { body, .. } if body.expose().contains("pw-do-not-print"))
        );
        for printed in [format!("{effect:?}"), format!("{run:?}")] {
            assert!(!printed.contains("pw-do-not-print"), "{printed}");
        }
        // A single-use request has nothing to resend: a wait for it is out of order.
        let mut run = sign_in(&c, AuthFlow::CustomWithoutSrp, None);
        assert!(matches!(c.advance(&mut run, Event::Start), Effect::Send { .. }));
        assert!(matches!(
            c.advance(&mut run, Event::Slept),
            Effect::Done(Err(AuthError::Protocol(_)))
        ));
    }

    #[test]
    fn a_passkey_credential_is_never_printed() {
        let event = Event::Credential(Ok(Secret::new(r#"{"id":"cred-do-not-print"}"#)));
        let printed = format!("{event:?}");
        assert!(
            !printed.contains("cred-do-not-print") && printed.contains("Credential"),
            "{printed}"
        );
    }

    #[test]
    fn events_out_of_order_end_the_run_with_a_protocol_error() {
        let c = client();
        let mut run = sign_in(&c, AuthFlow::UserPassword, Some("pw"));
        assert!(matches!(
            c.advance(&mut run, answer(200, None)),
            Effect::Done(Err(AuthError::Protocol(_)))
        ));
        let mut run = sign_in(&c, AuthFlow::UserPassword, Some("pw"));
        assert!(matches!(
            c.advance(&mut run, Event::Slept),
            Effect::Done(Err(AuthError::Protocol(_)))
        ));
    }
}
