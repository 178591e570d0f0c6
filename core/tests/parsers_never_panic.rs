//! What an admin types never panics: the parsers of `--since`, `--as-of`, `--patch` and database
//! locations take any string and answer with a value or a typed error.

use aether_review_core::db::{parse_ts, Location};
use aether_review_core::layout::Generation;
use aether_review_core::take_snapshot::Since;
use aether_review_core::update::parse_patch;
use proptest::prelude::*;

/// Strings an admin might type, and strings nobody would: multibyte, control characters, digits
/// glued to units, URL punctuation.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,12}[hdHD日時天]?",
        "(postgres|postgresql|sqlite|mysql)://[a-z@:/%\\[\\]?=#. 日-]{0,30}",
        "\\{\"[a-z_]{1,20}\": ?(null|true|\"[^\"]{0,10}\"|-?[0-9]{1,25}(\\.[0-9]{1,5})?(e[0-9]{1,4})?)\\}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]{0,15}(Z|[+-][0-9]{2}:?[0-9]{2})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn since_windows_parse_or_are_rejected(text in typed()) {
        if let Err(err) = Since::parse(&text) {
            prop_assert_eq!(err.kind(), "Validation");
        }
    }

    #[test]
    fn times_parse_or_are_none(text in typed()) {
        let _ = parse_ts(&text);
    }

    #[test]
    fn patches_parse_or_are_rejected_field_by_field(text in typed()) {
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
            for generation in Generation::ALL {
                if let Err(err) = parse_patch(&json, generation) {
                    prop_assert_eq!(err.kind(), "Validation");
                }
            }
        }
    }

    #[test]
    fn locations_parse_or_are_rejected(text in typed()) {
        if let Err(err) = Location::parse(&text) {
            prop_assert_eq!(err.kind(), "Validation");
        }
    }
}

#[test]
fn a_multibyte_unit_is_a_validation_error() {
    for text in ["7日", "3時", "72ｈ", "日"] {
        assert_eq!(
            Since::parse(text).unwrap_err().kind(),
            "Validation",
            "{text}"
        );
    }
    assert_eq!(Since::parse(" 7D ").unwrap().label(), "7d");
}
