//! Issue 25, hostile text, through the binary on every backend: import refuses what is not
//! text, a token label holding it is refused, and the operator's listings show stored text
//! (older rows may hold anything) as codes, never as terminal controls.

use renfort_core::principal::Principal;
use renfort_core::store::Store;

use crate::support::{Renfort, databases, unique};

/// An OSC 8 hyperlink: what the review hid in `moderation list`.
const LINK: &str = "Croix\u{1b}]8;;https://evil.test\u{1b}\\Rouge\u{1b}]8;;\u{1b}\\";

/// Whether a terminal would obey or hide something in `out`.
fn hostile(out: &str) -> bool {
    out.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{2028}' | '\u{2029}')
    })
}

#[tokio::test]
async fn listings_show_codes_and_inputs_refuse_what_is_not_text() {
    for db in databases() {
        let cli = Renfort {
            database_url: db.clone(),
        };
        cli.run(&["seed", "demo"]);

        // Import: a bidi override, a zero-width space, a BOM, a line separator are refused
        // with their line and field, and nothing is imported.
        let dir = std::env::temp_dir().join(unique("import25"));
        std::fs::create_dir_all(&dir).unwrap();
        let csv = "structure,domain,title,description,place,remote,places,schedule,starts_on,ends_on,ref\n\
             demo-s-00,1,Tri \u{202e}snod,,Arras,,3,,,,\n\
             demo-s-00,1,Tri\u{200b}dons,,Arras,,3,,,,\n\
             \u{feff}demo-s-00,1,Tri,,Arras,,3,,,,\n\
             demo-s-00,1,Tri,Un\u{2028}deux,Arras,,3,,,,\n\
             demo-s-00,1,Tri,,Arras,,3,le \u{2067}matin,,,\n";
        let path = dir.join("hostile.csv");
        std::fs::write(&path, csv).unwrap();
        let out = cli
            .command(&["import", "missions", path.to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        for expected in [
            ":2: title holds a control character (U+202E)",
            ":3: title holds a control character (U+200B)",
            ":4: structure holds a control character (U+FEFF)",
            ":5: description holds a control character (U+2028)",
            ":6: schedule holds a control character (U+2067)",
        ] {
            assert!(err.contains(expected), "{expected}: {err}");
        }
        assert!(!hostile(&err), "{err:?}");

        // A token label is one line of text.
        let out = cli.run_failing(&["token", "create", "--role", "admin", "--label", LINK]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--label holds a control character (U+001B)"),
            "{err}"
        );
        assert!(!hostile(&err), "{err:?}");

        // Rows written before these rules: a label and a structure name holding a link and
        // an override. The listings show them as codes.
        let store = Store::connect(&db).await.unwrap();
        store
            .create_token("rft_old", &Principal::Admin, LINK, None, 1_800_000_000)
            .await
            .unwrap();
        let (structure, _) = renfort_core::store::structures::by_reference(&store, "demo-s-00")
            .await
            .unwrap()
            .unwrap();
        renfort_core::store::structures::update(
            &store,
            structure,
            Some("Banque \u{202e}ella\u{200b}\u{1b}]8;;https://evil.test\u{1b}\\"),
            None,
        )
        .await
        .unwrap();
        store.close().await;
        let path = dir.join("clean.csv");
        std::fs::write(
            &path,
            "structure,domain,title,description,place,remote,places,schedule,starts_on,ends_on,ref\n\
             demo-s-00,1,Tri de dons,,Arras,,3,,,,\n",
        )
        .unwrap();
        cli.run(&["import", "missions", path.to_str().unwrap()]);

        let tokens = cli.run(&["token", "list"]);
        assert!(!hostile(&tokens), "{tokens:?}");
        assert!(
            tokens.contains("Croix\\u{1b}]8;;https://evil.test\\u{1b}\\\\Rouge"),
            "{tokens}"
        );
        let queue = cli.run(&["moderation", "list"]);
        assert!(!hostile(&queue), "{queue:?}");
        assert!(
            queue.contains("Tri de dons (Banque \\u{202e}ella\\u{200b}\\u{1b}]8;;"),
            "{queue}"
        );
    }
}
