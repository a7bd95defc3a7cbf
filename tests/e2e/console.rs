//! The web console in a real browser: Debian's chromium, driven by chromium-driver over
//! WebDriver (fantoccini), against `renfort serve` with the fake Twilio, on each backend.
//! Every page visited is checked by axe-core (vendored, see scripts/axe-core.sh) for WCAG 2.1
//! A and AA violations, and photographed at 1280 and 360 px (SQLite run) into docs/console/
//! with `RENFORT_CONSOLE_SHOTS=1 cargo test --test e2e console`, else into target/.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::sms::Rig;
use crate::staff::{ARRAS_REFERENT, MODERATOR, register_by_sms, say, wait_for};
use crate::support::{databases, free_port};

const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// chromium-driver on a free port, killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn driver_binary() -> &'static str {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("chromium-driver is installed (apt-get install chromium chromium-driver; .ci/run does it)")
}

async fn browser() -> (Driver, Client) {
    // fantoccini's client is built on rustls, which needs a process-wide provider when more
    // than one is compiled in (the test crate's ring, a dependency's aws-lc).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let port = free_port();
    let child = Command::new(driver_binary())
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, port };
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1280,900", "--lang=fr-FR"],
            // The console answers in the browser's language before a session says it.
            "prefs": {"intl.accept_languages": "fr-FR,fr"},
        }),
    );
    for _ in 0..100 {
        if let Ok(client) = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            return (driver, client);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not answer");
}

/// axe-core's WCAG 2.1 A/AA violations on the page shown, as "rule: target" lines.
async fn violations(client: &Client) -> Vec<String> {
    client
        .execute(&format!("{AXE}\nreturn true;"), vec![])
        .await
        .expect("axe-core loads");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
               .then(r => done(r.violations.map(v => v.id + ': ' +
                    v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    result
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Checks the page shown for accessibility and, when `shots` is set, photographs it as
/// `docs/console/{name}-1280.png` and `-360.png`. Returns the result line for the report.
async fn audit(client: &Client, name: &str, shots: bool) -> String {
    let found = violations(client).await;
    assert!(
        found.is_empty(),
        "{name}: accessibility violations {found:?}"
    );
    if shots {
        // Into docs/console when asked (RENFORT_CONSOLE_SHOTS=1: the README's pictures),
        // else under target/, so that a test run leaves the checkout as it found it.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = match std::env::var_os("RENFORT_CONSOLE_SHOTS") {
            Some(_) => root.join("docs/console"),
            None => root.join("target/console-shots"),
        };
        std::fs::create_dir_all(&dir).unwrap();
        for (width, height) in [(1280u32, 900u32), (360, 780)] {
            client.set_window_size(width, height).await.unwrap();
            // The 360 px layout must not scroll sideways: everything fits the phone's width.
            let wide: i64 = client
                .execute("return document.documentElement.scrollWidth;", vec![])
                .await
                .unwrap()
                .as_i64()
                .unwrap();
            if width == 360 {
                assert!(wide <= 360 + 1, "{name}: {wide} px wide at 360");
                // And axe again at that width: reflowed content counts too.
                let found = violations(client).await;
                assert!(found.is_empty(), "{name} at 360 px: {found:?}");
            }
            let png = client.screenshot().await.unwrap();
            std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
        }
        client.set_window_size(1280, 900).await.unwrap();
    }
    eprintln!("axe {name}: 0 violations (WCAG 2.1 A/AA)");
    format!("{name}: 0 violations")
}

/// The link in a CONSOLE reply, pointed at the test server.
fn login_link(body: &str, base: &str) -> String {
    let start = body.find("https://").expect("a link in the reply");
    let link: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link.replace("https://renfort.test", base)
}

async fn text_of(client: &Client) -> String {
    client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Clicks a submit button and waits for the page it leads to: the old page's `main` goes
/// stale (a WebDriver click does not wait for the navigation it starts), then the new page
/// is loaded.
async fn click(client: &Client, css: &str) {
    let old = client.find(Locator::Css("main")).await.unwrap();
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        if old.text().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for _ in 0..200 {
        let state = client
            .execute("return document.readyState;", vec![])
            .await
            .ok();
        if state == Some(json!("complete")) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{css}: no page after the click");
}

/// Opens a CONSOLE link and signs in with its button; the link is spent.
async fn sign_in(client: &Client, link: &str, shots: bool) {
    client.delete_all_cookies().await.unwrap();
    client.goto(link).await.unwrap();
    let page = text_of(client).await;
    assert!(page.contains("Ce lien ne sert qu'une fois"), "{page}");
    audit(client, "login", shots).await;
    click(client, "main form button").await;
}

#[tokio::test]
async fn moderators_and_referents_work_in_the_console() {
    let (_driver, client) = browser().await;
    for (n, db) in databases().into_iter().enumerate() {
        let shots = n == 0;
        let rig = Rig::start_with(&db, &[], None).await;
        let base = rig.server.base.clone();
        let people = [
            ("+33639980301", "Amandine"),
            ("+33639980302", "Bruno"),
            ("+33639980303", "Chloé"),
        ];
        for (phone, name) in people {
            register_by_sms(&rig, phone, name).await;
        }

        // CONSOLE from someone who is not staff: the ordinary answer, no link.
        let stranger = say(&rig, "+33639980399", "CONSOLE", "").await;
        assert!(!stranger.body.contains("/console/"), "{}", stranger.body);

        // A moderator asks for a link and signs in.
        let reply = say(&rig, MODERATOR, "CONSOLE", "console").await;
        let link = login_link(&reply.body, &base);
        sign_in(&client, &link, shots).await;
        let home = text_of(&client).await;
        assert!(home.contains("3 bénévoles en attente"), "{home}");
        audit(&client, "moderator-home", shots).await;

        // The link is spent: a second use is refused.
        client.goto(&link).await.unwrap();
        assert!(text_of(&client).await.contains("déjà servi"));
        audit(&client, "link-spent", shots).await;

        // The queue: tick every volunteer, validate in one action.
        client
            .goto(&format!("{base}/console/queue?kind=volunteer"))
            .await
            .unwrap();
        let queue = text_of(&client).await;
        for (_, name) in people {
            assert!(queue.contains(name), "{name} in {queue}");
        }
        // What each said of when they are free, on the line (no age was asked of them).
        assert_eq!(queue.matches("Dispo : ").count(), people.len(), "{queue}");
        audit(&client, "queue", shots).await;
        // Ticked one by one (by the page's own click events: element handles have been seen
        // to go stale in headless chromium after a resize).
        let ticked = client
            .execute(
                "const boxes = document.querySelectorAll('input[name=item]');
                 boxes.forEach(b => b.click());
                 return Array.from(boxes).filter(b => b.checked).length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(ticked, json!(people.len()));
        click(&client, "button[value=approve]").await;
        let done = text_of(&client).await;
        assert!(done.contains("3 éléments validés"), "{done}");
        for (phone, _) in people {
            wait_for(&rig, phone, 0, "inscription est validée").await;
        }

        // A refusal taken back: one more person, refused by mistake, then "Annuler ce refus".
        let denis = "+33639980304";
        register_by_sms(&rig, denis, "Denis").await;
        client
            .goto(&format!("{base}/console/queue?kind=volunteer"))
            .await
            .unwrap();
        let ticked = client
            .execute(
                "const boxes = document.querySelectorAll('input[name=item]');
                 boxes.forEach(b => b.click());
                 return boxes.length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(ticked, json!(1));
        client
            .find(Locator::Id("reason"))
            .await
            .unwrap()
            .send_keys("Hors du département")
            .await
            .unwrap();
        let before = rig.to(denis).len();
        click(&client, "button[value=refuse]").await;
        assert!(text_of(&client).await.contains("1 élément refusé"));
        audit(&client, "queue-refused", shots).await;
        click(&client, "form[action='/console/queue/undo'] button").await;
        let undone = text_of(&client).await;
        assert!(undone.contains("Refus annulé avant son envoi"), "{undone}");
        assert!(text_of(&client).await.contains("Denis"), "pending again");
        // Past the refusal's delay: Denis never heard of it, nor of an apology.
        tokio::time::sleep(std::time::Duration::from_secs(
            crate::support::UNDO_WINDOW_SECS + 3,
        ))
        .await;
        let heard: Vec<String> = rig.to(denis)[before..]
            .iter()
            .map(|m| m.body.clone())
            .collect();
        assert!(heard.is_empty(), "{heard:?}");

        // The API lists the same journal: three decisions, through the console, by whom.
        let cli = crate::support::Renfort {
            database_url: db.clone(),
        };
        let admin = cli.run(&["token", "create", "--role", "admin"]);
        let lines: Vec<Value> = reqwest::Client::new()
            .get(format!("{base}/api/v1/journal?departement=62"))
            .bearer_auth(admin.trim())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let by_console: Vec<&Value> = lines
            .iter()
            .filter(|l| l["path"] == "console" && l["action"] == "validated")
            .collect();
        assert_eq!(by_console.len(), 3, "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l["path"] == "console" && l["action"] == "undone"),
            "{lines:?}"
        );
        assert!(by_console.iter().all(|l| l["actor_kind"] == "moderator"));

        // The volunteer's page: profile and messages with their delivery state.
        client
            .goto(&format!("{base}/console/journal"))
            .await
            .unwrap();
        let journal = text_of(&client).await;
        assert!(journal.matches("validé").count() >= 3, "{journal}");
        assert!(journal.contains("console"), "{journal}");
        audit(&client, "journal", shots).await;
        client
            .find(Locator::Css("main table a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let page = text_of(&client).await;
        assert!(page.contains("Messages échangés"), "{page}");
        assert!(page.contains("Arras"), "{page}");
        audit(&client, "volunteer", shots).await;
        for (path, name) in [
            ("/console/structures", "structures"),
            ("/console/figures", "figures"),
        ] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            audit(&client, name, shots).await;
        }

        // A structure's page: its referents, and a Telegram invitation made for one.
        client
            .goto(&format!("{base}/console/structures"))
            .await
            .unwrap();
        click(&client, "main table a").await;
        click(&client, "form.inline button").await;
        let invited = text_of(&client).await;
        assert!(invited.contains("/start ref-"), "{invited}");
        audit(&client, "structure", shots).await;

        // Text written by others is shown as text: a structure named like markup, created
        // through the API, is escaped on the moderator's pages (and the CSP forbids inline
        // handlers anyway).
        let hostile = "<img src=x onerror=alert(1)>";
        let created = reqwest::Client::new()
            .post(format!("{base}/api/v1/structures"))
            .bearer_auth(admin.trim())
            .json(&json!({"name": hostile, "kind": "association", "departement": "62", "insee": "62041"}))
            .send()
            .await
            .unwrap();
        assert!(created.status().is_success(), "{}", created.status());
        client
            .goto(&format!("{base}/console/structures"))
            .await
            .unwrap();
        let source = client.source().await.unwrap();
        assert!(!source.contains("<img src=x"), "markup of a name rendered");
        assert!(source.contains("&lt;img src=x"), "name escaped");
        assert!(text_of(&client).await.contains(hostile));
        assert!(client.find(Locator::Css("main img")).await.is_err());

        // A forged cross-site POST: a page of another origin submits a form to the console.
        client
            .goto(&format!(
                "data:text/html,<form method=post action='{base}/console/queue/decide'>\
                 <input name=action value=approve></form>"
            ))
            .await
            .unwrap();
        client
            .execute("document.forms[0].submit(); return true;", vec![])
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let refused = text_of(&client).await;
        assert!(refused.contains("ne vient pas de la console"), "{refused}");

        // A volunteer offers to help with a mission of the CCAS d'Arras.
        let (volunteer, _) = people[0];
        say(&rig, volunteer, "MISSIONS", "").await;
        let before = rig.to(ARRAS_REFERENT).len();
        rig.sms(volunteer, "OUI 1").await;
        wait_for(&rig, ARRAS_REFERENT, before, "veut aider").await;

        // The referent signs in on the same browser (the moderator's session is left).
        let reply = say(&rig, ARRAS_REFERENT, "CONSOLE", "console").await;
        sign_in(&client, &login_link(&reply.body, &base), false).await;
        let home = text_of(&client).await;
        assert!(home.contains("1 proposition d'aide attend"), "{home}");
        audit(&client, "referent-home", shots).await;

        // A mission whose place is ambiguous: the choices are listed, what was typed kept.
        client
            .goto(&format!("{base}/console/missions/new"))
            .await
            .unwrap();
        audit(&client, "mission-new", shots).await;
        client
            .find(Locator::Id("title"))
            .await
            .unwrap()
            .send_keys("Distribution de colis")
            .await
            .unwrap();
        client
            .find(Locator::Id("place"))
            .await
            .unwrap()
            .send_keys("62000")
            .await
            .unwrap();
        click(&client, "form.stack button[type=submit]").await;
        let errors = text_of(&client).await;
        assert!(errors.contains("Dainville"), "{errors}");
        assert!(errors.contains("Arras"), "{errors}");
        audit(&client, "mission-ambiguous", shots).await;
        let place = client.find(Locator::Id("place")).await.unwrap();
        place.clear().await.unwrap();
        place.send_keys("Dainville").await.unwrap();
        click(&client, "form.stack button[type=submit]").await;
        let missions = text_of(&client).await;
        assert!(missions.contains("Distribution de colis"), "{missions}");
        audit(&client, "missions", shots).await;

        // Its title rewritten from the page; a title with an invisible character is refused.
        let section = client
            .find(Locator::XPath("//section[h2='Distribution de colis']"))
            .await
            .unwrap()
            .attr("aria-labelledby")
            .await
            .unwrap()
            .unwrap();
        let within = |css: &str| format!("section[aria-labelledby={section}] {css}");
        for (typed, said, shown) in [
            (
                "Colis\u{200b} du samedi",
                "Texte non enregistré",
                "Distribution de colis",
            ),
            ("Colis du samedi", "C'est enregistré", "Colis du samedi"),
        ] {
            client
                .find(Locator::Css(&within("details summary")))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            let title = client
                .find(Locator::Css(&within("input[name=title]")))
                .await
                .unwrap();
            title.clear().await.unwrap();
            title.send_keys(typed).await.unwrap();
            click(&client, &within("button[value=text]")).await;
            let page = text_of(&client).await;
            assert!(
                page.contains(said) && page.contains(shown),
                "{typed:?}: {page}"
            );
        }
        audit(&client, "missions-edited", shots).await;

        // A CSV of missions: a bad line is named and nothing is written; fixed, it imports.
        let csv = std::env::temp_dir().join(format!("renfort-missions-{}.csv", std::process::id()));
        let upload = |body: &str| {
            std::fs::write(&csv, body).unwrap();
            csv.to_str().unwrap().to_string()
        };
        let header = "domain,title,description,place,remote,places,schedule,starts_on,ends_on,ref";
        client
            .goto(&format!("{base}/console/missions/import"))
            .await
            .unwrap();
        audit(&client, "missions-import", shots).await;
        let path = upload(&format!(
            "{header}\n1,Tri de dons,,Arras,no,2,le matin,,,csv-1\n1,,,Arras,no,2,,,,csv-2\n"
        ));
        client
            .find(Locator::Id("file"))
            .await
            .unwrap()
            .send_keys(&path)
            .await
            .unwrap();
        click(&client, "main form.stack button[type=submit]").await;
        let refused = text_of(&client).await;
        assert!(
            refused.contains("Rien n'est importé") && refused.contains("Ligne 3"),
            "{refused}"
        );
        assert!(!refused.contains("Ligne 2"), "{refused}");
        audit(&client, "missions-import-errors", shots).await;
        let path = upload(&format!(
            "{header}\n1,Tri de dons,,Arras,no,2,le matin,,,csv-1\n1,Collecte du samedi,,Arras,no,2,,,,csv-2\n"
        ));
        client
            .find(Locator::Id("file"))
            .await
            .unwrap()
            .send_keys(&path)
            .await
            .unwrap();
        click(&client, "main form.stack button[type=submit]").await;
        let imported = text_of(&client).await;
        assert!(imported.contains("2 missions ajoutées"), "{imported}");
        assert!(
            imported.contains("Tri de dons") && imported.contains("Collecte du samedi"),
            "{imported}"
        );
        std::fs::remove_file(&csv).ok();

        // The intent, answered from the page: the volunteer hears it.
        client
            .goto(&format!("{base}/console/intents"))
            .await
            .unwrap();
        let intents = text_of(&client).await;
        assert!(intents.contains("Amandine"), "{intents}");
        audit(&client, "intents", shots).await;

        // Before deciding, the referent writes to the volunteer from the page: the volunteer
        // gets the text by SMS (never the referent's number), and their answer comes back to
        // the referent's phone.
        let before = rig.to(volunteer).len();
        client
            .find(Locator::Css("main textarea[name=text]"))
            .await
            .unwrap()
            .send_keys("Pouvez-vous venir samedi a 9h ?")
            .await
            .unwrap();
        click(&client, "main form.stack button[type=submit]").await;
        let sent = text_of(&client).await;
        assert!(sent.contains("Message envoyé au bénévole"), "{sent}");
        let relayed = wait_for(&rig, volunteer, before, "samedi a 9h").await;
        assert!(
            relayed.body.contains("\"Pouvez-vous venir samedi a 9h ?\""),
            "{}",
            relayed.body
        );
        assert!(!relayed.body.contains(ARRAS_REFERENT), "{}", relayed.body);
        let heard = rig.to(ARRAS_REFERENT).len();
        rig.sms(volunteer, "Oui samedi c'est parfait").await;
        let answer = wait_for(&rig, ARRAS_REFERENT, heard, "samedi c'est parfait").await;
        assert!(answer.body.contains("Amandine"), "{}", answer.body);
        // The thread, on the offer: both messages, the referent's first.
        client
            .goto(&format!("{base}/console/intents"))
            .await
            .unwrap();
        let page = text_of(&client).await;
        assert!(page.contains("2 messages échangés"), "{page}");
        let source = client.source().await.unwrap();
        let asked = source
            .find("Pouvez-vous venir samedi a 9h ?")
            .expect("question shown");
        let answered = source
            .find("Oui samedi c&#39;est parfait")
            .or_else(|| source.find("Oui samedi c'est parfait"))
            .expect("answer shown");
        assert!(asked < answered);
        audit(&client, "intents-thread", shots).await;

        let before = rig.to(volunteer).len();
        click(&client, "button[value=accepted]").await;
        assert!(text_of(&client).await.contains("aide acceptée"));
        let told = wait_for(&rig, volunteer, before, "").await;
        eprintln!("volunteer < {}", told.body);

        // Another structure's or a moderator's page: missing, as if it did not exist.
        for path in [
            "/console/structures/2",
            "/console/volunteers/1",
            "/console/queue",
        ] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            let body = text_of(&client).await;
            assert!(
                body.contains("Page introuvable") || body.contains("n'existe pas"),
                "{path}: {body}"
            );
        }
        audit(&client, "not-found", shots).await;
    }
    client.close().await.unwrap();
}

/// The login link and session rules, from outside the browser: status codes, cookie
/// attributes, the form token, logout and revocation by the CLI.
#[tokio::test]
async fn login_links_and_sessions_hold_their_rules() {
    for db in databases() {
        let rig = Rig::start_with(&db, &[], None).await;
        let base = rig.server.base.clone();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let reply = say(&rig, MODERATOR, "CONSOLE", "console").await;
        let link = login_link(&reply.body, &base);
        let token = link.rsplit('/').next().unwrap();
        assert!(token.len() >= 32, "at least 128 bits: {token}");

        // A GET (a link preview) does not spend it.
        for _ in 0..2 {
            let r = http.get(&link).send().await.unwrap();
            assert_eq!(r.status(), 200);
            let csp = r.headers()["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
            assert_eq!(r.headers()["x-frame-options"], "DENY");
        }
        // A POST from elsewhere does not either.
        let r = http
            .post(&link)
            .header("origin", "https://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = http.post(&link).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("__Host-renfort="), "{cookie}");
        for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attribute), "{attribute} in {cookie}");
        }
        let session = cookie.split(';').next().unwrap().to_string();
        // Spent: once only.
        assert_eq!(http.post(&link).send().await.unwrap().status(), 410);

        let home = http
            .get(format!("{base}/console"))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(home.status(), 200);
        let html = home.text().await.unwrap();
        let csrf: String = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        // Without the form token, or with another's: refused.
        for form in [String::new(), "csrf=0000".to_string()] {
            let r = http
                .post(format!("{base}/console/queue/decide"))
                .header("cookie", &session)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403);
        }

        // The CLI lists the session and ends it: the next page asks to sign in.
        let cli = crate::support::Renfort {
            database_url: db.clone(),
        };
        let list: Vec<Value> =
            serde_json::from_str(&cli.run(&["console", "sessions", "--json"])).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["live"], true);
        assert!(!list[0].to_string().contains(token));
        let id = list[0]["id"].to_string();
        cli.run(&["console", "revoke", &id]);
        let r = http
            .get(format!("{base}/console"))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);

        // Logout ends a session too.
        let reply = say(&rig, MODERATOR, "CONSOLE", "console").await;
        let link = login_link(&reply.body, &base);
        let r = http.post(&link).send().await.unwrap();
        let session = r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let _ = csrf;
        let html = http
            .get(format!("{base}/console"))
            .header("cookie", &session)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf: String = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        let r = http
            .post(format!("{base}/console/logout"))
            .header("cookie", &session)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let r = http
            .get(format!("{base}/console"))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
}
