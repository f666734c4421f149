//! Arbitrary bytes as a document: the generator returns a client or an error,
//! and never panics, hangs, or writes code that does not parse (an internal
//! error). Seeded with the fixture specs and bad documents (see seeds/README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;
use openapi_clientgen::{Options, generate};

fuzz_target!(|data: &[u8]| {
    if let Err(error) = generate(data, &Options::new("fuzz")) {
        assert!(!error.message.starts_with("internal error"), "{error}");
    }
});
