//! The checked-in client equals a fresh generation from the checked-in spec.
//! When it does not, this fails with a diff and the command that fixes it.

#[test]
fn the_generated_client_is_current() {
    if let Err(report) = xtask::check(&xtask::default_spec(), &xtask::default_out()) {
        panic!("{report}");
    }
}
