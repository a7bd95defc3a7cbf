//! API bearer tokens, each standing for a [`Principal`]. Only a SHA-256 of each token is
//! stored. Tokens are listed and revoked by id, may expire, and record when they were last
//! used.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Result, Store, StoreError};
use crate::domain::Role;
use crate::principal::Principal;

pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What `renfort token list` shows of a token: never the token, nor its hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub role: Role,
    /// Moderators: their départements; referents: `structure N`; admins: `all`.
    pub scope: String,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// `last_used_at` is written at most this often per token (seconds).
const LAST_USED_PRECISION: i64 = 60;

impl Store {
    /// Stores a token's hash with its role and returns its id; the caller shows the token
    /// once. `expires_at`: refused from then on.
    pub async fn create_token(
        &self,
        token: &str,
        principal: &Principal,
        label: &str,
        expires_at: Option<i64>,
        now: i64,
    ) -> Result<i64> {
        let (role, departements, structure) = match principal {
            Principal::Admin => (Role::Admin, None, None),
            Principal::Moderator { departements } => {
                if departements.is_empty() {
                    return Err(StoreError::Invalid(
                        "a moderator token needs départements".into(),
                    ));
                }
                (Role::Moderator, Some(departements.join(" ")), None)
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
                (Role::Referent, None, Some(*structure_id))
            }
        };
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (hash, role, departements, structure_id, label, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(hash(token))
        .bind(role.as_str())
        .bind(departements)
        .bind(structure)
        .bind(label)
        .bind(now)
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Every token, oldest first.
    pub async fn list_tokens(&self) -> Result<Vec<TokenInfo>> {
        let rows = sqlx::query(
            "SELECT id, role, departements, structure_id, label, created_at, last_used_at, \
             expires_at, revoked_at FROM api_tokens ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                // Only `create_token` writes roles; a row with another one could not be used.
                let role = Role::parse(&r.get::<String, _>(1))?;
                let scope = match role {
                    Role::Moderator => r.get::<Option<String>, _>(2).unwrap_or_default(),
                    Role::Referent => r
                        .get::<Option<i64>, _>(3)
                        .map(|s| format!("structure {s}"))
                        .unwrap_or_default(),
                    Role::Admin => "all".into(),
                };
                Some(TokenInfo {
                    id: r.get(0),
                    role,
                    scope,
                    label: r.get(4),
                    created_at: r.get(5),
                    last_used_at: r.get(6),
                    expires_at: r.get(7),
                    revoked_at: r.get(8),
                })
            })
            .collect())
    }

    /// Revokes token `id`: `false` if there is no such token or it was revoked already.
    pub async fn revoke_token(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Who a bearer token stands for, if it exists, is not revoked and has not expired at
    /// `now`; notes its use.
    pub async fn principal(&self, token: &str, now: i64) -> Result<Option<Principal>> {
        let row = sqlx::query(
            "SELECT role, departements, structure_id, id, last_used_at FROM api_tokens \
             WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(hash(token))
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(r) = &row
            && r.get::<Option<i64>, _>(4)
                .is_none_or(|at| at <= now - LAST_USED_PRECISION)
        {
            sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                .bind(r.get::<i64, _>(3))
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(
            row.and_then(|r| match Role::parse(&r.get::<String, _>(0))? {
                Role::Admin => Some(Principal::Admin),
                Role::Moderator => Some(Principal::Moderator {
                    departements: r
                        .get::<Option<String>, _>(1)
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_string)
                        .collect(),
                }),
                Role::Referent => r
                    .get::<Option<i64>, _>(2)
                    .map(|structure_id| Principal::Referent { structure_id }),
            }),
        )
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
