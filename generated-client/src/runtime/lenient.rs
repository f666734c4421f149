//! Lenient reading of server data, so that a server that strays from its
//! document does not make whole responses unreadable.
//!
//! - A required field that is missing or `null` reads as a [`Placeholder`]:
//!   the type's empty value (`""`, `0`, `false`, empty list or map, `None`,
//!   an enum's catch-all holding `""` or `0`, a `oneOf`'s catch-all holding `null`).
//! - A `oneOf`/`anyOf` value reads as the first alternative whose shape it has
//!   ([`candidates`]), and is kept as raw JSON when none fits.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// The value a required field takes when the server leaves it out.
pub(crate) trait Placeholder {
    fn placeholder() -> Self;
}

/// `#[serde(default = …)]` of required fields.
pub(crate) fn placeholder<T: Placeholder>() -> T {
    T::placeholder()
}

/// `#[serde(deserialize_with = …)]` of required fields: `null` is a placeholder too.
pub(crate) fn or_placeholder<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Placeholder,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_else(T::placeholder))
}

macro_rules! placeholder_by_default {
    ($($ty:ty),*) => {
        $(impl Placeholder for $ty {
            fn placeholder() -> Self {
                <$ty>::default()
            }
        })*
    };
}

placeholder_by_default!(String, bool, i32, i64, f32, f64, serde_json::Value, serde_json::Map<String, serde_json::Value>, bytes::Bytes);

impl<T> Placeholder for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<K: Ord, V> Placeholder for BTreeMap<K, V> {
    fn placeholder() -> Self {
        BTreeMap::new()
    }
}

impl<T> Placeholder for Option<T> {
    fn placeholder() -> Self {
        None
    }
}

impl<T: Placeholder> Placeholder for Box<T> {
    fn placeholder() -> Self {
        Box::new(T::placeholder())
    }
}

/// The JSON shape of a `oneOf` alternative.
pub(crate) enum Shape {
    /// An object with these required members.
    Object(&'static [&'static str]),
    Array,
    String,
    Integer,
    Number,
    Bool,
    Any,
}

/// The alternatives `value` may be, best first: the one its discriminator
/// names; otherwise those whose shape it has, the more required members
/// matched the better, in declaration order among equals.
pub(crate) fn candidates(
    value: &serde_json::Value,
    shapes: &[Shape],
    discriminator: Option<(&str, &[(&str, usize)])>,
) -> Vec<usize> {
    if let Some((property, mapping)) = discriminator
        && let Some(tag) = value.get(property).and_then(|t| t.as_str())
    {
        return mapping.iter().filter(|(name, _)| *name == tag).map(|(_, index)| *index).collect();
    }
    let mut scored: Vec<(usize, usize)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(index, shape)| {
            let score = match shape {
                Shape::Object(required) => {
                    let object = value.as_object()?;
                    required.iter().all(|key| object.contains_key(*key)).then_some(required.len() + 1)?
                }
                Shape::Array => value.is_array().then_some(1)?,
                Shape::String => value.is_string().then_some(1)?,
                Shape::Integer => (value.is_i64() || value.is_u64()).then_some(1)?,
                Shape::Number => value.is_number().then_some(1)?,
                Shape::Bool => value.is_boolean().then_some(1)?,
                Shape::Any => 0,
            };
            Some((index, score))
        })
        .collect();
    scored.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    scored.into_iter().map(|(index, _)| index).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn candidates_prefer_the_best_matching_shape() {
        let shapes = [Shape::Object(&["name", "version"]), Shape::Object(&["healthy", "db_connected"]), Shape::String];
        assert_eq!(candidates(&json!({"healthy": true, "db_connected": false}), &shapes, None), vec![1]);
        assert_eq!(candidates(&json!({"name": "a", "version": "1"}), &shapes, None), vec![0]);
        assert_eq!(candidates(&json!("text"), &shapes, None), vec![2]);
        assert!(candidates(&json!(3), &shapes, None).is_empty());
        let loose = [Shape::Object(&[]), Shape::Object(&["id"])];
        assert_eq!(candidates(&json!({"id": 1}), &loose, None), vec![1, 0]);
    }

    #[test]
    fn a_discriminator_decides_alone() {
        let shapes = [Shape::Object(&[]), Shape::Object(&[])];
        let mapping: &[(&str, usize)] = &[("cat", 0), ("dog", 1)];
        assert_eq!(candidates(&json!({"kind": "dog"}), &shapes, Some(("kind", mapping))), vec![1]);
        assert!(candidates(&json!({"kind": "bird"}), &shapes, Some(("kind", mapping))).is_empty());
        assert_eq!(candidates(&json!({}), &shapes, Some(("kind", mapping))), vec![0, 1]);
    }
}
