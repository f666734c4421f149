//! Every example response body of the reference (`spec/examples/`, one file
//! per operation) reads into the type its operation returns. The type comes
//! from the operation's request builder (`<Builder as IntoFuture>::Output`), so
//! a change of response type in the spec is checked here without editing.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use supabase_management::Error;
use supabase_management::operations::*;

type Check = fn(&Path) -> Result<(), String>;

/// The body reads as the operation's JSON response type.
fn json<B>(file: &Path) -> Result<(), String>
where
    B: IntoFuture<Output = Result<<B as Answer>::Body, Error>> + Answer,
    <B as Answer>::Body: DeserializeOwned,
{
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize::<_, <B as Answer>::Body>(&mut deserializer)
        .map(|_| ())
        .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
}

/// The operation documents no content: the reference shows an empty object.
// `B` is the check: it only compiles for a builder that answers `()`.
#[allow(clippy::extra_unused_type_parameters)]
fn no_content<B: IntoFuture<Output = Result<(), Error>>>(file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if value == serde_json::json!({}) {
        Ok(())
    } else {
        Err(format!("expected {{}} for an operation without content, found {value}"))
    }
}

/// The operation returns raw bytes: any body will do; it must be valid JSON here.
#[allow(clippy::extra_unused_type_parameters)]
fn bytes<B: IntoFuture<Output = Result<bytes::Bytes, Error>>>(file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    serde_json::from_str::<serde_json::Value>(&text).map(|_| ()).map_err(|e| e.to_string())
}

/// Names the `T` of a builder whose output is `Result<T, Error>`.
trait Answer {
    type Body;
}

impl<B, T> Answer for B
where
    B: IntoFuture<Output = Result<T, Error>>,
{
    type Body = T;
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples")
}

const TABLE: &[(&str, Check)] = &[
    ("v1-activate-custom-hostname.201.json", json::<ActivateCustomHostname<'static>>),
    ("v1-activate-vanity-subdomain-config.201.json", json::<ActivateVanitySubdomainConfig<'static>>),
    ("v1-bulk-create-secrets.201.json", no_content::<BulkCreateSecrets<'static>>),
    ("v1-bulk-delete-secrets.200.json", json::<BulkDeleteSecrets<'static>>),
    ("v1-check-vanity-subdomain-availability.201.json", json::<CheckVanitySubdomainAvailability<'static>>),
    ("v1-create-a-branch.201.json", json::<CreateABranch<'static>>),
    ("v1-create-a-project.201.json", json::<CreateAProject<'static>>),
    ("v1-create-a-sso-provider.201.json", json::<CreateASsoProvider<'static>>),
    ("v1-create-an-organization.201.json", json::<CreateAnOrganization<'static>>),
    ("v1-deactivate-vanity-subdomain-config.200.json", no_content::<DeactivateVanitySubdomainConfig<'static>>),
    ("v1-delete-a-branch.200.json", json::<DeleteABranch<'static>>),
    ("v1-delete-a-function.200.json", no_content::<DeleteAFunction<'static>>),
    ("v1-delete-a-project.200.json", json::<DeleteAProject<'static>>),
    ("v1-delete-a-sso-provider.200.json", json::<DeleteASsoProvider<'static>>),
    ("v1-delete-network-bans.200.json", no_content::<DeleteNetworkBans<'static>>),
    ("v1-disable-preview-branching.200.json", no_content::<DisablePreviewBranching<'static>>),
    ("v1-disable-readonly-mode-temporarily.201.json", no_content::<DisableReadonlyModeTemporarily<'static>>),
    ("v1-enable-database-webhook.201.json", no_content::<EnableDatabaseWebhook<'static>>),
    ("v1-exchange-oauth-token.201.json", json::<ExchangeOauthToken<'static>>),
    ("v1-generate-typescript-types.200.json", json::<GenerateTypescriptTypes<'static>>),
    ("v1-get-a-branch-config.200.json", json::<GetABranchConfig<'static>>),
    ("v1-get-a-function-body.200.json", bytes::<GetAFunctionBody<'static>>),
    ("v1-get-a-function.200.json", json::<GetAFunction<'static>>),
    ("v1-get-a-snippet.200.json", json::<GetASnippet<'static>>),
    ("v1-get-a-sso-provider.200.json", json::<GetASsoProvider<'static>>),
    ("v1-get-an-organization.200.json", json::<GetAnOrganization<'static>>),
    ("v1-get-auth-service-config.200.json", json::<GetAuthServiceConfig<'static>>),
    ("v1-get-hostname-config.200.json", json::<GetHostnameConfig<'static>>),
    ("v1-get-network-restrictions.200.json", json::<GetNetworkRestrictions<'static>>),
    ("v1-get-pgsodium-config.200.json", json::<GetPgsodiumConfig<'static>>),
    ("v1-get-postgres-config.200.json", json::<GetPostgresConfig<'static>>),
    ("v1-get-postgrest-service-config.200.json", json::<GetPostgrestServiceConfig<'static>>),
    ("v1-get-postgrest-upgrade-eligibility.200.json", json::<GetPostgrestUpgradeEligibility<'static>>),
    ("v1-get-postgrest-upgrade-status.200.json", json::<GetPostgrestUpgradeStatus<'static>>),
    ("v1-get-project-api-keys.200.json", json::<GetProjectApiKeys<'static>>),
    ("v1-get-project-pgbouncer-config.200.json", json::<GetProjectPgbouncerConfig<'static>>),
    ("v1-get-readonly-mode-status.200.json", json::<GetReadonlyModeStatus<'static>>),
    ("v1-get-services-health.200.json", json::<GetServicesHealth<'static>>),
    ("v1-get-ssl-enforcement-config.200.json", json::<GetSslEnforcementConfig<'static>>),
    ("v1-get-supavisor-config.200.json", json::<GetSupavisorConfig<'static>>),
    ("v1-get-vanity-subdomain-config.200.json", json::<GetVanitySubdomainConfig<'static>>),
    ("v1-list-all-backups.200.json", json::<ListAllBackups<'static>>),
    ("v1-list-all-branches.200.json", json::<ListAllBranches<'static>>),
    ("v1-list-all-buckets.200.json", json::<ListAllBuckets<'static>>),
    ("v1-list-all-functions.200.json", json::<ListAllFunctions<'static>>),
    ("v1-list-all-network-bans.201.json", json::<ListAllNetworkBans<'static>>),
    ("v1-list-all-organizations.200.json", json::<ListAllOrganizations<'static>>),
    ("v1-list-all-projects.200.json", json::<ListAllProjects<'static>>),
    ("v1-list-all-secrets.200.json", json::<ListAllSecrets<'static>>),
    ("v1-list-all-snippets.200.json", json::<ListAllSnippets<'static>>),
    ("v1-list-all-sso-provider.200.json", json::<ListAllSsoProvider<'static>>),
    ("v1-list-organization-members.200.json", json::<ListOrganizationMembers<'static>>),
    ("v1-remove-a-read-replica.201.json", no_content::<RemoveAReadReplica<'static>>),
    ("v1-reset-a-branch.201.json", json::<ResetABranch<'static>>),
    ("v1-restore-pitr-backup.201.json", no_content::<RestorePitrBackup<'static>>),
    ("v1-run-a-query.201.json", json::<RunAQuery<'static>>),
    ("v1-setup-a-read-replica.201.json", no_content::<SetupAReadReplica<'static>>),
    ("v1-update-a-branch-config.200.json", json::<UpdateABranchConfig<'static>>),
    ("v1-update-a-function.200.json", json::<UpdateAFunction<'static>>),
    ("v1-update-a-sso-provider.200.json", json::<UpdateASsoProvider<'static>>),
    ("v1-update-auth-service-config.200.json", json::<UpdateAuthServiceConfig<'static>>),
    ("v1-update-hostname-config.201.json", json::<UpdateHostnameConfig<'static>>),
    ("v1-update-network-restrictions.201.json", json::<UpdateNetworkRestrictions<'static>>),
    ("v1-update-pgsodium-config.200.json", json::<UpdatePgsodiumConfig<'static>>),
    ("v1-update-postgres-config.200.json", json::<UpdatePostgresConfig<'static>>),
    ("v1-update-postgrest-service-config.200.json", json::<UpdatePostgrestServiceConfig<'static>>),
    ("v1-update-ssl-enforcement-config.200.json", json::<UpdateSslEnforcementConfig<'static>>),
    ("v1-update-supavisor-config.200.json", json::<UpdateSupavisorConfig<'static>>),
    ("v1-upgrade-postgres-version.201.json", json::<UpgradePostgresVersion<'static>>),
    ("v1-verify-dns-config.201.json", json::<VerifyDnsConfig<'static>>),
];

#[test]
fn every_example_body_reads_into_its_operations_response_type() {
    let failures: Vec<String> = TABLE
        .iter()
        .filter_map(|(file, check)| check(&examples().join(file)).err().map(|e| format!("{file}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_example_file_is_checked() {
    let mut files: Vec<String> = std::fs::read_dir(examples())
        .expect("spec/examples")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().to_string())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<String> = TABLE.iter().map(|(file, _)| file.to_string()).collect();
    assert_eq!(files, listed, "every example needs a row in TABLE, and every row an example");
}
