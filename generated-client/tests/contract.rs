//! Contract tests: every operation of the generated client against Stoplight
//! Prism, a mock server that reads `spec/supabase-management-api.json`,
//! validates each request against it and answers from its schemas.
//!
//! - Prism is pinned in `contract/package.json` and `contract/package-lock.json`;
//!   `contract/prism.rs` runs `npm ci` when `node_modules` is missing or was
//!   installed from another lockfile, starts Prism on a free loopback port with
//!   `--errors` (a request that breaks the document is answered 4xx), and kills
//!   it when the test ends, passes or fails.
//! - [`drive_every_operation`] calls each of the document's operations once,
//!   with every parameter and every body field set, and asserts that Prism
//!   accepted the request (the documented success status, no `sl-violations`
//!   header) and that the answer parsed into the operation's type. The set of
//!   operationIds it drove must equal the document's.
//! - That run is made against Prism's static answers and again against its
//!   dynamic (schema-generated) answers for several fixed seeds.
//! - Broken requests are reported as violations (the harness can fail), and
//!   the per-operation exceptions below are checked to be still needed.
//!
//! Per-operation exceptions (each is named where it is made):
//! - `v1-authorize-user`, `v1-exchange-oauth-token`: the document secures them
//!   with `oauth2`, which Prism checks as `Authorization: Bearer …` on the
//!   request; the client by design sends no token to the endpoints that issue
//!   tokens. They are driven with a client whose HTTP client adds a placeholder
//!   bearer header ([`oauth_client`]); everything else is validated as usual.
//! - `v1-update-a-function`: driven with its JSON body. The document gives the
//!   `application/vnd.denoland.eszip` body the JSON object schema, so Prism
//!   rejects any eszip bundle ("Request body must be object").
//!
//! Running them needs Node.js 18.20.1+ with npm and the npm registry (for the
//! first `npm ci`); without them the tests fail and say why.

#[path = "contract/prism.rs"]
mod prism;

use std::collections::{BTreeMap, BTreeSet};

use bytes::Bytes;
use serde_json::{Value, json};
use supabase_management::reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use supabase_management::reqwest::{self, StatusCode};
use supabase_management::types::*;
use supabase_management::{ApiResponse, Client, Error, RetryPolicy};

use prism::{Mode, Prism};

/// The seeds of the dynamic runs: each is one more set of generated answers.
const SEEDS: [u64; 6] = [1, 2, 3, 42, 1234, 20240601];

/// The header in which Prism lists the violations it did not turn into errors.
const VIOLATIONS: &str = "sl-violations";

// Realistic arguments: a project ref is 20 lowercase letters, ids are UUIDs,
// a function slug matches `^[A-Za-z0-9_-]+$`.
const REF: &str = "abcdefghijklmnopqrst";
const BRANCH_ID: &str = "0f6e4e8a-2a5c-4d2a-9a38-6c1f0b7e9d21";
const ORG_SLUG: &str = "acme-corp";
const PROVIDER_ID: &str = "5b0c4e6a-8f43-4c57-a1de-0c2f2b1a7e55";
const SNIPPET_ID: &str = "d3b07384-d113-4ec6-a3b2-9f7e2f1c0a44";
const FUNCTION_SLUG: &str = "hello-world";
const OAUTH_CLIENT_ID: &str = "3f1f6a4e-7c2b-4e0a-9d8e-5b6c7d8e9f00";
const REDIRECT_URI: &str = "https://app.example.com/oauth/callback";

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

/// Every operationId of the document, with the statuses it documents as a
/// success (2xx, and 3xx for the redirect).
fn documented_successes() -> BTreeMap<String, Vec<u16>> {
    let text = std::fs::read(prism::spec_path()).expect("the OpenAPI document is readable");
    let spec: Value = serde_json::from_slice(&text).expect("the OpenAPI document is JSON");
    let mut operations = BTreeMap::new();
    for item in spec["paths"].as_object().expect("the document has paths").values() {
        for (method, operation) in item.as_object().expect("a path item is an object") {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") {
                continue;
            }
            let id = operation["operationId"].as_str().expect("every operation has an operationId");
            let statuses: Vec<u16> = operation["responses"]
                .as_object()
                .expect("every operation has responses")
                .keys()
                .filter_map(|code| code.parse().ok())
                .filter(|code| (200..400).contains(code))
                .collect();
            assert!(!statuses.is_empty(), "{id} documents no success answer");
            assert!(operations.insert(id.to_string(), statuses).is_none(), "operationId {id} is not unique");
        }
    }
    operations
}

// ---------------------------------------------------------------------------
// Was it accepted?
// ---------------------------------------------------------------------------

/// Whether Prism accepted a request: it answered one of the operation's
/// documented success statuses and listed no violation in `sl-violations`.
/// Otherwise, why not: the status, the violations and Prism's error body.
fn accepted(expected: &[u16], status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), String> {
    let violations = headers.get(VIOLATIONS).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if expected.contains(&status.as_u16()) && violations.is_none() {
        return Ok(());
    }
    let mut why = format!("Prism answered {status} (documented: {expected:?})");
    if let Some(violations) = violations {
        why.push_str(&format!("; {VIOLATIONS}: {violations}"));
    }
    if !body.is_empty() {
        let text = String::from_utf8_lossy(body);
        let text = match serde_json::from_str::<Value>(&text) {
            Ok(json) => json.get("validation").map_or_else(|| json.to_string(), Value::to_string),
            Err(_) => text.into_owned(),
        };
        why.push_str(&format!("; body: {text}"));
    }
    Err(why)
}

// ---------------------------------------------------------------------------
// One run over every operation
// ---------------------------------------------------------------------------

/// What a run drove and what went wrong, reported all at once at the end.
struct Run {
    mode: Mode,
    successes: BTreeMap<String, Vec<u16>>,
    covered: BTreeSet<&'static str>,
    failures: Vec<String>,
}

impl Run {
    fn new(mode: Mode) -> Run {
        Run { mode, successes: documented_successes(), covered: BTreeSet::new(), failures: Vec::new() }
    }

    /// Records the call of operation `id` and checks its outcome.
    fn check<T>(&mut self, id: &'static str, result: Result<ApiResponse<T>, Error>) {
        assert!(self.covered.insert(id), "{id} is driven twice in one run");
        self.outcome(id, result);
    }

    /// Checks one more call of an operation already driven (another variant
    /// of its arguments), without counting it as coverage.
    fn check_again<T>(&mut self, id: &'static str, variant: &str, result: Result<ApiResponse<T>, Error>) {
        assert!(self.covered.contains(id), "{id} must be driven before its variants");
        self.outcome(&format!("{id} ({variant})"), result);
    }

    fn outcome<T>(&mut self, label: &str, result: Result<ApiResponse<T>, Error>) {
        let id = label.split(' ').next().unwrap_or(label);
        let Some(expected) = self.successes.get(id) else {
            self.failures.push(format!("{label}: not an operationId of the document"));
            return;
        };
        let failure = match &result {
            Ok(response) => accepted(expected, response.status(), response.headers(), b"")
                .err()
                .map(|why| format!("the request was not accepted: {why}")),
            Err(Error::Api(error)) => Some(match accepted(expected, error.status(), error.headers(), error.body()) {
                Err(why) => format!("the request was not accepted: {why}"),
                Ok(()) => format!("a documented success came back as an error: {error}"),
            }),
            Err(Error::Decode(error)) => Some(format!(
                "the answer did not parse as `{}`{}: {} (status {}, {} bytes: {})",
                error.expected_type(),
                error.path().map(|p| format!(" at `{p}`")).unwrap_or_default(),
                error.message(),
                error.status(),
                error.body().len(),
                String::from_utf8_lossy(&error.body()[..error.body().len().min(600)]),
            )),
            Err(other) => Some(format!("the call failed: {other}")),
        };
        if let Some(failure) = failure {
            self.failures.push(format!("{label}: {failure}"));
        }
    }

    /// Whether every operation of the document was driven and accepted, and
    /// every answer parsed; otherwise what went wrong.
    fn verdict(&self, prism: &Prism) -> Result<(), String> {
        let documented: BTreeSet<&str> = self.successes.keys().map(String::as_str).collect();
        let missing: Vec<&&str> = documented.difference(&self.covered).collect();
        let unknown: Vec<&&str> = self.covered.difference(&documented).collect();
        if !missing.is_empty() || !unknown.is_empty() {
            return Err(format!(
                "[{}] the operations driven must be the document's: not driven {missing:?}, not in the document {unknown:?}",
                self.mode
            ));
        }
        if !self.failures.is_empty() {
            return Err(format!(
                "[{}] {} of {} operations failed the contract:\n  - {}\n\nPrism's last output:\n{}",
                self.mode,
                self.failures.len(),
                documented.len(),
                self.failures.join("\n  - "),
                prism.log_tail(40)
            ));
        }
        Ok(())
    }

    /// Fails the test unless the run's [`verdict`](Self::verdict) is good.
    fn finish(self, prism: &Prism) {
        if let Err(why) = self.verdict(prism) {
            panic!("{why}");
        }
        eprintln!("[{}] all {} operations accepted by Prism, every answer parsed", self.mode, self.covered.len());
    }
}

/// The client every operation but the two OAuth ones is driven with.
fn client(prism: &Prism) -> Client {
    Client::builder()
        .base_url(prism.base_url())
        .bearer_token("contract-test-token")
        .retry(RetryPolicy::never())
        .build()
        .expect("a valid client")
}

/// EXCEPTION for `v1-authorize-user` and `v1-exchange-oauth-token`: the
/// document secures them with `oauth2`, and Prism's `oauth2` check is that the
/// request carries `Authorization: Bearer <anything>` (it answers 401
/// `WWW-Authenticate: OAuth2` otherwise). The client rightly sends no token to
/// the endpoints that issue tokens, so this client's HTTP client adds a
/// placeholder bearer header to every request. Query, form body and answers
/// are validated as for every other operation; `exceptions_are_still_needed`
/// fails once Prism accepts these operations without the header.
fn oauth_client(prism: &Prism) -> Client {
    // Building the regular client first installs the TLS provider reqwest needs.
    let _ = client(prism);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer placeholder-for-prism-oauth2-check"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    Client::builder()
        .base_url(prism.base_url())
        .http_client(http)
        .retry(RetryPolicy::never())
        .build()
        .expect("a valid client")
}

/// Calls every operation of the document once, with every parameter and body
/// field set to a realistic value, and checks each outcome.
async fn drive_every_operation(prism: &Prism, mode: Mode) {
    let c = &client(prism);
    let oauth = &oauth_client(prism);
    let mut run = Run::new(mode);

    // Branches
    run.check("v1-get-a-branch-config", c.get_a_branch_config(BRANCH_ID).send_with_meta().await);
    run.check(
        "v1-update-a-branch-config",
        c.update_a_branch_config(BRANCH_ID, update_branch_body()).send_with_meta().await,
    );
    run.check("v1-reset-a-branch", c.reset_a_branch(BRANCH_ID).send_with_meta().await);
    run.check("v1-delete-a-branch", c.delete_a_branch(BRANCH_ID).send_with_meta().await);
    run.check("v1-list-all-branches", c.list_all_branches(REF).send_with_meta().await);
    run.check("v1-create-a-branch", c.create_a_branch(REF, create_branch_body()).send_with_meta().await);
    run.check("v1-disable-preview-branching", c.disable_preview_branching(REF).send_with_meta().await);

    // OAuth (see `oauth_client` for why they use their own client)
    run.check(
        "v1-authorize-user",
        oauth
            .authorize_user(OAUTH_CLIENT_ID, AuthorizeUserResponseType::Code, REDIRECT_URI)
            .scope("read write")
            .state("af0ifjsldkj")
            .response_mode("query")
            .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
            .code_challenge_method(AuthorizeUserCodeChallengeMethod::S256)
            .send_with_meta()
            .await,
    );
    run.check("v1-exchange-oauth-token", oauth.exchange_oauth_token(oauth_token_body()).send_with_meta().await);

    // Organizations
    run.check("v1-list-all-organizations", c.list_all_organizations().send_with_meta().await);
    run.check(
        "v1-create-an-organization",
        c.create_an_organization(CreateOrganizationBodyV1 { name: "Acme Corp".into() }).send_with_meta().await,
    );
    run.check("v1-get-an-organization", c.get_an_organization(ORG_SLUG).send_with_meta().await);
    run.check("v1-list-organization-members", c.list_organization_members(ORG_SLUG).send_with_meta().await);

    // Projects
    run.check("v1-list-all-projects", c.list_all_projects().send_with_meta().await);
    run.check("v1-create-a-project", c.create_a_project(create_project_body()).send_with_meta().await);
    run.check("v1-delete-a-project", c.delete_a_project(REF).send_with_meta().await);
    run.check("v1-get-project-api-keys", c.get_project_api_keys(REF).send_with_meta().await);
    run.check(
        "v1-get-services-health",
        c.get_services_health(
            REF,
            &[
                GetServicesHealthServicesItem::Auth,
                GetServicesHealthServicesItem::Db,
                GetServicesHealthServicesItem::Pooler,
                GetServicesHealthServicesItem::Realtime,
                GetServicesHealthServicesItem::Rest,
                GetServicesHealthServicesItem::Storage,
            ],
        )
        .timeout_ms(5000)
        .send_with_meta()
        .await,
    );
    run.check(
        "v1-generate-typescript-types",
        c.generate_typescript_types(REF).included_schemas("public,graphql_public").send_with_meta().await,
    );
    run.check("v1-list-all-buckets", c.list_all_buckets(REF).send_with_meta().await);

    // Auth configuration and SSO
    run.check("v1-get-auth-service-config", c.get_auth_service_config(REF).send_with_meta().await);
    run.check(
        "v1-update-auth-service-config",
        c.update_auth_service_config(REF, update_auth_config_body()).send_with_meta().await,
    );
    run.check("v1-list-all-sso-provider", c.list_all_sso_provider(REF).send_with_meta().await);
    run.check("v1-create-a-sso-provider", c.create_a_sso_provider(REF, create_provider_body()).send_with_meta().await);
    run.check("v1-get-a-sso-provider", c.get_a_sso_provider(REF, PROVIDER_ID).send_with_meta().await);
    run.check(
        "v1-update-a-sso-provider",
        c.update_a_sso_provider(REF, PROVIDER_ID, update_provider_body()).send_with_meta().await,
    );
    run.check("v1-delete-a-sso-provider", c.delete_a_sso_provider(REF, PROVIDER_ID).send_with_meta().await);

    // Database configuration
    run.check("v1-get-project-pgbouncer-config", c.get_project_pgbouncer_config(REF).send_with_meta().await);
    run.check("v1-get-supavisor-config", c.get_supavisor_config(REF).send_with_meta().await);
    run.check(
        "v1-update-supavisor-config",
        c.update_supavisor_config(REF, update_supavisor_body()).send_with_meta().await,
    );
    run.check_again(
        "v1-update-supavisor-config",
        "default_pool_size: null",
        c.update_supavisor_config(
            REF,
            UpdateSupavisorConfigBody { default_pool_size: Some(None), ..Default::default() },
        )
        .send_with_meta()
        .await,
    );
    run.check("v1-get-postgres-config", c.get_postgres_config(REF).send_with_meta().await);
    run.check(
        "v1-update-postgres-config",
        c.update_postgres_config(REF, update_postgres_body()).send_with_meta().await,
    );
    run.check("v1-get-postgrest-service-config", c.get_postgrest_service_config(REF).send_with_meta().await);
    run.check(
        "v1-update-postgrest-service-config",
        c.update_postgrest_service_config(
            REF,
            UpdatePostgrestConfigBody {
                db_extra_search_path: Some("public,extensions".into()),
                db_pool: Some(10),
                db_schema: Some("public,storage,graphql_public".into()),
                max_rows: Some(1000),
            },
        )
        .send_with_meta()
        .await,
    );
    run.check("v1-get-pgsodium-config", c.get_pgsodium_config(REF).send_with_meta().await);
    run.check(
        "v1-update-pgsodium-config",
        c.update_pgsodium_config(
            REF,
            UpdatePgsodiumConfigBody {
                root_key: "7f3c1e9a0b5d4c8e2f6a1b3d5c7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e".into(),
            },
        )
        .send_with_meta()
        .await,
    );
    run.check("v1-get-ssl-enforcement-config", c.get_ssl_enforcement_config(REF).send_with_meta().await);
    run.check(
        "v1-update-ssl-enforcement-config",
        c.update_ssl_enforcement_config(
            REF,
            SslEnforcementRequest { requested_config: SslEnforcements { database: true } },
        )
        .send_with_meta()
        .await,
    );
    run.check("v1-get-readonly-mode-status", c.get_readonly_mode_status(REF).send_with_meta().await);
    run.check("v1-disable-readonly-mode-temporarily", c.disable_readonly_mode_temporarily(REF).send_with_meta().await);

    // Database: backups, queries, webhooks, replicas, upgrades
    run.check("v1-list-all-backups", c.list_all_backups(REF).send_with_meta().await);
    run.check(
        "v1-restore-pitr-backup",
        c.restore_pitr_backup(REF, V1RestorePitrBody { recovery_time_target_unix: 1_735_689_600.0 })
            .send_with_meta()
            .await,
    );
    run.check(
        "v1-run-a-query",
        c.run_a_query(
            REF,
            V1RunQueryBody { query: "select id, email from auth.users order by created_at limit 10".into() },
        )
        .send_with_meta()
        .await,
    );
    run.check("v1-enable-database-webhook", c.enable_database_webhook(REF).send_with_meta().await);
    run.check(
        "v1-setup-a-read-replica",
        c.setup_a_read_replica(
            REF,
            SetUpReadReplicaBody { read_replica_region: SetUpReadReplicaBodyReadReplicaRegion::EuWest2 },
        )
        .send_with_meta()
        .await,
    );
    run.check(
        "v1-remove-a-read-replica",
        c.remove_a_read_replica(
            REF,
            RemoveReadReplicaBody { database_identifier: "abcdefghijklmnopqrst-rr-eu-west-2-xkzqp".into() },
        )
        .send_with_meta()
        .await,
    );
    run.check(
        "v1-upgrade-postgres-version",
        c.upgrade_postgres_version(REF, UpgradeDatabaseBody { target_version: 15.0 }).send_with_meta().await,
    );
    run.check("v1-get-postgrest-upgrade-eligibility", c.get_postgrest_upgrade_eligibility(REF).send_with_meta().await);
    run.check("v1-get-postgrest-upgrade-status", c.get_postgrest_upgrade_status(REF).send_with_meta().await);

    // Custom hostname and vanity subdomain
    run.check("v1-get-hostname-config", c.get_hostname_config(REF).send_with_meta().await);
    run.check(
        "v1-update-hostname-config",
        c.update_hostname_config(REF, UpdateCustomHostnameBody { custom_hostname: "api.example.com".into() })
            .send_with_meta()
            .await,
    );
    run.check("v1-verify-dns-config", c.verify_dns_config(REF).send_with_meta().await);
    run.check("v1-activate-custom-hostname", c.activate_custom_hostname(REF).send_with_meta().await);
    run.check("v1-get-vanity-subdomain-config", c.get_vanity_subdomain_config(REF).send_with_meta().await);
    run.check(
        "v1-check-vanity-subdomain-availability",
        c.check_vanity_subdomain_availability(REF, VanitySubdomainBody { vanity_subdomain: "acme".into() })
            .send_with_meta()
            .await,
    );
    run.check(
        "v1-activate-vanity-subdomain-config",
        c.activate_vanity_subdomain_config(REF, VanitySubdomainBody { vanity_subdomain: "acme".into() })
            .send_with_meta()
            .await,
    );
    run.check(
        "v1-deactivate-vanity-subdomain-config",
        c.deactivate_vanity_subdomain_config(REF).send_with_meta().await,
    );

    // Edge Functions
    run.check("v1-list-all-functions", c.list_all_functions(REF).send_with_meta().await);
    run.check("v1-get-a-function", c.get_a_function(REF, FUNCTION_SLUG).send_with_meta().await);
    run.check("v1-get-a-function-body", c.get_a_function_body(REF, FUNCTION_SLUG).send_with_meta().await);
    // EXCEPTION: the JSON body, not the eszip one, whose media type the document
    // gives the JSON object schema (see `exceptions_are_still_needed`).
    run.check(
        "v1-update-a-function",
        c.update_a_function(
            REF,
            FUNCTION_SLUG,
            V1UpdateFunctionBody {
                body: Some("Deno.serve(() => new Response(\"Hello from Edge Functions!\"))".into()),
                name: Some("Hello World".into()),
                verify_jwt: Some(true),
            },
        )
        .slug(FUNCTION_SLUG)
        .name("Hello World")
        .verify_jwt(true)
        .import_map(true)
        .entrypoint_path("index.ts")
        .import_map_path("import_map.json")
        .send_with_meta()
        .await,
    );
    run.check("v1-delete-a-function", c.delete_a_function(REF, FUNCTION_SLUG).send_with_meta().await);

    // Network
    run.check("v1-list-all-network-bans", c.list_all_network_bans(REF).send_with_meta().await);
    run.check(
        "v1-delete-network-bans",
        c.delete_network_bans(
            REF,
            RemoveNetworkBanRequest { ipv4_addresses: vec!["203.0.113.7".into(), "198.51.100.23".into()] },
        )
        .send_with_meta()
        .await,
    );
    run.check("v1-get-network-restrictions", c.get_network_restrictions(REF).send_with_meta().await);
    run.check(
        "v1-update-network-restrictions",
        c.update_network_restrictions(
            REF,
            NetworkRestrictionsRequest {
                db_allowed_cidrs: Some(vec!["203.0.113.0/24".into(), "198.51.100.23/32".into()]),
                db_allowed_cidrs_v6: Some(vec!["2001:db8::/32".into()]),
            },
        )
        .send_with_meta()
        .await,
    );

    // Secrets
    run.check("v1-list-all-secrets", c.list_all_secrets(REF).send_with_meta().await);
    run.check(
        "v1-bulk-create-secrets",
        c.bulk_create_secrets(
            REF,
            vec![
                CreateSecretBody { name: "STRIPE_SECRET_KEY".into(), value: "sk_test_4eC39HqLyjWDarjtT1zdp7dc".into() },
                CreateSecretBody { name: "OPENAI_API_KEY".into(), value: "sk-proj-contract-test-value".into() },
            ],
        )
        .send_with_meta()
        .await,
    );
    run.check(
        "v1-bulk-delete-secrets",
        c.bulk_delete_secrets(REF, vec!["STRIPE_SECRET_KEY".into(), "OPENAI_API_KEY".into()]).send_with_meta().await,
    );

    // Snippets
    run.check("v1-list-all-snippets", c.list_all_snippets().project_ref(REF).send_with_meta().await);
    run.check("v1-get-a-snippet", c.get_a_snippet(SNIPPET_ID).send_with_meta().await);

    run.finish(prism);
}

// ---------------------------------------------------------------------------
// Bodies with every field set
// ---------------------------------------------------------------------------

fn update_branch_body() -> UpdateBranchBody {
    UpdateBranchBody {
        branch_name: Some("feature-login".into()),
        git_branch: Some("feature/login".into()),
        persistent: Some(false),
        reset_on_push: Some(true),
        status: Some(UpdateBranchBodyStatus::MigrationsPassed),
    }
}

fn create_branch_body() -> CreateBranchBody {
    CreateBranchBody {
        branch_name: "feature-login".into(),
        desired_instance_size: Some(DesiredInstanceSize::Micro),
        git_branch: Some("feature/login".into()),
        persistent: Some(false),
        region: Some("eu-central-1".into()),
    }
}

fn oauth_token_body() -> OAuthTokenBody {
    OAuthTokenBody {
        grant_type: OAuthTokenBodyGrantType::AuthorizationCode,
        client_id: OAUTH_CLIENT_ID.into(),
        client_secret: "sba_0123456789abcdef0123456789abcdef01234567".into(),
        code: Some("8f14e45f-ceea-467f-a0e6-aa2b6d6c6e3a".into()),
        code_verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
        redirect_uri: Some(REDIRECT_URI.into()),
        refresh_token: Some("v1.MRjcyyXhBz1ABCdeFgHiJkLmNoPqRsTuVwXyZ".into()),
    }
}

// `plan` and `kps_enabled` are deprecated, and still in the document: set them too.
#[allow(deprecated)]
fn create_project_body() -> V1CreateProjectBody {
    V1CreateProjectBody {
        db_pass: "correct-horse-battery-staple-42".into(),
        desired_instance_size: Some(DesiredInstanceSize::Small),
        kps_enabled: Some(false),
        name: "acme-production".into(),
        organization_id: ORG_SLUG.into(),
        plan: Some(V1CreateProjectBodyPlan::Pro),
        region: V1CreateProjectBodyRegion::EuCentral1,
        template_url: Some(
            "https://github.com/supabase/supabase/tree/master/examples/todo-list/nextjs-todo-list".into(),
        ),
    }
}

/// An attribute mapping whose defaults take each form the document allows.
fn attribute_mapping() -> AttributeMapping {
    let mut keys = BTreeMap::new();
    keys.insert(
        "email".to_string(),
        AttributeValue {
            array: Some(false),
            default: Some(AttributeValueDefault::String("unknown@example.com".into())),
            name: Some("mail".into()),
            names: Some(vec!["mail".into(), "emailAddress".into()]),
        },
    );
    keys.insert(
        "groups".to_string(),
        AttributeValue {
            array: Some(true),
            default: Some(AttributeValueDefault::Object(
                json!({ "role": "member" }).as_object().expect("an object").clone(),
            )),
            name: Some("memberOf".into()),
            names: Some(vec!["memberOf".into(), "groups".into()]),
        },
    );
    keys.insert(
        "level".to_string(),
        AttributeValue {
            array: Some(false),
            default: Some(AttributeValueDefault::Number(1.0)),
            name: Some("employeeLevel".into()),
            names: Some(vec!["employeeLevel".into()]),
        },
    );
    keys.insert(
        "admin".to_string(),
        AttributeValue {
            array: Some(false),
            default: Some(AttributeValueDefault::Boolean(false)),
            name: Some("isAdmin".into()),
            names: Some(vec!["isAdmin".into()]),
        },
    );
    AttributeMapping { keys }
}

const SAML_METADATA: &str = r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/saml/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#;

fn create_provider_body() -> CreateProviderBody {
    CreateProviderBody {
        attribute_mapping: Some(attribute_mapping()),
        domains: Some(vec!["example.com".into(), "example.org".into()]),
        metadata_url: Some("https://idp.example.com/saml/metadata".into()),
        metadata_xml: Some(SAML_METADATA.into()),
        r#type: CreateProviderBodyType::Saml,
    }
}

fn update_provider_body() -> UpdateProviderBody {
    UpdateProviderBody {
        attribute_mapping: Some(attribute_mapping()),
        domains: Some(vec!["example.com".into()]),
        metadata_url: Some("https://idp.example.com/saml/metadata".into()),
        metadata_xml: Some(SAML_METADATA.into()),
    }
}

// `pool_mode` is deprecated, and still in the document: set it too.
#[allow(deprecated)]
fn update_supavisor_body() -> UpdateSupavisorConfigBody {
    UpdateSupavisorConfigBody {
        default_pool_size: Some(Some(20)),
        pool_mode: Some(UpdateSupavisorConfigBodyPoolMode::Transaction),
    }
}

fn update_postgres_body() -> UpdatePostgresConfigBody {
    UpdatePostgresConfigBody {
        effective_cache_size: Some("4GB".into()),
        maintenance_work_mem: Some("256MB".into()),
        max_connections: Some(200),
        max_locks_per_transaction: Some(64),
        max_parallel_maintenance_workers: Some(2),
        max_parallel_workers: Some(8),
        max_parallel_workers_per_gather: Some(2),
        max_standby_archive_delay: Some("30s".into()),
        max_standby_streaming_delay: Some("30s".into()),
        max_worker_processes: Some(8),
        session_replication_role: Some(UpdatePostgresConfigBodySessionReplicationRole::Origin),
        shared_buffers: Some("1GB".into()),
        statement_timeout: Some("8s".into()),
        work_mem: Some("16MB".into()),
    }
}

/// Every field of the auth configuration, each within the document's pattern,
/// enum or range.
fn update_auth_config_body() -> UpdateAuthConfigBody {
    UpdateAuthConfigBody {
        api_max_request_duration: Some(10.0),
        db_max_pool_size: Some(15.0),
        disable_signup: Some(true),
        external_anonymous_users_enabled: Some(true),
        external_apple_additional_client_ids: Some("extra-client-1,extra-client-2".into()),
        external_apple_client_id: Some("apple-client-id".into()),
        external_apple_enabled: Some(true),
        external_apple_secret: Some("apple-client-secret".into()),
        external_azure_client_id: Some("azure-client-id".into()),
        external_azure_enabled: Some(true),
        external_azure_secret: Some("azure-client-secret".into()),
        external_azure_url: Some("https://azure.example.com".into()),
        external_bitbucket_client_id: Some("bitbucket-client-id".into()),
        external_bitbucket_enabled: Some(true),
        external_bitbucket_secret: Some("bitbucket-client-secret".into()),
        external_discord_client_id: Some("discord-client-id".into()),
        external_discord_enabled: Some(true),
        external_discord_secret: Some("discord-client-secret".into()),
        external_email_enabled: Some(true),
        external_facebook_client_id: Some("facebook-client-id".into()),
        external_facebook_enabled: Some(true),
        external_facebook_secret: Some("facebook-client-secret".into()),
        external_figma_client_id: Some("figma-client-id".into()),
        external_figma_enabled: Some(true),
        external_figma_secret: Some("figma-client-secret".into()),
        external_github_client_id: Some("github-client-id".into()),
        external_github_enabled: Some(true),
        external_github_secret: Some("github-client-secret".into()),
        external_gitlab_client_id: Some("gitlab-client-id".into()),
        external_gitlab_enabled: Some(true),
        external_gitlab_secret: Some("gitlab-client-secret".into()),
        external_gitlab_url: Some("https://gitlab.example.com".into()),
        external_google_additional_client_ids: Some("extra-client-1,extra-client-2".into()),
        external_google_client_id: Some("google-client-id".into()),
        external_google_enabled: Some(true),
        external_google_secret: Some("google-client-secret".into()),
        external_google_skip_nonce_check: Some(false),
        external_kakao_client_id: Some("kakao-client-id".into()),
        external_kakao_enabled: Some(true),
        external_kakao_secret: Some("kakao-client-secret".into()),
        external_keycloak_client_id: Some("keycloak-client-id".into()),
        external_keycloak_enabled: Some(true),
        external_keycloak_secret: Some("keycloak-client-secret".into()),
        external_keycloak_url: Some("https://keycloak.example.com".into()),
        external_linkedin_oidc_client_id: Some("linkedin-oidc-client-id".into()),
        external_linkedin_oidc_enabled: Some(true),
        external_linkedin_oidc_secret: Some("linkedin-oidc-client-secret".into()),
        external_notion_client_id: Some("notion-client-id".into()),
        external_notion_enabled: Some(true),
        external_notion_secret: Some("notion-client-secret".into()),
        external_phone_enabled: Some(true),
        external_slack_client_id: Some("slack-client-id".into()),
        external_slack_enabled: Some(true),
        external_slack_oidc_client_id: Some("slack-oidc-client-id".into()),
        external_slack_oidc_enabled: Some(true),
        external_slack_oidc_secret: Some("slack-oidc-client-secret".into()),
        external_slack_secret: Some("slack-client-secret".into()),
        external_spotify_client_id: Some("spotify-client-id".into()),
        external_spotify_enabled: Some(true),
        external_spotify_secret: Some("spotify-client-secret".into()),
        external_twitch_client_id: Some("twitch-client-id".into()),
        external_twitch_enabled: Some(true),
        external_twitch_secret: Some("twitch-client-secret".into()),
        external_twitter_client_id: Some("twitter-client-id".into()),
        external_twitter_enabled: Some(true),
        external_twitter_secret: Some("twitter-client-secret".into()),
        external_workos_client_id: Some("workos-client-id".into()),
        external_workos_enabled: Some(true),
        external_workos_secret: Some("workos-client-secret".into()),
        external_workos_url: Some("https://workos.example.com".into()),
        external_zoom_client_id: Some("zoom-client-id".into()),
        external_zoom_enabled: Some(true),
        external_zoom_secret: Some("zoom-client-secret".into()),
        hook_custom_access_token_enabled: Some(true),
        hook_custom_access_token_secrets: Some("v1,whsec_c2VjcmV0LWZvci1jb250cmFjdC10ZXN0cw==".into()),
        hook_custom_access_token_uri: Some("pg-functions://postgres/public/custom_access_token".into()),
        hook_mfa_verification_attempt_enabled: Some(true),
        hook_mfa_verification_attempt_secrets: Some("v1,whsec_c2VjcmV0LWZvci1jb250cmFjdC10ZXN0cw==".into()),
        hook_mfa_verification_attempt_uri: Some("pg-functions://postgres/public/mfa_verification_attempt".into()),
        hook_password_verification_attempt_enabled: Some(true),
        hook_password_verification_attempt_secrets: Some("v1,whsec_c2VjcmV0LWZvci1jb250cmFjdC10ZXN0cw==".into()),
        hook_password_verification_attempt_uri: Some("pg-functions://postgres/public/password_verification_attempt".into()),
        hook_send_email_enabled: Some(true),
        hook_send_email_secrets: Some("v1,whsec_c2VjcmV0LWZvci1jb250cmFjdC10ZXN0cw==".into()),
        hook_send_email_uri: Some("pg-functions://postgres/public/send_email".into()),
        hook_send_sms_enabled: Some(true),
        hook_send_sms_secrets: Some("v1,whsec_c2VjcmV0LWZvci1jb250cmFjdC10ZXN0cw==".into()),
        hook_send_sms_uri: Some("pg-functions://postgres/public/send_sms".into()),
        jwt_exp: Some(3600.0),
        mailer_allow_unverified_email_sign_ins: Some(true),
        mailer_autoconfirm: Some(true),
        mailer_otp_exp: Some(3600.0),
        mailer_otp_length: Some(6.0),
        mailer_secure_email_change_enabled: Some(true),
        mailer_subjects_confirmation: Some("Confirm your signup".into()),
        mailer_subjects_email_change: Some("Confirm your new email".into()),
        mailer_subjects_invite: Some("You have been invited".into()),
        mailer_subjects_magic_link: Some("Your magic link".into()),
        mailer_subjects_reauthentication: Some("Confirm reauthentication".into()),
        mailer_subjects_recovery: Some("Reset your password".into()),
        mailer_templates_confirmation_content: Some("<h2>Confirmation</h2><p><a href=\"{{ .ConfirmationURL }}\">Continue</a></p>".into()),
        mailer_templates_email_change_content: Some("<h2>Email Change</h2><p><a href=\"{{ .ConfirmationURL }}\">Continue</a></p>".into()),
        mailer_templates_invite_content: Some("<h2>Invite</h2><p><a href=\"{{ .ConfirmationURL }}\">Continue</a></p>".into()),
        mailer_templates_magic_link_content: Some("<h2>Magic Link</h2><p><a href=\"{{ .ConfirmationURL }}\">Continue</a></p>".into()),
        mailer_templates_reauthentication_content: Some("<h2>Reauthentication</h2><p><a href=\"{{ .ConfirmationURL }}\">Continue</a></p>".into()),
        mailer_templates_recovery_content: Some("<h2>Recovery</h2><p><a href=\"{{ .ConfirmationURL }}\">Continue</a></p>".into()),
        mfa_max_enrolled_factors: Some(10.0),
        mfa_phone_enroll_enabled: Some(true),
        mfa_phone_max_frequency: Some(5.0),
        mfa_phone_otp_length: Some(6.0),
        mfa_phone_template: Some("Your verification code is {{ .Code }}".into()),
        mfa_phone_verify_enabled: Some(true),
        mfa_totp_enroll_enabled: Some(true),
        mfa_totp_verify_enabled: Some(true),
        password_hibp_enabled: Some(true),
        password_min_length: Some(12.0),
        password_required_characters: Some(UpdateAuthConfigBodyPasswordRequiredCharacters::AbcdefghijklmnopqrstuvwxyzAbcdefghijklmnopqrstuvwxyz0123456789_2),
        rate_limit_anonymous_users: Some(30.0),
        rate_limit_email_sent: Some(4.0),
        rate_limit_otp: Some(30.0),
        rate_limit_sms_sent: Some(30.0),
        rate_limit_token_refresh: Some(150.0),
        rate_limit_verify: Some(30.0),
        refresh_token_rotation_enabled: Some(true),
        saml_enabled: Some(true),
        saml_external_url: Some("https://auth.example.com/sso/saml".into()),
        security_captcha_enabled: Some(true),
        security_captcha_provider: Some("hcaptcha".into()),
        security_captcha_secret: Some("security-captcha-secret-secret-value".into()),
        security_manual_linking_enabled: Some(true),
        security_refresh_token_reuse_interval: Some(10.0),
        security_update_password_require_reauthentication: Some(true),
        sessions_inactivity_timeout: Some(28800.0),
        sessions_single_per_user: Some(true),
        sessions_tags: Some("admin,staff".into()),
        sessions_timebox: Some(86400.0),
        site_url: Some("https://app.example.com".into()),
        sms_autoconfirm: Some(true),
        sms_max_frequency: Some(60.0),
        sms_messagebird_access_key: Some("sms-messagebird-access-key-secret-value".into()),
        sms_messagebird_originator: Some("ExampleApp".into()),
        sms_otp_exp: Some(60.0),
        sms_otp_length: Some(6.0),
        sms_provider: Some("twilio".into()),
        sms_template: Some("Your code is {{ .Code }}".into()),
        sms_test_otp: Some("15555550100=123456,15555550101=654321".into()),
        sms_test_otp_valid_until: Some("2030-01-01T00:00:00Z".into()),
        sms_textlocal_api_key: Some("sms-textlocal-api-key-secret-value".into()),
        sms_textlocal_sender: Some("EXMPL".into()),
        sms_twilio_account_sid: Some("AC0123456789abcdef0123456789abcdef".into()),
        sms_twilio_auth_token: Some("sms-twilio-auth-token-secret-value".into()),
        sms_twilio_content_sid: Some("HX0123456789abcdef0123456789abcdef".into()),
        sms_twilio_message_service_sid: Some("MG0123456789abcdef0123456789abcdef".into()),
        sms_twilio_verify_account_sid: Some("AC0123456789abcdef0123456789abcdee".into()),
        sms_twilio_verify_auth_token: Some("sms-twilio-verify-auth-token-secret-value".into()),
        sms_twilio_verify_message_service_sid: Some("VA0123456789abcdef0123456789abcdef".into()),
        sms_vonage_api_key: Some("sms-vonage-api-key-secret-value".into()),
        sms_vonage_api_secret: Some("sms-vonage-api-secret-secret-value".into()),
        sms_vonage_from: Some("ExampleApp".into()),
        smtp_admin_email: Some("noreply@example.com".into()),
        smtp_host: Some("smtp.example.com".into()),
        smtp_max_frequency: Some(60.0),
        smtp_pass: Some("smtp-pass-secret-value".into()),
        smtp_port: Some("587".into()),
        smtp_sender_name: Some("Example App".into()),
        smtp_user: Some("apikey".into()),
        uri_allow_list: Some("https://app.example.com/**,http://localhost:3000".into()),
    }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_operation_against_static_answers() {
    let prism = Prism::start(Mode::Static);
    drive_every_operation(&prism, Mode::Static).await;
}

#[tokio::test]
async fn every_operation_against_dynamic_answers_for_several_seeds() {
    for seed in SEEDS {
        let mode = Mode::Dynamic { seed };
        let prism = Prism::start(mode);
        drive_every_operation(&prism, mode).await;
    }
}

/// The harness can fail: requests that break the document are reported as
/// not accepted, with Prism's violation.
#[tokio::test]
async fn broken_requests_are_reported_as_violations() {
    let prism = Prism::start(Mode::Static);
    let successes = documented_successes();
    let http = raw_http();
    let url = |path: &str| format!("{}{path}", prism.base_url());

    // A required body field missing: `name` of an organization.
    let response = http
        .post(url("/v1/organizations"))
        .bearer_auth("contract-test-token")
        .header(CONTENT_TYPE, "application/json")
        .body(json!({}).to_string())
        .send()
        .await
        .expect("Prism answers");
    let why = rejection(&successes["v1-create-an-organization"], response).await;
    assert!(why.contains("422") && why.contains("must have required property 'name'"), "{why}");

    // A wrong type: `database` must be a boolean.
    let response = http
        .put(url(&format!("/v1/projects/{REF}/ssl-enforcement")))
        .bearer_auth("contract-test-token")
        .header(CONTENT_TYPE, "application/json")
        .body(json!({ "requestedConfig": { "database": "yes" } }).to_string())
        .send()
        .await
        .expect("Prism answers");
    let why = rejection(&successes["v1-update-ssl-enforcement-config"], response).await;
    assert!(why.contains("422") && why.contains("must be boolean"), "{why}");

    // A value outside the enum of a required query parameter.
    let response = http
        .get(url(&format!("/v1/projects/{REF}/health?services=auth&services=graphql")))
        .bearer_auth("contract-test-token")
        .send()
        .await
        .expect("Prism answers");
    let why = rejection(&successes["v1-get-services-health"], response).await;
    assert!(why.contains("must be equal to one of the allowed values"), "{why}");

    // No token where the document requires a bearer token.
    let response = http.get(url("/v1/projects")).send().await.expect("Prism answers");
    let why = rejection(&successes["v1-list-all-projects"], response).await;
    assert!(why.contains("401"), "{why}");

    // A violation Prism only warns about, in `sl-violations`, is a failure too.
    let mut headers = HeaderMap::new();
    headers.insert(VIOLATIONS, HeaderValue::from_static(r#"[{"message":"a warning"}]"#));
    let why = accepted(&[200], StatusCode::OK, &headers, b"").expect_err("a violation is not accepted");
    assert!(why.contains("a warning"), "{why}");
    // A success status the operation does not document is a failure.
    assert!(accepted(&[201], StatusCode::OK, &HeaderMap::new(), b"").is_err());

    // Through the client and the run's own check: a secret name the document
    // forbids (`^(?!SUPABASE_).*`) is reported with the pattern.
    let c = client(&prism);
    let mut run = Run::new(Mode::Static);
    run.check(
        "v1-bulk-create-secrets",
        c.bulk_create_secrets(REF, vec![CreateSecretBody { name: "SUPABASE_URL".into(), value: "x".into() }])
            .send_with_meta()
            .await,
    );
    assert_eq!(run.failures.len(), 1, "{:?}", run.failures);
    assert!(run.failures[0].contains("must match pattern"), "{}", run.failures[0]);

    // And a run that misses operations fails.
    let why = Run { failures: Vec::new(), ..run }.verdict(&prism).expect_err("a run that drove one operation fails");
    assert!(why.contains("not driven") && why.contains("v1-list-all-projects"), "{why}");
}

/// The per-operation exceptions are still needed: when one of these starts to
/// pass, remove its exception from `drive_every_operation`.
#[tokio::test]
async fn exceptions_are_still_needed() {
    let prism = Prism::start(Mode::Static);
    let c = client(&prism);

    // `oauth2` security: without a bearer header Prism answers 401.
    let error = c
        .exchange_oauth_token(oauth_token_body())
        .send_with_meta()
        .await
        .expect_err("Prism rejects the token exchange without a bearer header");
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED, "{error}");
    assert_eq!(api.headers().get("www-authenticate").map(HeaderValue::as_bytes), Some(&b"OAuth2"[..]));
    let error = c
        .authorize_user(OAUTH_CLIENT_ID, AuthorizeUserResponseType::Code, REDIRECT_URI)
        .send_with_meta()
        .await
        .expect_err("Prism rejects the authorization without a bearer header");
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED), "{error}");

    // The eszip body: the document gives it the JSON object schema.
    let error = c
        .update_a_function(REF, FUNCTION_SLUG, Bytes::from_static(b"ESZIP2.3\0\0\0\0"))
        .send_with_meta()
        .await
        .expect_err("Prism rejects an eszip body");
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(api.body_text().contains("Request body must be object"), "{}", api.body_text());
}

/// An HTTP client for requests the generated client would never send.
fn raw_http() -> reqwest::Client {
    // Building a client first installs the TLS provider reqwest needs.
    let _ = Client::builder().base_url("http://127.0.0.1").build();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client")
}

/// Why Prism did not accept a raw request; fails if it did.
async fn rejection(expected: &[u16], response: reqwest::Response) -> String {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("a body");
    accepted(expected, status, &headers, &body).expect_err("Prism must not accept this request")
}
