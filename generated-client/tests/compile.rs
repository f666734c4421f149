//! Compile tests (trybuild): what users write must compile (`ui/pass`), and
//! the mistakes they really make must not, with a clear error (`ui/fail`, each
//! with its expected `.stderr`). Update the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p supabase-management --test compile` and
//! review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
