//! Staff by SMS, end to end (issue 12's journeys): `renfort serve` with the real twilio-async
//! client against the fake Twilio, and the real teloxide client against the fake Bot API.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_telegram::{FakeTelegram, NO_USERNAME};
use crate::fake_twilio::Received;
use crate::sms::Rig;
use crate::support::{Renfort, databases};
use crate::telegram::{TOKEN, expect, register, text};

pub(crate) const MODERATOR: &str = "+33639989901";
/// The demo's CCAS d'Arras referent (structure 0).
pub(crate) const ARRAS_REFERENT: &str = "+33639981000";
const WAIT: Duration = Duration::from_secs(15);

/// Waits for a message to `phone` after the first `after` that contains `needle` (other
/// messages, such as the daily digest, may arrive in between).
pub(crate) async fn wait_for(rig: &Rig, phone: &str, after: usize, needle: &str) -> Received {
    let until = Instant::now() + WAIT;
    loop {
        let got = rig.to(phone);
        if let Some(m) = got.iter().skip(after).find(|m| m.body.contains(needle)) {
            return m.clone();
        }
        assert!(
            Instant::now() < until,
            "no message to {phone} containing {needle:?}; got {:?}",
            got.iter().skip(after).map(|m| &m.body).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends an SMS from `from` and waits for its answer containing `needle`.
pub(crate) async fn say(rig: &Rig, from: &str, body: &str, needle: &str) -> Received {
    let before = rig.to(from).len();
    let (status, _) = rig.sms(from, body).await;
    assert_eq!(status, 200);
    let m = wait_for(rig, from, before, needle).await;
    eprintln!("{from} > {body}\n{from} < {}", m.body.replace('\n', " / "));
    m
}

pub(crate) async fn register_by_sms(rig: &Rig, phone: &str, name: &str) {
    for (input, expected) in [
        ("Bonjour", "Bienvenue sur Renfort"),
        ("oui", "prénom"),
        (name, name),
        ("62000", "Plusieurs communes"),
        ("1", "Arras"),
        ("oui", "Quelles missions"),
        ("1 3", "Dernière question"),
        ("le soir", "inscription est faite"),
    ] {
        let before = rig.to(phone).len();
        rig.sms(phone, input).await;
        wait_for(rig, phone, before, expected).await;
    }
}

#[tokio::test]
async fn an_sms_moderator_validates_two_volunteers_and_refuses_one() {
    for db in databases() {
        let rig = Rig::start_with(&db, &[], None).await;
        let people = [
            ("+33639980201", "Anne"),
            ("+33639980202", "Paul"),
            ("+33639980203", "Lea"),
        ];
        for (phone, name) in people {
            register_by_sms(&rig, phone, name).await;
        }
        let help = say(&rig, MODERATOR, "AIDE", "FILE").await;
        assert!(help.body.contains("VALIDER n"), "{}", help.body);

        let page = say(&rig, MODERATOR, "file", "à valider").await;
        assert!(
            page.body
                .contains("1. Anne (Arras) : aide alimentaire, lien avec les isolés"),
            "{}",
            page.body
        );
        assert!(page.body.contains("2. Paul (Arras)"), "{}", page.body);
        assert!(page.body.contains("3. Lea (Arras)"), "{}", page.body);
        assert!(
            page.body.contains("VALIDER 1 ou REFUSER 1 motif"),
            "{}",
            page.body
        );
        let (segments, encoding) = renfort_sms::gsm::segments(&page.body);
        assert!(segments <= 3, "{segments} segments");
        assert_eq!(encoding, renfort_sms::gsm::Encoding::Gsm7);

        let done = say(&rig, MODERATOR, "VALIDER 1", "C'est fait").await;
        assert!(
            done.body
                .starts_with("C'est fait : 1. Anne : inscription validée."),
            "{}",
            done.body
        );
        let anne = wait_for(&rig, people[0].0, 0, "inscription est validée").await;
        assert!(
            anne.body.starts_with("Bonne nouvelle, Anne"),
            "{}",
            anne.body
        );
        say(&rig, MODERATOR, "valider 2", "C'est fait").await;
        wait_for(&rig, people[1].0, 0, "inscription est validée").await;
        say(
            &rig,
            MODERATOR,
            "REFUSER 3 inscrite deux fois",
            "C'est fait",
        )
        .await;
        let lea = wait_for(&rig, people[2].0, 0, "pas été retenue").await;
        assert!(lea.body.contains(": inscrite deux fois."), "{}", lea.body);

        // Numbers refer to the FILE shown; a decided item stays decided.
        say(
            &rig,
            MODERATOR,
            "VALIDER 3",
            "La ligne 3 n'est plus en attente",
        )
        .await;
        say(&rig, MODERATOR, "VALIDER 40", "choisissez de 1 à").await;
        let again = say(&rig, MODERATOR, "FILE", "à valider").await;
        assert!(!again.body.contains("Anne"), "{}", again.body);
        for m in rig.to(MODERATOR) {
            assert_eq!(
                renfort_sms::gsm::segments(&m.body).1,
                renfort_sms::gsm::Encoding::Gsm7
            );
        }
    }
}

#[tokio::test]
async fn an_sms_referent_reaches_a_telegram_only_volunteer() {
    for db in databases() {
        let fake = FakeTelegram::start().await;
        let rig = Rig::start_with(
            &db,
            &[
                ("TELEGRAM_BOT_TOKEN", TOKEN.to_string()),
                ("TELEGRAM_API_URL", format!("{}/", fake.url)),
            ],
            None,
        )
        .await;
        let app = Renfort {
            database_url: db.clone(),
        };
        let volunteer = NO_USERNAME + 1;
        register(&fake, volunteer).await;
        let queue: Vec<Value> =
            serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
        let id = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
        app.run(&["moderation", "approve", "volunteer", &id]);
        expect(&fake, volunteer, 8).await;
        fake.send_text(volunteer, "/missions");
        let list = expect(&fake, volunteer, 9).await;
        fake.tap(volunteer, &FakeTelegram::as_message(&list), "OUI 1");
        // No phone: one confirmation says to share it, or the structure writes here.
        let offer = expect(&fake, volunteer, 10).await;
        assert!(
            text(&offer).contains("Partagez votre numéro") && text(&offer).contains("écrira ici"),
            "{}",
            text(&offer)
        );

        let alert = wait_for(&rig, ARRAS_REFERENT, 0, "veut aider").await;
        eprintln!("referent < {}", alert.body);
        assert!(alert.body.contains("sans téléphone"), "{}", alert.body);
        assert!(
            !alert.body.contains(&volunteer.to_string()),
            "chat id shown"
        );
        let code: String = alert
            .body
            .split("MSG ")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();

        // The only pending alert: no number needed.
        let called = say(&rig, ARRAS_REFERENT, "APPELE", "C'est noté").await;
        assert!(
            called.body.contains(&format!("alerte {code}")),
            "{}",
            called.body
        );
        say(
            &rig,
            ARRAS_REFERENT,
            &format!("MSG {code} Bonjour Marie, pouvez-vous venir mardi a 9h ?"),
            "Message transmis à Marie",
        )
        .await;
        let relayed = expect(&fake, volunteer, 11).await;
        assert!(
            text(&relayed).contains("\"Bonjour Marie, pouvez-vous venir mardi a 9h ?\""),
            "{}",
            text(&relayed)
        );
        fake.send_text(volunteer, "Oui mardi 9h c'est parfait");
        let delivered = expect(&fake, volunteer, 12).await;
        assert!(
            text(&delivered).contains("transmis"),
            "{}",
            text(&delivered)
        );
        let answer = wait_for(&rig, ARRAS_REFERENT, 0, "réponse de Marie").await;
        assert!(
            answer.body.contains("\"Oui mardi 9h c'est parfait\""),
            "{}",
            answer.body
        );
        eprintln!("referent < {}", answer.body);
        say(&rig, ARRAS_REFERENT, &format!("ok{code}"), "aide acceptée").await;
        let news = expect(&fake, volunteer, 13).await;
        assert!(
            text(&news).contains("confirme votre aide"),
            "{}",
            text(&news)
        );
        for m in rig.to(ARRAS_REFERENT) {
            assert!(!m.body.contains(&volunteer.to_string()), "{}", m.body);
        }
    }
}
