//! `cargo xtask bench`: how fast the generator is, what the generated crate
//! costs its users, and what the client adds to a plain `reqwest` call.
//!
//! Every verdict compares two things measured in the same run, timed
//! alternately, so that it holds on any machine: generation against reading
//! the same document as JSON, the crate's compile time against the same
//! crate with serde's derives, a request of the client against a plain
//! reqwest call; and the growth of generation from 1,000 to 10,000 operations.
//!
//! - Generation is timed in this process, on `spec/` and on synthetic
//!   documents of 100, 1,000 and 10,000 operations built in memory; the
//!   growth from 1,000 to 10,000 must stay linear.
//! - The generated crate's cost: lines, types, dependency tree, and the time
//!   of `cargo check` / `cargo build` of the crate alone, compiled whole as a
//!   dependency is, next to the same crate with serde's own derives, the two
//!   alternating (copies in `target/bench`, so that the user's own builds
//!   are left alone).
//! - The client's overhead per request is the bench of the `client-bench`
//!   crate (`generated-client/bench/benches/overhead.rs`), run with `cargo
//!   bench`: alternating rounds of the client and of a plain reqwest call.
//!
//! The generator must be timed optimised, but `cargo xtask` builds xtask
//! without optimisation; so a debug build of this task re-runs itself as
//! `cargo run --release -p xtask -- bench`. Other work may share the machine:
//! every time is the median of several runs. Each target is printed with
//! PASS or FAIL, and the task fails when one is missed.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use openapi_clientgen::{GeneratedFile, Options};
use serde_json::{Map, Value, json};

use crate::{REGEN_COMMAND, Spec, TaskError, cargo, cargo_command, default_out, workspace_root};

/// Set in the environment of the optimised re-run, so that it never re-runs itself.
const RELAUNCHED: &str = "XTASK_BENCH_RELEASE";

/// Sizes of the synthetic documents, in operations, and how many timed runs each gets.
const SYNTHETIC_SIZES: &[(usize, usize)] = &[(100, 7), (1_000, 7), (10_000, 3)];
/// Timed runs of generation from `spec/`.
const SPEC_RUNS: usize = 7;
/// Timed runs of `cargo check` and of `cargo build` of the generated crate.
const CARGO_RUNS: usize = 5;

/// Generation of `spec/` at most this many times reading the same document
/// as JSON: on the machine the README names, where reading it takes 2 ms,
/// that is the 50 ms of "well under 100 ms", and it scales with the machine.
const MAX_GENERATION_PER_READ: f64 = 25.0;

/// Generated lines per operation, types included (progenitor 0.15.1: 117 on the 71-operation spec).
const MAX_LINES_PER_OPERATION: f64 = 120.0;
/// `cargo check` and `cargo build` of the crate alone, as a share of the
/// same crate with serde's own derives, built in the same run.
const MAX_CHECK_SHARE: f64 = 0.5;
const MAX_BUILD_SHARE: f64 = 0.7;
/// Linear growth: the time per operation at 10,000 operations is at most this
/// multiple of the time per operation at 1,000.
const MAX_PER_OPERATION_GROWTH: f64 = 2.0;

/// One target: what it asks, the figure measured, and whether it holds.
struct Target {
    name: String,
    measured: String,
    pass: bool,
}

impl Target {
    fn print(&self) {
        println!("  target: {}: {} {}", self.name, self.measured, pass_or_fail(self.pass));
    }
}

fn pass_or_fail(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
}

/// The parts of the bench, by name: `cargo xtask bench [PART…]` runs those;
/// without any, all but `builds` (cold builds, minutes each).
pub const PARTS: [&str; 4] = ["generation", "crate", "overhead", "builds"];

/// Runs the measurements of `parts` (all without any) and prints them;
/// fails when a target is missed.
pub fn run(parts: &[String]) -> Result<(), TaskError> {
    if let Some(unknown) = parts.iter().find(|part| !PARTS.contains(&part.as_str())) {
        return Err(TaskError::Out(format!("no bench part {unknown:?}; the parts: {}", PARTS.join(", "))));
    }
    if cfg!(debug_assertions) && std::env::var_os(RELAUNCHED).is_none() {
        return run_optimised(parts);
    }
    let runs = |part: &str| (parts.is_empty() && part != "builds") || parts.iter().any(|p| p == part);
    print_machine();
    let mut targets = Vec::new();
    if runs("generation") {
        targets.extend(measure_generation()?);
    }
    if runs("crate") {
        targets.extend(measure_crate_cost()?);
    }
    if runs("overhead") {
        targets.extend(measure_client_overhead()?);
    }
    if runs("builds") {
        measure_cold_builds()?;
    }
    print_summary(&targets)
}

/// Runs this task again from an optimised build of xtask.
fn run_optimised(parts: &[String]) -> Result<(), TaskError> {
    println!("building xtask with optimisations: cargo run --release -p xtask -- bench");
    let status = cargo_command()
        .args(["run", "--release", "--quiet", "--locked", "-p", "xtask", "--", "bench"])
        .args(parts)
        .env(RELAUNCHED, "1")
        .status()
        .map_err(|error| TaskError::Io { what: format!("cannot run {}", cargo()), error })?;
    if status.success() {
        Ok(())
    } else {
        // The optimised run has printed its own error.
        Err(TaskError::Out(format!("cargo run --release -p xtask -- bench: {status}")))
    }
}

fn print_summary(targets: &[Target]) -> Result<(), TaskError> {
    println!("\n== targets (load average at the end {})", load_average());
    for target in targets {
        target.print();
    }
    let failed = targets.iter().filter(|t| !t.pass).count();
    if failed == 0 {
        println!("all {} targets pass", targets.len());
        Ok(())
    } else {
        Err(TaskError::Out(format!("{failed} of {} targets failed (figures above)", targets.len())))
    }
}

// ---------------------------------------------------------------------------
// The machine

fn print_machine() {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = proc_value(&cpuinfo, "model name").unwrap_or("unknown");
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = proc_value(&meminfo, "MemTotal")
        .and_then(|total| total.trim_end_matches(" kB").parse::<f64>().ok())
        .map_or("unknown".to_string(), |kib| format!("{:.1} GiB", kib / (1024.0 * 1024.0)));
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    println!("== machine: {cores} cores, {cpu}, {memory} memory; load average at start {}", load_average());
    println!("every time below is the median of several runs: other work may share the machine");
}

/// The 1, 5 and 15 minute load averages: a busy machine makes every figure slower.
fn load_average() -> String {
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// The value of `key` in a `/proc` file of `key : value` lines.
fn proc_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find(|line| line.starts_with(key))?.split_once(':').map(|(_, value)| value.trim())
}

// ---------------------------------------------------------------------------
// Generation

/// A document to generate from, and how many timed runs it gets.
struct Input {
    label: String,
    bytes: Vec<u8>,
    runs: usize,
    /// The operations a synthetic document was built with, to check the model.
    expected_operations: Option<usize>,
}

/// The figures of one document.
struct GenerationResult {
    label: String,
    synthetic: bool,
    operations: usize,
    types: usize,
    input_bytes: usize,
    output_lines: usize,
    runs: usize,
    /// `generate`: every stage.
    total: Duration,
    /// `model_of`: load and lower only; the rest is emit and format.
    model: Duration,
    /// Reading the document as JSON (`serde_json::Value`): the yardstick.
    read: Duration,
}

impl GenerationResult {
    fn per_operation(&self) -> Duration {
        self.total / self.operations.max(1) as u32
    }

    fn operations_per_second(&self) -> f64 {
        self.operations as f64 / self.total.as_secs_f64()
    }
}

fn measure_generation() -> Result<Vec<Target>, TaskError> {
    println!("\n== generation: openapi_clientgen::generate in-process (release build), median of the runs shown");
    let mut inputs = vec![spec_input()?];
    inputs.extend(SYNTHETIC_SIZES.iter().map(|&(operations, runs)| synthetic_input(operations, runs)));
    print_row(&COLUMNS.map(|(name, _)| name.to_string()));
    let mut results = Vec::new();
    for input in &inputs {
        let result = measure_input(input)?;
        print_generation_row(&result);
        results.push(result);
    }
    println!(
        "  (per op: median / ops; load+lower: `model_of` alone; emit+format: the rest of `generate`; read JSON: \
         `serde_json::from_slice::<Value>` of the same bytes, timed alternately with the others)"
    );
    print_growth(&results);
    let targets = generation_targets(&results);
    for target in &targets {
        target.print();
    }
    Ok(targets)
}

fn spec_input() -> Result<Input, TaskError> {
    let bytes = Spec::project().input()?;
    Ok(Input { label: "spec/ (Supabase)".to_string(), bytes, runs: SPEC_RUNS, expected_operations: None })
}

fn synthetic_input(operations: usize, runs: usize) -> Input {
    let bytes = serde_json::to_vec(&synthetic_document(operations)).expect("a JSON value always serialises");
    Input { label: format!("synthetic {}", thousands(operations)), bytes, runs, expected_operations: Some(operations) }
}

fn options() -> Options {
    Options::new(REGEN_COMMAND)
}

/// Checks that the document generates, then times `generate` and `model_of`.
fn measure_input(input: &Input) -> Result<GenerationResult, TaskError> {
    let invalid = |error: openapi_clientgen::Error| {
        TaskError::Out(format!("{} cannot be generated: {} (at {})", input.label, error.message, error.pointer))
    };
    // The first run checks the document (and warms caches); it is not timed.
    let files = openapi_clientgen::generate(&input.bytes, &options()).map_err(invalid)?;
    let api = openapi_clientgen::model_of(&input.bytes, &options()).map_err(invalid)?;
    if let Some(expected) = input.expected_operations
        && api.operations.len() != expected
    {
        return Err(TaskError::Out(format!(
            "{} has {} operations in the model, expected {expected}",
            input.label,
            api.operations.len()
        )));
    }
    let mut totals = Vec::new();
    let mut models = Vec::new();
    let mut reads = Vec::new();
    // Alternating, so that a slow spell of the machine falls on all three.
    for _ in 0..input.runs {
        totals.push(time(|| openapi_clientgen::generate(&input.bytes, &options())));
        models.push(time(|| openapi_clientgen::model_of(&input.bytes, &options())));
        reads.push(time(|| serde_json::from_slice::<Value>(&input.bytes)));
    }
    Ok(GenerationResult {
        label: input.label.clone(),
        synthetic: input.expected_operations.is_some(),
        operations: api.operations.len(),
        types: api.types.len(),
        input_bytes: input.bytes.len(),
        output_lines: line_count(&files),
        runs: input.runs,
        total: median(&mut totals),
        model: median(&mut models),
        read: median(&mut reads),
    })
}

/// How long `f` takes; its result is dropped after the clock stops.
fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let result = std::hint::black_box(f());
    let elapsed = start.elapsed();
    drop(result);
    elapsed
}

fn line_count(files: &[GeneratedFile]) -> usize {
    files.iter().map(|file| file.contents.lines().count()).sum()
}

/// The columns of the generation table: heading and width.
const COLUMNS: [(&str, usize); 12] = [
    ("document", 18),
    ("ops", 6),
    ("types", 6),
    ("input", 9),
    ("out lines", 9),
    ("runs", 4),
    ("median", 10),
    ("ops/s", 7),
    ("per op", 7),
    ("load+lower", 10),
    ("emit+format", 11),
    ("read JSON", 9),
];

/// One line of the table: the first column left-aligned, the figures right-aligned.
fn print_row(cells: &[String; 12]) {
    let mut line = String::from(" ");
    for (i, (cell, (_, width))) in cells.iter().zip(COLUMNS).enumerate() {
        line.push(' ');
        if i == 0 {
            line.push_str(&format!("{cell:<width$}"));
        } else {
            line.push_str(&format!("{cell:>width$}"));
        }
    }
    println!("{line}");
}

fn print_generation_row(r: &GenerationResult) {
    print_row(&[
        r.label.clone(),
        thousands(r.operations),
        thousands(r.types),
        format!("{} KiB", thousands(r.input_bytes / 1024)),
        thousands(r.output_lines),
        r.runs.to_string(),
        millis(r.total),
        thousands(r.operations_per_second().round() as usize),
        micros(r.per_operation()),
        millis(r.model),
        millis(r.total.saturating_sub(r.model)),
        millis(r.read),
    ]);
}

/// The cost per operation from each synthetic size to the next: about 1.0x
/// when the cost is linear in the size.
fn print_growth(results: &[GenerationResult]) {
    println!("  growth (linear when the time per operation stays the same):");
    for pair in synthetic_results(results).windows(2) {
        let (small, large) = (pair[0], pair[1]);
        println!(
            "    {} -> {} ops: {:.1}x the operations, {:.1}x the time, time per operation x{:.2}",
            thousands(small.operations),
            thousands(large.operations),
            large.operations as f64 / small.operations as f64,
            large.total.as_secs_f64() / small.total.as_secs_f64(),
            per_operation_growth(small, large),
        );
    }
}

fn synthetic_results(results: &[GenerationResult]) -> Vec<&GenerationResult> {
    results.iter().filter(|r| r.synthetic).collect()
}

fn per_operation_growth(small: &GenerationResult, large: &GenerationResult) -> f64 {
    large.per_operation().as_secs_f64() / small.per_operation().as_secs_f64()
}

fn generation_targets(results: &[GenerationResult]) -> Vec<Target> {
    let mut targets = Vec::new();
    if let Some(spec) = results.first() {
        let ratio = spec.total.as_secs_f64() / spec.read.as_secs_f64();
        targets.push(Target {
            name: format!("generation of spec/ at most {MAX_GENERATION_PER_READ}x reading it as JSON"),
            measured: format!("{} vs {}, {ratio:.1}x", millis(spec.total), millis(spec.read)),
            pass: ratio <= MAX_GENERATION_PER_READ,
        });
    }
    let synthetic = synthetic_results(results);
    let size = |operations: usize| synthetic.iter().find(|r| r.operations == operations).copied();
    if let (Some(thousand), Some(ten_thousand)) = (size(1_000), size(10_000)) {
        let growth = per_operation_growth(thousand, ten_thousand);
        targets.push(Target {
            name: format!(
                "cost linear in size (per op at 10,000 within {MAX_PER_OPERATION_GROWTH}x of per op at 1,000)"
            ),
            measured: format!(
                "{} vs {} per op, x{growth:.2}",
                micros(ten_thousand.per_operation()),
                micros(thousand.per_operation())
            ),
            pass: growth <= MAX_PER_OPERATION_GROWTH,
        });
    }
    targets
}

// ---------------------------------------------------------------------------
// Synthetic documents

/// Operations per synthetic resource: list, create, get, update, delete.
const OPERATIONS_PER_RESOURCE: usize = 5;

/// An OpenAPI 3.0 document with `operations` operations, shaped like a real
/// REST API: resources under a project, each with list/create/get/update/
/// delete, path and query parameters, JSON bodies, and component schemas with
/// nested objects, enums, arrays, maps and `$ref`s (about 1 component schema
/// and 2 generated types per operation, as in `spec/`).
fn synthetic_document(operations: usize) -> Value {
    let resources = operations.div_ceil(OPERATIONS_PER_RESOURCE);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let all_operations = (0..resources).flat_map(resource_operations).take(operations);
    for (path, method, operation) in all_operations {
        let item = paths.entry(path).or_insert_with(|| json!({}));
        item[method] = operation;
    }
    for resource in 0..resources {
        schemas.extend(resource_schemas(resource));
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Synthetic API",
            "version": "1.0.0",
            "description": format!("A generated document of {operations} operations for benchmarks."),
        },
        "servers": [{ "url": "https://api.example.com" }],
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": schemas,
        },
    })
}

/// The five operations of resource `n`, as (path, method, operation).
fn resource_operations(n: usize) -> Vec<(String, &'static str, Value)> {
    let collection = format!("/v1/projects/{{ref}}/widgets-{n}");
    let item = format!("{collection}/{{widget_id}}");
    let widget = json!({ "$ref": format!("#/components/schemas/Widget{n}") });
    let list = json!({
        "operationId": format!("v1-list-widgets-{n}"),
        "summary": format!("Lists the widgets of kind {n} of a project"),
        "parameters": [
            project_ref(),
            { "name": "limit", "in": "query", "description": "At most this many widgets",
              "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } },
            { "name": "status", "in": "query", "schema": { "$ref": format!("#/components/schemas/WidgetStatus{n}") } },
            { "name": "tags", "in": "query", "explode": false,
              "schema": { "type": "array", "items": { "type": "string" } } },
            { "name": "include_deleted", "in": "query", "schema": { "type": "boolean" } },
        ],
        "responses": {
            "200": json_response("The widgets", json!({ "type": "array", "items": widget })),
            "401": { "description": "Unauthorized" },
        },
    });
    let create = json!({
        "operationId": format!("v1-create-widget-{n}"),
        "summary": format!("Creates a widget of kind {n}"),
        "parameters": [project_ref()],
        "requestBody": json_body(&format!("CreateWidget{n}Body")),
        "responses": { "201": json_response("Created", widget.clone()), "400": { "description": "Bad request" } },
    });
    let get = json!({
        "operationId": format!("v1-get-widget-{n}"),
        "summary": format!("Gets a widget of kind {n}"),
        "parameters": [project_ref(), widget_id()],
        "responses": { "200": json_response("The widget", widget.clone()), "404": { "description": "Not found" } },
    });
    let update = json!({
        "operationId": format!("v1-update-widget-{n}"),
        "summary": format!("Updates a widget of kind {n}"),
        "parameters": [project_ref(), widget_id()],
        "requestBody": json_body(&format!("UpdateWidget{n}Body")),
        "responses": { "200": json_response("The updated widget", widget) },
    });
    let delete = json!({
        "operationId": format!("v1-delete-widget-{n}"),
        "summary": format!("Deletes a widget of kind {n}"),
        "parameters": [project_ref(), widget_id(), { "name": "force", "in": "query", "schema": { "type": "boolean" } }],
        "responses": {
            // An inline object: the generator names a type after the operation.
            "200": json_response("Deleted", json!({
                "type": "object",
                "properties": { "id": { "type": "string" }, "deleted_at": { "type": "string", "format": "date-time" } },
                "required": ["id"],
            })),
        },
    });
    vec![
        (collection.clone(), "get", list),
        (collection, "post", create),
        (item.clone(), "get", get),
        (item.clone(), "patch", update),
        (item, "delete", delete),
    ]
}

fn project_ref() -> Value {
    json!({ "name": "ref", "in": "path", "required": true, "description": "Project ref",
            "schema": { "type": "string", "minLength": 20, "maxLength": 20 } })
}

fn widget_id() -> Value {
    json!({ "name": "widget_id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn json_body(schema: &str) -> Value {
    json!({
        "required": true,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } },
    })
}

/// The component schemas of resource `n`: the widget (with a nested settings
/// object, an inline enum and an array of labels), its status enum, its label,
/// and the create and update bodies.
fn resource_schemas(n: usize) -> Map<String, Value> {
    let status = json!({ "$ref": format!("#/components/schemas/WidgetStatus{n}") });
    let labels = json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/Label{n}") } });
    let widget = json!({
        "type": "object",
        "description": format!("A widget of kind {n}."),
        "properties": {
            "id": { "type": "string", "format": "uuid" },
            "name": { "type": "string" },
            "description": { "type": "string", "nullable": true },
            "status": status,
            "created_at": { "type": "string", "format": "date-time" },
            "settings": {
                "type": "object",
                "properties": {
                    "retention_days": { "type": "integer", "format": "int32" },
                    "region": { "type": "string", "enum": ["us-east-1", "eu-west-1", "ap-southeast-1"] },
                    "limits": {
                        "type": "object",
                        "properties": { "max_connections": { "type": "integer" }, "burst": { "type": "boolean" } },
                    },
                },
            },
            "labels": labels,
            "metadata": { "type": "object", "additionalProperties": { "type": "string" } },
        },
        "required": ["id", "name", "status", "created_at"],
    });
    let create = json!({
        "type": "object",
        "properties": {
            "name": { "type": "string", "minLength": 1 },
            "description": { "type": "string" },
            "labels": labels,
            "secret": { "type": "string", "format": "password" },
        },
        "required": ["name"],
    });
    let update = json!({
        "type": "object",
        "properties": { "name": { "type": "string" }, "description": { "type": "string" }, "status": status },
    });
    let mut schemas = Map::new();
    schemas.insert(format!("Widget{n}"), widget);
    schemas.insert(format!("WidgetStatus{n}"), json!({ "type": "string", "enum": ["active", "paused", "failed"] }));
    schemas.insert(
        format!("Label{n}"),
        json!({ "type": "object", "properties": { "key": { "type": "string" }, "value": { "type": "string" } },
                "required": ["key", "value"] }),
    );
    schemas.insert(format!("CreateWidget{n}Body"), create);
    schemas.insert(format!("UpdateWidget{n}Body"), update);
    schemas
}

// ---------------------------------------------------------------------------
// The generated crate's cost to its users

/// Kept apart from `target/` so that touching and rebuilding here does not
/// invalidate the user's own builds.
const BENCH_TARGET_DIR: &str = "target/bench";

fn measure_crate_cost() -> Result<Vec<Target>, TaskError> {
    println!("\n== the generated crate (generated-client, package supabase-management)");
    let mut targets = vec![print_generated_size()?];
    print_dependency_tree()?;
    println!(
        "  compile time of the crate alone, as a dependency is compiled (not incrementally, the default dev \
         profile), next to the same crate with serde's own derives (`#[derive(serde::Serialize, \
         serde::Deserialize)]` on the same structs, everything else the same): copies of both in \
         {BENCH_TARGET_DIR}, dependencies built once, then {CARGO_RUNS} runs of each, alternating, \
         src/lib.rs touched before each"
    );
    let ours = BenchCrate::copy("lenient-derives", |types| types.to_string())?;
    let serde = BenchCrate::copy("serde-derives", |types| {
        types.replace("lenient::Serialize", "serde::Serialize").replace("lenient::Deserialize", "serde::Deserialize")
    })?;
    for (command, share) in [("check", MAX_CHECK_SHARE), ("build", MAX_BUILD_SHARE)] {
        let (mut our_times, mut serde_times) = time_alternately(command, &ours, &serde)?;
        let (our_median, serde_median) = (median(&mut our_times), median(&mut serde_times));
        let ratio = our_median.as_secs_f64() / serde_median.as_secs_f64();
        let runs =
            |times: &[Duration]| times.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect::<Vec<_>>().join(" ");
        println!(
            "    cargo {command:<5}  ours median {:.2} s (runs: {} s); with serde's derives {:.2} s (runs: {} s): {ratio:.2}x",
            our_median.as_secs_f64(),
            runs(&our_times),
            serde_median.as_secs_f64(),
            runs(&serde_times),
        );
        targets.push(Target {
            name: format!("`cargo {command}` of the crate at most {share}x the same crate with serde's derives"),
            measured: format!("{:.2} s vs {:.2} s, {ratio:.2}x", our_median.as_secs_f64(), serde_median.as_secs_f64()),
            pass: ratio <= share,
        });
    }
    Ok(targets)
}

/// A copy of the client crate for timing its compilation: `src/` (its types
/// rewritten by `types`), a manifest with the runtime's dependencies and no
/// profile of its own, and the derive crate by path.
struct BenchCrate {
    dir: PathBuf,
    lib_rs: PathBuf,
}

impl BenchCrate {
    fn copy(name: &str, types: impl Fn(&str) -> String) -> Result<BenchCrate, TaskError> {
        let dir = workspace_root().join(BENCH_TARGET_DIR).join("crates").join(name);
        let io = |what: String| move |error| TaskError::Io { what, error };
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(format!("cannot remove {}", dir.display())))?;
        }
        let source = default_out();
        copy_rust_files(&source.join("src"), &dir.join("src"))
            .map_err(io(format!("cannot copy {}", source.display())))?;
        // The crate's docs are its README.
        fs::copy(source.join("README.md"), dir.join("README.md"))
            .map_err(io(format!("cannot copy {}", source.display())))?;
        let types_rs = dir.join("src").join(crate::GENERATED_DIR.trim_start_matches("src/")).join("types.rs");
        let rewritten = types(&read(&types_rs)?);
        fs::write(&types_rs, rewritten).map_err(io(format!("cannot write {}", types_rs.display())))?;
        let manifest = read(&source.join("Cargo.toml"))?;
        let derive = source.join("derive");
        let sections = crate::runtime_sections(&manifest)
            .replace("path = \"derive\"", &format!("path = {:?}", derive.display().to_string()));
        let manifest = format!(
            "[package]\nname = \"bench-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n{sections}\n[workspace]\n"
        );
        fs::write(dir.join("Cargo.toml"), manifest).map_err(io(format!("cannot write {}", dir.display())))?;
        // The workspace's versions of the dependencies.
        fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(io(format!("cannot copy the lockfile to {}", dir.display())))?;
        Ok(BenchCrate { lib_rs: dir.join("src").join("lib.rs"), dir })
    }

    /// `cargo <command>` of the crate's library; how long it took.
    fn time(&self, command: &str) -> Result<Duration, TaskError> {
        let start = Instant::now();
        run_cargo_in(&self.dir, &[command, "--lib", "--quiet"])?;
        Ok(start.elapsed())
    }
}

fn copy_rust_files(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_rust_files(&path, &target)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// `cargo <command>` of both crates, `CARGO_RUNS` times each, alternating
/// (which goes first alternates too), after one untimed run each that builds
/// the dependencies.
fn time_alternately(
    command: &str,
    a: &BenchCrate,
    b: &BenchCrate,
) -> Result<(Vec<Duration>, Vec<Duration>), TaskError> {
    print!("    cargo {command}: building the dependencies (once, not timed)…");
    let _ = std::io::stdout().flush();
    a.time(command)?;
    b.time(command)?;
    println!(" done");
    let (mut a_times, mut b_times) = (Vec::new(), Vec::new());
    for run in 0..CARGO_RUNS {
        let order: [(&BenchCrate, &mut Vec<Duration>); 2] =
            if run % 2 == 0 { [(a, &mut a_times), (b, &mut b_times)] } else { [(b, &mut b_times), (a, &mut a_times)] };
        for (krate, times) in order {
            touch(&krate.lib_rs)?;
            times.push(krate.time(command)?);
        }
    }
    Ok((a_times, b_times))
}

fn touch(path: &Path) -> Result<(), TaskError> {
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|error| TaskError::Io { what: format!("cannot touch {}", path.display()), error })
}

fn print_generated_size() -> Result<Target, TaskError> {
    let generated = default_out().join(crate::GENERATED_DIR);
    let mut total = 0;
    let mut per_file = Vec::new();
    for name in ["mod.rs", "operations.rs", "types.rs"] {
        let lines = read(&generated.join(name))?.lines().count();
        total += lines;
        per_file.push(format!("{name} {}", thousands(lines)));
    }
    let operations = Spec::project().model(&crate::options_for(&default_out()))?.operations.len();
    let per_operation = total as f64 / operations as f64;
    println!(
        "  generated code: {} lines ({}), {per_operation:.1} per operation ({operations})",
        thousands(total),
        per_file.join(", "),
    );
    let types = read(&generated.join("types.rs"))?;
    let [structs, enums, aliases] = ["pub struct ", "pub enum ", "pub type "].map(|item| count_items(&types, item));
    println!(
        "  generated types: {} in types.rs ({structs} pub struct, {enums} pub enum, {aliases} pub type)",
        structs + enums + aliases
    );
    Ok(Target {
        name: format!("generated lines per operation, types included, at most {MAX_LINES_PER_OPERATION}"),
        measured: format!("{per_operation:.1} ({} lines, {operations} operations)", thousands(total)),
        pass: per_operation <= MAX_LINES_PER_OPERATION,
    })
}

fn read(path: &Path) -> Result<String, TaskError> {
    fs::read_to_string(path).map_err(|error| TaskError::Io { what: format!("cannot read {}", path.display()), error })
}

/// Items declared at the top level of a generated file (`pub struct X`…).
fn count_items(source: &str, keyword: &str) -> usize {
    source.lines().filter(|line| line.starts_with(keyword)).count()
}

/// The crates the client brings to its users (normal dependencies only).
fn print_dependency_tree() -> Result<(), TaskError> {
    let output =
        run_cargo(&["tree", "-p", "supabase-management", "-e", "normal", "--prefix", "none", "--locked"], &[])?;
    let crates = unique_crates(&output);
    let names: BTreeSet<&str> = crates.iter().map(|(name, _)| name.as_str()).collect();
    println!(
        "  dependency tree: {} crates including supabase-management itself (cargo tree -e normal, deduplicated; \
         {} distinct names)",
        crates.len(),
        names.len()
    );
    Ok(())
}

/// `(name, version)` of every line of `cargo tree --prefix none`.
fn unique_crates(tree: &str) -> BTreeSet<(String, String)> {
    tree.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?.to_string(), words.next()?.to_string()))
        })
        .collect()
}

/// The feature sets of the client whose cold build users may pay: each TLS
/// feature alone, and the default with each feature for tests.
const FEATURE_SETS: [&str; 5] = ["rustls", "rustls-ring", "native-tls", "rustls,mock", "rustls,tracing"];

/// `cargo build` of the client with each feature set, from nothing (a new
/// target folder each, removed after): what adding the crate costs a new
/// project. One run each: a cold build takes most of a minute.
fn measure_cold_builds() -> Result<(), TaskError> {
    println!(
        "\n== cold builds: cargo build -p supabase-management --no-default-features --features F, each in an empty target folder, dev profile"
    );
    for features in FEATURE_SETS {
        let target = workspace_root().join(BENCH_TARGET_DIR).join(format!("cold-{}", features.replace(',', "-")));
        let remove = || {
            fs::remove_dir_all(&target)
                .or_else(|e| if e.kind() == std::io::ErrorKind::NotFound { Ok(()) } else { Err(e) })
        };
        remove().map_err(|error| TaskError::Io { what: format!("cannot remove {}", target.display()), error })?;
        let args = [
            "build",
            "-p",
            "supabase-management",
            "--no-default-features",
            "--features",
            features,
            "--locked",
            "--quiet",
        ];
        let start = Instant::now();
        run_cargo(&args, &[("CARGO_TARGET_DIR", target.as_os_str()), ("CARGO_INCREMENTAL", OsStr::new("0"))])?;
        let elapsed = start.elapsed();
        println!("  {features:<16} {:.1} s", elapsed.as_secs_f64());
        remove().map_err(|error| TaskError::Io { what: format!("cannot remove {}", target.display()), error })?;
    }
    Ok(())
}

/// Runs cargo in the workspace root; its stdout, or an error with its stderr.
fn run_cargo(args: &[&str], env: &[(&str, &OsStr)]) -> Result<String, TaskError> {
    run_cargo_with(cargo_command().args(args).envs(env.iter().copied()), args)
}

/// Runs cargo in a copied crate, building into the bench's target folder,
/// not incrementally (users compile a dependency whole).
fn run_cargo_in(dir: &Path, args: &[&str]) -> Result<String, TaskError> {
    let target_dir = workspace_root().join(BENCH_TARGET_DIR);
    run_cargo_with(
        cargo_command().current_dir(dir).args(args).env("CARGO_TARGET_DIR", target_dir).env("CARGO_INCREMENTAL", "0"),
        args,
    )
}

fn run_cargo_with(command: &mut std::process::Command, args: &[&str]) -> Result<String, TaskError> {
    let output = command.output().map_err(|error| TaskError::Io { what: format!("cannot run {}", cargo()), error })?;
    if !output.status.success() {
        return Err(TaskError::Out(format!(
            "cargo {} failed ({}):\n{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

// ---------------------------------------------------------------------------
// The client's overhead per request

/// Runs the client crate's `overhead` bench, shows its output as it comes,
/// and returns the targets it reports (its lines that start with `target:`).
fn measure_client_overhead() -> Result<Vec<Target>, TaskError> {
    let args = ["bench", "-p", "client-bench", "--bench", "overhead", "--locked"];
    println!("\n== client overhead: cargo {}", args.join(" "));
    let _ = std::io::stdout().flush();
    let mut child = cargo_command()
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| TaskError::Io { what: format!("cannot run {}", cargo()), error })?;
    let mut targets = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|error| TaskError::Io { what: "cannot read the bench output".into(), error })?;
            println!("{line}");
            targets.extend(parse_target(&line));
        }
    }
    let status = child.wait().map_err(|error| TaskError::Io { what: "cannot wait for cargo bench".into(), error })?;
    if !status.success() {
        return Err(TaskError::Out(format!("cargo {} failed ({status})", args.join(" "))));
    }
    if targets.is_empty() {
        return Err(TaskError::Out("the overhead bench reported no target".to_string()));
    }
    Ok(targets)
}

/// `target: <name>: <figures> PASS` (as `Target::print` writes it) → a target.
fn parse_target(line: &str) -> Option<Target> {
    let rest = line.trim().strip_prefix("target: ")?;
    let (rest, verdict) = rest.rsplit_once(' ')?;
    let (name, measured) = rest.split_once(": ")?;
    let pass = match verdict {
        "PASS" => true,
        "FAIL" => false,
        _ => return None,
    };
    Some(Target { name: name.to_string(), measured: measured.to_string(), pass })
}

// ---------------------------------------------------------------------------
// Figures

/// The median of some timings (the upper one of the middle two for an even count).
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

fn micros(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1e6)
}

/// `12345` → `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_documents_generate_with_the_operations_asked_for() {
        for operations in [1, 7, 10] {
            let input = serde_json::to_vec(&synthetic_document(operations)).unwrap();
            let api = openapi_clientgen::model_of(&input, &options()).unwrap();
            assert_eq!(api.operations.len(), operations);
            openapi_clientgen::generate(&input, &options()).unwrap();
        }
    }

    #[test]
    fn targets_read_back_as_printed() {
        let target = parse_target("  target: client overhead within 5%: ratio 1.02 (a: b) PASS").unwrap();
        assert_eq!(target.name, "client overhead within 5%");
        assert_eq!(target.measured, "ratio 1.02 (a: b)");
        assert!(target.pass);
        assert!(parse_target("target: x: y MAYBE").is_none());
    }

    #[test]
    fn figures() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
        let mut times = [3, 1, 2].map(Duration::from_millis);
        assert_eq!(median(&mut times), Duration::from_millis(2));
        assert_eq!(unique_crates("a v1\nb v2 (*)\na v1 (*)\nc v1 (proc-macro)\n").len(), 3);
    }
}
