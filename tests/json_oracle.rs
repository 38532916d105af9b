//! Oracle for the hand-written JSON codec (`src/json.rs`): over a million generated documents
//! (valid ones, mutated ones and token soup) parsed by both `Json::parse` and `serde_json`, plus
//! writer round trips. Seeded, so a failure names the seed and document that reproduce it.
//!
//! The contract checked (json.rs parses strings, booleans, null, arrays, objects and numbers;
//! a number is kept as its validated source text):
//! - Same accept or reject as serde_json for every document, except two documented classes:
//!   1. nesting: json.rs rejects a value inside more than 64 arrays/objects (serde_json allows
//!      128); a document within that depth gets the same answer from both;
//!   2. numbers beyond f64's range (`1e400`, a 400-digit integer): serde_json rejects them
//!      ("number out of range"); json.rs keeps the text (its integer accessors refuse them).
//! - Same values when both accept: same strings (escapes and surrogate pairs decoded), same
//!   booleans, nulls and array elements; an object has the same keys and `get` returns the same
//!   value as serde_json's map (the last of duplicate keys, as in `JSON.parse`); a number's text
//!   is the number serde_json read (exact for integers, same f64 up to serde's rounding
//!   otherwise), and `as_u64` gives every non-negative integer that fits.
//! - Writer: `to_json` of any accepted value, and of generated values with arbitrary strings,
//!   reparses to the same value in both parsers; serde_json's output is accepted by json.rs.
#![cfg(not(target_arch = "wasm32"))]

use cognito_wasm::json::Json;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

/// json.rs's nesting bound (`MAX_DEPTH` in src/json.rs).
const MAX_DEPTH: usize = 64;

// ---- generator ----------------------------------------------------------------------------

struct Gen {
    rng: SmallRng,
    out: String,
    /// Probability (in 1/1000) of each invalid choice in the "valid" generator.
    bad: u32,
}

const KEYS: &[&str] = &["a", "b", "", "ChallengeName", "Session", "é", "a\\u0062"];

const BAD_NUMBERS: &[&str] = &[
    "01",
    "-01",
    "1.",
    ".5",
    "+1",
    "-",
    "1e",
    "1e+",
    "--1",
    "0x10",
    "Infinity",
    "NaN",
    "1.5e3.2",
    "1.e5",
    "-.5",
    "00",
    "1_000",
    "1e5.0",
    "0.0.0",
    "-Infinity",
    "1E+-2",
];

const CHARS: &[char] = &[
    'é',
    'ß',
    '€',
    '😀',
    '\u{2028}',
    '\u{2029}',
    '\u{ffff}',
    '\u{fffe}',
    '\u{10ffff}',
    '\u{7f}',
    '\u{80}',
    '\u{feff}',
    'ǅ',
    '中',
];

impl Gen {
    fn new(seed: u64, bad: u32) -> Gen {
        Gen { rng: SmallRng::seed_from_u64(seed), out: String::new(), bad }
    }

    fn chance(&mut self, per_mille: u32) -> bool {
        self.rng.gen_range(0..1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }

    fn ws(&mut self) {
        if self.chance(700) {
            return;
        }
        for _ in 0..self.rng.gen_range(1..4) {
            let c = *self.pick(&[' ', '\n', '\r', '\t']);
            self.out.push(c);
        }
        if self.chance(self.bad) {
            // Not JSON whitespace.
            let c = *self.pick(&['\u{c}', '\u{a0}', '\u{feff}', '\u{b}', '\u{2028}']);
            self.out.push(c);
        }
    }

    fn digits(&mut self, min: usize, max: usize) {
        for _ in 0..self.rng.gen_range(min..=max) {
            let d = self.rng.gen_range(b'0'..=b'9');
            self.out.push(d as char);
        }
    }

    fn int_part(&mut self) {
        if self.chance(200) {
            self.out.push('0');
        } else {
            let d = self.rng.gen_range(b'1'..=b'9');
            self.out.push(d as char);
            let max = if self.chance(100) { 400 } else { 22 };
            self.digits(0, max);
        }
    }

    fn number(&mut self) {
        if self.chance(self.bad) {
            let n = *self.pick(BAD_NUMBERS);
            self.out.push_str(n);
            return;
        }
        match self.rng.gen_range(0..10) {
            0 => {
                let n = *self.pick(&[
                    "18446744073709551615",
                    "18446744073709551616",
                    "-9223372036854775808",
                    "-9223372036854775809",
                    "9007199254740993",
                    "-0",
                    "-0.0",
                    "0e0",
                    "1e400",
                    "-1e400",
                    "1e-400",
                    "1.7976931348623157e308",
                    "1.7976931348623159e308",
                    "4.9e-324",
                    "1700000000.1234",
                    "1.7e9",
                ]);
                self.out.push_str(n);
            }
            1..=4 => {
                if self.chance(300) {
                    self.out.push('-');
                }
                let n: u32 = self.rng.gen_range(0..100_000);
                self.out.push_str(&n.to_string());
            }
            _ => {
                if self.chance(300) {
                    self.out.push('-');
                }
                self.int_part();
                if self.chance(500) {
                    self.out.push('.');
                    self.digits(1, 20);
                }
                if self.chance(400) {
                    let e = *self.pick(&['e', 'E']);
                    self.out.push(e);
                    if let Some(s) = *self.pick(&[None, Some('+'), Some('-')]) {
                        self.out.push(s);
                    }
                    let max = if self.chance(200) { 4 } else { 2 };
                    self.digits(1, max);
                }
            }
        }
    }

    fn hex4(&mut self, v: u32) {
        let upper = self.chance(300);
        let s = format!("{v:04x}");
        self.out.push_str(&if upper { s.to_uppercase() } else { s });
    }

    fn string(&mut self) {
        self.out.push('"');
        let len =
            if self.chance(50) { self.rng.gen_range(0..60) } else { self.rng.gen_range(0..8) };
        for _ in 0..len {
            if self.chance(self.bad) {
                match self.rng.gen_range(0..9) {
                    0 => {
                        // Lone high surrogate.
                        self.out.push_str("\\u");
                        let v = self.rng.gen_range(0xD800..0xDC00);
                        self.hex4(v);
                    }
                    1 => {
                        // Lone low surrogate.
                        self.out.push_str("\\u");
                        let v = self.rng.gen_range(0xDC00..0xE000);
                        self.hex4(v);
                    }
                    2 => {
                        // High surrogate followed by something that is not a low one.
                        self.out.push_str("\\ud83d\\u");
                        let v = *self.pick(&[0x41, 0xD83D, 0xE000, 0xDBFF]);
                        self.hex4(v);
                    }
                    3 => self.out.push_str("\\ud83d\\n"),
                    4 => {
                        let c = char::from(self.rng.gen_range(0u8..0x20));
                        self.out.push(c);
                    }
                    5 => {
                        let e = *self.pick(&['x', 'U', 'a', '0', '\'', ' ', 'v']);
                        self.out.push('\\');
                        self.out.push(e);
                    }
                    6 => self.out.push_str("\\u12"),
                    7 => self.out.push_str("\\u12G4"),
                    _ => self.out.push('\\'),
                }
                continue;
            }
            match self.rng.gen_range(0..20) {
                0..=8 => {
                    let c = self.rng.gen_range(b' '..=b'~');
                    if c == b'"' || c == b'\\' {
                        self.out.push('\\');
                    }
                    self.out.push(c as char);
                }
                9..=10 => {
                    let e = *self.pick(&["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"]);
                    self.out.push_str(e);
                }
                11..=13 => {
                    // Any BMP code point that is not a surrogate, escaped.
                    let v = loop {
                        let v = if self.chance(500) {
                            self.rng.gen_range(0..0x100)
                        } else {
                            self.rng.gen_range(0..0x10000)
                        };
                        if !(0xD800..0xE000).contains(&v) {
                            break v;
                        }
                    };
                    self.out.push_str("\\u");
                    self.hex4(v);
                }
                14..=15 => {
                    // A surrogate pair.
                    let hi = self.rng.gen_range(0xD800..0xDC00);
                    let lo = self.rng.gen_range(0xDC00..0xE000);
                    self.out.push_str("\\u");
                    self.hex4(hi);
                    self.out.push_str("\\u");
                    self.hex4(lo);
                }
                _ => {
                    let c = *self.pick(CHARS);
                    self.out.push(c);
                }
            }
        }
        if !self.chance(self.bad) {
            self.out.push('"');
        }
    }

    fn key(&mut self) {
        if self.chance(600) {
            let k = *self.pick(KEYS);
            self.out.push('"');
            self.out.push_str(k);
            self.out.push('"');
        } else {
            self.string();
        }
    }

    fn value(&mut self, depth: usize) {
        self.ws();
        let container = depth < 6 && self.chance(if depth == 0 { 800 } else { 300 });
        if container {
            let n = self.rng.gen_range(0..5);
            let obj = self.chance(500);
            self.out.push(if obj { '{' } else { '[' });
            for i in 0..n {
                if i > 0 || self.chance(self.bad) {
                    self.out.push(',');
                }
                if obj {
                    self.ws();
                    self.key();
                    self.ws();
                    if !self.chance(self.bad) {
                        self.out.push(':');
                    }
                }
                self.value(depth + 1);
            }
            if self.chance(self.bad) {
                self.out.push(',');
            }
            self.ws();
            let close = if self.chance(self.bad) { !obj } else { obj };
            self.out.push(if close { '}' } else { ']' });
        } else {
            match self.rng.gen_range(0..10) {
                0 => {
                    let lit = *self.pick(&["null", "true", "false"]);
                    self.out.push_str(lit);
                }
                1..=4 => self.number(),
                _ => self.string(),
            }
            if self.chance(self.bad) {
                let lit = *self.pick(&["nul", "tru", "fals", "True", "NULL", "undefined", "'a'"]);
                self.out.push_str(lit);
            }
        }
        self.ws();
    }

    /// A chain of `levels` containers around one value: probes the depth bound.
    fn deep(&mut self, levels: usize) {
        let mut closers = Vec::new();
        for _ in 0..levels {
            if self.chance(500) {
                self.out.push_str("{\"k\":");
                closers.push('}');
            } else {
                self.out.push('[');
                closers.push(']');
            }
        }
        if self.chance(500) {
            self.value(0);
        } else if self.chance(500) {
            self.out.push_str("[]");
        }
        while let Some(c) = closers.pop() {
            self.out.push(c);
        }
    }

    /// One document: mostly valid (`bad` per mille of invalid choices), sometimes a deep chain.
    fn document(&mut self) -> String {
        self.out.clear();
        if self.chance(10) {
            let levels = self.rng.gen_range(MAX_DEPTH - 3..=MAX_DEPTH + 3);
            let levels = if self.chance(100) { self.rng.gen_range(120..=135) } else { levels };
            self.deep(levels);
        } else {
            self.value(0);
        }
        self.out.clone()
    }

    /// A valid document with one to three random edits.
    fn mutated(&mut self) -> String {
        let doc = self.document();
        let mut chars: Vec<char> = doc.chars().collect();
        const ALPHABET: &[char] = &[
            '{', '}', '[', ']', ',', ':', '"', '\\', '-', '+', '.', 'e', 'E', '0', '1', '9', 't',
            'f', 'n', 'u', 'l', ' ', '\n', '\u{0}', '\u{1f}', '/', 'd', '8', 'D', 'c', 'é', '😀',
        ];
        for _ in 0..self.rng.gen_range(1..=3) {
            let len = chars.len();
            let at = self.rng.gen_range(0..=len);
            match self.rng.gen_range(0..6) {
                0 if at < len => {
                    chars.remove(at);
                }
                1 => chars.insert(at, *self.pick(ALPHABET)),
                2 if at < len => chars[at] = *self.pick(ALPHABET),
                3 if at + 1 < len => chars.swap(at, at + 1),
                4 => chars.truncate(at),
                5 if at < len => {
                    let end = self.rng.gen_range(at..=len.min(at + 8));
                    let span: Vec<char> = chars[at..end].to_vec();
                    let to = self.rng.gen_range(0..=len);
                    chars.splice(to..to, span);
                }
                _ => {}
            }
        }
        chars.into_iter().collect()
    }

    /// A short run of JSON-ish tokens glued together.
    fn soup(&mut self) -> String {
        const TOKENS: &[&str] = &[
            "{", "}", "[", "]", ",", ":", "\"a\"", "\"", "1", "-", ".", "e", "0", "true", "nul",
            "null", " ", "\\u", "\\ud800", "\"\\", "2", "{\"a\":", "[1,", "E+", "\n", "\t", "f",
        ];
        let mut s = String::new();
        for _ in 0..self.rng.gen_range(1..=10) {
            let t = self.pick::<&str>(TOKENS);
            s.push_str(t);
        }
        s
    }

    /// A `Json` value built directly, with arbitrary strings (any scalar value, controls too).
    fn tree(&mut self, depth: usize) -> Json {
        if depth < 5 && self.chance(350) {
            let n = self.rng.gen_range(0..4);
            if self.chance(500) {
                return Json::Arr((0..n).map(|_| self.tree(depth + 1)).collect());
            }
            // Distinct keys: a parsed object never keeps a duplicate.
            let mut members: Vec<(String, Json)> = Vec::new();
            for _ in 0..n {
                let k = self.any_string();
                if members.iter().all(|(m, _)| *m != k) {
                    let v = self.tree(depth + 1);
                    members.push((k, v));
                }
            }
            return Json::Obj(members);
        }
        match self.rng.gen_range(0..6) {
            0 => Json::Null,
            1 => Json::Bool(self.chance(500)),
            2 => {
                self.out.clear();
                self.number();
                Json::Num(self.out.clone())
            }
            _ => Json::Str(self.any_string()),
        }
    }

    fn any_string(&mut self) -> String {
        (0..self.rng.gen_range(0..10))
            .map(|_| match self.rng.gen_range(0..4) {
                0 => char::from(self.rng.gen_range(0u8..0x80)),
                1 => *self.pick(CHARS),
                _ => loop {
                    if let Some(c) = char::from_u32(self.rng.gen_range(0..0x11_0000)) {
                        break c;
                    }
                },
            })
            .collect()
    }
}

// ---- comparison ---------------------------------------------------------------------------

/// The most containers any value of the text sits in (read from the text, not a parsed
/// value: a repeated key's dropped value counts too). For valid JSON only.
fn depth(text: &str) -> usize {
    let (mut open, mut max, mut in_str, mut escaped) = (0usize, 0, false, false);
    for b in text.bytes() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'[' | b'{' => {
                max = max.max(open);
                open += 1;
            }
            b']' | b'}' => open -= 1,
            b' ' | b'\n' | b'\r' | b'\t' | b',' | b':' => {}
            b'"' => {
                max = max.max(open);
                in_str = true;
            }
            _ => max = max.max(open),
        }
    }
    max
}

/// Why `ours` and `theirs` are not the same value, if they are not.
fn diff(ours: &Json, theirs: &Value) -> Option<String> {
    match (ours, theirs) {
        (Json::Null, Value::Null) => None,
        (Json::Bool(a), Value::Bool(b)) if a == b => None,
        (Json::Str(a), Value::String(b)) if a == b => None,
        (Json::Num(text), Value::Number(n)) => number_diff(ours, text, n),
        (Json::Arr(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).find_map(|(x, y)| diff(x, y))
        }
        (Json::Arr(a), Value::Array(b)) => Some(format!("array of {} vs {}", a.len(), b.len())),
        (Json::Obj(m), Value::Object(b)) => {
            for (k, _) in m {
                let Some(theirs) = b.get(k) else { return Some(format!("extra key {k:?}")) };
                let Some(mine) = ours.get(k) else { return Some(format!("get({k:?}) is None")) };
                if let Some(d) = diff(mine, theirs) {
                    return Some(format!("at {k:?}: {d}"));
                }
            }
            if let Some(k) = b.keys().find(|k| ours.get(k).is_none()) {
                return Some(format!("missing key {k:?}"));
            }
            if m.len() != b.len() {
                return Some(format!("{} members, serde_json has {} keys", m.len(), b.len()));
            }
            None
        }
        (a, b) => Some(format!("{a:?} vs {b}")),
    }
}

fn number_diff(ours: &Json, text: &str, n: &serde_json::Number) -> Option<String> {
    let integer = !text.contains(['.', 'e', 'E']);
    if let Some(u) = n.as_u64() {
        if ours.as_u64() != Some(u) || text.trim_start_matches('-') != u.to_string() {
            return Some(format!("number {text} vs u64 {u} (as_u64 {:?})", ours.as_u64()));
        }
    } else if let Some(i) = n.as_i64() {
        if text.parse::<i64>() != Ok(i) || ours.as_u64().is_some() {
            return Some(format!("number {text} vs i64 {i}"));
        }
    } else {
        let f = n.as_f64()?;
        let mine: f64 = text.parse().ok()?;
        // serde_json without `float_roundtrip` may be one ulp off the correctly rounded value.
        let tolerance = f64::EPSILON * 2.0 * mine.abs().max(f.abs());
        if (mine - f).abs() > tolerance {
            return Some(format!("number {text} vs f64 {f}"));
        }
        if integer && !text.starts_with('-') && text.parse::<u64>().is_ok() {
            return Some(format!("integer {text} fits u64 but serde_json read {f}"));
        }
        if let Some(u) = ours.as_u64() {
            // A fraction's integer part, or nothing.
            if integer || text.split('.').next() != Some(u.to_string().as_str()) {
                return Some(format!("as_u64 of {text} gave {u}"));
            }
        }
    }
    None
}

/// Checks one document; returns the divergence, if any. `accepted` counts json.rs successes.
fn check(doc: &str, accepted: &mut usize) -> Result<(), String> {
    let ours = Json::parse(doc);
    let theirs = serde_json::from_str::<Value>(doc);
    match (&ours, &theirs) {
        (Ok(o), Ok(t)) => {
            *accepted += 1;
            if depth(doc) > MAX_DEPTH {
                return Err(format!("json.rs accepted depth {} > {MAX_DEPTH}", depth(doc)));
            }
            if let Some(d) = diff(o, t) {
                return Err(format!("values differ: {d}"));
            }
            round_trip(o)?;
            // serde_json's writer output is JSON that json.rs reads to the same value.
            let text = serde_json::to_string(t).map_err(|e| e.to_string())?;
            let back = Json::parse(&text).map_err(|e| format!("serde output rejected: {e:?}"))?;
            diff(&back, t).map_or(Ok(()), |d| Err(format!("serde output reads back as: {d}")))
        }
        (Err(_), Ok(_)) if depth(doc) > MAX_DEPTH => Ok(()),
        (Err(e), Ok(_)) => Err(format!("json.rs rejects at {}, serde_json accepts", e.offset)),
        (Ok(o), Err(e)) if e.to_string().starts_with("number out of range") => {
            *accepted += 1;
            // serde_json skips numbers without reading their value when the target ignores
            // them: then only the syntax is checked, which must pass.
            match serde_json::from_str::<serde::de::IgnoredAny>(doc) {
                Ok(_) => round_trip(o),
                Err(e) => Err(format!("json.rs accepts, serde_json (syntax only): {e}")),
            }
        }
        (Ok(_), Err(e)) => Err(format!("json.rs accepts, serde_json: {e}")),
        (Err(_), Err(_)) => Ok(()),
    }
}

/// `to_json` reparses to the same value in json.rs, and in serde_json when it is in range.
fn round_trip(v: &Json) -> Result<(), String> {
    let text = v.to_json();
    if Json::parse(&text).as_ref() != Ok(v) {
        return Err(format!("to_json does not reparse to the same value: {text:?}"));
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(t) => diff(v, &t).map_or(Ok(()), |d| Err(format!("to_json read by serde_json: {d}"))),
        Err(e) if e.to_string().starts_with("number out of range") => Ok(()),
        Err(e) => Err(format!("serde_json rejects to_json output {text:?}: {e}")),
    }
}

/// Runs `count` documents from `make` on `seed`; panics naming the first divergence.
fn run(name: &str, seed: u64, count: usize, bad: u32, make: fn(&mut Gen) -> String) -> usize {
    let mut gen = Gen::new(seed, bad);
    let mut accepted = 0;
    for i in 0..count {
        let doc = make(&mut gen);
        if let Err(why) = check(&doc, &mut accepted) {
            panic!("{name} (seed {seed}) document {i}: {why}\n{doc:?}");
        }
    }
    accepted
}

// ---- tests --------------------------------------------------------------------------------

const SEED: u64 = 0x0063_6f67_6e69_746f;

#[test]
fn valid_documents_agree() {
    let accepted = run("valid", SEED, 300_000, 0, Gen::document);
    // Only the depth probes may be rejected.
    assert!(accepted > 295_000, "only {accepted} accepted");
}

#[test]
fn slightly_invalid_documents_agree() {
    let accepted = run("slightly invalid", SEED + 1, 250_000, 20, Gen::document);
    assert!((50_000..200_000).contains(&accepted), "{accepted} accepted");
}

#[test]
fn mutated_documents_agree() {
    let accepted = run("mutated", SEED + 2, 300_000, 0, Gen::mutated);
    assert!((30_000..270_000).contains(&accepted), "{accepted} accepted");
}

#[test]
fn token_soup_agrees() {
    let accepted = run("soup", SEED + 3, 100_000, 0, Gen::soup);
    assert!(accepted > 1_000, "{accepted} accepted");
}

#[test]
fn generated_values_round_trip() {
    let mut gen = Gen::new(SEED + 4, 0);
    for i in 0..100_000 {
        let v = gen.tree(0);
        if let Err(why) = round_trip(&v) {
            panic!("tree {i}: {why}");
        }
    }
}

/// The generator covers what the contract speaks of (a guard against a generator that drifts
/// into testing nothing).
#[test]
fn generator_covers_the_classes() {
    let mut gen = Gen::new(SEED, 0);
    let docs: Vec<String> = (0..20_000).map(|_| gen.document()).collect();
    let has = |p: &dyn Fn(&str) -> bool| docs.iter().any(|d| p(d));
    assert!(has(&|d| d.contains("\\ud8") || d.contains("\\uD8")), "surrogate pairs");
    assert!(has(&|d| d.contains("e-") || d.contains("E+")), "exponents");
    assert!(has(&|d| d.contains("1e400")), "out-of-range numbers");
    let deeper = |d: &str| serde_json::from_str::<Value>(d).is_ok() && depth(d) > MAX_DEPTH;
    assert!(has(&deeper), "deep nesting");
    assert!(has(&|d| Json::parse(d).is_err()), "depth rejections");
    assert!(has(&|d| d.matches("\"a\":").count() > 1), "duplicate keys");
}
