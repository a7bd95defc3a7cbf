//! Counters exposed at `GET /metrics` in Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub struct Metrics {
    pub inbound_processed: AtomicU64,
    pub inbound_duplicate: AtomicU64,
    pub inbound_rejected: AtomicU64,
    pub outbound_sent: AtomicU64,
    pub outbound_maybe_sent: AtomicU64,
    pub outbound_retried: AtomicU64,
    pub outbound_failed: AtomicU64,
    pub outbound_segments: AtomicU64,
    pub contacts_stopped_by_provider: AtomicU64,
    pub outbound_dropped_stopped: AtomicU64,
    pub outbound_checked_found: AtomicU64,
    pub outbound_checked_resent: AtomicU64,
    pub inbound_flood_muted: AtomicU64,
}

impl Metrics {
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let rows: [(&str, &str, &AtomicU64); 13] = [
            (
                "renfort_inbound_processed_total",
                "Inbound messages processed",
                &self.inbound_processed,
            ),
            (
                "renfort_inbound_duplicate_total",
                "Inbound messages seen before (replays)",
                &self.inbound_duplicate,
            ),
            (
                "renfort_inbound_rejected_total",
                "Inbound requests refused (bad signature or secret)",
                &self.inbound_rejected,
            ),
            (
                "renfort_outbound_sent_total",
                "Outbound messages accepted by the provider",
                &self.outbound_sent,
            ),
            (
                "renfort_outbound_maybe_sent_total",
                "Outbound attempts whose outcome was unknown (checked with the provider)",
                &self.outbound_maybe_sent,
            ),
            (
                "renfort_outbound_retried_total",
                "Outbound attempts to be retried",
                &self.outbound_retried,
            ),
            (
                "renfort_outbound_failed_total",
                "Outbound messages failed for good",
                &self.outbound_failed,
            ),
            (
                "renfort_outbound_sms_segments_total",
                "SMS segments sent",
                &self.outbound_segments,
            ),
            (
                "renfort_contacts_stopped_by_provider_total",
                "Contacts stopped on a provider's report",
                &self.contacts_stopped_by_provider,
            ),
            (
                "renfort_outbound_dropped_stopped_total",
                "Outbound messages dropped when claimed: the contact had stopped",
                &self.outbound_dropped_stopped,
            ),
            (
                "renfort_outbound_checked_found_total",
                "Unknown outcomes found in the provider's record: closed as sent",
                &self.outbound_checked_found,
            ),
            (
                "renfort_outbound_checked_resent_total",
                "Unknown outcomes not in the provider's record: sent again",
                &self.outbound_checked_resent,
            ),
            (
                "renfort_inbound_flood_muted_total",
                "Inbound messages recorded but not answered: the contact was flooding",
                &self.inbound_flood_muted,
            ),
        ];
        for (name, help, value) in rows {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        out
    }
}
