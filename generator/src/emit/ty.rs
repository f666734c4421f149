//! [`Ty`] → type tokens. Paths are fully qualified so that no API type name
//! (a schema called `String` or `Option`) can shadow what the code means.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Ty;
use crate::names::ident;

/// Where the tokens go: named types are local in `types`, one module up in
/// `operations`, and reached through the crate under test in the call table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Types,
    Operations,
    CallTable,
}

pub fn ty_tokens(ty: &Ty, place: Place) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(::serde_json::Value),
        Ty::JsonObject => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        Ty::Bytes => quote!(::bytes::Bytes),
        Ty::Named(name) => {
            let name = ident(name);
            match place {
                Place::Types => quote!(#name),
                Place::Operations => quote!(super::types::#name),
                Place::CallTable => quote!(super::api::types::#name),
            }
        }
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner, place);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner, place);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty_tokens(inner, place);
            quote!(::std::option::Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty_tokens(inner, place);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}
