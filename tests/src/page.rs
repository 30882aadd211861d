//! The window as tests see it: elements by their `data-testid` (ui/TESTIDS.md), and
//! waiting for a condition rather than for time, since every view redraws when the
//! store changes from anywhere.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::DEADLINE;

/// A CSS selector for `testid`.
pub fn id(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

/// The window of a rig, borrowed for one test.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub client: &'a Client,
}

impl<'a> Page<'a> {
    pub fn new(client: &'a Client) -> Page<'a> {
        Page { client }
    }

    /// The first element matching `css`, once there is one.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(DEADLINE)
            .every(Duration::from_millis(100))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matches {css} after {DEADLINE:?}: {e}"))
    }

    /// The element with `testid`, once it shows.
    pub async fn get(&self, testid: &str) -> Element {
        self.find(&id(testid)).await
    }

    /// Clicks `css` once it is there.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("can't click {css}: {e}"));
    }

    /// Clicks the element with `testid`.
    pub async fn press(&self, testid: &str) {
        self.click(&id(testid)).await;
    }

    /// Replaces the text of the field with `testid` by `text`, as typed keys.
    pub async fn fill(&self, testid: &str, text: &str) {
        let field = self.get(testid).await;
        field.clear().await.expect("the field clears");
        field
            .send_keys(text)
            .await
            .expect("the keys reach the field");
    }

    /// Presses Enter in the field with `testid`.
    pub async fn enter(&self, testid: &str) {
        let key = String::from(char::from(Key::Enter));
        self.get(testid)
            .await
            .send_keys(&key)
            .await
            .expect("Enter reaches the field");
    }

    /// Chooses `value` in the `<select>` with `testid`.
    pub async fn choose(&self, testid: &str, value: &str) {
        self.get(testid)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{testid} has no option {value}: {e}"));
    }

    /// Waits until the JavaScript expression `js` is truthy; its value.
    pub async fn until(&self, what: &str, js: &str) -> Value {
        let script = format!("return ({js});");
        let deadline = Instant::now() + DEADLINE;
        let mut last: Value;
        loop {
            match self.client.execute(&script, vec![]).await {
                Ok(value) if truthy(&value) => return value,
                Ok(value) => last = value,
                Err(e) => last = Value::String(e.to_string()),
            }
            if Instant::now() > deadline {
                panic!("gave up after {DEADLINE:?} waiting until {what} (last: {last})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element matching `css` shows text containing `text`; its text.
    pub async fn until_text(&self, css: &str, text: &str) -> String {
        let js = format!(
            "(() => {{ const e = document.querySelector({css}); \
             return e && e.textContent.includes({text}) ? e.textContent : null; }})()",
            css = Value::from(css),
            text = Value::from(text),
        );
        let found = self.until(&format!("{css} shows “{text}”"), &js).await;
        found.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until nothing matches `css`.
    pub async fn until_gone(&self, css: &str) {
        let js = format!("document.querySelector({}) === null", Value::from(css));
        self.until(&format!("{css} is gone"), &js).await;
    }

    /// The value of `js`, once.
    pub async fn eval(&self, js: &str) -> Value {
        self.client
            .execute(&format!("return ({js});"), vec![])
            .await
            .unwrap_or_else(|e| panic!("can't evaluate {js}: {e}"))
    }

    /// The text of the element with `testid`, once it shows.
    pub async fn text(&self, testid: &str) -> String {
        self.get(testid).await.text().await.expect("the text reads")
    }

    /// The window as a PNG.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.client
            .screenshot()
            .await
            .expect("WebKit takes a screenshot")
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}
