//! Named types → Rust items of the `types` module. Structs derive the
//! runtime's `lenient::Serialize` and `lenient::Deserialize` (each field read
//! through `lenient::Object`), and those read only from responses are
//! `#[non_exhaustive]` with `lenient::EmptyDefault`; string enums derive
//! `lenient::StringEnum` (their conversions, serde's traits, the catch-all).
//! The derives are the `clientgen-derive` crate, small on purpose: see its
//! docs. Every enum is `#[non_exhaustive]`, so a value the API adds is an
//! additive change (`changes.rs` follows these rules).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::ty::{Place, Spelling};
use crate::model::{
    Api, BodyEncoding, BodyVariant, Enum, Field, OneOf, Presence, ResponseBody, Shape, StatusVariant, Struct, Ty,
    TypeDef, TypeKind,
};
use crate::names::ident;

/// The module's first lines: its docs and the names it uses unqualified.
pub fn emit_header(spelling: &Spelling) -> TokenStream {
    // Shorthands the items below use; an API small enough may not need each.
    let btree_map = spelling.imports_btree_map().then(|| {
        quote!(
            #[allow(unused_imports)]
            use std::collections::BTreeMap;
        )
    });
    let serde = spelling.imports_serde().then(|| {
        quote!(
            #[allow(unused_imports)]
            use serde::{Deserialize, Serialize};
        )
    });
    quote! {
        //! The types of request and response bodies and parameters.
        //!
        //! Reading is lenient, so that a server that differs from its document does
        //! not make a whole response unreadable: members a struct does not declare
        //! are kept in its `additional_properties` (structs read from responses),
        //! unknown enum values in a catch-all variant, and a required field that is
        //! missing or `null` reads as an empty value (`""`, `0`, `false`, an empty
        //! list, or an enum's catch-all with an empty value), counted in
        //! `ApiResponse::placeholders_filled`. Items the API's document does not
        //! describe have no docs here.
        //!
        //! So that what the API adds next is not a breaking change: every enum is
        //! `#[non_exhaustive]` (a `match` needs a wildcard arm), and so is every
        //! struct only read from responses, which implements `Default` instead:
        //! build one (a test fixture) with `T::default()`, then set its fields.
        //! Structs sent in requests are built as literals, from `T::new(…)` or
        //! `Default::default()`.

        #![allow(missing_docs)]
        // Constructors end in `..lenient::empty()` even when they name every
        // field, so that a new optional field changes only its struct.
        #![allow(clippy::needless_update)]
        // A `oneOf` holds its alternative by value, however large, so that a
        // `match` on it reads the value directly.
        #![allow(clippy::large_enum_variant)]

        #btree_map
        #serde
        #[allow(unused_imports)]
        use crate::runtime::lenient;
    }
}

pub fn emit_type(api: &Api, spelling: &Spelling, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(api, spelling, def, s),
        TypeKind::StringEnum(e) => emit_string_enum(spelling, def, e),
        TypeKind::IntegerEnum(e) => emit_integer_enum(spelling, def, e),
        TypeKind::OneOf(o) => emit_one_of(spelling, def, o),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
            let ty = spelling.ty(ty, Place::Types);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Responses(variants) => emit_responses(spelling, def, variants),
        TypeKind::Bodies(variants) => emit_bodies(spelling, def, variants),
    }
}

fn field_type(spelling: &Spelling, field: &Field) -> TokenStream {
    let ty = spelling.ty(&field.ty, Place::Types);
    match field.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => spelling.option(ty),
        Presence::OptionalNullable => spelling.option(spelling.option(ty)),
    }
}

fn is_number(ty: &Ty) -> bool {
    matches!(ty, Ty::F64 | Ty::F32)
}

/// Bytes as such, or in an `Option` or a list: JSON has no bytes, so they are written as text.
fn holds_bytes(ty: &Ty) -> bool {
    match ty {
        Ty::Bytes => true,
        Ty::Option(inner) | Ty::Vec(inner) => holds_bytes(inner),
        _ => false,
    }
}

/// The serde attribute of a field, for writing it (reading is the generated
/// `Deserialize`): its wire name, whether `None` is left out, and how numbers
/// and bytes are written.
fn field_serde(field: &Field) -> Option<TokenStream> {
    let mut args = Vec::new();
    if field.json_name != field.rust_name {
        let json = &field.json_name;
        args.push(quote!(rename = #json));
    }
    // A required nullable field writes `None` as `null`; an optional one leaves it out.
    if !field.required {
        args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    if is_number(&field.ty) {
        args.push(quote!(serialize_with = "lenient::number"));
    }
    if holds_bytes(&field.ty) {
        args.push(quote!(serialize_with = "lenient::binary"));
    }
    (!args.is_empty()).then(|| quote!(#[serde(#(#args),*)]))
}

fn emit_struct(api: &Api, spelling: &Spelling, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
    let mut derives = vec![quote!(Clone)];
    if s.redacted.is_empty() {
        derives.push(quote!(Debug));
    }
    if s.all_optional() {
        derives.push(quote!(Default));
    }
    derives.extend([quote!(PartialEq), quote!(lenient::Serialize), quote!(lenient::Deserialize)]);
    if s.has_default() && !s.all_optional() {
        derives.push(quote!(lenient::EmptyDefault));
    }
    let non_exhaustive = s.non_exhaustive().then(|| quote!(#[non_exhaustive]));
    let fields = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let ty = field_type(spelling, field);
        let serde = field_serde(field);
        let doc = field_doc(field);
        let deprecated = docs::deprecated(&field.deprecated);
        quote! {
            #doc
            #deprecated
            #serde
            pub #rust: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let map = spelling.map(spelling.ty(ty, Place::Types), Place::Types);
        quote! {
            #[serde(flatten)]
            pub additional_properties: #map,
        }
    });
    let constructor = s.sent.then(|| emit_constructor(spelling, def, s)).flatten();
    let debug = (!s.redacted.is_empty()).then(|| {
        let label = &def.name;
        let secrets = &s.redacted;
        quote! {
            impl std::fmt::Debug for #name {
                /// Shows the fields but the secret ones (`format: password`), which print as `<redacted>`.
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    crate::runtime::redact::debug(f, #label, self, &[#(#secrets),*])
                }
            }
        }
    });
    let form = s.multipart.then(|| emit_multipart_form(api, spelling, def, s));
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor

        #debug

        #form
    }
}

/// The most required fields a constructor takes; past that, struct literals read better.
const MAX_CONSTRUCTOR_ARGUMENTS: usize = 7;

/// `new(required fields…)`, every other field empty: so that a body with
/// required fields can be written `X { optional: Some(..), ..X::new(a, b) }`
/// without naming (deprecated) optional fields. The other fields are not
/// named here, so a new optional field changes nothing but the struct.
fn emit_constructor(spelling: &Spelling, def: &TypeDef, s: &Struct) -> Option<TokenStream> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() || required.len() > MAX_CONSTRUCTOR_ARGUMENTS {
        return None;
    }
    let name = ident(&def.name);
    let string = spelling.string();
    let args = required.iter().map(|field| {
        let rust = ident(&field.rust_name);
        match (&field.ty, field.presence()) {
            (Ty::String, Presence::Required) => {
                let into = spelling.into();
                quote!(#rust: impl #into<#string>)
            }
            _ => {
                let ty = field_type(spelling, field);
                quote!(#rust: #ty)
            }
        }
    });
    let values = required.iter().map(|field| {
        let rust = ident(&field.rust_name);
        match (&field.ty, field.presence()) {
            (Ty::String, Presence::Required) => quote!(#rust: #rust.into()),
            _ => quote!(#rust),
        }
    });
    let documented: Vec<String> = required.iter().map(|f| format!("`{}`", f.rust_name)).collect();
    let doc = format!(" A `{}` with its required fields ({}) and no others.", def.name, documented.join(", "));
    let allow_deprecated = required.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        impl #name {
            #[doc = #doc]
            #allow_deprecated
            pub fn new(#(#args),*) -> Self {
                Self { #(#values,)* ..lenient::empty() }
            }
        }
    })
}

/// The field's description, then its format, default and whether it is a
/// secret; nothing when the document says nothing of it.
fn field_doc(field: &Field) -> TokenStream {
    let mut lines = docs::sanitize(&field.docs.lines);
    let notes: Vec<String> = [
        field.format.as_ref().map(|f| format!("Format: `{}`.", f.replace('`', "'"))),
        field.default.as_ref().map(|d| format!("Default: `{}`.", d.replace('`', "'"))),
        field.secret.then(|| "A secret: `Debug` output shows it as `<redacted>`.".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(notes.join(" "));
    }
    docs::attrs(&lines)
}

fn emit_string_enum(spelling: &Spelling, def: &TypeDef, e: &Enum<String>) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
    let other = ident(&e.other);
    // One serde rule for all the values when one fits them all; else a rename each.
    let rule = RENAME_RULES.iter().find(|(_, rename)| e.variants.iter().all(|v| rename(&v.name) == v.value));
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        match rule {
            Some(_) => quote!(#variant,),
            None => quote!(#[serde(rename = #value)] #variant,),
        }
    });
    let rename_all = rule.map(|(rule, _)| quote!(#[serde(rename_all = #rule)]));
    let string = spelling.string();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, lenient::StringEnum)]
        #rename_all
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[serde(untagged)]
            #other(#string),
        }
    }
}

/// How a serde rule spells a variant's name.
type Rename = fn(&str) -> String;

/// serde's `rename_all` rules, as serde applies them to a variant's name.
const RENAME_RULES: &[(&str, Rename)] = &[
    ("PascalCase", |name| name.to_string()),
    ("lowercase", |name| name.to_ascii_lowercase()),
    ("UPPERCASE", |name| name.to_ascii_uppercase()),
    ("camelCase", |name| name[..1].to_ascii_lowercase() + &name[1..]),
    ("snake_case", snake_case),
    ("SCREAMING_SNAKE_CASE", |name| snake_case(name).to_ascii_uppercase()),
    ("kebab-case", |name| snake_case(name).replace('_', "-")),
    ("SCREAMING-KEBAB-CASE", |name| snake_case(name).to_ascii_uppercase().replace('_', "-")),
];

/// serde's snake case of a variant name: `_` before each capital but the first.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.char_indices() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn emit_integer_enum(spelling: &Spelling, def: &TypeDef, e: &Enum<i64>) -> TokenStream {
    let name = ident(&def.name);
    let from = spelling.from();
    let serialized = spelling.result(quote!(S::Ok), quote!(S::Error));
    let deserialized = spelling.result(quote!(Self), quote!(D::Error));
    let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(#variant,)
    });
    let to_int = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(Self::#variant => #value,)
    });
    let from_int = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#value => Self::#variant,)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as it was sent.
            #other(i64),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::#other(value) => *value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        impl #from<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#other(other),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #serialized {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #deserialized {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn shape_tokens(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Object { required } => quote!(lenient::Shape::Object(&[#(#required),*])),
        Shape::Array => quote!(lenient::Shape::Array),
        Shape::String => quote!(lenient::Shape::String),
        Shape::Integer => quote!(lenient::Shape::Integer),
        Shape::Number => quote!(lenient::Shape::Number),
        Shape::Bool => quote!(lenient::Shape::Bool),
        Shape::Any => quote!(lenient::Shape::Any),
    }
}

fn emit_one_of(spelling: &Spelling, def: &TypeDef, o: &OneOf) -> TokenStream {
    let name = ident(&def.name);
    let (serialize, deserialize) = spelling.serde_traits();
    let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
    let other = ident(&o.other);
    let variants = o.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = spelling.ty(&v.ty, Place::Types);
        let number = is_number(&v.ty).then(|| quote!(#[serde(serialize_with = "lenient::number")]));
        quote!(#number #variant(#ty),)
    });
    let shapes = o.variants.iter().map(|v| shape_tokens(&v.shape));
    let discriminator = match &o.discriminator {
        None => quote!(None),
        Some(d) => {
            let property = &d.property;
            let pairs = d.mapping.iter().map(|(value, variant)| {
                let index = o.variants.iter().position(|v| v.name == *variant).unwrap_or(usize::MAX);
                quote!((#value, #index))
            });
            quote!(Some((#property, &[#(#pairs),*])))
        }
    };
    let deserialized = spelling.result(quote!(Self), quote!(D::Error));
    let attempts = o.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.name);
        quote!(#i => lenient::alternative(value).map(Self::#variant),)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// JSON that matches none of the known shapes, kept as it was sent.
            #other(serde_json::Value),
        }

        impl<'de> #deserialize<'de> for #name {
            /// Picks the variant whose shape (discriminator, required properties,
            /// JSON type) the value has; keeps the value as it is if none fits.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #deserialized {
                const UNION: lenient::Union =
                    lenient::Union { shapes: &[#(#shapes),*], discriminator: #discriminator };
                let read = |index, value: &serde_json::Value| match index {
                    #(#attempts)*
                    _ => None,
                };
                lenient::one_of(deserializer, &UNION, read, Self::#other)
            }
        }
    }
}

fn emit_responses(spelling: &Spelling, def: &TypeDef, variants: &[StatusVariant]) -> TokenStream {
    let name = ident(&def.name);
    let (serialize, _) = spelling.serde_traits();
    let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
    let items = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = docs::attrs(&[match v.status {
            Some(status) => format!("Status {status}."),
            None => "Any other success status.".to_string(),
        }]);
        let binary =
            matches!(v.body, ResponseBody::Bytes).then(|| quote!(#[serde(serialize_with = "lenient::binary")]));
        match v.body.ty() {
            Some(ty) => {
                let ty = spelling.ty(&ty, Place::Types);
                quote!(#doc #binary #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    let decode_variant = |v: &StatusVariant| {
        let variant = ident(&v.name);
        match &v.body {
            ResponseBody::Empty => quote!(Ok(response.empty().map(|()| Self::#variant))),
            ResponseBody::Text => quote!(Ok(response.text().map(Self::#variant))),
            ResponseBody::Bytes => quote!(Ok(response.bytes().map(Self::#variant))),
            ResponseBody::Json(_) => quote!(response.json().map(|answer| answer.map(Self::#variant))),
        }
    };
    let arms = variants.iter().filter_map(|v| {
        let status = v.status?;
        let decode = decode_variant(v);
        Some(quote!(#status => #decode,))
    });
    // Another success status reads as the `2XX` variant, or else as the first one.
    let fallback = variants.iter().find(|v| v.status.is_none()).or(variants.first()).map(decode_variant);
    let decoded = spelling.result(quote!(crate::runtime::ApiResponse<Self>), quote!(crate::runtime::Error));
    // What the mock server answers for each variant: its status (the other
    // success status: one no variant has), its body as the API sends it.
    let documented: Vec<u16> = variants.iter().filter_map(|v| v.status).collect();
    let other_status = (200..300).find(|status| !documented.contains(status)).unwrap_or(299);
    let replies = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let status = v.status.unwrap_or(other_status);
        match &v.body {
            ResponseBody::Empty => quote!(Self::#variant => crate::runtime::mock::Reply::empty(#status),),
            ResponseBody::Text => quote!(Self::#variant(text) => crate::runtime::mock::Reply::text(#status, text),),
            ResponseBody::Bytes => {
                quote!(Self::#variant(bytes) => crate::runtime::mock::Reply::bytes(#status, bytes.clone()),)
            }
            ResponseBody::Json(_) => quote!(Self::#variant(body) => crate::runtime::mock::Reply::json(#status, body),),
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
        }

        impl crate::runtime::Answer for #name {
            type Output = Self;

            fn decode(
                response: crate::runtime::RawResponse,
            ) -> #decoded {
                match response.status().as_u16() {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        }

        #[cfg(feature = "mock")]
        impl crate::runtime::mock::MockAnswer for #name {
            fn reply(output: &Self) -> crate::runtime::mock::Reply {
                match output {
                    #(#replies)*
                }
            }
        }
    }
}

fn emit_bodies(spelling: &Spelling, def: &TypeDef, variants: &[BodyVariant]) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&docs::sanitize(&def.docs.lines));
    let tys: Vec<Ty> = variants.iter().map(|v| v.encoding.ty()).collect();
    let items = variants.iter().zip(&tys).map(|(v, ty)| {
        let variant = ident(&v.name);
        let ty = spelling.ty(ty, Place::Types);
        let how = match v.encoding {
            BodyEncoding::Json(_) => "as JSON",
            BodyEncoding::Form(..) => "form-encoded",
            BodyEncoding::Multipart(_) => "as multipart/form-data",
            BodyEncoding::Bytes => "as raw bytes",
        };
        let doc = docs::attrs(&[format!("Sent {how} with content type `{}`.", v.content_type)]);
        quote!(#doc #variant(#ty),)
    });
    // `From` for every variant whose type no other variant shares.
    let from = spelling.from();
    let conversions =
        variants.iter().zip(&tys).filter(|(_, ty)| tys.iter().filter(|t| t == ty).count() == 1).map(|(v, ty)| {
            let variant = ident(&v.name);
            let ty = spelling.ty(ty, Place::Types);
            quote! {
                impl #from<#ty> for #name {
                    fn from(body: #ty) -> Self {
                        Self::#variant(body)
                    }
                }
            }
        });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
        }

        #(#conversions)*
    }
}

/// Whether a value of this type is sent as text (its `Display`).
fn is_text(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => true,
        Ty::Named(name) => match api.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)) => true,
            Some(TypeKind::Alias(inner)) => is_text(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// `multipart/form-data` encoding of a body struct: a part per field, one per
/// item of an array; bytes as file parts, scalars as text, the rest as JSON.
fn emit_multipart_form(api: &Api, spelling: &Spelling, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let some = spelling.some();
    let parts = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.json_name;
        let one = |value: TokenStream, ty: &Ty| match ty {
            Ty::Bytes => quote!(parts.push(crate::runtime::multipart::Part::file(#wire, #value.clone()));),
            ty if is_text(api, ty) => quote!(parts.push(crate::runtime::multipart::Part::text(#wire, #value));),
            _ => quote!(parts.push(crate::runtime::multipart::Part::json(#wire, #value));),
        };
        let push = match &field.ty {
            Ty::Vec(item) => {
                let each = one(quote!(item), item);
                quote!(for item in value { #each })
            }
            ty => one(quote!(value), ty),
        };
        match field.presence() {
            Presence::Required => quote!({ let value = &self.#rust; #push }),
            Presence::RequiredNullable | Presence::Optional => quote!(if let #some(value) = &self.#rust { #push }),
            Presence::OptionalNullable => quote!(if let #some(#some(value)) = &self.#rust { #push }),
        }
    });
    let allow_deprecated = s.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let vec = spelling.vec_path();
    quote! {
        #allow_deprecated
        impl crate::runtime::multipart::Form for #name {
            fn parts(&self) -> #vec<crate::runtime::multipart::Part> {
                let mut parts = #vec::new();
                #(#parts)*
                parts
            }
        }
    }
}
