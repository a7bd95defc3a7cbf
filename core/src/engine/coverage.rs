//! Where Renfort is open: a département is open when its volunteers are validated
//! automatically, or when a moderator covers it (named for it, or for every département), and
//! the operator has not closed it. Nobody is promised a moderator who does not exist.

use serde::Serialize;

/// What the caller read of the départements' settings and moderators.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Coverage {
    /// Départements whose volunteers are validated without a moderator.
    pub auto: Vec<String>,
    /// Départements named in some moderator's list.
    pub moderated: Vec<String>,
    /// Some moderator covers every département (named for "*").
    pub moderated_everywhere: bool,
    /// Départements the operator closed: nothing is promised there, whatever else holds.
    pub closed: Vec<String>,
    /// Départements whose minimum age is not the default, with that age.
    pub min_ages: Vec<(String, u32)>,
}

/// The age under which nobody takes a mission, unless the département says otherwise.
pub const DEFAULT_MIN_AGE: u32 = 18;

/// What a moderator's list names when it covers every département.
pub const ALL_DEPARTEMENTS: &str = "*";

impl Coverage {
    /// Every département open, moderated: what tests assume unless they say otherwise.
    pub fn everywhere() -> Coverage {
        Coverage {
            moderated_everywhere: true,
            ..Coverage::default()
        }
    }

    /// From the moderators' lists as stored (space-separated, "*" for all).
    pub fn with_moderator_lists<'a>(mut self, lists: impl IntoIterator<Item = &'a str>) -> Self {
        for d in lists.into_iter().flat_map(str::split_whitespace) {
            if d == ALL_DEPARTEMENTS {
                self.moderated_everywhere = true;
            } else if !self.moderated.iter().any(|m| m == d) {
                self.moderated.push(d.to_string());
            }
        }
        self.moderated.sort();
        self
    }

    pub fn is_closed(&self, departement: &str) -> bool {
        self.closed.iter().any(|d| d == departement)
    }

    pub fn auto_validates(&self, departement: &str) -> bool {
        !self.is_closed(departement) && self.auto.iter().any(|d| d == departement)
    }

    /// Someone can validate this département's volunteers and answer them.
    pub fn is_open(&self, departement: &str) -> bool {
        !self.is_closed(departement)
            && (self.auto.iter().any(|d| d == departement)
                || self.moderated_everywhere
                || self.moderated.iter().any(|d| d == departement))
    }

    /// The open départements by number, for "Renfort sert : 59, 62" (empty when every
    /// département is open or none is named).
    pub fn served(&self) -> Vec<String> {
        let mut list: Vec<String> = self
            .auto
            .iter()
            .chain(&self.moderated)
            .filter(|d| !self.is_closed(d))
            .cloned()
            .collect();
        list.sort();
        list.dedup();
        list
    }

    /// The minimum age in this département.
    pub fn min_age(&self, departement: &str) -> u32 {
        self.min_ages
            .iter()
            .find(|(d, _)| d == departement)
            .map(|(_, a)| *a)
            .unwrap_or(DEFAULT_MIN_AGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_moderated_automatic_or_closed() {
        let c = Coverage {
            auto: vec!["59".into()],
            closed: vec!["62".into()],
            ..Coverage::default()
        }
        .with_moderator_lists(["62 80", "80"]);
        assert!(c.is_open("59"));
        assert!(c.is_open("80"));
        assert!(!c.is_open("62"), "closed wins over a moderator");
        assert!(!c.is_open("75"));
        assert_eq!(c.served(), vec!["59".to_string(), "80".to_string()]);
        let all = Coverage::default().with_moderator_lists(["*"]);
        assert!(all.is_open("974"));
        assert!(!Coverage::default().is_open("62"));
        assert_eq!(Coverage::default().min_age("62"), 18);
    }
}
