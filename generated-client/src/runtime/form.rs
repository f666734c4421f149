// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! `application/x-www-form-urlencoded` bodies: a JSON object written as
//! form pairs, the way OpenAPI's default encoding for forms says (each
//! member its own key; an array repeats the key; `null` members are left out).

use serde_json::Value;

/// The form pairs of a body written as JSON.
pub(crate) fn pairs(body: &Value) -> Result<Vec<(String, String)>, String> {
    let Value::Object(members) = body else {
        return Err("a form body must be an object".to_string());
    };
    let mut pairs = Vec::new();
    for (name, value) in members {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    pairs.push((name.clone(), scalar(name, item)?));
                }
            }
            value => pairs.push((name.clone(), scalar(name, value)?)),
        }
    }
    Ok(pairs)
}

/// A value that fits in one form pair.
fn scalar(name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Null => Ok(String::new()),
        Value::Array(_) | Value::Object(_) => Err(format!("member `{name}` nests a value a form pair cannot hold")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_become_pairs_arrays_repeat_and_nulls_are_left_out() {
        let body = json!({ "a": "x y", "n": 2, "list": ["p", "q"], "gone": null, "flag": true });
        let pairs = pairs(&body).expect("encodes");
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("a", "x y"), ("flag", "true"), ("list", "p"), ("list", "q"), ("n", "2")]);
    }

    #[test]
    fn nested_objects_and_non_objects_are_refused() {
        assert!(pairs(&json!({ "o": { "k": 1 } })).unwrap_err().contains("`o`"));
        assert!(pairs(&json!([1])).is_err());
    }
}
