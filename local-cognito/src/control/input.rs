//! Reading control-plane request members with Cognito's constraints. A member of the wrong
//! JSON type is SerializationException; a value outside its constraint is
//! InvalidParameterException worded as AWS words validation errors ("1 validation error
//! detected: Value … at '…' failed to satisfy constraint: …").

use crate::error::ApiError;
use serde_json::{Map, Value};

/// `Name` → `name`, the member path AWS validation messages use.
pub(crate) fn path(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A member of the wrong JSON type.
pub(crate) fn wrong_type(name: &str) -> ApiError {
    ApiError::new("SerializationException", format!("Invalid type for member {name}"))
}

/// A validation error about `name`; `shown` is the offending value as the message shows it.
pub(super) fn invalid(name: &str, shown: &str, constraint: &str) -> ApiError {
    ApiError::invalid_param(format!(
        "1 validation error detected: Value {shown} at '{}' failed to satisfy constraint: {constraint}",
        path(name)
    ))
}

/// A required member that is absent.
pub(super) fn null_member(name: &str) -> ApiError {
    invalid(name, "null", "Member must not be null")
}

/// A member that is there and not null.
pub(crate) fn present<'a>(req: &'a Value, name: &str) -> Option<&'a Value> {
    req.get(name).filter(|v| !v.is_null())
}

/// Optional string of `min..=max` characters.
pub(super) fn string<'a>(
    req: &'a Value,
    name: &str,
    min: usize,
    max: usize,
) -> Result<Option<&'a str>, ApiError> {
    string_as(req, name, min, max, invalid)
}

/// [`string`], with the service's own constraint error (`invalid(name, shown, constraint)`):
/// Cognito Identity says ValidationException where the user-pool API says
/// InvalidParameterException.
pub(crate) fn string_as<'a>(
    req: &'a Value,
    name: &str,
    min: usize,
    max: usize,
    invalid: fn(&str, &str, &str) -> ApiError,
) -> Result<Option<&'a str>, ApiError> {
    match present(req, name) {
        None => Ok(None),
        Some(Value::String(s)) => {
            let n = s.chars().count();
            if n < min {
                // The value is not shown: the member may be a secret (ClientSecret, a token).
                Err(invalid(
                    name,
                    "(not shown)",
                    &format!("Member must have length greater than or equal to {min}"),
                ))
            } else if n > max {
                Err(invalid(
                    name,
                    "(too long)",
                    &format!("Member must have length less than or equal to {max}"),
                ))
            } else {
                Ok(Some(s))
            }
        }
        Some(_) => Err(wrong_type(name)),
    }
}

/// A required name (`PoolName`, `ClientName`): 1–128 of `[\w\s+=,.@-]`.
pub(super) fn name<'a>(req: &'a Value, member: &str) -> Result<&'a str, ApiError> {
    let s = string(req, member, 1, 128)?.ok_or_else(|| null_member(member))?;
    let ok = s
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c));
    if ok {
        Ok(s)
    } else {
        Err(invalid(
            member,
            &format!("'{s}'"),
            "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
        ))
    }
}

/// Optional boolean.
pub(crate) fn boolean(req: &Value, name: &str) -> Result<Option<bool>, ApiError> {
    match present(req, name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(wrong_type(name)),
    }
}

/// Optional integer in `min..=max`.
pub(super) fn integer(
    req: &Value,
    name: &str,
    min: u64,
    max: u64,
) -> Result<Option<u64>, ApiError> {
    match present(req, name) {
        None => Ok(None),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v < min => Err(invalid(
                name,
                &format!("'{v}'"),
                &format!("Member must have value greater than or equal to {min}"),
            )),
            Some(v) if v > max => Err(invalid(
                name,
                &format!("'{v}'"),
                &format!("Member must have value less than or equal to {max}"),
            )),
            Some(v) => Ok(Some(v)),
            None if n.as_i64().is_some() => Err(invalid(
                name,
                &format!("'{n}'"),
                &format!("Member must have value greater than or equal to {min}"),
            )),
            None => Err(wrong_type(name)),
        },
        Some(_) => Err(wrong_type(name)),
    }
}

/// Optional string from a fixed set.
pub(super) fn one_of<'a>(
    req: &'a Value,
    name: &str,
    allowed: &[&str],
) -> Result<Option<&'a str>, ApiError> {
    match string(req, name, 0, 4096)? {
        None => Ok(None),
        Some(s) if allowed.contains(&s) => Ok(Some(s)),
        Some(s) => Err(invalid(
            name,
            &format!("'{s}'"),
            &format!("Member must satisfy enum value set: [{}]", allowed.join(", ")),
        )),
    }
}

/// Optional list of strings, at most `max` entries, each in `allowed` when given.
pub(super) fn strings(
    req: &Value,
    name: &str,
    max: usize,
    allowed: Option<&[&str]>,
) -> Result<Option<Vec<String>>, ApiError> {
    let list = match present(req, name) {
        None => return Ok(None),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(wrong_type(name)),
    };
    if list.len() > max {
        return Err(invalid(
            name,
            "(list)",
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    let mut out = Vec::with_capacity(list.len());
    for v in list {
        let s = v.as_str().ok_or_else(|| wrong_type(name))?;
        if s.is_empty() || s.chars().count() > 2048 {
            return Err(invalid(
                name,
                "(list)",
                "Member must satisfy constraint: [Member must have length between 1 and 2048]",
            ));
        }
        if let Some(allowed) = allowed {
            if !allowed.contains(&s) {
                return Err(invalid(name, &format!("'[{s}]'"), &format!("Member must satisfy constraint: [Member must satisfy enum value set: [{}]]", allowed.join(", "))));
            }
        }
        if !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    Ok(Some(out))
}

/// Optional structure member.
pub(super) fn structure<'a>(req: &'a Value, name: &str) -> Result<Option<&'a Value>, ApiError> {
    match present(req, name) {
        None => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v)),
        Some(_) => Err(wrong_type(name)),
    }
}

/// Copies the members of `req` named in `names` that are present into `into`.
pub(super) fn keep(
    req: &Value,
    names: &[&str],
    into: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    for n in names {
        if let Some(v) = present(req, n) {
            if !v.is_object() && !v.is_string() && !v.is_array() && !v.is_boolean() {
                return Err(wrong_type(n));
            }
            into.insert((*n).to_string(), v.clone());
        }
    }
    Ok(())
}
