//! Who signed in: Zoho Accounts' user info (scope `AaaServer.profile.Read`). Zoho
//! Projects names log owners by this user's ZUID, so it is how Punch reads only the
//! user's own Projects logs.

use serde::Deserialize;

use crate::error::{ErrorKind, ZohoError};
use crate::lenient;
use crate::session::{Api, Method, Request, Session};

/// The scope that lets Punch ask who signed in.
pub const PROFILE_SCOPE: &str = "AaaServer.profile.Read";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UserInfo {
    #[serde(rename = "ZUID", deserialize_with = "lenient::id")]
    pub zuid: String,
    #[serde(rename = "Email", default, deserialize_with = "lenient::text")]
    pub email: String,
    #[serde(rename = "Display_Name", default, deserialize_with = "lenient::text")]
    pub display_name: String,
}

/// `GET {accounts}/oauth/user/info`.
pub fn user_info(session: &Session) -> Result<UserInfo, ZohoError> {
    let answer = session.send(&Request::new(
        Api::Accounts,
        Method::Get,
        "/oauth/user/info",
    ))?;
    serde_json::from_value(answer).map_err(|e| {
        ZohoError::new(
            ErrorKind::Transient,
            None,
            None,
            format!("Zoho's user info can't be read: {e}"),
        )
    })
}
