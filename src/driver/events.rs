//! Auth events (Amplify's Hub `auth` channel): queued by the driver as they happen, handed out
//! after each step ([`Client::poll_event`], or [`Client::deliver_events`] to the subscribers),
//! never from inside a step, so a subscriber may call the client again.

use super::Client;
use crate::error::AuthError;
use crate::flow::session::CurrentUser;
use crate::transport::Platform;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

/// What happened, with Amplify's event names ([`AuthEvent::name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthEvent {
    /// `signedIn`, with who signed in.
    SignedIn(CurrentUser),
    /// `signedOut`.
    SignedOut,
    /// `tokenRefresh`.
    TokenRefresh,
    /// `tokenRefresh_failure`.
    TokenRefreshFailure(AuthError),
    /// `autoSignIn`, with who signed in.
    AutoSignIn(CurrentUser),
    /// `autoSignIn_failure`.
    AutoSignInFailure(AuthError),
    /// `signInWithRedirect`: the hosted UI's sign-in completed on this page.
    SignInWithRedirect,
    /// `signInWithRedirect_failure`.
    SignInWithRedirectFailure(AuthError),
    /// `customOAuthState`, with the `customState` given to `signInWithRedirect`.
    CustomOAuthState(alloc::string::String),
}

impl AuthEvent {
    /// The event's name in Amplify's Hub.
    pub fn name(&self) -> &'static str {
        match self {
            AuthEvent::SignedIn(_) => "signedIn",
            AuthEvent::SignedOut => "signedOut",
            AuthEvent::TokenRefresh => "tokenRefresh",
            AuthEvent::TokenRefreshFailure(_) => "tokenRefresh_failure",
            AuthEvent::AutoSignIn(_) => "autoSignIn",
            AuthEvent::AutoSignInFailure(_) => "autoSignIn_failure",
            AuthEvent::SignInWithRedirect => "signInWithRedirect",
            AuthEvent::SignInWithRedirectFailure(_) => "signInWithRedirect_failure",
            AuthEvent::CustomOAuthState(_) => "customOAuthState",
        }
    }
}

/// A subscription made by [`Client::subscribe`], for [`Client::unsubscribe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription(u32);

type Listener = Rc<dyn Fn(&AuthEvent)>;

/// The queue and the subscribers of one client.
#[derive(Default)]
pub(crate) struct Events {
    queue: RefCell<Vec<AuthEvent>>,
    listeners: RefCell<Vec<(u32, Listener)>>,
    next: Cell<u32>,
}

impl<P: Platform> Client<P> {
    /// Queues an event for the next delivery.
    pub(crate) fn emit(&self, e: AuthEvent) {
        self.events.queue.borrow_mut().push(e);
    }

    /// Takes the oldest queued event (instead of [`Self::deliver_events`]).
    pub fn poll_event(&self) -> Option<AuthEvent> {
        let mut q = self.events.queue.borrow_mut();
        (!q.is_empty()).then(|| q.remove(0))
    }

    /// Calls `f` with every event from now on, until [`Self::unsubscribe`].
    pub fn subscribe(&self, f: impl Fn(&AuthEvent) + 'static) -> Subscription {
        let id = self.events.next.get();
        self.events.next.set(id.wrapping_add(1));
        self.events.listeners.borrow_mut().push((id, Rc::new(f)));
        Subscription(id)
    }

    /// Ends a subscription.
    pub fn unsubscribe(&self, s: Subscription) {
        self.events.listeners.borrow_mut().retain(|(id, _)| *id != s.0);
    }

    /// Hands every queued event to every subscriber, in order. [`Self::run`] and the JS
    /// binding call it after each step. A subscriber may subscribe, unsubscribe or start
    /// another operation.
    pub fn deliver_events(&self) {
        while let Some(e) = self.poll_event() {
            let listeners: Vec<Listener> =
                self.events.listeners.borrow().iter().map(|(_, f)| f.clone()).collect();
            for f in listeners {
                f(&e);
            }
        }
    }
}
