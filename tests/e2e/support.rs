//! Spawning the real binary against its own database (SQLite file, or a fresh PostgreSQL
//! database when `RENFORT_TEST_POSTGRES` is set, as in CI).

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// A fresh Twilio message id in Twilio's shape (`SM` and 32 hex digits), which the webhook
/// requires.
pub fn message_sid() -> String {
    format!(
        "SM{:016x}{:016x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// Database URLs to run each scenario against: SQLite always, PostgreSQL when available.
pub fn databases() -> Vec<String> {
    let mut urls = vec![format!(
        "sqlite://{}",
        std::env::temp_dir()
            .join(format!("{}.db", unique("renfort_e2e")))
            .display()
    )];
    match std::env::var("RENFORT_TEST_POSTGRES") {
        Ok(admin) => {
            let name = unique("renfort_e2e");
            let status = Command::new("psql")
                .args([
                    admin.as_str(),
                    "-q",
                    "-c",
                    &format!("CREATE DATABASE {name}"),
                ])
                .status()
                .expect("psql runs");
            assert!(status.success(), "CREATE DATABASE {name}");
            let (base, _) = admin.rsplit_once('/').unwrap();
            urls.push(format!("{base}/{name}"));
        }
        Err(_) => assert!(
            std::env::var("RENFORT_REQUIRE_POSTGRES").is_err(),
            "RENFORT_REQUIRE_POSTGRES is set but RENFORT_TEST_POSTGRES is not"
        ),
    }
    urls
}

pub struct Renfort {
    pub database_url: String,
}

/// The undo window of every server under test, in seconds (`RENFORT_UNDO_WINDOW`).
pub const UNDO_WINDOW_SECS: u64 = 8;

/// The binary under test: this build's, or `RENFORT_E2E_BIN` (another build, to measure the
/// "before" of a change with the same scenarios).
pub fn bin() -> String {
    std::env::var("RENFORT_E2E_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_renfort").to_string())
}

impl Renfort {
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .env("DATABASE_URL", &self.database_url)
            .env_remove("RENFORT_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs a subcommand and returns its standard output; fails the test on a non-zero exit.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("renfort runs");
        assert!(
            out.status.success(),
            "renfort {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn run_failing(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().expect("renfort runs");
        assert!(!out.status.success(), "renfort {args:?} should fail");
        out
    }

    /// `renfort chat --json`, one input per line; returns one JSON value per outbound message.
    pub fn chat(&self, from: &str, lines: &[&str]) -> Vec<serde_json::Value> {
        let mut child = self
            .command(&["chat", "--from", from, "--json"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("renfort chat starts");
        let mut stdin = child.stdin.take().unwrap();
        for l in lines {
            writeln!(stdin, "{l}").unwrap();
        }
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "chat: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect()
    }
}

/// How this machine runs the binary with its own /etc/hosts (so that api.twilio.com
/// resolves to the local fake), probed once: a private mount namespace (`unshare -m`, root
/// only) or, for any other user, a mount namespace inside an unprivileged user namespace in
/// which they are root (`unshare --user --map-root-user --mount`, where the kernel allows
/// it). `None` where neither works: the caller says so rather than pretend.
pub fn private_hosts(hosts: &std::path::Path) -> Option<&'static [&'static str]> {
    static WAY: std::sync::OnceLock<Option<&'static [&'static str]>> = std::sync::OnceLock::new();
    const WAYS: [&[&str]; 2] = [
        &["-m", "--propagation", "private"],
        &[
            "--user",
            "--map-root-user",
            "--mount",
            "--propagation",
            "private",
        ],
    ];
    *WAY.get_or_init(|| {
        WAYS.into_iter().find(|way| {
            // The probe does what the test will: mount the file, then resolve the name.
            Command::new("unshare")
                .args(*way)
                .args(["sh", "-c"])
                .arg("mount --bind \"$RENFORT_TEST_HOSTS\" /etc/hosts && getent hosts api.twilio.com")
                .env("RENFORT_TEST_HOSTS", hosts)
                .stderr(Stdio::null())
                .output()
                .is_ok_and(|out| {
                    out.status.success()
                        && String::from_utf8_lossy(&out.stdout).starts_with("127.0.0.1")
                })
        })
    })
}

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `renfort serve` as a child process, killed on drop.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `renfort serve` with `env`; with `hosts` set, inside a private mount namespace
    /// whose /etc/hosts is that file (see [`private_hosts`]; the one test of Twilio's TLS
    /// path needs it, the others reach the fake through `RENFORT_TWILIO_API_URL`).
    pub async fn start(
        database_url: &str,
        env: &[(&str, String)],
        hosts: Option<&std::path::Path>,
    ) -> Server {
        Server::start_logged(database_url, env, hosts, None).await
    }

    /// [`Server::start`], with the server's standard output and error written to `output`.
    pub async fn start_logged(
        database_url: &str,
        env: &[(&str, String)],
        hosts: Option<&std::path::Path>,
        output: Option<&std::path::Path>,
    ) -> Server {
        Server::start_on(free_port(), database_url, env, hosts, output).await
    }

    /// [`Server::start_logged`] on a given port (to restart a server where its clients
    /// expect it).
    pub async fn start_on(
        port: u16,
        database_url: &str,
        env: &[(&str, String)],
        hosts: Option<&std::path::Path>,
        output: Option<&std::path::Path>,
    ) -> Server {
        let bin = bin();
        let mut cmd = match hosts {
            Some(hosts) => {
                let way = private_hosts(hosts)
                    .expect("no private /etc/hosts on this machine (see support::private_hosts)");
                let mut c = Command::new("unshare");
                c.args(way)
                    .args(["sh", "-c"])
                    .arg("mount --bind \"$RENFORT_TEST_HOSTS\" /etc/hosts && exec \"$RENFORT_TEST_BIN\" serve")
                    .env("RENFORT_TEST_HOSTS", hosts)
                    .env("RENFORT_TEST_BIN", bin);
                c
            }
            None => {
                let mut c = Command::new(bin);
                c.arg("serve");
                c
            }
        };
        cmd.env("DATABASE_URL", database_url)
            .env("RENFORT_LISTEN", format!("127.0.0.1:{port}"))
            .env("RENFORT_LOG", "info")
            // A refusal's notice waits out the undo window (15 min by default): a short one,
            // so that journeys through a refusal end within a test's wait.
            .env("RENFORT_UNDO_WINDOW", UNDO_WINDOW_SECS.to_string())
            .env_remove("TWILIO_ACCOUNT_SID")
            .env_remove("TWILIO_AUTH_TOKEN")
            .env_remove("TWILIO_FROM")
            .env_remove("RENFORT_TWILIO_API_URL")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(path) = output {
            let file = std::fs::File::create(path).expect("server output file");
            cmd.stdout(file.try_clone().unwrap()).stderr(file);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("renfort serve starts");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await
                && r.status().is_success()
            {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("renfort serve did not become healthy");
    }
}
