//! Where one-time codes go and how destinations are masked, like Cognito.

use crate::store::User;
use serde_json::{json, Value};

/// `alice@example.com` -> `a***@e***`.
pub fn mask_email(e: &str) -> String {
    let (local, domain) = e.split_once('@').unwrap_or((e, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// `+15555550123` -> `+*******0123`.
pub fn mask_phone(p: &str) -> String {
    let digits: Vec<char> = p.chars().collect();
    let keep = 4.min(digits.len());
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i == 0 && *c == '+' {
            out.push('+');
        } else if i >= digits.len() - keep {
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    out
}

/// A place a code can be sent.
#[derive(Debug, Clone)]
pub struct Destination {
    /// `email` or `phone_number`.
    pub attribute: String,
    /// `EMAIL` or `SMS`.
    pub medium: String,
    /// The raw address.
    pub address: String,
}

impl Destination {
    pub fn email(addr: &str) -> Self {
        Destination { attribute: "email".into(), medium: "EMAIL".into(), address: addr.into() }
    }
    pub fn sms(addr: &str) -> Self {
        Destination { attribute: "phone_number".into(), medium: "SMS".into(), address: addr.into() }
    }
    pub fn for_attr(attr: &str, addr: &str) -> Self {
        if attr == "phone_number" {
            Self::sms(addr)
        } else {
            Self::email(addr)
        }
    }
    pub fn masked(&self) -> String {
        if self.medium == "SMS" {
            mask_phone(&self.address)
        } else {
            mask_email(&self.address)
        }
    }
    /// A stand-in destination for a user who does not exist (or has no verified channel),
    /// shaped like the name given: its own address when it is one, else a made-up one.
    pub fn simulated(typed: &str, email: bool) -> Self {
        match (email, crate::policy::valid_email(typed), crate::policy::valid_phone(typed)) {
            (true, true, _) => Self::email(typed),
            (true, false, _) => Self::email(&format!("{typed}@example.com")),
            (false, _, true) => Self::sms(typed),
            (false, _, false) => Self::sms("+10000000000"),
        }
    }
    /// Cognito `CodeDeliveryDetails`.
    pub fn details(&self) -> Value {
        json!({"Destination": self.masked(), "DeliveryMedium": self.medium, "AttributeName": self.attribute})
    }
    /// Challenge parameters for an OTP challenge.
    pub fn challenge_params(&self) -> Vec<(String, String)> {
        vec![
            ("CODE_DELIVERY_DELIVERY_MEDIUM".into(), self.medium.clone()),
            ("CODE_DELIVERY_DESTINATION".into(), self.masked()),
        ]
    }
}

/// Sign-up confirmation destination: an auto-verified attribute the user has
/// (phone preferred over email when both are auto-verified, like Cognito).
pub fn sign_up_destination(user: &User, auto_verified: &[String]) -> Option<Destination> {
    if auto_verified.iter().any(|a| a == "phone_number") {
        if let Some(p) = user.attr("phone_number") {
            return Some(Destination::sms(p));
        }
    }
    if auto_verified.iter().any(|a| a == "email") {
        if let Some(e) = user.attr("email") {
            return Some(Destination::email(e));
        }
    }
    None
}

/// Forgot-password destination: a verified email, else a verified phone.
pub fn recovery_destination(user: &User) -> Option<Destination> {
    if user.verified("email") {
        return Some(Destination::email(user.attr("email").unwrap_or_default()));
    }
    if user.verified("phone_number") {
        return Some(Destination::sms(user.attr("phone_number").unwrap_or_default()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn masks() {
        assert_eq!(mask_email("alice@example.com"), "a***@e***");
        assert_eq!(mask_phone("+15555550123"), "+*******0123");
    }
}
