// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Lenient reading of server data, so that a server that strays from its
//! document does not make whole responses unreadable.
//!
//! - A required field that is missing or `null` reads as a [`Placeholder`]:
//!   the type's empty value (`""`, `0`, `false`, empty list or map, `None`,
//!   an enum's value for `""` or `0`, a `oneOf`'s catch-all holding `null`).
//!   The generated `Deserialize` of each struct does this; it reads JSON
//!   objects only (serde's derive would also take an array of the fields).
//! - A `oneOf`/`anyOf` value reads as the first alternative whose shape it has
//!   ([`candidates`]), and is kept as raw JSON when none fits.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

/// The value a required field takes when the server leaves it out.
pub(crate) trait Placeholder {
    fn placeholder() -> Self;
}

/// `#[serde(default = …)]` of required fields.
pub(crate) fn placeholder<T: Placeholder>() -> T {
    T::placeholder()
}

/// A member name of a JSON object, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(name)))
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name.to_string())))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// `#[serde(serialize_with = …)]` of `number` fields: a whole number goes out
/// as an integer (`3600`, not `3600.0`), which strict servers require.
pub(crate) fn number<T: Number, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_number(serializer)
}

pub(crate) trait Number {
    fn serialize_number<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl Number for f64 {
    fn serialize_number<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Within ±2^53 every whole f64 is exactly an i64.
        if self.fract() == 0.0 && self.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(*self as i64)
        } else {
            serializer.serialize_f64(*self)
        }
    }
}

impl Number for f32 {
    fn serialize_number<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        f64::from(*self).serialize_number(serializer)
    }
}

impl<T: Number> Number for Option<T> {
    fn serialize_number<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_number(serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `#[serde(serialize_with = …)]` of `format: binary` fields: JSON has no
/// bytes, so they are written as text (invalid UTF-8 replaced), as they are
/// read; in multipart bodies they are file parts instead.
pub(crate) fn binary<T: Binary, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_binary(serializer)
}

pub(crate) trait Binary {
    fn serialize_binary<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl Binary for bytes::Bytes {
    fn serialize_binary<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(self))
    }
}

impl<T: Binary> Binary for Option<T> {
    fn serialize_binary<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_binary(serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Binary> Binary for Vec<T> {
    fn serialize_binary<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&AsText(item))?;
        }
        seq.end()
    }
}

/// One item of a list of binary values, written as text.
struct AsText<'a, T>(&'a T);

impl<T: Binary> serde::Serialize for AsText<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_binary(serializer)
    }
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
    fn whole_numbers_are_written_as_integers() {
        let written = |value: f64| number(&value, serde_json::value::Serializer).unwrap_or_default();
        assert_eq!(written(3600.0), json!(3600));
        assert_eq!(written(-2.0), json!(-2));
        assert_eq!(written(0.5), json!(0.5));
        assert_eq!(written(1e300), json!(1e300));
        assert_eq!(number(&None::<f64>, serde_json::value::Serializer).unwrap_or_default(), json!(null));
    }

    #[test]
    fn keys_borrow_from_the_input() {
        let mut deserializer = serde_json::Deserializer::from_str("\"name\"");
        let key = Key::deserialize(&mut deserializer).map(|k| matches!(k.0, Cow::Borrowed("name")));
        assert!(matches!(key, Ok(true)));
        let mut deserializer = serde_json::Deserializer::from_str("\"na\\u006de\"");
        let key = Key::deserialize(&mut deserializer).map(|k| k.as_str() == "name");
        assert!(matches!(key, Ok(true)));
    }

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
