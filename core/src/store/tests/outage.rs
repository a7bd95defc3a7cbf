//! Outages of the database (issue 23): a transaction that fails in the worst way (SQLite's
//! "database or disk is full", after which SQLite has already rolled back and sqlx's own
//! rollback fails; a PostgreSQL connection killed mid-transaction) never leaves the store
//! unable to write.

use super::*;

/// What SQLite does on "database or disk is full" (and other I/O errors): it rolls the
/// transaction back by itself, so that the ROLLBACK sqlx sends when the transaction is dropped
/// fails ("no transaction is active"). Injected here by rolling back under sqlx's feet; the
/// real full disk is [`a_full_disk_on_sqlite_heals_once_space_is_freed`].
async fn roll_back_under_sqlx(store: &Store) -> StoreError {
    let mut tx = store.begin().await.unwrap();
    record_inbound(&mut tx, "sms", "SMfull0", "+33600000001", "x", NOW)
        .await
        .unwrap();
    (&mut *tx).execute("ROLLBACK").await.unwrap();
    StoreError::Invalid("database or disk is full (injected)".into())
}

/// The connection serving a transaction is killed under it (a PostgreSQL restart, a proxy
/// dropping it): its next statement fails.
async fn kill_the_connection(store: &Store) -> StoreError {
    let mut tx = store.begin().await.unwrap();
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .execute(store.pool())
        .await
        .unwrap();
    record_inbound(&mut tx, "sms", "SMkilled", "+33600000001", "x", NOW)
        .await
        .expect_err("the connection was killed")
}

#[tokio::test]
async fn a_failed_transaction_never_leaves_the_store_unable_to_write() {
    for app in backends().await {
        let store = &app.store;
        let error = match store.backend() {
            Backend::Sqlite => roll_back_under_sqlx(store).await,
            Backend::Postgres => kill_the_connection(store).await,
        };
        if store.backend() == Backend::Sqlite {
            assert!(error.to_string().contains("full"), "{error}");
        }
        // Before the store healed, SQLite's single writer refused every BEGIN from here on
        // (it still counted itself inside the failed transaction) until its maximum age.
        for round in 0..20 {
            let mut tx = store.begin().await.unwrap_or_else(|e| {
                panic!(
                    "{:?}: BEGIN {round} after the failure: {e}",
                    store.backend()
                )
            });
            let id = format!("SMafter{round}");
            assert!(
                record_inbound(&mut tx, "sms", &id, "+33600000002", "x", NOW)
                    .await
                    .unwrap()
            );
            tx.commit().await.unwrap();
        }
        let replies = say(&app, "+33639985501", "Bonjour").await;
        assert!(
            !replies.is_empty(),
            "{:?}: a step after the failure",
            store.backend()
        );
        let recorded: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE external_id LIKE 'SMafter%'")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(recorded, 20);
        let lost: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM inbound WHERE external_id LIKE 'SMfull%' OR external_id = 'SMkilled'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(lost, 0, "the failed transaction was rolled back as a whole");
    }
}

/// Where the tiny filesystem is mounted, in the child test run inside its own mount namespace.
const TINY_FS: &str = "RENFORT_TEST_TINY_FS";

/// A real full disk: the test runs itself again inside a private mount namespace with a
/// 2 MB tmpfs holding the database and a filler file. A transaction fills the disk and fails
/// ("database or disk is full"); while the disk is full, writes fail but the store answers;
/// once the filler is deleted, the next write commits, with no restart.
#[tokio::test]
async fn a_full_disk_on_sqlite_heals_once_space_is_freed() {
    if let Ok(dir) = std::env::var(TINY_FS) {
        return on_a_tiny_filesystem(std::path::Path::new(&dir)).await;
    }
    let dir = std::env::temp_dir().join(unique("renfort_tinyfs"));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    let script = format!(
        "mount -t tmpfs -o size=2m tmpfs '{dir}' && exec '{exe}' --exact \
         store::tests::outage::a_full_disk_on_sqlite_heals_once_space_is_freed --nocapture",
        dir = dir.display(),
        exe = exe.display()
    );
    let run = |args: &[&str]| {
        std::process::Command::new("unshare")
            .args(args)
            .args(["sh", "-c", &script])
            .env(TINY_FS, &dir)
            .output()
    };
    // As root a mount namespace is enough; otherwise a user namespace maps us to root in it.
    let mut out = run(&["-m", "--propagation", "private"]);
    if !matches!(&out, Ok(o) if o.status.success()) {
        out = run(&["-r", "-m", "--propagation", "private"]);
    }
    let _ = std::fs::remove_dir(&dir);
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            return eprintln!(
                "tiny filesystem: unshare unavailable ({e}); full disk not tested here"
            );
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() && stderr.contains("unshare") {
        return eprintln!(
            "tiny filesystem: no mount namespace here ({stderr}); full disk not tested here"
        );
    }
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

async fn on_a_tiny_filesystem(dir: &std::path::Path) {
    let filler = dir.join("filler");
    let store = Store::connect(&format!("sqlite://{}", dir.join("renfort.db").display()))
        .await
        .unwrap();
    std::fs::write(&filler, vec![0u8; 512 * 1024]).unwrap();
    let body = "x".repeat(2_000);
    let mut full = None;
    let mut tx = store.begin().await.unwrap();
    for i in 0..5_000 {
        let id = format!("SMfull{i}");
        if let Err(e) = record_inbound(&mut tx, "sms", &id, "+33600000001", &body, NOW).await {
            full = Some(e);
            break;
        }
    }
    drop(tx);
    let full = full.expect("the tiny filesystem fills up");
    assert!(full.to_string().contains("full"), "{full}");
    // Still full: the write fails, but the store answers and BEGIN works.
    let mut tx = store.begin().await.expect("BEGIN while the disk is full");
    let still = record_inbound(&mut tx, "sms", "SMstill", "+33600000001", &body, NOW).await;
    let mut rest = Ok(());
    for i in 0..5_000 {
        if rest.is_err() {
            break;
        }
        rest = record_inbound(
            &mut tx,
            "sms",
            &format!("SMstill{i}"),
            "+33600000001",
            &body,
            NOW,
        )
        .await
        .map(|_| ());
    }
    assert!(still.is_err() || rest.is_err(), "the disk is still full");
    drop(tx);
    std::fs::remove_file(&filler).unwrap();
    for round in 0..5 {
        let mut tx = store
            .begin()
            .await
            .unwrap_or_else(|e| panic!("BEGIN {round} once space is freed: {e}"));
        assert!(
            record_inbound(
                &mut tx,
                "sms",
                &format!("SMafter{round}"),
                "+33600000002",
                "x",
                NOW
            )
            .await
            .unwrap()
        );
        tx.commit().await.unwrap();
    }
    let recorded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE external_id LIKE 'SMafter%'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(recorded, 5);
    store.close().await;
}
