// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! How a value becomes `key=value` pairs, for the query string and for
//! `application/x-www-form-urlencoded` bodies alike: OpenAPI's `style` and
//! `explode` (of a query parameter, or of a form property's Encoding Object),
//! and JSON text (a form property's `contentType: application/json`, or a
//! query parameter whose value no style writes). A query parameter
//! is one value encoded under its name; a form body is its object's members,
//! each encoded under its own name by its property's encoding.

use serde_json::Value;

/// How one value is written as pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// `style: form`, exploded (the default): an array repeats the name
    /// (`a=1&a=2`), an object gives each member its own key (`k1=v1&k2=v2`).
    Exploded,
    /// Not exploded, with the separator of `style: form` (`,`),
    /// `spaceDelimited` (` `) or `pipeDelimited` (`|`): one pair, of an
    /// array's items (`a=1,2`) or of an object's names and values
    /// (`a=k1,v1,k2,v2`).
    Joined(&'static str),
    /// `style: deepObject`: an object's members as `a[k1]=v1&a[k2]=v2`.
    DeepObject,
    /// The value as JSON text (`a={"k":1}`): a form field with `contentType:
    /// application/json`, or a query parameter that nests what no style writes.
    Json,
}

/// Appends the pairs of `value` under `name` to `pairs`; `null` gives none.
pub(crate) fn encode(
    name: &str,
    value: &Value,
    encoding: Encoding,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), String> {
    match (encoding, value) {
        (_, Value::Null) => {}
        (Encoding::Json, value) => pairs.push((name.to_string(), value.to_string())),
        (Encoding::DeepObject, Value::Object(members)) => {
            for (member, value) in members.iter().filter(|(_, value)| !value.is_null()) {
                pairs.push((format!("{name}[{member}]"), text(name, value)?));
            }
        }
        (Encoding::DeepObject, _) => return Err(format!("`{name}` has style deepObject, which needs an object")),
        (Encoding::Exploded, Value::Array(items)) => {
            for item in items {
                pairs.push((name.to_string(), text(name, item)?));
            }
        }
        (Encoding::Exploded, Value::Object(members)) => {
            for (member, value) in members.iter().filter(|(_, value)| !value.is_null()) {
                pairs.push((member.clone(), text(name, value)?));
            }
        }
        (Encoding::Joined(separator), Value::Array(items)) => {
            let items = items.iter().map(|item| text(name, item)).collect::<Result<Vec<_>, _>>()?;
            if !items.is_empty() {
                pairs.push((name.to_string(), items.join(separator)));
            }
        }
        (Encoding::Joined(separator), Value::Object(members)) => {
            let mut joined = Vec::with_capacity(members.len() * 2);
            for (member, value) in members.iter().filter(|(_, value)| !value.is_null()) {
                joined.push(member.clone());
                joined.push(text(name, value)?);
            }
            if !joined.is_empty() {
                pairs.push((name.to_string(), joined.join(separator)));
            }
        }
        (Encoding::Exploded | Encoding::Joined(_), scalar) => pairs.push((name.to_string(), text(name, scalar)?)),
    }
    Ok(())
}

/// The pairs of a form body: each member of the object encoded under its
/// name by its entry in `encodings`, or [`Encoding::Exploded`] without one.
pub(crate) fn form_pairs(body: &Value, encodings: &[(&str, Encoding)]) -> Result<Vec<(String, String)>, String> {
    let Value::Object(members) = body else {
        return Err("a form body must be an object".to_string());
    };
    let mut pairs = Vec::new();
    for (name, value) in members {
        let encoding = encodings.iter().find(|(property, _)| property == name).map_or(Encoding::Exploded, |e| e.1);
        encode(name, value, encoding, &mut pairs)?;
    }
    Ok(pairs)
}

/// The text of a value inside `name` that fits in one pair (or one item of
/// a joined list): a `null` item is empty text.
fn text(name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        // A whole number is written as one (`3`, not `3.0`), as a scalar
        // parameter's `Display` writes it, whatever its Rust type.
        Value::Number(number) => Ok(match number.as_f64() {
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 => {
                (float as i64).to_string()
            }
            _ => number.to_string(),
        }),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Null => Ok(String::new()),
        Value::Array(_) | Value::Object(_) => {
            Err(format!("`{name}` nests an array or object, which its style cannot write"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encoded(value: Value, encoding: Encoding) -> Result<Vec<(String, String)>, String> {
        let mut pairs = Vec::new();
        encode("a", &value, encoding, &mut pairs).map(|()| pairs)
    }

    fn expect(value: Value, encoding: Encoding, expected: &[(&str, &str)]) {
        let pairs = encoded(value.clone(), encoding).unwrap_or_else(|e| panic!("{value} as {encoding:?}: {e}"));
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, expected, "{value} as {encoding:?}");
    }

    #[test]
    fn scalars_are_one_pair_in_every_style_but_deep_object() {
        for encoding in [Encoding::Exploded, Encoding::Joined(","), Encoding::Joined("|")] {
            expect(json!("x y"), encoding, &[("a", "x y")]);
            expect(json!(2.5), encoding, &[("a", "2.5")]);
            expect(json!(false), encoding, &[("a", "false")]);
        }
        expect(json!("x"), Encoding::Json, &[("a", "\"x\"")]);
        assert!(encoded(json!("x"), Encoding::DeepObject).unwrap_err().contains("needs an object"));
    }

    #[test]
    fn null_gives_no_pair_in_any_style() {
        for encoding in [Encoding::Exploded, Encoding::Joined(","), Encoding::DeepObject, Encoding::Json] {
            expect(Value::Null, encoding, &[]);
        }
    }

    #[test]
    fn arrays_repeat_the_name_when_exploded_and_are_joined_otherwise() {
        expect(json!([1, "b", true]), Encoding::Exploded, &[("a", "1"), ("a", "b"), ("a", "true")]);
        expect(json!([1, "b", true]), Encoding::Joined(","), &[("a", "1,b,true")]);
        expect(json!(["x", "y"]), Encoding::Joined(" "), &[("a", "x y")]);
        expect(json!(["x", "y"]), Encoding::Joined("|"), &[("a", "x|y")]);
        expect(json!(["x", "y"]), Encoding::Json, &[("a", r#"["x","y"]"#)]);
        expect(json!([]), Encoding::Exploded, &[]);
        expect(json!([]), Encoding::Joined(","), &[]);
        expect(json!([1.0, 2.5, -3.0]), Encoding::Joined(","), &[("a", "1,2.5,-3")]);
        assert!(encoded(json!(["x"]), Encoding::DeepObject).unwrap_err().contains("needs an object"));
    }

    #[test]
    fn objects_give_their_members_by_style_and_leave_out_null_members() {
        let object = json!({ "k1": "v1", "k2": 2, "gone": null });
        expect(object.clone(), Encoding::Exploded, &[("k1", "v1"), ("k2", "2")]);
        expect(object.clone(), Encoding::Joined(","), &[("a", "k1,v1,k2,2")]);
        expect(object.clone(), Encoding::Joined("|"), &[("a", "k1|v1|k2|2")]);
        expect(object.clone(), Encoding::DeepObject, &[("a[k1]", "v1"), ("a[k2]", "2")]);
        expect(object, Encoding::Json, &[("a", r#"{"gone":null,"k1":"v1","k2":2}"#)]);
        expect(json!({}), Encoding::Joined(","), &[]);
    }

    #[test]
    fn values_nested_deeper_than_a_style_writes_are_refused_with_their_name() {
        for encoding in [Encoding::Exploded, Encoding::Joined(","), Encoding::DeepObject] {
            let error = encoded(json!({ "k": { "deeper": 1 } }), encoding).unwrap_err();
            assert!(error.contains("`a` nests"), "{error}");
            assert!(encoded(json!({ "k": [1, 2] }), encoding).is_err());
        }
        assert!(encoded(json!([[1]]), Encoding::Exploded).is_err());
        assert!(encoded(json!([{ "k": 1 }]), Encoding::Joined(",")).is_err());
        expect(json!({ "k": { "deeper": [1] } }), Encoding::Json, &[("a", r#"{"k":{"deeper":[1]}}"#)]);
    }

    #[test]
    fn a_form_body_encodes_each_member_by_its_own_encoding() {
        let body = json!({
            "plain": "x", "list": ["p", "q"], "joined": ["p", "q"], "deep": { "k": "v" },
            "flat": { "k1": "v1" }, "meta": { "k": [1] }, "gone": null
        });
        let encodings = [("joined", Encoding::Joined("|")), ("deep", Encoding::DeepObject), ("meta", Encoding::Json)];
        let pairs = form_pairs(&body, &encodings).expect("encodes");
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("deep[k]", "v"),
                ("k1", "v1"),
                ("joined", "p|q"),
                ("list", "p"),
                ("list", "q"),
                ("meta", r#"{"k":[1]}"#),
                ("plain", "x"),
            ]
        );
    }

    #[test]
    fn a_form_body_must_be_an_object() {
        assert!(form_pairs(&json!([1]), &[]).is_err());
        assert!(form_pairs(&json!({ "o": { "k": { "deeper": 1 } } }), &[]).unwrap_err().contains("`o`"));
    }
}
