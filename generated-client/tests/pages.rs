//! Walking the pages of the API's paged operations (`x-pagination` in
//! spec/overlay.json) on the wire: the projects of an organization and the
//! action runs of a project by offset, the SQL snippets by cursor. Each test
//! serves a sequence of answers and checks what every page asked for, where
//! the walk ended, and that nothing is sent before the stream is polled.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use supabase_management::{Client, Error, Items, Paginated, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "sbp_0123456789abcdef";

/// Answers with `answers` in turn, the last one from then on.
struct InTurn {
    answers: Vec<ResponseTemplate>,
    served: Arc<AtomicUsize>,
}

impl Respond for InTurn {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.served.fetch_add(1, Ordering::SeqCst);
        self.answers[n.min(self.answers.len() - 1)].clone()
    }
}

/// A server answering every request with `answers` in turn, and a client of it that never retries.
async fn serve(answers: Vec<ResponseTemplate>) -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(InTurn { answers, served: Arc::default() }).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry(RetryPolicy::never())
        .build()
        .expect("a valid client");
    (client, server)
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn failure() -> ResponseTemplate {
    ResponseTemplate::new(500).set_body_json(json!({ "message": "Failed to list" }))
}

/// Every request the server received as `GET /path?query`, each checked to carry the token.
async fn sent(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("request recording is on");
    requests
        .iter()
        .map(|request| {
            let bearer = request.headers.get("authorization").and_then(|v| v.to_str().ok());
            assert_eq!(bearer, Some(format!("Bearer {TOKEN}").as_str()), "every page carries the token");
            match request.url.query() {
                Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
                None => format!("{} {}", request.method, request.url.path()),
            }
        })
        .collect()
}

/// The walk to its end: each item named by `name`, each error by its status (0 for none).
async fn walk<'a, O: Paginated + 'a>(
    mut items: Items<'a, O>,
    name: impl Fn(O::Item) -> String,
) -> Vec<Result<String, u16>> {
    let mut outcomes = Vec::new();
    while let Some(item) = items.next().await {
        outcomes.push(item.map(&name).map_err(|e: Error| e.status().map_or(0, |status| status.as_u16())));
    }
    assert!(items.next().await.is_none(), "a walk that ended stays ended");
    outcomes
}

fn oks(names: &[&str]) -> Vec<Result<String, u16>> {
    names.iter().map(|name| Ok(name.to_string())).collect()
}

// ---------------------------------------------------------------------------
// The answers of each operation
// ---------------------------------------------------------------------------

/// A page of an organization's projects `p{from}`..`p{to}`.
fn projects(from: usize, to: usize, limit: usize) -> Value {
    let projects: Vec<Value> = (from..to)
        .map(|i| {
            json!({ "ref": format!("p{i}"), "name": format!("project {i}"), "region": "us-east-1",
                         "status": "ACTIVE_HEALTHY", "cloud_provider": "AWS", "inserted_at": "2025-01-01T00:00:00Z",
                         "is_branch": false, "databases": [] })
        })
        .collect();
    json!({ "pagination": { "count": 5, "limit": limit, "offset": from }, "projects": projects })
}

/// A page of action runs `r{from}`..`r{to}`: the answer is the array.
fn runs(from: usize, to: usize) -> Value {
    let runs: Vec<Value> = (from..to)
        .map(|i| json!({ "id": format!("r{i}"), "branch_id": "b", "run_steps": [], "workdir": null,
                         "check_run_id": null, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z" }))
        .collect();
    Value::Array(runs)
}

/// A page of snippets with these ids, and the cursor of the next page (or none).
fn snippets(ids: &[&str], cursor: Option<&str>) -> Value {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({ "id": id, "name": format!("snippet {id}"), "type": "sql", "visibility": "user",
                          "description": null, "favorite": false, "inserted_at": "2025-01-01T00:00:00Z",
                          "updated_at": "2025-01-01T00:00:00Z", "project": { "id": 1, "name": "p" },
                          "owner": { "id": 1, "username": "u" }, "updated_by": { "id": 1, "username": "u" } })
        })
        .collect();
    match cursor {
        Some(cursor) => json!({ "data": data, "cursor": cursor }),
        None => json!({ "data": data }),
    }
}

// ---------------------------------------------------------------------------
// Several pages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_projects_of_an_organization_are_walked_by_offset_until_a_short_page() {
    let (client, server) = serve(vec![ok(projects(0, 2, 2)), ok(projects(2, 4, 2)), ok(projects(4, 5, 2))]).await;
    let items = client.get_all_projects_for_organization("acme").offset(0).limit(2).items();
    let outcomes = walk(items, |project| project.r#ref).await;
    assert_eq!(outcomes, oks(&["p0", "p1", "p2", "p3", "p4"]));
    assert_eq!(
        sent(&server).await,
        [
            "GET /v1/organizations/acme/projects?offset=0&limit=2",
            "GET /v1/organizations/acme/projects?offset=2&limit=2",
            "GET /v1/organizations/acme/projects?offset=4&limit=2",
        ]
    );
}

#[tokio::test]
async fn the_action_runs_of_a_project_are_walked_by_offset_over_top_level_arrays() {
    let (client, server) = serve(vec![ok(runs(0, 10)), ok(runs(10, 20)), ok(runs(20, 23))]).await;
    let items = client.list_action_runs("abcdefghijklmnopqrst").limit(10.0).items();
    let outcomes = walk(items, |run| run.id).await;
    let expected: Vec<String> = (0..23).map(|i| format!("r{i}")).collect();
    assert_eq!(outcomes, oks(&expected.iter().map(String::as_str).collect::<Vec<_>>()));
    assert_eq!(
        sent(&server).await,
        [
            "GET /v1/projects/abcdefghijklmnopqrst/actions?limit=10",
            "GET /v1/projects/abcdefghijklmnopqrst/actions?limit=10&offset=10",
            "GET /v1/projects/abcdefghijklmnopqrst/actions?limit=10&offset=20",
        ]
    );
}

#[tokio::test]
async fn the_snippets_are_walked_by_cursor_until_an_answer_has_none() {
    let (client, server) = serve(vec![
        ok(snippets(&["s1", "s2"], Some("c1"))),
        ok(snippets(&["s3", "s4"], Some("c2"))),
        ok(snippets(&["s5"], None)),
    ])
    .await;
    let items = client.list_all_snippets().project_ref("abcdefghijklmnopqrst").limit("2").items();
    let outcomes = walk(items, |snippet| snippet.id).await;
    assert_eq!(outcomes, oks(&["s1", "s2", "s3", "s4", "s5"]));
    assert_eq!(
        sent(&server).await,
        [
            "GET /v1/snippets?project_ref=abcdefghijklmnopqrst&limit=2",
            "GET /v1/snippets?project_ref=abcdefghijklmnopqrst&limit=2&cursor=c1",
            "GET /v1/snippets?project_ref=abcdefghijklmnopqrst&limit=2&cursor=c2",
        ]
    );
}

#[tokio::test]
async fn pages_gives_each_answer_whole() {
    let (client, _server) = serve(vec![ok(projects(0, 2, 2)), ok(projects(2, 3, 2))]).await;
    let mut pages = client.get_all_projects_for_organization("acme").limit(2).pages();
    let mut offsets = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("every page reads");
        offsets.push((page.pagination.offset, page.projects.len()));
    }
    assert_eq!(offsets, [(0.0, 2), (2.0, 1)]);
}

// ---------------------------------------------------------------------------
// An empty page ends the walk
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_empty_page_ends_each_walk() {
    // Without a limit the walk cannot tell a short page: the empty one ends it.
    let (client, server) = serve(vec![ok(projects(0, 3, 100)), ok(projects(3, 3, 100))]).await;
    let outcomes = walk(client.get_all_projects_for_organization("acme").items(), |p| p.r#ref).await;
    assert_eq!(outcomes, oks(&["p0", "p1", "p2"]));
    assert_eq!(
        sent(&server).await,
        ["GET /v1/organizations/acme/projects", "GET /v1/organizations/acme/projects?offset=3"]
    );

    let (client, server) = serve(vec![ok(runs(0, 2)), ok(runs(0, 0))]).await;
    let outcomes = walk(client.list_action_runs("abcdefghijklmnopqrst").items(), |run| run.id).await;
    assert_eq!(outcomes, oks(&["r0", "r1"]));
    assert_eq!(
        sent(&server).await,
        ["GET /v1/projects/abcdefghijklmnopqrst/actions", "GET /v1/projects/abcdefghijklmnopqrst/actions?offset=2"]
    );

    // An empty page ends a cursor walk even when it names a next cursor.
    let (client, server) = serve(vec![ok(snippets(&["s1"], Some("c1"))), ok(snippets(&[], Some("c2")))]).await;
    let outcomes = walk(client.list_all_snippets().items(), |snippet| snippet.id).await;
    assert_eq!(outcomes, oks(&["s1"]));
    assert_eq!(sent(&server).await, ["GET /v1/snippets", "GET /v1/snippets?cursor=c1"]);
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_walk() {
    let (client, server) = serve(vec![ok(snippets(&[], None))]).await;
    assert_eq!(walk(client.list_all_snippets().items(), |snippet| snippet.id).await, []);
    assert_eq!(sent(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// An error mid-way
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_error_mid_way_comes_once_after_the_items_before_it_and_ends_each_walk() {
    let (client, server) = serve(vec![ok(projects(0, 2, 2)), failure()]).await;
    let outcomes = walk(client.get_all_projects_for_organization("acme").limit(2).items(), |p| p.r#ref).await;
    assert_eq!(outcomes, [Ok("p0".to_string()), Ok("p1".to_string()), Err(500)]);
    assert_eq!(sent(&server).await.len(), 2, "nothing is asked for after the error");

    let (client, server) = serve(vec![ok(runs(0, 10)), failure()]).await;
    let outcomes = walk(client.list_action_runs("abcdefghijklmnopqrst").limit(10.0).items(), |run| run.id).await;
    assert_eq!(outcomes.len(), 11);
    assert_eq!(outcomes[10], Err(500));
    assert_eq!(sent(&server).await.len(), 2);

    let (client, server) = serve(vec![ok(snippets(&["s1"], Some("c1"))), failure()]).await;
    let outcomes = walk(client.list_all_snippets().items(), |snippet| snippet.id).await;
    assert_eq!(outcomes, [Ok("s1".to_string()), Err(500)]);
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test]
async fn a_snippet_cursor_that_comes_back_is_an_error_not_a_loop() {
    let (client, server) = serve(vec![ok(snippets(&["s1"], Some("c1"))), ok(snippets(&["s2"], Some("c1")))]).await;
    let mut items = client.list_all_snippets().items();
    let mut outcomes = Vec::new();
    while let Some(item) = items.next().await {
        outcomes.push(item.map(|snippet| snippet.id));
    }
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert!(matches!(&outcomes[2], Err(Error::Decode(e)) if e.message().contains("already sent")), "{outcomes:?}");
    assert_eq!(sent(&server).await, ["GET /v1/snippets", "GET /v1/snippets?cursor=c1"]);
}

// ---------------------------------------------------------------------------
// Laziness
// ---------------------------------------------------------------------------

#[tokio::test]
async fn no_request_is_sent_before_a_walk_is_polled() {
    let (client, server) = serve(vec![ok(projects(0, 2, 2)), ok(runs(0, 1)), ok(snippets(&["s1"], Some("c1")))]).await;
    let mut projects = client.get_all_projects_for_organization("acme").limit(2).items();
    let mut runs = client.list_action_runs("abcdefghijklmnopqrst").items();
    let mut snippets = client.list_all_snippets().items();
    let pages = client.list_all_snippets().pages();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(sent(&server).await.len(), 0, "building walks sends nothing");
    drop(pages);

    // One request per page, when an item of that page is asked for.
    assert!(matches!(projects.next().await, Some(Ok(_))));
    assert!(matches!(projects.next().await, Some(Ok(_))));
    assert_eq!(sent(&server).await, ["GET /v1/organizations/acme/projects?limit=2"]);
    assert!(matches!(runs.next().await, Some(Ok(_))));
    assert!(matches!(snippets.next().await, Some(Ok(_))));
    assert_eq!(
        sent(&server).await,
        [
            "GET /v1/organizations/acme/projects?limit=2",
            "GET /v1/projects/abcdefghijklmnopqrst/actions",
            "GET /v1/snippets",
        ]
    );
}
