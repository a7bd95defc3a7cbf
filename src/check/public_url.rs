//! `RENFORT_PUBLIC_URL`'s form, and URLs compared and printed as Renfort's callers see them.

use super::{Line, failed, ok};
use crate::config::Settings;

/// Who calls `RENFORT_PUBLIC_URL` from outside: Twilio (inbound SMS) when it is configured,
/// Telegram in webhook mode.
fn callers(s: &Settings) -> Vec<&'static str> {
    let mut who = Vec::new();
    if s.twilio_auth_token.is_some() {
        who.push("Twilio");
    }
    if s.telegram_token.is_some() && s.telegram_webhook {
        who.push("Telegram");
    }
    who
}

fn is_local(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback() || ip.is_private() || ip.is_unspecified(),
        url::Host::Ipv6(ip) => ip.is_loopback() || ip.is_unspecified(),
    }
}

/// `RENFORT_PUBLIC_URL` as a base URL Renfort can append its paths to: absolute http(s), a
/// host, no credentials, query, fragment or path of Renfort's own; or why not.
pub(super) fn base_url(raw: &str) -> Result<url::Url, String> {
    let url = match url::Url::parse(raw) {
        Ok(u) => u,
        Err(e) => {
            return Err(format!(
                "RENFORT_PUBLIC_URL is not an absolute URL ({e}): write it as https://host, the address Twilio and Telegram reach"
            ));
        }
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "RENFORT_PUBLIC_URL starts with {}: it must be an https:// URL",
            url.scheme()
        ));
    }
    if url.host().is_none() {
        return Err("RENFORT_PUBLIC_URL has no host name".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "RENFORT_PUBLIC_URL holds a user name or password: remove them (user:password@)".into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("RENFORT_PUBLIC_URL has a ?query or #fragment: give the base URL only, Renfort appends /sms/twilio and /telegram/webhook to it".into());
    }
    let path = url.path().trim_end_matches('/');
    for own in [
        renfort_sms::webhook::PATH,
        renfort_bot::webhook::PATH,
        "/healthz",
    ] {
        if path.ends_with(own) {
            return Err(format!(
                "RENFORT_PUBLIC_URL ends with {own}: give the base URL only ({}), Renfort appends {own} itself",
                raw.trim_end_matches('/').strip_suffix(own).unwrap_or(raw)
            ));
        }
    }
    Ok(url)
}

/// `RENFORT_PUBLIC_URL`: a usable base URL ([`base_url`]), and https on a public host once
/// Twilio or Telegram call it. Whether it answers is not tried: `check` runs before `serve`
/// (Telegram's own record of failed deliveries is read in webhook mode, below).
pub(super) fn check(s: &Settings) -> Line {
    const WHAT: &str = "public URL";
    let raw = s.public_url.as_str();
    let url = match base_url(raw) {
        Ok(url) => url,
        Err(why) => return failed(WHAT, why),
    };
    let Some(host) = url.host() else {
        return failed(WHAT, "RENFORT_PUBLIC_URL has no host name");
    };
    let path = url.path().trim_end_matches('/');
    let callers = callers(s);
    if callers.is_empty() {
        return ok(
            WHAT,
            format!("{raw} (not used: no SMS webhook, and Telegram is off or polls)"),
        );
    }
    let who = callers.join(" and ");
    let call = if callers.len() == 1 { "calls" } else { "call" };
    if url.scheme() != "https" {
        return failed(
            WHAT,
            format!(
                "{raw} is not https: {who} {call} it over the Internet; put Renfort behind an https reverse proxy and give its https:// URL"
            ),
        );
    }
    if is_local(&host) {
        return failed(
            WHAT,
            format!(
                "{raw} is a local address {who} cannot reach: give the public https:// URL of this server"
            ),
        );
    }
    if callers.contains(&"Telegram") {
        // Telegram delivers webhooks to these ports only.
        let port = url.port_or_known_default().unwrap_or(443);
        if ![443, 80, 88, 8443].contains(&port) {
            return failed(
                WHAT,
                format!(
                    "{raw} uses port {port}: Telegram webhooks go to ports 443, 80, 88 or 8443 only"
                ),
            );
        }
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("; your proxy must strip the path {path} before passing requests on")
    };
    ok(WHAT, format!("{raw}, called by {who}{prefix}"))
}

/// Two URLs a caller treats as the same: scheme and host in any case, the default port
/// written or not.
pub(super) fn same_url(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            let path = |u: &url::Url| u.path().trim_end_matches('/').to_string();
            a.scheme() == b.scheme()
                && a.host_str() == b.host_str()
                && a.port_or_known_default() == b.port_or_known_default()
                && path(&a) == path(&b)
                && a.query() == b.query()
        }
        _ => a == b,
    }
}

/// A URL as printed: without any user name or password in it.
pub(super) fn shown_url(u: &str) -> String {
    match url::Url::parse(u) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        _ => u.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_as_callers_see_them() {
        assert!(same_url(
            "https://Renfort.example.org:443/sms/twilio",
            "https://renfort.example.org/sms/twilio"
        ));
        assert!(!same_url(
            "https://renfort.example.org/sms/twilio",
            "https://other.example.org/sms/twilio"
        ));
        assert!(!same_url(
            "http://renfort.example.org/sms/twilio",
            "https://renfort.example.org/sms/twilio"
        ));
    }

    #[test]
    fn no_password_is_shown() {
        assert_eq!(
            shown_url("https://user:secret@renfort.example.org/sms/twilio"),
            "https://renfort.example.org/sms/twilio"
        );
    }
}
