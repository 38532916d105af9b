//! Input rules: password policy, SECRET_HASH, attribute names and formats.

use crate::config::PasswordPolicy;
use crate::error::ApiError;
use crate::store::Client;
use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// Check a password against the pool policy (Cognito's messages).
pub fn check_password(p: &PasswordPolicy, pw: &str) -> Result<(), ApiError> {
    let fail = |what: &str| {
        Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {what}"),
        ))
    };
    if pw.chars().count() < p.minimum_length {
        return fail("Password not long enough");
    }
    if p.require_lowercase && !pw.chars().any(|c| c.is_lowercase()) {
        return fail("Password must have lowercase characters");
    }
    if p.require_uppercase && !pw.chars().any(|c| c.is_uppercase()) {
        return fail("Password must have uppercase characters");
    }
    if p.require_numbers && !pw.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    if p.require_symbols && !pw.chars().any(|c| SYMBOLS.contains(c) || c == ' ') {
        return fail("Password must have symbol characters");
    }
    if pw.starts_with(char::is_whitespace) || pw.ends_with(char::is_whitespace) {
        return Err(ApiError::invalid_param(
            "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
        ));
    }
    Ok(())
}

/// b64(HMAC-SHA256(secret, username || clientId)).
pub fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Require a correct SECRET_HASH when the client has a secret. Any of `usernames`
/// (typed name, internal username) may have been hashed.
pub fn check_secret_hash(
    client: &Client,
    usernames: &[&str],
    given: Option<&str>,
) -> Result<(), ApiError> {
    let Some(secret) = &client.secret else { return Ok(()) };
    let Some(given) = given else {
        return Err(ApiError::not_authorized(format!(
            "Client {} is configured with secret but SECRET_HASH was not received",
            client.id
        )));
    };
    let ok = usernames.iter().any(|u| {
        let expected = secret_hash(secret, u, &client.id);
        subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), given.as_bytes()).into()
    });
    if ok {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        )))
    }
}

/// Cognito's standard user attributes (the pool schema's and those users may carry).
pub(crate) const STANDARD_ATTRS: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

/// Validate a user-supplied attribute (name in the schema, email/phone format).
pub fn check_attribute(name: &str, value: &str) -> Result<(), ApiError> {
    if name == "sub" {
        return Err(ApiError::invalid_param("Cannot modify an immutable attribute: sub"));
    }
    if !(STANDARD_ATTRS.contains(&name) || name.starts_with("custom:") || name.starts_with("dev:"))
    {
        return Err(ApiError::invalid_param(format!(
            "Attribute does not exist in the schema.\n{name}"
        )));
    }
    if name == "email" && !valid_email(value) {
        return Err(ApiError::invalid_param("Invalid email address format."));
    }
    if name == "phone_number" && !valid_phone(value) {
        return Err(ApiError::invalid_param("Invalid phone number format."));
    }
    Ok(())
}

pub fn valid_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((l, d)) => {
            !l.is_empty() && !d.is_empty() && !v.contains(char::is_whitespace) && !d.contains('@')
        }
        None => false,
    }
}

pub fn valid_phone(v: &str) -> bool {
    v.len() >= 5
        && v.len() <= 16
        && v.starts_with('+')
        && v[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn secret_hash_vector_a() {
        assert_eq!(
            secret_hash("clientSecret", "test", "123abd"),
            "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg="
        );
    }
    #[test]
    fn password_rules() {
        let p = PasswordPolicy::default();
        assert!(check_password(&p, "Passw0rd!").is_ok());
        assert_eq!(
            check_password(&p, "Pa0!").unwrap_err().message,
            "Password did not conform with policy: Password not long enough"
        );
        assert!(check_password(&p, "password1!").unwrap_err().message.contains("uppercase"));
        assert!(check_password(&p, "PASSWORD1!").unwrap_err().message.contains("lowercase"));
        assert!(check_password(&p, "Password!!").unwrap_err().message.contains("numeric"));
        assert!(check_password(&p, "Password11").unwrap_err().message.contains("symbol"));
    }
}
