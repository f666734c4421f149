//! Every operation of the Management API against a local HTTP server: what
//! goes on the wire (method, encoded path, query, authentication, user agent,
//! body) and what comes back (the reference's example answer, decoded).
//!
//! Each test is named after the client method of its operation (the
//! `operationId` without `v1-`, in snake case); `every_operation_has_a_test`
//! fails when the document gains an operation without one. Path parameters
//! are hostile (`a/b?c#d%2e..`) so that a path built by string concatenation
//! shows up as a wrong path.

mod common;

use std::collections::BTreeMap;

use bytes::Bytes;
use reqwest::StatusCode;
use serde_json::json;
use supabase_management::Error;
use supabase_management::types::*;

use common::{HOSTILE, HOSTILE_SEGMENT, ODD, ODD_SEGMENT, received, serve, serve_bytes, serve_empty, serve_example};

/// `/v1/projects/{HOSTILE}` as it must be sent, followed by `rest`.
fn project_path(rest: &str) -> String {
    format!("/v1/projects/{HOSTILE_SEGMENT}{rest}")
}

// ---------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------

/// The name of an operation's client method, and so of its test.
fn method_name(operation_id: &str) -> String {
    operation_id.strip_prefix("v1-").unwrap_or(operation_id).replace('-', "_")
}

/// Whether `source` has a `#[tokio::test]` named after the operation.
fn has_test(source: &str, operation_id: &str) -> bool {
    source.contains(&format!("#[tokio::test]\nasync fn {}() {{", method_name(operation_id)))
}

#[test]
fn every_operation_has_a_test() {
    let source = include_str!("operations.rs");
    let ids = common::operation_ids();
    assert!(!ids.is_empty(), "the document has operations");
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique, ids, "operationIds are unique");
    let missing: Vec<&String> = ids.iter().filter(|id| !has_test(source, id)).collect();
    assert!(missing.is_empty(), "operations without a test named after them: {missing:?}");
}

#[test]
fn every_operation_but_the_redirect_has_an_example() {
    let examples: Vec<String> = std::fs::read_dir(common::spec_dir().join("examples"))
        .expect("spec/examples exists")
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    for id in common::operation_ids() {
        let has_example = examples.iter().any(|name| name.starts_with(&format!("{id}.")));
        assert_eq!(has_example, id != "v1-authorize-user", "example of {id}");
    }
}

// ---------------------------------------------------------------------------
// Environments (branches)
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_a_branch_config() {
    let (client, server) = serve_example("v1-get-a-branch-config", 200).await;

    let branch = client.get_a_branch_config(HOSTILE).await.expect("the branch");

    received(&server).await.is("GET", &format!("/v1/branches/{HOSTILE_SEGMENT}")).with_bearer().without_body();
    assert_eq!(branch.db_port, 42);
    assert_eq!(branch.r#ref, "lorem");
    assert_eq!(branch.status, BranchDetailResponseStatus::ActiveHealthy);
    assert_eq!(branch.db_pass.as_deref(), Some("lorem"));
    assert_eq!(branch.jwt_secret.as_deref(), Some("lorem"));
    assert_eq!(branch.postgres_version, "lorem");
}

#[tokio::test]
async fn delete_a_branch() {
    let (client, server) = serve_example("v1-delete-a-branch", 200).await;

    let deleted = client.delete_a_branch(HOSTILE).await.expect("the deletion");

    received(&server).await.is("DELETE", &format!("/v1/branches/{HOSTILE_SEGMENT}")).with_bearer().without_body();
    assert_eq!(deleted, BranchDeleteResponse { message: "lorem".to_string() });
}

#[tokio::test]
async fn update_a_branch_config() {
    let (client, server) = serve_example("v1-update-a-branch-config", 200).await;
    let body = UpdateBranchBody {
        branch_name: Some("feature/x".to_string()),
        git_branch: Some("feature-x".to_string()),
        reset_on_push: Some(false),
        persistent: Some(true),
        status: Some(UpdateBranchBodyStatus::MigrationsPassed),
    };

    let branch = client.update_a_branch_config(HOSTILE, body).await.expect("the branch");

    received(&server).await.is("PATCH", &format!("/v1/branches/{HOSTILE_SEGMENT}")).with_bearer().with_json(json!({
        "branch_name": "feature/x",
        "git_branch": "feature-x",
        "reset_on_push": false,
        "persistent": true,
        "status": "MIGRATIONS_PASSED",
    }));
    assert_eq!(branch.status, BranchResponseStatus::CreatingProject);
    assert_eq!(branch.pr_number, Some(42.0));
    assert_eq!(branch.git_branch.as_deref(), Some("lorem"));
    assert!(branch.is_default && branch.persistent && branch.reset_on_push);
}

#[tokio::test]
async fn update_a_branch_config_sends_only_the_fields_set() {
    let (client, server) = serve_example("v1-update-a-branch-config", 200).await;

    let body = UpdateBranchBody { persistent: Some(false), ..UpdateBranchBody::default() };
    client.update_a_branch_config("br-1", body).await.expect("the branch");

    received(&server).await.is("PATCH", "/v1/branches/br-1").with_json(json!({ "persistent": false }));
}

#[tokio::test]
async fn reset_a_branch() {
    let (client, server) = serve_example("v1-reset-a-branch", 201).await;

    let reset = client.reset_a_branch(HOSTILE).send_with_meta().await.expect("the reset");

    received(&server).await.is("POST", &format!("/v1/branches/{HOSTILE_SEGMENT}/reset")).with_bearer().without_body();
    assert_eq!(reset.status(), StatusCode::CREATED);
    assert_eq!(reset.body().message, "lorem");
}

#[tokio::test]
async fn list_all_branches() {
    let (client, server) = serve_example("v1-list-all-branches", 200).await;

    let branches = client.list_all_branches(HOSTILE).await.expect("the branches");

    received(&server).await.is("GET", &project_path("/branches")).with_bearer().without_body();
    assert_eq!(branches.len(), 1);
    let branch = &branches[0];
    assert_eq!(branch.id, "lorem");
    assert_eq!(branch.project_ref, "lorem");
    assert_eq!(branch.parent_project_ref, "lorem");
    assert_eq!(branch.latest_check_run_id, Some(42.0));
    assert_eq!(branch.status, BranchResponseStatus::CreatingProject);
}

#[tokio::test]
async fn create_a_branch() {
    let (client, server) = serve_example("v1-create-a-branch", 201).await;
    let body = CreateBranchBody {
        branch_name: "preview".to_string(),
        desired_instance_size: Some(DesiredInstanceSize::V2xlarge),
        git_branch: Some("main".to_string()),
        persistent: Some(false),
        region: Some("eu-central-1".to_string()),
    };

    let branch = client.create_a_branch(HOSTILE, body).await.expect("the branch");

    received(&server).await.is("POST", &project_path("/branches")).with_bearer().with_json(json!({
        "branch_name": "preview",
        "desired_instance_size": "2xlarge",
        "git_branch": "main",
        "persistent": false,
        "region": "eu-central-1",
    }));
    assert_eq!(branch.name, "lorem");
    assert_eq!(branch.status, BranchResponseStatus::CreatingProject);
    assert_eq!(branch.created_at, "lorem");
}

#[tokio::test]
async fn disable_preview_branching() {
    let (client, server) = serve_empty(200).await;

    let response = client.disable_preview_branching(HOSTILE).send_with_meta().await.expect("no content");

    received(&server).await.is("DELETE", &project_path("/branches")).with_bearer().without_body();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.into_inner(), ());
}

// ---------------------------------------------------------------------------
// OAuth
// ---------------------------------------------------------------------------

#[tokio::test]
async fn authorize_user() {
    let location = "https://app.example/callback?code=abc&state=xyz";
    let (client, server) = serve(wiremock::ResponseTemplate::new(303).insert_header("Location", location)).await;

    let url = client
        .authorize_user("client-id", AuthorizeUserResponseType::IdTokenToken, "https://app.example/cb?from=a b&x=1#top")
        .scope("read write")
        .state("st&te=1")
        .response_mode("query")
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .code_challenge_method(AuthorizeUserCodeChallengeMethod::S256)
        .await
        .expect("the redirect");

    received(&server)
        .await
        .is(
            "GET",
            "/v1/oauth/authorize?client_id=client-id&response_type=id_token+token\
             &redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Ffrom%3Da+b%26x%3D1%23top\
             &scope=read+write&state=st%26te%3D1&response_mode=query\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
        )
        .with_query(&[
            ("client_id", "client-id"),
            ("response_type", "id_token token"),
            ("redirect_uri", "https://app.example/cb?from=a b&x=1#top"),
            ("scope", "read write"),
            ("state", "st&te=1"),
            ("response_mode", "query"),
            ("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            ("code_challenge_method", "S256"),
        ])
        .without_auth()
        .without_body();
    assert_eq!(url.as_str(), location);
}

#[tokio::test]
async fn authorize_user_with_a_relative_location() {
    let (client, server) =
        serve(wiremock::ResponseTemplate::new(303).insert_header("Location", "/login?next=%2Fv1")).await;

    let response = client
        .authorize_user("c", AuthorizeUserResponseType::Code, "https://app.example/cb")
        .send_with_meta()
        .await
        .expect("the redirect");

    received(&server)
        .await
        .is("GET", "/v1/oauth/authorize?client_id=c&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb")
        .without_auth();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.body().as_str(), format!("{}/login?next=%2Fv1", server.uri()));
}

#[tokio::test]
async fn authorize_user_answered_without_a_redirect_is_an_error() {
    let (client, _server) = serve(wiremock::ResponseTemplate::new(200).set_body_string("<html>")).await;

    let error = client
        .authorize_user("c", AuthorizeUserResponseType::Code, "https://app.example/cb")
        .await
        .expect_err("a 200 has no Location to return");

    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::OK));
}

#[tokio::test]
async fn exchange_oauth_token() {
    let (client, server) = serve_example("v1-exchange-oauth-token", 201).await;
    let body = OAuthTokenBody {
        grant_type: OAuthTokenBodyGrantType::AuthorizationCode,
        client_id: "client-id".to_string(),
        client_secret: "s3cr&t=+/".to_string(),
        code: Some("the code".to_string()),
        code_verifier: Some("verifier".to_string()),
        redirect_uri: Some("https://app.example/cb?x=1".to_string()),
        refresh_token: None,
    };

    let token = client.exchange_oauth_token(body).await.expect("the token");

    let sent = received(&server).await;
    sent.is("POST", "/v1/oauth/token").without_auth().with_form(&[
        ("grant_type", "authorization_code"),
        ("client_id", "client-id"),
        ("client_secret", "s3cr&t=+/"),
        ("code", "the code"),
        ("code_verifier", "verifier"),
        ("redirect_uri", "https://app.example/cb?x=1"),
    ]);
    let form = std::str::from_utf8(sent.body()).expect("ASCII");
    assert!(form.contains("client_secret=s3cr%26t%3D%2B%2F"), "the secret is escaped: {form}");
    assert_eq!(token.token_type, OAuthTokenResponseTokenType::Bearer);
    assert_eq!(token.access_token, "lorem");
    assert_eq!(token.refresh_token, "lorem");
    assert_eq!(token.expires_in, 42.0);
}

#[tokio::test]
async fn exchange_oauth_token_for_a_refresh() {
    let (client, server) = serve_example("v1-exchange-oauth-token", 201).await;
    let body = OAuthTokenBody {
        grant_type: OAuthTokenBodyGrantType::RefreshToken,
        client_id: "client-id".to_string(),
        client_secret: "secret".to_string(),
        code: None,
        code_verifier: None,
        redirect_uri: None,
        refresh_token: Some("r-1".to_string()),
    };

    client.exchange_oauth_token(body).await.expect("the token");

    received(&server).await.is("POST", "/v1/oauth/token").without_auth().with_form(&[
        ("grant_type", "refresh_token"),
        ("client_id", "client-id"),
        ("client_secret", "secret"),
        ("refresh_token", "r-1"),
    ]);
}

// ---------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_all_organizations() {
    let (client, server) = serve_example("v1-list-all-organizations", 200).await;

    let organizations = client.list_all_organizations().await.expect("the organizations");

    received(&server).await.is("GET", "/v1/organizations").with_bearer().without_body();
    assert_eq!(organizations, vec![OrganizationResponseV1 { id: "lorem".to_string(), name: "lorem".to_string() }]);
}

#[tokio::test]
async fn create_an_organization() {
    let (client, server) = serve_example("v1-create-an-organization", 201).await;

    let organization = client
        .create_an_organization(CreateOrganizationBodyV1 { name: "Acme \"Ltd\" ü".to_string() })
        .send_with_meta()
        .await
        .expect("the organization");

    received(&server)
        .await
        .is("POST", "/v1/organizations")
        .with_bearer()
        .with_json(json!({ "name": "Acme \"Ltd\" ü" }));
    assert_eq!(organization.status(), StatusCode::CREATED);
    assert_eq!(organization.body().id, "lorem");
    assert_eq!(organization.body().name, "lorem");
}

#[tokio::test]
async fn get_an_organization() {
    let (client, server) = serve_example("v1-get-an-organization", 200).await;

    let organization = client.get_an_organization(HOSTILE).await.expect("the organization");

    received(&server).await.is("GET", &format!("/v1/organizations/{HOSTILE_SEGMENT}")).with_bearer().without_body();
    assert_eq!(organization.plan, Some(BillingPlanId::Free));
    assert_eq!(organization.opt_in_tags, vec![V1OrganizationSlugResponseOptInTagsItem::AiSqlGeneratorOptIn]);
    assert_eq!(organization.id, "lorem");
    assert_eq!(organization.name, "lorem");
}

#[tokio::test]
async fn list_organization_members() {
    let (client, server) = serve_example("v1-list-organization-members", 200).await;

    let members = client.list_organization_members(HOSTILE).await.expect("the members");

    received(&server)
        .await
        .is("GET", &format!("/v1/organizations/{HOSTILE_SEGMENT}/members"))
        .with_bearer()
        .without_body();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].user_id, "lorem");
    assert_eq!(members[0].email.as_deref(), Some("lorem"));
    assert_eq!(members[0].role_name, "lorem");
    assert!(members[0].mfa_enabled);
}

// ---------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_all_projects() {
    let (client, server) = serve_example("v1-list-all-projects", 200).await;

    let projects = client.list_all_projects().await.expect("the projects");

    received(&server).await.is("GET", "/v1/projects").with_bearer().without_body();
    assert_eq!(projects.len(), 1);
    let project = &projects[0];
    assert_eq!(project.status, V1ProjectResponseStatus::ActiveHealthy);
    assert_eq!(project.region, "us-east-1");
    assert_eq!(project.created_at, "2023-03-29T16:32:59Z");
    assert_eq!(project.database, Some(V1DatabaseResponse { host: "lorem".to_string(), version: "lorem".to_string() }));
}

#[tokio::test]
async fn create_a_project() {
    let (client, server) = serve_example("v1-create-a-project", 201).await;
    // `new` takes the required fields; the deprecated `plan` and `kps_enabled`
    // (a deprecation warning wherever they are named) stay unset.
    let body = V1CreateProjectBody {
        desired_instance_size: Some(DesiredInstanceSize::Micro),
        template_url: Some("https://github.com/acme/template".to_string()),
        ..V1CreateProjectBody::new("pa\"ss", "shop", "org-1", V1CreateProjectBodyRegion::EuCentral1)
    };

    let project = client.create_a_project(body).await.expect("the project");

    received(&server).await.is("POST", "/v1/projects").with_bearer().with_json(json!({
        "db_pass": "pa\"ss",
        "name": "shop",
        "organization_id": "org-1",
        "region": "eu-central-1",
        "desired_instance_size": "micro",
        "template_url": "https://github.com/acme/template",
    }));
    assert_eq!(project.status, V1ProjectResponseStatus::ActiveHealthy);
    assert_eq!(project.organization_id, "lorem");
    assert_eq!(project.database.as_ref().map(|d| d.host.as_str()), Some("lorem"));
}

#[tokio::test]
async fn delete_a_project() {
    let (client, server) = serve_example("v1-delete-a-project", 200).await;

    let deleted = client.delete_a_project(HOSTILE).await.expect("the deletion");

    received(&server).await.is("DELETE", &project_path("")).with_bearer().without_body();
    assert_eq!(deleted.id, 42.0);
    assert_eq!(deleted.r#ref, "lorem");
    assert_eq!(deleted.name, "lorem");
}

#[tokio::test]
async fn get_services_health() {
    let (client, server) = serve_example("v1-get-services-health", 200).await;

    let health = client
        .get_services_health(HOSTILE, &[GetServicesHealthServicesItem::Auth, GetServicesHealthServicesItem::Db])
        .timeout_ms(2_000)
        .await
        .expect("the health");

    received(&server)
        .await
        .is("GET", &project_path("/health?services=auth&services=db&timeout_ms=2000"))
        .with_query(&[("services", "auth"), ("services", "db"), ("timeout_ms", "2000")])
        .with_bearer()
        .without_body();
    assert_eq!(health.len(), 1);
    let auth = &health[0];
    assert_eq!(auth.name, V1ServiceHealthResponseName::Auth);
    assert_eq!(auth.status, V1ServiceHealthResponseStatus::ComingUp);
    assert!(auth.healthy);
    assert_eq!(auth.error.as_deref(), Some("lorem"));
    assert_eq!(
        auth.info,
        Some(V1ServiceHealthResponseInfo::AuthHealthResponse(AuthHealthResponse {
            name: "lorem".to_string(),
            version: "lorem".to_string(),
            description: "lorem".to_string(),
        }))
    );
}

#[tokio::test]
async fn delete_network_bans() {
    let (client, server) = serve_empty(200).await;
    let body = RemoveNetworkBanRequest { ipv4_addresses: vec!["192.0.2.1".to_string(), "198.51.100.7".to_string()] };

    client.delete_network_bans(HOSTILE, body).await.expect("no content");

    received(&server)
        .await
        .is("DELETE", &project_path("/network-bans"))
        .with_bearer()
        .with_json(json!({ "ipv4_addresses": ["192.0.2.1", "198.51.100.7"] }));
}

#[tokio::test]
async fn list_all_network_bans() {
    let (client, server) = serve_example("v1-list-all-network-bans", 201).await;

    let bans = client.list_all_network_bans(HOSTILE).await.expect("the bans");

    received(&server).await.is("POST", &project_path("/network-bans/retrieve")).with_bearer().without_body();
    assert_eq!(bans, NetworkBanResponse { banned_ipv4_addresses: vec!["lorem".to_string()] });
}

#[tokio::test]
async fn get_network_restrictions() {
    let (client, server) = serve_example("v1-get-network-restrictions", 200).await;

    let restrictions = client.get_network_restrictions(HOSTILE).await.expect("the restrictions");

    received(&server).await.is("GET", &project_path("/network-restrictions")).with_bearer().without_body();
    assert_eq!(restrictions.entitlement, NetworkRestrictionsResponseEntitlement::Disallowed);
    assert_eq!(restrictions.status, NetworkRestrictionsResponseStatus::Stored);
    assert_eq!(restrictions.config.db_allowed_cidrs, Some(vec!["lorem".to_string()]));
    assert_eq!(restrictions.config.db_allowed_cidrs_v6, Some(vec!["lorem".to_string()]));
    assert_eq!(restrictions.old_config.and_then(|c| c.db_allowed_cidrs), Some(vec!["lorem".to_string()]));
}

#[tokio::test]
async fn update_network_restrictions() {
    let (client, server) = serve_example("v1-update-network-restrictions", 201).await;
    let body = NetworkRestrictionsRequest {
        db_allowed_cidrs: Some(vec!["10.0.0.0/8".to_string()]),
        db_allowed_cidrs_v6: Some(vec![]),
    };

    let restrictions = client.update_network_restrictions(HOSTILE, body).await.expect("the restrictions");

    received(&server)
        .await
        .is("POST", &project_path("/network-restrictions/apply"))
        .with_bearer()
        .with_json(json!({ "dbAllowedCidrs": ["10.0.0.0/8"], "dbAllowedCidrsV6": [] }));
    assert_eq!(restrictions.status, NetworkRestrictionsResponseStatus::Stored);
    assert_eq!(restrictions.config.db_allowed_cidrs_v6, Some(vec!["lorem".to_string()]));
}

#[tokio::test]
async fn upgrade_postgres_version() {
    let (client, server) = serve_example("v1-upgrade-postgres-version", 201).await;

    let upgrade = client
        .upgrade_postgres_version(HOSTILE, UpgradeDatabaseBody { target_version: 15.0 })
        .await
        .expect("the upgrade");

    // A whole `number` goes out as an integer.
    received(&server)
        .await
        .is("POST", &project_path("/upgrade"))
        .with_bearer()
        .with_json(json!({ "target_version": 15 }));
    assert_eq!(upgrade.tracking_id, "lorem");
}

#[tokio::test]
async fn get_postgrest_upgrade_eligibility() {
    let (client, server) = serve_example("v1-get-postgrest-upgrade-eligibility", 200).await;

    let eligibility = client.get_postgrest_upgrade_eligibility(HOSTILE).await.expect("the eligibility");

    received(&server).await.is("GET", &project_path("/upgrade/eligibility")).with_bearer().without_body();
    assert!(eligibility.eligible);
    assert_eq!(eligibility.current_app_version, "lorem");
    assert_eq!(
        eligibility.target_upgrade_versions,
        vec![ProjectVersion { postgres_version: 42.0, app_version: "lorem".to_string() }]
    );
    assert_eq!(eligibility.duration_estimate_hours, 42.0);
    assert_eq!(eligibility.legacy_auth_custom_roles, vec!["lorem".to_string()]);
    assert_eq!(eligibility.extension_dependent_objects, vec!["lorem".to_string()]);
}

#[tokio::test]
async fn get_postgrest_upgrade_status() {
    let (client, server) = serve_example("v1-get-postgrest-upgrade-status", 200).await;

    let status = client.get_postgrest_upgrade_status(HOSTILE).await.expect("the status");

    received(&server).await.is("GET", &project_path("/upgrade/status")).with_bearer().without_body();
    let upgrade = status.database_upgrade_status;
    assert_eq!(upgrade.status, DatabaseUpgradeStatusStatus::Value0);
    assert_eq!(upgrade.error, Some(DatabaseUpgradeStatusError::V1UpgradedInstanceLaunchFailed));
    assert_eq!(upgrade.progress, Some(DatabaseUpgradeStatusProgress::V0Requested));
    assert_eq!(upgrade.target_version, 42.0);
    assert_eq!(upgrade.initiated_at, "lorem");
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_project_api_keys() {
    let (client, server) = serve_example("v1-get-project-api-keys", 200).await;

    let keys = client.get_project_api_keys(HOSTILE).await.expect("the keys");

    received(&server).await.is("GET", &project_path("/api-keys")).with_bearer().without_body();
    assert_eq!(keys, vec![ApiKeyResponse { name: "lorem".to_string(), api_key: "lorem".to_string() }]);
}

#[tokio::test]
async fn get_pgsodium_config() {
    let (client, server) = serve_example("v1-get-pgsodium-config", 200).await;

    let config = client.get_pgsodium_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/pgsodium")).with_bearer().without_body();
    assert_eq!(config.root_key, "lorem");
}

#[tokio::test]
async fn update_pgsodium_config() {
    let (client, server) = serve_example("v1-update-pgsodium-config", 200).await;

    let config = client
        .update_pgsodium_config(HOSTILE, UpdatePgsodiumConfigBody { root_key: "0123abcd".to_string() })
        .await
        .expect("the config");

    received(&server)
        .await
        .is("PUT", &project_path("/pgsodium"))
        .with_bearer()
        .with_json(json!({ "root_key": "0123abcd" }));
    assert_eq!(config.root_key, "lorem");
}

#[tokio::test]
async fn list_all_secrets() {
    let (client, server) = serve_example("v1-list-all-secrets", 200).await;

    let secrets = client.list_all_secrets(HOSTILE).await.expect("the secrets");

    received(&server).await.is("GET", &project_path("/secrets")).with_bearer().without_body();
    assert_eq!(secrets, vec![SecretResponse { name: "lorem".to_string(), value: "lorem".to_string() }]);
}

#[tokio::test]
async fn bulk_create_secrets() {
    let (client, server) = serve_empty(201).await;
    let secrets = vec![
        CreateSecretBody { name: "STRIPE_KEY".to_string(), value: "sk_live_1".to_string() },
        CreateSecretBody { name: "EMPTY".to_string(), value: String::new() },
    ];

    let response = client.bulk_create_secrets(HOSTILE, secrets).send_with_meta().await.expect("no content");

    received(&server).await.is("POST", &project_path("/secrets")).with_bearer().with_json(json!([
        { "name": "STRIPE_KEY", "value": "sk_live_1" },
        { "name": "EMPTY", "value": "" },
    ]));
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn bulk_delete_secrets() {
    let (client, server) = serve_example("v1-bulk-delete-secrets", 200).await;

    let deleted = client
        .bulk_delete_secrets(HOSTILE, vec!["STRIPE_KEY".to_string(), "OTHER".to_string()])
        .await
        .expect("the deletion");

    received(&server)
        .await
        .is("DELETE", &project_path("/secrets"))
        .with_bearer()
        .with_json(json!(["STRIPE_KEY", "OTHER"]));
    // The document says only `type: object`; the example is `{}`.
    assert!(deleted.is_empty(), "{deleted:?}");
}

// ---------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_auth_service_config() {
    let (client, server) = serve_example("v1-get-auth-service-config", 200).await;

    let config = client.get_auth_service_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/config/auth")).with_bearer().without_body();
    assert_eq!(config.site_url.as_deref(), Some("lorem"));
    assert_eq!(config.jwt_exp, Some(42.0));
    assert_eq!(config.disable_signup, Some(true));
    assert_eq!(config.external_github_enabled, Some(true));
    assert_eq!(config.external_github_secret.as_deref(), Some("lorem"));
    assert_eq!(config.smtp_port.as_deref(), Some("lorem"));
    assert_eq!(config.uri_allow_list.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn update_auth_service_config() {
    let (client, server) = serve_example("v1-update-auth-service-config", 200).await;
    let body = UpdateAuthConfigBody {
        site_url: Some("https://app.example".to_string()),
        disable_signup: Some(false),
        jwt_exp: Some(3600.0),
        password_min_length: Some(12.0),
        password_required_characters: Some(
            UpdateAuthConfigBodyPasswordRequiredCharacters::AbcdefghijklmnopqrstuvwxyzAbcdefghijklmnopqrstuvwxyz0123456789,
        ),
        external_github_enabled: Some(true),
        external_github_client_id: Some("gh-id".to_string()),
        ..UpdateAuthConfigBody::default()
    };

    let config = client.update_auth_service_config(HOSTILE, body).await.expect("the config");

    received(&server).await.is("PATCH", &project_path("/config/auth")).with_bearer().with_json(json!({
        "site_url": "https://app.example",
        "disable_signup": false,
        "jwt_exp": 3600,
        "password_min_length": 12,
        "password_required_characters": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789",
        "external_github_enabled": true,
        "external_github_client_id": "gh-id",
    }));
    assert_eq!(config.site_url.as_deref(), Some("lorem"));
    assert_eq!(config.mfa_max_enrolled_factors, Some(42.0));
    assert_eq!(config.sms_provider.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn list_all_sso_provider() {
    let (client, server) = serve_example("v1-list-all-sso-provider", 200).await;

    let providers = client.list_all_sso_provider(HOSTILE).await.expect("the providers");

    received(&server).await.is("GET", &project_path("/config/auth/sso/providers")).with_bearer().without_body();
    assert_eq!(providers.items.len(), 1);
    let provider = &providers.items[0];
    assert_eq!(provider.id, "lorem");
    assert_saml_example(provider.saml.as_ref());
    assert_domains_example(provider.domains.as_deref());
}

#[tokio::test]
async fn create_a_sso_provider() {
    let (client, server) = serve_example("v1-create-a-sso-provider", 201).await;
    let body = CreateProviderBody {
        r#type: CreateProviderBodyType::Saml,
        metadata_url: Some("https://idp.example/metadata".to_string()),
        metadata_xml: None,
        domains: Some(vec!["example.com".to_string()]),
        attribute_mapping: Some(attribute_mapping()),
    };

    let provider = client.create_a_sso_provider(HOSTILE, body).await.expect("the provider");

    received(&server).await.is("POST", &project_path("/config/auth/sso/providers")).with_bearer().with_json(json!({
        "type": "saml",
        "metadata_url": "https://idp.example/metadata",
        "domains": ["example.com"],
        "attribute_mapping": attribute_mapping_json(),
    }));
    assert_eq!(provider.id, "lorem");
    assert_eq!(provider.created_at.as_deref(), Some("lorem"));
    assert_saml_example(provider.saml.as_ref());
    assert_domains_example(provider.domains.as_deref());
}

#[tokio::test]
async fn get_a_sso_provider() {
    let (client, server) = serve_example("v1-get-a-sso-provider", 200).await;

    let provider = client.get_a_sso_provider(HOSTILE, ODD).await.expect("the provider");

    received(&server)
        .await
        .is("GET", &project_path(&format!("/config/auth/sso/providers/{ODD_SEGMENT}")))
        .with_bearer()
        .without_body();
    assert_eq!(provider.id, "lorem");
    assert_eq!(provider.updated_at.as_deref(), Some("lorem"));
    assert_saml_example(provider.saml.as_ref());
    assert_domains_example(provider.domains.as_deref());
}

#[tokio::test]
async fn update_a_sso_provider() {
    let (client, server) = serve_example("v1-update-a-sso-provider", 200).await;
    let body = UpdateProviderBody {
        metadata_xml: Some("<EntityDescriptor/>".to_string()),
        domains: Some(vec![]),
        ..UpdateProviderBody::default()
    };

    let provider = client.update_a_sso_provider(ODD, HOSTILE, body).await.expect("the provider");

    received(&server)
        .await
        .is("PUT", &format!("/v1/projects/{ODD_SEGMENT}/config/auth/sso/providers/{HOSTILE_SEGMENT}"))
        .with_bearer()
        .with_json(json!({ "metadata_xml": "<EntityDescriptor/>", "domains": [] }));
    assert_eq!(provider.id, "lorem");
    assert_saml_example(provider.saml.as_ref());
    assert_domains_example(provider.domains.as_deref());
}

#[tokio::test]
async fn delete_a_sso_provider() {
    let (client, server) = serve_example("v1-delete-a-sso-provider", 200).await;

    let provider = client.delete_a_sso_provider(HOSTILE, HOSTILE).await.expect("the provider");

    received(&server)
        .await
        .is("DELETE", &project_path(&format!("/config/auth/sso/providers/{HOSTILE_SEGMENT}")))
        .with_bearer()
        .without_body();
    assert_eq!(provider.id, "lorem");
    assert_saml_example(provider.saml.as_ref());
    assert_domains_example(provider.domains.as_deref());
}

/// An attribute mapping with a default of each shape.
fn attribute_mapping() -> AttributeMapping {
    let value = |default| AttributeValue {
        name: Some("mail".to_string()),
        names: None,
        default: Some(default),
        array: Some(false),
    };
    AttributeMapping {
        keys: BTreeMap::from([
            ("email".to_string(), value(AttributeValueDefault::String("nobody@example.com".to_string()))),
            (
                "groups".to_string(),
                AttributeValue {
                    names: Some(vec!["g1".to_string(), "g2".to_string()]),
                    array: Some(true),
                    ..AttributeValue::default()
                },
            ),
            ("level".to_string(), value(AttributeValueDefault::Number(0.5))),
            ("staff".to_string(), value(AttributeValueDefault::Boolean(true))),
        ]),
    }
}

/// `attribute_mapping()` as it must be sent.
fn attribute_mapping_json() -> serde_json::Value {
    json!({ "keys": {
        "email": { "name": "mail", "default": "nobody@example.com", "array": false },
        "groups": { "names": ["g1", "g2"], "array": true },
        "level": { "name": "mail", "default": 0.5, "array": false },
        "staff": { "name": "mail", "default": true, "array": false },
    }})
}

/// The `saml` member of the reference's SSO provider examples.
fn assert_saml_example(saml: Option<&SamlDescriptor>) {
    let saml = saml.expect("the example has a SAML descriptor");
    assert_eq!(saml.id, "lorem");
    assert_eq!(saml.entity_id, "lorem");
    assert_eq!(saml.metadata_url.as_deref(), Some("lorem"));
    let keys = &saml.attribute_mapping.as_ref().expect("an attribute mapping").keys;
    assert_eq!(keys.keys().collect::<Vec<_>>(), ["property1", "property2"]);
    let property = &keys["property1"];
    assert_eq!(property.default, Some(AttributeValueDefault::Object(serde_json::Map::new())));
    assert_eq!(property.name.as_deref(), Some("lorem"));
    assert_eq!(property.names, Some(vec!["lorem".to_string()]));
    assert_eq!(property.array, Some(true));
}

/// The `domains` member of the reference's SSO provider examples.
fn assert_domains_example(domains: Option<&[Domain]>) {
    let domains = domains.expect("the example has domains");
    assert_eq!(domains.len(), 1);
    assert_eq!(domains[0].id, "lorem");
    assert_eq!(domains[0].domain.as_deref(), Some("lorem"));
}

// ---------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_project_pgbouncer_config() {
    let (client, server) = serve_example("v1-get-project-pgbouncer-config", 200).await;

    let config = client.get_project_pgbouncer_config(HOSTILE).await.expect("the config");

    // No operation-level security: the document's default (bearer) applies.
    received(&server).await.is("GET", &project_path("/config/database/pgbouncer")).with_bearer().without_body();
    assert_eq!(config.pool_mode, Some(V1PgbouncerConfigResponsePoolMode::Transaction));
    assert_eq!(config.default_pool_size, Some(42.0));
    assert_eq!(config.max_client_conn, Some(42.0));
    assert_eq!(config.connection_string.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn get_supavisor_config() {
    let (client, server) = serve_example("v1-get-supavisor-config", 200).await;

    let configs = client.get_supavisor_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/config/database/pooler")).with_bearer().without_body();
    assert_eq!(configs.len(), 1);
    let config = &configs[0];
    assert_eq!(config.database_type, SupavisorConfigResponseDatabaseType::Primary);
    assert_eq!(config.pool_mode, SupavisorConfigResponsePoolMode::Transaction);
    assert_eq!(config.connection_string, "lorem");
    assert_eq!(config.db_port, 42.0);
    assert!(config.is_using_scram_auth);
}

#[tokio::test]
async fn update_supavisor_config() {
    let (client, server) = serve_example("v1-update-supavisor-config", 200).await;

    let config = client
        .update_supavisor_config(
            HOSTILE,
            UpdateSupavisorConfigBody { default_pool_size: Some(Some(20)), ..Default::default() },
        )
        .await
        .expect("the config");

    received(&server)
        .await
        .is("PATCH", &project_path("/config/database/pooler"))
        .with_bearer()
        .with_json(json!({ "default_pool_size": 20 }));
    assert_eq!(config.default_pool_size, Some(42.0));
    assert_eq!(config.pool_mode, UpdateSupavisorConfigResponsePoolMode::Transaction);
}

#[tokio::test]
async fn update_supavisor_config_can_send_null() {
    let (client, server) = serve_example("v1-update-supavisor-config", 200).await;

    let body = UpdateSupavisorConfigBody { default_pool_size: Some(None), ..Default::default() };
    client.update_supavisor_config("ref", body).await.expect("the config");

    received(&server)
        .await
        .is("PATCH", "/v1/projects/ref/config/database/pooler")
        .with_json(json!({ "default_pool_size": null }));
}

#[tokio::test]
async fn get_postgres_config() {
    let (client, server) = serve_example("v1-get-postgres-config", 200).await;

    let config = client.get_postgres_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/config/database/postgres")).with_bearer().without_body();
    assert_eq!(config.max_connections, Some(1));
    assert_eq!(config.max_locks_per_transaction, Some(10));
    assert_eq!(config.max_worker_processes, Some(0));
    assert_eq!(config.session_replication_role, Some(PostgresConfigResponseSessionReplicationRole::Origin));
    assert_eq!(config.statement_timeout.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn update_postgres_config() {
    let (client, server) = serve_example("v1-update-postgres-config", 200).await;
    let body = UpdatePostgresConfigBody {
        statement_timeout: Some("30s".to_string()),
        max_connections: Some(200),
        max_parallel_workers: Some(0),
        session_replication_role: Some(UpdatePostgresConfigBodySessionReplicationRole::Replica),
        ..UpdatePostgresConfigBody::default()
    };

    let config = client.update_postgres_config(HOSTILE, body).await.expect("the config");

    received(&server).await.is("PUT", &project_path("/config/database/postgres")).with_bearer().with_json(json!({
        "statement_timeout": "30s",
        "max_connections": 200,
        "max_parallel_workers": 0,
        "session_replication_role": "replica",
    }));
    assert_eq!(config.session_replication_role, Some(PostgresConfigResponseSessionReplicationRole::Origin));
    assert_eq!(config.work_mem.as_deref(), Some("lorem"));
    assert_eq!(config.max_parallel_workers_per_gather, Some(0));
}

#[tokio::test]
async fn list_all_backups() {
    let (client, server) = serve_example("v1-list-all-backups", 200).await;

    let backups = client.list_all_backups(HOSTILE).await.expect("the backups");

    received(&server).await.is("GET", &project_path("/database/backups")).with_bearer().without_body();
    assert!(backups.walg_enabled && backups.pitr_enabled);
    assert_eq!(
        backups.backups,
        vec![V1Backup {
            status: V1BackupStatus::Completed,
            is_physical_backup: true,
            inserted_at: "lorem".to_string()
        }]
    );
    assert_eq!(backups.physical_backup_data.earliest_physical_backup_date_unix, Some(42.0));
    assert_eq!(backups.physical_backup_data.latest_physical_backup_date_unix, Some(42.0));
}

#[tokio::test]
async fn restore_pitr_backup() {
    let (client, server) = serve_empty(201).await;

    let response = client
        .restore_pitr_backup(HOSTILE, V1RestorePitrBody { recovery_time_target_unix: 1_700_000_000.0 })
        .send_with_meta()
        .await
        .expect("no content");

    received(&server)
        .await
        .is("POST", &project_path("/database/backups/restore-pitr"))
        .with_bearer()
        .with_json(json!({ "recovery_time_target_unix": 1_700_000_000 }));
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn run_a_query() {
    let (client, server) = serve_example("v1-run-a-query", 201).await;

    let rows = client
        .run_a_query(HOSTILE, V1RunQueryBody { query: "select 1 as \"one\";\n-- ü".to_string() })
        .await
        .expect("the rows");

    received(&server)
        .await
        .is("POST", &project_path("/database/query"))
        .with_bearer()
        .with_json(json!({ "query": "select 1 as \"one\";\n-- ü" }));
    // The schema is any JSON; the reference's example is `{}`.
    assert_eq!(rows, json!({}));
}

#[tokio::test]
async fn run_a_query_returns_rows() {
    let rows = json!([{ "id": 1, "name": "a" }, { "id": 2, "name": null }]);
    let (client, _server) = serve_bytes(201, "application/json", rows.to_string().into_bytes()).await;

    let answer = client.run_a_query("ref", V1RunQueryBody { query: "select".to_string() }).await.expect("the rows");

    assert_eq!(answer, rows);
}

#[tokio::test]
async fn enable_database_webhook() {
    let (client, server) = serve_empty(201).await;

    client.enable_database_webhook(HOSTILE).await.expect("no content");

    received(&server).await.is("POST", &project_path("/database/webhooks/enable")).with_bearer().without_body();
}

#[tokio::test]
async fn remove_a_read_replica() {
    let (client, server) = serve_empty(201).await;

    client
        .remove_a_read_replica(HOSTILE, RemoveReadReplicaBody { database_identifier: "replica-1".to_string() })
        .await
        .expect("no content");

    received(&server)
        .await
        .is("POST", &project_path("/read-replicas/remove"))
        .with_bearer()
        .with_json(json!({ "database_identifier": "replica-1" }));
}

#[tokio::test]
async fn setup_a_read_replica() {
    let (client, server) = serve_empty(201).await;
    let body = SetUpReadReplicaBody { read_replica_region: SetUpReadReplicaBodyReadReplicaRegion::ApSoutheast1 };

    client.setup_a_read_replica(HOSTILE, body).await.expect("no content");

    received(&server)
        .await
        .is("POST", &project_path("/read-replicas/setup"))
        .with_bearer()
        .with_json(json!({ "read_replica_region": "ap-southeast-1" }));
}

#[tokio::test]
async fn get_readonly_mode_status() {
    let (client, server) = serve_example("v1-get-readonly-mode-status", 200).await;

    let status = client.get_readonly_mode_status(HOSTILE).await.expect("the status");

    received(&server).await.is("GET", &project_path("/readonly")).with_bearer().without_body();
    assert_eq!(
        status,
        ReadOnlyStatusResponse { enabled: true, override_enabled: true, override_active_until: "lorem".to_string() }
    );
}

#[tokio::test]
async fn disable_readonly_mode_temporarily() {
    let (client, server) = serve_empty(201).await;

    client.disable_readonly_mode_temporarily(HOSTILE).await.expect("no content");

    received(&server).await.is("POST", &project_path("/readonly/temporary-disable")).with_bearer().without_body();
}

#[tokio::test]
async fn get_ssl_enforcement_config() {
    let (client, server) = serve_example("v1-get-ssl-enforcement-config", 200).await;

    let config = client.get_ssl_enforcement_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/ssl-enforcement")).with_bearer().without_body();
    assert!(config.applied_successfully);
    assert!(config.current_config.database);
}

#[tokio::test]
async fn update_ssl_enforcement_config() {
    let (client, server) = serve_example("v1-update-ssl-enforcement-config", 200).await;
    let body = SslEnforcementRequest { requested_config: SslEnforcements { database: false } };

    let config = client.update_ssl_enforcement_config(HOSTILE, body).await.expect("the config");

    received(&server)
        .await
        .is("PUT", &project_path("/ssl-enforcement"))
        .with_bearer()
        .with_json(json!({ "requestedConfig": { "database": false } }));
    assert_eq!(
        config,
        SslEnforcementResponse { current_config: SslEnforcements { database: true }, applied_successfully: true }
    );
}

#[tokio::test]
async fn generate_typescript_types() {
    let (client, server) = serve_example("v1-generate-typescript-types", 200).await;

    let types =
        client.generate_typescript_types(HOSTILE).included_schemas("public,auth & co").await.expect("the types");

    received(&server)
        .await
        .is("GET", &project_path("/types/typescript?included_schemas=public%2Cauth+%26+co"))
        .with_query(&[("included_schemas", "public,auth & co")])
        .with_bearer()
        .without_body();
    assert_eq!(types, TypescriptResponse { types: "lorem".to_string() });
}

#[tokio::test]
async fn list_all_snippets() {
    let (client, server) = serve_example("v1-list-all-snippets", 200).await;

    let snippets = client.list_all_snippets().project_ref(HOSTILE).await.expect("the snippets");

    received(&server)
        .await
        .is("GET", "/v1/snippets?project_ref=a%2Fb%3Fc%23d%252e..")
        .with_query(&[("project_ref", HOSTILE)])
        .with_bearer()
        .without_body();
    assert_eq!(snippets.data.len(), 1);
    let snippet = &snippets.data[0];
    assert_eq!(snippet.r#type, SnippetMetaType::Sql);
    assert_eq!(snippet.visibility, SnippetMetaVisibility::User);
    assert_eq!(snippet.project, SnippetProject { id: 42.0, name: "lorem".to_string() });
    assert_eq!(snippet.owner.username, "lorem");
    assert_eq!(snippet.description.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn list_all_snippets_without_a_project() {
    let (client, server) = serve_example("v1-list-all-snippets", 200).await;

    client.list_all_snippets().await.expect("the snippets");

    received(&server).await.is("GET", "/v1/snippets").with_query(&[]).with_bearer();
}

#[tokio::test]
async fn get_a_snippet() {
    let (client, server) = serve_example("v1-get-a-snippet", 200).await;

    let snippet = client.get_a_snippet(HOSTILE).await.expect("the snippet");

    received(&server).await.is("GET", &format!("/v1/snippets/{HOSTILE_SEGMENT}")).with_bearer().without_body();
    assert_eq!(snippet.r#type, SnippetResponseType::Sql);
    assert_eq!(snippet.visibility, SnippetResponseVisibility::User);
    assert_eq!(
        snippet.content,
        SnippetContent { favorite: true, schema_version: "lorem".to_string(), sql: "lorem".to_string() }
    );
    assert_eq!(snippet.updated_by, SnippetUser { id: 42.0, username: "lorem".to_string() });
}

// ---------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------

/// The reference's custom hostname example, which four operations answer.
fn assert_custom_hostname_example(hostname: &UpdateCustomHostnameResponse) {
    assert_eq!(hostname.status, UpdateCustomHostnameResponseStatus::V1NotStarted);
    assert_eq!(hostname.custom_hostname, "lorem");
    let data = &hostname.data;
    assert!(data.success);
    assert_eq!(data.errors, vec![serde_json::Map::new()]);
    assert_eq!(data.messages, vec![serde_json::Map::new()]);
    let result = &data.result;
    assert_eq!(result.id, "lorem");
    assert_eq!(
        result.ssl.validation_records,
        vec![ValidationRecord { txt_name: "lorem".to_string(), txt_value: "lorem".to_string() }]
    );
    assert_eq!(result.ssl.validation_errors, Some(vec![ValidationError { message: "lorem".to_string() }]));
    assert_eq!(result.ownership_verification.r#type, "lorem");
    assert_eq!(result.verification_errors, Some(vec!["lorem".to_string()]));
}

#[tokio::test]
async fn get_hostname_config() {
    let (client, server) = serve_example("v1-get-hostname-config", 200).await;

    let hostname = client.get_hostname_config(HOSTILE).await.expect("the hostname");

    received(&server).await.is("GET", &project_path("/custom-hostname")).with_bearer().without_body();
    assert_custom_hostname_example(&hostname);
}

#[tokio::test]
async fn activate_custom_hostname() {
    let (client, server) = serve_example("v1-activate-custom-hostname", 201).await;

    let hostname = client.activate_custom_hostname(HOSTILE).await.expect("the hostname");

    received(&server).await.is("POST", &project_path("/custom-hostname/activate")).with_bearer().without_body();
    assert_custom_hostname_example(&hostname);
}

#[tokio::test]
async fn update_hostname_config() {
    let (client, server) = serve_example("v1-update-hostname-config", 201).await;

    let hostname = client
        .update_hostname_config(HOSTILE, UpdateCustomHostnameBody { custom_hostname: "db.example.com".to_string() })
        .await
        .expect("the hostname");

    received(&server)
        .await
        .is("POST", &project_path("/custom-hostname/initialize"))
        .with_bearer()
        .with_json(json!({ "custom_hostname": "db.example.com" }));
    assert_custom_hostname_example(&hostname);
}

#[tokio::test]
async fn verify_dns_config() {
    let (client, server) = serve_example("v1-verify-dns-config", 201).await;

    let hostname = client.verify_dns_config(HOSTILE).await.expect("the hostname");

    received(&server).await.is("POST", &project_path("/custom-hostname/reverify")).with_bearer().without_body();
    assert_custom_hostname_example(&hostname);
}

#[tokio::test]
async fn get_vanity_subdomain_config() {
    let (client, server) = serve_example("v1-get-vanity-subdomain-config", 200).await;

    let config = client.get_vanity_subdomain_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/vanity-subdomain")).with_bearer().without_body();
    assert_eq!(config.status, VanitySubdomainConfigResponseStatus::NotUsed);
    assert_eq!(config.custom_domain.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn deactivate_vanity_subdomain_config() {
    let (client, server) = serve_empty(200).await;

    client.deactivate_vanity_subdomain_config(HOSTILE).await.expect("no content");

    received(&server).await.is("DELETE", &project_path("/vanity-subdomain")).with_bearer().without_body();
}

#[tokio::test]
async fn activate_vanity_subdomain_config() {
    let (client, server) = serve_example("v1-activate-vanity-subdomain-config", 201).await;

    let activated = client
        .activate_vanity_subdomain_config(HOSTILE, VanitySubdomainBody { vanity_subdomain: "my-shop".to_string() })
        .await
        .expect("the activation");

    received(&server)
        .await
        .is("POST", &project_path("/vanity-subdomain/activate"))
        .with_bearer()
        .with_json(json!({ "vanity_subdomain": "my-shop" }));
    assert_eq!(activated, ActivateVanitySubdomainResponse { custom_domain: "lorem".to_string() });
}

#[tokio::test]
async fn check_vanity_subdomain_availability() {
    let (client, server) = serve_example("v1-check-vanity-subdomain-availability", 201).await;

    let availability = client
        .check_vanity_subdomain_availability(HOSTILE, VanitySubdomainBody { vanity_subdomain: "my-shop".to_string() })
        .await
        .expect("the availability");

    received(&server)
        .await
        .is("POST", &project_path("/vanity-subdomain/check-availability"))
        .with_bearer()
        .with_json(json!({ "vanity_subdomain": "my-shop" }));
    assert!(availability.available);
}

// ---------------------------------------------------------------------------
// Edge Functions
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_all_functions() {
    let (client, server) = serve_example("v1-list-all-functions", 200).await;

    let functions = client.list_all_functions(HOSTILE).await.expect("the functions");

    received(&server).await.is("GET", &project_path("/functions")).with_bearer().without_body();
    assert_eq!(functions.len(), 1);
    let function = &functions[0];
    assert_eq!(function.status, FunctionResponseStatus::Active);
    assert_eq!(function.slug, "lorem");
    assert_eq!(function.version, 42.0);
    assert_eq!(function.verify_jwt, Some(true));
    assert_eq!(function.entrypoint_path.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn get_a_function() {
    let (client, server) = serve_example("v1-get-a-function", 200).await;

    let function = client.get_a_function(HOSTILE, ODD).await.expect("the function");

    received(&server).await.is("GET", &project_path(&format!("/functions/{ODD_SEGMENT}"))).with_bearer().without_body();
    assert_eq!(function.status, FunctionSlugResponseStatus::Active);
    assert_eq!(function.id, "lorem");
    assert_eq!(function.created_at, 42.0);
    assert_eq!(function.import_map, Some(true));
    assert_eq!(function.import_map_path.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn delete_a_function() {
    let (client, server) = serve_empty(200).await;

    client.delete_a_function(HOSTILE, HOSTILE).await.expect("no content");

    received(&server)
        .await
        .is("DELETE", &project_path(&format!("/functions/{HOSTILE_SEGMENT}")))
        .with_bearer()
        .without_body();
}

#[tokio::test]
async fn update_a_function() {
    let (client, server) = serve_example("v1-update-a-function", 200).await;
    let body = V1UpdateFunctionBody {
        name: Some("Hello".to_string()),
        body: Some("export default () => new Response('hi')".to_string()),
        verify_jwt: Some(false),
    };

    let function = client
        .update_a_function(HOSTILE, "hello", body)
        .slug("hello-2")
        .name("Hello & bye")
        .verify_jwt(false)
        .import_map(true)
        .entrypoint_path("./index.ts")
        .import_map_path("./import map.json")
        .await
        .expect("the function");

    received(&server)
        .await
        .is(
            "PATCH",
            &project_path(
                "/functions/hello?slug=hello-2&name=Hello+%26+bye&verify_jwt=false&import_map=true\
                 &entrypoint_path=.%2Findex.ts&import_map_path=.%2Fimport+map.json",
            ),
        )
        .with_query(&[
            ("slug", "hello-2"),
            ("name", "Hello & bye"),
            ("verify_jwt", "false"),
            ("import_map", "true"),
            ("entrypoint_path", "./index.ts"),
            ("import_map_path", "./import map.json"),
        ])
        .with_bearer()
        .with_json(json!({
            "name": "Hello",
            "body": "export default () => new Response('hi')",
            "verify_jwt": false,
        }));
    assert_eq!(function.status, FunctionResponseStatus::Active);
    assert_eq!(function.name, "lorem");
    assert_eq!(function.updated_at, 42.0);
}

#[tokio::test]
async fn update_a_function_with_an_eszip_body() {
    let (client, server) = serve_example("v1-update-a-function", 200).await;
    let eszip: &[u8] = b"ESZIP2.3\x00\x01\xff\xfe not UTF-8";

    let function = client
        .update_a_function(HOSTILE, ODD, UpdateAFunctionBody::Eszip(Bytes::from_static(eszip)))
        .await
        .expect("the function");

    received(&server)
        .await
        .is("PATCH", &project_path(&format!("/functions/{ODD_SEGMENT}")))
        .with_bearer()
        .with_bytes("application/vnd.denoland.eszip", eszip);
    assert_eq!(function.slug, "lorem");
}

#[tokio::test]
async fn get_a_function_body() {
    let example = common::example_bytes("v1-get-a-function-body", 200);
    let (client, server) = serve_bytes(200, "application/octet-stream", example.clone()).await;

    let body = client.get_a_function_body(HOSTILE, HOSTILE).await.expect("the body");

    received(&server)
        .await
        .is("GET", &project_path(&format!("/functions/{HOSTILE_SEGMENT}/body")))
        .with_bearer()
        .without_body();
    assert_eq!(body, Bytes::from(example));
}

#[tokio::test]
async fn get_a_function_body_keeps_binary_bytes() {
    let binary = vec![0u8, 159, 146, 150, 255, b'\n'];
    let (client, _server) = serve_bytes(200, "application/octet-stream", binary.clone()).await;

    let body = client.get_a_function_body("ref", "fn").await.expect("the body");

    assert_eq!(body.as_ref(), binary.as_slice());
}

// ---------------------------------------------------------------------------
// Rest
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_postgrest_service_config() {
    let (client, server) = serve_example("v1-get-postgrest-service-config", 200).await;

    let config = client.get_postgrest_service_config(HOSTILE).await.expect("the config");

    received(&server).await.is("GET", &project_path("/postgrest")).with_bearer().without_body();
    assert_eq!(config.max_rows, 42);
    assert_eq!(config.db_pool, Some(42));
    assert_eq!(config.db_schema, "lorem");
    assert_eq!(config.db_extra_search_path, "lorem");
    assert_eq!(config.jwt_secret.as_deref(), Some("lorem"));
}

#[tokio::test]
async fn update_postgrest_service_config() {
    let (client, server) = serve_example("v1-update-postgrest-service-config", 200).await;
    let body = UpdatePostgrestConfigBody {
        max_rows: Some(1000),
        db_schema: Some("public,storage".to_string()),
        ..UpdatePostgrestConfigBody::default()
    };

    let config = client.update_postgrest_service_config(HOSTILE, body).await.expect("the config");

    received(&server)
        .await
        .is("PATCH", &project_path("/postgrest"))
        .with_bearer()
        .with_json(json!({ "max_rows": 1000, "db_schema": "public,storage" }));
    assert_eq!(
        config,
        V1PostgrestConfigResponse {
            max_rows: 42,
            db_pool: Some(42),
            db_schema: "lorem".to_string(),
            db_extra_search_path: "lorem".to_string(),
        }
    );
}

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_all_buckets() {
    let (client, server) = serve_example("v1-list-all-buckets", 200).await;

    let buckets = client.list_all_buckets(HOSTILE).await.expect("the buckets");

    received(&server).await.is("GET", &project_path("/storage/buckets")).with_bearer().without_body();
    assert_eq!(
        buckets,
        vec![V1StorageBucketResponse {
            id: "lorem".to_string(),
            name: "lorem".to_string(),
            owner: "lorem".to_string(),
            created_at: "lorem".to_string(),
            updated_at: "lorem".to_string(),
            public: true,
        }]
    );
}

// ---------------------------------------------------------------------------
// Answers the operations document without content
// ---------------------------------------------------------------------------

/// The reference shows `{}` for answers the document gives no content; the
/// client ignores whatever comes.
#[tokio::test]
async fn no_content_operations_accept_the_reference_example_body() {
    let (client, server) = serve_example("v1-disable-readonly-mode-temporarily", 201).await;

    let response = client.disable_readonly_mode_temporarily("ref").send_with_meta().await.expect("no content");

    received(&server).await.is("POST", "/v1/projects/ref/readonly/temporary-disable");
    assert_eq!(response.status(), StatusCode::CREATED);
}

// ---------------------------------------------------------------------------
// Path parameters that cannot be one segment
// ---------------------------------------------------------------------------

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_before_sending() {
    let (client, server) = serve_example("v1-get-a-snippet", 200).await;

    for id in ["", ".", ".."] {
        let error = client.get_a_snippet(id).await.expect_err("not a segment");
        assert!(matches!(error, Error::InvalidArgument(_)), "{id:?}: {error:?}");
    }
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0), "nothing was sent");
}

// ---------------------------------------------------------------------------
// The checks of these tests fail when they should
// ---------------------------------------------------------------------------

#[tokio::test]
#[should_panic(expected = "path and query")]
async fn the_path_check_sees_a_segment_left_unencoded() {
    let (client, server) = serve_example("v1-get-a-snippet", 200).await;
    client.get_a_snippet("a b").await.expect("the snippet");
    received(&server).await.is("GET", "/v1/snippets/a b");
}

#[tokio::test]
#[should_panic(expected = "no Authorization header")]
async fn the_auth_check_sees_a_token() {
    let (client, server) = serve_example("v1-list-all-projects", 200).await;
    client.list_all_projects().await.expect("the projects");
    received(&server).await.is("GET", "/v1/projects").without_auth();
}

#[tokio::test]
#[should_panic(expected = "JSON body")]
async fn the_json_check_tells_integers_from_floats() {
    let (client, server) = serve_example("v1-upgrade-postgres-version", 201).await;
    client.upgrade_postgres_version("r", UpgradeDatabaseBody { target_version: 15.0 }).await.expect("the upgrade");
    received(&server).await.with_json(json!({ "target_version": 15.0 }));
}

#[tokio::test]
#[should_panic(expected = "exactly one request")]
async fn the_request_check_sees_a_second_request() {
    let (client, server) = serve_example("v1-list-all-projects", 200).await;
    client.list_all_projects().await.expect("the projects");
    client.list_all_projects().await.expect("the projects");
    received(&server).await;
}

#[test]
fn every_operation_has_a_test_would_see_a_missing_one() {
    let source = include_str!("operations.rs");
    assert!(has_test(source, "v1-list-all-projects"));
    let renamed = source.replace("async fn list_all_projects() {", "async fn renamed() {");
    assert!(!has_test(&renamed, "v1-list-all-projects"));
    assert!(!has_test(source, "v1-an-operation-without-a-test"));
}
