//! Stoplight Prism for the contract tests: installed from this folder's
//! `package.json` and `package-lock.json` with `npm ci`, started on a free
//! loopback port with request validation as errors (`--errors`), and killed
//! when the [`Prism`] guard is dropped — also when a test fails.
//!
//! Nothing here passes quietly: no Node.js, a failing `npm ci` or a Prism that
//! does not start in time is a test failure that says what to do.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// The oldest Node.js that the pinned Prism (see `package.json`) supports.
const MIN_NODE: (u32, u32, u32) = (18, 20, 1);
/// How long `npm ci` may take.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
/// How long Prism may take to listen after it was started.
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// Runs Prism's CLI (`process.argv[1]`, the arguments after it as its own) in
/// a process that exits when its standard input, a pipe from the test process,
/// is closed.
const EXIT_WITH_PARENT: &str =
    "process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); require(process.argv[1]);";
/// How many free ports are tried when Prism cannot bind the one it was given
/// (another process may take a port between our probe and Prism's bind).
const START_ATTEMPTS: usize = 3;

/// This folder: `generated-client/tests/contract`.
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("contract")
}

/// Prism's entry point inside `node_modules`.
fn prism_script(dir: &Path) -> PathBuf {
    dir.join("node_modules").join("@stoplight").join("prism-cli").join("dist").join("index.js")
}

/// The copy of `package-lock.json` that `npm ci` installed, kept to tell a
/// stale `node_modules` from a current one.
fn install_stamp(dir: &Path) -> PathBuf {
    dir.join("node_modules").join(".contract-installed-lock.json")
}

/// Why the contract tests cannot run, in a message that stands out.
fn cannot_run(what: &str, detail: impl std::fmt::Display) -> String {
    format!(
        "\n\n==================== CONTRACT TESTS CANNOT RUN ====================\n\
         {what}\n{detail}\n\
         The contract tests need Node.js {}.{}.{} or newer with npm on PATH, and the npm\n\
         registry (they run `npm ci` in {}). They fail rather than pass silently.\n\
         ===================================================================\n",
        MIN_NODE.0,
        MIN_NODE.1,
        MIN_NODE.2,
        project_dir().display()
    )
}

/// Fails the test because the contract tests cannot run.
#[track_caller]
fn fail(what: &str, detail: impl std::fmt::Display) -> ! {
    panic!("{}", cannot_run(what, detail))
}

/// Makes sure the pinned Prism is installed, running `npm ci` when
/// `node_modules` is missing or was installed from another lockfile; returns
/// Prism's entry point. Done once per test process: every test that needs
/// Prism calls it, and each fails with the same message if it cannot be had.
pub fn ensure_installed() -> PathBuf {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match INSTALLED.get_or_init(install) {
        Ok(script) => script.clone(),
        Err(message) => panic!("{message}"),
    }
}

fn install() -> Result<PathBuf, String> {
    check_node()?;
    let dir = project_dir();
    let lock_path = dir.join("package-lock.json");
    let lock = fs::read(&lock_path).map_err(|e| cannot_run(&format!("cannot read {}", lock_path.display()), e))?;
    let script = prism_script(&dir);
    let current = fs::read(install_stamp(&dir)).is_ok_and(|stamp| stamp == lock) && script.is_file();
    if current {
        return Ok(script);
    }
    eprintln!("contract tests: node_modules is missing or stale; running `npm ci` in {}", dir.display());
    let log_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("contract-npm-ci.log");
    let log = File::create(&log_path).map_err(|e| cannot_run(&format!("cannot create {}", log_path.display()), e))?;
    let log_err = log.try_clone().map_err(|e| cannot_run("cannot duplicate the log file", e))?;
    let started = Instant::now();
    let mut child = Command::new(npm())
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .spawn()
        .map_err(|e| cannot_run("cannot run `npm ci`: is npm installed and on PATH?", e))?;
    let output = || tail(&fs::read_to_string(&log_path).unwrap_or_default(), 60);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > INSTALL_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(cannot_run(
                    &format!("`npm ci` did not finish within {INSTALL_TIMEOUT:?}; its output:"),
                    output(),
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(200)),
            Err(e) => return Err(cannot_run("cannot wait for `npm ci`", e)),
        }
    };
    if !status.success() {
        return Err(cannot_run(&format!("`npm ci` failed ({status}) in {}; its output:", dir.display()), output()));
    }
    if !script.is_file() {
        return Err(cannot_run(&format!("`npm ci` succeeded but {} is missing", script.display()), output()));
    }
    fs::write(install_stamp(&dir), &lock).map_err(|e| cannot_run("cannot record the installed lockfile", e))?;
    eprintln!("contract tests: `npm ci` took {:.1?}", started.elapsed());
    Ok(script)
}

/// `npm`, or `npm.cmd` on Windows.
fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

/// Whether `node` runs and is recent enough for the pinned Prism.
fn check_node() -> Result<(), String> {
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| cannot_run("cannot run `node --version`: is Node.js installed and on PATH?", e))?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let version: Vec<u32> = text.trim_start_matches('v').split('.').filter_map(|part| part.parse().ok()).collect();
    match version[..] {
        [major, minor, patch] if (major, minor, patch) >= MIN_NODE => Ok(()),
        _ => Err(cannot_run(&format!("`node --version` says {text:?}: too old, or not a version"), "upgrade Node.js")),
    }
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// How Prism answers.
#[derive(Clone, Copy, Debug)]
pub enum Mode {
    /// From the document's examples, or from the schemas' first values.
    Static,
    /// Generated from the schemas (`--dynamic`), deterministically for a seed.
    Dynamic { seed: u64 },
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mode::Static => f.write_str("static"),
            Mode::Dynamic { seed } => write!(f, "dynamic, seed {seed}"),
        }
    }
}

/// A running Prism; dropping it kills the process.
pub struct Prism {
    child: Child,
    base_url: String,
    log: Arc<Log>,
}

/// What Prism printed, and whether it said it listens.
#[derive(Default)]
struct Log {
    text: Mutex<String>,
    changed: Condvar,
}

impl Log {
    fn push(&self, line: &str) {
        let mut text = self.text.lock().unwrap_or_else(|p| p.into_inner());
        text.push_str(line);
        text.push('\n');
        self.changed.notify_all();
    }

    fn contents(&self) -> String {
        self.text.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Prism {
    /// Installs Prism if needed and starts it on a free loopback port, serving
    /// the OpenAPI document at `document` with request violations as errors;
    /// returns once it listens.
    pub fn start(document: &Path, mode: Mode) -> Prism {
        let script = ensure_installed();
        let mut attempt = 1;
        loop {
            match Prism::try_start(&script, document, mode) {
                Ok(prism) => return prism,
                // Another process took the port between our probe and Prism's bind.
                Err(log) if log.contains("EADDRINUSE") && attempt < START_ATTEMPTS => attempt += 1,
                Err(log) => fail(&format!("Prism ({mode}) exited before it listened; its output:"), tail(&log, 40)),
            }
        }
    }

    fn try_start(script: &Path, document: &Path, mode: Mode) -> Result<Prism, String> {
        let port = free_port();
        let mut command = Command::new("node");
        command
            // Prism exits when its standard input closes, that is when the test
            // process is gone, even if it was killed before the guard could run.
            .args(["-e", EXIT_WITH_PARENT])
            .arg(script)
            .arg("mock")
            .arg(document)
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--errors", "--cors=false"])
            .current_dir(project_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Mode::Dynamic { seed } = mode {
            command.args(["--dynamic", "--seed", &seed.to_string()]);
        }
        let mut child = command.spawn().unwrap_or_else(|e| fail("cannot run `node` to start Prism", e));
        let log = Arc::new(Log::default());
        let mut readers = Vec::new();
        for stream in [
            child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
            child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = Arc::clone(&log);
            readers.push(thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    match line {
                        Ok(line) => log.push(&line),
                        Err(_) => break,
                    }
                }
            }));
        }
        // The guard exists from here on: an early return or a panic kills Prism.
        let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}"), log };
        let listening = format!("Prism is listening on http://127.0.0.1:{port}");
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = prism.child.try_wait() {
                // Its output is all read once the pipes are closed.
                for reader in readers.drain(..) {
                    let _ = reader.join();
                }
                return Err(format!("Prism exited ({status}) before listening:\n{}", prism.log.contents()));
            }
            let said_so = prism.log.contents().contains(&listening);
            if said_so && TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_ok() {
                return Ok(prism);
            }
            if Instant::now() > deadline {
                fail(
                    &format!("Prism ({mode}) did not listen on port {port} within {START_TIMEOUT:?}; its output:"),
                    tail(&prism.log.contents(), 40),
                );
            }
            let text = prism.log.text.lock().unwrap_or_else(|p| p.into_inner());
            let _ = prism.log.changed.wait_timeout(text, Duration::from_millis(100));
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The last lines Prism printed, for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.log.contents(), lines)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port that was free a moment ago (bound to port 0, then released).
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap_or_else(|e| fail("cannot bind a loopback port", e));
    listener.local_addr().unwrap_or_else(|e| fail("cannot read the bound port", e)).port()
}
