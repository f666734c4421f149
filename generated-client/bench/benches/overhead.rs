//! What the client adds to each request: `client.list_all_projects().await`
//! against a plain `reqwest` call that sends the same request and parses the
//! same body into the same type, both on one local HTTP/1.1 server.
//!
//! `cargo bench -p client-bench --bench overhead` measures (and
//! `cargo xtask bench` runs it). Without `--bench`, as under `cargo test`, it
//! only makes a few requests of each kind and checks that they agree.
//!
//! The server is a minimal keep-alive HTTP/1.1 responder on the same thread
//! (wiremock's matching and logging would cost more than what is measured).
//! Rounds of the two kinds alternate, so that drift in the machine's speed
//! (other work on it) falls on both alike; per-request times are medians.

use std::error::Error;
use std::hint::black_box;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::USER_AGENT;
use supabase_management::Client;
use supabase_management::types::V1ProjectWithDatabaseResponse;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type BoxError = Box<dyn Error + Send + Sync>;

/// The reference's example answer of `GET /v1/projects` (one project).
const EXAMPLE: &[u8] = include_bytes!("../../../spec/examples/v1-list-all-projects.200.json");
/// The example's projects are repeated to this many, a typical short list.
const PROJECTS: usize = 5;
const TOKEN: &str = "sbp_bench_token";
/// What the client sends as its user agent, sent by the plain call too.
const CLIENT_USER_AGENT: &str = supabase_management::DEFAULT_USER_AGENT;
/// Within 3% of plain reqwest.
const MAX_RATIO: f64 = 1.03;

/// How many requests: warm-up of each kind, then alternating timed rounds.
struct Plan {
    warm_up: usize,
    rounds: usize,
    requests_per_round: usize,
}

// Short rounds: the two kinds alternate often, so a slow spell hits both.
const MEASURE: Plan = Plan { warm_up: 1_000, rounds: 200, requests_per_round: 100 };
const SMOKE: Plan = Plan { warm_up: 2, rounds: 2, requests_per_round: 3 };

fn main() -> Result<(), BoxError> {
    // cargo bench passes `--bench`; cargo test runs the binary without it.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    // Server and client share one thread. With a thread each, every request
    // waits for the other thread to wake up, which on a virtual machine with
    // idle cores costs more than the request itself and varies with the load.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(run(measuring))
}

async fn run(measuring: bool) -> Result<(), BoxError> {
    let body = response_body()?;
    let base_url = start_server(Arc::new(ok_response(&body))).await?;
    let contenders = Contenders::new(&base_url)?;
    contenders.check_they_agree().await?;
    // For a profiler (`valgrind --tool=callgrind`): requests of one kind only.
    if let Ok(kind) = std::env::var(PROFILE) {
        let kind = match kind.as_str() {
            "client" => Kind::Client,
            "plain" => Kind::Plain,
            other => return Err(format!("{PROFILE}={other:?}: expected `client` or `plain`").into()),
        };
        contenders.time_requests(kind, PROFILE_REQUESTS).await?;
        return Ok(());
    }
    if !measuring {
        run_plan(&contenders, &SMOKE).await?;
        println!("overhead bench: smoke run passed (run with `cargo bench` to measure)");
        return Ok(());
    }
    println!(
        "GET /v1/projects on a local HTTP/1.1 server (keep-alive, on the same thread), body: {PROJECTS} projects, \
         {} bytes",
        body.len()
    );
    let timings = run_plan(&contenders, &MEASURE).await?;
    timings.print(&MEASURE);
    decode_cost_of_undocumented_members(&body)?;
    Ok(())
}

/// The types read from answers keep the members the document does not name
/// (in `additional_properties`): what that costs in decoding, on the same
/// projects with and without ten such members each.
fn decode_cost_of_undocumented_members(body: &[u8]) -> Result<(), BoxError> {
    let mut projects: Vec<serde_json::Value> = serde_json::from_slice(body)?;
    for project in &mut projects {
        let members = project.as_object_mut().ok_or("a project is an object")?;
        for i in 0..10 {
            members.insert(format!("undocumented_{i}"), serde_json::json!({ "since": "2026-12", "value": i }));
        }
    }
    let with_members = serde_json::to_vec(&projects)?;
    let decode = |bytes: &[u8]| -> Result<Duration, BoxError> {
        let mut times = Vec::with_capacity(DECODES);
        for _ in 0..DECODES {
            let start = Instant::now();
            black_box(serde_json::from_slice::<Vec<V1ProjectWithDatabaseResponse>>(black_box(bytes))?);
            times.push(start.elapsed());
        }
        Ok(median(&mut times))
    };
    // Alternating, as the requests are, so that drift falls on both.
    let (mut documented, mut undocumented) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        documented.push(decode(body)?);
        undocumented.push(decode(&with_members)?);
    }
    let (documented, undocumented) = (median(&mut documented), median(&mut undocumented));
    println!(
        "  decoding {PROJECTS} projects: {} ({} bytes); with 10 undocumented members each, kept: {} ({} bytes), \
         {} per member",
        micros(documented),
        body.len(),
        micros(undocumented),
        with_members.len(),
        micros(undocumented.saturating_sub(documented) / (PROJECTS as u32 * 10)),
    );
    Ok(())
}

/// Set to `client` or `plain`, the bench only makes `PROFILE_REQUESTS`
/// requests of that kind: what a profiler compares.
const PROFILE: &str = "OVERHEAD_PROFILE";
const PROFILE_REQUESTS: usize = 5_000;

/// Decodes of each body per measurement.
const DECODES: usize = 2_000;

/// The example's list of projects, repeated to `PROJECTS` entries.
fn response_body() -> Result<Vec<u8>, BoxError> {
    let example: Vec<serde_json::Value> = serde_json::from_slice(EXAMPLE)?;
    let projects: Vec<&serde_json::Value> = example.iter().cycle().take(PROJECTS).collect();
    Ok(serde_json::to_vec(&projects)?)
}

// ---------------------------------------------------------------------------
// The two ways of making the request

#[derive(Clone, Copy)]
enum Kind {
    Client,
    Plain,
}

struct Contenders {
    client: Client,
    plain: reqwest::Client,
    url: String,
}

impl Contenders {
    fn new(base_url: &str) -> Result<Self, BoxError> {
        let client = Client::builder().base_url(base_url).bearer_token(TOKEN).build()?;
        Ok(Contenders { client, plain: plain_http_client()?, url: format!("{base_url}/v1/projects") })
    }

    async fn request(&self, kind: Kind) -> Result<Vec<V1ProjectWithDatabaseResponse>, BoxError> {
        match kind {
            Kind::Client => Ok(self.client.list_all_projects().await?),
            Kind::Plain => {
                let response = self
                    .plain
                    .get(&self.url)
                    .bearer_auth(TOKEN)
                    .header(USER_AGENT, CLIENT_USER_AGENT)
                    .send()
                    .await?
                    .error_for_status()?;
                Ok(serde_json::from_slice(&response.bytes().await?)?)
            }
        }
    }

    /// Both read the same projects, so they did the same work.
    async fn check_they_agree(&self) -> Result<(), BoxError> {
        let from_client = self.request(Kind::Client).await?;
        let from_plain = self.request(Kind::Plain).await?;
        if from_client.len() != PROJECTS || from_client != from_plain {
            return Err(format!("the client read {from_client:?}, the plain call {from_plain:?}").into());
        }
        Ok(())
    }

    /// The time of each of `count` sequential requests.
    async fn time_requests(&self, kind: Kind, count: usize) -> Result<Vec<Duration>, BoxError> {
        let mut times = Vec::with_capacity(count);
        for _ in 0..count {
            let start = Instant::now();
            let projects = black_box(self.request(kind).await?);
            times.push(start.elapsed());
            drop(projects);
        }
        Ok(times)
    }
}

/// A reqwest client built as the library builds its own: the same connect
/// timeout, no redirects (the requests are plain HTTP, so TLS plays no part).
fn plain_http_client() -> Result<reqwest::Client, BoxError> {
    Ok(reqwest::Client::builder()
        .connect_timeout(supabase_management::DEFAULT_CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

// ---------------------------------------------------------------------------
// Measuring

struct Timings {
    client: Vec<Duration>,
    plain: Vec<Duration>,
    /// Per round pair: median client time / median plain time.
    round_ratios: Vec<f64>,
}

async fn run_plan(contenders: &Contenders, plan: &Plan) -> Result<Timings, BoxError> {
    // Warm-up: connections open, allocator and caches settled.
    contenders.time_requests(Kind::Client, plan.warm_up).await?;
    contenders.time_requests(Kind::Plain, plan.warm_up).await?;
    let mut timings = Timings { client: Vec::new(), plain: Vec::new(), round_ratios: Vec::new() };
    for round in 0..plan.rounds {
        // Which kind goes first alternates too, so neither always follows the other.
        let order = if round % 2 == 0 { [Kind::Client, Kind::Plain] } else { [Kind::Plain, Kind::Client] };
        let mut client = Vec::new();
        let mut plain = Vec::new();
        for kind in order {
            let times = contenders.time_requests(kind, plan.requests_per_round).await?;
            match kind {
                Kind::Client => client = times,
                Kind::Plain => plain = times,
            }
        }
        timings.round_ratios.push(ratio(median(&mut client), median(&mut plain)));
        timings.client.extend(client);
        timings.plain.extend(plain);
    }
    Ok(timings)
}

impl Timings {
    fn print(mut self, plan: &Plan) {
        let (client, plain) = (median(&mut self.client), median(&mut self.plain));
        let ratio = ratio(client, plain);
        self.round_ratios.sort_by(f64::total_cmp);
        let quantile = |q: f64| self.round_ratios[((self.round_ratios.len() - 1) as f64 * q).round() as usize];
        let (low, round_median, high) = (quantile(0.25), quantile(0.5), quantile(0.75));
        println!(
            "  {} alternating rounds of {} sequential requests of each kind, after {} warm-up requests of each; \
             medians over all {} requests of each kind",
            plan.rounds,
            plan.requests_per_round,
            plan.warm_up,
            plan.rounds * plan.requests_per_round,
        );
        println!("  plain reqwest + serde_json     median {} per request", micros(plain));
        println!("  client.list_all_projects()     median {} per request", micros(client));
        println!(
            "  overhead: {} per request; ratio client/plain {ratio:.3} (ratio per round: median {round_median:.3}, \
             middle half {low:.3}..{high:.3})",
            micros(client.saturating_sub(plain)),
        );
        println!(
            "  target: client overhead within 3% of plain reqwest: ratio {ratio:.3} ({} vs {}) {}",
            micros(client),
            micros(plain),
            if ratio <= MAX_RATIO { "PASS" } else { "FAIL" }
        );
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn micros(duration: Duration) -> String {
    format!("{:.1} µs", duration.as_secs_f64() * 1e6)
}

// ---------------------------------------------------------------------------
// The server

/// Starts the server as a task of the current runtime; its base URL. It
/// stops with the runtime.
async fn start_server(ok: Arc<Vec<u8>>) -> io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let ok = Arc::clone(&ok);
            tokio::spawn(async move {
                let _ = serve_connection(stream, &ok).await;
            });
        }
    });
    Ok(base_url)
}

/// The whole answer to `GET /v1/projects`: head and body, built once.
fn ok_response(body: &[u8]) -> Vec<u8> {
    let mut response =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())
            .into_bytes();
    response.extend_from_slice(body);
    response
}

const UNAUTHORIZED: &[u8] = b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n";
const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/// Answers the requests of one connection until the client closes it. Only
/// requests without a body are expected (the head is all that is read).
async fn serve_connection(mut stream: TcpStream, ok: &[u8]) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buffer = Vec::with_capacity(4096);
    while let Some(head_length) = read_head(&mut stream, &mut buffer).await? {
        let answer = answer(&buffer[..head_length], ok);
        stream.write_all(answer).await?;
        buffer.drain(..head_length);
    }
    Ok(())
}

/// Reads until `buffer` holds a whole request head; its length, or `None` at
/// the end of the connection.
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<Option<usize>> {
    loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            return Ok(Some(end + 4));
        }
        if stream.read_buf(buffer).await? == 0 {
            return Ok(None);
        }
    }
}

/// `GET /v1/projects` with a bearer token gets the projects.
fn answer<'a>(head: &[u8], ok: &'a [u8]) -> &'a [u8] {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    if !head.starts_with("get /v1/projects ") {
        return NOT_FOUND;
    }
    if !head.contains("\r\nauthorization: bearer ") {
        return UNAUTHORIZED;
    }
    ok
}
