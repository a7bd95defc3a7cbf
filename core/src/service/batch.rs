//! Group commit. Each statement is a round trip (to SQLite's connection thread, or to
//! PostgreSQL): a volunteer's step in its own transaction costs BEGIN, the inbound record,
//! the version-checked save, the replies and COMMIT, and under load the time of these round
//! trips, not the work, bounds how many messages a second Renfort answers. SQLite has one
//! writer besides, and PostgreSQL flushes its log at each commit.
//!
//! Volunteers' steps that were read ahead (see `volunteer::read_step`), first contacts
//! included, are handed to one writer task. It takes every step waiting (up to a batch), runs
//! them one after the other in a single transaction and commits once; each message is
//! acknowledged only after that commit, so nothing is lost or answered twice. Plain steps
//! leave their writes to the end of the batch, one statement for all ([`PlainWrites`]). On
//! SQLite batches take turns (one writer); on PostgreSQL two run at once, so that one
//! waiting for its commit to reach the disk, or for a row another transaction holds, does
//! not stop the next.
//!
//! A step that loses a race (the volunteer changed since it was read, a first contact's
//! volunteer created meanwhile, a mission's last place) or fails rolls the whole batch back,
//! and every message of that batch runs again on its own, reading inside its own
//! transaction, as without batching: the batch only ever changes how many steps share a
//! commit. A second message from the same contact in a batch runs alone once the batch is
//! done (in one batch it would lose). A job dropped without an answer (a rolled-back or
//! panicked batch) tells its caller to run the message alone.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;

use super::volunteer::{PlainWrites, ReadAheadStep, Stepped};
use super::{Handled, Renfort, Result, flood, volunteer};
use crate::domain::Channel;
use crate::engine::Event;
use crate::engine::flood::Verdict;
use crate::store::Backend;
use crate::store::{InboundRecord, record_inbound_many};

/// At most this many steps share a transaction on SQLite, so that a batch holds its single
/// writer for a few milliseconds at most (a step's writes take 50 to 100 µs).
const MAX_BATCH_SQLITE: usize = 16;

/// On PostgreSQL a batch holds no lock but its own rows', and each commit waits for the log
/// to reach the disk: more steps share that wait.
const MAX_BATCH_POSTGRES: usize = 64;

/// PostgreSQL runs transactions side by side: while one batch waits for its commit to reach
/// the disk, the next one runs its statements. A person's next message in the other batch
/// finds the volunteer changed (after waiting for the row) and runs alone, as without.
const POSTGRES_BATCHES_AT_ONCE: usize = 2;

/// One inbound message, as its step needs it.
pub(super) struct Message {
    pub(super) channel: Channel,
    pub(super) address: String,
    pub(super) external_id: String,
    /// As recorded in `inbound`.
    pub(super) body: String,
    pub(super) event: Event,
    pub(super) now: i64,
}

/// A volunteer's message, with what was read ahead for it.
struct Job {
    message: Message,
    ahead: Option<ReadAheadStep>,
    done: oneshot::Sender<Outcome>,
}

/// What became of a job.
pub(super) enum Outcome {
    /// Committed with its batch.
    Handled(Handled),
    /// Its batch was rolled back: run the message on its own.
    RunAlone,
}

/// The writer task's queue, started on first use (inside the caller's runtime).
#[derive(Clone, Default)]
pub(super) struct GroupCommit {
    queue: Arc<OnceLock<mpsc::UnboundedSender<Job>>>,
}

impl Renfort {
    /// Runs a read-ahead step in the next batch; `RunAlone` if it must run on its own.
    pub(super) async fn in_batch(&self, message: Message, ahead: ReadAheadStep) -> Outcome {
        let queue = self.group_commit.queue.get_or_init(|| {
            let (queue, jobs) = mpsc::unbounded_channel();
            // The task holds a handle without the queue: when the last `Renfort` handle goes,
            // the queue closes and the task ends.
            let mut writer = self.clone();
            writer.group_commit = GroupCommit::default();
            tokio::spawn(writer.write_batches(jobs));
            queue
        });
        let (done, outcome) = oneshot::channel();
        let job = Job {
            message,
            ahead: Some(ahead),
            done,
        };
        if queue.send(job).is_err() {
            return Outcome::RunAlone;
        }
        // A job dropped unanswered (its batch rolled back or panicked) runs alone.
        outcome.await.unwrap_or(Outcome::RunAlone)
    }

    async fn write_batches(self, mut jobs: mpsc::UnboundedReceiver<Job>) {
        let (max_batch, in_parallel) = match self.store.backend() {
            Backend::Sqlite => (MAX_BATCH_SQLITE, 1),
            Backend::Postgres => (MAX_BATCH_POSTGRES, POSTGRES_BATCHES_AT_ONCE),
        };
        // Each batch in a task of its own: a step that panics (a bug) loses its batch's task,
        // not the writer. The batch's jobs are dropped with it, so their callers run them alone.
        let mut running = JoinSet::new();
        let mut batch = Vec::with_capacity(max_batch);
        loop {
            while let Some(done) = running.try_join_next() {
                self.reap(done);
            }
            if running.len() >= in_parallel {
                if let Some(done) = running.join_next().await {
                    self.reap(done);
                }
                continue;
            }
            if jobs.recv_many(&mut batch, max_batch).await == 0 {
                break;
            }
            let later = Self::one_step_per_contact(&mut batch);
            let jobs = std::mem::replace(&mut batch, Vec::with_capacity(max_batch));
            running.spawn(self.clone().commit_batch(jobs, later));
        }
        while let Some(done) = running.join_next().await {
            self.reap(done);
        }
    }

    /// Counts a batch whose task panicked (its jobs were dropped: their steps run alone).
    fn reap(&self, done: Result<(), tokio::task::JoinError>) {
        if let Err(panicked) = done {
            crate::metrics::Metrics::inc(&self.metrics.group_commits_rolled_back);
            tracing::error!(error = %panicked, "a group commit panicked: its steps run alone");
        }
    }

    /// Writes one batch and answers its jobs; `later` (second messages of its contacts) are
    /// dropped once it is done, so that they run alone after it.
    async fn commit_batch(self, mut batch: Vec<Job>, later: Vec<Job>) {
        self.metrics.group_commit_size.observe(batch.len() as f64);
        let started = Instant::now();
        let written = self.write_batch(&mut batch).await;
        self.metrics
            .group_commit_seconds
            .observe(started.elapsed().as_secs_f64());
        match written {
            Ok(handled) => {
                for (job, handled) in batch.into_iter().zip(handled) {
                    let _ = job.done.send(Outcome::Handled(handled));
                }
            }
            Err(aborted) => {
                crate::metrics::Metrics::inc(&self.metrics.group_commits_rolled_back);
                let steps = batch.len();
                match aborted {
                    BatchAborted::LostRace => {
                        tracing::debug!(steps, "a step lost a race: each runs alone")
                    }
                    BatchAborted::Failed(error) => {
                        tracing::warn!(%error, steps, "group commit failed: each step runs alone")
                    }
                }
            }
        }
        drop(later);
    }

    /// Keeps the first message of each contact in the batch and returns the others, to run
    /// alone once the batch is done (so in the order they came). Two messages typed in quick
    /// succession were read ahead at the same version: in one batch the second would find the
    /// volunteer changed by the first and roll the whole batch back.
    fn one_step_per_contact(batch: &mut Vec<Job>) -> Vec<Job> {
        let mut contacts = HashSet::with_capacity(batch.len());
        let mut later = Vec::new();
        let mut kept = Vec::with_capacity(batch.len());
        for job in batch.drain(..) {
            if contacts.insert((job.message.channel, job.message.address.clone())) {
                kept.push(job);
            } else {
                later.push(job);
            }
        }
        *batch = kept;
        later
    }

    /// Runs the steps in one transaction. `Err` (the transaction rolled back, nothing
    /// written) if any step lost a race or failed.
    async fn write_batch(&self, batch: &mut [Job]) -> Result<Vec<Handled>, BatchAborted> {
        let mut tx = self.store.begin().await?;
        let records: Vec<_> = batch
            .iter()
            .map(|job| InboundRecord {
                channel: job.message.channel.as_str(),
                external_id: &job.message.external_id,
                address: &job.message.address,
                body: &job.message.body,
                received_at: job.message.now,
            })
            .collect();
        let new = record_inbound_many(&mut tx, &records).await?;
        let mut writes = PlainWrites::default();
        let mut handled = Vec::with_capacity(batch.len());
        for (job, new) in batch.iter_mut().zip(new) {
            let Message {
                channel,
                ref address,
                ref event,
                now,
                ..
            } = job.message;
            if !new {
                handled.push(Handled::Duplicate);
                continue;
            }
            let Some(ahead) = job.ahead.take() else {
                return Err(BatchAborted::LostRace);
            };
            // Read before this message was recorded: it counts too.
            let recent = Some(ahead.recent_inbound + 1);
            let verdict = flood::verdict(
                self,
                &mut tx,
                channel,
                address,
                flood::Kind::Event(event),
                recent,
                now,
            )
            .await?;
            if verdict == Verdict::Muted {
                handled.push(Handled::Muted);
                continue;
            }
            // A STOP or START past the flood allowance takes effect without a reply.
            let quiet = verdict == Verdict::EffectOnly;
            let Some(read) = ahead.into_read(&mut tx, channel, address, now).await? else {
                tx.rollback().await?;
                return Err(BatchAborted::LostRace);
            };
            let started = Instant::now();
            let result =
                volunteer::step(self, &mut tx, channel, address, event, read, now, quiet).await?;
            self.metrics
                .engine_step_seconds
                .observe(started.elapsed().as_secs_f64());
            let answered = if quiet {
                Handled::Muted
            } else {
                Handled::Processed
            };
            match result {
                Stepped::Plain(plain) => {
                    writes.extend(plain);
                    handled.push(answered)
                }
                Stepped::Written => handled.push(answered),
                Stepped::Retry => {
                    tx.rollback().await?;
                    return Err(BatchAborted::LostRace);
                }
            }
        }
        if !writes.write(&mut tx).await? {
            tx.rollback().await?;
            return Err(BatchAborted::LostRace);
        }
        tx.commit().await?;
        Ok(handled)
    }
}

#[derive(Debug, thiserror::Error)]
enum BatchAborted {
    #[error("a step lost a race")]
    LostRace,
    #[error(transparent)]
    Failed(#[from] super::ServiceError),
}

impl From<crate::store::StoreError> for BatchAborted {
    fn from(e: crate::store::StoreError) -> Self {
        BatchAborted::Failed(e.into())
    }
}

impl From<sqlx::Error> for BatchAborted {
    fn from(e: sqlx::Error) -> Self {
        BatchAborted::Failed(e.into())
    }
}
