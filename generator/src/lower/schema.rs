//! Schemas → [`Ty`]s and named [`TypeDef`]s.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::{Lowerer, deprecation, named_in, schema_docs};
use crate::error::{Error, Result};
use crate::model::{
    Discriminator, Docs, Enum, Field, OneOf, OneOfVariant, Shape, Struct, Ty, TypeDef, TypeKind, Variant,
};
use crate::names::{self, Namespace};
use crate::pointer::Pointer;

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// Catch-all variant names, first free one wins: a documented value may
/// already be called `Other`.
const CATCH_ALL_NAMES: &[&str] = &["Other", "Unrecognized", "UnknownValue"];

/// One uniform view of a schema, whichever way `openapiv3` parsed it.
struct View<'s> {
    data: &'s SchemaData,
    typ: Option<&'s str>,
    format: Option<String>,
    enumeration: Vec<Value>,
    properties: Option<&'s Properties>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    one_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    all_of: &'s [ReferenceOr<Schema>],
    not: bool,
}

fn format_name<T: std::fmt::Debug>(
    format: &VariantOrUnknownOrEmpty<T>,
    name: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(name(item).to_string()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// A string schema's `format` as the document spells it.
pub(super) fn string_format_name(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    format_name(format, |f| match f {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    })
}

fn view(schema: &Schema) -> View<'_> {
    let mut v = View {
        data: &schema.schema_data,
        typ: None,
        format: None,
        enumeration: Vec::new(),
        properties: None,
        required: &[],
        additional: None,
        items: None,
        one_of: &[],
        any_of: &[],
        all_of: &[],
        not: false,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = string_format_name(&s.format);
            v.enumeration = s.enumeration.iter().map(|e| e.clone().map_or(Value::Null, Value::String)).collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = format_name(&n.format, |f| match f {
                NumberFormat::Float => "float",
                NumberFormat::Double => "double",
            });
            v.enumeration = n
                .enumeration
                .iter()
                .map(|e| e.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number))
                .collect();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.typ = Some("integer");
            v.format = format_name(&i.format, |f| match f {
                IntegerFormat::Int32 => "int32",
                IntegerFormat::Int64 => "int64",
            });
            v.enumeration = i.enumeration.iter().map(|e| e.map_or(Value::Null, Value::from)).collect();
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.typ = Some("boolean");
            v.enumeration = b.enumeration.iter().map(|e| e.map_or(Value::Null, Value::Bool)).collect();
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::Not { .. } => v.not = true,
        SchemaKind::Any(any) => {
            v.typ = any.typ.as_deref();
            v.format = any.format.clone();
            v.enumeration = any.enumeration.clone();
            if !any.properties.is_empty() || any.additional_properties.is_some() || any.typ.as_deref() == Some("object")
            {
                v.properties = Some(&any.properties);
                v.required = &any.required;
                v.additional = any.additional_properties.as_ref();
            }
            v.items = any.items.as_ref();
            v.one_of = &any.one_of;
            v.any_of = &any.any_of;
            v.all_of = &any.all_of;
            v.not = any.not.is_some();
        }
    }
    v
}

/// What the parts of an `allOf` add up to.
#[derive(Default)]
struct Merge<'s> {
    /// Every property of every part, in the order met (later ones win).
    properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>, Pointer)>,
    required: BTreeSet<&'s str>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
    /// Components already merged, each merged once.
    components: BTreeSet<Pointer>,
}

/// How a schema that defines a type gets its name.
enum Naming<'n> {
    /// Already claimed (a component).
    Exact(&'n str),
    /// Claim a fresh name derived from this.
    Derive(&'n str),
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema or `$ref`; a new type it defines is named after `hint`.
    /// Returns the type and whether `null` is allowed.
    pub(super) fn lower_schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &Pointer,
    ) -> Result<(Ty, bool)> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.lower_inline(schema, Naming::Derive(hint), pointer),
        }
    }

    pub(super) fn lower_boxed_schema(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &Pointer,
    ) -> Result<(Ty, bool)> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.lower_inline(schema, Naming::Derive(hint), pointer),
        }
    }

    /// Lowers a component's schema: a type it defines gets exactly `name`.
    pub(super) fn lower_schema_as(&mut self, schema: &Schema, name: &str, pointer: &Pointer) -> Result<(Ty, bool)> {
        self.lower_inline(schema, Naming::Exact(name), pointer)
    }

    /// A `$ref` to a component schema is its named type; any other local
    /// pointer is read and lowered in place.
    pub(super) fn lower_reference(&mut self, reference: &str, hint: &str, pointer: &Pointer) -> Result<(Ty, bool)> {
        if let Some((raw, schema)) = self.component_schema(reference, pointer)? {
            let nullable = self.nullable_through_refs(schema, pointer)?;
            return Ok((Ty::Named(self.component_names[raw].clone()), nullable));
        }
        if self.ref_depth > 16 {
            return Err(Error::new(pointer.as_str(), format!("$ref {reference:?} is part of a cycle of references")));
        }
        let raw = self.resolve_raw(reference, pointer)?;
        let schema: ReferenceOr<Schema> = serde_json::from_value(raw.clone())
            .map_err(|e| Error::new(pointer.as_str(), format!("$ref {reference:?} does not point at a schema: {e}")))?;
        self.ref_depth += 1;
        let target = Pointer::root();
        let target = Pointer::tokens_of_ref(reference).unwrap_or_default().iter().fold(target, |p, t| p.push(t));
        let result = self.lower_schema(&schema, hint, &target);
        self.ref_depth -= 1;
        result
    }

    /// `Some` when `reference` names a component schema (`#/components/schemas/X`).
    fn component_schema(
        &self,
        reference: &str,
        pointer: &Pointer,
    ) -> Result<Option<(&'a String, &'a ReferenceOr<Schema>)>> {
        let Some(tokens) = Pointer::tokens_of_ref(reference) else {
            return Err(Error::new(
                pointer.as_str(),
                format!("$ref {reference:?} points outside this document; only local references (#/...) are supported"),
            ));
        };
        if tokens.len() != 3 || tokens[0] != "components" || tokens[1] != "schemas" {
            return Ok(None);
        }
        let schemas = self.doc.api.components.as_ref().map(|c| &c.schemas);
        match schemas.and_then(|s| s.get_key_value(&tokens[2])) {
            Some(found) => Ok(Some(found)),
            None => Err(Error::new(
                pointer.as_str(),
                format!("$ref {reference:?} does not resolve: there is no component schema {:?}", tokens[2]),
            )),
        }
    }

    /// Whether a component (following `$ref` chains) is `nullable`.
    fn nullable_through_refs(&self, mut schema: &'a ReferenceOr<Schema>, pointer: &Pointer) -> Result<bool> {
        for _ in 0..32 {
            match schema {
                ReferenceOr::Item(s) => return Ok(s.schema_data.nullable),
                ReferenceOr::Reference { reference } => match self.component_schema(reference, pointer)? {
                    Some((_, next)) => schema = next,
                    None => return Ok(false),
                },
            }
        }
        Err(Error::new(pointer.as_str(), "this $ref is part of a cycle of references"))
    }

    /// The schema a `$ref` or inline schema stands for, following component refs.
    pub(super) fn resolved<'s>(
        &self,
        schema: &'s ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<(&'s Schema, Pointer)>
    where
        'a: 's,
    {
        let mut current = schema;
        let mut at = pointer.clone();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return Ok((s, at)),
                ReferenceOr::Reference { reference } => match self.component_schema(reference, pointer)? {
                    Some((raw, next)) => {
                        at = Pointer::root().push("components").push("schemas").push(raw);
                        current = next;
                    }
                    None => {
                        return Err(Error::new(
                            pointer.as_str(),
                            format!(
                                "$ref {reference:?} here must point at a component schema (#/components/schemas/...)"
                            ),
                        ));
                    }
                },
            }
        }
        Err(Error::new(pointer.as_str(), "this $ref is part of a cycle of references"))
    }

    /// The schema a `$ref` or inline schema stands for through component
    /// `$ref`s and `allOf`s that wrap one part ([`wrapped_part`]), where it
    /// is, and the annotations met on the way (see [`inherit`]).
    pub(super) fn unwrapped<'s>(
        &self,
        schema: &'s ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<(&'s Schema, Pointer, SchemaData)>
    where
        'a: 's,
    {
        let (mut current, mut at) = self.resolved(schema, pointer)?;
        let mut data = annotated(current).into_owned();
        for _ in 0..32 {
            let Some((index, part)) = wrapped_part(&view(current)) else { return Ok((current, at, data)) };
            (current, at) = self.resolved(part, &at.push("allOf").push(index))?;
            inherit(&mut data, &annotated(current));
        }
        Err(Error::new(pointer.as_str(), "allOf wraps too deeply (is it a cycle of references?)"))
    }

    fn lower_inline(&mut self, schema: &Schema, naming: Naming<'_>, pointer: &Pointer) -> Result<(Ty, bool)> {
        let v = view(schema);
        let nullable = v.data.nullable || v.enumeration.iter().any(Value::is_null);
        if let Naming::Derive(_) = naming
            && let Some(name) = self.inline_types.get(pointer.as_str())
        {
            return Ok((Ty::Named(name.clone()), nullable));
        }
        if v.not {
            return Err(Error::new(pointer.as_str(), "`not` schemas are not supported"));
        }
        if !v.all_of.is_empty() {
            return self.lower_all_of(&v, naming, pointer).map(|(ty, annotated)| (ty, nullable || annotated));
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let (alternatives, keyword) = if v.one_of.is_empty() { (v.any_of, "anyOf") } else { (v.one_of, "oneOf") };
            // One alternative is no choice: the schema is that alternative.
            if let [only] = alternatives
                && v.properties.is_none_or(|p| p.is_empty())
            {
                return self.lower_only_part(only, (keyword, 0), naming, pointer).map(|ty| (ty, nullable));
            }
            return self.lower_one_of(&v, naming, pointer).map(|ty| (ty, nullable));
        }
        let values: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
        let ty = match v.typ {
            Some("string") | None if !values.is_empty() && values.iter().all(|e| e.is_string()) => {
                let values: Vec<String> = values.iter().filter_map(|e| e.as_str().map(str::to_string)).collect();
                self.string_enum(&v, values, naming, pointer)
            }
            Some("integer") | None if !values.is_empty() && values.iter().all(|e| e.is_i64()) => {
                let values: Vec<i64> = values.iter().filter_map(|e| e.as_i64()).collect();
                self.integer_enum(&v, values, naming, pointer)
            }
            // `binary` is "any sequence of octets" (OpenAPI 3.0.3, Data Types):
            // bytes wherever the schema is reached, a file part in multipart bodies.
            Some("string") if v.format.as_deref() == Some("binary") => Ty::Bytes,
            Some("string") => Ty::String,
            Some("integer") => match v.format.as_deref() {
                Some("int32") => Ty::I32,
                _ => Ty::I64,
            },
            Some("number") => match v.format.as_deref() {
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            Some("boolean") => Ty::Bool,
            Some("array") => match v.items {
                Some(items) => {
                    let hint = format!("{}Item", naming_base(&naming));
                    let (item, item_nullable) = self.lower_boxed_schema(items, &hint, &pointer.push("items"))?;
                    Ty::Vec(Box::new(optional_if(item, item_nullable)))
                }
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            Some("object") | None if v.properties.is_some() => self.lower_object(&v, naming, pointer)?,
            None => Ty::Json,
            Some(other) => {
                return Err(Error::new(
                    pointer.push("type").as_str(),
                    format!(
                        "unsupported schema type {other:?} (expected string, number, integer, boolean, array or object)"
                    ),
                ));
            }
        };
        Ok((ty, nullable))
    }

    /// The name of the type the schema at `pointer` defines.
    fn type_name(&mut self, naming: Naming<'_>, pointer: &Pointer) -> String {
        match naming {
            Naming::Exact(name) => name.to_string(),
            Naming::Derive(base) => {
                let name = self.claim_type_name(base);
                self.inline_types.insert(pointer.as_str().to_string(), name.clone());
                name
            }
        }
    }

    fn string_enum(&mut self, v: &View<'_>, values: Vec<String>, naming: Naming<'_>, pointer: &Pointer) -> Ty {
        let variant_name = |value: &String| names::enum_variant(value);
        self.enum_type(v, values, (naming, pointer), variant_name, TypeKind::StringEnum)
    }

    fn integer_enum(&mut self, v: &View<'_>, values: Vec<i64>, naming: Naming<'_>, pointer: &Pointer) -> Ty {
        let variant_name = |value: &i64| {
            if *value < 0 { format!("ValueMinus{}", value.unsigned_abs()) } else { format!("Value{value}") }
        };
        self.enum_type(v, values, (naming, pointer), variant_name, TypeKind::IntegerEnum)
    }

    /// An enum of `values` (duplicates dropped, order kept) and its catch-all.
    fn enum_type<T: Ord + Clone>(
        &mut self,
        v: &View<'_>,
        values: Vec<T>,
        (naming, pointer): (Naming<'_>, &Pointer),
        variant_name: impl Fn(&T) -> String,
        kind: impl FnOnce(Enum<T>) -> TypeKind,
    ) -> Ty {
        let name = self.type_name(naming, pointer);
        let mut namespace = Namespace::new();
        let mut seen = BTreeSet::new();
        let variants: Vec<Variant<T>> = values
            .into_iter()
            .filter(|value| seen.insert(value.clone()))
            .map(|value| Variant { name: namespace.claim(&variant_name(&value)), docs: Docs::default(), value })
            .collect();
        let other = catch_all(&mut namespace);
        self.add_type(TypeDef { name: name.clone(), docs: schema_docs(v.data), kind: kind(Enum { variants, other }) });
        Ty::Named(name)
    }

    /// An object: a struct when it declares properties, a map otherwise.
    fn lower_object(&mut self, v: &View<'_>, naming: Naming<'_>, pointer: &Pointer) -> Result<Ty> {
        let properties = v.properties.filter(|p| !p.is_empty());
        let Some(properties) = properties else {
            return match v.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let hint = format!("{}Value", naming_base(&naming));
                    let (ty, nullable) = self.lower_schema(value, &hint, &pointer.push("additionalProperties"))?;
                    Ok(Ty::Map(Box::new(optional_if(ty, nullable))))
                }
                _ => Ok(Ty::JsonObject),
            };
        };
        let name = self.type_name(naming, pointer);
        let entries: Vec<(&String, &ReferenceOr<Box<Schema>>, Pointer)> = properties
            .iter()
            .map(|(json_name, schema)| (json_name, schema, pointer.push("properties").push(json_name)))
            .collect();
        let required: BTreeSet<&str> = v.required.iter().map(String::as_str).collect();
        let additional = self.lower_additional(v.additional, &name, pointer)?;
        let fields = self.lower_fields(&name, entries, &required, additional.is_some())?;
        self.add_type(TypeDef {
            name: name.clone(),
            docs: schema_docs(v.data),
            kind: TypeKind::Struct(Struct { fields, additional, multipart: false, sent: false, redacted: Vec::new() }),
        });
        Ok(Ty::Named(name))
    }

    fn lower_additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        name: &str,
        pointer: &Pointer,
    ) -> Result<Option<Ty>> {
        Ok(match additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            Some(AdditionalProperties::Schema(schema)) => {
                let (ty, nullable) = self.lower_schema(
                    schema,
                    &format!("{name}AdditionalValue"),
                    &pointer.push("additionalProperties"),
                )?;
                Some(optional_if(ty, nullable))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        })
    }

    /// Fields of a struct named `owner`, sorted by JSON name.
    fn lower_fields(
        &mut self,
        owner: &str,
        mut entries: Vec<(&String, &ReferenceOr<Box<Schema>>, Pointer)>,
        required: &BTreeSet<&str>,
        has_additional: bool,
    ) -> Result<Vec<Field>> {
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut namespace =
            if has_additional { Namespace::with_reserved(&["additional_properties"]) } else { Namespace::new() };
        let mut fields = Vec::with_capacity(entries.len());
        for (json_name, schema, pointer) in entries {
            let hint = format!("{owner}{}", names::upper_camel(json_name, "V", "Field"));
            let (ty, nullable) = self.lower_boxed_schema(schema, &hint, &pointer)?;
            let (docs, deprecated, read_only, format, default) = match schema {
                ReferenceOr::Item(s) => {
                    let format = view(s).format;
                    let data = annotated(s);
                    let default = data.default.as_ref().map(|d| d.to_string());
                    let deprecated = deprecation(data.deprecated, data.description.as_deref());
                    (schema_docs(&data), deprecated, data.read_only, format, default)
                }
                ReferenceOr::Reference { .. } => (Docs::default(), None, false, None, None),
            };
            let secret = format.as_deref() == Some("password") && ty == Ty::String;
            fields.push(Field {
                rust_name: namespace.claim(&names::snake(json_name, "field")),
                json_name: json_name.clone(),
                ty,
                // A read-only property is never sent, so requests need not set it.
                required: required.contains(json_name.as_str()) && !read_only,
                nullable,
                docs,
                deprecated,
                secret,
                format: format.filter(|f| f != "password"),
                default,
            });
        }
        Ok(fields)
    }

    /// `allOf`: parts that only annotate (a description, `nullable`) are
    /// set aside; one part left is that part (the common way to describe a
    /// `$ref`), several merge into one struct.
    fn lower_all_of(&mut self, v: &View<'_>, naming: Naming<'_>, pointer: &Pointer) -> Result<(Ty, bool)> {
        let own_properties = v.properties.is_some_and(|p| !p.is_empty());
        let nullable = v
            .all_of
            .iter()
            .any(|part| matches!(part, ReferenceOr::Item(s) if is_annotation(s) && s.schema_data.nullable));
        if let Some((index, only)) = wrapped_part(v) {
            return self.lower_only_part(only, ("allOf", index), naming, pointer).map(|ty| (ty, nullable));
        }
        if !own_properties && v.all_of.iter().all(is_annotation_part) {
            return Ok((Ty::Json, nullable));
        }
        let mut merge = Merge::default();
        self.collect_all_of(v, pointer, &mut merge, 0)?;
        let Merge { properties, required, additional, .. } = merge;
        // A later part's declaration of the same property wins.
        let mut by_name: BTreeMap<&String, (&ReferenceOr<Box<Schema>>, Pointer)> = BTreeMap::new();
        for (name, schema, ptr) in properties {
            by_name.insert(name, (schema, ptr));
        }
        let name = self.type_name(naming, pointer);
        let additional = match additional {
            Some((add, ptr)) => self.lower_additional(Some(add), &name, &ptr)?,
            None => None,
        };
        let entries = by_name.into_iter().map(|(n, (s, p))| (n, s, p)).collect();
        let fields = self.lower_fields(&name, entries, &required, additional.is_some())?;
        self.add_type(TypeDef {
            name: name.clone(),
            docs: described(v),
            kind: TypeKind::Struct(Struct { fields, additional, multipart: false, sent: false, redacted: Vec::new() }),
        });
        Ok((Ty::Named(name), nullable))
    }

    /// The type of a composition (`allOf`, `oneOf`, `anyOf`) with a single
    /// part: that part's, under the composition's own name if it has one.
    fn lower_only_part(
        &mut self,
        part: &ReferenceOr<Schema>,
        (keyword, index): (&str, usize),
        naming: Naming<'_>,
        pointer: &Pointer,
    ) -> Result<Ty> {
        let ptr = pointer.push(keyword).push(index);
        match (part, naming) {
            (ReferenceOr::Item(schema), Naming::Exact(name)) => {
                self.lower_schema_as(schema, name, &ptr).map(|(ty, _)| ty)
            }
            (part, naming) => {
                let base = naming_base(&naming).to_string();
                self.lower_schema(part, &base, &ptr).map(|(ty, _)| ty)
            }
        }
    }

    /// Gathers what the object parts of an `allOf` declare. A part that is a
    /// `oneOf`/`anyOf` of objects adds its alternatives' properties, none of
    /// them required: which ones a value has depends on the alternative.
    fn collect_all_of<'s>(&self, v: &View<'s>, pointer: &Pointer, merge: &mut Merge<'s>, depth: usize) -> Result<()>
    where
        'a: 's,
    {
        if depth > 32 {
            return Err(Error::new(pointer.as_str(), "allOf nests too deeply (is it a cycle of references?)"));
        }
        if v.not {
            return Err(Error::new(pointer.as_str(), "an allOf part that is a `not` schema is not supported"));
        }
        if let Some(properties) = v.properties {
            for (name, schema) in properties {
                merge.properties.push((name, schema, pointer.push("properties").push(name)));
            }
        }
        merge.required.extend(v.required.iter().map(String::as_str));
        if let Some(add) = v.additional {
            merge.additional = Some((add, pointer.clone()));
        }
        let (alternatives, keyword) = if v.one_of.is_empty() { (v.any_of, "anyOf") } else { (v.one_of, "oneOf") };
        for (i, alternative) in alternatives.iter().enumerate() {
            let mut optional = Merge { components: std::mem::take(&mut merge.components), ..Merge::default() };
            self.merge_part(alternative, &pointer.push(keyword).push(i), &mut optional, depth)?;
            merge.properties.append(&mut optional.properties);
            merge.components = optional.components;
        }
        for (i, part) in v.all_of.iter().enumerate() {
            if !is_annotation_part(part) {
                self.merge_part(part, &pointer.push("allOf").push(i), merge, depth)?;
            }
        }
        Ok(())
    }

    /// Merges one part of an `allOf` (or one alternative of a `oneOf` part).
    fn merge_part<'s>(
        &self,
        part: &'s ReferenceOr<Schema>,
        part_pointer: &Pointer,
        merge: &mut Merge<'s>,
        depth: usize,
    ) -> Result<()>
    where
        'a: 's,
    {
        let (schema, at) = match part {
            ReferenceOr::Item(s) => (s, part_pointer.clone()),
            ReferenceOr::Reference { .. } => self.resolved(part, part_pointer)?,
        };
        // A component merged once is merged: without this, parts that share
        // components would be walked once per path to them (exponentially).
        if at != *part_pointer && !merge.components.insert(at.clone()) {
            return Ok(());
        }
        let pv = view(schema);
        let is_object_like = pv.properties.is_some()
            || !pv.all_of.is_empty()
            || !pv.one_of.is_empty()
            || !pv.any_of.is_empty()
            || matches!(pv.typ, None | Some("object"));
        if !is_object_like || !pv.enumeration.is_empty() {
            return Err(Error::new(
                part_pointer.as_str(),
                "allOf can only merge object schemas here; this part is not an object",
            ));
        }
        self.collect_all_of(&pv, &at, merge, depth + 1)
    }

    /// `oneOf`/`anyOf`: an enum of the alternatives and a catch-all.
    fn lower_one_of(&mut self, v: &View<'_>, naming: Naming<'_>, pointer: &Pointer) -> Result<Ty> {
        let (alternatives, keyword) = if v.one_of.is_empty() { (v.any_of, "anyOf") } else { (v.one_of, "oneOf") };
        let name = self.type_name(naming, pointer);
        let shapes = alternatives
            .iter()
            .enumerate()
            .map(|(i, alternative)| self.shape_of(alternative, &pointer.push(keyword).push(i), 0))
            .collect::<Result<Vec<Shape>>>()?;
        let implicit = match v.data.discriminator {
            None => self.implicit_discriminator(alternatives, &shapes, &pointer.push(keyword)),
            Some(_) => None,
        };
        let property = v.data.discriminator.as_ref().map(|d| d.property_name.as_str()).or(implicit.as_deref());
        let mut namespace = Namespace::new();
        let mut variants = Vec::with_capacity(alternatives.len());
        // Per alternative, the discriminator values its own schema allows.
        let mut tags: Vec<Vec<String>> = Vec::with_capacity(alternatives.len());
        for ((i, alternative), shape) in alternatives.iter().enumerate().zip(shapes) {
            let ptr = pointer.push(keyword).push(i);
            let values = match property {
                Some(property) => self.discriminator_values(alternative, property, &ptr),
                None => Vec::new(),
            };
            let base = match alternative {
                ReferenceOr::Reference { reference } => match self.component_schema(reference, &ptr)? {
                    Some((raw, _)) => self.component_names[raw].clone(),
                    None => shape_name(&shape).to_string(),
                },
                ReferenceOr::Item(s) => match &s.schema_data.title {
                    Some(title) => names::upper_camel(title, "V", "Variant"),
                    None if !values.is_empty() => names::upper_camel(&values.join(" or "), "V", "Variant"),
                    None => shape_name(&shape).to_string(),
                },
            };
            let variant_name = namespace.claim(&base);
            let (ty, nullable) = self.lower_schema(alternative, &format!("{name}{variant_name}"), &ptr)?;
            variants.push(OneOfVariant { name: variant_name, ty: optional_if(ty, nullable), shape });
            tags.push(values);
        }
        let other = catch_all(&mut namespace);
        let discriminator = match &v.data.discriminator {
            None => implicit.map(|property| {
                let mut mapping: Vec<(String, String)> = tags
                    .iter()
                    .zip(&variants)
                    .flat_map(|(values, variant)| values.iter().map(|value| (value.clone(), variant.name.clone())))
                    .collect();
                mapping.sort();
                Discriminator { property, mapping }
            }),
            Some(d) => {
                // OpenAPI 3.0.3, Discriminator Object: the explicit mapping, then
                // the implicit one (a referenced component by its name); the
                // values an alternative's own property allows count too, so that
                // inline alternatives without a mapping are told apart.
                let mut mapping = Vec::new();
                for (value, reference) in &d.mapping {
                    let target =
                        self.component_schema(reference, &pointer.push("discriminator").push("mapping").push(value))?;
                    if let Some((raw, _)) = target {
                        let ty = Ty::Named(self.component_names[raw].clone());
                        if let Some(variant) = variants.iter().find(|variant| variant.ty == ty) {
                            mapping.push((value.clone(), variant.name.clone()));
                        }
                    }
                }
                for (alternative, variant) in alternatives.iter().zip(&variants) {
                    if let ReferenceOr::Reference { reference } = alternative
                        && let Some((raw, _)) = self.component_schema(reference, pointer)?
                        && !d.mapping.values().any(|r| r == reference)
                    {
                        mapping.push((raw.clone(), variant.name.clone()));
                    }
                }
                for (values, variant) in tags.iter().zip(&variants) {
                    for value in values {
                        if !d.mapping.contains_key(value) {
                            mapping.push((value.clone(), variant.name.clone()));
                        }
                    }
                }
                mapping.sort();
                mapping.dedup();
                Some(Discriminator { property: d.property_name.clone(), mapping })
            }
        };
        self.add_type(TypeDef {
            name: name.clone(),
            docs: schema_docs(v.data),
            kind: TypeKind::OneOf(OneOf { variants, other, discriminator }),
        });
        Ok(Ty::Named(name))
    }

    /// The discriminator property the document does not declare but its
    /// alternatives imply: one every alternative requires and limits to values
    /// of its own (`type: {enum: [gp3]}` against `type: {enum: [io2]}`), so
    /// that alternatives with the same required members are still told apart.
    fn implicit_discriminator(
        &self,
        alternatives: &[ReferenceOr<Schema>],
        shapes: &[Shape],
        pointer: &Pointer,
    ) -> Option<String> {
        let required: Vec<&Vec<String>> = shapes
            .iter()
            .map(|shape| match shape {
                Shape::Object { required } => Some(required),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let (first, others) = required.split_first()?;
        let mut candidates = first.iter().filter(|property| others.iter().all(|r| r.contains(property)));
        candidates
            .find(|property| {
                let mut seen = BTreeSet::new();
                alternatives.iter().enumerate().all(|(i, alternative)| {
                    let values = self.discriminator_values(alternative, property, &pointer.push(i));
                    !values.is_empty() && values.into_iter().all(|value| seen.insert(value))
                })
            })
            .cloned()
    }

    /// The string values an alternative's discriminator property is limited
    /// to (`enum`), if it declares that property so.
    fn discriminator_values(
        &self,
        alternative: &ReferenceOr<Schema>,
        property: &str,
        pointer: &Pointer,
    ) -> Vec<String> {
        let Ok((schema, at)) = self.resolved(alternative, pointer) else { return Vec::new() };
        let mut merge = Merge::default();
        let v = view(schema);
        let properties: Vec<&ReferenceOr<Box<Schema>>> = if v.all_of.is_empty() {
            v.properties.and_then(|p| p.get(property)).into_iter().collect()
        } else if self.collect_all_of(&v, &at, &mut merge, 0).is_ok() {
            merge.properties.iter().filter(|(name, _, _)| name.as_str() == property).map(|(_, s, _)| *s).collect()
        } else {
            Vec::new()
        };
        let Some(declared) = properties.last() else { return Vec::new() };
        let declared = match declared {
            ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        };
        match self.resolved(&declared, pointer) {
            Ok((schema, _)) => view(schema).enumeration.iter().filter_map(|e| e.as_str().map(str::to_string)).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The JSON shape of a schema, to recognise it among `oneOf` alternatives.
    fn shape_of(&self, schema: &ReferenceOr<Schema>, pointer: &Pointer, depth: usize) -> Result<Shape> {
        if depth > 32 {
            return Ok(Shape::Any);
        }
        let (schema, at) = match schema {
            ReferenceOr::Item(s) => (s, pointer.clone()),
            ReferenceOr::Reference { .. } => match self.resolved(schema, pointer) {
                Ok(found) => found,
                // A reference to elsewhere in the document: no shape to check.
                Err(_) => return Ok(Shape::Any),
            },
        };
        let v = view(schema);
        if let Some((index, only)) = wrapped_part(&v) {
            return self.shape_of(only, &at.push("allOf").push(index), depth + 1);
        }
        if !v.all_of.is_empty() {
            let mut merge = Merge::default();
            self.collect_all_of(&v, &at, &mut merge, 0)?;
            return Ok(Shape::Object { required: merge.required.into_iter().map(str::to_string).collect() });
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            return Ok(Shape::Any);
        }
        Ok(match v.typ {
            Some("string") => Shape::String,
            Some("integer") => Shape::Integer,
            Some("number") => Shape::Number,
            Some("boolean") => Shape::Bool,
            Some("array") => Shape::Array,
            Some("object") => Shape::Object { required: sorted(v.required) },
            None if v.properties.is_some() => Shape::Object { required: sorted(v.required) },
            None if !v.enumeration.is_empty() && v.enumeration.iter().all(|e| e.is_string() || e.is_null()) => {
                Shape::String
            }
            _ => Shape::Any,
        })
    }
}

/// Whether a schema only annotates: a description, a title, an example,
/// `nullable`…, but no type, property, item, enum or composition — as the
/// extra part of an `allOf` that describes a `$ref`.
fn is_annotation(schema: &Schema) -> bool {
    let v = view(schema);
    v.typ.is_none()
        && v.properties.is_none_or(|p| p.is_empty())
        && v.additional.is_none()
        && v.items.is_none()
        && v.enumeration.is_empty()
        && v.one_of.is_empty()
        && v.any_of.is_empty()
        && v.all_of.is_empty()
        && !v.not
}

/// A schema's own annotations, completed by those of the annotation parts of
/// its `allOf` (the description of a described `$ref` is there).
pub(super) fn annotated(schema: &Schema) -> Cow<'_, SchemaData> {
    let all_of = view(schema).all_of;
    if !all_of.iter().any(is_annotation_part) {
        return Cow::Borrowed(&schema.schema_data);
    }
    let mut data = schema.schema_data.clone();
    for part in all_of {
        if let ReferenceOr::Item(part) = part
            && is_annotation(part)
        {
            inherit(&mut data, &part.schema_data);
        }
    }
    Cow::Owned(data)
}

/// Completes `data` with the annotations of a schema it describes or
/// wraps: what `data` says first, and the flags of both.
fn inherit(data: &mut SchemaData, extra: &SchemaData) {
    data.description = data.description.take().or_else(|| extra.description.clone());
    data.title = data.title.take().or_else(|| extra.title.clone());
    data.default = data.default.take().or_else(|| extra.default.clone());
    data.deprecated |= extra.deprecated;
    data.read_only |= extra.read_only;
    data.nullable |= extra.nullable;
}

/// The one part an `allOf` stands for, with its index: the parts that only
/// annotate set aside, exactly one is left, and the schema has no properties
/// of its own. This is how documents describe a `$ref` or name a scalar, so
/// the wrapper is that part wherever it is met.
fn wrapped_part<'s>(v: &View<'s>) -> Option<(usize, &'s ReferenceOr<Schema>)> {
    if v.properties.is_some_and(|p| !p.is_empty()) {
        return None;
    }
    let mut substantial = v.all_of.iter().enumerate().filter(|(_, part)| !is_annotation_part(part));
    match (substantial.next(), substantial.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The docs of a schema with an `allOf`: its own description, or that of its
/// annotation parts.
fn described(v: &View<'_>) -> Docs {
    let own = schema_docs(v.data);
    if !own.is_empty() {
        return own;
    }
    let annotation = v.all_of.iter().find_map(|part| match part {
        ReferenceOr::Item(part) if is_annotation(part) => Some(schema_docs(&part.schema_data)),
        _ => None,
    });
    annotation.unwrap_or(own)
}

fn is_annotation_part(part: &ReferenceOr<Schema>) -> bool {
    matches!(part, ReferenceOr::Item(schema) if is_annotation(schema))
}

fn sorted(required: &[String]) -> Vec<String> {
    let set: BTreeSet<&String> = required.iter().collect();
    set.into_iter().cloned().collect()
}

fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Object { .. } => "Object",
        Shape::Array => "Array",
        Shape::String => "String",
        Shape::Integer => "Integer",
        Shape::Number => "Number",
        Shape::Bool => "Boolean",
        Shape::Any => "Value",
    }
}

fn naming_base<'n>(naming: &'n Naming<'n>) -> &'n str {
    match naming {
        Naming::Exact(name) | Naming::Derive(name) => name,
    }
}

fn catch_all(namespace: &mut Namespace) -> String {
    let free = CATCH_ALL_NAMES.iter().find(|name| !namespace.contains(name));
    namespace.claim(free.unwrap_or(&CATCH_ALL_NAMES[0]))
}

pub(super) fn optional_if(ty: Ty, nullable: bool) -> Ty {
    if nullable { Ty::Option(Box::new(ty)) } else { ty }
}

/// Puts a `Box` on every field and variant through which a type contains
/// itself (directly or through other types), so that every type has a finite
/// size. A boxed field that leads to a struct is also made optional: a
/// required one could never be given an empty value when a response lacks it.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    // Edges that need storage inline (not behind Vec/Map): these make sizes infinite.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            let mut add = |ty: &Ty| {
                for name in direct_named(ty) {
                    if let Some(&j) = index.get(&name) {
                        out.push(j);
                    }
                }
            };
            match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| add(&f.ty)),
                TypeKind::OneOf(o) => o.variants.iter().for_each(|v| add(&v.ty)),
                TypeKind::Alias(ty) => add(ty),
                _ => {}
            }
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    let is_struct: Vec<bool> = types.iter().map(|t| matches!(t.kind, TypeKind::Struct(_))).collect();
    let in_cycle = |from: usize, ty: &Ty| -> Option<usize> {
        direct_named(ty)
            .into_iter()
            .filter_map(|name| index.get(&name).copied())
            .find(|&j| component[j] == component[from] && (j != from || edges[from].contains(&from)))
    };
    let targets_struct = |j: usize| {
        is_struct[j]
            || matches!(&types[j].kind, TypeKind::Alias(ty) if named_in(ty).iter().any(|n| index.get(n).is_some_and(|&k| is_struct[k])))
    };
    let mut changes: Vec<(usize, usize, bool)> = Vec::new();
    for (i, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct(s) => {
                for (k, f) in s.fields.iter().enumerate() {
                    if let Some(j) = in_cycle(i, &f.ty) {
                        changes.push((i, k, targets_struct(j)));
                    }
                }
            }
            TypeKind::OneOf(o) => {
                for (k, v) in o.variants.iter().enumerate() {
                    if in_cycle(i, &v.ty).is_some() {
                        changes.push((i, k, false));
                    }
                }
            }
            _ => {}
        }
    }
    for (i, k, make_optional) in changes {
        match &mut types[i].kind {
            TypeKind::Struct(s) => {
                let field = &mut s.fields[k];
                field.ty = boxed(std::mem::replace(&mut field.ty, Ty::Json));
                if make_optional {
                    field.required = false;
                }
            }
            TypeKind::OneOf(o) => {
                let variant = &mut o.variants[k];
                variant.ty = boxed(std::mem::replace(&mut variant.ty, Ty::Json));
            }
            _ => {}
        }
    }
}

/// Boxes the named type inside `Option`s, where the size cycle is.
fn boxed(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(boxed(*inner))),
        Ty::Named(_) => Ty::Boxed(Box::new(ty)),
        other => other,
    }
}

/// Named types stored inline (not behind a `Vec`, map or box).
fn direct_named(ty: &Ty) -> Vec<String> {
    match ty {
        Ty::Named(name) => vec![name.clone()],
        Ty::Option(inner) => direct_named(inner),
        _ => Vec::new(),
    }
}

/// Tarjan's algorithm, iteratively: the strongly connected component of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_a_small_graph() {
        // 0 → 1 → 2 → 0, 3 → 0, 4 alone with a self loop.
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![0], vec![4]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
