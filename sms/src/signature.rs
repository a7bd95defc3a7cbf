//! `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, URL + each POST parameter's name and value,
//! sorted by name)). Not in twilio-async, so done here; compared in constant time.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

type HmacSha1 = Hmac<Sha1>;

fn mac(auth_token: &str, url: &str, params: &[(String, String)]) -> HmacSha1 {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    // Byte order, name then value: Twilio's "Unix-style case-sensitive" sort, and repeated
    // names in value order.
    sorted.sort();
    let mut mac = HmacSha1::new_from_slice(auth_token.as_bytes()).expect("HMAC takes any key");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

/// The signature Twilio computes for a request (used by tests and fakes to sign).
pub fn sign(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    STANDARD.encode(mac(auth_token, url, params).finalize().into_bytes())
}

/// Whether `signature` is Twilio's for this request; constant-time in the signature bytes.
///
/// Twilio signs the URL as it called it, with or without the scheme's default port depending on
/// how the webhook was written (`https://host/…` or `https://host:443/…`): like Twilio's own
/// libraries, both forms of `url` are accepted (see [`url_variants`]).
pub fn verify(auth_token: &str, url: &str, params: &[(String, String)], signature: &str) -> bool {
    let Ok(raw) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    let [without_port, with_port] = url_variants(url);
    // Both computed, so the time taken does not say which form matched.
    let a = mac(auth_token, &without_port, params)
        .verify_slice(&raw)
        .is_ok();
    let b = mac(auth_token, &with_port, params)
        .verify_slice(&raw)
        .is_ok();
    a | b
}

/// The URL Twilio called: the configured public base URL (`RENFORT_PUBLIC_URL`, which may
/// carry a path prefix when a proxy strips it) followed by the path and query string of the
/// request as received (`/sms/twilio?x=1`).
pub fn called_url(public_base: &str, path_and_query: &str) -> String {
    format!("{}{path_and_query}", public_base.trim_end_matches('/'))
}

/// `url` without its port, and with one (its own, or the scheme's default: 443 for https, 80
/// for http): the two forms Twilio's libraries check a signature against.
pub fn url_variants(url: &str) -> [String; 2] {
    let Some((scheme, rest)) = url.split_once("://") else {
        return [url.to_string(), url.to_string()];
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // user:password@ is not part of the host.
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(at) => authority.split_at(at + 1),
        None => ("", authority),
    };
    // The port follows the last colon, unless that colon is inside an [IPv6] literal.
    let (host, port) = match host_port.rfind(':') {
        Some(colon) if !host_port[colon..].contains(']') => {
            (&host_port[..colon], Some(&host_port[colon + 1..]))
        }
        _ => (host_port, None),
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => "",
    };
    let port = match port {
        Some(p) if !p.is_empty() => p,
        _ => default_port,
    };
    let without = format!("{scheme}://{userinfo}{host}{tail}");
    let with = if port.is_empty() {
        without.clone()
    } else {
        format!("{scheme}://{userinfo}{host}:{port}{tail}")
    };
    [without, with]
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

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    /// Twilio's published vectors (its libraries' own tests: twilio-python
    /// `tests/unit/test_request_validator.py`) and the forms Renfort must accept: the
    /// configured URL with or without the default port, whichever form Twilio signed.
    #[test]
    fn published_vectors_and_port_forms() {
        let p = params(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
            ("Caller", "+14158675309"),
        ]);
        // (URL Renfort computes from its configuration, signature Twilio sent, accepted?)
        let table: &[(&str, &str, bool)] = &[
            // Signed over the URL without a port.
            (
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                true,
            ),
            (
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                true,
            ),
            (
                "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                true,
            ),
            // Signed over https://mycompany.com:443/…
            (
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "kvajT1Ptam85bY51eRf/AJRuM3w=",
                true,
            ),
            (
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                "kvajT1Ptam85bY51eRf/AJRuM3w=",
                true,
            ),
            // Signed over http://mycompany.com:80/…
            (
                "http://mycompany.com/myapp.php?foo=1&bar=2",
                "0ZXoZLH/DfblKGATFgpif+LLRf4=",
                true,
            ),
            (
                "http://mycompany.com:80/myapp.php?foo=1&bar=2",
                "0ZXoZLH/DfblKGATFgpif+LLRf4=",
                true,
            ),
            // Signed over http://mycompany.com:1234/…
            (
                "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
                true,
            ),
            // The scheme, the query string and the port are all signed.
            (
                "http://mycompany.com/myapp.php?foo=1&bar=2",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                false,
            ),
            (
                "https://mycompany.com/myapp.php",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                false,
            ),
            (
                "https://mycompany.com/myapp.php?foo=1&bar=3",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                false,
            ),
            (
                "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
                "kvajT1Ptam85bY51eRf/AJRuM3w=",
                false,
            ),
            (
                "http://mycompany.com/myapp.php?foo=1&bar=2",
                "kvajT1Ptam85bY51eRf/AJRuM3w=",
                false,
            ),
        ];
        for (url, signature, accepted) in table {
            assert_eq!(
                verify("12345", url, &p, signature),
                *accepted,
                "{url} {signature}"
            );
        }
    }

    #[test]
    fn the_called_url_keeps_the_query_and_a_path_prefix() {
        assert_eq!(
            called_url("https://renfort.example.org/", "/sms/twilio?x=1"),
            "https://renfort.example.org/sms/twilio?x=1"
        );
        assert_eq!(
            called_url("https://example.org/renfort", "/sms/twilio"),
            "https://example.org/renfort/sms/twilio"
        );
        for (url, without, with) in [
            ("https://h/p?q=1", "https://h/p?q=1", "https://h:443/p?q=1"),
            ("https://h:443/p", "https://h/p", "https://h:443/p"),
            ("http://h", "http://h", "http://h:80"),
            (
                "https://u:pw@h:8443/p",
                "https://u:pw@h/p",
                "https://u:pw@h:8443/p",
            ),
            ("https://[::1]/p", "https://[::1]/p", "https://[::1]:443/p"),
            (
                "https://[::1]:443/p",
                "https://[::1]/p",
                "https://[::1]:443/p",
            ),
        ] {
            assert_eq!(url_variants(url), [without.to_string(), with.to_string()]);
        }
        // A webhook configured with a query string, signed by Twilio over it.
        let p = params(&[("Body", "OUI 1"), ("From", "+33639980001")]);
        let twilio = sign("tok", "https://renfort.example.org/sms/twilio?x=1", &p);
        let ours = called_url("https://renfort.example.org", "/sms/twilio?x=1");
        assert!(verify("tok", &ours, &p, &twilio));
        assert!(!verify(
            "tok",
            "https://renfort.example.org/sms/twilio",
            &p,
            &twilio
        ));
    }

    /// The vector Twilio's own libraries test against.
    #[test]
    fn twilio_published_vector() {
        let p = params(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
            ("Caller", "+14158675309"),
        ]);
        assert_eq!(sign("12345", URL, &p), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert!(verify("12345", URL, &p, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        let dup = params(&[
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
        ]);
        assert_eq!(sign("12345", URL, &dup), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    #[test]
    fn forged_or_altered_requests_fail() {
        let p = params(&[("Body", "OUI 1"), ("From", "+33639980001")]);
        let good = sign("secret", URL, &p);
        assert!(verify("secret", URL, &p, &good));
        assert!(!verify("other", URL, &p, &good));
        assert!(!verify("secret", "https://evil.example/sms", &p, &good));
        let altered = params(&[("Body", "OUI 2"), ("From", "+33639980001")]);
        assert!(!verify("secret", URL, &altered, &good));
        assert!(!verify("secret", URL, &p, ""));
        assert!(!verify("secret", URL, &p, "not base64 !!"));
        assert!(!verify("secret", URL, &p, &good[..good.len() - 4]));
    }
}
