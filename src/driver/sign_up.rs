//! `signUp`, `confirmSignUp`, `resendSignUpCode`, `resetPassword`, `confirmResetPassword`.

use super::op::{once, Operation, Poll, Single};
use super::Client;
use crate::error::AuthError;
use crate::flow::password_reset::{self, ConfirmResetInput};
use crate::flow::sign_up::{self, AutoSignIn, ConfirmSignUpInput, SignUpInput, SignUpResult};
use crate::json::Json;
use crate::protocol::{CodeDelivery, Request};
use crate::transport::Platform;
use alloc::string::String;
use alloc::vec::Vec;

/// `signUp` in progress.
pub struct SignUp {
    req: Option<Request>,
    input: Option<SignUpInput>,
}

impl<P: Platform> Operation<P> for SignUp {
    type Output = SignUpResult;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<SignUpResult>, AuthError> {
        let Some(resp) = resp else { return once(&mut self.req).map(Poll::Next) };
        let v = resp?;
        let input = self.input.take().ok_or(AuthError::Protocol("sign-up stepped twice"))?;
        let (result, auto) = c.with_env(|env| sign_up::on_sign_up(input, &v, env))?;
        c.save_auto(auto.as_ref());
        Ok(Poll::Ready(result))
    }
}

/// `confirmSignUp` in progress, with the auto sign-in it may arm.
pub struct ConfirmSignUp {
    req: Option<Request>,
    username: String,
    auto: Option<AutoSignIn>,
}

impl<P: Platform> Operation<P> for ConfirmSignUp {
    type Output = SignUpResult;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<SignUpResult>, AuthError> {
        let Some(resp) = resp else { return once(&mut self.req).map(Poll::Next) };
        let v = resp?;
        let had_auto = self.auto.is_some();
        let (result, auto) = c
            .with_env(|env| sign_up::on_confirm_sign_up(&self.username, &v, self.auto.take(), env));
        if had_auto {
            c.save_auto(auto.as_ref());
        }
        Ok(Poll::Ready(result))
    }
}

fn delivery(v: &Json) -> Result<CodeDelivery, AuthError> {
    Ok(v.get("CodeDeliveryDetails").map(CodeDelivery::read).unwrap_or_default())
}

impl<P: Platform> Client<P> {
    /// Starts `signUp`. A passwordless sign-up asking for a password-flow auto sign-in fails
    /// here, before any request.
    ///
    /// # Errors
    /// The flow's validation errors.
    pub fn begin_sign_up(&self, input: SignUpInput) -> Result<SignUp, AuthError> {
        let req = sign_up::sign_up(&input, &self.config.pool)?;
        // A new sign-up replaces any armed auto sign-in, as in Amplify.
        self.save_auto(None);
        Ok(SignUp { req: Some(req), input: Some(input) })
    }

    /// Starts `confirmSignUp`.
    ///
    /// # Errors
    /// The flow's validation errors.
    pub fn begin_confirm_sign_up(
        &self,
        input: ConfirmSignUpInput,
    ) -> Result<ConfirmSignUp, AuthError> {
        let auto = self.load_auto().filter(|a| a.username == input.username.trim());
        let req = sign_up::confirm_sign_up(&input, auto.as_ref(), &self.config.pool)?;
        Ok(ConfirmSignUp { req: Some(req), username: input.username, auto })
    }

    /// Starts `resendSignUpCode`.
    ///
    /// # Errors
    /// `EmptyResendSignUpCodeUsername`.
    pub fn begin_resend_sign_up_code(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<Single<CodeDelivery>, AuthError> {
        Ok(Single::new(sign_up::resend_code(username, metadata, &self.config.pool)?, delivery))
    }

    /// Starts `resetPassword`.
    ///
    /// # Errors
    /// `EmptyResetPasswordUsername`.
    pub fn begin_reset_password(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<Single<CodeDelivery>, AuthError> {
        let req = password_reset::forgot_password(username, metadata, &self.config.pool)?;
        Ok(Single::new(req, delivery))
    }

    /// Starts `confirmResetPassword`.
    ///
    /// # Errors
    /// The flow's validation errors.
    pub fn begin_confirm_reset_password(
        &self,
        input: ConfirmResetInput,
    ) -> Result<Single<()>, AuthError> {
        Ok(Single::new(password_reset::confirm_reset(&input, &self.config.pool)?, |_| Ok(())))
    }

    // ---- async conveniences for Rust apps and tests ---------------------------------------

    /// `signUp`.
    ///
    /// # Errors
    /// As [`Self::begin_sign_up`], and Cognito's errors.
    pub async fn sign_up(&self, input: SignUpInput) -> Result<SignUpResult, AuthError> {
        self.run(self.start(move |c| c.begin_sign_up(input))).await
    }

    /// `confirmSignUp`.
    ///
    /// # Errors
    /// As [`Self::begin_confirm_sign_up`], and Cognito's errors.
    pub async fn confirm_sign_up(
        &self,
        input: ConfirmSignUpInput,
    ) -> Result<SignUpResult, AuthError> {
        self.run(self.start(move |c| c.begin_confirm_sign_up(input))).await
    }

    /// `resendSignUpCode`.
    ///
    /// # Errors
    /// As [`Self::begin_resend_sign_up_code`], and Cognito's errors.
    pub async fn resend_sign_up_code(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<CodeDelivery, AuthError> {
        let (username, metadata): (String, Vec<_>) = (username.into(), metadata.to_vec());
        self.run(self.start(move |c| c.begin_resend_sign_up_code(&username, &metadata))).await
    }

    /// `resetPassword`.
    ///
    /// # Errors
    /// As [`Self::begin_reset_password`], and Cognito's errors.
    pub async fn reset_password(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<CodeDelivery, AuthError> {
        let (username, metadata): (String, Vec<_>) = (username.into(), metadata.to_vec());
        self.run(self.start(move |c| c.begin_reset_password(&username, &metadata))).await
    }

    /// `confirmResetPassword`.
    ///
    /// # Errors
    /// As [`Self::begin_confirm_reset_password`], and Cognito's errors.
    pub async fn confirm_reset_password(&self, input: ConfirmResetInput) -> Result<(), AuthError> {
        self.run(self.start(move |c| c.begin_confirm_reset_password(input))).await
    }
}
