//! The mock server answers an operation with the operation's own success
//! type: a project list is not a project.

use supabase_management::mock::MockServer;
use supabase_management::operations::GetProject;
use supabase_management::types::V1ProjectWithDatabaseResponse;

async fn expect(mock: &MockServer) {
    mock.on::<GetProject>().returns(vec![V1ProjectWithDatabaseResponse::default()]);
}

fn main() {
    let _ = expect;
}
