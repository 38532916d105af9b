//! Running an [`Operation`]: [`Client::advance`] takes what the last [`Io`] produced (an
//! [`Event`]) and says what to do next. Reading and writing an app's read-ahead token store,
//! and the retry policy for transient failures, live here, so every environment gets the same
//! ones: the async [`Client::run`] (Rust callers, native tests) and the browser binding, whose
//! loop is a few lines of JS awaiting each effect's promise.

use super::op::{Next, Operation, Poll};
use super::Client;
use crate::error::AuthError;
use crate::json::Json;
use crate::protocol::{self, Action, RawResponse, Retry, MAX_ATTEMPTS};
use crate::secret::Secret;
use crate::storage::{tokens, KeyValue};
use crate::transport::Platform;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Upper bound on steps in one operation (SRP + MFA setup chains use at most 5).
const MAX_STEPS: u8 = 12;

/// I/O the environment must do for a running operation, then answer with an [`Event`].
#[derive(Debug)]
pub enum Io {
    /// POST `body` for `action` to the pool endpoint; answer with [`Event::Http`].
    Send {
        /// The action (`X-Amz-Target`).
        action: Action,
        /// The JSON body (passwords, codes, sessions: never printed).
        body: Secret,
    },
    /// POST the form `body` to `url`; answer with [`Event::Http`]. Never repeated.
    PostForm {
        /// The endpoint.
        url: String,
        /// The form body (a code and a verifier: never printed).
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
    /// Read these keys from the app's token store; answer with [`Event::Read`].
    Read {
        /// The keys, in the order of the answer.
        keys: Vec<String>,
    },
    /// Write these changes to the app's token store, in order (`None`: remove the key);
    /// answer with [`Event::Written`].
    Write {
        /// Keys and values (tokens: treat them as secrets).
        writes: Vec<(String, Option<Secret>)>,
    },
}

/// What to do next.
#[derive(Debug)]
#[must_use]
pub enum Effect<O> {
    /// Do this I/O and answer with what it produced.
    Io(Io),
    /// The operation ended.
    Done(Result<O, AuthError>),
}

/// What the last [`Io`] produced.
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
    /// The values read, in the order of the keys: `Some(None)` absent, `None` the read failed
    /// (the client keeps what it had).
    Read(Vec<Option<Option<Secret>>>),
    /// The writes are done (a failed write leaves the value in the client's copy only).
    Written,
}

/// The request in flight.
#[derive(Debug)]
struct InFlight {
    /// The action and body to send again after a transient failure: kept for retry-safe
    /// requests only.
    resend: Option<(Action, Secret)>,
    attempt: u32,
    /// A form POST: its answer's JSON is the step's input whatever the status.
    form: bool,
}

/// Where a run is, apart from its operation.
#[derive(Debug, Default)]
struct Core {
    /// A read of the app's store in flight: its keys, the copy's mark when it began, and
    /// whether it is the first round (`LastAuthUser`).
    reading: Option<(Vec<String>, u32, bool)>,
    /// Another user whose keys the call reads too (a sign-in's user: their remembered device).
    also: Option<String>,
    in_flight: Option<InFlight>,
    /// What to do once the writes asked for are done.
    after_write: Option<Io>,
    /// A [`Next::Wait`] in progress: the operation steps again with `None` after it.
    waiting: bool,
    /// How the operation ended, held while the last writes are done (the output itself waits
    /// in the [`Slot`]).
    ended: Option<Result<(), AuthError>>,
    steps: u8,
    started: bool,
}

type Begin<P, O> = Box<dyn FnOnce(&Client<P>) -> Result<O, AuthError>>;

/// A run's operation, its maker and, once it is ready, its output.
struct Slot<P: Platform, O: Operation<P>> {
    begin: Option<Begin<P, O>>,
    op: Option<O>,
    out: Option<O::Output>,
}

/// The object-safe face of a [`Slot`]: the run loop ([`Client::turn`]) is compiled once and
/// drives every operation through it; the output stays typed in the slot until
/// [`Client::advance`] hands it out (nothing is downcast).
trait Stepper<P: Platform> {
    /// Makes the operation, once the stores hold what it needs.
    fn begin(&mut self, c: &Client<P>) -> Result<(), AuthError>;
    /// Steps it: what it needs next, or `None` when its output is ready in the slot.
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Option<Next>, AuthError>;
}

impl<P: Platform, O: Operation<P>> Stepper<P> for Slot<P, O> {
    fn begin(&mut self, c: &Client<P>) -> Result<(), AuthError> {
        let begin = self.begin.take().ok_or(AuthError::Protocol("a run started twice"))?;
        self.op = Some(begin(c)?);
        Ok(())
    }

    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Option<Next>, AuthError> {
        let op = self.op.as_mut().ok_or(AuthError::Protocol("a response before the start"))?;
        Ok(match op.step(c, resp)? {
            Poll::Next(next) => Some(next),
            Poll::Ready(out) => {
                self.out = Some(out);
                None
            }
        })
    }
}

/// An operation in progress. Made by [`Client::start`]; driven by [`Client::advance`].
#[must_use = "a run does nothing until Client::run or Client::advance drives it"]
pub struct Run<P: Platform, O: Operation<P>> {
    slot: Slot<P, O>,
    core: Core,
}

impl<P: Platform, O: Operation<P>> Run<P, O> {
    /// With a read-ahead store, reads `user`'s keys too before the operation begins (a
    /// sign-in's user, signed out: the device remembered for them).
    pub fn reading_also(mut self, user: Option<String>) -> Self {
        self.core.also = user;
        self
    }
}

impl<P: Platform, O: Operation<P>> core::fmt::Debug for Run<P, O> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Run").field("core", &self.core).finish_non_exhaustive()
    }
}

/// What an event means for the run ([`Client::receive`]).
enum Received {
    Io(Io),
    Begin,
    Step(Option<Result<Json, AuthError>>),
    Written,
    Fail(AuthError),
}

impl<P: Platform> Client<P> {
    /// A run of the operation `begin` makes. `begin` is called once the stores hold what the
    /// call needs (at the first `advance`, or after the app's store was read).
    pub fn start<O: Operation<P>>(
        &self,
        begin: impl FnOnce(&Client<P>) -> Result<O, AuthError> + 'static,
    ) -> Run<P, O> {
        let slot = Slot { begin: Some(Box::new(begin)), op: None, out: None };
        Run { slot, core: Core::default() }
    }

    /// Advances `run` with what its last [`Io`] produced. After [`Effect::Done`] the run is
    /// over. Deliver the queued events afterwards ([`Self::deliver_events`]).
    pub fn advance<O: Operation<P>>(&self, run: &mut Run<P, O>, event: Event) -> Effect<O::Output> {
        match self.turn(&mut run.core, &mut run.slot, event) {
            Effect::Io(io) => Effect::Io(io),
            Effect::Done(r) => Effect::Done(r.and_then(|()| {
                run.slot.out.take().ok_or(AuthError::Protocol("a run ended twice"))
            })),
        }
    }

    /// The run loop, one copy for every operation: `Done(Ok(()))` when the output is ready
    /// in the operation's slot.
    #[inline(never)]
    fn turn(&self, core: &mut Core, op: &mut dyn Stepper<P>, event: Event) -> Effect<()> {
        let resp = match self.receive(core, event) {
            Received::Io(io) => return Effect::Io(io),
            Received::Fail(e) => return self.finish(core, Err(e)),
            Received::Written => {
                let ended = core.ended.take();
                return Effect::Done(
                    ended.unwrap_or(Err(AuthError::Protocol("a write out of turn"))),
                );
            }
            Received::Begin => match op.begin(self) {
                Ok(()) => None,
                Err(e) => return self.finish(core, Err(e)),
            },
            Received::Step(resp) => resp,
        };
        match op.step(self, resp) {
            Ok(Some(next)) => Effect::Io(self.dispatch(core, next)),
            Ok(None) => self.finish(core, Ok(())),
            Err(e) => self.finish(core, Err(e)),
        }
    }

    /// Ends a run with `r`, after the writes it still owes the app's store.
    fn finish(&self, core: &mut Core, r: Result<(), AuthError>) -> Effect<()> {
        match self.take_writes() {
            Some(writes) => {
                core.ended = Some(r);
                Effect::Io(Io::Write { writes })
            }
            None => Effect::Done(r),
        }
    }

    /// The changes to write through to a read-ahead store, if any.
    fn take_writes(&self) -> Option<Vec<(String, Option<Secret>)>> {
        let writes = self.read_ahead()?.take_writes();
        (!writes.is_empty())
            .then(|| writes.into_iter().map(|(k, v)| (k, v.map(Secret::new))).collect())
    }

    /// Turns what the operation needs next into I/O (written-through changes first).
    fn dispatch(&self, core: &mut Core, next: Next) -> Io {
        let io = match next {
            Next::Send(req) => {
                let body = Secret::new(req.body.to_json());
                let resend = (req.retry == Retry::Safe).then(|| (req.action, body.clone()));
                core.in_flight = Some(InFlight { resend, attempt: 1, form: false });
                Io::Send { action: req.action, body }
            }
            Next::PostForm { url, body } => {
                core.in_flight = Some(InFlight { resend: None, attempt: 1, form: true });
                Io::PostForm { url, body }
            }
            Next::PasskeyGet { options, conditional } => Io::PasskeyGet { options, conditional },
            Next::PasskeyCreate { options } => Io::PasskeyCreate { options },
            Next::Wait(ms) => {
                core.waiting = true;
                Io::Sleep(ms)
            }
        };
        match self.take_writes() {
            Some(writes) => {
                core.after_write = Some(io);
                Io::Write { writes }
            }
            None => io,
        }
    }

    /// What `event` means: more I/O (a store read, a retry), the start, or a step's input.
    fn receive(&self, core: &mut Core, event: Event) -> Received {
        let resp = match event {
            Event::Start if !core.started => {
                core.started = true;
                return self.read_store(core, None);
            }
            Event::Read(values) if core.reading.is_some() => return self.on_read(core, values),
            Event::Written => {
                return core.after_write.take().map_or(Received::Written, Received::Io);
            }
            Event::Slept if core.waiting => {
                core.waiting = false;
                return Received::Step(None);
            }
            Event::Slept => {
                let f = core.in_flight.as_ref().and_then(|f| f.resend.clone());
                return match f {
                    Some((action, body)) => Received::Io(Io::Send { action, body }),
                    None => Received::Fail(AuthError::Protocol("a wait without a request")),
                };
            }
            Event::Http(outcome) => match self.on_http(core, outcome) {
                Ok(resp) => resp,
                Err(io) => return Received::Io(io),
            },
            Event::Credential(r) => r.map(|c| Json::Str(c.expose().into())),
            Event::Start | Event::Read(_) => {
                return Received::Fail(AuthError::Protocol("an event out of turn"))
            }
        };
        if core.steps == MAX_STEPS {
            return Received::Fail(AuthError::Protocol("too many steps"));
        }
        core.steps += 1;
        Received::Step(Some(resp))
    }

    /// An HTTP outcome: the response read, or a wait before sending a retry-safe request again.
    fn on_http(
        &self,
        core: &mut Core,
        outcome: Result<RawResponse, AuthError>,
    ) -> Result<Result<Json, AuthError>, Io> {
        let Some(f) = core.in_flight.as_mut() else {
            return Ok(Err(AuthError::Protocol("a response without a request")));
        };
        // Transient failures of retry-safe requests: capped, jittered backoff.
        if f.resend.is_some() && f.attempt < MAX_ATTEMPTS && protocol::is_transient(&outcome) {
            let mut jitter = [0u8; 2];
            self.platform.random(&mut jitter);
            let wait = protocol::backoff_ms(f.attempt, u16::from_le_bytes(jitter));
            f.attempt += 1;
            return Err(Io::Sleep(wait));
        }
        let form = f.form;
        core.in_flight = None;
        if form {
            return Ok(outcome.and_then(|r| {
                Json::parse(&r.body).map_err(|_| AuthError::Protocol("the answer is not JSON"))
            }));
        }
        Ok(outcome.and_then(|r| protocol::read(&r)))
    }

    /// Asks a read-ahead store for the `LastAuthUser` key (`user` `None`) or that user's
    /// session keys; with another store, the operation begins.
    fn read_store(&self, core: &mut Core, user: Option<&str>) -> Received {
        let Some(copy) = self.read_ahead() else { return Received::Begin };
        let mut keys = tokens::keys(&self.config.pool.client_id, user);
        if user.is_none() && self.config.identity.is_some() {
            keys.push(self.guest_identity_key());
        }
        if user.is_none() {
            keys.extend(self.oauth_read_keys());
        }
        core.reading = Some((keys.clone(), copy.mark(), user.is_none()));
        Received::Io(Io::Read { keys })
    }

    /// Takes a read's values into the copy; after the first round, reads the user's keys.
    fn on_read(&self, core: &mut Core, values: Vec<Option<Option<Secret>>>) -> Received {
        let (Some((keys, mark, first)), Some(copy)) = (core.reading.take(), self.read_ahead())
        else {
            return Received::Fail(AuthError::Protocol("a read out of turn"));
        };
        for (key, v) in keys.iter().zip(values) {
            if let Some(v) = v {
                copy.take(mark, key, v.as_ref().map(Secret::expose));
            }
        }
        match keys.first().filter(|_| first).and_then(|k| copy.get(k)).or_else(|| core.also.take())
        {
            Some(user) => self.read_store(core, Some(&user)),
            None => Received::Begin,
        }
    }

    /// Runs an operation to its end on this client's platform, delivering its events to the
    /// subscribers as they happen.
    ///
    /// # Errors
    /// The operation's failure.
    pub async fn run<O: Operation<P>>(&self, mut run: Run<P, O>) -> Result<O::Output, AuthError> {
        let mut event = Event::Start;
        loop {
            let effect = self.advance(&mut run, event);
            self.deliver_events();
            event = match effect {
                Effect::Io(io) => self.perform(io).await,
                Effect::Done(r) => return r,
            };
        }
    }

    /// Does one [`Io`] on the platform.
    async fn perform(&self, io: Io) -> Event {
        let p = &self.platform;
        match io {
            Io::Send { action, body } => {
                let (endpoint, timeout) =
                    (self.config.endpoint_of(action), self.config.request_timeout_ms);
                Event::Http(p.send(endpoint, action, body.expose(), timeout).await)
            }
            Io::PostForm { url, body } => {
                Event::Http(p.post_form(&url, body.expose(), self.config.request_timeout_ms).await)
            }
            Io::Sleep(ms) => {
                p.sleep(ms).await;
                Event::Slept
            }
            Io::PasskeyGet { options, conditional } => {
                Event::Credential(p.passkey_get(&options, conditional).await)
            }
            Io::PasskeyCreate { options } => Event::Credential(p.passkey_create(&options).await),
            Io::Read { keys } => Event::Read(p.store_read(&keys).await),
            Io::Write { writes } => {
                p.store_write(&writes).await;
                Event::Written
            }
        }
    }
}
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::driver::SignIn;
    use crate::flow::sign_in::SignInInput;
    use crate::flow::AuthFlow;
    use crate::protocol::MAX_ATTEMPTS;
    use crate::storage::{KeyValue, MemoryStore};
    use alloc::boxed::Box;

    /// `advance` never touches the network: a platform that must not be asked to send (the
    /// driver's tests answer each [`Io`] themselves).
    pub(crate) struct Offline;

    impl Platform for Offline {
        async fn send(
            &self,
            _: &str,
            _: Action,
            _: &str,
            _: u32,
        ) -> Result<RawResponse, AuthError> {
            unreachable!("advance must not send")
        }
        async fn sleep(&self, _: u64) {}
        fn now_ms(&self) -> u64 {
            1_750_000_000_000
        }
    }

    fn client() -> Client<Offline> {
        client_with(Box::new(MemoryStore::default()) as Box<dyn KeyValue>)
    }

    fn client_with(tokens: impl Into<super::super::Tokens>) -> Client<Offline> {
        let config = Json::parse(
            r#"{"Auth":{"Cognito":{"userPoolId":"eu-west-1_AbC","userPoolClientId":"abc123"}}}"#,
        )
        .unwrap();
        let config = crate::model::config::parse(&config, &Json::Null).unwrap();
        Client::new(config, Offline, tokens, Box::new(MemoryStore::default()))
    }

    fn sign_in(
        c: &Client<Offline>,
        flow: AuthFlow,
        password: Option<&str>,
    ) -> Run<Offline, SignIn> {
        let input = SignInInput {
            username: "ann".into(),
            password: password.map(Secret::new),
            flow,
            preferred: None,
            client_metadata: Vec::new(),
        };
        c.start(move |c| c.begin_sign_in(input))
    }

    fn expired_tokens() -> crate::protocol::TokenSet {
        // Expired in 2023: {"sub":"s1","username":"ann","exp":1700000000}.
        let t = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzMSIsInVzZXJuYW1lIjoiYW5uIiwiZXhwIjoxNzAwMDAwMDAwfQ.sig";
        crate::protocol::TokenSet {
            access_token: Secret::new(t),
            id_token: Secret::new(t),
            refresh_token: Some(Secret::new("r")),
            expires_in: 3600,
            new_device: None,
        }
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
        let mut run = c.start(|c| c.begin_fetch_session(true));
        assert!(matches!(
            c.advance(&mut run, Event::Start),
            Effect::Done(Ok(super::super::Session { tokens: None, aws: None }))
        ));
        assert_eq!(
            c.begin_current_user().err().map(|e| e.name().to_string()).as_deref(),
            Some("UserUnAuthenticatedException")
        );
        c.store_tokens("ann", &expired_tokens(), None);
        let mut run = c.start(|c| c.begin_current_user());
        match c.advance(&mut run, Event::Start) {
            Effect::Done(Ok(u)) => {
                assert_eq!((u.username.as_str(), u.user_id.as_str()), ("ann", "s1"))
            }
            e => panic!("expected the user, got {e:?}"),
        }
        // Expired tokens: the refresh comes first.
        let mut run = c.start(|c| c.begin_fetch_session(false));
        assert!(matches!(
            c.advance(&mut run, Event::Start),
            Effect::Io(Io::Send { action: Action::GetTokensFromRefreshToken, .. })
        ));
    }

    /// A read-ahead store: the keys are read before the operation begins (two rounds), the
    /// changes are written through before the result, and an out-of-turn read is refused.
    #[test]
    fn a_read_ahead_store_is_read_first_and_written_before_the_result() {
        let c = client_with(super::super::Tokens::ReadAhead(crate::storage::Replica::default()));
        let mut run = c.start(|c| Ok(c.begin_sign_out(false)));
        let Effect::Io(Io::Read { keys }) = c.advance(&mut run, Event::Start) else {
            panic!("the store is read first")
        };
        assert_eq!(keys, ["CognitoIdentityServiceProvider.abc123.LastAuthUser"]);
        let Effect::Io(Io::Read { keys }) =
            c.advance(&mut run, Event::Read(alloc::vec![Some(Some(Secret::new("ann")))]))
        else {
            panic!("then the user's keys")
        };
        assert_eq!(keys.len(), 9, "session and device keys");
        assert!(keys[0].ends_with(".ann.accessToken"), "{keys:?}");
        // Nothing stored for ann: nothing to revoke; sign-out clears the keys it knows.
        let values = keys.iter().map(|_| Some(None)).collect();
        let Effect::Io(Io::Write { writes }) = c.advance(&mut run, Event::Read(values)) else {
            panic!("the changes are written through before the result")
        };
        assert!(writes.iter().all(|(_, v)| v.is_none()), "sign-out only removes");
        assert!(matches!(c.advance(&mut run, Event::Written), Effect::Done(Ok(None))));
        assert_eq!(c.poll_event().map(|e| e.name()), Some("signedOut"));
        let mut run = c.start(|c| Ok(c.begin_sign_out(false)));
        let _ = c.advance(&mut run, Event::Start);
        assert!(matches!(
            c.advance(&mut run, Event::Written),
            Effect::Done(Err(AuthError::Protocol(_)))
        ));
    }

    #[test]
    fn transient_failures_of_safe_requests_wait_then_resend_the_same_body() {
        let c = client();
        let mut run = sign_in(&c, AuthFlow::UserSrp, Some("pw"));
        let Effect::Io(Io::Send { action, body }) = c.advance(&mut run, Event::Start) else {
            panic!("first effect is not a request")
        };
        assert_eq!(action, Action::InitiateAuth);
        for _ in 1..MAX_ATTEMPTS {
            match c.advance(&mut run, answer(429, None)) {
                Effect::Io(Io::Sleep(ms)) => assert!((50..=2_000).contains(&ms), "backoff {ms} ms"),
                e => panic!("expected a wait, got {e:?}"),
            }
            match c.advance(&mut run, Event::Slept) {
                Effect::Io(Io::Send { action: a, body: again }) => {
                    assert_eq!((a, &again), (action, &body))
                }
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
        assert!(matches!(c.advance(&mut run, Event::Start), Effect::Io(Io::Send { .. })));
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
            matches!(&effect, Effect::Io(Io::Send { body, .. }) if body.expose().contains("pw-do-not-print"))
        );
        for printed in [format!("{effect:?}"), format!("{run:?}")] {
            assert!(!printed.contains("pw-do-not-print"), "{printed}");
        }
        // A single-use request has nothing to resend: a wait for it is out of order.
        let mut run = sign_in(&c, AuthFlow::CustomWithoutSrp, None);
        assert!(matches!(c.advance(&mut run, Event::Start), Effect::Io(Io::Send { .. })));
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
