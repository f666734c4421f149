//! HTTPS with the TLS of this build's feature (`rustls`, `rustls-ring` or
//! `native-tls`): a server on a loopback port with a certificate made here,
//! signed by a certificate authority made here, which the client trusts
//! through the builder. `cargo xtask test` runs this file once per feature.
//!
//! Each test also checks that nothing installed a process-wide rustls
//! provider: the crate configures each client on its own.

#[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
mod with_tls {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::Duration;

    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use supabase_management::{Client, Error};

    /// A certificate authority, and a server certificate it signed for 127.0.0.1.
    struct Identity {
        authority_pem: String,
        chain: Vec<CertificateDer<'static>>,
        key: PrivatePkcs8KeyDer<'static>,
    }

    fn identity() -> Identity {
        let mut authority = CertificateParams::new(Vec::<String>::new()).expect("authority parameters");
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        authority.distinguished_name.push(DnType::CommonName, "supabase-management test authority");
        let authority =
            CertifiedIssuer::self_signed(authority, KeyPair::generate().expect("a key")).expect("authority");

        let mut server = CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("server parameters");
        server.distinguished_name.push(DnType::CommonName, "127.0.0.1");
        server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_key = KeyPair::generate().expect("a key");
        let certificate = server.signed_by(&server_key, &authority).expect("the server certificate");
        Identity {
            authority_pem: authority.pem(),
            chain: vec![certificate.der().clone(), authority.der().clone()],
            key: PrivatePkcs8KeyDer::from(server_key.serialize_der()),
        }
    }

    /// An HTTPS server on a loopback port that answers every request `200 []`,
    /// and keeps the head of each request it read.
    struct Server {
        port: u16,
        requests: Arc<Mutex<Vec<String>>>,
    }

    impl Server {
        fn start(identity: &Identity) -> Server {
            #[allow(
                deprecated,
                reason = "the test server's provider; rustls deprecates ring for lacking post-quantum key exchange"
            )]
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .expect("TLS versions")
                .with_no_client_auth()
                .with_single_cert(identity.chain.clone(), PrivateKeyDer::Pkcs8(identity.key.clone_key()))
                .expect("the server's certificate");
            let config = Arc::new(config);
            let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
            let port = listener.local_addr().expect("its address").port();
            let requests = Arc::new(Mutex::new(Vec::new()));
            let seen = requests.clone();
            // Serves until the test process ends.
            thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    serve(stream, config.clone(), &seen);
                }
            });
            Server { port, requests }
        }

        fn url(&self) -> String {
            format!("https://127.0.0.1:{}", self.port)
        }

        fn requests(&self) -> Vec<String> {
            self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
        }
    }

    /// One connection: the handshake (which fails if the client refuses the
    /// certificate), the request's head, the answer.
    fn serve(stream: TcpStream, config: Arc<rustls::ServerConfig>, seen: &Mutex<Vec<String>>) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let Ok(connection) = rustls::ServerConnection::new(config) else { return };
        let mut tls = rustls::StreamOwned::new(connection, stream);
        let mut head = Vec::new();
        let mut buffer = [0_u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match tls.read(&mut buffer) {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
        seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(String::from_utf8_lossy(&head).into_owned());
        let answer =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]";
        let _ = tls.write_all(answer.as_bytes());
        tls.conn.send_close_notify();
        let _ = tls.flush();
    }

    #[track_caller]
    fn assert_no_process_wide_provider() {
        assert!(
            rustls::crypto::CryptoProvider::get_default().is_none(),
            "something installed a process-wide rustls provider"
        );
    }

    #[tokio::test]
    async fn the_client_talks_https_to_a_server_signed_by_an_authority_it_was_given() {
        let identity = identity();
        let server = Server::start(&identity);
        let client = Client::builder()
            .base_url(server.url())
            .bearer_token("sbp_over_tls")
            .add_root_certificate(identity.authority_pem.clone())
            .build()
            .expect("the client builds");
        let organizations = client.list_all_organizations().await.expect("an answer over TLS");
        assert!(organizations.is_empty());
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert!(requests[0].starts_with("GET /v1/organizations HTTP/1.1\r\n"), "{}", requests[0]);
        assert!(requests[0].to_ascii_lowercase().contains("\r\nauthorization: bearer sbp_over_tls\r\n"));
        assert_no_process_wide_provider();
    }

    #[tokio::test]
    async fn a_certificate_the_client_does_not_trust_is_refused_before_anything_is_sent() {
        let identity = identity();
        let server = Server::start(&identity);
        let client = Client::builder().base_url(server.url()).bearer_token("sbp_secret").build().expect("builds");
        let result = client.list_all_organizations().await;
        assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
        assert!(server.requests().is_empty(), "the request went out over an untrusted connection");
        assert_no_process_wide_provider();
    }

    /// What a user who needs a proxy or custom roots writes: their own reqwest
    /// client, built before anything of this crate, with their choice of TLS.
    fn users_own_http_client(authority_pem: &str) -> reqwest::Client {
        let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        let builder = builder.add_root_certificate(
            reqwest::Certificate::from_pem(authority_pem.as_bytes()).expect("the authority's certificate"),
        );
        // reqwest built without a provider (this crate's `rustls-ring` alone):
        // the user brings a rustls configuration of their own.
        #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
        let builder = {
            use rustls::pki_types::pem::PemObject;
            let mut roots = rustls::RootCertStore::empty();
            roots.add(CertificateDer::from_pem_slice(authority_pem.as_bytes()).expect("PEM")).expect("a root");
            #[allow(deprecated, reason = "the ring provider, as the user of `rustls-ring` chose")]
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .expect("TLS versions")
                .with_root_certificates(roots)
                .with_no_client_auth();
            builder.tls_backend_preconfigured(config)
        };
        builder.build().expect("the user's client builds")
    }

    #[tokio::test]
    async fn a_reqwest_client_the_user_built_first_works() {
        let identity = identity();
        let server = Server::start(&identity);
        let http = users_own_http_client(&identity.authority_pem);
        let client = Client::builder()
            .base_url(server.url())
            .bearer_token("sbp_users_client")
            .http_client(http)
            .build()
            .expect("the client builds");
        client.list_all_organizations().await.expect("an answer through the user's client");
        assert_eq!(server.requests().len(), 1);
        assert_no_process_wide_provider();
    }
}

/// Built without a TLS feature, the client refuses an `https://` base URL
/// when it is built, rather than failing at the first request.
#[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
mod without_tls {
    use supabase_management::{Client, Error};

    #[test]
    fn an_https_base_url_is_a_configuration_error() {
        let result = Client::new("sbp_token");
        let Err(Error::Config(message)) = &result else { panic!("{result:?}") };
        assert!(message.contains("needs TLS") && message.contains("`rustls`"), "{message}");
        let local = Client::builder().base_url("http://127.0.0.1:8080").build();
        assert!(local.is_ok(), "{local:?}");
    }
}
