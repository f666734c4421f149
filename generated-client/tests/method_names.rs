//! Every method the crate had before it moved to the live API's document
//! (71, one per operation of the reference) still exists, so code written
//! against it keeps compiling. The four operations upstream renamed are kept
//! as deprecated aliases (`x-previous-operation-ids` in `spec/overlay.json`;
//! `tests/ui/pass/renamed_operations.rs` calls them).

/// The client's methods, as the generated code declares them.
fn client_methods() -> Vec<String> {
    let source = include_str!("../src/generated/operations.rs");
    source
        .split("pub fn ")
        .skip(1)
        .filter_map(|rest| rest.split_once('(').map(|(name, _)| name.trim().to_string()))
        .collect()
}

/// The method names of the crate's first release.
const FIRST_RELEASE: &[&str] = &[
    "activate_custom_hostname",
    "activate_vanity_subdomain_config",
    "authorize_user",
    "bulk_create_secrets",
    "bulk_delete_secrets",
    "check_vanity_subdomain_availability",
    "create_a_branch",
    "create_a_project",
    "create_a_sso_provider",
    "create_an_organization",
    "deactivate_vanity_subdomain_config",
    "delete_a_branch",
    "delete_a_function",
    "delete_a_project",
    "delete_a_sso_provider",
    "delete_network_bans",
    "disable_preview_branching",
    "disable_readonly_mode_temporarily",
    "enable_database_webhook",
    "exchange_oauth_token",
    "generate_typescript_types",
    "get_a_branch_config",
    "get_a_function",
    "get_a_function_body",
    "get_a_snippet",
    "get_a_sso_provider",
    "get_an_organization",
    "get_auth_service_config",
    "get_hostname_config",
    "get_network_restrictions",
    "get_pgsodium_config",
    "get_postgres_config",
    "get_postgrest_service_config",
    "get_postgrest_upgrade_eligibility",
    "get_postgrest_upgrade_status",
    "get_project_api_keys",
    "get_project_pgbouncer_config",
    "get_readonly_mode_status",
    "get_services_health",
    "get_ssl_enforcement_config",
    "get_supavisor_config",
    "get_vanity_subdomain_config",
    "list_all_backups",
    "list_all_branches",
    "list_all_buckets",
    "list_all_functions",
    "list_all_network_bans",
    "list_all_organizations",
    "list_all_projects",
    "list_all_secrets",
    "list_all_snippets",
    "list_all_sso_provider",
    "list_organization_members",
    "remove_a_read_replica",
    "reset_a_branch",
    "restore_pitr_backup",
    "run_a_query",
    "setup_a_read_replica",
    "update_a_branch_config",
    "update_a_function",
    "update_a_sso_provider",
    "update_auth_service_config",
    "update_hostname_config",
    "update_network_restrictions",
    "update_pgsodium_config",
    "update_postgres_config",
    "update_postgrest_service_config",
    "update_ssl_enforcement_config",
    "update_supavisor_config",
    "upgrade_postgres_version",
    "verify_dns_config",
];

#[test]
fn every_method_of_the_first_release_still_exists() {
    let methods = client_methods();
    assert_eq!(FIRST_RELEASE.len(), 71);
    let missing: Vec<&&str> = FIRST_RELEASE.iter().filter(|name| !methods.iter().any(|m| m == **name)).collect();
    assert!(missing.is_empty(), "methods of the first release that are gone: {missing:?}");
}
