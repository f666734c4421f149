//! Stage 3, emit: the model → token streams.
//!
//! A generated file is a sequence of pieces (its module docs, then one piece
//! per type or operation) that are emitted, and formatted, independently, so
//! that `format` can spread them over threads; joined in order they are the
//! file, whatever the number of threads.
//!
//! The generated code relies on the runtime module `crate::runtime` of the
//! crate it goes into (transport, errors, lenient decoding); ARCHITECTURE.md
//! lists that contract.

mod call_table;
mod docs;
mod operations;
mod ty;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Api;

/// The generated files, in the order their pieces come; the last is the call
/// table, written only when [`Options::call_table`](crate::Options::call_table) asks for it.
pub const FILES: [&str; 4] =
    ["src/generated/mod.rs", "src/generated/operations.rs", "src/generated/types.rs", "tests/generated/calls.rs"];

/// One piece of a generated file.
#[derive(Debug, Clone, Copy)]
pub enum Piece {
    /// `mod.rs` whole: its docs, modules and the `Client`.
    Root,
    /// The module docs of `operations.rs` or `types.rs` (an index into [`FILES`]).
    ModuleDocs(usize),
    /// An operation of [`Api::operations`], by index.
    Operation(usize),
    /// A type of [`Api::types`], by index.
    Type(usize),
    /// The call table's docs, list of operations and dispatching function.
    CallDispatch,
    /// The call table's function of an operation of [`Api::operations`], by index.
    Call(usize),
}

/// Emits the pieces of an API's files. Shared by the formatting threads.
pub struct Emitter<'a> {
    api: &'a Api,
    spelling: ty::Spelling,
}

impl<'a> Emitter<'a> {
    pub fn new(api: &'a Api) -> Self {
        Emitter { api, spelling: ty::Spelling::new(api) }
    }

    /// Every piece with the index of its file, in file order.
    pub fn pieces(&self, call_table: bool) -> Vec<(usize, Piece)> {
        let mut pieces = vec![(0, Piece::Root), (1, Piece::ModuleDocs(1))];
        pieces.extend((0..self.api.operations.len()).map(|i| (1, Piece::Operation(i))));
        pieces.push((2, Piece::ModuleDocs(2)));
        pieces.extend((0..self.api.types.len()).map(|i| (2, Piece::Type(i))));
        if call_table {
            pieces.push((3, Piece::CallDispatch));
            pieces.extend((0..self.api.operations.len()).map(|i| (3, Piece::Call(i))));
        }
        pieces
    }

    pub fn emit(&self, piece: Piece) -> TokenStream {
        match piece {
            Piece::Root => emit_root(self.api),
            Piece::ModuleDocs(1) => operations::emit_header(self.api),
            Piece::ModuleDocs(_) => types::emit_header(&self.spelling),
            Piece::Operation(i) => operations::emit_operation(self.api, &self.spelling, &self.api.operations[i]),
            Piece::Type(i) => types::emit_type(self.api, &self.spelling, &self.api.types[i]),
            Piece::CallDispatch => call_table::emit_dispatch(self.api),
            Piece::Call(i) => call_table::emit_call(self.api, &self.spelling, &self.api.operations[i]),
        }
    }
}

fn emit_root(api: &Api) -> TokenStream {
    let mut about =
        vec![format!("The client of {} (version {}).", docs::inline(&api.title), docs::inline(&api.version))];
    if let Some(description) = &api.description {
        about.push(String::new());
        about.extend(docs::sanitize(&description.lines().map(str::to_string).collect::<Vec<_>>()));
    }
    let about = about.iter().map(|line| format!(" {line}"));
    let (base_url_const, builder_base) = match &api.base_url {
        Some(url) => {
            let doc = format!(" The API's address: the first server of the document, `{url}`.");
            (
                quote! {
                    #[doc = #doc]
                    pub const DEFAULT_BASE_URL: &str = #url;
                },
                quote!(::std::option::Option::Some(DEFAULT_BASE_URL)),
            )
        }
        None => (quote!(), quote!(::std::option::Option::None)),
    };
    // Without a server in the document, the base URL is an argument of `new`.
    let (base_arg, base_set) = match &api.base_url {
        Some(_) => (quote!(), quote!()),
        None => (quote!(base_url: impl ::std::convert::Into<::std::string::String>,), quote!(.base_url(base_url))),
    };
    let base_doc = if api.base_url.is_some() { "" } else { " at `base_url`" };
    let new = if api.uses_bearer {
        let doc = format!(" A client with the default settings{base_doc} that authenticates with `token`");
        quote! {
            #[doc = #doc]
            /// (sent as `Authorization: Bearer <token>` to operations that use it).
            ///
            /// Fails only if the token cannot be an HTTP header value or the
            /// HTTP client cannot be built; see [`Client::builder`] for settings.
            pub fn new(#base_arg token: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, crate::runtime::Error> {
                Self::builder()#base_set.bearer_token(token).build()
            }
        }
    } else {
        let doc = format!(" A client with the default settings{base_doc}.");
        quote! {
            #[doc = #doc]
            ///
            /// Fails only if the HTTP client cannot be built; see [`Client::builder`] for settings.
            pub fn new(#base_arg) -> ::std::result::Result<Self, crate::runtime::Error> {
                Self::builder()#base_set.build()
            }
        }
    };
    let base_url_doc = if api.base_url.is_some() {
        " A builder for a client: base URL (default [`DEFAULT_BASE_URL`]), token, timeouts, retries, user agent or your own `reqwest::Client`."
    } else {
        " A builder for a client: base URL (required: the document names no absolute server), token, timeouts, retries, user agent or your own `reqwest::Client`."
    };
    quote! {
        #(#![doc = #about])*

        pub mod operations;
        pub mod types;

        #base_url_const

        /// The client: one method per operation of the API.
        ///
        /// Cheap to clone; clones share connections, settings and the last rate limit.
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: crate::runtime::Transport,
        }

        impl Client {
            #new

            #[doc = #base_url_doc]
            pub fn builder() -> crate::runtime::ClientBuilder<Self> {
                crate::runtime::ClientBuilder::new(#builder_base)
            }

            /// The rate limit the API reported in its most recent response, if it reported one.
            pub fn last_rate_limit(&self) -> ::std::option::Option<crate::runtime::RateLimit> {
                self.transport.last_rate_limit()
            }

            /// The transport that sends this client's requests (settings and HTTP client).
            pub fn transport(&self) -> &crate::runtime::Transport {
                &self.transport
            }

            /// A request this client has no method for yet (an operation the API
            /// added since): `path` is relative to the base URL and goes through
            /// the same transport — token, user agent, timeouts, retries, rate
            /// limit, size limit, errors. An absolute URL, or a path that climbs
            /// out of the base URL, is refused, so the token goes nowhere else.
            pub fn request(&self, method: crate::runtime::Method, path: &str) -> crate::runtime::CustomRequest<'_> {
                crate::runtime::CustomRequest::new(&self.transport, method, path)
            }
        }

        impl ::std::convert::From<crate::runtime::Transport> for Client {
            fn from(transport: crate::runtime::Transport) -> Self {
                Self { transport }
            }
        }
    }
}
