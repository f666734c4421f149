// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Waiting for a project to reach a status, such as `ACTIVE_HEALTHY` after it
//! was created or restored. Written by hand on top of the generated
//! `get_project`.

use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use reqwest::StatusCode;

use crate::generated::Client;
use crate::runtime::{BoxFuture, Error};
use crate::types::{V1ProjectResponseStatus as Status, V1ProjectWithDatabaseResponse as Project};

impl Client {
    /// Polls the project `project_ref` until its status is `status`, with a
    /// growing interval (1 s doubling up to 30 s, with jitter), for at most 15
    /// minutes; `.timeout(…)`, `.poll_interval(…)` and `.max_poll_interval(…)`
    /// change these.
    ///
    /// Stops early when the project reaches a status it cannot leave by itself
    /// (`INIT_FAILED`, `RESTORE_FAILED`, `PAUSE_FAILED`, `REMOVED`) unless that
    /// is the status waited for. A project not found (404) is polled again, as
    /// a project just created may not be visible yet; other errors of a poll
    /// are returned at once (each poll is retried first as the client's retry
    /// policy says).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_management::Client) -> Result<(), supabase_management::WaitError> {
    /// use std::time::Duration;
    /// use supabase_management::types::V1ProjectResponseStatus;
    ///
    /// let project = client
    ///     .wait_for_project_status("abcdefghijklmnopqrst", V1ProjectResponseStatus::ActiveHealthy)
    ///     .timeout(Duration::from_secs(600))
    ///     .await?;
    /// println!("{} is up", project.name);
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait_for_project_status(&self, project_ref: &str, status: Status) -> WaitForProjectStatus<'_> {
        WaitForProjectStatus {
            client: self,
            project_ref: project_ref.to_string(),
            status,
            timeout: Duration::from_secs(15 * 60),
            poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(30),
        }
    }
}

/// The wait of [`Client::wait_for_project_status`]; `.await` it.
#[derive(Debug)]
#[must_use = "the wait does nothing until it is awaited"]
pub struct WaitForProjectStatus<'a> {
    client: &'a Client,
    project_ref: String,
    status: Status,
    timeout: Duration,
    poll_interval: Duration,
    max_poll_interval: Duration,
}

impl<'a> WaitForProjectStatus<'a> {
    /// How long to wait in all (default 15 minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first interval between polls (default 1 s); it doubles after each poll.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The longest interval between polls (default 30 s).
    pub fn max_poll_interval(mut self, interval: Duration) -> Self {
        self.max_poll_interval = interval;
        self
    }

    async fn run(self) -> Result<Project, WaitError> {
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut interval = self.poll_interval;
        loop {
            let last_status = match self.client.get_project(&self.project_ref).await {
                Ok(project) => {
                    // The single-project answer has a status type of its own, with the same values.
                    let status = Status::from(project.status.as_str());
                    if status == self.status {
                        return Ok(project);
                    }
                    if is_final(&status) {
                        return Err(WaitError::Stuck { project_ref: self.project_ref, status });
                    }
                    Some(status)
                }
                Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => None,
                Err(error) => return Err(WaitError::Api(error)),
            };
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return Err(WaitError::Timeout { project_ref: self.project_ref, waited: self.timeout, last_status });
            }
            // Some jitter, so that many waiters do not poll in step.
            let pause = interval.mul_f64(0.75 + fastrand::f64() / 2.0).min(deadline - now);
            tokio::time::sleep(pause).await;
            interval = (interval * 2).min(self.max_poll_interval);
        }
    }
}

/// Statuses a project does not leave without someone acting on it.
fn is_final(status: &Status) -> bool {
    matches!(status, Status::InitFailed | Status::RestoreFailed | Status::PauseFailed | Status::Removed)
}

impl<'a> IntoFuture for WaitForProjectStatus<'a> {
    type Output = Result<Project, WaitError>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Why a wait for a project's status ended without it.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// The time ran out.
    Timeout {
        /// The project.
        project_ref: String,
        /// How long the wait lasted.
        waited: Duration,
        /// The status seen last (`None`: the project was not found).
        last_status: Option<Status>,
    },
    /// The project reached a status it will not leave by itself.
    Stuck {
        /// The project.
        project_ref: String,
        /// That status.
        status: Status,
    },
    /// Getting the project failed.
    Api(Error),
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Timeout { project_ref, waited, last_status: Some(status) } => {
                write!(f, "project {project_ref} was still {status} after {waited:?}")
            }
            WaitError::Timeout { project_ref, waited, last_status: None } => {
                write!(f, "project {project_ref} was not found within {waited:?}")
            }
            WaitError::Stuck { project_ref, status } => write!(f, "project {project_ref} is {status}"),
            WaitError::Api(error) => write!(f, "could not get the project: {error}"),
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Api(error) => Some(error),
            _ => None,
        }
    }
}
