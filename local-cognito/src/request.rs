//! Reading Cognito request members and building response objects.

use crate::error::ApiError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Required string member.
pub(crate) fn req_str<'a>(req: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    match req.get(name) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => Err(ApiError::invalid_param(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            lower_first(name)
        ))),
        Some(_) => Err(ApiError::new("SerializationException", format!("Invalid type for member {name}"))),
    }
}

/// Optional string member (empty string counts as absent).
pub(crate) fn opt_str<'a>(req: &'a Value, name: &str) -> Option<&'a str> {
    req.get(name).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A string map member (`AuthParameters`, `ChallengeResponses`).
pub(crate) fn str_map(req: &Value, name: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some(Value::Object(o)) = req.get(name) {
        for (k, v) in o {
            if let Some(s) = v.as_str() {
                m.insert(k.clone(), s.to_string());
            }
        }
    }
    m
}

/// `[{Name, Value}]` list member; a member of another JSON type is a SerializationException.
pub(crate) fn attr_list(req: &Value, name: &str) -> Result<Vec<(String, String)>, ApiError> {
    let wrong =
        || ApiError::new("SerializationException", format!("Invalid type for member {name}"));
    let items = match req.get(name) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(wrong()),
    };
    let mut out = Vec::new();
    for item in items {
        if !item.is_object() {
            return Err(wrong());
        }
        let n = match item.get("Name") {
            Some(Value::String(n)) => n,
            None | Some(Value::Null) => {
                return Err(ApiError::invalid_param("Attribute name is required"))
            }
            Some(_) => return Err(wrong()),
        };
        let v = match item.get("Value") {
            None | Some(Value::Null) => "",
            Some(Value::String(v)) => v,
            Some(_) => return Err(wrong()),
        };
        out.push((n.to_string(), v.to_string()));
    }
    Ok(out)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Build a JSON object from pairs, skipping `Null`s.
pub(crate) fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        if !v.is_null() {
            m.insert(k.to_string(), v);
        }
    }
    Value::Object(m)
}
