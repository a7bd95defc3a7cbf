//! Issue 13, end to end through the binary: token lifecycle, /metrics protection, `renfort
//! chat` on invalid UTF-8, import hardening, and the SMS log gateway's masking.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use crate::support::{Renfort, Server, databases, free_port, unique};

#[tokio::test]
async fn tokens_are_listed_without_secrets_and_revoked_by_id() {
    for db in databases() {
        let cli = Renfort {
            database_url: db.clone(),
        };
        cli.run(&["seed", "demo"]);
        let admin = cli
            .run(&[
                "token",
                "create",
                "--role",
                "admin",
                "--label",
                "ops",
                "--expires",
                "30",
            ])
            .trim()
            .to_string();
        let moderator = cli
            .run(&[
                "token",
                "create",
                "--role",
                "moderator",
                "--departements",
                "62",
            ])
            .trim()
            .to_string();
        let out = cli.run_failing(&["token", "create", "--role", "admin", "--expires", "0"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("--expires"));

        let server = Server::start(&db, &[], None).await;
        let client = reqwest::Client::new();
        let stats = |token: String| {
            client
                .get(format!("{}/api/v1/stats", server.base))
                .bearer_auth(token)
                .send()
        };
        assert_eq!(stats(admin.clone()).await.unwrap().status(), 200);
        assert_eq!(stats(moderator.clone()).await.unwrap().status(), 200);

        let table = cli.run(&["token", "list"]);
        assert!(
            !table.contains(&admin) && !table.contains(&moderator),
            "{table}"
        );
        assert!(!table.contains("rft_"), "{table}");
        let list: Vec<Value> =
            serde_json::from_str(&cli.run(&["token", "list", "--json"])).unwrap();
        assert_eq!(list.len(), 2);
        let ops = &list[0];
        assert_eq!(
            (ops["role"].as_str(), ops["label"].as_str()),
            (Some("admin"), Some("ops"))
        );
        let days =
            (ops["expires_at"].as_i64().unwrap() - ops["created_at"].as_i64().unwrap()) / 86_400;
        assert_eq!(days, 30);
        assert!(ops["last_used_at"].as_i64().is_some(), "used once: {ops}");
        assert_eq!(list[1]["scope"], "62");
        assert!(list[1]["expires_at"].is_null());

        let id = ops["id"].to_string();
        assert!(cli.run(&["token", "revoke", &id]).contains("revoked"));
        let resp = stats(admin.clone()).await.unwrap();
        assert_eq!(resp.status(), 401);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthorized");
        assert_eq!(stats(moderator.clone()).await.unwrap().status(), 200);
        let again = cli.run_failing(&["token", "revoke", &id]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("no active token"));
        let table = cli.run(&["token", "list"]);
        assert!(
            table
                .lines()
                .any(|l| l.contains("revoked") && l.contains("ops")),
            "{table}"
        );
    }
}

#[tokio::test]
async fn metrics_can_require_a_token() {
    let db = databases().remove(0);
    Renfort {
        database_url: db.clone(),
    }
    .run(&["seed", "demo"]);
    let secret = "m3trics-Secret";
    let server = Server::start(&db, &[("RENFORT_METRICS_TOKEN", secret.into())], None).await;
    let client = reqwest::Client::new();
    let get = |auth: Option<String>| {
        let mut r = client.get(format!("{}/metrics", server.base));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.send()
    };
    assert_eq!(get(None).await.unwrap().status(), 401);
    for wrong in [
        format!("Bearer {}", &secret[..secret.len() - 1]),
        format!("Bearer {secret}x"),
        format!("Bearer {}", secret.to_uppercase()),
        secret.to_string(),
    ] {
        assert_eq!(
            get(Some(wrong.clone())).await.unwrap().status(),
            401,
            "{wrong}"
        );
    }
    let ok = get(Some(format!("Bearer {secret}"))).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("renfort_"));
    // Health stays open.
    assert_eq!(
        reqwest::get(format!("{}/healthz", server.base))
            .await
            .unwrap()
            .status(),
        200
    );
}

#[test]
fn chat_reads_invalid_utf8_lossily_and_goes_on() {
    let app = Renfort {
        database_url: databases().remove(0),
    };
    app.run(&["seed", "demo"]);
    let mut child = app
        .command(&["chat", "--from", "+33639980501", "--json"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // "Bonjour", a Latin-1 "oui é" (0xE9 is not UTF-8), then "oui" and a name.
    stdin
        .write_all(b"Bonjour\n\xff\xfe\xe9\r\noui\nL\xe9a\nMarie\n")
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let replies: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(replies.len(), 5, "one reply per line: {replies:?}");
    assert!(
        replies[2]["text"].as_str().unwrap().contains("prénom"),
        "{replies:?}"
    );
}

fn import(
    app: &Renfort,
    dir: &std::path::Path,
    name: &str,
    content: &[u8],
) -> (bool, String, String) {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    let out = app
        .command(&["import", "missions", path.to_str().unwrap()])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEADER: &str =
    "structure,domain,title,description,place,remote,places,schedule,starts_on,ends_on,ref\n";

#[test]
fn import_is_typed_clean_bounded_and_stays_in_its_departement() {
    for database_url in databases() {
        let app = Renfort { database_url };
        app.run(&["seed", "demo"]);
        let dir = std::env::temp_dir().join(unique("import13"));
        std::fs::create_dir_all(&dir).unwrap();
        let before = app.run(&["moderation", "list", "--json"]);

        let (ok, _, err) = import(
            &app,
            &dir,
            "typed.json",
            br#"[{"structure": "demo-s-00", "domain": 1, "title": "Tri", "place": "Arras", "places": 3},
                {"structure": "demo-s-00", "domain": 1, "title": {"a": [1, 2]}, "place": "Arras", "places": 3}]"#,
        );
        assert!(!ok);
        assert!(
            err.contains(":2: item 2: title must be a string, not an object"),
            "{err}"
        );

        let mut csv = HEADER.as_bytes().to_vec();
        csv.extend_from_slice(b"demo-s-00,1,Tri de dons,,Arras,,3,,,,\n");
        csv.extend_from_slice(b"demo-s-00,1,Tri\x00,,Arras,,3,,,,\n");
        csv.extend_from_slice(b"demo-s-00,1,Tri,,Arras,,3,\x1b[2J,,,\n");
        let (ok, _, err) = import(&app, &dir, "control.csv", &csv);
        assert!(!ok);
        assert!(
            err.contains(":3: title holds a control character (U+0000)"),
            "{err}"
        );
        assert!(
            err.contains(":4: schedule holds a control character (U+001B)"),
            "{err}"
        );
        assert!(
            !err.contains('\u{1b}') && !err.contains('\0'),
            "not echoed: {err:?}"
        );

        // 100,000 bad rows: 50 error lines, then a count.
        let mut csv = HEADER.to_string();
        for i in 0..100_000 {
            csv.push_str(&format!("nope,1,Tri {i},,Arras,,3,,,,\n"));
        }
        let (ok, _, err) = import(&app, &dir, "many.csv", csv.as_bytes());
        assert!(!ok);
        let lines: Vec<&str> = err.lines().collect();
        assert!(lines.len() <= 53, "{} lines", lines.len());
        assert!(err.contains("… and 99950 more error(s) not shown"), "{err}");
        assert!(
            err.contains("100000 error(s) in 100000 rows: nothing imported"),
            "{err}"
        );

        // A Pas-de-Calais structure's mission in Lille: refused, unless asked for.
        let mut csv = HEADER.to_string();
        csv.push_str("demo-s-00,1,Tri a Lille,,Lille,,3,,,,lille-1\n");
        let (ok, _, err) = import(&app, &dir, "lille.csv", csv.as_bytes());
        assert!(!ok);
        assert!(
            err.contains(":2: place \"Lille\" is outside the structure's département 62"),
            "{err}"
        );
        assert_eq!(
            app.run(&["moderation", "list", "--json"]),
            before,
            "nothing imported"
        );
        let path = dir.join("lille.csv");
        let out = app.run(&[
            "import",
            "missions",
            path.to_str().unwrap(),
            "--allow-outside",
        ]);
        assert!(out.starts_with("1 missions imported"), "{out}");
        let nord: Vec<Value> = serde_json::from_str(&app.run(&[
            "moderation",
            "list",
            "--departement",
            "59",
            "--json",
        ]))
        .unwrap();
        assert!(
            nord.iter()
                .any(|i| i["summary"].as_str().unwrap().starts_with("Tri a Lille")),
            "moderated where it takes place: {nord:?}"
        );

        // A large import off a terminal: plain progress lines, a tenth at a time, per pass.
        let mut csv = HEADER.to_string();
        for i in 0..500 {
            csv.push_str(&format!("demo-s-01,1,Colis {i},,Arras,,3,,,,bulk-{i}\n"));
        }
        let (ok, out, err) = import(&app, &dir, "bulk.csv", csv.as_bytes());
        assert!(ok, "{err}");
        assert!(out.starts_with("500 missions imported"), "{out}");
        assert!(err.contains("checking rows: 50/500 (10%)\n"), "{err}");
        assert!(err.contains("writing missions: 500/500 (100%)\n"), "{err}");
        assert_eq!(err.lines().count(), 20, "{err}");
        assert!(!err.contains('\r'), "no bar drawn into a pipe: {err:?}");
    }
}

/// Without Twilio credentials the log gateway says what it would send, never the text (names,
/// availability, relayed words: a log file outlives SUPPRIMER), and masks the addresses.
#[tokio::test]
async fn the_log_gateway_prints_no_text_and_masks_numbers() {
    let db = databases().remove(0);
    let cli = Renfort {
        database_url: db.clone(),
    };
    cli.run(&["seed", "demo"]);
    let output = std::env::temp_dir().join(format!("{}.log", unique("renfort-gateway")));
    let token = "gateway-test-token";
    let env = [
        ("TWILIO_AUTH_TOKEN", token.to_string()),
        ("RENFORT_PUBLIC_URL", "https://renfort.test".to_string()),
        // The moderator's digest would be one more message to someone else.
        ("RENFORT_DIGEST_HOUR", "off".to_string()),
    ];
    let server = Server::start_logged(&db, &env, None, Some(&output)).await;
    let client = reqwest::Client::new();
    let me = "+33639980502";
    let send = |body: &str, n: usize| {
        let params: Vec<(String, String)> = [
            ("MessageSid", format!("SM{n:032x}")),
            ("From", me.to_string()),
            ("To", "+33639989999".to_string()),
            ("Body", body.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let sig = renfort_sms::signature::sign(token, "https://renfort.test/sms/twilio", &params);
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        client
            .post(format!("{}/sms/twilio", server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", sig)
            .body(body)
            .send()
    };
    let script = [
        "Bonjour", "oui", "Marie", "62000", "1", "oui", "1 3", "le soir",
    ];
    for (n, line) in script.iter().enumerate() {
        assert_eq!(send(line, n).await.unwrap().status(), 200);
    }
    let queue: Vec<Value> =
        serde_json::from_str(&cli.run(&["moderation", "list", "--json"])).unwrap();
    let id = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
    cli.run(&["moderation", "approve", "volunteer", &id]);
    assert_eq!(send("MISSIONS", 20).await.unwrap().status(), 200);
    assert_eq!(send("OUI 1", 21).await.unwrap().status(), 200);
    // The alert to the referent is the last message, the only one to someone else: wait for
    // it and the replies before it.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let gateway = "[SMS log gateway: NOT sent";
    let text = loop {
        let text = std::fs::read_to_string(&output).unwrap();
        let sends = text.lines().filter(|l| l.starts_with(gateway));
        let to_others = sends.clone().filter(|l| !l.contains(" to …02 (")).count();
        if (to_others > 0 && sends.count() >= 10) || std::time::Instant::now() > until {
            break text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    drop(server);
    assert!(text.contains(gateway), "{text}");
    assert!(text.contains(" to …02 ("), "{text}");
    let sends = text.lines().filter(|l| l.starts_with(gateway)).count();
    assert!(sends >= 10, "{sends} sends in {text}");
    for needle in [
        "639980502",
        "06 39 98 05 02",
        "0639980502",
        "Marie",
        "le soir",
        "veut aider",
        "Appelez",
    ] {
        assert!(!text.contains(needle), "{needle} in {text}");
    }
    assert_eq!(renfort_core::redact::mask_phones(&text), text);
}

/// Sends raw bytes to the server and returns what it answered, or `None` if it said nothing
/// within `wait`.
async fn raw_exchange(base: &str, request: &str, wait: std::time::Duration) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + wait;
    // The headers and a short body are enough; the connection may stay open.
    while !String::from_utf8_lossy(&answer).contains("\r\n\r\n") {
        match tokio::time::timeout_at(until, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Err(_) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Ok(Err(_)) => break,
        }
    }
    (!answer.is_empty()).then(|| String::from_utf8_lossy(&answer).into_owned())
}

/// tower-http around every route: each request has an id (the caller's or a new UUID) sent
/// back and carried by its log lines; a request whose body does not arrive in time gets a
/// 503.
#[tokio::test]
async fn requests_have_ids_in_logs_and_a_deadline() {
    let db = databases().remove(0);
    Renfort {
        database_url: db.clone(),
    }
    .run(&["seed", "demo"]);
    let output = std::env::temp_dir().join(format!("{}.log", unique("renfort-requests")));
    let env = [
        ("TWILIO_AUTH_TOKEN", "request-test-token".to_string()),
        ("RENFORT_REQUEST_TIMEOUT", "1".to_string()),
        // One line per response is at DEBUG (see serve.rs), asked for here.
        (
            "RENFORT_LOG",
            "info,tower_http::trace::on_response=debug".to_string(),
        ),
    ];
    let server = Server::start_logged(&db, &env, None, Some(&output)).await;
    let client = reqwest::Client::new();

    let fresh = client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    let id = fresh.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 16, "16 letters: {id}");
    assert!(id.bytes().all(|b| b.is_ascii_lowercase()), "{id}");
    let given = client
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "ops-check-42")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "ops-check-42");
    // A caller's data in the header (a phone number, a token, spaces) is not an id: dropped,
    // and the request gets a fresh id; none of it reaches the logs.
    let mut odd_ids = Vec::new();
    for odd in ["+33612345678", "token=sk_live_4f9a2b", "06 12 34 56 78"] {
        let answer = client
            .get(format!("{}/healthz", server.base))
            .header("x-request-id", odd)
            .send()
            .await
            .unwrap();
        let id = answer.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(id.len(), 16, "{odd} replaced by 16 letters: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_lowercase()), "{id}");
        odd_ids.push(id);
    }

    // Headers announce 200 bytes, 10 arrive: answered 503 once the deadline passes.
    let started = std::time::Instant::now();
    let slow = raw_exchange(
        &server.base,
        "POST /sms/twilio HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 200\r\nX-Request-Id: slow-body-7\r\n\r\nFrom=%2B33",
        std::time::Duration::from_secs(10),
    )
    .await
    .expect("an answer before 10 s");
    assert!(slow.starts_with("HTTP/1.1 503"), "{slow}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    // Log lines carry the request's id, method and path.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let text = loop {
        let text = std::fs::read_to_string(&output).unwrap();
        if text.contains("slow-body-7") || std::time::Instant::now() > until {
            break text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    drop(server);
    let line = |id: &str| {
        text.lines()
            .find(|l| l.contains(&format!("request_id={id}")))
            .unwrap_or_else(|| panic!("no line for {id} in {text}"))
            .to_string()
    };
    assert!(line("ops-check-42").contains("path=/healthz"), "{text}");
    assert!(line(&id).contains("method=GET"), "{text}");
    assert!(line("slow-body-7").contains("503"), "{text}");
    for id in &odd_ids {
        assert!(line(id).contains("path=/healthz"), "{text}");
    }
    for odd in ["33612345678", "sk_live_4f9a2b", "06 12 34 56 78"] {
        assert!(!text.contains(odd), "{odd} in the log: {text}");
    }
}

/// A password in `RENFORT_PUBLIC_URL` would be logged at start: `serve` refuses to start with
/// one, as `check` does, and does not repeat it.
#[test]
fn serve_refuses_a_public_url_with_a_password() {
    let db = databases().remove(0);
    let mut child = Renfort { database_url: db }
        .command(&["serve"])
        .env("RENFORT_LISTEN", format!("127.0.0.1:{}", free_port()))
        .env(
            "RENFORT_PUBLIC_URL",
            "https://ops:hunter2secret@renfort.example.org",
        )
        .env_remove("TWILIO_ACCOUNT_SID")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .stdin(Stdio::null())
        .spawn()
        .expect("renfort runs");
    // A server that did start is stopped, not waited for.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "serve started: {stderr}");
    assert!(
        stderr.contains("RENFORT_PUBLIC_URL holds a user name or password"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2secret") && !stdout.contains("hunter2secret"));
}

/// Slow clients: a connection that sends its headers a byte at a time is closed once
/// `RENFORT_HEADER_TIMEOUT` passes, and past `RENFORT_MAX_CONNECTIONS` a new connection is
/// closed at once; meanwhile, and afterwards, the server answers others.
#[tokio::test]
async fn slow_clients_are_cut_off_and_bounded() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = databases().remove(0);
    let env = [
        // 3 s, not 1: on a loaded machine the first slow connection must still be held when
        // the one past the limit arrives, or its slot frees and that one is answered.
        ("RENFORT_HEADER_TIMEOUT", "3".to_string()),
        ("RENFORT_MAX_CONNECTIONS", "8".to_string()),
    ];
    let server = Server::start(&db, &env, None).await;
    let addr = server.base.trim_start_matches("http://").to_string();
    // Six connections that start a request and never finish its headers.
    let mut slow = Vec::new();
    for _ in 0..6 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(s);
    }
    // Below the limit, others are answered meanwhile.
    let healthz = |base: String| async move {
        reqwest::Client::new()
            .get(format!("{base}/healthz"))
            .send()
            .await
            .map(|r| r.status().as_u16())
    };
    assert_eq!(healthz(server.base.clone()).await.ok(), Some(200));
    // That answer's connection closes with its client: let the server free its slot first,
    // or it frees between the two below and the one past the limit finds it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // At the limit: the next connection is closed without an answer, at once.
    let mut more = Vec::new();
    for _ in 0..2 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        more.push(s);
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let mut extra = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let _ = extra
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let mut buf = [0u8; 256];
    let read = tokio::time::timeout(std::time::Duration::from_millis(800), extra.read(&mut buf))
        .await
        .expect("closed at once, not left waiting");
    assert!(matches!(read, Ok(0) | Err(_)), "answered past the limit");
    // The slow ones are cut off after the header deadline, and the server answers again.
    let started = std::time::Instant::now();
    for mut s in slow.into_iter().chain(more) {
        let read = tokio::time::timeout(std::time::Duration::from_secs(8), s.read(&mut buf))
            .await
            .expect("closed within the header deadline");
        // Closed (hyper may say 408 first).
        match read {
            Ok(0) | Err(_) => {}
            Ok(n) => assert!(
                String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408"),
                "{}",
                String::from_utf8_lossy(&buf[..n])
            ),
        }
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    assert_eq!(healthz(server.base.clone()).await.ok(), Some(200));
}
