//! A small JSON value with a parser and a writer.
//!
//! Why not serde_json: on wasm it costs ~27 KB gzip (float formatting, generic visitors and
//! error formatting; see toolchain.md), more than half of the size budget of the whole client.
//! Cognito's JSON and the Amplify-shaped JS values we exchange need strings, booleans, integers,
//! arrays and objects only; numbers are kept as their source text and converted on demand to
//! integers, so no float code is linked.

use alloc::string::String;
use alloc::vec::Vec;

/// A JSON value. Objects keep their members in source order.
#[derive(Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as its (validated) source text.
    Num(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, members in order.
    Obj(Vec<(String, Json)>),
}

/// Why a text is not JSON. Carries the byte offset only: never the text itself, which may hold
/// secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the first offending character.
    pub offset: usize,
}

const MAX_DEPTH: usize = 64;

impl Json {
    /// Parses a complete JSON text.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut p = Parser { s: text.as_bytes(), i: 0 };
        let v = p.value(0)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(p.err());
        }
        Ok(v)
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string member `key` of an object.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Json::as_str)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer part of a non-negative number (`3600`, `1.7e9` is refused, `12.5` gives 12).
    pub fn as_u64(&self) -> Option<u64> {
        let Json::Num(n) = self else { return None };
        let int = n.split('.').next()?;
        if int.is_empty() || n.contains(['e', 'E', '-']) {
            return None;
        }
        int.bytes().try_fold(0u64, |acc, b| acc.checked_mul(10)?.checked_add(u64::from(b - b'0')))
    }

    /// A number of seconds (fractional allowed, as Cognito's epoch timestamps) in whole
    /// milliseconds: `1700000000.1234` gives `1700000000123`.
    pub fn seconds_as_millis(&self) -> Option<u64> {
        let Json::Num(n) = self else { return None };
        let whole = self.as_u64()?;
        let frac = n.split_once('.').map_or("", |(_, f)| f);
        let ms = frac
            .bytes()
            .chain(core::iter::repeat(b'0'))
            .take(3)
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
        whole.checked_mul(1000)?.checked_add(ms)
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(m) => Some(m),
            _ => None,
        }
    }

    /// `true` for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// A number value from an unsigned integer.
    pub fn from_u64(n: u64) -> Json {
        Json::Num(u64_to_string(n))
    }

    /// Serialises to compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => write_str(s, out),
            Json::Arr(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Obj(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl core::fmt::Debug for Json {
    /// Prints the shape, never the content (values may be secrets).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Json::Null => "Json::Null",
            Json::Bool(_) => "Json::Bool(..)",
            Json::Num(_) => "Json::Num(..)",
            Json::Str(_) => "Json::Str(..)",
            Json::Arr(_) => "Json::Arr(..)",
            Json::Obj(_) => "Json::Obj(..)",
        })
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.into())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

/// Builds a JSON object member by member, skipping absent optional members.
#[derive(Default)]
#[must_use]
pub struct Obj(Vec<(String, Json)>);

impl Obj {
    /// An empty object.
    pub fn new() -> Obj {
        Obj(Vec::new())
    }

    /// Adds a member.
    pub fn set(mut self, key: &str, value: impl Into<Json>) -> Obj {
        self.0.push((key.into(), value.into()));
        self
    }

    /// Adds a member when `value` is `Some`.
    pub fn opt(self, key: &str, value: Option<impl Into<Json>>) -> Obj {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// Adds a string→string map member, omitted when empty.
    pub fn map(self, key: &str, pairs: &[(String, String)]) -> Obj {
        if pairs.is_empty() {
            return self;
        }
        let m = pairs.iter().map(|(k, v)| (k.clone(), Json::Str(v.clone()))).collect();
        self.set(key, Json::Obj(m))
    }

    /// The finished object.
    pub fn build(self) -> Json {
        Json::Obj(self.0)
    }
}

impl From<Obj> for Json {
    fn from(o: Obj) -> Json {
        o.build()
    }
}

/// Decimal text of an unsigned integer, without `core::fmt`.
pub fn u64_to_string(mut n: u64) -> String {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[i..].iter().map(|&b| b as char).collect()
}

fn write_str(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self) -> JsonError {
        JsonError { offset: self.i }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> Result<(), JsonError> {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err());
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'n') => self.eat(b"null").map(|_| Json::Null),
            Some(b't') => self.eat(b"true").map(|_| Json::Bool(true)),
            Some(b'f') => self.eat(b"false").map(|_| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err()),
        }
    }

    /// `[ value, … ]`, at the opening bracket.
    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                _ => return Err(self.err()),
            }
        }
    }

    /// `{ "key": value, … }`, at the opening brace.
    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Json::Obj(members));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err());
            }
            let k = self.string()?;
            self.ws();
            self.eat(b":")?;
            let v = self.value(depth + 1)?;
            // A repeated key keeps its first place and takes the last value, as in
            // `JSON.parse` and serde_json. (Linear search: objects here are small.)
            match members.iter_mut().find(|(m, _)| *m == k) {
                Some(member) => member.1 = v,
                None => members.push((k, v)),
            }
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Json::Obj(members));
                }
                _ => return Err(self.err()),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.s.get(self.i) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err()),
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err());
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err());
            }
        }
        // The slice is ASCII digits and signs only.
        let text = core::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err())?;
        Ok(Json::Num(text.into()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.s.get(self.i) {
                Some(&b @ b'0'..=b'9') => b - b'0',
                Some(&b @ b'a'..=b'f') => b - b'a' + 10,
                Some(&b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.err()),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        loop {
            let Some(&b) = self.s.get(self.i) else { return Err(self.err()) };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else { return Err(self.err()) };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b"\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err());
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or(self.err())?
                        }
                        _ => return Err(JsonError { offset: self.i - 1 }),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(JsonError { offset: self.i - 1 }),
                _ => out.push(b),
            }
        }
        // The input was a &str and escapes produce valid UTF-8, so this cannot fail.
        String::from_utf8(out).map_err(|_| self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cognito_response() {
        let t = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"ab","SRP_B":"cd"},
            "AvailableChallenges":["PASSWORD","EMAIL_OTP"],"AuthenticationResult":null,"ExpiresIn":3600,"CreatedAt":1.7e9,"ok":true}"#;
        let v = Json::parse(t).unwrap();
        assert_eq!(v.str("ChallengeName"), Some("PASSWORD_VERIFIER"));
        assert_eq!(v.get("ChallengeParameters").unwrap().str("SRP_B"), Some("cd"));
        assert_eq!(v.get("AvailableChallenges").unwrap().as_array().unwrap().len(), 2);
        assert!(v.get("AuthenticationResult").unwrap().is_null());
        assert_eq!(v.get("ExpiresIn").unwrap().as_u64(), Some(3600));
        assert_eq!(v.get("CreatedAt").unwrap().as_u64(), None);
        assert_eq!(v.get("ok").unwrap().as_bool(), Some(true));
        assert_eq!(v.get("missing"), None);
    }

    #[test]
    fn fractional_seconds_truncate() {
        assert_eq!(Json::parse("1700000000.25").unwrap().as_u64(), Some(1_700_000_000));
        assert_eq!(Json::parse("-1").unwrap().as_u64(), None);
        assert_eq!(Json::parse("99999999999999999999").unwrap().as_u64(), None);
    }

    #[test]
    fn fractional_seconds_as_millis() {
        assert_eq!(
            Json::parse("1700000000.1234").unwrap().seconds_as_millis(),
            Some(1_700_000_000_123)
        );
        assert_eq!(
            Json::parse("1700000000.5").unwrap().seconds_as_millis(),
            Some(1_700_000_000_500)
        );
        assert_eq!(Json::parse("1700000000").unwrap().seconds_as_millis(), Some(1_700_000_000_000));
        assert_eq!(Json::parse("1.7e9").unwrap().seconds_as_millis(), None);
    }

    #[test]
    fn string_escapes_round_trip() {
        let v = Json::parse(r#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0001""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/d\n\té😀\u{1}"));
        let back = v.to_json();
        assert_eq!(back, "\"a\\\"b\\\\c/d\\n\\té😀\\u0001\"");
        assert_eq!(Json::parse(&back).unwrap(), v);
    }

    #[test]
    fn builder_writes_compact_json() {
        let v = Obj::new()
            .set("ClientId", "abc")
            .opt("Password", None::<&str>)
            .map("AuthParameters", &[("USERNAME".into(), "bob".into())])
            .map("ClientMetadata", &[])
            .set("ForceAliasCreation", false)
            .set("N", Json::from_u64(1234567890))
            .set("List", Json::Arr(vec![Json::Null, "x".into()]))
            .build();
        assert_eq!(
            v.to_json(),
            r#"{"ClientId":"abc","AuthParameters":{"USERNAME":"bob"},"ForceAliasCreation":false,"N":1234567890,"List":[null,"x"]}"#
        );
    }

    #[test]
    fn rejects_malformed_text_with_offset() {
        for (t, at) in [
            ("", 0),
            ("{", 1),
            ("{\"a\" 1}", 5),
            ("[1,]", 3),
            ("01", 1),
            ("1.", 2),
            ("\"abc", 4),
            ("\"\\x\"", 2),
            ("\"\\ud800\"", 7),
            ("tru", 0),
            ("{} x", 3),
            ("\"a\u{1}\"", 2),
        ] {
            assert_eq!(Json::parse(t), Err(JsonError { offset: at }), "{t:?}");
        }
    }

    #[test]
    fn repeated_keys_keep_the_last_value_in_the_first_place() {
        // Found by tests/json_oracle.rs (seed 27988512719074415, document 9, trimmed): `get`
        // returned the first of two "" members where serde_json and `JSON.parse` give the last.
        let v = Json::parse(r#"{"":"\u5E04\u0109Hc]\u0032","":"","Y":1}"#).unwrap();
        assert_eq!(v.str(""), Some(""));
        let v = Json::parse(r#"{"a":1,"b":2,"a":{"c":3}}"#).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(v.get("a").and_then(|a| a.get("c")).and_then(Json::as_u64), Some(3));
        assert_eq!(v.to_json(), r#"{"a":{"c":3},"b":2}"#);
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(Json::parse(&deep).is_err());
        let ok = "[".repeat(60) + &"]".repeat(60);
        assert!(Json::parse(&ok).is_ok());
    }

    #[test]
    fn debug_never_shows_content() {
        let v = Json::parse(r#"{"Password":"hunter2"}"#).unwrap();
        assert_eq!(format!("{v:?}"), "Json::Obj(..)");
    }

    #[test]
    fn integers_print_without_fmt() {
        assert_eq!(u64_to_string(0), "0");
        assert_eq!(u64_to_string(u64::MAX), "18446744073709551615");
    }
}
