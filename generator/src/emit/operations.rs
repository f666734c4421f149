//! Operations → what differs per operation, on top of the runtime's generic
//! `Request`: the operation's declaration (`impl Operation`: method, path,
//! token, answer), its method on the client, and the setters of its optional
//! parameters. Sending, timeouts, retries and decoding are the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::ty::{Place, Spelling};
use crate::model::{
    Api, BodyEncoding, BodyKind, Encoding, Operation, PageStyle, Pagination, Param, ParamLocation, Response,
    ResponseBody, Step, Ty, TypeKind, code_span,
};
use crate::names::ident;

/// Methods with more arguments than this get clippy's `too_many_arguments` allowed.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The module's first lines: its docs and the runtime names it uses (none
/// for an API without operations, whose module is empty).
pub fn emit_header(api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        return quote! {
            //! The API's operations: its document has none.

            #![allow(missing_docs)]
        };
    }
    let encoding = uses_encoding(api).then(|| quote!(Encoding,));
    quote! {
        //! One method on [`Client`](super::Client) per operation, and what it
        //! sends: each operation is a type implementing [`Operation`], and its
        //! method returns a [`Request`] of it, with a setter for each optional
        //! parameter. Items the API's document does not describe have no docs
        //! here.

        #![allow(missing_docs)]

        #[allow(unused_imports)]
        use super::types;
        use crate::runtime::{#encoding Method, Operation, Request};
    }
}

pub fn emit_operation(api: &Api, spelling: &Spelling, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let marker = ident(&op.builder_name);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();

    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = arg_type(spelling, &p.ty);
            quote!(#name: #ty)
        })
        .collect();
    let path_params = op.params.iter().filter(|p| p.location == ParamLocation::Path).map(|p| {
        let name = ident(&p.rust_name);
        quote!(&#name)
    });
    let mut chain: Vec<TokenStream> = required
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| required_param_call(spelling, p))
        .collect();
    let mut body_setter = None;
    if let Some(body) = &op.body {
        let (arg_ty, set) = body_arg(body, api, spelling);
        if body.required {
            args.push(quote!(body: #arg_ty));
            chain.push(set);
        } else {
            body_setter = Some(quote! {
                /// Sets the request body (the API does not require one).
                pub fn body(self, body: #arg_ty) -> Self {
                    self #set
                }
            });
        }
    }

    let setters: Vec<TokenStream> = optional.iter().map(|p| setter(spelling, p)).chain(body_setter).collect();
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            impl Request<'_, #marker> {
                #(#setters)*
            }
        }
    });

    let method_doc = docs::attrs(&method_docs(op, &required));
    let deprecated = docs::deprecated(&op.deprecated);
    let many_args = (args.len() > CLIPPY_MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let arg_names: Vec<TokenStream> = required.iter().map(|p| ident(&p.rust_name)).map(|name| quote!(#name)).collect();
    let forwarded: Vec<TokenStream> =
        arg_names.into_iter().chain(op.body.as_ref().filter(|b| b.required).map(|_| quote!(body))).collect();
    let allow_deprecated_call = op.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
    let alias_methods = op.aliases.iter().map(|alias| {
        let alias = ident(&alias.method_name);
        let note = format!("renamed to `{}` (the operationId changed)", op.method_name);
        let doc = format!(" The former name of [`{0}`](Self::{0}).", op.method_name);
        quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            #many_args
            #allow_deprecated_call
            pub fn #alias(&self, #(#args),*) -> Request<'_, #marker> {
                self.#method(#(#forwarded),*)
            }
        }
    });

    let http_method = ident(op.method.as_str());
    let path = &op.path;
    let bearer = op.bearer;
    let answer = answer_type(spelling, op);
    let body_kind = body_kind(spelling, op);
    let id = &op.id;
    let paginated = op.pagination.as_ref().map(|pagination| paginated(spelling, &marker, pagination));
    let marker_doc = format!(
        " `{} {}`: the operation of [`Client::{}`](super::Client::{}).",
        op.method.as_str(),
        op.path.replace('`', "'"),
        op.method_name,
        op.method_name
    );
    let alias_types = op.aliases.iter().filter_map(|alias| {
        let former = ident(alias.builder_name.as_deref()?);
        let note = format!("renamed to `{marker}` (the operationId changed)");
        let doc = format!(" The former name of [`{marker}`].");
        Some(quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            pub type #former = #marker;
        })
    });
    quote! {
        #[doc = #marker_doc]
        pub struct #marker;

        #(#alias_types)*

        impl Operation for #marker {
            const ID: &'static str = #id;
            const METHOD: Method = Method::#http_method;
            const PATH: &'static str = #path;
            const BEARER: bool = #bearer;
            type Body = #body_kind;
            type Answer = #answer;
        }

        #paginated

        impl super::Client {
            #method_doc
            #deprecated
            #many_args
            pub fn #method(&self, #(#args),*) -> Request<'_, #marker> {
                Request::new(&self.transport, &[#(#path_params),*]) #(#chain)*
            }

            #(#alias_methods)*
        }

        #setters
    }
}

/// The operation's paging, for the runtime's walk: how pages are asked for,
/// and the fields that hold a page's items and next cursor.
fn paginated(spelling: &Spelling, marker: &proc_macro2::Ident, pagination: &Pagination) -> TokenStream {
    let item = spelling.ty(&pagination.item, Place::Operations);
    let page = spelling.ty(&pagination.page, Place::Operations);
    let option = |ty: TokenStream| spelling.option(ty);
    let items_of = option(quote!(&[Self::Item]));
    let owned_items = option(spelling.vec(quote!(Self::Item)));
    let borrowed_items = borrowed(spelling, &pagination.items, quote!(as_slice));
    let into_items = owned(spelling, &pagination.items);
    let (paging, next_cursor) = match &pagination.style {
        PageStyle::Offset { offset, limit } => {
            let limit = match limit {
                Some(limit) => {
                    let some = spelling.some();
                    quote!(#some(#limit))
                }
                None => spelling.none(),
            };
            (quote!(crate::runtime::Paging::Offset { offset: #offset, limit: #limit }), None)
        }
        PageStyle::Cursor { cursor, next } => {
            let cursor_of = option(quote!(&str));
            let next = borrowed(spelling, next, quote!(as_str));
            (
                quote!(crate::runtime::Paging::Cursor { cursor: #cursor }),
                Some(quote! {
                    fn next_cursor(page: &#page) -> #cursor_of {
                        #next
                    }
                }),
            )
        }
    };
    quote! {
        impl crate::runtime::Paginated for #marker {
            type Item = #item;
            const PAGING: crate::runtime::Paging = #paging;

            fn page_items(page: &#page) -> #items_of {
                #borrowed_items
            }

            fn into_items(page: #page) -> #owned_items {
                #into_items
            }

            #next_cursor
        }
    }
}

/// `page` (a reference) followed along `steps`, as an `Option` of a
/// reference to what they lead to: a `Vec` or `String` ends with `finish`
/// (`as_slice`, `as_str`), an `Option` of one with `as_deref`.
fn borrowed(spelling: &Spelling, steps: &[Step], finish: TokenStream) -> TokenStream {
    let mut value = quote!(page);
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::Field(name) => {
                let name = ident(name);
                value = quote!(#value.#name);
            }
            Step::Some if i + 1 == steps.len() => return quote!(#value.as_deref()),
            Step::Some => value = quote!(#value.as_ref()?),
        }
    }
    let some = spelling.some();
    quote!(#some(#value.#finish()))
}

/// `page` (owned) followed along `steps`, as an `Option` of what they lead to.
fn owned(spelling: &Spelling, steps: &[Step]) -> TokenStream {
    let mut value = quote!(page);
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::Field(name) => {
                let name = ident(name);
                value = quote!(#value.#name);
            }
            Step::Some if i + 1 == steps.len() => return value,
            Step::Some => value = quote!(#value?),
        }
    }
    let some = spelling.some();
    quote!(#some(#value))
}

fn setter(spelling: &Spelling, p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    let ty = arg_type(spelling, strip_option(&p.ty));
    let set = param_call(p, quote!(#name));
    let mut lines = docs::sanitize(&p.docs.lines);
    if let Some(default) = &p.default {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    let doc = docs::attrs(&lines);
    let deprecated = docs::deprecated(&p.deprecated);
    quote! {
        #doc
        #deprecated
        pub fn #name(self, #name: #ty) -> Self {
            self #set
        }
    }
}

fn strip_option(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => inner,
        other => other,
    }
}

/// The argument type for a parameter value: strings by reference, arrays as
/// slices, everything else by value.
fn arg_type(spelling: &Spelling, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(&str),
        Ty::Vec(item) => match item.as_ref() {
            Ty::String => quote!(&[&str]),
            other => {
                let item = spelling.ty(other, Place::Operations);
                quote!(&[#item])
            }
        },
        Ty::Option(inner) => spelling.option(arg_type(spelling, inner)),
        other => spelling.ty(other, Place::Operations),
    }
}

/// The call that puts a required query or header parameter on the request:
/// `.query("name", &name)`; for a nullable one, nothing when it is `None`.
fn required_param_call(spelling: &Spelling, p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    match &p.ty {
        Ty::Option(_) => {
            let set = param_call(p, quote!(value));
            let some = spelling.some();
            quote!(.with(|request| match #name { #some(value) => request #set, _ => request }))
        }
        _ => param_call(p, quote!(#name)),
    }
}

/// The method call that sets parameter `p` to `value` on a request.
fn param_call(p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match (p.location, p.encoding) {
        (ParamLocation::Query, Some(encoding)) => {
            let encoding = runtime_encoding(encoding);
            let required = p.required;
            // Arrays are taken as slices already; other values by reference.
            let value = if matches!(strip_option(&p.ty), Ty::Vec(_)) { value } else { quote!(&#value) };
            quote!(.query_encoded(#wire, #value, #encoding, #required))
        }
        (ParamLocation::Query, None) => quote!(.query(#wire, &#value)),
        (ParamLocation::Header, _) => quote!(.header(#wire, &#value)),
        // Path parameters are given to `Request::new`.
        (ParamLocation::Path, _) => quote!(),
    }
}

/// The runtime's `Encoding` value for `encoding`.
fn runtime_encoding(encoding: Encoding) -> TokenStream {
    match encoding {
        Encoding::Exploded => quote!(Encoding::Exploded),
        Encoding::Joined(separator) => quote!(Encoding::Joined(#separator)),
        Encoding::DeepObject => quote!(Encoding::DeepObject),
        Encoding::Json => quote!(Encoding::Json),
    }
}

/// Whether an operation names the runtime's `Encoding`: a query parameter
/// that is not a scalar, or a form field not written as the default.
fn uses_encoding(api: &Api) -> bool {
    let listed = |encoding: &BodyEncoding| matches!(encoding, BodyEncoding::Form(_, fields) if !fields.is_empty());
    api.operations.iter().any(|op| op.params.iter().any(|p| p.encoding.is_some()))
        || api.operations.iter().filter_map(|op| op.body.as_ref()).any(|body| match &body.kind {
            BodyKind::Single { encoding, .. } => listed(encoding),
            BodyKind::Choice(name) => api.types.iter().any(|t| {
                t.name == *name
                    && matches!(&t.kind, TypeKind::Bodies(variants) if variants.iter().any(|v| listed(&v.encoding)))
            }),
        })
}

/// The body argument's type, and the call that puts it on the request.
fn body_arg(body: &crate::model::Body, api: &Api, spelling: &Spelling) -> (TokenStream, TokenStream) {
    match &body.kind {
        BodyKind::Single { encoding: BodyEncoding::Bytes, content_type } => {
            let into = spelling.into();
            (quote!(impl #into<bytes::Bytes>), quote!(.bytes_body(#content_type, body.into())))
        }
        BodyKind::Single { content_type, encoding } => {
            (spelling.ty(&encoding.ty(), Place::Operations), encode(content_type, encoding, quote!(body)))
        }
        BodyKind::Choice(type_name) => {
            let into = spelling.into();
            let name = ident(type_name);
            let variants = api
                .types
                .iter()
                .find(|t| t.name == *type_name)
                .and_then(|t| match &t.kind {
                    TypeKind::Bodies(variants) => Some(variants.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            let arms = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let encode = encode(&v.content_type, &v.encoding, quote!(value));
                quote!(types::#name::#variant(value) => request #encode,)
            });
            (quote!(impl #into<types::#name>), quote!(.with(|request| match body.into() { #(#arms)* })))
        }
    }
}

fn encode(content_type: &str, encoding: &BodyEncoding, value: TokenStream) -> TokenStream {
    match encoding {
        BodyEncoding::Json(_) => quote!(.json_body(#content_type, &#value)),
        BodyEncoding::Form(_, encodings) => {
            let encodings = encodings.iter().map(|(name, encoding)| {
                let encoding = runtime_encoding(*encoding);
                quote!((#name, #encoding))
            });
            quote!(.form_body(#content_type, &#value, &[#(#encodings),*]))
        }
        BodyEncoding::Multipart(_) => quote!(.multipart_body(&#value)),
        BodyEncoding::Bytes => quote!(.bytes_body(#content_type, #value)),
    }
}

/// The runtime's reading of the operation's answer (`Json<T>`, `Text`, …),
/// or the generated enum of its answers by status.
/// What the operation sends, for what reads a request back (the mock).
fn body_kind(spelling: &Spelling, op: &Operation) -> TokenStream {
    let Some(body) = &op.body else { return quote!(crate::runtime::NoBody) };
    match &body.kind {
        BodyKind::Single { encoding: BodyEncoding::Json(ty), .. } => {
            let ty = spelling.ty(ty, Place::Operations);
            quote!(crate::runtime::JsonBody<#ty>)
        }
        BodyKind::Single { encoding: BodyEncoding::Form(ty, _), .. } => {
            let ty = spelling.ty(ty, Place::Operations);
            quote!(crate::runtime::FormBody<#ty>)
        }
        BodyKind::Single { encoding: BodyEncoding::Multipart(_) | BodyEncoding::Bytes, .. } | BodyKind::Choice(_) => {
            quote!(crate::runtime::RawBody)
        }
    }
}

fn answer_type(spelling: &Spelling, op: &Operation) -> TokenStream {
    match &op.response {
        Response::Single { body, .. } => match body {
            ResponseBody::Empty => quote!(crate::runtime::Empty),
            ResponseBody::Json(ty) => {
                let ty = spelling.ty(ty, Place::Operations);
                quote!(crate::runtime::Json<#ty>)
            }
            ResponseBody::Text => quote!(crate::runtime::Text),
            ResponseBody::Bytes => quote!(crate::runtime::Binary),
        },
        Response::ByStatus(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
        Response::Redirect => quote!(crate::runtime::Redirect),
    }
}

/// How the docs name the type of an error body.
fn body_docs(ty: &Ty) -> String {
    match ty {
        Ty::Named(name) => format!("[`{name}`](types::{name})"),
        Ty::Option(inner) | Ty::Boxed(inner) => body_docs(inner),
        Ty::Vec(inner) => format!("a list of {}", body_docs(inner)),
        Ty::String => "a string".to_string(),
        _ => "JSON".to_string(),
    }
}

fn method_docs(op: &Operation, required: &[&Param]) -> Vec<String> {
    let mut lines = Vec::new();
    let summary = op.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(summary) = summary {
        lines.extend(docs::sanitize(&summary.lines().map(str::to_string).collect::<Vec<_>>()));
    }
    if let Some(description) = op.description.as_deref().map(str::trim).filter(|d| !d.is_empty())
        && Some(description) != summary
    {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(docs::sanitize(&description.lines().map(|l| l.to_string()).collect::<Vec<_>>()));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("`{} {}`", op.method.as_str(), op.path.replace('`', "'")));
    let documented: Vec<&&Param> = required.iter().filter(|p| !p.docs.is_empty() || p.deprecated.is_some()).collect();
    if !documented.is_empty() {
        lines.push(String::new());
        lines.push("Arguments:".to_string());
        for p in documented {
            let paragraphs: Vec<String> = docs::sanitize(&p.docs.lines).into_iter().filter(|l| !l.is_empty()).collect();
            let mut text = paragraphs.join(" ");
            if let Some(note) = &p.deprecated {
                text = format!("(deprecated: {}) {text}", docs::inline(note));
            }
            lines.push(format!("- `{}`: {}", p.rust_name, text.trim()));
        }
    }
    if !op.errors.is_empty() {
        let statuses: Vec<String> = op
            .errors
            .iter()
            .map(|error| {
                let status = if error.status == "default" { "any other status" } else { error.status.as_str() };
                let body = match &error.body {
                    Some(ty) => format!(" ({})", body_docs(ty)),
                    None => String::new(),
                };
                let text = docs::inline(&error.description.replace('\n', " "));
                if text.trim().is_empty() {
                    format!("{status}{body}")
                } else {
                    format!("{status}{body}: {}", text.trim())
                }
            })
            .collect();
        lines.push(String::new());
        lines.push(format!("Errors the document lists ([`Error::Api`](crate::Error::Api)): {}.", statuses.join("; ")));
        if op.errors.iter().any(|error| error.body.is_some()) {
            lines.push(String::new());
            lines.push(
                "A documented error body reads as its type with [`Error::body`](crate::Error::body).".to_string(),
            );
        }
    }
    if let Some(pagination) = &op.pagination {
        let by = match &pagination.style {
            PageStyle::Offset { offset, limit: Some(limit) } => {
                format!("by offset: query parameters {} and {}", code_span(offset), code_span(limit))
            }
            PageStyle::Offset { offset, limit: None } => format!("by offset: query parameter {}", code_span(offset)),
            PageStyle::Cursor { cursor, .. } => format!("by cursor: query parameter {}", code_span(cursor)),
        };
        lines.push(String::new());
        lines.push(format!(
            "The answers come in pages ({by}): [`items`](crate::runtime::Request::items) walks every item of every page, [`pages`](crate::runtime::Request::pages) gives each answer."
        ));
    }
    if matches!(op.response, Response::Redirect) {
        lines.push(String::new());
        lines.push(
            "The API answers with a redirect; this returns the URL it points to, without following it.".to_string(),
        );
    }
    lines
}
