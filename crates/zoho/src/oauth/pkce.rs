//! Proof Key for Code Exchange (RFC 7636, S256) and the `state` value: a desktop app
//! can't keep a client secret, so the code it gets back is bound to a verifier that
//! never leaves this process, and the redirect is bound to the request that asked for it.

use std::io;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::secret::Sensitive;

/// The only method Punch sends; Zoho also accepts `plain`, which protects nothing.
pub const METHOD: &str = "S256";

/// A verifier and its challenge. The verifier is a secret until the code is exchanged.
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: Sensitive<String>,
    pub challenge: String,
}

impl Pkce {
    /// A fresh pair: 48 random bytes make a 64-character verifier (base64url's alphabet
    /// is a subset of RFC 7636's unreserved characters, and no modulo bias creeps in).
    pub fn new() -> io::Result<Pkce> {
        let verifier = random_text(48)?;
        Ok(Pkce {
            challenge: challenge(&verifier),
            verifier: Sensitive::new(verifier),
        })
    }

    /// A pair for a verifier chosen elsewhere; `None` unless it is 43–128 unreserved
    /// characters, as RFC 7636 §4.1 requires.
    pub fn from_verifier(verifier: &str) -> Option<Pkce> {
        is_valid_verifier(verifier).then(|| Pkce {
            challenge: challenge(verifier),
            verifier: Sensitive::new(verifier.to_owned()),
        })
    }
}

/// `BASE64URL-NO-PAD(SHA256(ASCII(verifier)))`.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// RFC 7636 §4.1: 43 to 128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
pub fn is_valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// A random `state` for one authorization request (32 characters, 192 bits).
pub fn new_state() -> io::Result<String> {
    random_text(24)
}

fn random_text(bytes: usize) -> io::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| io::Error::other(format!("the system's random source failed: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RFC's own example. (A copy of it that reads `…K1t2URW…` has a typo: SHA-256
    /// of this verifier gives `…K1t8URW…`, as the RFC prints.)
    #[test]
    fn rfc_7636_appendix_b() {
        let pair = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(
            pair.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn fresh_verifiers_are_valid_and_differ() {
        let a = Pkce::new().unwrap();
        let b = Pkce::new().unwrap();
        assert!(is_valid_verifier(a.verifier.expose()));
        assert_eq!(a.verifier.expose().len(), 64);
        assert_ne!(a.verifier, b.verifier);
        assert_eq!(a.challenge, challenge(a.verifier.expose()));
        assert!(!format!("{a:?}").contains(a.verifier.expose().as_str()));
        let state = new_state().unwrap();
        assert_eq!(state.len(), 32);
        assert_ne!(state, new_state().unwrap());
    }

    #[test]
    fn verifiers_outside_the_rules_are_refused() {
        assert!(Pkce::from_verifier(&"a".repeat(42)).is_none());
        assert!(Pkce::from_verifier(&"a".repeat(43)).is_some());
        assert!(Pkce::from_verifier(&"a".repeat(128)).is_some());
        assert!(Pkce::from_verifier(&"a".repeat(129)).is_none());
        assert!(Pkce::from_verifier(&format!("{}+", "a".repeat(43))).is_none());
        assert!(Pkce::from_verifier(&format!("{}~._-", "a".repeat(43))).is_some());
    }
}
