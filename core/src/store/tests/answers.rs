//! Issue 24 through the store, on every backend: where Renfort is open (settings, moderators
//! for several départements or all, figures), and questions that reach a person.

use super::*;
use crate::domain::ValidationRule;
use crate::store::staff;

async fn set(app: &Renfort, dep: &str, closed: Option<bool>, rule: Option<ValidationRule>) {
    let mut tx = app.store.begin().await.unwrap();
    staff::set_departement(&mut tx, dep, closed, rule, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn name_moderator(app: &Renfort, phone: &str, deps: &str) {
    let mut tx = app.store.begin().await.unwrap();
    staff::name_moderator(&mut tx, "Modératrice", Channel::Sms, phone, deps)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn texts(out: &[OutboxMessage]) -> String {
    out.iter()
        .map(|m| format!("{} {}", m.address, m.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn departements_open_or_not_with_moderators_for_several_or_all() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        // The demo: 62 open (a moderator), 80 not.
        let s = app.store.stats(Some("80")).await.unwrap();
        assert_eq!(s.coverage.open, Some(false));
        assert_eq!(s.coverage.moderators, Some(0));
        assert_eq!(s.coverage.open_departements, ["62"]);
        let s = app.store.stats(Some("62")).await.unwrap();
        assert_eq!(s.coverage.open, Some(true));
        assert_eq!(s.coverage.validation.as_deref(), Some("required"));
        // A volunteer in Amiens is told at once, and nothing waits for nobody.
        let phone = "+33639980071";
        for t in ["Bonjour", "oui", "Paul"] {
            say(&app, phone, t).await;
        }
        let told = say(&app, phone, "Amiens").await;
        assert!(
            texts(&told).contains("ouvert dans : Pas-de-Calais (62), pas encore dans le 80"),
            "{}",
            texts(&told)
        );
        for t in ["oui", "1", "soirs"] {
            say(&app, phone, t).await;
        }
        let out = say(&app, phone, "Il faut des gants ?").await;
        assert_eq!(out.len(), 1, "nobody to relay to: {}", texts(&out));
        assert!(out[0].text.contains("pas encore ouvert"), "{}", out[0].text);

        // A moderator named for 59 and 80 opens both; the volunteer's question reaches them.
        let moderator = "+33639989950";
        name_moderator(&app, moderator, "59 80").await;
        let s = app.store.stats(Some("80")).await.unwrap();
        assert_eq!(s.coverage.open, Some(true));
        assert_eq!(s.coverage.moderators, Some(1));
        assert_eq!(s.coverage.open_departements, ["59", "62", "80"]);
        let out = say(&app, phone, "Il faut des gants ?").await;
        let to_moderator = out
            .iter()
            .find(|m| m.address == moderator)
            .expect("relayed");
        assert!(
            to_moderator.text.contains("Il faut des gants ?")
                && to_moderator.text.contains("06 39 98 00 71"),
            "{}",
            to_moderator.text
        );
        assert!(texts(&out).contains("modérateurs du 80"), "{}", texts(&out));
        // Their queue has the volunteer who registered before they were named.
        let queue = app.store.moderation_queue(Some("80")).await.unwrap();
        assert_eq!(queue.len(), 1);

        // Closed by the operator: not open, whatever the moderators.
        set(&app, "80", Some(true), None).await;
        let s = app.store.stats(Some("80")).await.unwrap();
        assert_eq!(s.coverage.open, Some(false));
        assert_eq!(s.coverage.validation.as_deref(), Some("closed"));
        let out = say(&app, phone, "Il faut des gants ?").await;
        assert!(out.iter().all(|m| m.address == phone), "{}", texts(&out));

        // A moderator for all opens every département not closed.
        name_moderator(&app, "+33639989951", "*").await;
        let s = app.store.stats(Some("974")).await.unwrap();
        assert_eq!(s.coverage.open, Some(true));
        assert!(s.coverage.moderated_everywhere);
        assert_eq!(
            app.store.stats(Some("80")).await.unwrap().coverage.open,
            Some(false)
        );
        set(&app, "80", Some(false), Some(ValidationRule::Auto)).await;
        let s = app.store.stats(Some("80")).await.unwrap();
        assert_eq!(s.coverage.validation.as_deref(), Some("auto"));
    }
}

#[tokio::test]
async fn a_question_during_an_intent_reaches_the_structure_with_the_alert_number() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let phone = "+33639980072";
        register(&app, phone, "Lina", "Arras").await;
        say(&app, phone, "MISSIONS").await;
        let alert = say(&app, phone, "Oui pour la 1 !").await;
        let referent = alert
            .iter()
            .find(|m| m.address.starts_with("+33639981"))
            .expect("referent alerted")
            .address
            .clone();
        let out = say(&app, phone, "Est-ce que je dois apporter des gants ?").await;
        let question = out
            .iter()
            .find(|m| m.address == referent)
            .unwrap_or_else(|| panic!("{}", texts(&out)));
        assert!(
            question.text.contains("question de Lina") && question.text.contains("MSG "),
            "{}",
            question.text
        );
        assert!(
            out.iter()
                .any(|m| m.address == phone && m.text.contains("transmise à la structure")),
            "{}",
            texts(&out)
        );
        // "annuler 1" without MES MISSIONS first: that offer is withdrawn.
        let out = say(&app, phone, "annuler 1").await;
        assert!(
            out.iter().any(|m| m.address == referent),
            "structure told: {}",
            texts(&out)
        );
    }
}

#[tokio::test]
async fn a_refused_mission_is_told_to_its_structures_referents() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let mission = pending_mission(&app, "Courses du mardi", "Arras", 4).await;
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Mission, mission, false, None, NOW)
            .await
            .unwrap();
        let out = app.store.messages_after(last).await.unwrap();
        assert!(
            !out.is_empty()
                && out.iter().all(|m| m.address.starts_with("+33639981")
                    && m.text.contains("\"Courses du mardi\" est refusée")),
            "{}",
            texts(&out)
        );
    }
}

#[tokio::test]
async fn the_alert_says_the_volunteer_speaks_english() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let phone = "+33639980074";
        for t in [
            "Hi, I'd like to volunteer",
            "yes",
            "Tom",
            "Arras",
            "yes",
            "1",
            "evenings",
        ] {
            say(&app, phone, t).await;
        }
        say(&app, phone, "MISSIONS").await;
        let out = say(&app, phone, "yes for number 1").await;
        let alert = out
            .iter()
            .find(|m| m.address.starts_with("+33639981"))
            .unwrap_or_else(|| panic!("{}", texts(&out)));
        assert!(alert.text.contains("Parle anglais"), "{}", alert.text);
    }
}

/// QUI lists who waits, with first names and missions; "OK pour Lina" answers her alert, and
/// the volunteer is told; a name that waits for nothing records nothing.
#[tokio::test]
async fn a_referent_asks_who_and_answers_by_first_name() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let (lina, hugo) = ("+33639980076", "+33639980077");
        register(&app, lina, "Lina", "Arras").await;
        register(&app, hugo, "Hugo", "Arras").await;
        // Room for both on the same mission.
        sqlx::query("UPDATE missions SET places = places + 5")
            .execute(app.store.pool())
            .await
            .unwrap();
        say(&app, lina, "MISSIONS").await;
        let alert = say(&app, lina, "OUI 1").await;
        let referent = alert
            .iter()
            .find(|m| m.address.starts_with("+33639981"))
            .expect("referent alerted")
            .address
            .clone();
        let list = say(&app, hugo, "MISSIONS").await;
        let hugo_alert = say(&app, hugo, "OUI 1").await;
        assert!(
            hugo_alert.iter().any(|m| m.address == referent),
            "{}\n{}",
            texts(&list),
            texts(&hugo_alert)
        );
        let to = |out: &[OutboxMessage], address: &str| -> String {
            out.iter()
                .filter(|m| m.address == address)
                .map(|m| m.text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let who = to(&say(&app, &referent, "qui est-ce ?").await, &referent);
        assert!(
            who.contains("2 bénévoles attendent")
                && who.contains("Lina, ")
                && who.contains("Hugo, "),
            "{who}"
        );
        let statuses = || async {
            sqlx::query_scalar::<_, String>("SELECT status FROM participations ORDER BY id")
                .fetch_all(app.store.pool())
                .await
                .unwrap()
        };
        let before = statuses().await;
        let out = say(&app, &referent, "ok pour Marcel").await;
        assert!(to(&out, lina).is_empty() && to(&out, hugo).is_empty());
        assert_eq!(
            statuses().await,
            before,
            "nothing recorded for a stranger's name"
        );
        let out = say(&app, &referent, "ok pour Lina mais pas pour Hugo").await;
        let said = to(&out, &referent);
        assert!(
            said.contains("aide acceptée") && said.contains("Pour Hugo"),
            "{said}"
        );
        assert!(
            to(&out, lina).contains("confirme votre aide"),
            "{}",
            texts(&out)
        );
        assert!(to(&out, hugo).is_empty(), "{}", texts(&out));
        let after = statuses().await;
        assert_eq!(
            after.iter().filter(|s| *s == "accepted").count(),
            1,
            "{after:?}"
        );
    }
}

/// A moderator's refusal taken back with ANNULER right after: the volunteer is pending again,
/// their held offer too, and never heard of the refusal (its notice waits out the undo
/// window and is withdrawn unsent); the journal says so; later than the window, or twice,
/// nothing, and the notice leaves when its delay is over.
#[tokio::test]
async fn a_refusal_is_undone_right_after_and_only_then() {
    use crate::engine::staff::moderator::{UNDO_WINDOW, refusal_notice_delay};
    const REFUSAL_NOTICE_DELAY: i64 = refusal_notice_delay(UNDO_WINDOW);
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let moderator = "+33639989901";
        let phone = "+33639980078";
        let id = register(&app, phone, "Inès", "Arras").await;
        say(&app, phone, "MISSIONS").await;
        say(&app, phone, "OUI 1").await;
        let at = |from: &'static str, text: String, now: i64| {
            let app = &app;
            async move {
                let last = app.store.last_message_id().await.unwrap();
                app.handle_inbound(Channel::Sms, from, &unique("msg"), Event::Text(text), now)
                    .await
                    .unwrap();
                app.store.messages_after(last).await.unwrap()
            }
        };
        let status = || async {
            sqlx::query_scalar::<_, String>("SELECT status FROM volunteers WHERE id = $1")
                .bind(id)
                .fetch_one(app.store.pool())
                .await
                .unwrap()
        };
        let offer = || async {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT p.status, m.places_taken FROM participations p \
                 JOIN missions m ON m.id = p.mission_id WHERE p.volunteer_id = $1",
            )
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
        };
        let (held, taken) = offer().await;
        assert_eq!(held, "held");
        // What is due to the volunteer by `now`, as a sender would see it.
        let due_to_her = |now: i64| {
            let app = &app;
            async move {
                app.store
                    .due_messages(None, now, 100)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|m| m.address == phone)
                    .map(|m| m.text)
                    .collect::<Vec<_>>()
            }
        };
        let refuse = format!("mod:refuse:volunteer:{id}");
        let out = at(moderator, refuse.clone(), NOW).await;
        let said = texts(&out);
        assert!(
            out.iter()
                .any(|m| m.address == moderator && m.text.contains("part dans 15 min")),
            "{said}"
        );
        assert_eq!(status().await, "refused");
        assert_eq!(offer().await, ("cancelled".into(), taken - 1));
        // The refusal is queued, but nothing leaves during the undo window.
        assert!(out.iter().any(|m| m.address == phone), "{said}");
        assert!(due_to_her(NOW + UNDO_WINDOW).await.is_empty());

        // Five minutes later: undone; she never hears of it; the journal says who.
        let out = at(moderator, "Annuler".into(), NOW + 300).await;
        assert!(
            out.iter()
                .any(|m| m.address == moderator && m.text.contains("Refus annulé")),
            "{}",
            texts(&out)
        );
        assert!(out.iter().all(|m| m.address != phone), "{}", texts(&out));
        assert!(
            due_to_her(NOW + REFUSAL_NOTICE_DELAY + 1).await.is_empty(),
            "the withdrawn refusal never leaves"
        );
        assert_eq!(status().await, "pending");
        assert_eq!(offer().await, ("held".into(), taken), "her offer is back");
        let undone: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM journal WHERE action = 'undone' AND subject_id = $1",
        )
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(undone, 1);

        // Twice: nothing more.
        let out = at(moderator, "ANNULER".into(), NOW + 310).await;
        assert!(
            out.iter().all(|m| m.address == moderator) && texts(&out).contains("Rien à annuler"),
            "{}",
            texts(&out)
        );

        // Refused again, ANNULER after the window: the refusal stands, and leaves.
        at(moderator, refuse, NOW + 400).await;
        let out = at(moderator, "annuler".into(), NOW + 400 + UNDO_WINDOW + 1).await;
        assert!(texts(&out).contains("Rien à annuler"), "{}", texts(&out));
        assert_eq!(status().await, "refused");
        let due = due_to_her(NOW + 400 + REFUSAL_NOTICE_DELAY).await;
        assert!(
            due.len() == 1 && due[0].contains("pas été retenue"),
            "{due:?}"
        );
    }
}

/// A refused mission: its structure's referents hear of it once the undo window is over, with
/// the reason; a refusal undone in time never reaches them, and the mission is pending again.
#[tokio::test]
async fn a_refused_missions_notice_waits_out_the_undo_window() {
    use crate::engine::staff::moderator::{UNDO_WINDOW, refusal_notice_delay};
    const REFUSAL_NOTICE_DELAY: i64 = refusal_notice_delay(UNDO_WINDOW);
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let moderator = "+33639989901";
        let pending: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM missions WHERE status = 'pending' AND departement = '62' ORDER BY id",
        )
        .fetch_all(app.store.pool())
        .await
        .unwrap();
        assert!(pending.len() >= 2, "the demo has missions to validate");
        let referents = |mission: i64| {
            let app = &app;
            async move {
                let mut tx = app.store.begin().await.unwrap();
                let r = staff::referents_of_mission(&mut tx, mission).await.unwrap();
                tx.commit().await.unwrap();
                r.into_iter().map(|s| s.address).collect::<Vec<_>>()
            }
        };
        let due_to = |addresses: Vec<String>, now: i64| {
            let app = &app;
            async move {
                app.store
                    .due_messages(None, now, 500)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|m| addresses.contains(&m.address) && m.text.contains("refus"))
                    .map(|m| m.text)
                    .collect::<Vec<_>>()
            }
        };
        let at = |text: String, now: i64| {
            let app = &app;
            async move {
                app.handle_inbound(
                    Channel::Sms,
                    moderator,
                    &unique("msg"),
                    Event::Text(text),
                    now,
                )
                .await
                .unwrap();
            }
        };
        // Refused and left: the notice leaves after the window, reason included.
        let (kept, undone) = (pending[0], pending[1]);
        let told = referents(kept).await;
        assert!(!told.is_empty());
        at(format!("mod:refuse:mission:{kept}"), NOW).await;
        assert!(due_to(told.clone(), NOW + UNDO_WINDOW).await.is_empty());
        let due = due_to(told.clone(), NOW + REFUSAL_NOTICE_DELAY).await;
        assert_eq!(due.len(), told.len(), "{due:?}");
        assert!(due.iter().all(|t| t.contains("est refusée")), "{due:?}");

        // Refused, then ANNULER: nobody is ever told, the mission waits again.
        let others = referents(undone).await;
        at(format!("mod:refuse:mission:{undone}"), NOW + 10).await;
        at("ANNULER".into(), NOW + 70).await;
        let status: String = sqlx::query_scalar("SELECT status FROM missions WHERE id = $1")
            .bind(undone)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(status, "pending");
        let later = NOW + 10 + REFUSAL_NOTICE_DELAY + 3600;
        let heard: Vec<_> = due_to(others, later)
            .await
            .into_iter()
            .filter(|t| !due.contains(t))
            .collect();
        assert!(heard.is_empty(), "{heard:?}");
    }
}

/// A volunteer who said they are 16: the structure's alert says so before anyone calls.
#[tokio::test]
async fn the_alert_says_the_volunteer_is_a_minor() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let phone = "+33639980079";
        for t in [
            "Bonjour",
            "oui",
            "Chloé",
            "Arras",
            "j'ai 16 ans",
            "1 2 3 4",
            "le soir",
        ] {
            say(&app, phone, t).await;
        }
        let list = say(&app, phone, "MISSIONS").await;
        let out = say(&app, phone, "OUI 1").await;
        let alert = out
            .iter()
            .find(|m| m.address.starts_with("+33639981"))
            .unwrap_or_else(|| panic!("{}\n{}", texts(&list), texts(&out)));
        assert!(alert.text.contains("16 ans : mineur"), "{}", alert.text);
    }
}

/// A volunteer's question for the moderators can be answered by them through Renfort (MSG n,
/// n given with the question), by a moderator of the volunteer's département only.
#[tokio::test]
async fn a_moderator_answers_a_volunteers_question_through_renfort() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let moderator = "+33639989901";
        let phone = "+33639980081";
        let id = register(&app, phone, "Emma", "Arras").await;
        let out = say(&app, phone, "Est-ce que je peux venir en bus ?").await;
        let question = out
            .iter()
            .find(|m| m.address == moderator)
            .unwrap_or_else(|| panic!("{}", texts(&out)));
        let code = format!("MSG {id} ");
        assert!(question.text.contains(&code), "{}", question.text);
        let out = say(
            &app,
            moderator,
            &format!("MSG {id} Oui, l'arrêt est devant."),
        )
        .await;
        let to_her = out
            .iter()
            .find(|m| m.address == phone)
            .unwrap_or_else(|| panic!("{}", texts(&out)));
        assert!(
            to_her.text.contains("un modérateur du 62 vous répond")
                && to_her.text.contains("Oui, l'arrêt est devant."),
            "{}",
            to_her.text
        );
        assert!(
            out.iter()
                .any(|m| m.address == moderator && m.text.contains("C'est envoyé à Emma")),
            "{}",
            texts(&out)
        );
        // A moderator of another département cannot write to her through Renfort.
        name_moderator(&app, "+33639989977", "59").await;
        let out = say(&app, "+33639989977", &format!("MSG {id} Bonjour")).await;
        assert!(out.iter().all(|m| m.address != phone), "{}", texts(&out));
        assert!(texts(&out).contains("Pas de bénévole"), "{}", texts(&out));
    }
}

/// On Telegram without a phone, every answer that speaks of a call says the structure will
/// write instead (not only the confirmation of an offer).
#[tokio::test]
async fn on_telegram_without_a_phone_the_faq_promises_no_call() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let chat = "7770099";
        let mut last = Vec::new();
        for t in [
            "Bonjour",
            "oui",
            "Inès",
            "Arras",
            "oui",
            "1 2 3 4",
            "soirs",
            "Quand est-ce qu'ils vont m'appeler ?",
        ] {
            let before = app.store.last_message_id().await.unwrap();
            app.handle_inbound(
                Channel::Telegram,
                chat,
                &unique("tg"),
                Event::Text(t.into()),
                NOW,
            )
            .await
            .unwrap();
            last = app.store.messages_after(before).await.unwrap();
        }
        let said = texts(&last);
        assert!(said.contains("vous écrira ici"), "{said}");
        assert!(!said.contains("appellera"), "{said}");
    }
}

/// A structure's refusal tells nobody: undone, the moderator is not told someone was
/// apologised to.
#[tokio::test]
async fn an_undone_structure_refusal_apologises_to_nobody() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let moderator = "+33639989901";
        let id: i64 = sqlx::query_scalar(
            "SELECT id FROM structures WHERE status = 'pending' AND departement = '62' \
             ORDER BY id LIMIT 1",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        say(&app, moderator, &format!("mod:refuse:structure:{id}")).await;
        let out = say(&app, moderator, "ANNULER").await;
        let said = texts(&out);
        assert!(said.contains("Refus annulé"), "{said}");
        assert!(!said.contains("déjà été envoyé"), "{said}");
        assert_eq!(out.len(), 1, "{said}");
    }
}
