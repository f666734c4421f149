// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Lenient reading of server data, so that a server that strays from its
//! document does not make whole responses unreadable. The generated types
//! derive serde's traits and name these helpers in their attributes.
//!
//! - A required field that is missing or `null` reads as a *placeholder*:
//!   the type's empty value (`""`, `0`, `false`, an empty list or map,
//!   `None`, an enum's catch-all holding `""`, a `oneOf`'s catch-all holding
//!   `null`, a struct of placeholders). [`placeholder`] builds it for any type
//!   by deserializing from [`Empty`]; each one filled in is counted, so that a
//!   response can say how many it needed ([`counting_placeholders`]).
//! - A struct reads through [`Object`]: the JSON object first, then each
//!   field taken from it by name (so a JSON array where an object is
//!   documented is an error, and the members no field takes are kept).
//! - A `oneOf`/`anyOf` value reads as the first alternative whose shape it has
//!   ([`candidates`]), and is kept as raw JSON when none fits.
//! - Enums keep values they do not know in a catch-all variant
//!   ([`string_enum`](crate::runtime::string_enum) writes the conversions).

use std::cell::Cell;

#[allow(unused_imports, reason = "an API whose responses have no struct with required fields does not use it")]
pub(crate) use clientgen_derive::EmptyDefault;
#[allow(unused_imports, reason = "an API without string enums does not use it")]
pub(crate) use clientgen_derive::StringEnum;
/// The derives the generated types use (see the `clientgen-derive` crate).
#[allow(unused_imports, reason = "an API without structs does not use them")]
pub(crate) use clientgen_derive::{Deserialize, Serialize};
use serde::de::{self, Deserialize, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::Serialize;
use serde::{Deserializer, Serializer};

thread_local! {
    /// Placeholders made on this thread since the counting began. Decoding
    /// runs on one thread, without awaiting, so the count is the decode's.
    static PLACEHOLDERS: Cell<usize> = const { Cell::new(0) };
}

/// Counts one placeholder filled in for a missing value.
pub(crate) fn count_placeholder() {
    PLACEHOLDERS.set(PLACEHOLDERS.get() + 1);
}

/// Runs `decode` and says how many placeholders it filled in.
pub(crate) fn counting_placeholders<T>(decode: impl FnOnce() -> T) -> (T, usize) {
    let before = PLACEHOLDERS.get();
    let value = decode();
    (value, PLACEHOLDERS.get().wrapping_sub(before))
}

/// A JSON object being read into a struct: each field takes its member, the
/// members left over go to the struct's map of other members, if it has one.
///
/// A field that fails to read gives way to its placeholder and the first
/// failure is kept, to be returned by [`Object::finish`]: the derived code is
/// then one plain call per field, which costs far less to compile than serde's
/// derive (or a `?` per field) does, in every crate that builds the client.
pub(crate) struct Object {
    members: serde_json::Map<String, serde_json::Value>,
    failure: Option<String>,
}

thread_local! {
    /// Set while a body that failed to decode is read again to say where:
    /// fields then track the path inside their values too.
    static LOCATING: Cell<bool> = const { Cell::new(false) };
}

/// Separates the path of a failure from its message inside an error's text,
/// so that enclosing objects can prefix their field and the response its
/// place in the body. Never shown: [`split_location`] takes it apart.
const LOCATION: char = '\u{1f}';

impl Object {
    /// Reads a JSON object (refusing any other JSON).
    #[allow(dead_code, reason = "an API without structs does not use it")]
    pub(crate) fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Object, D::Error> {
        serde_json::Map::deserialize(deserializer).map(|members| Object { members, failure: None })
    }

    /// A required field: a missing member, or `null`, reads as the placeholder
    /// (and is counted).
    #[allow(dead_code, reason = "an API whose fields are all optional does not use it")]
    pub(crate) fn required<T: DeserializeOwned>(&mut self, name: &str) -> T {
        match self.members.remove(name) {
            None | Some(serde_json::Value::Null) => {
                count_placeholder();
                placeholder()
            }
            Some(value) => self.field(name, value).unwrap_or_else(placeholder),
        }
    }

    /// An optional (or nullable) field: `None` when missing or `null`.
    #[allow(dead_code, reason = "an API whose fields are all required does not use it")]
    pub(crate) fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        match self.members.remove(name) {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => self.field(name, value),
        }
    }

    /// An optional nullable field: `None` when missing, `Some(None)` when `null`.
    #[allow(dead_code, reason = "an API without optional nullable fields does not use it")]
    pub(crate) fn nullable<T: DeserializeOwned>(&mut self, name: &str) -> Option<Option<T>> {
        match self.members.remove(name) {
            None => None,
            Some(serde_json::Value::Null) => Some(None),
            Some(value) => self.field(name, value).map(Some),
        }
    }

    /// The members no field took, as the struct's map of other members.
    #[allow(dead_code, reason = "an API whose structs keep no other members does not use it")]
    pub(crate) fn rest<T: DeserializeOwned>(&mut self) -> T {
        let members = serde_json::Value::Object(std::mem::take(&mut self.members));
        self.field("", members).unwrap_or_else(placeholder)
    }

    /// The struct read, or the first failure of a field.
    #[allow(dead_code, reason = "an API without structs does not use it")]
    pub(crate) fn finish<T, E: de::Error>(self, value: T) -> Result<T, E> {
        match self.failure {
            None => Ok(value),
            Some(failure) => Err(E::custom(failure)),
        }
    }

    /// The value of member `name` read as `T`; a failure is kept, saying where.
    fn field<T: DeserializeOwned>(&mut self, name: &str, value: serde_json::Value) -> Option<T> {
        match field(name, value) {
            Ok(value) => Some(value),
            Err(failure) => {
                self.failure.get_or_insert(failure);
                None
            }
        }
    }
}

/// The value of member `name` read as `T`; a failure says where it was.
fn field<T: DeserializeOwned>(name: &str, value: serde_json::Value) -> Result<T, String> {
    if !LOCATING.get() {
        return T::deserialize(value).map_err(|e| e.to_string());
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let inside = error.path().to_string();
        let (nested, message) = split_location(&error.into_inner().to_string());
        let mut path = join_path(name, &inside);
        if let Some(nested) = nested {
            path = join_path(&path, &nested);
        }
        format!("{LOCATION}{path}{LOCATION}{message}")
    })
}

/// A JSON object being written from a struct, member by member; written
/// whole to the serializer at the end. Like [`Object`], it keeps the derived
/// code to a plain call per field, the first failure kept for the end.
#[derive(Default)]
#[allow(dead_code, reason = "an API without structs does not use it")]
pub(crate) struct Writer {
    members: serde_json::Map<String, serde_json::Value>,
    failure: Option<String>,
}

impl Writer {
    #[allow(dead_code, reason = "an API without structs does not use it")]
    pub(crate) fn put<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.members.insert(name.to_string(), value);
            }
            Err(failure) => {
                self.failure.get_or_insert(failure.to_string());
            }
        }
    }

    /// The members of a struct's map of other members.
    #[allow(dead_code, reason = "an API whose structs keep no other members does not use it")]
    pub(crate) fn extend<T: Serialize>(&mut self, members: &T) {
        match serde_json::to_value(members) {
            Ok(serde_json::Value::Object(members)) => self.members.extend(members),
            Ok(_) => {}
            Err(failure) => {
                self.failure.get_or_insert(failure.to_string());
            }
        }
    }

    #[allow(dead_code, reason = "an API without structs does not use it")]
    pub(crate) fn finish<S: Serializer>(self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.failure {
            None => self.members.serialize(serializer),
            Some(failure) => Err(serde::ser::Error::custom(failure)),
        }
    }
}

/// A field written by a function of its own (`#[serde(serialize_with = …)]`).
#[allow(dead_code, reason = "an API whose fields are all written as they are does not use it")]
pub(crate) struct With<'a, T, F>(pub(crate) &'a T, pub(crate) F);

impl<T, F> Serialize for With<'_, T, F>
where
    F: Fn(&T, serde_json::value::Serializer) -> Result<serde_json::Value, serde_json::Error>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.1)(self.0, serde_json::value::Serializer).map_err(serde::ser::Error::custom)?.serialize(serializer)
    }
}

/// Runs `decode` so that a failure's message carries where it happened.
pub(crate) fn locating<T>(decode: impl FnOnce() -> T) -> T {
    LOCATING.set(true);
    let value = decode();
    LOCATING.set(false);
    value
}

/// The path a failure's message carries, if any, and the message without it.
pub(crate) fn split_location(message: &str) -> (Option<String>, String) {
    let Some(start) = message.find(LOCATION) else { return (None, message.to_string()) };
    let rest = &message[start + LOCATION.len_utf8()..];
    match rest.find(LOCATION) {
        Some(end) => {
            let path = rest[..end].to_string();
            let mut text = message[..start].to_string();
            text.push_str(&rest[end + LOCATION.len_utf8()..]);
            (Some(path), text)
        }
        None => (None, message.to_string()),
    }
}

/// `outer` followed by `inner`, both in serde_path_to_error's notation
/// (`a.b[0].c`, `.` for the top).
pub(crate) fn join_path(outer: &str, inner: &str) -> String {
    let outer = outer.trim_matches('.');
    let inner = inner.trim_start_matches('.');
    match (outer.is_empty(), inner.is_empty()) {
        (_, true) => outer.to_string(),
        (true, false) => inner.to_string(),
        (false, false) if inner.starts_with('[') => format!("{outer}{inner}"),
        (false, false) => format!("{outer}.{inner}"),
    }
}

/// The value of a required field that is missing or `null`: the empty value of `T`.
///
/// Every type the generator writes reads from [`Empty`] or, for string enums
/// (which read their catch-all from any text), from `""`: each required field
/// of a struct has this default and the other fields are `Option`s; enums and
/// unions have a catch-all. No generated type refuses both, so the last line
/// is never reached; the tests build the placeholder of each shape.
pub(crate) fn placeholder<T: DeserializeOwned>() -> T {
    if let Ok(value) = T::deserialize(Empty) {
        return value;
    }
    match T::deserialize(de::value::StrDeserializer::<de::value::Error>::new("")) {
        Ok(value) => value,
        Err(error) => unreachable!("a generated type has no empty value: {error}"),
    }
}

/// A struct whose fields are all empty: for the constructors' struct update
/// (`Self { required…, ..lenient::empty() }`), the optional fields `None`,
/// and the `Default` of structs read from responses.
#[allow(dead_code, reason = "an API without constructors or response structs with required fields does not use it")]
pub(crate) fn empty<T: DeserializeOwned>() -> T {
    placeholder()
}

/// The empty value of any type, for [`placeholder`]: each request of a
/// deserializer is answered with the empty value of its kind (any JSON: `null`).
pub(crate) struct Empty;

impl<'de> Deserializer<'de> for Empty {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_bool(false)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_i64(0)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_u64(0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_f64(0.0)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_str("")
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_bytes(&[])
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_seq(de::value::SeqDeserializer::new(std::iter::empty::<()>()))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(de::value::MapDeserializer::new(std::iter::empty::<((), ())>()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_enum("".into_deserializer())
    }

    serde::forward_to_deserialize_any! { unit unit_struct tuple tuple_struct identifier ignored_any }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_bytes(visitor)
    }
}

/// `#[serde(serialize_with = …)]` of `number` fields: a whole number goes out
/// as an integer (`3600`, not `3600.0`), which strict servers require.
#[allow(dead_code, reason = "an API without `number` fields does not use it")]
pub(crate) fn number<T: Number, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_number(serializer)
}

#[allow(dead_code, reason = "an API without `number` fields does not use it")]
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
#[allow(dead_code, reason = "an API without binary fields does not use it")]
pub(crate) fn binary<T: Binary, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_binary(serializer)
}

#[allow(dead_code, reason = "an API without binary fields does not use it")]
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
#[allow(dead_code, reason = "an API without lists of binary values does not use it")]
struct AsText<'a, T>(&'a T);

impl<T: Binary> Serialize for AsText<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_binary(serializer)
    }
}

/// The text of a string enum's value, for its `Deserialize`.
#[allow(dead_code, reason = "an API without string enums does not use it")]
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// The JSON shape of a `oneOf` alternative.
#[allow(dead_code, reason = "the unions of one API need only some of the shapes")]
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

/// How a `oneOf` value is told apart: the shape of each alternative, and a
/// discriminator property with its values (value → alternative), if any.
#[allow(dead_code, reason = "an API without oneOf or anyOf does not use it")]
pub(crate) struct Union {
    pub(crate) shapes: &'static [Shape],
    pub(crate) discriminator: Option<(&'static str, &'static [(&'static str, usize)])>,
}

/// Reads a `oneOf`/`anyOf` value: the first alternative of [`candidates`]
/// that `read` accepts (`read(index, value)`), else `other(value)`.
#[allow(dead_code, reason = "an API without oneOf or anyOf does not use it")]
pub(crate) fn one_of<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    union: &Union,
    read: impl Fn(usize, &serde_json::Value) -> Option<T>,
    other: impl FnOnce(serde_json::Value) -> T,
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let found = candidates(&value, union.shapes, union.discriminator).into_iter().find_map(|index| read(index, &value));
    Ok(found.unwrap_or_else(|| other(value)))
}

/// An alternative of a `oneOf` read from its JSON, if it is that alternative.
#[allow(dead_code, reason = "an API without oneOf or anyOf does not use it")]
pub(crate) fn alternative<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The alternatives `value` may be, best first: the one its discriminator
/// names; otherwise those whose shape it has, the more required members
/// matched the better, in declaration order among equals.
#[allow(dead_code, reason = "an API without oneOf or anyOf does not use it")]
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
    use std::collections::BTreeMap;

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

    /// Structs as the generator writes them: read through [`Object`].
    #[derive(Debug, PartialEq)]
    struct Inner {
        name: String,
        tags: Option<Vec<String>>,
    }

    impl<'de> Deserialize<'de> for Inner {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut object = Object::read(d)?;
            let value = Self { name: object.required("name"), tags: object.optional("tags") };
            object.finish(value)
        }
    }

    #[derive(Debug, PartialEq)]
    struct Outer {
        inner: Inner,
        count: i64,
        values: BTreeMap<String, f64>,
        any: serde_json::Value,
        flag: bool,
        data: bytes::Bytes,
        patch: Option<Option<i64>>,
        list: Vec<Inner>,
        rest: BTreeMap<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for Outer {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut object = Object::read(d)?;
            let value = Self {
                inner: object.required("inner"),
                count: object.required("count"),
                values: object.required("values"),
                any: object.required("any"),
                flag: object.required("flag"),
                data: object.required("data"),
                patch: object.nullable("patch"),
                list: object.required("list"),
                rest: object.rest(),
            };
            object.finish(value)
        }
    }

    #[test]
    fn every_shape_has_an_empty_value_and_each_is_counted() {
        let (outer, filled) =
            counting_placeholders(|| serde_json::from_value::<Outer>(json!({ "count": null, "list": [], "x": 1 })));
        let outer = outer.expect("reads");
        assert_eq!(outer.inner, Inner { name: String::new(), tags: None });
        assert_eq!((outer.count, outer.flag, outer.any.clone()), (0, false, serde_json::Value::Null));
        assert!(outer.values.is_empty() && outer.data.is_empty() && outer.list.is_empty());
        assert_eq!(outer.rest, BTreeMap::from([("x".to_string(), json!(1))]), "members no field takes are kept");
        // Each required member missing or null: inner, and its name inside the
        // placeholder of it, count, values, any, flag, data; `list` was sent.
        assert_eq!(filled, 7);
        let (_, none) = counting_placeholders(|| {
            serde_json::from_value::<Inner>(json!({ "name": "x", "tags": null })).map(|inner| inner.name)
        });
        assert_eq!(none, 0);
        assert_eq!(counting_placeholders(placeholder::<Option<Inner>>), (None, 0));
        assert_eq!(counting_placeholders(placeholder::<Vec<Inner>>).0, Vec::new());
    }

    #[test]
    fn optional_nullable_fields_tell_null_from_missing() {
        let read = |json| serde_json::from_value::<Outer>(json).map(|outer| outer.patch).ok();
        assert_eq!(read(json!({})), Some(None));
        assert_eq!(read(json!({ "patch": null })), Some(Some(None)));
        assert_eq!(read(json!({ "patch": 3 })), Some(Some(Some(3))));
    }

    #[test]
    fn an_array_is_not_an_object() {
        assert!(serde_json::from_value::<Inner>(json!(["x", null])).is_err());
    }

    #[test]
    fn a_failure_says_where_when_asked() {
        let body = json!({ "list": [{ "name": "a" }, { "name": 7 }] });
        let quick = serde_json::from_value::<Outer>(body.clone()).expect_err("a number is no name");
        assert_eq!(split_location(&quick.to_string()).0, None, "paths are found only when asked");
        let located = locating(|| serde_json::from_value::<Outer>(body)).expect_err("still no name");
        let (path, message) = split_location(&located.to_string());
        assert_eq!(path.as_deref(), Some("list[1].name"));
        assert!(message.starts_with("invalid type: integer `7`, expected a string"), "{message}");
        assert_eq!(join_path("a", "[0].b"), "a[0].b");
        assert_eq!(join_path("", "."), "");
        assert_eq!(join_path("a", "b"), "a.b");
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
