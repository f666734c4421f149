//! The call table: every operation of the client callable by its operationId
//! with arguments given as JSON, so that tests can drive each operation from
//! data (the document, recorded traffic) without code written per operation.
//!
//! It is test code, written to `tests/generated/calls.rs` of the client crate
//! (formatted by the generator, so the including `mod` carries
//! `#[rustfmt::skip]`) and included by a module that provides (ARCHITECTURE.md lists this
//! contract): `super::api`, the crate under test; and `super::call_support`
//! with `Args` (`text`, `opt_text`, `texts`, `opt_texts`, `value`,
//! `opt_value`, `values`, `opt_values`, each taking a `Place` and a name;
//! `body`, `opt_body`, `bytes_body`, `opt_bytes_body`), `Place`
//! (`Path`, `Query`, `Header`), `CallError` (`UnknownOperation`) and `Called`
//! (`json`, `text`, `bytes`, `empty`, `redirect`, each from a client result).

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::{Place, Spelling};
use crate::model::{
    Api, BodyEncoding, BodyKind, Operation, Param, ParamLocation, Response, ResponseBody, Ty, TypeKind,
};
use crate::names::ident;

/// The module docs, the list of operationIds and the dispatching function.
pub fn emit_dispatch(api: &Api) -> TokenStream {
    let ids = api.operations.iter().map(|op| &op.id);
    let arms = api.operations.iter().map(|op| {
        let id = &op.id;
        let function = function_name(op);
        quote!(#id => #function(client, args).await,)
    });
    quote! {
        //! Every operation of the client, callable by its operationId with
        //! arguments given as JSON: what lets tests drive each operation from
        //! data. Included by a module that provides `api` (the crate under test)
        //! and `call_support` (`Args`, `Place`, `Called`, `CallError`).

        #![allow(deprecated, clippy::too_many_lines)]

        use super::call_support::{Args, CallError, Called, Place};
        use super::api::{Client, Error};

        /// The operationIds of the client, sorted by method name.
        pub const OPERATION_IDS: &[&str] = &[#(#ids),*];

        /// Calls the operation `operation_id` with `args`. The outer error says the
        /// arguments do not fit the operation; the inner result is the client's.
        pub async fn call(
            client: &Client,
            operation_id: &str,
            args: &Args,
        ) -> ::std::result::Result<::std::result::Result<Called, Error>, CallError> {
            match operation_id {
                #(#arms)*
                other => ::std::result::Result::Err(CallError::UnknownOperation(other.to_string())),
            }
        }
    }
}

fn function_name(op: &Operation) -> proc_macro2::Ident {
    ident(&format!("call_{}", op.method_name.trim_start_matches("r#")))
}

/// One operation: build the request from `args`, send it, keep the answer.
pub fn emit_call(api: &Api, spelling: &Spelling, op: &Operation) -> TokenStream {
    let function = function_name(op);
    let method = ident(&op.method_name);
    let required = op.params.iter().filter(|p| p.required);
    let mut bindings = Vec::new();
    let mut arguments = Vec::new();
    for p in required {
        let local = ident(&format!("arg_{}", p.rust_name.trim_start_matches("r#")));
        let (value, by_reference) = read_param(spelling, p, true);
        bindings.push(quote!(let #local = #value;));
        arguments.push(match (by_reference, matches!(p.ty, Ty::Option(_))) {
            (true, true) => quote!(#local.as_deref()),
            (true, false) => quote!(&#local),
            (false, _) => quote!(#local),
        });
    }
    let mut setters = Vec::new();
    for p in op.params.iter().filter(|p| !p.required) {
        let setter = ident(&p.rust_name);
        let (value, by_reference) = read_param(spelling, p, false);
        let argument = if by_reference { quote!(&value) } else { quote!(value) };
        setters.push(quote! {
            if let ::std::option::Option::Some(value) = #value {
                request = request.#setter(#argument);
            }
        });
    }
    if let Some(body) = &op.body {
        let (read, optional) = read_body(api, spelling, &body.kind);
        if body.required {
            bindings.push(quote!(let body = #read;));
            arguments.push(quote!(body));
        } else {
            setters.push(quote! {
                if let ::std::option::Option::Some(body) = #optional {
                    request = request.body(body);
                }
            });
        }
    }
    let finish = match &op.response {
        Response::Redirect => quote!(Called::redirect),
        Response::ByStatus(_) => quote!(Called::json),
        Response::Single { body, .. } => match body {
            ResponseBody::Empty => quote!(Called::empty),
            ResponseBody::Json(_) => quote!(Called::json),
            ResponseBody::Text => quote!(Called::text),
            ResponseBody::Bytes => quote!(Called::bytes),
        },
    };
    let mutable = (!setters.is_empty()).then(|| quote!(mut));
    // An operation without parameters or body reads no argument.
    let args = if op.params.is_empty() && op.body.is_none() { quote!(_args) } else { quote!(args) };
    quote! {
        async fn #function(
            client: &Client,
            #args: &Args,
        ) -> ::std::result::Result<::std::result::Result<Called, Error>, CallError> {
            #(#bindings)*
            let #mutable request = client.#method(#(#arguments),*);
            #(#setters)*
            ::std::result::Result::Ok(#finish(request.send_with_meta().await))
        }
    }
}

/// The expression that reads a parameter from `args` (an `Option` for optional
/// ones), and whether the method takes it by reference (a slice).
fn read_param(spelling: &Spelling, p: &Param, required: bool) -> (TokenStream, bool) {
    let place = match p.location {
        ParamLocation::Path => quote!(Place::Path),
        ParamLocation::Query => quote!(Place::Query),
        ParamLocation::Header => quote!(Place::Header),
    };
    let name = &p.wire_name;
    // A required parameter may still be nullable: then it is an `Option` too.
    let (ty, optional) = match &p.ty {
        Ty::Option(inner) => (inner.as_ref(), true),
        other => (other, !required),
    };
    let prefix = if optional { "opt_" } else { "" };
    let (accessor, turbofish, by_reference) = match ty {
        Ty::String => ("text", None, false),
        Ty::Vec(item) if **item == Ty::String => ("texts", None, true),
        Ty::Vec(item) => ("values", Some(spelling.ty(item, Place::CallTable)), true),
        other => ("value", Some(spelling.ty(other, Place::CallTable)), false),
    };
    let accessor = ident(&format!("{prefix}{accessor}"));
    let turbofish = turbofish.map(|ty| quote!(::<#ty>));
    (quote!(args.#accessor #turbofish(#place, #name)?), by_reference)
}

/// Reading the body from `args`: as required, and as optional.
fn read_body(api: &Api, spelling: &Spelling, kind: &BodyKind) -> (TokenStream, TokenStream) {
    let typed = |ty: &Ty| {
        let ty = spelling.ty(ty, Place::CallTable);
        (quote!(args.body::<#ty>()?), quote!(args.opt_body::<#ty>()?))
    };
    let bytes = || (quote!(args.bytes_body()?), quote!(args.opt_bytes_body()?));
    match kind {
        BodyKind::Single { encoding: BodyEncoding::Bytes, .. } => bytes(),
        BodyKind::Single { encoding, .. } => typed(&encoding.ty()),
        // A body of several content types: the first that is not raw bytes
        // (it is sent through `From`), else the bytes.
        BodyKind::Choice(name) => {
            let variants = api.types.iter().find(|t| t.name == *name).and_then(|t| match &t.kind {
                TypeKind::Bodies(variants) => Some(variants),
                _ => None,
            });
            let structured = variants.into_iter().flatten().find(|v| !matches!(v.encoding, BodyEncoding::Bytes));
            match structured {
                Some(variant) => typed(&variant.encoding.ty()),
                None => bytes(),
            }
        }
    }
}
