//! A faithful Zoho simulator: OAuth, Books time entries, People time logs and Projects
//! timesheets on one port under their real paths, with Zoho's documented validation,
//! limits, locks and error bodies, a clock the test controls, fault injection, and
//! inspection endpoints under `/_sim/`. Tests, end-to-end runs and demo mode use it.

pub mod auth;
pub mod books;
pub mod clock;
pub mod faults;
pub mod inspect;
pub mod oauth;
pub mod people;
pub mod projects;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

pub use faults::{Fault, FaultAction};
pub use state::{Shared, SimConfig};

/// Every route of the simulator.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(oauth::routes())
        .merge(books::routes())
        .merge(people::routes())
        .merge(projects::routes())
        .merge(inspect::routes())
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            faults::middleware,
        ))
        .with_state(shared)
}

/// A simulator serving on a loopback port in a background thread, stopped on drop.
pub struct RunningSim {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for RunningSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSim")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl RunningSim {
    /// Start on `127.0.0.1:port` (0 for any free port).
    pub fn start(config: SimConfig, port: u16) -> std::io::Result<RunningSim> {
        let shared = Arc::new(Shared::new(config));
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(shared.clone());
        let thread = std::thread::Builder::new()
            .name("zoho-sim".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("the simulator's runtime starts");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = rx.await;
                        })
                        .await;
                });
            })?;
        Ok(RunningSim {
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The base URL that replaces every Zoho host (`PUNCH_ZOHO_ENDPOINT`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn inject(&self, fault: Fault) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(fault);
    }

    /// A refresh token for the first configured client, as if a user had signed in:
    /// tests of the product APIs start here.
    pub fn sign_in(&self) -> String {
        let client = self.shared.config.clients[0].0.clone();
        state::lock(&self.shared.tokens).issue_refresh(&client)
    }

    /// Move the simulator's clock forward (token expiry, rate windows, locks).
    pub fn advance(&self, by: Duration) {
        self.shared.clock.advance(by);
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
