// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! The TLS of the HTTP client the builder makes, chosen by cargo feature:
//!
//! - `rustls` (the default): rustls with the aws-lc-rs provider, which
//!   rustls recommends (post-quantum key exchange), through reqwest's own
//!   `rustls` feature;
//! - `rustls-ring`: rustls with the *ring* provider, for programs that use
//!   ring elsewhere (no post-quantum key exchange), configured here and
//!   handed to reqwest ready-made;
//! - `native-tls`: the platform's TLS (OpenSSL on Linux, Secure Transport,
//!   SChannel).
//!
//! With several enabled, the first of that list is used. Certificates are
//! verified against the platform's roots plus the ones the builder adds.
//! Nothing here installs process-wide state (rustls' default provider):
//! each client carries its own configuration, so an application's own TLS
//! choices, made before or after, are its own.

use super::error::Error;

/// A certificate authority to trust besides the platform's, as given to the
/// builder: PEM or DER.
#[derive(Clone)]
pub(crate) struct Root(#[allow(dead_code, reason = "read only by a TLS feature")] pub(crate) Vec<u8>);

#[allow(dead_code, reason = "used only by a TLS feature")]
impl Root {
    fn is_pem(&self) -> bool {
        self.0.trim_ascii_start().starts_with(b"-----BEGIN")
    }
}

/// Which TLS this build uses, for messages and `Debug`.
pub(crate) const BACKEND: Option<&str> = if cfg!(feature = "rustls") {
    Some("rustls (aws-lc-rs)")
} else if cfg!(feature = "rustls-ring") {
    Some("rustls (ring)")
} else if cfg!(feature = "native-tls") {
    Some("native-tls")
} else {
    None
};

/// `builder` with this build's TLS and the extra roots, or why not.
pub(crate) fn configure(builder: reqwest::ClientBuilder, roots: &[Root]) -> Result<reqwest::ClientBuilder, Error> {
    let config = |message: String| Error::Config(message);
    #[cfg(feature = "rustls")]
    {
        let builder = builder.tls_backend_rustls();
        return with_reqwest_roots(builder, roots).map_err(config);
    }
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    {
        return ring::configure(builder, roots).map_err(config);
    }
    #[cfg(all(feature = "native-tls", not(any(feature = "rustls", feature = "rustls-ring"))))]
    {
        let builder = builder.tls_backend_native();
        return with_reqwest_roots(builder, roots).map_err(config);
    }
    #[allow(unreachable_code, reason = "reached only in a build without a TLS feature")]
    if roots.is_empty() { Ok(builder) } else { Err(config(NO_TLS.to_string())) }
}

/// Why a build without a TLS feature cannot reach an `https://` URL.
pub(crate) const NO_TLS: &str = "this build of the client has no TLS: enable one of its features `rustls` (the default), `rustls-ring` or `native-tls`";

/// The roots, handed to reqwest, which gives them to its TLS backend.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn with_reqwest_roots(mut builder: reqwest::ClientBuilder, roots: &[Root]) -> Result<reqwest::ClientBuilder, String> {
    for (i, root) in roots.iter().enumerate() {
        let certificate = if root.is_pem() {
            reqwest::Certificate::from_pem(&root.0)
        } else {
            reqwest::Certificate::from_der(&root.0)
        };
        let certificate = certificate.map_err(|e| format!("root certificate {} cannot be read: {e}", i + 1))?;
        builder = builder.add_root_certificate(certificate);
    }
    Ok(builder)
}

#[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
mod ring {
    use std::sync::Arc;

    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;

    use super::Root;

    /// A rustls configuration of its own with *ring*, the platform's roots and
    /// the extra ones, given to reqwest whole: reqwest, built without a
    /// provider, would otherwise need a process-wide default one.
    pub(super) fn configure(builder: reqwest::ClientBuilder, roots: &[Root]) -> Result<reqwest::ClientBuilder, String> {
        let mut extra = Vec::new();
        for (i, root) in roots.iter().enumerate() {
            let unreadable = |e: &dyn std::fmt::Display| format!("root certificate {} cannot be read: {e}", i + 1);
            if root.is_pem() {
                for certificate in CertificateDer::pem_slice_iter(&root.0) {
                    extra.push(certificate.map_err(|e| unreadable(&e))?);
                }
            } else {
                extra.push(CertificateDer::from(root.0.clone()));
            }
        }
        #[allow(
            deprecated,
            reason = "the `rustls-ring` feature is the user's choice of ring, which rustls deprecates for lacking post-quantum key exchange; the default feature `rustls` uses aws-lc-rs"
        )]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
            .map_err(|e| format!("the certificate verifier cannot be set up: {e}"))?;
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS cannot be set up: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        // HTTP/1.1 only, as the rest of the client (reqwest is built without http2).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(builder.tls_backend_preconfigured(config))
    }
}
