//! The checked-in client (and its call table) equals a fresh generation from
//! the checked-in spec: the upstream document with the overlay.
//! When it does not, this fails with a diff and the command that fixes it.

#[test]
fn the_generated_client_is_current() {
    if let Err(report) = xtask::check(&xtask::Spec::project(), &xtask::default_out()) {
        panic!("{report}");
    }
}
