//! [`Ty`] → type tokens. Standard types are written by their short names
//! (`String`, `Option<T>`, `BTreeMap`) unless the API has a type of that name,
//! which would shadow them in the `types` module: then by their full path.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Ty};
use crate::names::ident;

/// Where the tokens go: named types are local in `types`, `types::X` in
/// `operations`, and reached through the crate under test in the call table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Types,
    Operations,
    CallTable,
}

/// The names the generated modules use unqualified, in the prelude or
/// imported at the top of `types.rs`.
const SHORT_NAMES: &[&str] =
    &["String", "Option", "Vec", "Box", "BTreeMap", "Result", "From", "Into", "Serialize", "Deserialize"];

/// How standard types are spelled in the generated files.
#[derive(Debug, Clone)]
pub struct Spelling {
    /// The short names an API type takes, which must be written in full.
    shadowed: BTreeSet<&'static str>,
}

impl Spelling {
    pub fn new(api: &Api) -> Spelling {
        let shadowed = SHORT_NAMES.iter().copied().filter(|name| api.types.iter().any(|t| t.name == *name)).collect();
        Spelling { shadowed }
    }

    /// Whether `BTreeMap` is imported at the top of `types.rs`.
    pub fn imports_btree_map(&self) -> bool {
        !self.shadowed.contains("BTreeMap")
    }

    /// Whether serde's `Serialize` and `Deserialize` are imported at the top of `types.rs`.
    pub fn imports_serde(&self) -> bool {
        !self.shadowed.contains("Serialize") && !self.shadowed.contains("Deserialize")
    }

    /// The `Serialize` and `Deserialize` derives (and traits), as `types.rs` names them.
    pub fn serde_traits(&self) -> (TokenStream, TokenStream) {
        if self.imports_serde() {
            (quote!(Serialize), quote!(Deserialize))
        } else {
            (quote!(serde::Serialize), quote!(serde::Deserialize))
        }
    }

    fn short(&self, name: &str) -> bool {
        !self.shadowed.contains(name)
    }

    /// `Result<ok, error>`.
    pub fn result(&self, ok: TokenStream, error: TokenStream) -> TokenStream {
        if self.short("Result") { quote!(Result<#ok, #error>) } else { quote!(::std::result::Result<#ok, #error>) }
    }

    /// The `From` trait.
    pub fn from(&self) -> TokenStream {
        if self.short("From") { quote!(From) } else { quote!(::std::convert::From) }
    }

    /// The `Into` trait.
    pub fn into(&self) -> TokenStream {
        if self.short("Into") { quote!(Into) } else { quote!(::std::convert::Into) }
    }

    /// `Vec`, in expressions.
    pub fn vec_path(&self) -> TokenStream {
        if self.short("Vec") { quote!(Vec) } else { quote!(::std::vec::Vec) }
    }

    pub fn string(&self) -> TokenStream {
        if self.short("String") { quote!(String) } else { quote!(::std::string::String) }
    }

    pub fn option(&self, inner: TokenStream) -> TokenStream {
        if self.short("Option") { quote!(Option<#inner>) } else { quote!(::std::option::Option<#inner>) }
    }

    /// `Some`, in expressions and patterns.
    pub fn some(&self) -> TokenStream {
        if self.short("Option") { quote!(Some) } else { quote!(::std::option::Option::Some) }
    }

    /// `None`, in expressions.
    pub fn none(&self) -> TokenStream {
        if self.short("Option") { quote!(None) } else { quote!(::std::option::Option::None) }
    }

    /// `Vec<inner>`.
    pub fn vec(&self, inner: TokenStream) -> TokenStream {
        if self.short("Vec") { quote!(Vec<#inner>) } else { quote!(::std::vec::Vec<#inner>) }
    }

    fn boxed(&self, inner: TokenStream) -> TokenStream {
        if self.short("Box") { quote!(Box<#inner>) } else { quote!(::std::boxed::Box<#inner>) }
    }

    /// `BTreeMap<String, inner>`: in `types` by its imported name.
    pub fn map(&self, inner: TokenStream, place: Place) -> TokenStream {
        let string = self.string();
        if place == Place::Types && self.imports_btree_map() {
            quote!(BTreeMap<#string, #inner>)
        } else {
            quote!(::std::collections::BTreeMap<#string, #inner>)
        }
    }

    pub fn ty(&self, ty: &Ty, place: Place) -> TokenStream {
        match ty {
            Ty::String => self.string(),
            Ty::Bool => quote!(bool),
            Ty::I32 => quote!(i32),
            Ty::I64 => quote!(i64),
            Ty::F32 => quote!(f32),
            Ty::F64 => quote!(f64),
            Ty::Json => quote!(serde_json::Value),
            Ty::JsonObject => {
                let string = self.string();
                quote!(serde_json::Map<#string, serde_json::Value>)
            }
            Ty::Bytes => quote!(bytes::Bytes),
            Ty::Named(name) => {
                let name = ident(name);
                match place {
                    Place::Types => quote!(#name),
                    Place::Operations => quote!(types::#name),
                    Place::CallTable => quote!(super::api::types::#name),
                }
            }
            Ty::Vec(inner) => self.vec(self.ty(inner, place)),
            Ty::Map(inner) => self.map(self.ty(inner, place), place),
            Ty::Option(inner) => self.option(self.ty(inner, place)),
            Ty::Boxed(inner) => self.boxed(self.ty(inner, place)),
        }
    }
}
