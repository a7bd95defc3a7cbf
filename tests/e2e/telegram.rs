//! Telegram, end to end: `renfort serve` with the real teloxide client against the local fake
//! Bot API.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::fake_telegram::{Call, FakeTelegram};
use crate::support::{Renfort, Server, databases};

pub(crate) const TOKEN: &str = "123456:TEST-token";

async fn start(db: &str, extra: &[(&str, String)]) -> (FakeTelegram, Server) {
    Renfort {
        database_url: db.to_string(),
    }
    .run(&["seed", "demo"]);
    let fake = FakeTelegram::start().await;
    let mut env = vec![
        ("TELEGRAM_BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", format!("{}/", fake.url)),
    ];
    env.extend(extra.iter().cloned());
    let server = Server::start(db, &env, None).await;
    (fake, server)
}

pub(crate) fn text(call: &Call) -> &str {
    call.body["text"].as_str().unwrap_or("")
}

pub(crate) fn inline_payloads(call: &Call) -> Vec<String> {
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().unwrap().iter())
                .map(|b| b["callback_data"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Sends and waits for the n-th message to the chat.
pub(crate) async fn expect(fake: &FakeTelegram, chat: i64, n: usize) -> Call {
    let got = fake.wait_sent(chat, n).await;
    assert!(
        got.len() >= n,
        "expected {n} messages to {chat}, got {:?}",
        got.iter().map(text).collect::<Vec<_>>()
    );
    got[n - 1].clone()
}

#[tokio::test]
async fn registration_with_buttons_and_a_shared_location() {
    for db in databases() {
        let (fake, _server) = start(&db, &[]).await;
        let chat = 5_000_001;
        fake.send_text(chat, "/start");
        let welcome = expect(&fake, chat, 1).await;
        assert!(text(&welcome).starts_with("Bienvenue sur Renfort"));
        assert_eq!(inline_payloads(&welcome), ["OUI", "NON"]);
        assert!(
            welcome.body.get("parse_mode").is_none(),
            "plain text, no Markdown"
        );

        fake.tap(chat, &FakeTelegram::as_message(&welcome), "OUI");
        let name_q = expect(&fake, chat, 2).await;
        assert_eq!(text(&name_q), "Merci ! Quel est votre prénom ?");
        let answered = fake.wait_method("answercallbackquery", 1).await;
        assert_eq!(answered.len(), 1, "every callback query is answered");
        assert!(
            !fake
                .wait_method("editmessagereplymarkup", 1)
                .await
                .is_empty()
        );

        fake.send_text(chat, "Marie");
        let place_q = expect(&fake, chat, 3).await;
        assert!(text(&place_q).starts_with("Merci, Marie !"));
        let keyboard = &place_q.body["reply_markup"]["keyboard"][0];
        assert_eq!(
            keyboard[0]["request_location"],
            json!(true),
            "{}",
            place_q.body
        );
        assert_eq!(keyboard[1]["request_contact"], json!(true));

        // The belfry of Arras.
        fake.send_location(chat, 50.2910, 2.7775);
        let on_site = expect(&fake, chat, 4).await;
        assert!(
            text(&on_site).starts_with("C'est noté : Arras (62)."),
            "{}",
            text(&on_site)
        );
        fake.tap(chat, &FakeTelegram::as_message(&on_site), "OUI");
        let domains = expect(&fake, chat, 5).await;
        assert_eq!(
            inline_payloads(&domains),
            ["m:1", "m:2", "m:3", "m:4", "m:done"]
        );

        // Multi-select: ticks live on the keyboard until Done.
        let edits_before = fake.wait_method("editmessagereplymarkup", 1).await.len();
        fake.tap(chat, &FakeTelegram::as_message(&domains), "m:1");
        let edits = fake
            .wait_method("editmessagereplymarkup", edits_before + 1)
            .await;
        let ticked = FakeTelegram::as_message(edits.last().unwrap());
        assert!(
            ticked["reply_markup"]["inline_keyboard"][0][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("✅")
        );
        fake.tap(chat, &ticked, "m:3");
        let edits = fake
            .wait_method("editmessagereplymarkup", edits_before + 2)
            .await;
        let ticked = FakeTelegram::as_message(edits.last().unwrap());
        fake.tap(chat, &ticked, "m:done");
        let availability = expect(&fake, chat, 6).await;
        assert!(
            text(&availability).starts_with("Dernière question"),
            "{}",
            text(&availability)
        );
        fake.tap(chat, &FakeTelegram::as_message(&availability), "PASSER");
        let done = expect(&fake, chat, 7).await;
        assert!(text(&done).starts_with("Merci, Marie ! Votre inscription est faite."));

        let queue = Renfort {
            database_url: db.clone(),
        }
        .run(&["moderation", "list", "--json"]);
        let queue: Vec<Value> = serde_json::from_str(&queue).unwrap();
        let me = queue.iter().find(|i| i["kind"] == "volunteer").unwrap();
        assert!(
            me["summary"].as_str().unwrap().contains("domains 1 3"),
            "{me}"
        );

        // Every callback query was answered.
        let taps = fake
            .calls()
            .iter()
            .filter(|c| c.method == "answercallbackquery")
            .count();
        assert_eq!(taps, 6);
        let sequence: Vec<String> = fake
            .calls()
            .iter()
            .filter(|c| c.method != "getupdates")
            .map(|c| c.method.clone())
            .collect();
        eprintln!("Bot API calls: {}", sequence.join(", "));
    }
}

/// Registers a volunteer by plain text answers.
pub(crate) async fn register(fake: &FakeTelegram, chat: i64) {
    for (i, answer) in [
        "/start", "OUI", "Marie", "Arras", "OUI", "1 2 3 4", "PASSER",
    ]
    .iter()
    .enumerate()
    {
        fake.send_text(chat, answer);
        expect(fake, chat, i + 1).await;
    }
}

#[tokio::test]
async fn intent_alerts_the_referents_linked_chat_and_its_answer_reaches_the_volunteer() {
    for db in databases() {
        let (fake, _server) = start(&db, &[]).await;
        let app = Renfort {
            database_url: db.clone(),
        };
        // Referent 1 is the CCAS d'Arras's.
        let invite = app.run(&["moderation", "invite", "referent", "1"]);
        let start_cmd = invite.lines().next().unwrap().to_string();
        assert!(start_cmd.starts_with("/start ref-"), "{invite}");
        // Stored as its SHA-256 only, with its expiry (7 days by default).
        let code = start_cmd.trim_start_matches("/start ref-");
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&db)
            .await
            .unwrap();
        let (stored, days): (String, i64) =
            sqlx::query_as("SELECT code_hash, (expires_at - created_at) / 86400 FROM invites")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(stored, renfort_core::store::tokens::hash(code));
        assert_eq!(days, 7);
        drop(conn);
        let refused = app.run_failing(&["moderation", "invite", "referent", "1", "--expires", "0"]);
        assert!(String::from_utf8_lossy(&refused.stderr).contains("--expires"));
        let referent = 6_000_001;
        fake.send_text(referent, &start_cmd);
        let linked = expect(&fake, referent, 1).await;
        assert!(text(&linked).contains("CCAS d'Arras"), "{}", text(&linked));
        // An invitation works once.
        fake.send_text(6_000_002, &start_cmd);
        assert!(text(&expect(&fake, 6_000_002, 1).await).contains("pas valable"));

        let volunteer = 5_000_002;
        register(&fake, volunteer).await;
        let queue: Vec<Value> =
            serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
        let id = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
        app.run(&["moderation", "approve", "volunteer", &id]);
        // The validation news leaves from the server's outbox.
        expect(&fake, volunteer, 8).await;

        fake.send_text(volunteer, "/missions");
        let list = expect(&fake, volunteer, 9).await;
        assert!(
            text(&list).contains("1. Distribution de colis alimentaires - Arras"),
            "{}",
            text(&list)
        );
        // The buttons name the mission, not its line (an old list's tap stays right).
        let help_on_1 = inline_payloads(&list)
            .into_iter()
            .find(|p| p.starts_with("mission:") && p.ends_with(":help"))
            .expect("a help button naming its mission");
        fake.tap(volunteer, &FakeTelegram::as_message(&list), &help_on_1);
        // Without a phone: one message says how the structure will reach them, with the
        // button to share it (issue 22: no promised call followed by its contradiction).
        let thanks = expect(&fake, volunteer, 10).await;
        assert!(text(&thanks).contains("la structure CCAS d'Arras"));
        assert!(
            text(&thanks).contains("Partagez votre numéro") && !text(&thanks).contains("va vous"),
            "{}",
            text(&thanks)
        );

        let alert = expect(&fake, referent, 2).await;
        assert!(
            text(&alert).contains("Marie veut aider"),
            "{}",
            text(&alert)
        );
        assert!(
            text(&alert).contains("Telegram @marie_5000002"),
            "the handle, not a number: {}",
            text(&alert)
        );
        let buttons = inline_payloads(&alert);
        assert_eq!(buttons.len(), 3);
        let accept = buttons
            .iter()
            .find(|b| b.starts_with("ref:accepted:"))
            .unwrap()
            .clone();
        fake.tap(referent, &FakeTelegram::as_message(&alert), &accept);
        let recorded = expect(&fake, referent, 3).await;
        assert!(
            text(&recorded).contains("aide acceptée"),
            "{}",
            text(&recorded)
        );
        let news = expect(&fake, volunteer, 11).await;
        assert!(
            text(&news)
                .starts_with("Bonne nouvelle : la structure CCAS d'Arras confirme votre aide")
        );
    }
}

#[tokio::test]
async fn retry_after_blocked_users_and_kicks() {
    let db = &databases()[0];
    let (fake, _server) = start(db, &[]).await;
    let chat = 5_000_003;
    fake.fail_next_send(json!({
        "ok": false, "error_code": 429,
        "description": "Too Many Requests: retry after 2",
        "parameters": {"retry_after": 2}
    }));
    fake.send_text(chat, "/start");
    let sends = fake.wait_sent(chat, 2).await;
    assert_eq!(sends.len(), 2, "retried after the 429");
    assert_eq!(text(&sends[0]), text(&sends[1]));
    assert!(
        sends[1].at - sends[0].at >= Duration::from_secs(2),
        "retry_after honoured"
    );

    // Blocked: the contact is stopped, nothing more is sent.
    fake.fail_next_send(json!({
        "ok": false, "error_code": 403,
        "description": "Forbidden: bot was blocked by the user"
    }));
    fake.send_text(chat, "OUI");
    fake.wait_sent(chat, 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    fake.send_text(chat, "Marie");
    fake.send_text(chat, "/missions");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.sent_to(chat).len(), 3);

    // Kicked (my_chat_member): same.
    let other = 5_000_004;
    fake.send_text(other, "/start");
    expect(&fake, other, 1).await;
    fake.kicked(other);
    tokio::time::sleep(Duration::from_millis(500)).await;
    fake.send_text(other, "OUI");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.sent_to(other).len(), 1);
    // Only START resumes.
    fake.send_text(other, "/start");
    let resumed = expect(&fake, other, 2).await;
    assert!(text(&resumed).starts_with("Bon retour sur Renfort"));

    // Anything that is not text gets an answer.
    let third = 5_000_005;
    fake.send_text(third, "/start");
    expect(&fake, third, 1).await;
    fake.send_sticker_like(third);
    let answer = expect(&fake, third, 2).await;
    assert!(text(&answer).starts_with("Je ne lis que les messages écrits"));
}

#[tokio::test]
async fn shared_phone_links_telegram_and_sms_into_one_person() {
    let db = &databases()[0];
    let app = Renfort {
        database_url: db.clone(),
    };
    let (fake, _server) = start(db, &[]).await;
    // Registered by SMS first (through the terminal).
    app.chat(
        "+33639980201",
        &["Bonjour", "oui", "Paul", "Arras", "oui", "1", "PASSER"],
    );
    let chat = 5_000_006;
    fake.send_text(chat, "/start");
    expect(&fake, chat, 1).await;
    fake.send_contact(chat, "33639980201", chat);
    let linked = expect(&fake, chat, 2).await;
    assert!(
        text(&linked).starts_with("Merci ! Votre numéro est lié"),
        "{}",
        text(&linked)
    );
    fake.send_text(chat, "PROFIL");
    let profile = expect(&fake, chat, 3).await;
    assert!(
        text(&profile).starts_with("Votre profil : Paul, Arras (62)"),
        "one identity: {}",
        text(&profile)
    );
    let queue: Vec<Value> =
        serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
    assert_eq!(queue.iter().filter(|i| i["kind"] == "volunteer").count(), 1);
    // Someone else's contact is not linked.
    fake.send_contact(chat, "+33639980299", 42);
    assert!(text(&expect(&fake, chat, 4).await).contains("propre numéro"));
}

#[tokio::test]
async fn webhook_mode_checks_the_secret_and_dedupes() {
    let db = &databases()[0];
    let secret = "s3cret_Token-1";
    let public = "https://renfort.test";
    let (fake, server) = start(
        db,
        &[
            ("TELEGRAM_MODE", "webhook".into()),
            ("TELEGRAM_WEBHOOK_SECRET", secret.into()),
            ("RENFORT_PUBLIC_URL", public.into()),
        ],
    )
    .await;
    let set = fake.wait_method("setwebhook", 1).await;
    let raw = set[0].body.to_string();
    assert!(
        raw.contains("https://renfort.test/telegram/webhook"),
        "{raw}"
    );
    assert!(raw.contains(secret), "{raw}");
    assert!(
        fake.calls().iter().all(|c| c.method != "getupdates"),
        "no polling in webhook mode"
    );

    let chat = 5_000_007;
    let update = fake.make(fake.text_update(chat, "/start"));
    let client = reqwest::Client::new();
    let post = |secret: Option<&str>| {
        let mut r = client
            .post(format!("{}/telegram/webhook", server.base))
            .json(&update);
        if let Some(s) = secret {
            r = r.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        r.send()
    };
    assert_eq!(post(None).await.unwrap().status(), 401);
    assert_eq!(post(Some("wrong")).await.unwrap().status(), 401);
    assert_eq!(
        post(Some(&secret[..secret.len() - 1]))
            .await
            .unwrap()
            .status(),
        401
    );
    // The secret followed by more: a longer value is refused too (the comparison does not
    // stop at the secret's length).
    let longer = format!("{secret}x");
    assert_eq!(post(Some(&longer)).await.unwrap().status(), 401);
    assert_eq!(post(Some(secret)).await.unwrap().status(), 200);
    assert_eq!(
        post(Some(secret)).await.unwrap().status(),
        200,
        "a replay is acknowledged"
    );
    let sent = expect(&fake, chat, 1).await;
    assert!(text(&sent).starts_with("Bienvenue"));
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(fake.sent_to(chat).len(), 1, "processed once");
}

#[tokio::test]
async fn moderators_validate_from_their_linked_chat() {
    let db = &databases()[0];
    let app = Renfort {
        database_url: db.clone(),
    };
    let (fake, _server) = start(db, &[]).await;
    // The demo's moderator (id 1) covers 62.
    let invite = app.run(&["moderation", "invite", "moderator", "1"]);
    let moderator = 7_000_001;
    fake.send_text(moderator, invite.lines().next().unwrap());
    let linked = expect(&fake, moderator, 1).await;
    assert!(text(&linked).contains("(62)"), "{}", text(&linked));

    let volunteer = 5_000_008;
    register(&fake, volunteer).await;
    let item = expect(&fake, moderator, 2).await;
    assert!(
        text(&item).starts_with("A valider (62) : bénévole"),
        "{}",
        text(&item)
    );
    assert!(
        text(&item).contains(
            "Marie, Arras : aide alimentaire, garde d'enfants, lien avec les isolés, courses, sur place"
        ),
        "{}",
        text(&item)
    );
    let buttons = inline_payloads(&item);
    assert_eq!(buttons.len(), 2);
    assert!(buttons[0].starts_with("mod:approve:volunteer:"));
    fake.tap(moderator, &FakeTelegram::as_message(&item), &buttons[0]);
    let done = expect(&fake, moderator, 3).await;
    assert!(text(&done).starts_with("C'est fait"), "{}", text(&done));
    let news = expect(&fake, volunteer, 8).await;
    assert!(text(&news).contains("validée"));

    // The queue now holds the demo's pending missions and structures, not the volunteer.
    fake.send_text(moderator, "/queue");
    let first = expect(&fake, moderator, 4).await;
    assert!(
        text(&first).starts_with("A valider (62) : mission"),
        "{}",
        text(&first)
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let all = fake.sent_to(moderator);
    assert!(all[3..].iter().all(|m| !text(m).contains("bénévole")));
    assert!(all[3..].iter().all(|m| inline_payloads(m).len() == 2));
}

/// A 502 from a proxy in front of the Bot API: retried with backoff (teloxide waits 10 s before
/// reading it), and the other chats are not held up meanwhile.
#[tokio::test]
async fn a_5xx_is_retried_and_holds_up_no_other_chat() {
    let db = &databases()[0];
    let (fake, _server) = start(db, &[("RENFORT_RETRY_MAX_DELAY", "2".to_string())]).await;
    let (slow, other) = (5_000_021, 5_000_022);
    fake.fault_next_send(502, "<html><body>502 Bad Gateway</body></html>");
    fake.send_text(slow, "/start");
    let first = fake.wait_sent(slow, 1).await;
    assert_eq!(first[0].body["__error"], 502);
    let asked = Instant::now();
    fake.send_text(other, "/start");
    let answered = expect(&fake, other, 1).await;
    assert!(
        answered.at - asked < Duration::from_secs(3),
        "another chat waited for the 5xx"
    );
    // teloxide reads a 5xx after 10 s; then the backoff.
    let mut retried = fake.wait_sent(slow, 2).await;
    if retried.len() < 2 {
        retried = fake.wait_sent(slow, 2).await;
    }
    assert_eq!(retried.len(), 2, "the 5xx was retried");
    assert!(retried[1].body["__error"].is_null());
    assert_eq!(text(&retried[0]), text(&retried[1]));
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(fake.sent_to(slow).len(), 2, "once after the retry");
}

/// Waits until nothing more is sent to `chat` for a second; returns how many were.
async fn quiet_count(fake: &FakeTelegram, chat: i64) -> usize {
    let until = Instant::now() + Duration::from_secs(30);
    let mut last = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = fake.sent_to(chat).len();
        if now == last || Instant::now() > until {
            return now;
        }
        last = now;
    }
}

/// The flood probes of issue 25 on Telegram: /start, invitation codes and shared contacts
/// again and again. Each is counted like any message: at most the limit's answers (5 here),
/// the one notice and the consent allowance (3, each at most two messages).
#[tokio::test]
async fn start_invitations_and_contacts_in_a_loop_are_bounded() {
    const PROBE: usize = 40;
    const BOUND: usize = 5 + 1 + 2 * 3;
    for db in databases() {
        let (fake, _server) = start(&db, &[("RENFORT_FLOOD_MAX", "5".into())]).await;
        let (starter, inviter, sharer) = (5_000_101, 5_000_102, 5_000_103);
        for i in 0..PROBE {
            fake.send_text(starter, "/start");
            fake.send_text(inviter, &format!("/start ref-guess{i}"));
            fake.send_contact(sharer, "33639978103", sharer);
        }
        let started = quiet_count(&fake, starter).await;
        let invited = quiet_count(&fake, inviter).await;
        let shared = quiet_count(&fake, sharer).await;
        eprintln!(
            "telegram flood probe: /start x{PROBE} -> {started}, invitations -> {invited}, contacts -> {shared}"
        );
        assert!((1..=BOUND).contains(&started), "/start: {started}");
        assert_eq!(invited, 6, "invitations: five answers, then the notice");
        assert_eq!(shared, 6, "contacts: five answers, then the notice");
        let last = fake.sent_to(inviter).pop().unwrap();
        assert!(text(&last).contains("pause"), "{}", text(&last));
    }
}
