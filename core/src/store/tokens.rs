//! API bearer tokens: roles and scopes. Only a SHA-256 of each token is stored.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    Admin,
    Moderator { departements: Vec<String> },
    Referent { structure_id: i64 },
}

impl Principal {
    /// Whether this principal may act on something in `departement`.
    pub fn covers(&self, departement: &str) -> bool {
        match self {
            Principal::Admin => true,
            Principal::Moderator { departements } => departements.iter().any(|d| d == departement),
            Principal::Referent { .. } => false,
        }
    }
}

pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Stores a token's hash with its role; the caller shows the token once.
    pub async fn create_token(
        &self,
        token: &str,
        principal: &Principal,
        label: &str,
        now: i64,
    ) -> Result<()> {
        let (role, departements, structure) = match principal {
            Principal::Admin => ("admin", None, None),
            Principal::Moderator { departements } => {
                if departements.is_empty() {
                    return Err(StoreError::Invalid(
                        "a moderator token needs départements".into(),
                    ));
                }
                ("moderator", Some(departements.join(" ")), None)
            }
            Principal::Referent { structure_id } => {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM structures WHERE id = $1")
                        .bind(structure_id)
                        .fetch_optional(&self.pool)
                        .await?;
                if exists.is_none() {
                    return Err(StoreError::Invalid(format!("no structure {structure_id}")));
                }
                ("referent", None, Some(*structure_id))
            }
        };
        sqlx::query(
            "INSERT INTO api_tokens (hash, role, departements, structure_id, label, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash(token))
        .bind(role)
        .bind(departements)
        .bind(structure)
        .bind(label)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn principal(&self, token: &str) -> Result<Option<Principal>> {
        let row = sqlx::query(
            "SELECT role, departements, structure_id FROM api_tokens \
             WHERE hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|r| match r.get::<String, _>(0).as_str() {
            "admin" => Some(Principal::Admin),
            "moderator" => Some(Principal::Moderator {
                departements: r
                    .get::<Option<String>, _>(1)
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
            }),
            "referent" => r
                .get::<Option<i64>, _>(2)
                .map(|structure_id| Principal::Referent { structure_id }),
            _ => None,
        }))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_sha256_hex() {
        assert_eq!(
            super::hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
