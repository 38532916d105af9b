//! Usernames as the pool compares them. Cognito's username pattern is
//! `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` (SignUp, Amazon Cognito API Reference), so spaces, control
//! and invisible format characters (zero-width space and joiner, bidi marks, BOM) are
//! refused; names that differ only by Unicode normalisation (NFC) or, in a case-insensitive
//! pool, by case name the same user.

use icu_normalizer::ComposingNormalizerBorrowed;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
use icu_properties::CodePointMapData;

/// Does every character match `[\p{L}\p{M}\p{S}\p{N}\p{P}]` (and is there one)?
pub fn is_valid_username(name: &str) -> bool {
    let gc = CodePointMapData::<GeneralCategory>::new();
    let allowed = [
        GeneralCategoryGroup::Letter,
        GeneralCategoryGroup::Mark,
        GeneralCategoryGroup::Symbol,
        GeneralCategoryGroup::Number,
        GeneralCategoryGroup::Punctuation,
    ];
    !name.is_empty() && name.chars().all(|c| allowed.iter().any(|g| g.contains(gc.get(c))))
}

/// The comparison key of a name: NFC, then lower case unless the pool is case-sensitive.
pub fn fold(name: &str, case_sensitive: bool) -> String {
    let nfc = ComposingNormalizerBorrowed::new_nfc().normalize(name);
    if case_sensitive {
        nfc.into_owned()
    } else {
        nfc.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_and_folding() {
        assert!(is_valid_username("alice") && is_valid_username("José_1-2.3+x@y"));
        for bad in ["", "a b", "ali\u{200b}ce", "a\u{200d}b", "\u{feff}bob", "a\u{202e}b", "a\tb"] {
            assert!(!is_valid_username(bad), "{bad:?}");
        }
        assert_eq!(fold("Jose\u{301}", false), fold("JOSÉ", false));
        assert_ne!(fold("Alice", true), fold("alice", true));
    }
}
