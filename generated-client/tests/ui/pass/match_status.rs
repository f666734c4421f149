//! React to a project's status, including values this client does not know yet.

use supabase_management::types::V1ProjectResponseStatus;

fn describe(status: &V1ProjectResponseStatus) -> String {
    match status {
        V1ProjectResponseStatus::ActiveHealthy => "ready".to_string(),
        V1ProjectResponseStatus::ComingUp | V1ProjectResponseStatus::Restoring => "wait".to_string(),
        V1ProjectResponseStatus::InitFailed | V1ProjectResponseStatus::RestoreFailed => "failed".to_string(),
        V1ProjectResponseStatus::Other(value) => format!("new status {value}"),
        other => format!("{other}"),
    }
}

fn main() {
    assert_eq!(describe(&"ACTIVE_HEALTHY".parse().unwrap()), "ready");
    assert_eq!(describe(&V1ProjectResponseStatus::from("HIBERNATING")), "new status HIBERNATING");
    assert_eq!(describe(&V1ProjectResponseStatus::Pausing), "PAUSING");
}
