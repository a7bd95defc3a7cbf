//! `RENFORT_METRICS_TOKEN`, when the environment has it: a blank one leaves `/metrics` open,
//! which is never what writing the variable meant.

use super::{Line, failed, ok};
use crate::config::Settings;

const WHAT: &str = "metrics token";

/// No line when the variable is absent (an open `/metrics`, as documented, for a server that
/// only listens locally).
pub(super) fn check(s: &Settings) -> Option<Line> {
    if s.metrics_token_blank {
        return Some(failed(
            WHAT,
            "RENFORT_METRICS_TOKEN is set but blank, so /metrics asks for nothing: give it a token or remove the variable",
        ));
    }
    s.metrics_token
        .as_ref()
        .map(|_| ok(WHAT, "GET /metrics asks for it as a bearer token"))
}
