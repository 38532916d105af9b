//! `signInWithRedirect`: starting it (state and PKCE kept under Amplify's keys in the token
//! store, the authorize URL handed back for the environment to navigate to) and completing it
//! on the page the hosted UI sends the browser back to (the code exchanged once at the token
//! endpoint, the tokens stored as a sign-in stores them, Amplify's events).

use super::events::AuthEvent;
use super::op::{Next, Operation, Poll, Ready};
use super::Client;
use crate::error::{AuthError, InvalidState, Validation};
use crate::flow::oauth::{self, Returned};
use crate::json::u64_to_string;
use crate::json::Json;
use crate::secret::Secret;
use crate::storage::tokens;
use crate::transport::Platform;
use alloc::string::String;

/// How long other calls and a later page consider a redirect sign-in in flight (Amplify's
/// `OAUTH_INFLIGHT_TTL_MS`).
pub(super) const INFLIGHT_TTL_MS: u64 = 5 * 60 * 1000;

/// A completed (or refused) return from the hosted UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landing {
    /// What the address bar should show instead (the redirect URL: no code, no state).
    pub clean_url: String,
    /// Why it did not sign in (also sent as `signInWithRedirect_failure`); `None`: signed in.
    pub error: Option<AuthError>,
}

/// Completing a redirect sign-in: one token request, then the sign-in.
pub struct CompleteRedirect {
    post: Option<(String, Secret)>,
    clean_url: String,
    state: String,
    epoch: u32,
}

impl<P: Platform> Operation<P> for CompleteRedirect {
    type Output = Option<Landing>;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<Option<Landing>>, AuthError> {
        let Some(resp) = resp else {
            let (url, body) =
                self.post.take().ok_or(AuthError::Protocol("a request sent twice"))?;
            return Ok(Poll::Next(Next::PostForm { url, body }));
        };
        let clean_url = core::mem::take(&mut self.clean_url);
        let done = resp
            .and_then(|v| oauth::read_tokens(&v))
            .and_then(|t| c.same_session(self.epoch).map(|()| t));
        let error = match done {
            Ok(t) => {
                c.redirect_signed_in(&t, &self.state);
                None
            }
            Err(e) => Some(c.redirect_failed(e)),
        };
        Ok(Poll::Ready(Some(Landing { clean_url, error })))
    }
}

/// Either nothing to complete, or the exchange.
pub enum Completion {
    /// Nothing of this browser's came back (or it failed before any request).
    Ready(Ready<Option<Landing>>),
    /// The code is exchanged.
    Exchange(CompleteRedirect),
}

impl<P: Platform> Operation<P> for Completion {
    type Output = Option<Landing>;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<Option<Landing>>, AuthError> {
        match self {
            Completion::Ready(r) => r.step(c, resp),
            Completion::Exchange(x) => x.step(c, resp),
        }
    }
}

impl<P: Platform> Client<P> {
    /// One of a redirect sign-in's in-flight values ([`Client::redirect_store`]).
    fn oauth_get(&self, name: &str) -> Option<String> {
        self.redirect_store().get(&tokens::oauth_key(&self.config.pool.client_id, name))
    }

    fn oauth_set(&self, name: &str, value: Option<&str>) {
        let key = tokens::oauth_key(&self.config.pool.client_id, name);
        match value {
            Some(v) => self.redirect_store().set(&key, v),
            None => self.redirect_store().remove(&key),
        }
    }

    /// Forgets the state and verifier of a redirect sign-in (Amplify's
    /// `clearOAuthInflightData`).
    fn clear_oauth_inflight(&self) {
        for name in ["inflightOAuth", "inflightOAuthDeadline", "oauthPKCE", "oauthState"] {
            self.oauth_set(name, None);
        }
    }

    /// Whether this browser started a redirect sign-in that has not come back.
    pub fn redirect_in_flight(&self) -> bool {
        self.oauth_get("inflightOAuth").as_deref() == Some("true")
    }

    /// Starts `signInWithRedirect({ provider?, customState?, options? })` from a page at
    /// `page`: keeps the state and PKCE verifier, and answers the authorize URL to send the
    /// browser to.
    ///
    /// # Errors
    /// `OAuthNotConfigureException` without an `oauth` section,
    /// `UserAlreadyAuthenticatedException` when signed in, the redirect URL's errors.
    pub fn begin_sign_in_with_redirect(
        &self,
        input: &Json,
        page: &str,
    ) -> Result<Ready<String>, AuthError> {
        let cfg = self.config.oauth.as_ref().ok_or(Validation::OAuthNotConfigured)?;
        // Amplify: with a `prompt` the hosted UI may sign in again over a session.
        let prompt = input.get("options").and_then(|o| o.str("prompt")).is_some();
        if self.is_signed_in() && !prompt {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let started = self.with_env(|env| {
            oauth::begin(cfg, &self.config.pool.client_id, input, page, &mut *env.random)
        })?;
        let deadline = self.platform.now_ms().saturating_add(INFLIGHT_TTL_MS);
        self.oauth_set("inflightOAuth", Some("true"));
        self.oauth_set("inflightOAuthDeadline", Some(&u64_to_string(deadline)));
        self.oauth_set("oauthState", Some(&started.state));
        self.oauth_set("oauthPKCE", Some(started.verifier.expose()));
        Ok(Ready(Some(started.url)))
    }

    /// Completes a redirect sign-in on the page the hosted UI sent the browser back to
    /// (`page`: its URL). Nothing happens (`None`) unless this browser started one and the
    /// URL carries the hosted UI's answer; a wrong `state` or an `error=` answer is refused
    /// (`signInWithRedirect_failure`, the [`Landing`]'s error) and nobody is signed in.
    pub fn begin_complete_redirect(&self, page: &str) -> Completion {
        let none = || Completion::Ready(Ready(Some(None)));
        let Some(cfg) = self.config.oauth.as_ref() else { return none() };
        if !self.redirect_in_flight() {
            return none();
        }
        let clean_url = oauth::redirect_url(&cfg.redirect_sign_in, page, None)
            .map(String::from)
            .unwrap_or_else(|_| {
                let u = oauth::parse_url(page);
                u.map(|u| {
                    let mut s = String::from(u.origin);
                    s.push_str(u.path);
                    s
                })
                .unwrap_or_default()
            });
        let fail = |e: AuthError, clean_url: String| {
            let error = Some(self.redirect_failed(e));
            Completion::Ready(Ready(Some(Some(Landing { clean_url, error }))))
        };
        let (code, state) = match oauth::read_return(page) {
            Returned::Nothing => return none(),
            Returned::Error { message } => return fail(oauth::oauth_error(&message), clean_url),
            Returned::Code { code, state } => (code, state),
        };
        let saved = self.oauth_get("oauthState");
        if let Err(e) = oauth::validate_state(state.as_deref(), saved.as_deref()) {
            return fail(e, clean_url);
        }
        let verifier = self.oauth_get("oauthPKCE").map(Secret::new);
        let post = oauth::token_request(
            cfg,
            &self.config.pool.client_id,
            &code,
            &clean_url,
            verifier.as_ref(),
        );
        match post {
            Ok(post) => Completion::Exchange(CompleteRedirect {
                post: Some(post),
                clean_url,
                state: state.unwrap_or_default(),
                epoch: self.epoch(),
            }),
            Err(e) => fail(e, clean_url),
        }
    }

    /// A redirect sign-in that failed: forgets its state, queues
    /// `signInWithRedirect_failure`, and hands the error back.
    fn redirect_failed(&self, e: AuthError) -> AuthError {
        self.clear_oauth_inflight();
        self.emit(AuthEvent::SignInWithRedirectFailure(e.clone()));
        e
    }

    /// Stores the hosted UI's tokens as a sign-in does, marks the session as the hosted UI's,
    /// forgets the flow's state, and queues `customOAuthState`, `signInWithRedirect` and
    /// `signedIn` (Amplify's order).
    fn redirect_signed_in(&self, t: &crate::protocol::TokenSet, state: &str) {
        self.next_epoch();
        self.store_tokens("username", t, None);
        if let Some(user) = self.stored_tokens().map(|s| s.username) {
            tokens::mark_oauth_sign_in(self.tokens(), &self.config.pool.client_id, &user);
        }
        self.clear_oauth_inflight();
        self.save_pending(None);
        self.save_auto(None);
        if let Some(custom) = oauth::custom_state(state) {
            self.emit(AuthEvent::CustomOAuthState(custom));
        }
        self.emit(AuthEvent::SignInWithRedirect);
        if let Ok(user) = self.current_user() {
            self.emit(AuthEvent::SignedIn(user));
        }
    }

    /// The hosted UI's logout URL to send the browser to after a sign-out of a session that
    /// came from it (`None` otherwise, or when `skip`); `preferred`: Amplify's
    /// `oauth.redirectUrl`.
    pub(crate) fn hosted_logout(
        &self,
        page: &str,
        preferred: Option<&str>,
        skip: bool,
    ) -> Option<Result<String, AuthError>> {
        let cfg = self.config.oauth.as_ref()?;
        if skip || !tokens::is_oauth_sign_in(self.tokens(), &self.config.pool.client_id) {
            return None;
        }
        Some(oauth::logout_url(cfg, &self.config.pool.client_id, page, preferred))
    }

    /// Forgets the hosted UI's sign-in marker (with the session: sign-out, a refresh refused).
    pub(crate) fn forget_oauth_sign_in(&self) {
        self.tokens().remove(&tokens::oauth_key(&self.config.pool.client_id, "oauthSignIn"));
    }

    /// The keys a read-ahead store is asked for besides the session's (a redirect sign-in's).
    pub(crate) fn oauth_read_keys(&self) -> impl Iterator<Item = String> + '_ {
        let on = self.config.oauth.is_some();
        tokens::OAUTH_KEYS
            .iter()
            .filter(move |_| on)
            .map(|n| tokens::oauth_key(&self.config.pool.client_id, n))
    }

    // ---- async conveniences ----------------------------------------------------------------

    /// `signInWithRedirect`: the authorize URL to navigate to.
    ///
    /// # Errors
    /// As [`Self::begin_sign_in_with_redirect`].
    pub async fn sign_in_with_redirect(
        &self,
        input: Json,
        page: String,
    ) -> Result<String, AuthError> {
        self.run(self.start(move |c| c.begin_sign_in_with_redirect(&input, &page))).await
    }

    /// Completes a redirect sign-in on `page` (see [`Self::begin_complete_redirect`]).
    ///
    /// # Errors
    /// Only a broken run; the flow's own failures are in the [`Landing`].
    pub async fn complete_redirect(&self, page: String) -> Result<Option<Landing>, AuthError> {
        self.run(self.start(move |c| Ok(c.begin_complete_redirect(&page)))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::run::tests::Offline;
    use crate::driver::{Effect, Event, Io};
    use crate::protocol::RawResponse;
    use crate::storage::{KeyValue, MemoryStore};
    use alloc::boxed::Box;
    use alloc::vec::Vec;

    const APP: &str = "http://localhost:8080/";

    fn client() -> Client<Offline> {
        let config = Json::parse(
            r#"{"Auth":{"Cognito":{"userPoolId":"eu-west-1_AbC","userPoolClientId":"abc123","loginWith":{"oauth":{"domain":"127.0.0.1:9229","scopes":["openid"],"redirectSignIn":["http://localhost:8080/"],"redirectSignOut":["http://localhost:8080/"],"responseType":"code"}}}}}"#,
        )
        .unwrap();
        let config = crate::model::config::parse(&config, &Json::Null).unwrap();
        let tokens: Box<dyn KeyValue> = Box::new(MemoryStore::default());
        Client::new(config, Offline, tokens, Box::new(MemoryStore::default()))
    }

    fn key(name: &str) -> String {
        tokens::oauth_key("abc123", name)
    }

    fn started(c: &Client<Offline>, input: &str) -> String {
        let input = Json::parse(input).unwrap();
        let mut run = c.start(move |c| c.begin_sign_in_with_redirect(&input, APP));
        match c.advance(&mut run, Event::Start) {
            Effect::Done(Ok(url)) => url,
            e => panic!("expected the authorize URL, got {e:?}"),
        }
    }

    fn complete(c: &Client<Offline>, page: &str) -> (Effect<Option<Landing>>, Run) {
        let page = String::from(page);
        let mut run = c.start(move |c| Ok(c.begin_complete_redirect(&page)));
        (c.advance(&mut run, Event::Start), run)
    }

    type Run = crate::driver::Run<Offline, Completion>;

    fn jwt(claims: &str) -> String {
        let mut t = String::from("eyJhbGciOiJSUzI1NiJ9.");
        t.push_str(&oauth::base64url(claims.as_bytes()));
        t.push_str(".sig");
        t
    }

    fn events(c: &Client<Offline>) -> Vec<&'static str> {
        core::iter::from_fn(|| c.poll_event()).map(|e| e.name()).collect()
    }

    #[test]
    fn starting_keeps_state_and_verifier_under_amplifys_keys() {
        let c = client();
        let url = started(&c, r#"{"customState":"x"}"#);
        assert!(url.starts_with("http://127.0.0.1:9229/oauth2/authorize?"), "{url}");
        let t = c.tokens();
        assert_eq!(t.get(&key("inflightOAuth")).as_deref(), Some("true"));
        assert_eq!(t.get(&key("inflightOAuthDeadline")).as_deref(), Some("1750000300000"));
        let state = t.get(&key("oauthState")).unwrap();
        assert!(state.ends_with("-78"), "{state}");
        let verifier = t.get(&key("oauthPKCE")).unwrap();
        assert!(!url.contains(&verifier));
        assert!(url.contains(&oauth::code_challenge(&verifier)));
        assert!(c.redirect_in_flight());
    }

    #[test]
    fn tokens_in_memory_the_round_trip_completes_through_the_redirect_store() {
        // The page that leaves for the hosted UI and the page it comes back to: two clients,
        // each with its own memory for tokens, sharing the tab's redirect store.
        let tab = alloc::rc::Rc::new(MemoryStore::default());
        let shared = || Box::new(tab.clone()) as Box<dyn KeyValue>;
        let leaving = client().with_redirect_store(shared());
        let _ = started(&leaving, "{}");
        assert_eq!(leaving.tokens().get(&key("oauthPKCE")), None, "nothing beside the tokens");
        let state = tab.get(&key("oauthState")).unwrap();
        let back = client().with_redirect_store(shared());
        assert!(back.redirect_in_flight());
        let page = alloc::format!("{APP}?code=c&state={state}");
        let (effect, mut run) = complete(&back, &page);
        assert!(matches!(effect, Effect::Io(Io::PostForm { .. })), "the code is exchanged");
        let access = jwt(r#"{"sub":"s1","username":"Google_1","exp":4102444800}"#);
        let body = alloc::format!(
            r#"{{"access_token":"{access}","id_token":"{access}","refresh_token":"r","token_type":"Bearer","expires_in":3600}}"#
        );
        let resp = RawResponse { status: 200, error_type: None, body };
        assert!(matches!(
            back.advance(&mut run, Event::Http(Ok(resp))),
            Effect::Done(Ok(Some(Landing { error: None, .. })))
        ));
        assert_eq!(back.current_user().unwrap().username, "Google_1");
        for k in ["inflightOAuth", "inflightOAuthDeadline", "oauthPKCE", "oauthState"] {
            assert_eq!(tab.get(&key(k)), None, "{k} is cleared");
        }
        assert!(
            tokens::is_oauth_sign_in(back.tokens(), "abc123"),
            "the session's marker stays with it"
        );
    }

    #[test]
    fn without_oauth_or_when_signed_in_it_is_refused() {
        let c = client();
        c.tokens().set("CognitoIdentityServiceProvider.abc123.LastAuthUser", "ann");
        c.tokens().set("CognitoIdentityServiceProvider.abc123.ann.accessToken", "a");
        c.tokens().set("CognitoIdentityServiceProvider.abc123.ann.idToken", "i");
        let e = c.begin_sign_in_with_redirect(&Json::Null, APP).err().unwrap();
        assert_eq!(e.name(), "UserAlreadyAuthenticatedException");
        let config = Json::parse(
            r#"{"Auth":{"Cognito":{"userPoolId":"eu-west-1_AbC","userPoolClientId":"abc123"}}}"#,
        )
        .unwrap();
        let config = crate::model::config::parse(&config, &Json::Null).unwrap();
        let tokens: Box<dyn KeyValue> = Box::new(MemoryStore::default());
        let bare = Client::new(config, Offline, tokens, Box::new(MemoryStore::default()));
        let e = bare.begin_sign_in_with_redirect(&Json::Null, APP).err().unwrap();
        assert_eq!(e.name(), "OAuthNotConfigureException");
    }

    #[test]
    fn the_code_is_exchanged_once_and_the_user_signed_in() {
        let c = client();
        let _ = started(&c, r#"{"customState":"/cart"}"#);
        let state = c.tokens().get(&key("oauthState")).unwrap();
        let verifier = c.tokens().get(&key("oauthPKCE")).unwrap();
        let page = alloc::format!("{APP}?code=the-code&state={state}");
        let (effect, mut run) = complete(&c, &page);
        let Effect::Io(Io::PostForm { url, body }) = effect else { panic!("a token request") };
        assert_eq!(url, "http://127.0.0.1:9229/oauth2/token");
        assert!(body.expose().contains("code=the-code"));
        assert!(body.expose().contains(&alloc::format!("code_verifier={verifier}")));
        assert!(!alloc::format!("{body:?}").contains("the-code"));
        let access = jwt(r#"{"sub":"s1","username":"Google_1","exp":4102444800}"#);
        let answer = alloc::format!(
            r#"{{"access_token":"{access}","id_token":"{access}","refresh_token":"r","token_type":"Bearer","expires_in":3600}}"#
        );
        let resp = RawResponse { status: 200, error_type: None, body: answer };
        match c.advance(&mut run, Event::Http(Ok(resp))) {
            Effect::Done(Ok(Some(Landing { clean_url, error: None }))) => {
                assert_eq!(clean_url, APP)
            }
            e => panic!("expected a landing, got {e:?}"),
        }
        assert_eq!(events(&c), ["customOAuthState", "signInWithRedirect", "signedIn"]);
        assert_eq!(c.current_user().unwrap().username, "Google_1");
        let t = c.tokens();
        assert_eq!(t.get(&key("oauthSignIn")).as_deref(), Some("true,false"));
        for k in ["inflightOAuth", "inflightOAuthDeadline", "oauthPKCE", "oauthState"] {
            assert_eq!(t.get(&key(k)), None, "{k}");
        }
        assert!(tokens::is_oauth_sign_in(t, "abc123"));
        // A reload of the same URL does nothing: the flow is over.
        let (effect, _) = complete(&c, &page);
        assert!(matches!(effect, Effect::Done(Ok(None))));
        // Sign-out names the hosted UI's logout URL, unless skipped.
        let oauth = Json::Null;
        let mut run = c.start(move |c| Ok(c.begin_sign_out_from(false, Some((APP, &oauth)))));
        let mut effect = c.advance(&mut run, Event::Start);
        if let Effect::Io(Io::Send { .. }) = effect {
            effect = c.advance(
                &mut run,
                Event::Http(Ok(RawResponse { status: 200, error_type: None, body: "{}".into() })),
            );
        }
        match effect {
            Effect::Done(Ok(Some(u))) => assert_eq!(
                u,
                "http://127.0.0.1:9229/logout?client_id=abc123&logout_uri=http%3A%2F%2Flocalhost%3A8080%2F"
            ),
            e => panic!("expected the logout URL, got {e:?}"),
        }
        assert_eq!(c.tokens().get(&key("oauthSignIn")), None);
    }

    #[test]
    fn a_tampered_state_an_error_answer_or_a_refused_code_never_sign_in() {
        let c = client();
        let _ = started(&c, "{}");
        let state = c.tokens().get(&key("oauthState")).unwrap();
        let (effect, _) = complete(&c, &alloc::format!("{APP}?code=c&state={state}x"));
        match effect {
            Effect::Done(Ok(Some(Landing { error: Some(e), clean_url }))) => {
                assert_eq!((e.name(), clean_url.as_str()), ("OAuthSignInException", APP))
            }
            e => panic!("expected a refusal, got {e:?}"),
        }
        assert_eq!(events(&c), ["signInWithRedirect_failure"]);
        assert!(!c.redirect_in_flight() && !c.is_signed_in());
        assert_eq!(c.tokens().get(&key("oauthPKCE")), None);

        let _ = started(&c, "{}");
        let (effect, _) = complete(&c, &alloc::format!("{APP}?error=access_denied"));
        assert!(matches!(effect, Effect::Done(Ok(Some(Landing { error: Some(_), .. })))));
        assert_eq!(events(&c), ["signInWithRedirect_failure"]);

        let _ = started(&c, "{}");
        let state = c.tokens().get(&key("oauthState")).unwrap();
        c.tokens().remove(&key("oauthPKCE"));
        let (effect, _) = complete(&c, &alloc::format!("{APP}?code=c&state={state}"));
        assert!(matches!(effect, Effect::Done(Ok(Some(Landing { error: Some(_), .. })))));
        assert_eq!(events(&c), ["signInWithRedirect_failure"]);

        let _ = started(&c, "{}");
        let state = c.tokens().get(&key("oauthState")).unwrap();
        let (effect, mut run) = complete(&c, &alloc::format!("{APP}?code=c&state={state}"));
        assert!(matches!(effect, Effect::Io(Io::PostForm { .. })));
        let refused = RawResponse {
            status: 400,
            error_type: None,
            body: r#"{"error":"invalid_grant","error_description":"Code expired"}"#.into(),
        };
        match c.advance(&mut run, Event::Http(Ok(refused))) {
            Effect::Done(Ok(Some(Landing { error: Some(e), .. }))) => {
                assert_eq!(e.message(), "Code expired")
            }
            e => panic!("expected a refusal, got {e:?}"),
        }
        assert_eq!(events(&c), ["signInWithRedirect_failure"]);
        assert!(!c.is_signed_in());
        // Transient failures are not retried: a code is single use.
        let _ = started(&c, "{}");
        let state = c.tokens().get(&key("oauthState")).unwrap();
        let (_, mut run) = complete(&c, &alloc::format!("{APP}?code=c&state={state}"));
        let busy = RawResponse { status: 503, error_type: None, body: "{}".into() };
        assert!(matches!(c.advance(&mut run, Event::Http(Ok(busy))), Effect::Done(Ok(Some(_)))));
    }

    #[test]
    fn a_page_without_a_flow_of_this_browser_is_left_alone() {
        let c = client();
        let (effect, _) = complete(&c, &alloc::format!("{APP}?code=c&state=s"));
        assert!(matches!(effect, Effect::Done(Ok(None))));
        assert!(events(&c).is_empty());
    }
}
