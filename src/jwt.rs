//! Reading (not verifying) a JWT's payload: the browser trusts the TLS channel it came from.

use crate::json::Json;

/// The payload claims of a JWT, or `None` when it is not a JWT.
pub fn claims(token: &str) -> Option<Json> {
    let payload = token.split('.').nth(1)?;
    let bytes = crate::base64::decode(payload)?;
    Json::parse(core::str::from_utf8(&bytes).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_payload() {
        // {"sub":"s1","username":"ann","exp":1700000000}
        let t = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzMSIsInVzZXJuYW1lIjoiYW5uIiwiZXhwIjoxNzAwMDAwMDAwfQ.sig";
        let c = claims(t).unwrap();
        assert_eq!(c.str("username"), Some("ann"));
        assert_eq!(c.get("exp").unwrap().as_u64(), Some(1_700_000_000));
        assert!(claims("not-a-jwt").is_none());
        assert!(claims("a.!!!.c").is_none());
    }
}
