//! The HTTP server's connections: hyper under the axum router, with what `axum::serve` does
//! not bound. A client that sends its headers slowly (a byte now and then) holds a socket and
//! a file descriptor for as long as it likes, and the request deadline (`TimeoutLayer`) only
//! starts once the headers are in: a few hundred such clients took every file descriptor and
//! every answer with them. So each connection must send its headers within
//! `RENFORT_HEADER_TIMEOUT`, and at most `RENFORT_MAX_CONNECTIONS` are open at once: past it a
//! new connection is closed at once rather than starving the ones being answered (Twilio's
//! retry on its fallback URL is better than a 15 s wait).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

/// Connection limits of `renfort serve`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection's request headers must be complete this long after it opened or after its
    /// previous response (keep-alive); else it is closed.
    pub header_timeout: Duration,
    /// Connections open at once, at most.
    pub max_connections: usize,
}

/// Connections closed at once because `max_connections` were open (logged every so often).
static REFUSED: AtomicU64 = AtomicU64::new(0);

/// Serves `router` on `listener` until `stop` turns true, then lets the requests in flight
/// finish (their own deadline bounds them) and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors (EMFILE) or the like: wait for some to close
                // rather than spin on accept.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            let refused = REFUSED.fetch_add(1, Ordering::Relaxed) + 1;
            if refused.is_power_of_two() {
                tracing::warn!(
                    refused,
                    max = limits.max_connections,
                    "too many connections open: new ones are closed at once"
                );
            }
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A closed or timed-out connection is the client's business, not an error here.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
