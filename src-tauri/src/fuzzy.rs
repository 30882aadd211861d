//! Fuzzy matching for the picker: every word of the query must appear in order (not
//! necessarily together) in the candidate; letters that start words or follow each
//! other score higher, so `wb lo` finds "Website / Fix login" before "web blog".

/// The score of `query` against `text`, or `None` when some query word doesn't match.
/// Case is ignored; an empty query matches everything with score 0.
pub fn score(query: &str, text: &str) -> Option<u32> {
    let haystack: Vec<char> = text.to_lowercase().chars().collect();
    query
        .to_lowercase()
        .split_whitespace()
        .map(|word| word_score(word, &haystack))
        .try_fold(0u32, |total, s| s.map(|s| total + s))
}

fn starts_word(haystack: &[char], at: usize) -> bool {
    at == 0 || !haystack[at - 1].is_alphanumeric()
}

/// One word's best greedy placement: from each place its first letter could go, take
/// each following letter as early as possible, and keep the best score.
fn word_score(word: &str, haystack: &[char]) -> Option<u32> {
    let needle: Vec<char> = word.chars().collect();
    let first = *needle.first()?;
    (0..haystack.len())
        .filter(|&i| haystack[i] == first)
        .filter_map(|start| placement(&needle, haystack, start))
        .max()
}

fn placement(needle: &[char], haystack: &[char], start: usize) -> Option<u32> {
    let mut score = 0u32;
    let mut previous: Option<usize> = None;
    let mut at = start;
    for &c in needle {
        let found = (at..haystack.len()).find(|&i| haystack[i] == c)?;
        score += 1;
        if starts_word(haystack, found) {
            score += 8;
        }
        if previous.is_some_and(|p| p + 1 == found) {
            score += 5;
        }
        previous = Some(found);
        at = found + 1;
    }
    // A match that begins the text is what people type most.
    if start == 0 {
        score += 4;
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn every_word_must_match_in_order() {
        assert!(score("fix login", "Website / Fix login").is_some());
        assert!(score("wsfl", "Website / Fix login").is_some());
        assert!(score("login fix", "Website / Fix login").is_some());
        assert!(score("wx", "Website / Fix login").is_some());
        assert_eq!(score("zz", "Website / Fix login"), None);
        assert_eq!(score("nigol", "login"), None);
    }

    #[test]
    fn word_starts_and_runs_beat_scattered_letters() {
        let tight = score("log", "Fix login").unwrap();
        let loose = score("log", "blue orange gate").unwrap();
        assert!(tight > loose, "{tight} > {loose}");
        let start = score("web", "Website").unwrap();
        let inside = score("web", "cobweb").unwrap();
        assert!(start > inside, "{start} > {inside}");
    }

    #[test]
    fn an_empty_query_matches_everything() {
        assert_eq!(score("", "anything"), Some(0));
        assert_eq!(score("  ", ""), Some(0));
    }
}
