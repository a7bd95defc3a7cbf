//! The inbound spool: SMS that arrived while the database was away. Twilio does not retry an
//! SMS webhook and gives up after 15 s, so a webhook that waits for a database outage loses
//! the message. Instead, when the database has not taken a message within a few seconds, the
//! webhook appends it here (one JSON line, fsynced before the 200), and [`Spool::replay`]
//! runs each line through the usual path once the database answers again. The message's
//! `MessageSid` is recorded with it, so a line replayed twice (a crash during a replay, or a
//! step the database took after all, late) is processed once.
//!
//! Replaying takes the whole file aside first (renamed to `…replaying`), so that lines
//! appended meanwhile go to a fresh file and nothing is truncated under a writer. The file
//! holds what people wrote: it lives next to the database, and is deleted once replayed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use renfort_core::domain::{Channel, redact_address};
use renfort_core::engine::Event;
use renfort_core::service::{Handled, Renfort};
use serde::{Deserialize, Serialize};

/// One inbound SMS as spooled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spooled {
    pub sid: String,
    pub from: String,
    /// The cleaned text; `None`: a picture without text.
    pub text: Option<String>,
    /// When the webhook received it (unix seconds): the step runs at that time.
    pub received_at: i64,
}

impl Spooled {
    fn event(&self) -> Event {
        match &self.text {
            Some(text) => Event::Text(text.clone()),
            None => Event::Unsupported,
        }
    }
}

/// What one replay did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    /// Lines run through the engine now.
    pub processed: usize,
    /// Lines the database had already taken (the late step, or an earlier replay).
    pub duplicates: usize,
    /// Lines still waiting (the database went away again).
    pub waiting: usize,
}

pub struct Spool {
    path: PathBuf,
    /// One writer at a time: appends and the move aside of a replay.
    lock: Mutex<()>,
}

impl Spool {
    pub fn new(path: impl Into<PathBuf>) -> Arc<Spool> {
        Arc::new(Spool {
            path: path.into(),
            lock: Mutex::new(()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn replaying(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".replaying");
        PathBuf::from(name)
    }

    /// Appends `m` and waits until it is on disk (the file's data fsynced; the directory too
    /// when the file was just created). Blocking: call it from a blocking thread.
    pub fn append(&self, m: &Spooled) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(m)?;
        line.push(b'\n');
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let created = !self.path.exists();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(&line)?;
        file.sync_data()?;
        if created {
            sync_dir(&self.path)?;
        }
        Ok(())
    }

    /// Whether anything waits to be replayed.
    pub fn pending(&self) -> bool {
        self.path.exists() || self.replaying().exists()
    }

    /// Runs every spooled message through `app` in the order it arrived, once the database
    /// answers; stops at the first one the database refuses (it is away again), keeping it
    /// and the rest for the next replay.
    pub async fn replay(&self, app: &Renfort) -> std::io::Result<Replayed> {
        let aside = self.replaying();
        {
            let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            // A replay cut short (the database away again, a crash) left its file aside:
            // finish it before taking new lines.
            if !aside.exists() && self.path.exists() {
                std::fs::rename(&self.path, &aside)?;
                sync_dir(&aside)?;
            }
        }
        let Ok(content) = std::fs::read(&aside) else {
            return Ok(Replayed::default());
        };
        let mut done = Replayed::default();
        let lines: Vec<&[u8]> = content
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        for (i, line) in lines.iter().enumerate() {
            let m: Spooled = match serde_json::from_slice(line) {
                Ok(m) => m,
                // A line cut by a crash in the middle of an append was never acknowledged:
                // Twilio got no 200 for it.
                Err(e) => {
                    tracing::warn!(error = %e, "inbound spool: unreadable line skipped");
                    continue;
                }
            };
            match app
                .handle_inbound(Channel::Sms, &m.from, &m.sid, m.event(), m.received_at)
                .await
            {
                Ok(Handled::Duplicate) => done.duplicates += 1,
                Ok(_) => {
                    done.processed += 1;
                    tracing::info!(from = %redact_address(&m.from), "SMS in (replayed from the spool)");
                }
                // Never skipped, even when the database seems to answer: a full disk lets a
                // transaction begin and fails its writes. It and the rest wait for the next
                // replay.
                Err(e) => {
                    tracing::warn!(error = %e, "inbound spool: the database refused a replay; trying again later");
                    done.waiting = lines.len() - i;
                    let rest: Vec<u8> = lines[i..]
                        .iter()
                        .flat_map(|l| l.iter().copied().chain([b'\n']))
                        .collect();
                    // What was replayed is not replayed again (it would be a duplicate anyway).
                    let tmp = aside.with_extension("rest");
                    std::fs::write(&tmp, &rest)?;
                    std::fs::File::open(&tmp)?.sync_all()?;
                    std::fs::rename(&tmp, &aside)?;
                    sync_dir(&aside)?;
                    return Ok(done);
                }
            }
        }
        std::fs::remove_file(&aside)?;
        sync_dir(&aside)?;
        Ok(done)
    }
}

/// Makes a file's creation, renaming or removal durable.
fn sync_dir(file: &Path) -> std::io::Result<()> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use renfort_core::render::PlainRenderer;
    use renfort_core::service::{Config, Renderers};
    use renfort_core::store::Store;

    use super::*;

    fn line(sid: &str, from: &str, text: &str) -> Spooled {
        Spooled {
            sid: sid.into(),
            from: from.into(),
            text: Some(text.into()),
            received_at: 1_800_000_000,
        }
    }

    /// Spooled lines are replayed once each: a line the database took already (the
    /// late step) and a line spooled twice change nothing, a line cut by a crash is skipped,
    /// and a second replay finds nothing.
    #[tokio::test]
    async fn replays_each_message_once() {
        let dir = std::env::temp_dir().join(format!("renfort_spool_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.join("db.sqlite").display()))
            .await
            .unwrap();
        let renderers = Renderers {
            sms: Arc::new(PlainRenderer),
            telegram: Arc::new(PlainRenderer),
        };
        let app = Renfort::new(store.clone(), Config::default(), renderers);
        // The database took SM1 late, after the webhook had spooled it.
        app.handle_inbound(
            Channel::Sms,
            "+33639980001",
            "SM1",
            Event::Text("Bonjour".into()),
            1_800_000_000,
        )
        .await
        .unwrap();
        let spool = Spool::new(dir.join("inbound.spool"));
        for m in [
            line("SM1", "+33639980001", "Bonjour"),
            line("SM2", "+33639980002", "Bonjour"),
            line("SM2", "+33639980002", "Bonjour"),
            line("SM3", "+33639980003", "Bonjour"),
        ] {
            spool.append(&m).unwrap();
        }
        // A crash in the middle of an append: never acknowledged, never replayed.
        std::fs::OpenOptions::new()
            .append(true)
            .open(spool.path())
            .unwrap()
            .write_all(b"{\"sid\":\"SM4\",\"fro")
            .unwrap();
        assert!(spool.pending());
        let done = spool.replay(&app).await.unwrap();
        assert_eq!(
            done,
            Replayed {
                processed: 2,
                duplicates: 2,
                waiting: 0
            }
        );
        assert!(!spool.pending(), "the replayed file is gone");
        assert_eq!(spool.replay(&app).await.unwrap(), Replayed::default());
        // Every spooled message is recorded now; the cut one never was.
        for (sid, from, seen) in [
            ("SM2", "+33639980002", Handled::Duplicate),
            ("SM3", "+33639980003", Handled::Duplicate),
            ("SM4", "+33639980004", Handled::Processed),
        ] {
            let again = app
                .handle_inbound(
                    Channel::Sms,
                    from,
                    sid,
                    Event::Text("Bonjour".into()),
                    1_800_000_001,
                )
                .await
                .unwrap();
            assert_eq!(again, seen, "{sid}");
        }
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
