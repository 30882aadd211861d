//! Secrets (tokens, client secrets, grant codes) wrapped so that Debug, Display and
//! logs can only ever show `<redacted>`; reading the value takes a deliberate `expose`.

use std::fmt;

/// A value that must never be printed.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Sensitive(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let token = Sensitive::new("1000.abcdef".to_owned());
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            token: Sensitive<String>,
        }
        let shown = format!(
            "{token} {token:?} {:?}",
            Holder {
                token: token.clone()
            }
        );
        assert!(!shown.contains("abcdef"), "{shown}");
        assert_eq!(token.expose(), "1000.abcdef");
    }
}
