//! Listening to one kind of D-Bus signal on a blocked thread: what the idle sources on
//! the session and system buses share.

use zbus::blocking::{Connection, MessageIterator};
use zbus::message::Message;
use zbus::{MatchRule, Result};

/// A rule for signal `member` of `interface`, on `path` when given.
pub(crate) fn rule(
    interface: &str,
    member: &str,
    path: Option<&str>,
) -> Result<MatchRule<'static>> {
    let mut builder = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface.to_owned())?
        .member(member.to_owned())?;
    if let Some(path) = path {
        builder = builder.path(path.to_owned())?;
    }
    Ok(builder.build())
}

/// Subscribe now (so nothing sent from here on is missed); the iterator blocks until
/// the next matching signal.
pub(crate) fn subscribe(conn: &Connection, rule: MatchRule<'static>) -> Result<MessageIterator> {
    MessageIterator::for_match_rule(rule, conn, Some(16))
}

/// Hand each signal to `on_signal` until it returns `false` or the bus goes.
pub(crate) fn each(signals: MessageIterator, mut on_signal: impl FnMut(&Message) -> bool) {
    for message in signals {
        match message {
            Ok(message) => {
                if !on_signal(&message) {
                    return;
                }
            }
            Err(e) => {
                tracing::debug!("an idle source's bus failed: {e}");
                return;
            }
        }
    }
}
