//! Comparing results through their JSON form: every field the UI sees, floats within 1e-9.

use serde::Serialize;
use serde_json::Value;

const FLOAT_TOLERANCE: f64 = 1e-9;

/// Panics naming the first differing path, with both values, when `actual` and `expected`
/// serialize differently (floats may differ by at most 1e-9).
pub fn assert_json_close<T: Serialize>(actual: &T, expected: &T, what: &str) {
    let actual = serde_json::to_value(actual).expect("results serialize");
    let expected = serde_json::to_value(expected).expect("results serialize");
    if let Some(difference) = first_difference(&actual, &expected, "$") {
        panic!(
            "{what}: {difference}\n--- actual\n{}\n--- expected\n{}",
            serde_json::to_string_pretty(&actual).unwrap(),
            serde_json::to_string_pretty(&expected).unwrap()
        );
    }
}

fn first_difference(actual: &Value, expected: &Value, path: &str) -> Option<String> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let equal = match (a.as_i64(), e.as_i64(), a.as_u64(), e.as_u64()) {
                (Some(a), Some(e), _, _) => a == e,
                (_, _, Some(a), Some(e)) => a == e,
                _ => {
                    let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
                    (a - e).abs() <= FLOAT_TOLERANCE * e.abs().max(1.0)
                }
            };
            (!equal).then(|| format!("{path}: {a} != expected {e}"))
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                return Some(format!("{path}: {} items != expected {}", a.len(), e.len()));
            }
            a.iter()
                .zip(e)
                .enumerate()
                .find_map(|(i, (a, e))| first_difference(a, e, &format!("{path}[{i}]")))
        }
        (Value::Object(a), Value::Object(e)) => {
            let keys_a: Vec<_> = a.keys().collect();
            let keys_e: Vec<_> = e.keys().collect();
            if keys_a != keys_e {
                return Some(format!("{path}: keys {keys_a:?} != expected {keys_e:?}"));
            }
            a.iter()
                .find_map(|(k, v)| first_difference(v, &e[k], &format!("{path}.{k}")))
        }
        _ => (actual != expected).then(|| format!("{path}: {actual} != expected {expected}")),
    }
}

#[test]
fn floats_within_tolerance_are_equal_and_integers_are_exact() {
    use serde_json::json;
    assert!(first_difference(&json!({"x": 0.1 + 0.2}), &json!({"x": 0.3}), "$").is_none());
    assert!(first_difference(&json!({"x": 0.3001}), &json!({"x": 0.3}), "$").is_some());
    assert!(first_difference(&json!([1, 2]), &json!([1, 3]), "$")
        .unwrap()
        .contains("$[1]"));
    assert!(first_difference(&json!({"a": null}), &json!({"a": 1}), "$").is_some());
}
