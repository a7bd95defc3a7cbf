//! `POST /sms/twilio/status`: Twilio's delivery reports (the `StatusCallback` the sender asks
//! for on every SMS when Renfort has a public URL). Signed like the inbound webhook (403
//! otherwise); idempotent: a report moves a message's delivery state only forward, so a late,
//! repeated or out-of-order one changes nothing; an explicit failure acts once (see
//! `renfort_core::engine::receipts`). Answered 200 with an empty body; 503 when the database
//! did not take it, so that Twilio may try again.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use renfort_core::engine::receipts::Delivery;
use renfort_core::service::{Receipt, Recorded};

use crate::webhook::{SmsWebhook, forbidden, signed_params};

pub const PATH: &str = "/sms/twilio/status";

/// Seconds before a report that found no row is tried again (the sender records the SID
/// just after Twilio answers it; the periodic pass of `serve` catches the rest).
const RETRY_WAITING_AFTER: u64 = 2;

/// The report in Twilio's form: `MessageSid` (or `SmsSid`), `MessageStatus` (or
/// `SmsStatus`), `ErrorCode` (digits only, else ignored). `None` when it is not one.
pub fn read_receipt(params: &[(String, String)]) -> Option<Receipt> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let sid = get("MessageSid").or(get("SmsSid"))?;
    let status = get("MessageStatus").or(get("SmsStatus"))?;
    let delivery = Delivery::from_twilio(status)?;
    let error = get("ErrorCode")
        .filter(|c| c.len() <= 8 && c.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string);
    Some(Receipt {
        provider_id: sid.chars().take(64).collect(),
        delivery,
        error,
    })
}

pub(crate) async fn status(
    State(s): State<Arc<SmsWebhook>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(params) = signed_params(&s, &uri, &headers, &body, PATH) else {
        return forbidden();
    };
    let Some(receipt) = read_receipt(&params) else {
        // Signed by Twilio but not a state we know (`received`, …): nothing to record.
        return StatusCode::OK.into_response();
    };
    let now = now();
    match s.app.record_receipt(&receipt, now).await {
        Ok(Recorded::Advanced {
            delivery,
            reactions,
        }) => {
            tracing::info!(
                state = delivery.as_str(),
                error = receipt.error.as_deref().unwrap_or(""),
                reactions = reactions.len(),
                "SMS delivery report"
            );
            if !reactions.is_empty() {
                s.wake.notify_one();
            }
            StatusCode::OK.into_response()
        }
        Ok(Recorded::Unchanged) => {
            tracing::debug!(
                state = receipt.delivery.as_str(),
                "SMS delivery report: late or repeated, nothing changed"
            );
            StatusCode::OK.into_response()
        }
        Ok(Recorded::Waiting) => {
            // The report overtook the sender's own answer from Twilio: kept, and tried again
            // in a moment.
            let app = s.app.clone();
            let wake = s.wake.clone();
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_secs(RETRY_WAITING_AFTER)).await;
                match app.apply_waiting_receipts(self::now()).await {
                    Ok(n) if n > 0 => wake.notify_one(),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "SMS delivery reports kept waiting"),
                }
            });
            StatusCode::OK.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "SMS delivery report: not recorded");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reports_are_read_and_anything_else_is_not() {
        let r = read_receipt(&params(&[
            ("MessageSid", "SM1"),
            ("MessageStatus", "undelivered"),
            ("ErrorCode", "30006"),
        ]))
        .unwrap();
        assert_eq!(
            (r.provider_id.as_str(), r.delivery, r.error.as_deref()),
            ("SM1", Delivery::Undelivered, Some("30006"))
        );
        let r = read_receipt(&params(&[("SmsSid", "SM2"), ("SmsStatus", "delivered")])).unwrap();
        assert_eq!((r.delivery, r.error), (Delivery::Delivered, None));
        // A code that is not digits is not kept (it ends up in logs and the database).
        let r = read_receipt(&params(&[
            ("MessageSid", "SM3"),
            ("MessageStatus", "failed"),
            ("ErrorCode", "+33612345678x"),
        ]))
        .unwrap();
        assert_eq!(r.error, None);
        assert_eq!(
            read_receipt(&params(&[
                ("MessageSid", "SM4"),
                ("MessageStatus", "received")
            ])),
            None
        );
        assert_eq!(read_receipt(&params(&[("MessageStatus", "sent")])), None);
    }

    #[test]
    fn a_status_callback_on_the_sms_url_is_recognised() {
        use crate::webhook::is_status_callback;
        let ours = Some("+33639989999");
        // Twilio's status callback, as posted to a misconfigured number's SMS URL.
        let callback = params(&[
            ("MessageSid", "SM1"),
            ("MessageStatus", "sent"),
            ("From", "+33639989999"),
            ("To", "+33639980001"),
        ]);
        assert!(is_status_callback(&callback, ours));
        assert!(is_status_callback(&callback, None));
        // A person's SMS (Body, even empty; SmsStatus=received).
        let sms = params(&[
            ("MessageSid", "SM2"),
            ("SmsStatus", "received"),
            ("From", "+33639980001"),
            ("Body", ""),
        ]);
        assert!(!is_status_callback(&sms, ours));
        // Our own number writing in is never a volunteer.
        let loop_ = params(&[
            ("MessageSid", "SM3"),
            ("From", "+33639989999"),
            ("Body", "Bonjour"),
        ]);
        assert!(is_status_callback(&loop_, ours));
        assert!(!is_status_callback(&loop_, None));
    }

    #[test]
    fn the_status_callback_is_added_to_the_send() {
        let form = "To=%2B33639980001&From=%2B33639989999&Body=Bonjour".to_string();
        assert_eq!(
            crate::twilio::with_status_callback(form.clone(), None),
            form
        );
        let with = crate::twilio::with_status_callback(
            form.clone(),
            Some("https://renfort.example/sms/twilio/status"),
        );
        assert_eq!(
            with,
            format!("{form}&StatusCallback=https%3A%2F%2Frenfort.example%2Fsms%2Ftwilio%2Fstatus")
        );
    }
}
