//! What the published client holds: the code users compile and its readme and
//! changelog, not the tests, the recorded traffic, the examples or benchmarks.

use std::path::Path;
use std::process::Command;

fn listed(package: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["package", "-p", package, "--list", "--allow-dirty", "--offline"])
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_client_package_holds_what_users_compile() {
    let files = listed("supabase-management");
    for expected in
        ["Cargo.toml", "README.md", "CHANGELOG.md", "src/lib.rs", "src/runtime/mod.rs", "src/generated/types.rs"]
    {
        assert!(files.iter().any(|f| f == expected), "{expected} is not packaged: {files:?}");
    }
    let compiled_or_described = |f: &str| {
        (f.starts_with("src/") && f.ends_with(".rs"))
            || matches!(
                f,
                "Cargo.toml" | "Cargo.toml.orig" | "Cargo.lock" | "README.md" | "CHANGELOG.md" | ".cargo_vcs_info.json"
            )
    };
    let extra: Vec<&String> = files.iter().filter(|f| !compiled_or_described(f)).collect();
    assert!(extra.is_empty(), "the package holds files users do not compile: {extra:?}");
    assert!(!files.iter().any(|f| f.starts_with("tests/")), "no test data is packaged");
}

#[test]
fn the_derive_package_holds_its_code_and_readme() {
    let mut files = listed("supabase-management-derive");
    files.retain(|f| !matches!(f.as_str(), ".cargo_vcs_info.json" | "Cargo.lock" | "Cargo.toml.orig"));
    assert_eq!(files, ["Cargo.toml", "README.md", "src/lib.rs"]);
}
