//! Named types → Rust items of the `types` module.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::ty::{Place, ty_tokens};
use crate::model::{
    Api, BodyEncoding, BodyVariant, Enum, Field, OneOf, Presence, ResponseBody, Shape, StatusVariant, Struct, Ty,
    TypeDef, TypeKind,
};
use crate::names::ident;

pub fn emit_type(api: &Api, def: &TypeDef, forms: &BTreeSet<String>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => {
            let form = forms.contains(&def.name).then(|| emit_multipart_form(api, def, s));
            let item = emit_struct(def, s);
            quote!(#item #form)
        }
        TypeKind::StringEnum(e) => emit_string_enum(def, e),
        TypeKind::IntegerEnum(e) => emit_integer_enum(def, e),
        TypeKind::OneOf(o) => emit_one_of(def, o),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let doc = docs::attrs_or(&def.docs, || format!("The `{}` schema.", def.name));
            let ty = ty_tokens(ty, Place::Types);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Responses(variants) => emit_responses(def, variants),
        TypeKind::Bodies(variants) => emit_bodies(def, variants),
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = ty_tokens(&field.ty, Place::Types);
    match field.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote! { ::std::option::Option<#ty> },
        Presence::OptionalNullable => quote! { ::std::option::Option<::std::option::Option<#ty>> },
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

fn emit_struct(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs_or(&def.docs, || format!("The `{}` object.", def.name));
    let has_secret = s.fields.iter().any(|f| f.secret);
    let any_deprecated = s.fields.iter().any(|f| f.deprecated.is_some());
    let mut derives = vec![quote!(Clone)];
    if !has_secret {
        derives.push(quote!(Debug));
    }
    if s.all_optional() {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    derives.push(quote!(::serde::Serialize));

    let fields = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let ty = field_type(field);
        let json = &field.json_name;
        let mut serde_args = Vec::new();
        if field.json_name != field.rust_name {
            serde_args.push(quote!(rename = #json));
        }
        if !field.required {
            serde_args.push(quote!(skip_serializing_if = "::std::option::Option::is_none"));
        }
        if is_number(&field.ty) {
            serde_args.push(quote!(serialize_with = "crate::runtime::lenient::number"));
        }
        if holds_bytes(&field.ty) {
            serde_args.push(quote!(serialize_with = "crate::runtime::lenient::binary"));
        }
        let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
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
        let ty = ty_tokens(ty, Place::Types);
        quote! {
            /// Members of the JSON object beyond the declared fields.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let placeholder_fields = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        if field.is_optional() {
            quote!(#rust: ::std::option::Option::None)
        } else {
            quote!(#rust: crate::runtime::lenient::placeholder())
        }
    });
    let placeholder_additional =
        s.additional.as_ref().map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new()));
    let allow_deprecated = any_deprecated.then(|| quote!(#[allow(deprecated)]));
    let deserialize = emit_struct_deserialize(def, s);
    let constructor = emit_constructor(def, s);
    let debug = has_secret.then(|| {
        let entries = s.fields.iter().map(|field| {
            let rust = ident(&field.rust_name);
            let label = &field.rust_name;
            if field.secret {
                quote!(.field(#label, &crate::runtime::Redacted(&self.#rust)))
            } else {
                quote!(.field(#label, &self.#rust))
            }
        });
        let additional =
            s.additional.as_ref().map(|_| quote!(.field("additional_properties", &self.additional_properties)));
        let label = &def.name;
        quote! {
            #allow_deprecated
            impl ::std::fmt::Debug for #name {
                /// Shows every field but the secret ones (`format: password`), which print as `<redacted>`.
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* #additional .finish()
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor

        #deserialize

        #allow_deprecated
        impl crate::runtime::lenient::Placeholder for #name {
            fn placeholder() -> Self {
                Self { #(#placeholder_fields,)* #placeholder_additional }
            }
        }

        #debug
    }
}

/// The most required fields a constructor takes; past that, struct literals read better.
const MAX_CONSTRUCTOR_ARGUMENTS: usize = 7;

/// `new(required fields…)`, the optional ones `None`: so that a body with
/// required fields can be written `X { optional: Some(..), ..X::new(a, b) }`
/// without naming (deprecated) optional fields.
fn emit_constructor(def: &TypeDef, s: &Struct) -> Option<TokenStream> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() || required.len() > MAX_CONSTRUCTOR_ARGUMENTS {
        return None;
    }
    let name = ident(&def.name);
    let args = required.iter().map(|field| {
        let rust = ident(&field.rust_name);
        match (&field.ty, field.presence()) {
            (Ty::String, Presence::Required) => quote!(#rust: impl ::std::convert::Into<::std::string::String>),
            _ => {
                let ty = field_type(field);
                quote!(#rust: #ty)
            }
        }
    });
    let values = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        match (&field.ty, field.presence(), field.required) {
            (Ty::String, Presence::Required, _) => quote!(#rust: #rust.into()),
            (_, _, true) => quote!(#rust),
            _ => quote!(#rust: ::std::option::Option::None),
        }
    });
    let additional = s.additional.as_ref().map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new()));
    let documented: Vec<String> = required.iter().map(|f| format!("`{}`", f.rust_name)).collect();
    let doc = format!(" A `{}` with its required fields ({}) and no optional ones.", def.name, documented.join(", "));
    let allow_deprecated = s.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        impl #name {
            #[doc = #doc]
            #allow_deprecated
            pub fn new(#(#args),*) -> Self {
                Self { #(#values,)* #additional }
            }
        }
    })
}

/// Reading a struct: from a JSON object only (serde's derive would also read
/// an array of the fields), leniently: unknown members are skipped, and a
/// required field that is missing or `null` gets its placeholder.
fn emit_struct_deserialize(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("a JSON object (`{}`)", def.name);
    // `_2fa` → `v_2fa`, `type` → `v_type`: locals that no field name can shadow.
    let slot = |field: &Field| {
        let name = &field.rust_name;
        ident(&if name.starts_with('_') { format!("v{name}") } else { format!("v_{name}") })
    };
    let slots = s.fields.iter().map(|field| {
        let var = slot(field);
        let ty = ty_tokens(&field.ty, Place::Types);
        let slot_ty = match field.presence() {
            Presence::OptionalNullable => quote!(::std::option::Option<::std::option::Option<#ty>>),
            _ => quote!(::std::option::Option<#ty>),
        };
        quote!(let mut #var: #slot_ty = ::std::option::Option::None;)
    });
    let arms = s.fields.iter().map(|field| {
        let var = slot(field);
        let json = &field.json_name;
        let ty = ty_tokens(&field.ty, Place::Types);
        let read = quote!(map.next_value::<::std::option::Option<#ty>>()?);
        match field.presence() {
            Presence::OptionalNullable => quote!(#json => #var = ::std::option::Option::Some(#read),),
            _ => quote!(#json => #var = #read,),
        }
    });
    let finish = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let var = slot(field);
        match field.presence() {
            Presence::Required => quote!(#rust: #var.unwrap_or_else(crate::runtime::lenient::placeholder)),
            _ => quote!(#rust: #var),
        }
    });
    let (additional_slot, other_arm, additional_finish) = match &s.additional {
        Some(ty) => {
            let ty = ty_tokens(ty, Place::Types);
            (
                quote!(let mut additional_properties = ::std::collections::BTreeMap::new();),
                quote!(_ => {
                    additional_properties.insert(key.as_str().to_string(), map.next_value::<#ty>()?);
                }),
                quote!(additional_properties,),
            )
        }
        None => (
            quote!(),
            quote!(_ => {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }),
            quote!(),
        ),
    };
    let allow_deprecated = s.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Members;

                impl<'de> ::serde::de::Visitor<'de> for Members {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    #allow_deprecated
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        #(#slots)*
                        #additional_slot
                        while let ::std::option::Option::Some(key) = map.next_key::<crate::runtime::lenient::Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                #other_arm
                            }
                        }
                        ::std::result::Result::Ok(#name { #(#finish,)* #additional_finish })
                    }
                }

                deserializer.deserialize_map(Members)
            }
        }
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut lines = if field.docs.is_empty() {
        vec![format!("The `{}` field.", field.json_name)]
    } else {
        docs::sanitize(&field.docs.lines)
    };
    let notes: Vec<String> = [
        field.format.as_ref().map(|f| format!("Format: `{}`.", f.replace('`', "'"))),
        field.default.as_ref().map(|d| format!("Default: `{}`.", d.replace('`', "'"))),
        field.secret.then(|| "A secret: `Debug` output shows it as `<redacted>`.".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    docs::attrs(&lines)
}

fn variant_doc(value: &str) -> TokenStream {
    docs::attrs(&[docs::code_span(value)])
}

fn emit_string_enum(def: &TypeDef, e: &Enum<String>) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs_or(&def.docs, || format!("The `{}` values.", def.name));
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = variant_doc(&v.value);
        quote!(#doc #variant,)
    });
    let to_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#variant,)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as it was sent.
            #other(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#other(other.to_string()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }

        impl crate::runtime::lenient::Placeholder for #name {
            fn placeholder() -> Self {
                Self::from("")
            }
        }
    }
}

fn emit_integer_enum(def: &TypeDef, e: &Enum<i64>) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs_or(&def.docs, || format!("The `{}` values.", def.name));
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = variant_doc(&v.value.to_string());
        quote!(#doc #variant,)
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

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#other(other),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl crate::runtime::lenient::Placeholder for #name {
            fn placeholder() -> Self {
                Self::from(0)
            }
        }
    }
}

fn shape_tokens(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Object { required } => quote!(crate::runtime::lenient::Shape::Object(&[#(#required),*])),
        Shape::Array => quote!(crate::runtime::lenient::Shape::Array),
        Shape::String => quote!(crate::runtime::lenient::Shape::String),
        Shape::Integer => quote!(crate::runtime::lenient::Shape::Integer),
        Shape::Number => quote!(crate::runtime::lenient::Shape::Number),
        Shape::Bool => quote!(crate::runtime::lenient::Shape::Bool),
        Shape::Any => quote!(crate::runtime::lenient::Shape::Any),
    }
}

fn emit_one_of(def: &TypeDef, o: &OneOf) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs_or(&def.docs, || format!("One of the shapes of `{}`.", def.name));
    let other = ident(&o.other);
    let variants = o.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = ty_tokens(&v.ty, Place::Types);
        let doc = docs::attrs(&[format!("The `{}` shape.", v.name)]);
        let number = is_number(&v.ty).then(|| quote!(#[serde(serialize_with = "crate::runtime::lenient::number")]));
        quote!(#doc #number #variant(#ty),)
    });
    let shapes = o.variants.iter().map(|v| shape_tokens(&v.shape));
    let discriminator = match &o.discriminator {
        None => quote!(::std::option::Option::None),
        Some(d) => {
            let property = &d.property;
            let pairs = d.mapping.iter().map(|(value, variant)| {
                let index = o.variants.iter().position(|v| v.name == *variant).unwrap_or(usize::MAX);
                quote!((#value, #index))
            });
            quote!(::std::option::Option::Some((#property, &[#(#pairs),*])))
        }
    };
    let attempts = o.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.name);
        quote! {
            #i => {
                if let ::std::result::Result::Ok(parsed) = ::serde_json::from_value(value.clone()) {
                    return ::std::result::Result::Ok(Self::#variant(parsed));
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// JSON that matches none of the known shapes, kept as it was sent.
            #other(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            /// Picks the variant whose shape (discriminator, required properties,
            /// JSON type) the value has; keeps the value as it is if none fits.
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let shapes = [#(#shapes),*];
                for index in crate::runtime::lenient::candidates(&value, &shapes, #discriminator) {
                    match index {
                        #(#attempts)*
                        _ => {}
                    }
                }
                ::std::result::Result::Ok(Self::#other(value))
            }
        }

        impl crate::runtime::lenient::Placeholder for #name {
            fn placeholder() -> Self {
                Self::#other(::serde_json::Value::Null)
            }
        }
    }
}

fn response_body_type(body: &ResponseBody) -> Option<TokenStream> {
    body.ty().map(|ty| ty_tokens(&ty, Place::Types))
}

fn emit_responses(def: &TypeDef, variants: &[StatusVariant]) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs_or(&def.docs, || format!("The answers of the `{}` request.", def.name));
    let items = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = docs::attrs(&[match v.status {
            Some(status) => format!("The answer with status {status}."),
            None => "The answer with any other success status.".to_string(),
        }]);
        let binary = matches!(v.body, ResponseBody::Bytes)
            .then(|| quote!(#[serde(serialize_with = "crate::runtime::lenient::binary")]));
        match response_body_type(&v.body) {
            Some(ty) => quote!(#doc #binary #variant(#ty),),
            None => quote!(#doc #variant,),
        }
    });
    let decode_variant = |v: &StatusVariant| {
        let variant = ident(&v.name);
        match &v.body {
            ResponseBody::Empty => quote!(::std::result::Result::Ok(response.empty().map(|()| Self::#variant))),
            ResponseBody::Text => quote!(::std::result::Result::Ok(response.text().map(Self::#variant))),
            ResponseBody::Bytes => quote!(::std::result::Result::Ok(response.bytes().map(Self::#variant))),
            ResponseBody::Json(ty) => {
                let ty = ty_tokens(ty, Place::Types);
                quote!(response.json::<#ty>().map(|answer| answer.map(Self::#variant)))
            }
        }
    };
    let arms = variants.iter().filter_map(|v| {
        let status = v.status?;
        let decode = decode_variant(v);
        Some(quote!(#status => #decode,))
    });
    // Another success status reads as the `2XX` variant, or else as the first one.
    let fallback = variants.iter().find(|v| v.status.is_none()).or(variants.first()).map(decode_variant);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#items)*
        }

        impl #name {
            pub(crate) fn decode(
                response: crate::runtime::RawResponse,
            ) -> ::std::result::Result<crate::runtime::ApiResponse<Self>, crate::runtime::Error> {
                match response.status().as_u16() {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        }
    }
}

fn emit_bodies(def: &TypeDef, variants: &[BodyVariant]) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs_or(&def.docs, || format!("The request body of the `{}` request.", def.name));
    let tys: Vec<Ty> = variants.iter().map(|v| v.encoding.ty()).collect();
    let items = variants.iter().zip(&tys).map(|(v, ty)| {
        let variant = ident(&v.name);
        let ty = ty_tokens(ty, Place::Types);
        let how = match v.encoding {
            BodyEncoding::Json(_) => "as JSON",
            BodyEncoding::Form(_) => "form-encoded",
            BodyEncoding::Multipart(_) => "as multipart/form-data",
            BodyEncoding::Bytes => "as raw bytes",
        };
        let doc = docs::attrs(&[format!("Sent {how} with content type `{}`.", v.content_type)]);
        quote!(#doc #variant(#ty),)
    });
    // `From` for every variant whose type no other variant shares.
    let conversions =
        variants.iter().zip(&tys).filter(|(_, ty)| tys.iter().filter(|t| t == ty).count() == 1).map(|(v, ty)| {
            let variant = ident(&v.name);
            let ty = ty_tokens(ty, Place::Types);
            quote! {
                impl ::std::convert::From<#ty> for #name {
                    fn from(body: #ty) -> Self {
                        Self::#variant(body)
                    }
                }
            }
        });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
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
fn emit_multipart_form(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
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
            Presence::RequiredNullable | Presence::Optional => {
                quote!(if let ::std::option::Option::Some(value) = &self.#rust { #push })
            }
            Presence::OptionalNullable => {
                quote!(if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &self.#rust { #push })
            }
        }
    });
    let allow_deprecated = s.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow_deprecated
        impl crate::runtime::multipart::Form for #name {
            fn parts(&self) -> ::std::vec::Vec<crate::runtime::multipart::Part> {
                let mut parts = ::std::vec::Vec::new();
                #(#parts)*
                parts
            }
        }
    }
}
