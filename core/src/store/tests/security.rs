//! Security and privacy scenarios (issue 13), on every backend: API tokens' lifecycle, what
//! SUPPRIMER leaves in the database.

use super::*;
use crate::store::tokens::Principal;

#[tokio::test]
async fn tokens_expire_are_revoked_by_id_and_list_without_secrets() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let s = &app.store;
        let admin = s
            .create_token("rft_admin", &Principal::Admin, "ops", None, NOW)
            .await
            .unwrap();
        let moderator = Principal::Moderator {
            departements: vec!["59".into(), "62".into()],
        };
        let day = 86_400;
        let short = s
            .create_token("rft_short", &moderator, "", Some(NOW + day), NOW)
            .await
            .unwrap();
        let referent = Principal::Referent { structure_id: 1 };
        s.create_token("rft_ref", &referent, "ccas", None, NOW)
            .await
            .unwrap();
        assert!(admin < short);

        // Valid until the second it expires.
        assert_eq!(
            s.principal("rft_short", NOW + day - 1).await.unwrap(),
            Some(moderator.clone())
        );
        assert_eq!(s.principal("rft_short", NOW + day).await.unwrap(), None);
        assert_eq!(
            s.principal("rft_admin", NOW + 10).await.unwrap(),
            Some(Principal::Admin)
        );
        assert_eq!(s.principal("rft_unknown", NOW).await.unwrap(), None);

        // Revoked by id, once.
        assert!(s.revoke_token(admin, NOW + 20).await.unwrap());
        assert!(!s.revoke_token(admin, NOW + 21).await.unwrap());
        assert!(!s.revoke_token(9999, NOW).await.unwrap());
        assert_eq!(s.principal("rft_admin", NOW + 30).await.unwrap(), None);

        let list = s.list_tokens().await.unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            (list[0].id, list[0].role.as_str(), list[0].scope.as_str()),
            (admin, "admin", "all")
        );
        assert_eq!(list[0].revoked_at, Some(NOW + 20));
        assert_eq!(list[0].last_used_at, Some(NOW + 10));
        assert_eq!(list[1].scope, "59 62");
        assert_eq!(list[1].expires_at, Some(NOW + day));
        assert_eq!(list[1].last_used_at, Some(NOW + day - 1));
        assert_eq!(list[2].scope, "structure 1");
        assert_eq!(list[2].last_used_at, None);
        let shown = format!("{list:?}");
        assert!(!shown.contains("rft_"), "{shown}");
        assert!(!shown.contains(&crate::store::tokens::hash("rft_ref")));
    }
}
