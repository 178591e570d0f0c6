//! The JSON columns of a random key: its `api_formats` list and its `health_by_format` object,
//! as specs (with the corner cases `docs/generations.md` names) and as the text stored.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

use aether_review_core::layout::Generation;

use super::Fit;

/// Spellings in a key's list that are not an endpoint's stored format as such.
const KEY_SPELLINGS: [&str; 10] = [
    " /v1/messages",
    "OPENAI",
    "openai",
    " openai:chat ",
    "/v1/responses",
    "/v1/chat/completions",
    "Claude:Messages",
    "custom:thing",
    "",
    "   ",
];

/// Formats no generated endpoint has.
const UNSERVED_FORMATS: [&str; 3] = ["jina:rerank", "gemini:interactions", "openai:search"];

/// JSON items of a format list that are not strings.
const NON_STRINGS: [&str; 5] = ["5", "null", "true", r#"["openai:chat"]"#, r#"{"a": 1}"#];
/// One item of a key's `api_formats` list.
#[derive(Debug, Clone)]
pub(super) enum Item {
    /// The stored format of the provider's endpoint `n` (modulo their number).
    Endpoint(usize),
    /// The same, padded with white space or in upper case.
    Respelled(usize, u8),
    Spelling(&'static str),
    Unserved(&'static str),
    NonString(&'static str),
}

/// A key's `api_formats` column.
#[derive(Debug, Clone)]
pub(super) enum Formats {
    SqlNull,
    List(Vec<Item>),
    /// JSON that is not a list (null, a string, an object, a number).
    NotAList(&'static str),
    /// Text that is not JSON (only where the column is TEXT).
    NotJson,
}

/// A key's score entry for one format.
#[derive(Debug, Clone)]
pub(super) enum Entry {
    Score(f64),
    NullScore,
    NoScore,
    Text(&'static str),
    Bool(bool),
    /// The entry itself is not an object (the Rust gateway only: v0.3 would fail on it).
    NotAnObject,
}

/// A key's `health_by_format` column.
#[derive(Debug, Clone)]
pub(super) enum Health {
    SqlNull,
    /// JSON that is not an object.
    NotAnObject(&'static str),
    /// Entries keyed by an endpoint's format (`Ok(n)`) or by another spelling (`Err(text)`).
    Entries(Vec<(Result<usize, &'static str>, Entry)>),
}
pub(super) fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        8 => (0..4usize).prop_map(Item::Endpoint),
        3 => (0..4usize, 0..3u8).prop_map(|(n, style)| Item::Respelled(n, style)),
        3 => select(KEY_SPELLINGS.to_vec()).prop_map(Item::Spelling),
        1 => select(UNSERVED_FORMATS.to_vec()).prop_map(Item::Unserved),
        1 => select(NON_STRINGS.to_vec()).prop_map(Item::NonString),
    ]
}

pub(super) fn formats(fit: Fit) -> impl Strategy<Value = Formats> {
    let not_a_list = select(vec![
        "null",
        r#""openai:chat""#,
        r#"{"openai:chat": true}"#,
        "7",
    ]);
    prop_oneof![
        10 => vec(item(), 0..4).prop_map(Formats::List),
        1 => Just(if fit.formats_not_null { Formats::NotAList("null") } else { Formats::SqlNull }),
        2 => not_a_list.prop_map(Formats::NotAList),
        1 => Just(if fit.json_columns { Formats::NotAList("[]") } else { Formats::NotJson }),
    ]
}

pub(super) fn entry(fit: Fit) -> impl Strategy<Value = Entry> {
    let rust = fit.generation == Generation::Rust;
    prop_oneof![
        6 => prop_oneof![
            3 => select(vec![0.0, 0.2, 0.25, 0.375, 0.5, 0.625, 0.75, 1.0]),
            1 => 0.0..=1.0f64,
        ]
        .prop_map(Entry::Score),
        3 => Just(Entry::NullScore),
        1 => Just(Entry::NoScore),
        1 => select(vec!["0.25", " 0.5 ", "abc", ""]).prop_map(Entry::Text),
        1 => any::<bool>().prop_map(Entry::Bool),
        1 => Just(if rust { Entry::NotAnObject } else { Entry::NoScore }),
    ]
}

pub(super) fn health(fit: Fit) -> impl Strategy<Value = Health> {
    let rust = fit.generation == Generation::Rust;
    // v0.3 reads a non-object with Python's `in`: only an empty list is safe to plant there.
    let not_an_object = if rust {
        vec!["null", "[]", r#""claude:messages""#, "5"]
    } else {
        vec!["null", "[]"]
    };
    let key = prop_oneof![
        5 => (0..4usize).prop_map(Ok),
        1 => select(vec!["OPENAI", " openai:chat ", "claude:chat"]).prop_map(Err),
    ];
    prop_oneof![
        1 => Just(Health::SqlNull),
        1 => select(not_an_object).prop_map(Health::NotAnObject),
        8 => vec((key, entry(fit)), 0..4).prop_map(Health::Entries),
    ]
}

/// The stored format of endpoint `n` of the provider, or a format none has when it has none.
fn endpoint_format(formats: &[String], n: usize) -> String {
    if formats.is_empty() {
        UNSERVED_FORMATS[n % UNSERVED_FORMATS.len()].to_owned()
    } else {
        formats[n % formats.len()].clone()
    }
}

pub(super) fn formats_text(spec: &Formats, endpoint_formats: &[String]) -> Option<String> {
    match spec {
        Formats::SqlNull => None,
        Formats::NotAList(text) => Some((*text).to_owned()),
        Formats::NotJson => Some("openai:chat, claude:messages".to_owned()),
        Formats::List(items) => {
            let values: Vec<Value> = items
                .iter()
                .map(|item| match item {
                    Item::Endpoint(n) => Value::String(endpoint_format(endpoint_formats, *n)),
                    Item::Respelled(n, style) => {
                        let format = endpoint_format(endpoint_formats, *n);
                        Value::String(match style {
                            0 => format!(" {format}"),
                            1 => format!("{format}\t"),
                            _ => format.to_ascii_uppercase(),
                        })
                    }
                    Item::Spelling(s) | Item::Unserved(s) => Value::String((*s).to_owned()),
                    Item::NonString(literal) => serde_json::from_str(literal).unwrap(),
                })
                .collect();
            Some(Value::Array(values).to_string())
        }
    }
}

pub(super) fn health_text(spec: &Health, endpoint_formats: &[String]) -> Option<String> {
    match spec {
        Health::SqlNull => None,
        Health::NotAnObject(text) => Some((*text).to_owned()),
        Health::Entries(entries) => {
            let mut map = Map::new();
            for (key, entry) in entries {
                let format = match key {
                    Ok(n) => endpoint_format(endpoint_formats, *n),
                    Err(spelling) => (*spelling).to_owned(),
                };
                let value = match entry {
                    Entry::Score(s) => json!({ "health_score": s, "consecutive_failures": 0 }),
                    Entry::NullScore => json!({ "health_score": null }),
                    Entry::NoScore => json!({ "consecutive_failures": 2 }),
                    Entry::Text(t) => json!({ "health_score": t }),
                    Entry::Bool(b) => json!({ "health_score": b }),
                    Entry::NotAnObject => json!(0.1),
                };
                map.insert(format, value);
            }
            Some(Value::Object(map).to_string())
        }
    }
}
