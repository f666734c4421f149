//! Operations → a method on the client and a request builder each.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::ty::{Place, ty_tokens};
use crate::model::{
    Api, ArrayStyle, BodyEncoding, BodyKind, Operation, Param, ParamLocation, Response, ResponseBody, Segment, Ty,
    TypeKind,
};
use crate::names::ident;

/// Methods with more arguments than this get clippy's `too_many_arguments` allowed.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

pub fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();

    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = arg_type(&p.ty);
            quote!(#name: #ty)
        })
        .collect();
    let mut setup: Vec<TokenStream> = Vec::new();
    for segment in &op.segments {
        match segment {
            Segment::Literal(text) => setup.push(quote!(call.path(#text);)),
            Segment::Param(index) => {
                let p = &op.params[*index];
                let wire = &p.wire_name;
                let name = ident(&p.rust_name);
                setup.push(quote!(call.path_param(#wire, &#name);));
            }
        }
    }
    for p in required.iter().filter(|p| p.location != ParamLocation::Path) {
        setup.push(param_call(p, quote!(call)));
    }
    if op.bearer {
        setup.push(quote!(call.bearer_auth();));
    }
    let mut body_setter = None;
    if let Some(body) = &op.body {
        let (arg_ty, set) = body_arg(body.required, &body.kind, api);
        if body.required {
            args.push(quote!(body: #arg_ty));
            setup.push(set(quote!(call)));
        } else {
            let set = set(quote!(self.call));
            body_setter = Some(quote! {
                /// Sets the request body (the API does not require one).
                pub fn body(mut self, body: #arg_ty) -> Self {
                    #set
                    self
                }
            });
        }
    }

    let setters = optional.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = arg_type(strip_option(&p.ty));
        let set = param_call_value(p, quote!(self.call), quote!(#name));
        let mut lines = vec![format!("Sets the `{}` {} parameter.", p.wire_name, location_word(p.location))];
        if !p.docs.is_empty() {
            lines.push(String::new());
            lines.extend(docs::sanitize(&p.docs.lines));
        }
        if let Some(default) = &p.default {
            lines.push(String::new());
            lines.push(format!("Default: `{}`.", default.replace('`', "'")));
        }
        let doc = docs::attrs(&lines);
        let deprecated = docs::deprecated(&p.deprecated);
        quote! {
            #doc
            #deprecated
            pub fn #name(mut self, #name: #ty) -> Self {
                #set
                self
            }
        }
    });

    let output = output_type(op);
    let decode = decode(op);
    let method_doc = docs::attrs(&method_docs(op, &required));
    let builder_doc = docs::attrs(&[
        format!(
            "The request of [`Client::{0}`](super::Client::{0}): set its optional parts, then `.await` it.",
            op.method_name
        ),
        String::new(),
        "`.await` (or [`send`](Self::send)) gives the response body; [`send_with_meta`](Self::send_with_meta) gives it with the status, headers and rate limit.".to_string(),
    ]);
    let deprecated = docs::deprecated(&op.deprecated);
    let many_args = (args.len() > CLIPPY_MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let http_method = ident(op.method.as_str());

    let arg_names: Vec<_> = required.iter().map(|p| ident(&p.rust_name)).collect();
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|_| quote!(body));
    let forwarded: Vec<TokenStream> = arg_names.iter().map(|name| quote!(#name)).chain(body_arg).collect();
    let aliases = op.aliases.iter().map(|alias| {
        let alias = ident(alias);
        let note = format!("renamed to `{}` (the operationId changed)", op.method_name);
        let doc = format!(" The former name of [`{0}`](Self::{0}).", op.method_name);
        quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            #many_args
            pub fn #alias(&self, #(#args),*) -> #builder<'_> {
                self.#method(#(#forwarded),*)
            }
        }
    });
    let allow_deprecated_call = op.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
    let aliases: Vec<TokenStream> = aliases.map(|alias| quote!(#allow_deprecated_call #alias)).collect();
    quote! {
        impl super::Client {
            #method_doc
            #deprecated
            #many_args
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                let mut call = crate::runtime::Call::new(&self.transport, crate::runtime::Method::#http_method);
                #(#setup)*
                #builder { call }
            }

            #(#aliases)*
        }

        #builder_doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent with `.await`"]
        pub struct #builder<'a> {
            call: crate::runtime::Call<'a>,
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter

            /// Sets how long this request may take in all (each attempt), instead of the client's timeout.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.set_timeout(timeout);
                self
            }

            /// Sets when this request is retried, instead of the client's retry policy.
            pub fn with_retry(mut self, policy: crate::runtime::RetryPolicy) -> Self {
                self.call.set_retry(policy);
                self
            }

            /// Sends the request and returns the response body.
            pub async fn send(self) -> ::std::result::Result<#output, crate::runtime::Error> {
                self.send_with_meta().await.map(crate::runtime::ApiResponse::into_inner)
            }

            /// Sends the request and returns the response body with its status, headers and rate limit.
            pub async fn send_with_meta(self) -> ::std::result::Result<crate::runtime::ApiResponse<#output>, crate::runtime::Error> {
                #decode
            }
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = ::std::result::Result<#output, crate::runtime::Error>;
            type IntoFuture = crate::runtime::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
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
fn arg_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(&str),
        Ty::Vec(item) => match item.as_ref() {
            Ty::String => quote!(&[&str]),
            other => {
                let item = ty_tokens(other, Place::Operations);
                quote!(&[#item])
            }
        },
        Ty::Option(inner) => {
            let inner = arg_type(inner);
            quote!(::std::option::Option<#inner>)
        }
        other => ty_tokens(other, Place::Operations),
    }
}

/// The statement that puts a required parameter (named as its argument) on the call.
fn param_call(p: &Param, call: TokenStream) -> TokenStream {
    let name = ident(&p.rust_name);
    match &p.ty {
        Ty::Option(_) => {
            let set = param_call_value(p, call, quote!(value));
            quote! {
                if let ::std::option::Option::Some(value) = #name {
                    #set
                }
            }
        }
        _ => param_call_value(p, call, quote!(#name)),
    }
}

fn param_call_value(p: &Param, call: TokenStream, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match (p.location, strip_option(&p.ty)) {
        (ParamLocation::Query, Ty::Vec(_)) => {
            // A required array must have a value: an empty one would leave it out.
            let required = p.required.then(|| quote!(#call.require_values(#wire, #value.len());));
            let set = match p.array_style {
                ArrayStyle::Repeat => quote!(#call.query_each(#wire, #value);),
                ArrayStyle::Delimited(separator) => quote!(#call.query_joined(#wire, #value, #separator);),
            };
            quote!(#required #set)
        }
        (ParamLocation::Query, _) => quote!(#call.query(#wire, &#value);),
        (ParamLocation::Header, _) => quote!(#call.header(#wire, &#value);),
        (ParamLocation::Path, _) => quote!(#call.path_param(#wire, &#value);),
    }
}

/// The body argument's type, and how it goes on a call.
fn body_arg(_required: bool, kind: &BodyKind, api: &Api) -> (TokenStream, impl Fn(TokenStream) -> TokenStream) {
    let kind = kind.clone();
    let arg = match &kind {
        BodyKind::Single { encoding: BodyEncoding::Bytes, .. } => quote!(impl ::std::convert::Into<::bytes::Bytes>),
        BodyKind::Single { encoding, .. } => ty_tokens(&encoding.ty(), Place::Operations),
        BodyKind::Choice(name) => {
            let name = ident(name);
            quote!(impl ::std::convert::Into<super::types::#name>)
        }
    };
    let variants = match &kind {
        BodyKind::Choice(name) => api.types.iter().find(|t| t.name == *name).and_then(|t| match &t.kind {
            TypeKind::Bodies(variants) => Some(variants.clone()),
            _ => None,
        }),
        BodyKind::Single { .. } => None,
    };
    let set = move |call: TokenStream| match &kind {
        BodyKind::Single { content_type, encoding } => encode(call, content_type, encoding, quote!(body)),
        BodyKind::Choice(name) => {
            let name = ident(name);
            let arms = variants.iter().flatten().map(|v| {
                let variant = ident(&v.name);
                let encode = encode(call.clone(), &v.content_type, &v.encoding, quote!(value));
                quote!(super::types::#name::#variant(value) => { #encode })
            });
            quote! {
                match body.into() {
                    #(#arms)*
                }
            }
        }
    };
    (arg, set)
}

fn encode(call: TokenStream, content_type: &str, encoding: &BodyEncoding, value: TokenStream) -> TokenStream {
    match encoding {
        BodyEncoding::Json(_) => quote!(#call.json_body(#content_type, &#value);),
        BodyEncoding::Form(_) => quote!(#call.form_body(#content_type, &#value);),
        BodyEncoding::Multipart(_) => quote!(#call.multipart_body(&#value);),
        BodyEncoding::Bytes => quote!(#call.bytes_body(#content_type, #value);),
    }
}

fn output_type(op: &Operation) -> TokenStream {
    match &op.response {
        Response::Single { body, .. } => match body.ty() {
            Some(ty) => ty_tokens(&ty, Place::Operations),
            None => quote!(()),
        },
        Response::ByStatus(name) => {
            let name = ident(name);
            quote!(super::types::#name)
        }
        Response::Redirect => quote!(crate::runtime::Url),
    }
}

fn decode_body(body: &ResponseBody, response: TokenStream) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(::std::result::Result::Ok(#response.empty())),
        ResponseBody::Json(ty) => {
            let ty = ty_tokens(ty, Place::Operations);
            quote!(#response.json::<#ty>())
        }
        ResponseBody::Text => quote!(::std::result::Result::Ok(#response.text())),
        ResponseBody::Bytes => quote!(::std::result::Result::Ok(#response.bytes())),
    }
}

fn decode(op: &Operation) -> TokenStream {
    match &op.response {
        Response::Redirect => quote!(self.call.send_redirect().await),
        Response::Single { body, .. } => {
            let body = decode_body(body, quote!(response));
            quote! {
                let response = self.call.send().await?;
                #body
            }
        }
        Response::ByStatus(name) => {
            // Variants are listed in the model's order; their data lives in the type.
            let name_ident = ident(name);
            quote! {
                let response = self.call.send().await?;
                super::types::#name_ident::decode(response)
            }
        }
    }
}

fn method_docs(op: &Operation, required: &[&Param]) -> Vec<String> {
    let mut lines = Vec::new();
    let summary = op.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match summary {
        Some(summary) => lines.extend(docs::sanitize(&summary.lines().map(str::to_string).collect::<Vec<_>>())),
        None => lines.push(format!("Sends `{} {}`.", op.method.as_str(), op.path)),
    }
    if let Some(description) = op.description.as_deref().map(str::trim).filter(|d| !d.is_empty())
        && Some(description) != summary
    {
        lines.push(String::new());
        lines.extend(docs::sanitize(&description.lines().map(|l| l.to_string()).collect::<Vec<_>>()));
    }
    lines.push(String::new());
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
    if !op.error_statuses.is_empty() {
        lines.push(String::new());
        lines.push("Documented error answers (returned as an API error with the status and body):".to_string());
        for status in &op.error_statuses {
            let status = docs::inline(&status.replace('\n', " "));
            lines.push(format!("- {status}"));
        }
    }
    if matches!(op.response, Response::Redirect) {
        lines.push(String::new());
        lines.push(
            "The API answers with a redirect; this returns the URL it points to, without following it.".to_string(),
        );
    }
    lines
}
