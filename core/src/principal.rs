//! Who is calling the API (or, later, the console) and what they may reach: admins
//! everything, moderators their départements, referents their structure. The scope rules
//! live here only; the API's bearer tokens, the console's sessions and the CLI each produce a
//! [`Principal`] from their own credential and ask it.
//!
//! Something outside the caller's scope must read exactly as something absent: callers use
//! [`Principal::may_see`] and answer "not found" when it says no.

use crate::domain::Role;

#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    Admin,
    Moderator { departements: Vec<String> },
    Referent { structure_id: i64 },
}

/// Why a caller may not make a request, before anything it names is looked up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Denied {
    /// Not for this role, or a département the caller named outside their scope: naming it
    /// themselves, they learn nothing from the refusal.
    #[error("{0}")]
    Forbidden(String),
    /// A moderator of several départements who did not say which one.
    #[error("several départements: give ?departement=")]
    DepartementNeeded,
}

impl Principal {
    pub fn role(&self) -> Role {
        match self {
            Principal::Admin => Role::Admin,
            Principal::Moderator { .. } => Role::Moderator,
            Principal::Referent { .. } => Role::Referent,
        }
    }

    /// Whether this principal acts for the whole of `departement` (creating structures,
    /// moderating): admins everywhere, moderators in theirs, referents nowhere.
    pub fn covers(&self, departement: &str) -> bool {
        match self {
            Principal::Admin => true,
            Principal::Moderator { departements } => departements
                .iter()
                .any(|d| d == departement || d == crate::engine::coverage::ALL_DEPARTEMENTS),
            Principal::Referent { .. } => false,
        }
    }

    /// Whether something of structure `structure_id`, in `departement`, is in scope: the
    /// structure itself, its missions, its participations.
    pub fn may_see(&self, departement: &str, structure_id: i64) -> bool {
        match self {
            Principal::Referent { structure_id: own } => *own == structure_id,
            other => other.covers(departement),
        }
    }

    /// At least `role`, admins being above moderators, above referents.
    pub fn require(&self, role: Role) -> Result<(), Denied> {
        let rank = |r: Role| match r {
            Role::Referent => 0,
            Role::Moderator => 1,
            Role::Admin => 2,
        };
        if rank(self.role()) >= rank(role) {
            return Ok(());
        }
        Err(Denied::Forbidden(match role {
            Role::Admin => "admins only".into(),
            _ => "moderators and admins only".into(),
        }))
    }

    /// The départements a moderator decides for (`None`: an admin, everywhere); referents are
    /// refused.
    pub fn moderation_scope(&self) -> Result<Option<&[String]>, Denied> {
        self.require(Role::Moderator)?;
        Ok(match self {
            Principal::Moderator { departements } => Some(departements),
            _ => None,
        })
    }

    /// The département a figure or a queue is asked for: the one `asked` if in scope, an
    /// admin's `None` (everywhere) too, or a moderator's only one when none is named.
    /// Referents are refused.
    pub fn departements_filter(&self, asked: Option<String>) -> Result<Option<String>, Denied> {
        match (self.moderation_scope()?, asked) {
            (None, asked) => Ok(asked),
            (Some(scope), Some(d)) if scope.contains(&d) => Ok(Some(d)),
            (Some(_), Some(d)) => Err(Denied::Forbidden(format!(
                "département {d} is outside your scope"
            ))),
            (Some([only]), None) => Ok(Some(only.clone())),
            (Some(_), None) => Err(Denied::DepartementNeeded),
        }
    }

    /// Whether what this principal creates is validated at once: a referent's mission waits
    /// for the département's moderators.
    pub fn validates(&self) -> bool {
        !matches!(self, Principal::Referent { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moderator(deps: &[&str]) -> Principal {
        Principal::Moderator {
            departements: deps.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn scope_by_role() {
        let referent = Principal::Referent { structure_id: 1 };
        assert!(Principal::Admin.may_see("75", 9));
        assert!(moderator(&["62"]).may_see("62", 9));
        assert!(!moderator(&["59"]).may_see("62", 1));
        assert!(referent.may_see("62", 1));
        assert!(!referent.may_see("62", 2));
        assert!(
            !referent.covers("62"),
            "a referent acts for a structure only"
        );
        assert!(!referent.validates() && moderator(&["62"]).validates());
    }

    #[test]
    fn roles_are_ranked() {
        let referent = Principal::Referent { structure_id: 1 };
        assert_eq!(referent.require(Role::Referent), Ok(()));
        assert_eq!(
            referent.require(Role::Moderator),
            Err(Denied::Forbidden("moderators and admins only".into()))
        );
        assert_eq!(moderator(&["62"]).require(Role::Moderator), Ok(()));
        assert!(moderator(&["62"]).require(Role::Admin).is_err());
        assert_eq!(Principal::Admin.require(Role::Admin), Ok(()));
        assert!(referent.moderation_scope().is_err());
        assert_eq!(Principal::Admin.moderation_scope(), Ok(None));
    }

    #[test]
    fn departement_asked_or_implied() {
        let two = moderator(&["59", "62"]);
        assert_eq!(
            Principal::Admin.departements_filter(None),
            Ok(None),
            "admins: everywhere"
        );
        assert_eq!(
            moderator(&["62"]).departements_filter(None),
            Ok(Some("62".into()))
        );
        assert_eq!(
            two.departements_filter(Some("59".into())),
            Ok(Some("59".into()))
        );
        assert_eq!(
            two.departements_filter(None),
            Err(Denied::DepartementNeeded)
        );
        assert!(matches!(
            two.departements_filter(Some("75".into())),
            Err(Denied::Forbidden(m)) if m.contains("75")
        ));
        assert!(
            Principal::Referent { structure_id: 1 }
                .departements_filter(Some("62".into()))
                .is_err()
        );
    }
}
