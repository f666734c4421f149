//! How query parameters and form fields become `key=value` pairs: OpenAPI
//! 3.0.3's `style`, `explode` and (for a form field's Encoding Object)
//! `contentType`, decided here and checked against the value's type, so
//! that what the runtime's encoder would refuse is refused at its pointer.
//!
//! A query parameter whose value nests arrays or objects, which no style
//! writes, is sent as JSON text when the document states no `style` or
//! `explode` for it: that is how APIs take such values (a search API's
//! `filters=[{…}]`), and the document has then said nothing to contradict
//! it. A style the document states is what the server parses, so a value it
//! cannot write stays an error.

use std::collections::BTreeSet;

use openapiv3::{MediaType, QueryStyle, SchemaKind, Type};

use super::Lowerer;
use crate::error::{Error, Result};
use crate::model::{Encoding, Ty, TypeKind};
use crate::pointer::Pointer;

/// The encoding of `style` (form when absent) and `explode` (true for form
/// when absent). spaceDelimited and pipeDelimited are always joined: OpenAPI
/// 3.0.3 defines them for `explode: false` only.
pub(super) fn style_encoding(style: Option<&QueryStyle>, explode: Option<bool>) -> Encoding {
    let style = style.unwrap_or(&QueryStyle::Form);
    match (style, explode.unwrap_or(matches!(style, QueryStyle::Form))) {
        (QueryStyle::Form, true) => Encoding::Exploded,
        (QueryStyle::Form, false) => Encoding::Joined(","),
        (QueryStyle::SpaceDelimited, _) => Encoding::Joined(" "),
        (QueryStyle::PipeDelimited, _) => Encoding::Joined("|"),
        (QueryStyle::DeepObject, _) => Encoding::DeepObject,
    }
}

/// The value whose encoding is checked, by name.
pub(super) enum Described<'n> {
    QueryParameter(&'n str),
    FormField(&'n str),
}

/// What JSON a value of a type can be, as far as writing it as pairs goes.
#[derive(Debug, Default)]
struct Shapes {
    scalar: bool,
    array: bool,
    object: bool,
    /// Any JSON (a free-form value): only the runtime can tell what it is.
    any: bool,
    /// Why no style can write it, if none can.
    unwritable: Option<Unwritable>,
}

/// Why no style can write a value; the text says what, for messages.
#[derive(Debug)]
enum Unwritable {
    /// It nests an array or object: JSON text can write it.
    Nests(String),
    /// It is not a JSON value of the document (raw bytes, say).
    NotJson(String),
}

impl<'a> Lowerer<'a> {
    /// The encoding of each property of a form body whose encoding is not
    /// [`Encoding::Exploded`], by property name (the document's order sorted).
    /// `pointer` is the media type's.
    pub(super) fn form_encodings(&self, media: &MediaType, pointer: &Pointer) -> Result<Vec<(String, Encoding)>> {
        let raw = self.raw_following_refs(pointer);
        let mut names: Vec<&String> = media.encoding.keys().collect();
        names.sort();
        let mut encodings = Vec::new();
        for name in names {
            let declared = &media.encoding[name];
            let at = pointer.push("encoding").push(name);
            // openapiv3 reads a missing `explode` as false; the default is true for form.
            let explode = raw
                .and_then(|media| media.pointer(&format!("/encoding/{}/explode", escape_token(name))))
                .and_then(serde_json::Value::as_bool);
            // OpenAPI 3.1.1 makes explicit what 3.0.3 leaves open: `style` or
            // `explode` given, `contentType` is ignored.
            let encoding = match (&declared.style, explode, declared.content_type.as_deref()) {
                (None, None, Some(content_type)) => content_type_encoding(content_type, &at.push("contentType"))?,
                (style, explode, _) => style_encoding(style.as_ref(), explode),
            };
            if encoding != Encoding::Exploded {
                encodings.push((name.clone(), encoding));
            }
        }
        Ok(encodings)
    }

    /// Checks that a value of `ty` can be written as pairs with `encoding`:
    /// nothing nested in an array or object, and an object for deepObject.
    /// `what` names the value in messages, which say how it would be sent
    /// as JSON text instead where it nests; errors point at `schema` for the
    /// type, at `style` for a style that does not fit it.
    pub(super) fn check_pairs(
        &self,
        ty: &Ty,
        encoding: Encoding,
        what: &Described<'_>,
        schema: &Pointer,
        style: &Pointer,
    ) -> Result<()> {
        if encoding == Encoding::Json {
            return Ok(());
        }
        let shapes = self.shapes(ty);
        let (what, instead) = match what {
            Described::QueryParameter(name) => (
                format!("query parameter {name:?}"),
                "; a query parameter that states no `style` or `explode` is sent as JSON text",
            ),
            Described::FormField(name) => (
                format!("form field {name:?}"),
                "; with `contentType: application/json` in its encoding it is sent as JSON text",
            ),
        };
        match shapes.unwritable {
            Some(Unwritable::Nests(reason)) => {
                return Err(Error::new(
                    schema.as_str(),
                    format!("{what} cannot be written as key=value pairs: {reason}{instead}"),
                ));
            }
            Some(Unwritable::NotJson(reason)) => {
                return Err(Error::new(
                    schema.as_str(),
                    format!("{what} cannot be written as key=value pairs: {reason}"),
                ));
            }
            None => {}
        }
        if encoding == Encoding::DeepObject && !shapes.any && (shapes.scalar || shapes.array) {
            let can_be = match (shapes.scalar, shapes.array, shapes.object) {
                (true, true, _) => "can be a scalar or an array",
                (true, false, true) => "can be a scalar",
                (false, true, true) => "can be an array",
                (true, false, false) => "is a scalar",
                _ => "is an array",
            };
            return Err(Error::new(
                style.as_str(),
                format!("style deepObject writes objects (`name[member]=value`), and {what} {can_be}"),
            ));
        }
        Ok(())
    }

    /// The encoding of a query parameter that is not a scalar: JSON text when
    /// its value nests arrays or objects and the document states neither
    /// `style` nor `explode` (`pointer` is the parameter's), else its style's.
    pub(super) fn query_encoding(&self, ty: &Ty, style: Encoding, pointer: &Pointer) -> Encoding {
        let raw = self.raw_following_refs(pointer);
        let stated = ["style", "explode"].iter().any(|key| raw.is_some_and(|parameter| parameter.get(key).is_some()));
        match self.shapes(ty).unwritable {
            Some(Unwritable::Nests(_)) if !stated => Encoding::Json,
            _ => style,
        }
    }

    /// Whether a value of `ty` is one pair's text: a scalar, or any JSON
    /// (which the runtime checks). Each named type is looked at once.
    fn is_flat(&self, ty: &Ty) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Json => {}
                Ty::Option(inner) | Ty::Boxed(inner) => stack.push(inner),
                Ty::Named(name) if !seen.insert(name.as_str()) => {}
                Ty::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)) => {}
                    Some(TypeKind::Alias(inner)) => stack.push(inner),
                    Some(TypeKind::OneOf(union)) => stack.extend(union.variants.iter().map(|v| &v.ty)),
                    _ => return false,
                },
                Ty::JsonObject | Ty::Bytes | Ty::Vec(_) | Ty::Map(_) => return false,
            }
        }
        true
    }

    /// The shapes of a value of `ty`, through aliases and unions (each
    /// named type looked at once).
    fn shapes(&self, ty: &Ty) -> Shapes {
        let mut shapes = Shapes::default();
        let mut seen = BTreeSet::new();
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            let mut unwritable = None;
            let nests = |what: String| Some(Unwritable::Nests(what));
            match ty {
                Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => shapes.scalar = true,
                Ty::Json => shapes.any = true,
                Ty::JsonObject => shapes.object = true,
                Ty::Bytes => unwritable = Some(Unwritable::NotJson("it is raw bytes".to_string())),
                Ty::Option(inner) | Ty::Boxed(inner) => stack.push(inner),
                Ty::Vec(item) => {
                    shapes.array = true;
                    if !self.is_flat(item) {
                        unwritable = nests("its items are arrays or objects".to_string());
                    }
                }
                Ty::Map(value) => {
                    shapes.object = true;
                    if !self.is_flat(value) {
                        unwritable = nests("its members are arrays or objects".to_string());
                    }
                }
                Ty::Named(name) if !seen.insert(name.as_str()) => {}
                Ty::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)) => shapes.scalar = true,
                    Some(TypeKind::Alias(inner)) => stack.push(inner),
                    Some(TypeKind::OneOf(union)) => stack.extend(union.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Struct(s)) => {
                        shapes.object = true;
                        if let Some(field) = s.fields.iter().find(|f| !self.is_flat(&f.ty)) {
                            unwritable = nests(format!("its member `{}` is an array or object", field.json_name));
                        } else if s.additional.as_ref().is_some_and(|value| !self.is_flat(value)) {
                            unwritable = nests("its additional members are arrays or objects".to_string());
                        }
                    }
                    Some(TypeKind::Responses(_) | TypeKind::Bodies(_)) | None => {
                        unwritable = Some(Unwritable::NotJson("it is not a value of the document".to_string()));
                    }
                },
            }
            if shapes.unwritable.is_none() {
                shapes.unwritable = unwritable;
            }
        }
        shapes
    }

    /// Where a form property's schema is, for errors: under the body schema's
    /// `properties` when it is declared there, else the body schema itself.
    pub(super) fn property_pointer(
        &self,
        schema: &openapiv3::ReferenceOr<openapiv3::Schema>,
        schema_pointer: &Pointer,
        property: &str,
    ) -> Pointer {
        match self.resolved(schema, schema_pointer) {
            Ok((resolved, at)) => match &resolved.schema_kind {
                SchemaKind::Type(Type::Object(object)) if object.properties.contains_key(property) => {
                    at.push("properties").push(property)
                }
                _ => at,
            },
            Err(_) => schema_pointer.clone(),
        }
    }

    /// The raw JSON at `pointer`, through the `$ref`s of the objects on the
    /// way and at the end (a `$ref`'d request body or parameter): what the
    /// typed document loses.
    fn raw_following_refs(&self, pointer: &Pointer) -> Option<&serde_json::Value> {
        let follow = |mut node: &'a serde_json::Value| {
            for _ in 0..32 {
                match node.get("$ref").and_then(serde_json::Value::as_str) {
                    Some(reference) => node = self.resolve_raw(reference, pointer).ok()?,
                    None => return Some(node),
                }
            }
            None
        };
        let tokens = Pointer::tokens_of_ref(pointer.as_str())?;
        let mut node = follow(&self.doc.raw)?;
        for token in &tokens {
            node = match node {
                serde_json::Value::Object(map) => map.get(token)?,
                serde_json::Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
            node = follow(node)?;
        }
        Some(node)
    }
}

/// A form property's `contentType` without `style` or `explode`: JSON is
/// sent as JSON text, `text/plain` (the default of scalars) as the value.
fn content_type_encoding(content_type: &str, pointer: &Pointer) -> Result<Encoding> {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(Encoding::Json)
    } else if essence == "text/plain" {
        Ok(Encoding::Exploded)
    } else {
        Err(Error::new(
            pointer.as_str(),
            format!(
                "contentType {content_type:?} is not supported for a form field; only application/json (sent as JSON text) and text/plain are"
            ),
        ))
    }
}

/// A reference token as JSON pointers write it (`~` → `~0`, `/` → `~1`).
fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_and_explode_choose_the_encoding() {
        assert_eq!(style_encoding(None, None), Encoding::Exploded);
        assert_eq!(style_encoding(Some(&QueryStyle::Form), Some(false)), Encoding::Joined(","));
        assert_eq!(style_encoding(Some(&QueryStyle::SpaceDelimited), None), Encoding::Joined(" "));
        assert_eq!(style_encoding(Some(&QueryStyle::PipeDelimited), Some(true)), Encoding::Joined("|"));
        assert_eq!(style_encoding(Some(&QueryStyle::DeepObject), None), Encoding::DeepObject);
        assert_eq!(
            content_type_encoding("application/json; charset=utf-8", &Pointer::root()).ok(),
            Some(Encoding::Json)
        );
        assert_eq!(content_type_encoding("text/plain", &Pointer::root()).ok(), Some(Encoding::Exploded));
        assert!(content_type_encoding("image/png", &Pointer::root()).is_err());
    }
}
