//! Arbitrary bytes as a document: the generator returns a client or an error,
//! and never panics or hangs. Seeded with the fixture specs (see corpus/).
#![no_main]

use libfuzzer_sys::fuzz_target;
use openapi_clientgen::{Options, generate};

fuzz_target!(|data: &[u8]| {
    let _ = generate(data, &Options::new("fuzz"));
});
