//! The mock server of feature `mock`: typed expectations and answers, over
//! the real transport (retries, timeouts, pages), and the reports that fail a
//! test — each shown to say what went wrong.
#![cfg(feature = "mock")]

use std::time::{Duration, Instant};

use supabase_management::mock::{MockServer, Reply};
use supabase_management::operations::{
    BulkCreateSecrets, CreateAProject, DeployAFunction, GetAllProjectsForOrganization, GetProject, ListAllProjects,
    ListAllSnippets,
};
use supabase_management::types::{
    CreateSecretBodyItem, DeployFunctionResponse, FunctionDeployBody, FunctionDeployBodyMetadata,
    OrganizationProjectsResponse, OrganizationProjectsResponseProjectsItem, SnippetList, SnippetListDataItem,
    V1CreateProjectBody, V1ProjectResponse, V1ProjectWithDatabaseResponse, V1ProjectWithDatabaseResponseStatus,
};
use supabase_management::{Client, Error};

fn project(reference: &str, status: V1ProjectWithDatabaseResponseStatus) -> V1ProjectWithDatabaseResponse {
    let mut project = V1ProjectWithDatabaseResponse::default();
    project.r#ref = reference.into();
    project.name = format!("project {reference}");
    project.status = status;
    project
}

/// Code under test: how many projects are up.
async fn count_active(client: &Client) -> Result<usize, Error> {
    let projects = client.list_all_projects().await?;
    Ok(projects.iter().filter(|p| p.status == V1ProjectWithDatabaseResponseStatus::ActiveHealthy).count())
}

#[tokio::test]
async fn an_operation_answers_its_own_type_and_is_counted() {
    let mock = MockServer::start().await;
    mock.on::<ListAllProjects>()
        .returns(vec![
            project("a", V1ProjectWithDatabaseResponseStatus::ActiveHealthy),
            project("b", V1ProjectWithDatabaseResponseStatus::Inactive),
        ])
        .times(1);
    let client: Client = mock.client();
    assert_eq!(count_active(&client).await.expect("the count"), 1);
    // The request came with the mock client's token.
    let received = mock.received::<ListAllProjects>();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers()["authorization"], "Bearer mock-token");
    mock.verify();
}

#[tokio::test]
async fn requests_are_matched_by_path_query_and_typed_body_and_read_back() {
    let mock = MockServer::start().await;
    mock.on::<GetProject>()
        .path("ref", "abcdefghijklmnopqrst")
        .returns(project("abcdefghijklmnopqrst", V1ProjectWithDatabaseResponseStatus::ActiveHealthy));
    let expected = V1CreateProjectBody::new("a-strong-password", "shop", "my-org");
    let mut created = V1ProjectResponse::default();
    created.r#ref = "newprojectref0000000".into();
    mock.on::<CreateAProject>().body(expected.clone()).returns(created).times(1);
    mock.on::<GetAllProjectsForOrganization>()
        .path("slug", "my-org")
        .query("search", "shop")
        .returns(OrganizationProjectsResponse::default());
    let client: Client = mock.client();

    let found = client.get_project("abcdefghijklmnopqrst").await.expect("the project");
    assert_eq!(found.r#ref, "abcdefghijklmnopqrst");
    let made = client.create_a_project(expected.clone()).await.expect("created");
    assert_eq!(made.r#ref, "newprojectref0000000");
    client.get_all_projects_for_organization("my-org").search("shop").limit(5).await.expect("the page");

    // What was sent, as the operation's own body type.
    let sent = mock.received::<CreateAProject>();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body().expect("a V1CreateProjectBody"), expected);
    let listed = mock.received::<GetAllProjectsForOrganization>();
    assert_eq!(listed[0].path_param("slug"), Some("my-org"));
    assert_eq!(listed[0].query("limit"), Some("5"));
}

#[tokio::test]
async fn errors_rate_limits_and_delays_go_through_the_real_transport() {
    let mock = MockServer::start().await;
    mock.on::<GetProject>().path("ref", "missing").fails(404, "Project not found");
    // A 429 asking for no wait, then the project: the client retries.
    mock.on::<GetProject>()
        .path("ref", "busy")
        .rate_limited(Duration::ZERO)
        .returns(project("busy", V1ProjectWithDatabaseResponseStatus::ActiveHealthy))
        .times(2);
    mock.on::<GetProject>()
        .path("ref", "slow")
        .returns(V1ProjectWithDatabaseResponse::default())
        .delayed(Duration::from_secs(5));
    let client: Client = mock.client();

    let missing = client.get_project("missing").await;
    let Err(Error::Api(error)) = &missing else { panic!("{missing:?}") };
    assert_eq!(error.status().as_u16(), 404);
    assert_eq!(error.message().as_deref(), Some("Project not found"));

    let busy = client.get_project("busy").send_with_meta().await.expect("the second attempt answers");
    assert_eq!(busy.body().r#ref, "busy");

    let started = Instant::now();
    let slow = client.get_project("slow").with_timeout(Duration::from_millis(100)).await;
    assert!(matches!(slow, Err(Error::Timeout { .. })), "{slow:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

fn snippet(id: &str) -> SnippetListDataItem {
    let mut snippet = SnippetListDataItem::default();
    snippet.id = id.into();
    snippet.name = format!("snippet {id}");
    snippet
}

fn snippets(ids: &[&str], cursor: Option<&str>) -> SnippetList {
    let mut page = SnippetList::default();
    page.data = ids.iter().map(|id| snippet(id)).collect();
    page.cursor = cursor.map(str::to_string);
    page
}

fn organization_page(refs: &[&str]) -> OrganizationProjectsResponse {
    let mut page = OrganizationProjectsResponse::default();
    page.projects = refs
        .iter()
        .map(|r| {
            let mut project = OrganizationProjectsResponseProjectsItem::default();
            project.r#ref = r.to_string();
            project
        })
        .collect();
    page
}

/// The `offset` of each request of the organization's projects the mock received.
fn offsets_received(mock: &MockServer) -> Vec<Option<String>> {
    mock.received::<GetAllProjectsForOrganization>().iter().map(|r| r.query("offset").map(str::to_string)).collect()
}

#[tokio::test]
async fn pages_answer_a_walk_each_at_its_own_cursor_or_offset() {
    let mock = MockServer::start().await;
    mock.on::<ListAllSnippets>().pages([snippets(&["1", "2"], Some("next")), snippets(&["3"], None)]).times(2);
    mock.on::<GetAllProjectsForOrganization>().pages([organization_page(&["a", "b"]), organization_page(&["c"])]);
    let client: Client = mock.client();

    let mut names = Vec::new();
    let mut walk = client.list_all_snippets().items();
    while let Some(snippet) = walk.next().await {
        names.push(snippet.expect("a snippet").id);
    }
    assert_eq!(names, ["1", "2", "3"]);
    let cursors: Vec<Option<String>> =
        mock.received::<ListAllSnippets>().iter().map(|r| r.query("cursor").map(str::to_string)).collect();
    assert_eq!(cursors, [None, Some("next".to_string())]);

    let mut refs = Vec::new();
    let mut walk = client.get_all_projects_for_organization("my-org").limit(2).items();
    while let Some(project) = walk.next().await {
        refs.push(project.expect("a project").r#ref);
    }
    assert_eq!(refs, ["a", "b", "c"]);
    let offsets = offsets_received(&mock);
    assert_eq!(offsets, [None, Some("2".to_string())]);
}

#[tokio::test]
async fn a_multipart_body_reads_back_as_its_parts() {
    let mock = MockServer::start().await;
    let mut deployed = DeployFunctionResponse::default();
    deployed.slug = "hello".into();
    mock.on::<DeployAFunction>().path("ref", "r").query("slug", "hello").returns(deployed).times(1);
    let client: Client = mock.client();
    let mut metadata = FunctionDeployBodyMetadata::new("index.ts");
    metadata.name = Some("hello".into());
    let mut body = FunctionDeployBody::new(metadata.clone());
    body.file = Some(vec![bytes::Bytes::from_static(b"Deno.serve(() => new Response(\"hi\"))")]);
    let answer = client.deploy_a_function("r", body).slug("hello").await.expect("deployed");
    assert_eq!(answer.slug, "hello");

    let received = mock.received::<DeployAFunction>();
    let parts = received[0].multipart().expect("a multipart body");
    let names: Vec<(&str, Option<&str>)> = parts.iter().map(|p| (p.name.as_str(), p.file_name.as_deref())).collect();
    assert_eq!(names, [("file", Some("file")), ("metadata", None)]);
    assert_eq!(parts[0].text(), Ok("Deno.serve(() => new Response(\"hi\"))"));
    assert_eq!(parts[1].json::<FunctionDeployBodyMetadata>(), Ok(metadata));
    let not_a_list = parts[1].json::<Vec<String>>().expect_err("the metadata is an object");
    assert!(
        not_a_list.starts_with(
            "part `metadata` does not read as `alloc::vec::Vec<alloc::string::String>` from JSON: invalid type: map"
        ),
        "{not_a_list}"
    );
}

#[tokio::test]
async fn a_walk_of_pages_may_start_at_any_offset() {
    let mock = MockServer::start().await;
    mock.on::<GetAllProjectsForOrganization>().pages([organization_page(&["k", "l"]), organization_page(&["m"])]);
    let client: Client = mock.client();
    let mut refs = Vec::new();
    let mut walk = client.get_all_projects_for_organization("my-org").offset(10).limit(2).items();
    while let Some(project) = walk.next().await {
        refs.push(project.expect("a project").r#ref);
    }
    assert_eq!(refs, ["k", "l", "m"]);
    let offsets = offsets_received(&mock);
    assert_eq!(offsets, [Some("10".to_string()), Some("12".to_string())]);
}

#[tokio::test]
async fn untyped_json_answers_what_strays_from_the_document() {
    let mock = MockServer::start().await;
    mock.on::<GetProject>()
        .returns_json(200, serde_json::json!({ "ref": "r", "name": "n", "brand_new_member": [1, 2] }))
        .reply(Reply::json(200, &serde_json::json!({ "ref": "second" })).header("x-ratelimit-remaining", 7));
    let client: Client = mock.client();
    let first = client.get_project("r").await.expect("the project");
    assert_eq!(first.additional_properties["brand_new_member"], serde_json::json!([1, 2]));
    let second = client.get_project("r").send_with_meta().await.expect("the project again");
    assert_eq!(second.rate_limit().and_then(|limit| limit.remaining), Some(7));
    assert!(second.placeholders_filled() > 0, "the second answer lacks required members");
}

// The reports: each failure says which operation, what was expected, and what came.

#[tokio::test]
async fn an_expectation_not_met_names_the_operation_and_the_requests_seen() {
    let mock = MockServer::start().await;
    mock.on::<GetProject>().path("ref", "expected").returns(V1ProjectWithDatabaseResponse::default()).times(1);
    mock.on::<GetProject>().returns(V1ProjectWithDatabaseResponse::default());
    let client: Client = mock.client();
    client.get_project("other").await.expect("the catch-all answers");
    let report = mock.finish().expect("a report");
    assert!(
        report.contains(
            "`GetProject` (`v1-get-project`: GET /v1/projects/{ref}, ref = \"expected\") expected 1 request, got 0"
        ),
        "{report}"
    );
    assert!(report.contains("The requests of its operation the server saw:\n    GET /v1/projects/other"), "{report}");
}

#[tokio::test]
async fn a_request_that_matches_nothing_fails_with_the_nearest_expectation() {
    let mock = MockServer::start().await;
    mock.on::<GetProject>().path("ref", "abc").returns(V1ProjectWithDatabaseResponse::default());
    mock.on::<ListAllProjects>().returns(Vec::new());
    let client: Client = mock.client();
    let result = client.get_project("xyz").await;
    let Err(Error::Api(error)) = &result else { panic!("{result:?}") };
    assert_eq!(error.status().as_u16(), 501);
    let message = error.message().unwrap_or_default();
    assert_eq!(
        message,
        "no expectation of the mock server matches GET /v1/projects/xyz; the nearest is `GetProject` \
         (`v1-get-project`: GET /v1/projects/{ref}, ref = \"abc\"): path parameter `ref` is \"xyz\", expected \"abc\""
    );
    // Also reported when the server is checked, in case the code swallowed the error.
    let report = mock.finish().expect("a report");
    assert!(report.contains(&message), "{report}");
}

#[tokio::test]
async fn a_body_that_differs_is_shown_with_the_expected_one_secrets_hidden() {
    let mock = MockServer::start().await;
    let secret = |name: &str, value: &str| CreateSecretBodyItem { name: name.into(), value: value.into() };
    mock.on::<BulkCreateSecrets>().path("ref", "r").body(vec![secret("A", "expected-value")]).returns(());
    let client: Client = mock.client();
    let result = client.bulk_create_secrets("r", vec![secret("B", "sent-value")]).await;
    let Err(Error::Api(error)) = &result else { panic!("{result:?}") };
    let message = error.message().unwrap_or_default();
    assert!(message.contains("the body is [CreateSecretBodyItem { name: \"B\""), "{message}");
    assert!(message.contains("expected [CreateSecretBodyItem { name: \"A\""), "{message}");
    assert!(!message.contains("sent-value") && !message.contains("expected-value"), "secrets shown: {message}");
    assert!(mock.finish().is_some());
}

#[tokio::test]
async fn a_walk_past_the_last_page_is_reported() {
    let mock = MockServer::start().await;
    // Every page full, no cursor missing: the walk asks for a page that was not given.
    mock.on::<ListAllSnippets>().pages([snippets(&["1"], Some("next"))]);
    let client: Client = mock.client();
    let pages: Vec<_> = {
        let mut walk = client.list_all_snippets().pages();
        let mut pages = Vec::new();
        while let Some(page) = walk.next().await {
            pages.push(page);
        }
        pages
    };
    assert_eq!(pages.len(), 2, "{pages:?}");
    let Err(Error::Api(error)) = &pages[1] else { panic!("{:?}", pages[1]) };
    assert!(error.message().unwrap_or_default().contains("it asks for page 2, and only 1 were given"));
    assert!(mock.finish().is_some());
}

#[tokio::test]
async fn a_page_asked_at_another_offset_is_reported() {
    let mock = MockServer::start().await;
    mock.on::<GetAllProjectsForOrganization>().pages([organization_page(&["a", "b"]), organization_page(&["c"])]);
    let client: Client = mock.client();
    client.get_all_projects_for_organization("my-org").offset(4).await.expect("the first page, wherever it starts");
    // The next page of that walk is at 4 + 2.
    let result = client.get_all_projects_for_organization("my-org").offset(5).await;
    let Err(Error::Api(error)) = &result else { panic!("{result:?}") };
    let message = error.message().unwrap_or_default();
    assert!(message.contains("page 2 is asked with `offset` = Some(\"5\"), expected Some(\"6\")"), "{message}");
    assert!(mock.finish().is_some());
}

#[tokio::test]
#[should_panic(
    expected = "`GetProject` (GET /v1/projects/{ref}) has no path parameter `project_ref`; its path parameters: [\"ref\"]"
)]
async fn a_path_parameter_the_operation_does_not_have_is_refused() {
    let mock = MockServer::start().await;
    mock.on::<GetProject>().path("project_ref", "abc");
}

#[tokio::test]
#[should_panic(expected = "the mock server's expectations were not met")]
async fn dropping_the_server_checks_the_expectations() {
    let mock = MockServer::start().await;
    mock.on::<ListAllProjects>().returns(Vec::new()).times(1);
}
