//! Zoho's data centers and where each product's API lives in each of them. An account's
//! calls must go to its own data center; `PUNCH_ZOHO_ENDPOINT` replaces every host.

use std::fmt;
use std::str::FromStr;

/// One of Zoho's data centers, named by its domain suffix as users see it (`com`, `eu`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataCenter {
    Com,
    Eu,
    In,
    ComAu,
    Jp,
    Ca,
    Sa,
    Uk,
    ComCn,
}

impl DataCenter {
    pub const ALL: [DataCenter; 9] = [
        DataCenter::Com,
        DataCenter::Eu,
        DataCenter::In,
        DataCenter::ComAu,
        DataCenter::Jp,
        DataCenter::Ca,
        DataCenter::Sa,
        DataCenter::Uk,
        DataCenter::ComCn,
    ];

    /// The domain suffix: `zoho.<suffix>`.
    pub fn suffix(self) -> &'static str {
        match self {
            DataCenter::Com => "com",
            DataCenter::Eu => "eu",
            DataCenter::In => "in",
            DataCenter::ComAu => "com.au",
            DataCenter::Jp => "jp",
            DataCenter::Ca => "ca",
            DataCenter::Sa => "sa",
            DataCenter::Uk => "uk",
            DataCenter::ComCn => "com.cn",
        }
    }

    /// The data center of the `location` parameter Zoho adds to an OAuth redirect.
    pub fn from_location(location: &str) -> Option<DataCenter> {
        Some(match location.to_ascii_lowercase().as_str() {
            "us" | "com" => DataCenter::Com,
            "eu" => DataCenter::Eu,
            "in" => DataCenter::In,
            "au" | "com.au" => DataCenter::ComAu,
            "jp" => DataCenter::Jp,
            "ca" => DataCenter::Ca,
            "sa" => DataCenter::Sa,
            "uk" => DataCenter::Uk,
            "cn" | "com.cn" => DataCenter::ComCn,
            _ => return None,
        })
    }

    /// The default hosts of this data center. Canada's accounts server lives under
    /// `zohocloud.ca`, as Zoho documents; the others follow `zoho.<suffix>`.
    pub fn endpoints(self) -> Endpoints {
        let s = self.suffix();
        let accounts = match self {
            DataCenter::Ca => "https://accounts.zohocloud.ca".to_owned(),
            _ => format!("https://accounts.zoho.{s}"),
        };
        Endpoints {
            accounts,
            books: format!("https://www.zohoapis.{s}"),
            people: format!("https://people.zoho.{s}"),
            projects: format!("https://projectsapi.zoho.{s}"),
        }
    }
}

impl fmt::Display for DataCenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.suffix())
    }
}

impl FromStr for DataCenter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DataCenter::ALL
            .into_iter()
            .find(|dc| dc.suffix() == s)
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a Zoho data center (use com, eu, in, com.au, jp, ca, sa, uk or com.cn)"
                )
            })
    }
}

/// The base URL (scheme and host, no trailing slash) of each Zoho API an account uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// OAuth: `/oauth/v2/token`, `/oauth/v2/auth`, `/oauth/v2/token/revoke`.
    pub accounts: String,
    /// `/books/v3/…`; the token response's `api_domain`.
    pub books: String,
    /// `/people/api/timetracker/…`.
    pub people: String,
    /// `/restapi/…`.
    pub projects: String,
}

impl Endpoints {
    /// Every API at one base URL, keeping each API's own path (a simulator or proxy).
    pub fn single(base: &str) -> Endpoints {
        let base = base.trim_end_matches('/').to_owned();
        Endpoints {
            accounts: base.clone(),
            books: base.clone(),
            people: base.clone(),
            projects: base,
        }
    }

    /// Apply what Zoho said during sign-in: the `accounts-server` of the redirect and the
    /// `api_domain` of the token response decide where calls go.
    pub fn with_sign_in(
        mut self,
        accounts_server: Option<&str>,
        api_domain: Option<&str>,
    ) -> Endpoints {
        if let Some(server) = accounts_server.filter(|s| !s.is_empty()) {
            self.accounts = server.trim_end_matches('/').to_owned();
        }
        if let Some(domain) = api_domain.filter(|s| !s.is_empty()) {
            self.books = domain.trim_end_matches('/').to_owned();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_center_round_trips_and_has_its_hosts() {
        for dc in DataCenter::ALL {
            assert_eq!(dc.suffix().parse::<DataCenter>().unwrap(), dc);
            let e = dc.endpoints();
            assert!(e.people.ends_with(&format!("people.zoho.{}", dc.suffix())));
        }
        assert_eq!(
            DataCenter::ComAu.endpoints().projects,
            "https://projectsapi.zoho.com.au"
        );
        assert_eq!(
            DataCenter::Ca.endpoints().accounts,
            "https://accounts.zohocloud.ca"
        );
        assert!("mars".parse::<DataCenter>().unwrap_err().contains("`mars`"));
        assert_eq!(DataCenter::from_location("au"), Some(DataCenter::ComAu));
    }

    #[test]
    fn sign_in_answers_override_the_defaults() {
        let e = DataCenter::Com.endpoints().with_sign_in(
            Some("https://accounts.zoho.eu"),
            Some("https://www.zohoapis.eu"),
        );
        assert_eq!(e.accounts, "https://accounts.zoho.eu");
        assert_eq!(e.books, "https://www.zohoapis.eu");
        assert_eq!(e.people, "https://people.zoho.com");
        let sim = Endpoints::single("http://127.0.0.1:9/");
        assert_eq!(sim.projects, "http://127.0.0.1:9");
    }
}
