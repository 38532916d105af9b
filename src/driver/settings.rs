//! The signed-in user's account settings and devices: `updatePassword`, the attribute calls,
//! `deleteUser`, `fetchDevices`, `rememberDevice`, `forgetDevice`. Each is one request with
//! the access token, run as [`Authed`] (tokens refreshed first when expired).

use super::account::{access_token, unit, Authed, Call, TokenOp};
use super::events::AuthEvent;
use super::op::{Next, Poll};
use super::Client;
use crate::error::{AuthError, InvalidState};
use crate::flow::account::{self, AttributeUpdate};
use crate::flow::devices::{self, DeviceInfo};
use crate::flow::session::TokenRequest;
use crate::json::Json;
use crate::protocol::CodeDelivery;
use crate::secret::Secret;
use crate::transport::Platform;
use alloc::string::String;
use alloc::vec::Vec;

/// `deleteUser`: DeleteUser, then everything local goes (tokens, the remembered device, any
/// pending sign-in) and `signedOut` is emitted. Nothing is revoked: the user's tokens died
/// with the user.
pub struct DeleteUser;

impl TokenOp for DeleteUser {
    type Output = ();
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<()>, AuthError> {
        Ok(Poll::Next(Next::Send(account::delete_user(&access_token(c)?))))
    }
    fn on_response<P: Platform>(&mut self, c: &Client<P>, _: Json) -> Result<Poll<()>, AuthError> {
        if let Some(t) = c.stored_tokens() {
            c.forget_device_of(&t.username);
        }
        c.forget_session();
        c.emit(AuthEvent::SignedOut);
        Ok(Poll::Ready(()))
    }
}

/// `forgetDevice`: ForgetDevice, then the local device keys go when it was this browser's.
pub struct ForgetDevice {
    key: String,
    this_browser: bool,
}

impl TokenOp for ForgetDevice {
    type Output = ();
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<()>, AuthError> {
        Ok(Poll::Next(Next::Send(devices::forget(&self.key).with(&access_token(c)?))))
    }
    fn on_response<P: Platform>(&mut self, c: &Client<P>, _: Json) -> Result<Poll<()>, AuthError> {
        if let (true, Some(t)) = (self.this_browser, c.stored_tokens()) {
            c.forget_device_of(&t.username);
        }
        Ok(Poll::Ready(()))
    }
}

impl<P: Platform> Client<P> {
    /// The key of the device this browser remembers for the signed-in user.
    fn current_device_key(&self) -> Option<String> {
        self.device_of(&self.stored_tokens()?.username).map(|d| d.key)
    }

    /// Starts `updatePassword`.
    ///
    /// # Errors
    /// `EmptyUpdatePassword`; `UserUnAuthenticatedException`.
    pub fn begin_update_password(
        &self,
        old_password: &Secret,
        new_password: &Secret,
    ) -> Result<Authed<Call<()>>, AuthError> {
        self.with_token(account::change_password(old_password, new_password)?, unit)
    }

    /// Starts `updateUserAttributes`: per attribute, updated or waiting for a code.
    ///
    /// # Errors
    /// `InvalidParameterException` for no attributes; `UserUnAuthenticatedException`.
    pub fn begin_update_user_attributes(
        &self,
        attributes: Vec<(String, String)>,
        client_metadata: &[(String, String)],
    ) -> Result<Authed<UpdateAttributes>, AuthError> {
        let req = Some(account::update_attributes(&attributes, client_metadata)?);
        self.authed(UpdateAttributes { req, attributes }, false)
    }

    /// Starts `confirmUserAttribute`.
    ///
    /// # Errors
    /// `EmptyConfirmUserAttributeCode`; `UserUnAuthenticatedException`.
    pub fn begin_confirm_user_attribute(
        &self,
        key: &str,
        code: &str,
    ) -> Result<Authed<Call<()>>, AuthError> {
        self.with_token(account::verify_attribute(key, code)?, unit)
    }

    /// Starts `sendUserAttributeVerificationCode`: where the code went.
    ///
    /// # Errors
    /// `InvalidParameterException` for an empty name; `UserUnAuthenticatedException`.
    pub fn begin_send_user_attribute_code(
        &self,
        key: &str,
        client_metadata: &[(String, String)],
    ) -> Result<Authed<Call<CodeDelivery>>, AuthError> {
        let req = account::send_attribute_code(key, client_metadata)?;
        self.with_token(req, |v| Ok(account::code_delivery(v)))
    }

    /// Starts `deleteUserAttributes`.
    ///
    /// # Errors
    /// `InvalidParameterException` for no names; `UserUnAuthenticatedException`.
    pub fn begin_delete_user_attributes(
        &self,
        keys: &[String],
    ) -> Result<Authed<Call<()>>, AuthError> {
        self.with_token(account::delete_attributes(keys)?, unit)
    }

    /// One checked request, sent with fresh tokens, its answer read by `read`.
    fn with_token<T>(
        &self,
        req: TokenRequest,
        read: fn(&Json) -> Result<T, AuthError>,
    ) -> Result<Authed<Call<T>>, AuthError> {
        self.authed(Call::new(move |at: &Secret| Ok(req.with(at)), read), false)
    }

    /// Starts `deleteUser`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_delete_user(&self) -> Result<Authed<DeleteUser>, AuthError> {
        self.authed(DeleteUser, false)
    }

    /// Starts `fetchDevices`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_fetch_devices(&self) -> Result<Authed<Call<Vec<DeviceInfo>>>, AuthError> {
        self.with_token(devices::list(), |v| Ok(devices::read_list(v)))
    }

    /// Starts `rememberDevice`: this browser's device is marked remembered.
    ///
    /// # Errors
    /// `DeviceMetadataNotFoundException` when this browser has no device for the user;
    /// `UserUnAuthenticatedException`.
    pub fn begin_remember_device(&self) -> Result<Authed<Call<()>>, AuthError> {
        let key = self.current_device_key();
        let key = key.ok_or(if self.is_signed_in() {
            InvalidState::NoDeviceMetadata
        } else {
            InvalidState::NotSignedIn
        })?;
        self.with_token(devices::remember(&key), unit)
    }

    /// Starts `forgetDevice`: the given device, or this browser's (whose keys then go here).
    ///
    /// # Errors
    /// `DeviceMetadataNotFoundException` without a device id when this browser has no device;
    /// `UserUnAuthenticatedException`.
    pub fn begin_forget_device(
        &self,
        device_id: Option<&str>,
    ) -> Result<Authed<ForgetDevice>, AuthError> {
        if !self.is_signed_in() {
            return Err(InvalidState::NotSignedIn.into());
        }
        let current = self.current_device_key();
        let key = match device_id.filter(|k| !k.is_empty()) {
            Some(k) => String::from(k),
            None => current.clone().ok_or(InvalidState::NoDeviceMetadata)?,
        };
        let this_browser = current.as_deref() == Some(key.as_str());
        self.authed(ForgetDevice { key, this_browser }, false)
    }
}

impl<P: Platform> Client<P> {
    // ---- async conveniences for Rust apps and tests ---------------------------------------

    /// `updatePassword`.
    ///
    /// # Errors
    /// As [`Self::begin_update_password`], and Cognito's errors.
    pub async fn update_password(&self, old: &Secret, new: &Secret) -> Result<(), AuthError> {
        let (old, new) = (old.clone(), new.clone());
        self.run(self.start(move |c| c.begin_update_password(&old, &new))).await
    }

    /// `updateUserAttributes`.
    ///
    /// # Errors
    /// As [`Self::begin_update_user_attributes`], and Cognito's errors.
    pub async fn update_user_attributes(
        &self,
        attributes: Vec<(String, String)>,
    ) -> Result<Vec<AttributeUpdate>, AuthError> {
        self.run(self.start(move |c| c.begin_update_user_attributes(attributes, &[]))).await
    }

    /// `confirmUserAttribute`.
    ///
    /// # Errors
    /// As [`Self::begin_confirm_user_attribute`], and Cognito's errors.
    pub async fn confirm_user_attribute(&self, key: &str, code: &str) -> Result<(), AuthError> {
        let (key, code) = (String::from(key), String::from(code));
        self.run(self.start(move |c| c.begin_confirm_user_attribute(&key, &code))).await
    }

    /// `sendUserAttributeVerificationCode`.
    ///
    /// # Errors
    /// As [`Self::begin_send_user_attribute_code`], and Cognito's errors.
    pub async fn send_user_attribute_code(&self, key: &str) -> Result<CodeDelivery, AuthError> {
        let key = String::from(key);
        self.run(self.start(move |c| c.begin_send_user_attribute_code(&key, &[]))).await
    }

    /// `deleteUserAttributes`.
    ///
    /// # Errors
    /// As [`Self::begin_delete_user_attributes`], and Cognito's errors.
    pub async fn delete_user_attributes(&self, keys: &[String]) -> Result<(), AuthError> {
        let keys = keys.to_vec();
        self.run(self.start(move |c| c.begin_delete_user_attributes(&keys))).await
    }

    /// `deleteUser`.
    ///
    /// # Errors
    /// As [`Self::begin_delete_user`], and Cognito's errors.
    pub async fn delete_user(&self) -> Result<(), AuthError> {
        self.run(self.start(|c| c.begin_delete_user())).await
    }

    /// `fetchDevices`.
    ///
    /// # Errors
    /// As [`Self::begin_fetch_devices`], and Cognito's errors.
    pub async fn fetch_devices(&self) -> Result<Vec<DeviceInfo>, AuthError> {
        self.run(self.start(|c| c.begin_fetch_devices())).await
    }

    /// `rememberDevice`.
    ///
    /// # Errors
    /// As [`Self::begin_remember_device`], and Cognito's errors.
    pub async fn remember_device(&self) -> Result<(), AuthError> {
        self.run(self.start(|c| c.begin_remember_device())).await
    }

    /// `forgetDevice`.
    ///
    /// # Errors
    /// As [`Self::begin_forget_device`], and Cognito's errors.
    pub async fn forget_device(&self, device_id: Option<&str>) -> Result<(), AuthError> {
        let id = device_id.map(String::from);
        self.run(self.start(move |c| c.begin_forget_device(id.as_deref()))).await
    }
}

/// `updateUserAttributes`: UpdateUserAttributes, read against the attributes asked for.
pub struct UpdateAttributes {
    req: Option<TokenRequest>,
    attributes: Vec<(String, String)>,
}

impl TokenOp for UpdateAttributes {
    type Output = Vec<AttributeUpdate>;
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<Self::Output>, AuthError> {
        let req = self.req.take().ok_or(AuthError::Protocol("a request sent twice"))?;
        Ok(Poll::Next(Next::Send(req.with(&access_token(c)?))))
    }
    fn on_response<P: Platform>(
        &mut self,
        _: &Client<P>,
        v: Json,
    ) -> Result<Poll<Self::Output>, AuthError> {
        Ok(Poll::Ready(account::updated_attributes(&self.attributes, &v)))
    }
}
