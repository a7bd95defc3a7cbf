//! `renfort chat`: the same engine and store as the server, driven from the terminal. The
//! terminal is the gateway for what it is shown: every message an input caused (to the
//! volunteer, to referents), and anything waiting for the `--from` number (news of a
//! moderator's decision, say). Other queued messages are left to the server's senders.

use std::io::Write;

use anyhow::Result;
use clap::{Args, ValueEnum};
use renfort_core::domain::Channel;
use renfort_core::engine::Event;
use renfort_core::store::outbox::track_created;
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, BufReader};

#[derive(Args)]
pub struct ChatArgs {
    /// The volunteer's phone number (E.164) or Telegram chat id.
    #[arg(long)]
    from: String,
    #[arg(long, value_enum, default_value_t = ChannelArg::Sms)]
    channel: ChannelArg,
    /// One JSON object per outbound message.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ChannelArg {
    Sms,
    Telegram,
}

#[derive(Serialize)]
struct Printed<'a> {
    to: &'a str,
    channel: &'a str,
    text: &'a str,
    segments: Option<i64>,
    encoding: Option<&'a str>,
    /// Telegram buttons as (label, what a tap sends); empty by SMS.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    choices: &'a [(String, String)],
}

pub async fn run(args: ChatArgs) -> Result<()> {
    let app = crate::open().await?;
    let channel = match args.channel {
        ChannelArg::Sms => Channel::Sms,
        ChannelArg::Telegram => Channel::Telegram,
    };
    let mut input = BufReader::new(tokio::io::stdin());
    let mut raw = Vec::new();
    let session = format!("chat-{}-{}", std::process::id(), crate::now());
    let mut n = 0u64;
    let stdout = std::io::stdout();
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw).await? == 0 {
            break;
        }
        // A line that is not UTF-8 (a terminal in Latin-1, a stray byte) is read with U+FFFD
        // in place of what cannot be decoded, like a phone would show it; the chat goes on.
        let line = String::from_utf8_lossy(&raw);
        let line = line.trim_end_matches(['\n', '\r']).to_string();
        n += 1;
        let now = crate::now();
        // The service tells which rows this line created; nothing else queued meanwhile (by a
        // server on the same database, say) is shown or marked here.
        let (handled, created) = track_created(app.handle_inbound(
            channel,
            &args.from,
            &format!("{session}-{n}"),
            Event::Text(line),
            now,
        ))
        .await;
        handled?;
        let mut out = stdout.lock();
        for m in app
            .store
            .due_for_chat(&created, channel, &args.from, now)
            .await?
        {
            // Claimed like a sender would (fenced, opt-out checked): a server's sender that
            // took a row waiting for this address first keeps it.
            if !app
                .store
                .mark_sent_locally(&m, "shown by renfort chat", now)
                .await?
            {
                continue;
            }
            if args.json {
                let p = Printed {
                    to: &m.address,
                    channel: m.channel.as_str(),
                    text: &m.text,
                    segments: m.segments,
                    encoding: m.encoding.as_deref(),
                    choices: &m.choices,
                };
                writeln!(out, "{}", serde_json::to_string(&p)?)?;
            } else {
                let cost = match (m.segments, &m.encoding) {
                    (Some(s), Some(e)) => format!(", {s} segment(s) {e}"),
                    _ => String::new(),
                };
                writeln!(out, "→ {} ({}{cost})", m.address, m.channel.as_str())?;
                for l in m.text.lines() {
                    writeln!(out, "  {l}")?;
                }
                if !m.choices.is_empty() {
                    let labels: Vec<String> = m
                        .choices
                        .iter()
                        // What a tap sends is shown when it differs from the label, so
                        // a Telegram journey can be replayed by typing it.
                        .map(|(label, data)| {
                            if label == data {
                                format!("[{label}]")
                            } else {
                                format!("[{label} → {data}]")
                            }
                        })
                        .collect();
                    writeln!(out, "  {}", labels.join(" "))?;
                }
            }
        }
        out.flush()?;
    }
    app.store.close().await;
    Ok(())
}
