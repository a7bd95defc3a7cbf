//! Twilio's Messages resource: sending one SMS, and finding a message in Twilio's own record
//! when an attempt's outcome is unknown.
//!
//! twilio-async builds the requests (URL, basic auth, form encoding), but its `run()` reads the
//! body as JSON whatever the HTTP status: a 502 with an HTML page or an empty 429 comes back as
//! a JSON error, indistinguishable from "Twilio took the message and said something we cannot
//! parse". So the requests it builds are sent here with hyper 0.14 and hyper-tls, the very
//! client and TLS stack twilio-async uses (no new crate in the build, OpenSSL honours
//! `SSL_CERT_FILE`), and the status is read before the body.
//!
//! twilio-async's base URL is a constant (`https://api.twilio.com`); since every request leaves
//! through [`TwilioApi::exchange`], it is re-addressed there to the configured [`ApiUrl`] (a
//! local fake in tests, without root or a rewritten `/etc/hosts`).

use std::collections::HashSet;
use std::time::Duration;

use hyper::client::HttpConnector;
use hyper::{Body, Client, Method, Request};
use hyper_tls::HttpsConnector;
use serde::Deserialize;
use twilio_async::{Execute, MessagesDetails, Twilio};

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Taken by the provider (with Twilio's SID when it said so).
    Sent(Option<String>),
    /// The provider may have taken it (no answer, an answer we cannot read, a 5xx or a 429
    /// without Twilio's JSON): to be checked against its record, never guessed.
    Unknown(String),
    /// Refused before it was taken (Twilio's JSON 429, a connection never made): try again.
    Retry(String),
    /// Refused for good (bad number, …).
    Permanent(String),
    /// The recipient opted out at the provider (Twilio 21610).
    Unsubscribed,
}

/// The result of looking for a message in Twilio's record.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// Twilio has it: its SID.
    Sent(String),
    Absent,
}

/// Twilio's "Attempt to send to unsubscribed recipient".
pub const TWILIO_UNSUBSCRIBED: u64 = 21610;
/// Pages of the Messages list read at most when checking one message.
const MAX_PAGES: usize = 10;
/// Twilio's and our clocks may differ a little.
const CLOCK_SKEW: i64 = 300;

/// Where Twilio's REST API is answered: `scheme://host[:port][/prefix]`, without a trailing
/// slash, a user, a query or a fragment. Twilio's paths (`/2010-04-01/Accounts/…`) follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUrl(String);

impl ApiUrl {
    /// Twilio's own.
    pub const DEFAULT: &'static str = "https://api.twilio.com";

    /// An absolute http or https URL, or why not (the value is repeated unless it may hold a
    /// password).
    pub fn parse(url: &str) -> Result<ApiUrl, String> {
        let url = url.trim();
        let refused = |why: &str| {
            let shown = if url.contains('@') {
                String::new()
            } else {
                format!(" ({url:?})")
            };
            format!(
                "RENFORT_TWILIO_API_URL{shown} {why}: it must be an absolute http or https URL such as {}",
                ApiUrl::DEFAULT
            )
        };
        if url.contains('#') {
            return Err(refused("has a fragment"));
        }
        let uri: hyper::Uri = url.parse().map_err(|_| refused("is not a URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            Some(_) => return Err(refused("is neither http nor https")),
            None => return Err(refused("has no scheme")),
        }
        let Some(authority) = uri.authority().filter(|a| !a.host().is_empty()) else {
            return Err(refused("has no host"));
        };
        if authority.as_str().contains('@') {
            return Err(refused("holds a user name"));
        }
        if uri.query().is_some() {
            return Err(refused("has a query"));
        }
        let prefix = uri.path().trim_end_matches('/');
        Ok(ApiUrl(format!(
            "{}://{authority}{prefix}",
            uri.scheme_str().unwrap_or_default()
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_default(&self) -> bool {
        self.0 == ApiUrl::DEFAULT
    }

    /// `uri` (as twilio-async builds it, under Twilio's host) under this base instead.
    fn readdress(&self, uri: &hyper::Uri) -> Result<hyper::Uri, String> {
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        format!("{}{path}", self.0)
            .parse()
            .map_err(|e| format!("request URL: {e}"))
    }
}

impl Default for ApiUrl {
    fn default() -> ApiUrl {
        ApiUrl(ApiUrl::DEFAULT.to_string())
    }
}

impl std::fmt::Display for ApiUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct TwilioApi {
    twilio: Twilio,
    sid: String,
    from: String,
    api: ApiUrl,
    http: Client<HttpsConnector<HttpConnector>, Body>,
    timeout: Duration,
    /// Where Twilio posts each message's delivery reports (`StatusCallback`), when Renfort
    /// has a public URL; without it, sends work as before and no report comes.
    status_callback: Option<String>,
}

impl TwilioApi {
    pub fn new(
        sid: &str,
        token: &str,
        from: &str,
        api: &ApiUrl,
        timeout: Duration,
    ) -> Result<TwilioApi, String> {
        Ok(TwilioApi {
            twilio: Twilio::new(sid, token).map_err(|e| e.to_string())?,
            sid: sid.to_string(),
            from: from.to_string(),
            api: api.clone(),
            http: Client::builder().build(HttpsConnector::new()),
            timeout,
            status_callback: None,
        })
    }

    /// Asks Twilio for delivery reports at `url` on every send.
    pub fn with_status_callback(mut self, url: Option<String>) -> TwilioApi {
        self.status_callback = url;
        self
    }

    /// `POST Messages.json`.
    pub async fn send(&self, to: &str, body: &str) -> Outcome {
        let send = self.twilio.send_msg(&self.from, to, body);
        // twilio-async's SendMsg has no StatusCallback setter: the parameter is added to the
        // form it encodes.
        let form = with_status_callback(send.msg.to_string(), self.status_callback.as_deref());
        let request = match send.request(Method::POST, "Messages.json", Some(form)) {
            Ok(r) => r,
            Err(e) => return Outcome::Permanent(format!("request: {e}")),
        };
        match self.exchange(request).await {
            Exchange::NotConnected(why) => Outcome::Retry(why),
            Exchange::Lost(why) => Outcome::Unknown(why),
            Exchange::Answer(status, body) => classify(status, &body),
        }
    }

    /// Looks for a message to `to` with this body, created at or after `since` (unix
    /// seconds), whose SID is not in `taken`: `GET Messages.json?To=…`, newest first,
    /// following the pages until they are older than `since`. Not filtered on `DateSent`: a
    /// message Twilio accepted but has not sent yet has no send date and would not be listed,
    /// so it would look absent and be sent again.
    pub async fn find(
        &self,
        to: &str,
        body: &str,
        since: i64,
        taken: &HashSet<String>,
    ) -> Result<Found, String> {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("To", to)
            .append_pair("PageSize", "100")
            .finish();
        let mut path = format!("Messages.json?{query}");
        for _ in 0..MAX_PAGES {
            let list = MessagesDetails {
                client: &self.twilio,
                from: None,
                to: None,
                date_sent: None,
            };
            let request = list
                .request(Method::GET, &path, None)
                .map_err(|e| format!("request: {e}"))?;
            let (status, answer) = match self.exchange(request).await {
                Exchange::Answer(status, body) => (status, body),
                Exchange::NotConnected(why) | Exchange::Lost(why) => return Err(why),
            };
            if !(200..300).contains(&status) {
                return Err(format!("listing messages: HTTP {status}"));
            }
            let page: Page = serde_json::from_slice(&answer)
                .map_err(|e| format!("listing messages: unreadable answer at {}", e.column()))?;
            for listed in &page.messages {
                if listed.matches(to, body, since, taken) {
                    return Ok(Found::Sent(listed.sid.clone()));
                }
            }
            // Newest first: once a page ends before `since`, the next pages are older still.
            let older = page.messages.last().is_some_and(|last| {
                last.date_created
                    .as_deref()
                    .and_then(parse_rfc2822)
                    .is_some_and(|at| at < since - CLOCK_SKEW)
            });
            if older {
                return Ok(Found::Absent);
            }
            let prefix = format!("/2010-04-01/Accounts/{}/", self.sid);
            match page
                .next_page_uri
                .as_deref()
                .and_then(|u| u.strip_prefix(&prefix))
            {
                Some(next) => path = next.to_string(),
                None => return Ok(Found::Absent),
            }
        }
        // Not within the pages read: say nothing rather than guess.
        Err("too many messages to this number to check".into())
    }

    /// `GET /2010-04-01/Accounts/{SID}.json`: whether Twilio accepts the credentials, and the
    /// account's state.
    pub async fn account(&self) -> Result<Account, Refused> {
        // twilio-async builds URLs under `Accounts/{SID}/`; the account itself is
        // `Accounts/{SID}.json`, so its request (auth included) is re-addressed.
        let mut request = self.get("")?;
        let uri = request.uri().to_string();
        *request.uri_mut() = format!("{}.json", uri.trim_end_matches('/'))
            .parse()
            .map_err(|e| Refused::Network(format!("request: {e}")))?;
        self.read(request).await
    }

    /// `GET IncomingPhoneNumbers.json?PhoneNumber=…`: the account's number `phone` (E.164), if
    /// the account owns it.
    pub async fn incoming_number(&self, phone: &str) -> Result<Option<IncomingNumber>, Refused> {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("PhoneNumber", phone)
            .finish();
        let request = self.get(&format!("IncomingPhoneNumbers.json?{query}"))?;
        let list: IncomingNumbers = self.read(request).await?;
        Ok(list
            .incoming_phone_numbers
            .into_iter()
            .find(|n| n.phone_number == phone))
    }

    fn get(&self, path: &str) -> Result<Request<Body>, Refused> {
        let builder = MessagesDetails {
            client: &self.twilio,
            from: None,
            to: None,
            date_sent: None,
        };
        builder
            .request(Method::GET, path, None)
            .map_err(|e| Refused::Network(format!("request: {e}")))
    }

    /// A GET's answer as `T`, or why not.
    async fn read<T: serde::de::DeserializeOwned>(
        &self,
        request: Request<Body>,
    ) -> Result<T, Refused> {
        let (status, body) = match self.exchange(request).await {
            Exchange::Answer(status, body) => (status, body),
            Exchange::NotConnected(why) | Exchange::Lost(why) => {
                return Err(Refused::Network(why));
            }
        };
        if !(200..300).contains(&status) {
            let error = serde_json::from_slice::<TwilioError>(&body).ok();
            return Err(Refused::Status {
                status,
                code: error.map(|e| e.code),
            });
        }
        serde_json::from_slice(&body).map_err(|e| {
            Refused::Network(format!(
                "HTTP {status}, unreadable answer at column {}",
                e.column()
            ))
        })
    }

    /// One request and its whole answer, within the timeout. Every request leaves here, so
    /// this is where it is re-addressed to the configured API.
    async fn exchange(&self, mut request: Request<Body>) -> Exchange {
        match self.api.readdress(request.uri()) {
            Ok(uri) => *request.uri_mut() = uri,
            // Not sent: nothing can have been taken.
            Err(why) => return Exchange::NotConnected(why),
        }
        let call = async {
            let answer = match self.http.request(request).await {
                Ok(a) => a,
                // The connection was never made: the request did not leave.
                Err(e) if e.is_connect() => return Exchange::NotConnected(format!("connect: {e}")),
                Err(e) => return Exchange::Lost(format!("network: {e}")),
            };
            let status = answer.status().as_u16();
            match hyper::body::to_bytes(answer.into_body()).await {
                Ok(body) => Exchange::Answer(status, body.to_vec()),
                Err(e) => Exchange::Lost(format!("HTTP {status}, body cut: {e}")),
            }
        };
        match tokio::time::timeout(self.timeout, call).await {
            Ok(exchange) => exchange,
            Err(_) => Exchange::Lost(format!("no answer within {} s", self.timeout.as_secs())),
        }
    }
}

/// Why a read of Twilio's REST API failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Twilio answered with an error status (and its error code when it sent its JSON):
    /// 401 (code 20003) for credentials it does not accept, 404 for an unknown account.
    Status { status: u16, code: Option<u64> },
    /// No usable answer: DNS, connection, TLS, timeout, unreadable body.
    Network(String),
}

/// The parts of Twilio's Account resource `renfort check` reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    #[serde(default)]
    pub friendly_name: String,
    /// `active`, `suspended` or `closed`.
    #[serde(default)]
    pub status: String,
    /// `Trial` or `Full`.
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// The parts of an IncomingPhoneNumber `renfort check` reads: where Twilio posts the SMS the
/// number receives.
#[derive(Debug, Clone, Deserialize)]
pub struct IncomingNumber {
    pub phone_number: String,
    #[serde(default)]
    pub sms_url: Option<String>,
    #[serde(default)]
    pub sms_method: Option<String>,
    /// Set when a TwiML app (not `sms_url`) handles the number's SMS.
    #[serde(default)]
    pub sms_application_sid: Option<String>,
}

#[derive(Deserialize)]
struct IncomingNumbers {
    incoming_phone_numbers: Vec<IncomingNumber>,
}

enum Exchange {
    NotConnected(String),
    Lost(String),
    Answer(u16, Vec<u8>),
}

#[derive(Deserialize)]
struct Created {
    sid: String,
}

#[derive(Deserialize)]
struct TwilioError {
    code: u64,
}

/// A Messages POST's form with `StatusCallback` appended, when there is one.
pub fn with_status_callback(form: String, url: Option<&str>) -> String {
    match url {
        Some(url) => {
            let mut form = form;
            let extra = form_urlencoded::Serializer::new(String::new())
                .append_pair("StatusCallback", url)
                .finish();
            if !form.is_empty() {
                form.push('&');
            }
            form.push_str(&extra);
            form
        }
        None => form,
    }
}

/// Reads Twilio's answer to a send, the HTTP status first. Twilio's own errors are JSON with a
/// `code`; anything else (a proxy's HTML page, an empty body) says nothing about whether the
/// message was taken.
pub fn classify(status: u16, body: &[u8]) -> Outcome {
    if (200..300).contains(&status) {
        return match serde_json::from_slice::<Created>(body) {
            Ok(c) => Outcome::Sent(Some(c.sid)),
            // Taken, most likely, but unreadable (a status twilio-async does not know,
            // a cut body): check before anything else.
            Err(_) => Outcome::Unknown(format!("HTTP {status} with an unreadable answer")),
        };
    }
    match serde_json::from_slice::<TwilioError>(body) {
        Ok(e) if e.code == TWILIO_UNSUBSCRIBED => Outcome::Unsubscribed,
        // Twilio's rate limit: refused, not taken.
        Ok(e) if status == 429 => Outcome::Retry(format!("twilio {status} {}", e.code)),
        // Twilio's own server error: it may or may not have taken the message.
        Ok(e) if status >= 500 => Outcome::Unknown(format!("twilio {status} {}", e.code)),
        Ok(e) => Outcome::Permanent(format!("twilio {status} {}", e.code)),
        Err(_) => Outcome::Unknown(format!("HTTP {status} without Twilio's JSON")),
    }
}

#[derive(Deserialize)]
struct Page {
    messages: Vec<Listed>,
    next_page_uri: Option<String>,
}

#[derive(Deserialize)]
struct Listed {
    sid: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    date_created: Option<String>,
    #[serde(default)]
    direction: Option<String>,
}

impl Listed {
    fn matches(&self, to: &str, body: &str, since: i64, taken: &HashSet<String>) -> bool {
        let outbound = self
            .direction
            .as_deref()
            .is_none_or(|d| d.starts_with("outbound"));
        let recent = self
            .date_created
            .as_deref()
            .and_then(parse_rfc2822)
            .is_some_and(|at| at >= since - CLOCK_SKEW);
        outbound
            && recent
            && self.to == to
            && self.body.as_deref().map(same_text) == Some(same_text(body))
            && !taken.contains(&self.sid)
    }
}

/// Twilio may normalise line ends and trailing blanks.
fn same_text(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

/// `YYYY-MM-DD` (UTC) of a unix time.
pub fn civil_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Twilio's dates: `Sun, 29 Nov 2026 05:00:00 +0000`.
pub fn parse_rfc2822(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, zone] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m.eq_ignore_ascii_case(month))? as i64
        + 1;
    let mut hms = time.split(':').map(|p| p.parse::<i64>());
    let (h, mi, se) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next()?.ok()?);
    let offset = match *zone {
        "GMT" | "UTC" | "Z" => 0,
        z if z.len() == 5 => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let hh: i64 = z[1..3].parse().ok()?;
            let mm: i64 = z[3..5].parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
        _ => return None,
    };
    let days = days_from_civil(year.parse().ok()?, month, day.parse().ok()?);
    Some(days * 86_400 + h * 3600 + mi * 60 + se - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_url_is_an_absolute_http_url() {
        assert!(ApiUrl::default().is_default());
        let twilio = ApiUrl::parse("https://api.twilio.com/").unwrap();
        assert!(twilio.is_default(), "{twilio}");
        let fake = ApiUrl::parse(" http://127.0.0.1:5000 ").unwrap();
        assert_eq!(fake.as_str(), "http://127.0.0.1:5000");
        assert!(!fake.is_default());
        let proxy = ApiUrl::parse("https://proxy.example.org/twilio/").unwrap();
        assert_eq!(proxy.as_str(), "https://proxy.example.org/twilio");
        for bad in [
            "",
            "api.twilio.com",
            "ftp://api.twilio.com",
            "https://",
            "https://api.twilio.com?x=1",
            "https://api.twilio.com/#top",
            "https://api twilio.com",
        ] {
            let why = ApiUrl::parse(bad).unwrap_err();
            assert!(why.starts_with("RENFORT_TWILIO_API_URL"), "{bad}: {why}");
            assert!(why.contains("absolute http or https URL"), "{bad}: {why}");
        }
        // A password in the URL is refused without being repeated.
        let why = ApiUrl::parse("https://user:s3cret@api.twilio.com").unwrap_err();
        assert!(!why.contains("s3cret"), "{why}");
    }

    #[test]
    fn requests_are_readdressed_whole() {
        let built: hyper::Uri =
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B33&PageSize=100"
                .parse()
                .unwrap();
        let at = |base: &str| {
            ApiUrl::parse(base)
                .unwrap()
                .readdress(&built)
                .unwrap()
                .to_string()
        };
        assert_eq!(at(ApiUrl::DEFAULT), built.to_string());
        assert_eq!(
            at("http://127.0.0.1:5000"),
            "http://127.0.0.1:5000/2010-04-01/Accounts/AC1/Messages.json?To=%2B33&PageSize=100"
        );
        assert_eq!(
            at("https://proxy.example.org/twilio/"),
            "https://proxy.example.org/twilio/2010-04-01/Accounts/AC1/Messages.json?To=%2B33&PageSize=100"
        );
    }

    #[test]
    fn answers_are_classified_by_status_first() {
        let created = br#"{"sid":"SM1","status":"accepted"}"#;
        assert_eq!(classify(201, created), Outcome::Sent(Some("SM1".into())));
        // A status twilio-async does not know, a cut body: maybe taken, checked later.
        assert!(matches!(classify(201, b"{\"si"), Outcome::Unknown(_)));
        let error =
            |code: u32| format!(r#"{{"code":{code},"message":"+33639980001 x","status":400}}"#);
        assert_eq!(
            classify(400, error(21610).as_bytes()),
            Outcome::Unsubscribed
        );
        assert!(matches!(
            classify(429, error(20429).as_bytes()),
            Outcome::Retry(_)
        ));
        assert!(matches!(
            classify(400, error(21211).as_bytes()),
            Outcome::Permanent(_)
        ));
        assert!(matches!(
            classify(500, error(20500).as_bytes()),
            Outcome::Unknown(_)
        ));
        // A proxy's page or nothing at all: unknown, never "failed" nor "sent".
        assert!(matches!(
            classify(502, b"<html>Bad Gateway</html>"),
            Outcome::Unknown(_)
        ));
        assert!(matches!(classify(503, b""), Outcome::Unknown(_)));
        assert!(matches!(classify(429, b""), Outcome::Unknown(_)));
        // No phone number from Twilio's message reaches the reason (it is logged).
        let Outcome::Permanent(why) = classify(400, error(21211).as_bytes()) else {
            unreachable!()
        };
        assert!(!why.contains("3363"), "{why}");
    }

    #[test]
    fn dates_round_trip() {
        let t = parse_rfc2822("Sun, 29 Nov 2026 05:00:00 +0000").unwrap();
        assert_eq!(civil_date(t), "2026-11-29");
        assert_eq!(t % 86_400, 5 * 3600);
        assert_eq!(
            parse_rfc2822("Sun, 29 Nov 2026 06:00:00 +0100"),
            Some(t),
            "offsets"
        );
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
        assert_eq!(parse_rfc2822("yesterday"), None);
    }

    #[test]
    fn a_listed_message_matches_once() {
        let listed = Listed {
            sid: "SM9".into(),
            to: "+33639980001".into(),
            body: Some("Bonjour\r\n".into()),
            date_created: Some("Sun, 29 Nov 2026 05:00:00 +0000".into()),
            direction: Some("outbound-api".into()),
        };
        let at = parse_rfc2822("Sun, 29 Nov 2026 05:00:00 +0000").unwrap();
        let none = HashSet::new();
        assert!(listed.matches("+33639980001", "Bonjour", at, &none));
        assert!(!listed.matches("+33639980002", "Bonjour", at, &none));
        assert!(!listed.matches("+33639980001", "Bonsoir", at, &none));
        assert!(
            !listed.matches("+33639980001", "Bonjour", at + 3600, &none),
            "older than the row"
        );
        let taken = HashSet::from(["SM9".to_string()]);
        assert!(
            !listed.matches("+33639980001", "Bonjour", at, &taken),
            "matched to another row"
        );
    }
}
