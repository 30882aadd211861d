//! The redirect target of the browser sign-in: a one-request web server on 127.0.0.1
//! (RFC 8252 §7.3) that takes Zoho's redirect, checks its `state`, shows the user a
//! page saying what happened, and closes. Plain `std::net`: it serves one request.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::browser::SignInError;
use crate::secret::Sensitive;

/// The ports Punch listens on, tried in order. A fixed list, not "any free port":
/// Zoho only redirects to a URI registered in its API console, and it matches the
/// port too, so the user registers these three URIs once
/// (`http://127.0.0.1:28417/callback` …). They lie below Linux's ephemeral range
/// (32768–60999), so an outgoing connection can't be holding them, and away from the
/// ports other desktop tools use for the same purpose (rclone's 53682).
pub const CALLBACK_PORTS: [u16; 3] = [28417, 28418, 28419];

/// How long the sign-in waits for the user to finish in the browser.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The path of the redirect URI.
pub const CALLBACK_PATH: &str = "/callback";

/// How long one connection may take to send its request. Browsers open speculative
/// connections that send nothing; each gets its own thread so they can't hold up the
/// real redirect.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(25);
const MAX_HEAD: usize = 16 * 1024;

/// What Zoho's redirect brought back.
#[derive(Debug, Clone)]
pub struct Callback {
    pub code: Sensitive<String>,
    /// The user's data center as Zoho names it (`us`, `eu`, `in`, `au`…).
    pub location: Option<String>,
    /// The accounts server of that data center (`https://accounts.zoho.eu`).
    pub accounts_server: Option<String>,
}

/// A bound listener, waiting to be told which `state` to expect.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Listen on 127.0.0.1 on the first of `ports` that is free (`0` lets the system
    /// pick, for tests; Zoho would refuse such a redirect URI).
    pub fn bind(ports: &[u16]) -> Result<Loopback, SignInError> {
        let mut last = None;
        for &port in ports {
            match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
                Ok(listener) => {
                    let port = listener.local_addr().map_err(SignInError::Io)?.port();
                    return Ok(Loopback { listener, port });
                }
                Err(e) => {
                    tracing::debug!(port, error = %e, "sign-in port unavailable");
                    last = Some(e);
                }
            }
        }
        Err(SignInError::NoFreePort {
            ports: ports.to_vec(),
            source: last.unwrap_or_else(|| io::Error::other("no port to try")),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The redirect URI to send in the authorization request: it must equal a URI
    /// registered for the client, byte for byte.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Serve until one request reaches the callback path, or `timeout` passes. Other
    /// paths (a favicon) get a 404 and the wait goes on. The listener closes on return.
    pub fn wait(self, state: &str, timeout: Duration) -> Result<Callback, SignInError> {
        tracing::info!(port = self.port, "waiting for the Zoho sign-in redirect");
        self.listener
            .set_nonblocking(true)
            .map_err(SignInError::Io)?;
        let deadline = Instant::now() + timeout;
        let claimed = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    let (tx, claimed, state) = (tx.clone(), claimed.clone(), state.to_owned());
                    std::thread::spawn(move || {
                        if let Some(outcome) = serve(stream, &state, &claimed) {
                            let _ = tx.send(outcome);
                        }
                    });
                }
                Err(e) if transient_accept_error(&e) => {}
                Err(e) => return Err(SignInError::Io(e)),
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(SignInError::TimedOut(timeout));
            }
            match rx.recv_timeout(left.min(POLL)) {
                Ok(outcome) => return outcome,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(SignInError::Io(io::Error::other("the listener stopped")));
                }
            }
        }
    }
}

fn transient_accept_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock
            | io::ErrorKind::Interrupted
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Answer one connection. `Some` when it was the callback, which ends the wait.
fn serve(
    mut stream: TcpStream,
    state: &str,
    claimed: &AtomicBool,
) -> Option<Result<Callback, SignInError>> {
    // Accepted sockets inherit non-blocking mode on some systems.
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(READ_TIMEOUT)).ok()?;
    let head = read_head(&mut stream)?;
    let mut words = head.lines().next()?.split(' ');
    let (method, target) = (words.next()?, words.next()?);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != CALLBACK_PATH {
        respond(&mut stream, "404 Not Found", "Not found", "Nothing here.");
        return None;
    }
    if method != "GET" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "Not allowed",
            "Use GET.",
        );
        return None;
    }
    if claimed.swap(true, Ordering::SeqCst) {
        respond(
            &mut stream,
            "410 Gone",
            "Already done",
            "This sign-in has already finished. You can close this tab.",
        );
        return None;
    }
    let outcome = read_callback(query, state);
    match &outcome {
        Ok(_) => respond(
            &mut stream,
            "200 OK",
            "Signed in",
            "Punch is signed in to Zoho. You can close this tab and return to Punch.",
        ),
        Err(SignInError::StateMismatch) => respond(
            &mut stream,
            "400 Bad Request",
            "Sign-in refused",
            "This answer does not belong to the sign-in Punch started, so Punch refused \
             it. Close this tab and start the sign-in again from Punch.",
        ),
        Err(e) => respond(
            &mut stream,
            "400 Bad Request",
            "Sign-in failed",
            &format!("{e}. Close this tab and start the sign-in again from Punch."),
        ),
    }
    tracing::debug!(ok = outcome.is_ok(), "sign-in redirect received");
    Some(outcome)
}

/// Check the redirect's parameters. The state is checked first: an answer that isn't
/// ours is refused whatever it says; a matching one may still be Zoho's refusal.
fn read_callback(query: &str, expected_state: &str) -> Result<Callback, SignInError> {
    let mut code = None;
    let mut state = None;
    let mut location = None;
    let mut accounts_server = None;
    let mut error = None;
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = Some(value.into_owned());
        match key.as_ref() {
            "code" => code = value,
            "state" => state = value,
            "location" => location = value,
            "accounts-server" => accounts_server = value,
            "error" => error = value,
            _ => {}
        }
    }
    match (state.as_deref(), error) {
        (Some(s), _) if s != expected_state => Err(SignInError::StateMismatch),
        (_, Some(error)) => Err(SignInError::Denied(error)),
        (None, None) => Err(SignInError::StateMismatch),
        (Some(_), None) => match code.filter(|c| !c.is_empty()) {
            Some(code) => Ok(Callback {
                code: Sensitive::new(code),
                location: location.filter(|l| !l.is_empty()),
                accounts_server: accounts_server.filter(|s| !s.is_empty()),
            }),
            None => Err(SignInError::NoCode),
        },
    }
}

/// The request line and headers; the body (there is none for a GET) is not read.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(head).ok()
}

fn respond(stream: &mut TcpStream, status: &str, title: &str, message: &str) {
    let body = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Punch — {title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;\
         padding:0 1rem;line-height:1.5}}</style></head>\
         <body><h1>{title}</h1><p>{}</p></body></html>\n",
        escape(message)
    );
    let answer = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(answer.as_bytes());
    let _ = stream.flush();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_parameters_are_read_and_checked() {
        let ok = read_callback(
            "code=1000.abc&state=s1&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
            "s1",
        )
        .unwrap();
        assert_eq!(ok.code.expose(), "1000.abc");
        assert_eq!(ok.location.as_deref(), Some("eu"));
        assert_eq!(
            ok.accounts_server.as_deref(),
            Some("https://accounts.zoho.eu")
        );
        assert!(matches!(
            read_callback("code=x&state=other", "s1"),
            Err(SignInError::StateMismatch)
        ));
        assert!(matches!(
            read_callback("code=x", "s1"),
            Err(SignInError::StateMismatch)
        ));
        assert!(matches!(
            read_callback("error=access_denied&state=s1", "s1"),
            Err(SignInError::Denied(e)) if e == "access_denied"
        ));
        assert!(matches!(
            read_callback("error=access_denied&state=forged", "s1"),
            Err(SignInError::StateMismatch)
        ));
        assert!(matches!(
            read_callback("state=s1", "s1"),
            Err(SignInError::NoCode)
        ));
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape("<b>&\""), "&lt;b&gt;&amp;&quot;");
    }
}
