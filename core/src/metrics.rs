//! What `GET /metrics` exposes, through `prometheus-client` (OpenMetrics text): counters of
//! what came in and went out, latency histograms, and the outbox's depth read from the store at
//! scrape time.
//!
//! Counter names keep the `renfort_…_total` form dashboards and alerts already use; the crate
//! adds `_total` to a counter's registered name.

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

use crate::domain::Channel;
use crate::store::outbox::OutboxDepth;

/// The HTTP content type of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChannelLabel {
    pub channel: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SendLabels {
    pub channel: &'static str,
    /// `sent`, `maybe_sent`, `retry`, `failed`, `stopped`.
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutboxLabels {
    pub channel: String,
    pub status: String,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// 1 ms to about 16 s: a webhook answers in milliseconds, a provider call may take seconds.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// 50 µs to about 1.6 s: one engine step, its database reads and writes included.
fn step_latency() -> Histogram {
    Histogram::new(exponential_buckets(0.000_05, 2.0, 16))
}

/// The label of a delivery report's state.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReceiptLabels {
    pub state: &'static str,
}

/// The label of a Twilio error code that is an operator's signal.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabels {
    pub code: String,
}

/// The label of a département (SMS costs).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DepartementLabels {
    pub departement: String,
}

pub struct Metrics {
    registry: Registry,
    pub inbound_processed: Counter,
    pub inbound_duplicate: Counter,
    pub inbound_rejected: Counter,
    pub outbound_sent: Counter,
    pub outbound_maybe_sent: Counter,
    pub outbound_retried: Counter,
    pub outbound_failed: Counter,
    pub outbound_segments: Counter,
    pub contacts_stopped_by_provider: Counter,
    pub outbound_dropped_stopped: Counter,
    pub outbound_checked_found: Counter,
    pub outbound_checked_resent: Counter,
    pub inbound_flood_muted: Counter,
    /// A contact went past the flood limit and got the one notice (one per flood).
    pub floods_stopped: Counter,
    /// A volunteer or a staff member stopped (STOP or a plain "stop texting me").
    pub opt_outs: Counter,
    /// New-mission alerts queued: within the volunteer's one alert a day.
    pub alerts_budgeted: Counter,
    /// New-mission alerts not queued: the volunteer had had one that day.
    pub alerts_skipped: Counter,
    /// From the request's arrival to the answer, per channel.
    pub webhook_seconds: Histograms<ChannelLabel>,
    /// One inbound message through the engine, inside its transaction.
    pub engine_step_seconds: Histogram,
    /// Steps sharing one commit on SQLite (see `service::batch`).
    pub group_commit_size: Histogram,
    /// From BEGIN to COMMIT of a group commit: on SQLite, how long it holds the one writer.
    pub group_commit_seconds: Histogram,
    /// Group commits rolled back (a step lost a race or failed): their steps ran alone.
    pub group_commits_rolled_back: Counter,
    /// One provider call, per channel and outcome.
    pub send_seconds: Histograms<SendLabels>,
    pub outbox_open: Family<OutboxLabels, Gauge>,
    pub outbox_oldest_pending_seconds: Gauge,
    /// Delivery reports that moved an SMS forward, per state reached.
    pub sms_receipts: Family<ReceiptLabels, Counter>,
    /// Carrier filtering (30007) and queue overflow (30001): an operator's signal.
    pub sms_delivery_signals: Family<CodeLabels, Counter>,
    /// SMS segments sent today (Paris day), per département (read at scrape).
    pub sms_segments_today: Family<DepartementLabels, Gauge>,
    /// Their cost at `RENFORT_SMS_PRICE` (absent without a price).
    pub sms_cost_today: Family<DepartementLabels, Gauge<f64, AtomicU64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("renfort");
        let mut counter = |name: &str, help: &str| {
            let c = Counter::default();
            registry.register(name, help, c.clone());
            c
        };
        let inbound_processed = counter("inbound_processed", "Inbound messages processed");
        let inbound_duplicate = counter(
            "inbound_duplicate",
            "Inbound messages seen before (replays)",
        );
        let inbound_rejected = counter(
            "inbound_rejected",
            "Inbound requests refused (bad signature or secret)",
        );
        let outbound_sent = counter(
            "outbound_sent",
            "Outbound messages accepted by the provider",
        );
        let outbound_maybe_sent = counter(
            "outbound_maybe_sent",
            "Outbound attempts whose outcome was unknown (checked with the provider)",
        );
        let outbound_retried = counter("outbound_retried", "Outbound attempts to be retried");
        let outbound_failed = counter("outbound_failed", "Outbound messages failed for good");
        let outbound_segments = counter("outbound_sms_segments", "SMS segments sent");
        let contacts_stopped_by_provider = counter(
            "contacts_stopped_by_provider",
            "Contacts stopped on a provider's report",
        );
        let outbound_dropped_stopped = counter(
            "outbound_dropped_stopped",
            "Outbound messages dropped when claimed: the contact had stopped",
        );
        let outbound_checked_found = counter(
            "outbound_checked_found",
            "Unknown outcomes found in the provider's record: closed as sent",
        );
        let outbound_checked_resent = counter(
            "outbound_checked_resent",
            "Unknown outcomes not in the provider's record: sent again",
        );
        let inbound_flood_muted = counter(
            "inbound_flood_muted",
            "Inbound messages recorded but not answered: the contact was flooding",
        );
        let floods_stopped = counter(
            "floods_stopped",
            "Contacts past the flood limit, told once and then muted",
        );
        let opt_outs = counter("opt_outs", "Contacts that stopped (STOP or its like)");
        let alerts_budgeted = counter(
            "mission_alerts_budgeted",
            "New-mission alerts queued within the one-a-day budget",
        );
        let alerts_skipped = counter(
            "mission_alerts_skipped",
            "New-mission alerts not queued: the volunteer had one that day",
        );

        let webhook_seconds = Histograms::<ChannelLabel>::new_with_constructor(latency);
        registry.register_with_unit(
            "webhook_duration",
            "Inbound webhook requests, arrival to answer",
            Unit::Seconds,
            webhook_seconds.clone(),
        );
        let engine_step_seconds = step_latency();
        registry.register_with_unit(
            "engine_step_duration",
            "One inbound message through the engine and the store",
            Unit::Seconds,
            engine_step_seconds.clone(),
        );
        let group_commit_size = Histogram::new(exponential_buckets(1.0, 2.0, 7));
        registry.register(
            "group_commit_steps",
            "Inbound messages committed together in one transaction",
            group_commit_size.clone(),
        );
        let group_commit_seconds = step_latency();
        registry.register_with_unit(
            "group_commit_duration",
            "One group commit from BEGIN to COMMIT (on SQLite, how long it holds the one writer)",
            Unit::Seconds,
            group_commit_seconds.clone(),
        );
        let group_commits_rolled_back = Counter::default();
        registry.register(
            "group_commits_rolled_back",
            "Group commits rolled back (a step lost a race or failed); their steps ran alone",
            group_commits_rolled_back.clone(),
        );
        let send_seconds = Histograms::<SendLabels>::new_with_constructor(latency);
        registry.register_with_unit(
            "send_duration",
            "Provider calls sending one message, per channel and outcome",
            Unit::Seconds,
            send_seconds.clone(),
        );
        let outbox_open = Family::<OutboxLabels, Gauge>::default();
        registry.register(
            "outbox_open",
            "Outbox rows still to send or check, per channel and status (read at scrape)",
            outbox_open.clone(),
        );
        let outbox_oldest_pending_seconds = Gauge::default();
        registry.register_with_unit(
            "outbox_oldest_pending_age",
            "Age of the oldest pending outbox row, 0 when none (read at scrape)",
            Unit::Seconds,
            outbox_oldest_pending_seconds.clone(),
        );
        let sms_receipts = Family::<ReceiptLabels, Counter>::default();
        registry.register(
            "sms_receipts",
            "SMS delivery reports (status callbacks) that moved a message forward, per state",
            sms_receipts.clone(),
        );
        let sms_delivery_signals = Family::<CodeLabels, Counter>::default();
        registry.register(
            "sms_delivery_signals",
            "SMS not delivered for carrier filtering (30007) or queue overflow (30001)",
            sms_delivery_signals.clone(),
        );
        let sms_segments_today = Family::<DepartementLabels, Gauge>::default();
        registry.register(
            "sms_segments_today",
            "SMS segments sent today (Paris day) per departement (read at scrape)",
            sms_segments_today.clone(),
        );
        let sms_cost_today = Family::<DepartementLabels, Gauge<f64, AtomicU64>>::default();
        registry.register(
            "sms_cost_today",
            "Cost of today's SMS segments at RENFORT_SMS_PRICE (absent without a price)",
            sms_cost_today.clone(),
        );
        Metrics {
            registry,
            sms_receipts,
            sms_delivery_signals,
            sms_segments_today,
            sms_cost_today,
            inbound_processed,
            inbound_duplicate,
            inbound_rejected,
            outbound_sent,
            outbound_maybe_sent,
            outbound_retried,
            outbound_failed,
            outbound_segments,
            contacts_stopped_by_provider,
            outbound_dropped_stopped,
            outbound_checked_found,
            outbound_checked_resent,
            inbound_flood_muted,
            floods_stopped,
            opt_outs,
            alerts_budgeted,
            alerts_skipped,
            webhook_seconds,
            engine_step_seconds,
            group_commit_size,
            group_commit_seconds,
            group_commits_rolled_back,
            send_seconds,
            outbox_open,
            outbox_oldest_pending_seconds,
        }
    }
}

impl Metrics {
    pub fn inc(counter: &Counter) {
        counter.inc();
    }

    pub fn observe_webhook(&self, channel: Channel, took: Duration) {
        self.webhook_seconds
            .get_or_create(&ChannelLabel {
                channel: channel.as_str(),
            })
            .observe(took.as_secs_f64());
    }

    pub fn observe_send(&self, channel: Channel, outcome: &'static str, took: Duration) {
        self.send_seconds
            .get_or_create(&SendLabels {
                channel: channel.as_str(),
                outcome,
            })
            .observe(took.as_secs_f64());
    }

    /// Replaces the outbox gauges with what the store says now (a status no longer present
    /// disappears rather than keeping its last value).
    pub fn set_outbox(&self, depth: &OutboxDepth, now: i64) {
        self.outbox_open.clear();
        for (channel, status, rows) in &depth.open {
            self.outbox_open
                .get_or_create(&OutboxLabels {
                    channel: channel.clone(),
                    status: status.clone(),
                })
                .set(*rows);
        }
        self.outbox_oldest_pending_seconds.set(
            depth
                .oldest_pending_created_at
                .map_or(0, |created| (now - created).max(0)),
        );
    }

    pub fn count_receipt(&self, state: &'static str) {
        self.sms_receipts
            .get_or_create(&ReceiptLabels { state })
            .inc();
    }

    pub fn delivery_signal(&self, code: u32) {
        self.sms_delivery_signals
            .get_or_create(&CodeLabels {
                code: code.to_string(),
            })
            .inc();
    }

    /// Replaces the SMS cost gauges: (département, segments today); `price`: per segment.
    pub fn set_sms_today(&self, today: &[(String, i64)], price: Option<f64>) {
        self.sms_segments_today.clear();
        self.sms_cost_today.clear();
        for (departement, segments) in today {
            let label = DepartementLabels {
                departement: departement.clone(),
            };
            self.sms_segments_today.get_or_create(&label).set(*segments);
            if let Some(price) = price {
                self.sms_cost_today
                    .get_or_create(&label)
                    .set(*segments as f64 * price);
            }
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        encode(&mut out, &self.registry).expect("writing to a String does not fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_keep_their_names_and_histograms_show_buckets() {
        let m = Metrics::default();
        Metrics::inc(&m.inbound_flood_muted);
        m.outbound_segments.inc_by(3);
        m.observe_webhook(Channel::Sms, Duration::from_millis(3));
        m.observe_send(Channel::Telegram, "sent", Duration::from_millis(40));
        m.set_outbox(
            &OutboxDepth {
                open: vec![("sms".into(), "pending".into(), 4)],
                oldest_pending_created_at: Some(100),
            },
            160,
        );
        let text = m.render();
        for line in [
            "renfort_inbound_flood_muted_total 1",
            "renfort_outbound_sms_segments_total 3",
            "renfort_inbound_processed_total 0",
            "renfort_webhook_duration_seconds_count{channel=\"sms\"} 1",
            "renfort_webhook_duration_seconds_bucket{le=\"0.004\",channel=\"sms\"} 1",
            "renfort_send_duration_seconds_count{channel=\"telegram\",outcome=\"sent\"} 1",
            "renfort_outbox_open{channel=\"sms\",status=\"pending\"} 4",
            "renfort_outbox_oldest_pending_age_seconds 60",
        ] {
            assert!(text.contains(line), "{line} missing from\n{text}");
        }
        m.set_outbox(&OutboxDepth::default(), 200);
        let text = m.render();
        assert!(!text.contains("status=\"pending\""), "{text}");
        assert!(text.contains("renfort_outbox_oldest_pending_age_seconds 0"));
    }

    /// The Grafana dashboard in `ops/` reads only series the binary writes.
    #[test]
    fn the_dashboard_reads_only_series_that_exist() {
        let dashboard = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../ops/grafana-dashboard.json"
        ));
        let m = Metrics::default();
        m.observe_webhook(Channel::Sms, Duration::from_millis(1));
        m.observe_send(Channel::Sms, "sent", Duration::from_millis(1));
        m.engine_step_seconds.observe(0.001);
        m.set_outbox(
            &OutboxDepth {
                open: vec![("sms".into(), "pending".into(), 1)],
                oldest_pending_created_at: Some(0),
            },
            1,
        );
        let text = m.render();
        let mut names: Vec<&str> = dashboard
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with("renfort_"))
            .collect();
        names.sort();
        names.dedup();
        assert!(names.len() > 10, "{names:?}");
        for name in names {
            assert!(
                text.contains(&format!("{name} ")) || text.contains(&format!("{name}{{")),
                "{name} is not exposed"
            );
        }
    }
}
