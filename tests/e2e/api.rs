//! `/api/v1` end to end: bearer tokens, roles, département scope, JSON errors.

use serde_json::{Value, json};

use crate::support::{Renfort, Server, databases};

struct Api {
    base: String,
    client: reqwest::Client,
}

impl Api {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let mut req = match method {
            "GET" => self.client.get(url),
            "POST" => self.client.post(url),
            "PATCH" => self.client.patch(url),
            _ => self.client.delete(url),
        };
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let json = resp.json().await.unwrap_or(Value::Null);
        self.check_against_document(method, path, status, &json)
            .await;
        (status, json)
    }

    /// Every answer of this suite is checked against the schema the served OpenAPI document
    /// gives for its route, method and status: a handler drifting from the document fails here.
    async fn check_against_document(&self, method: &str, path: &str, status: u16, body: &Value) {
        let doc: Value = self
            .client
            .get(format!("{}/api/v1/openapi.json", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if path == "/api/v1/openapi.json" {
            return;
        }
        let path = path.split('?').next().unwrap();
        let template = document_path(&doc, path)
            .unwrap_or_else(|| panic!("{path} is served but not in the OpenAPI document"));
        let operation = &doc["paths"][template.as_str()][method.to_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {template} is served but not in the OpenAPI document"
        );
        let mut response = &operation["responses"][status.to_string()];
        if let Some(r) = response["$ref"].as_str() {
            response = doc.pointer(r.trim_start_matches('#')).unwrap();
        }
        assert!(
            response.is_object(),
            "{method} {template} answered {status}, which the document does not list"
        );
        let Some(schema) = response.pointer("/content/application~1json/schema") else {
            return;
        };
        // OpenAPI 3.1 schemas are JSON Schema (2020-12). The document is the root so its
        // `#/components/...` references resolve.
        let mut root = doc.clone();
        let root_obj = root.as_object_mut().unwrap();
        for (k, v) in schema.as_object().unwrap() {
            root_obj.insert(k.clone(), v.clone());
        }
        let validator = jsonschema::validator_for(&root).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status} does not match the document: {errors:?}\n{body:#}"
        );
    }
}

/// The document's path template a concrete path falls under (`{id}` matches one segment).
fn document_path(doc: &Value, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    doc["paths"].as_object()?.keys().find_map(|template| {
        let t: Vec<&str> = template.split('/').collect();
        (t.len() == segments.len()
            && t.iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && t.ends_with('}'))))
        .then(|| template.clone())
    })
}

#[tokio::test]
async fn roles_scopes_and_errors() {
    for db in databases() {
        let cli = Renfort {
            database_url: db.clone(),
        };
        cli.run(&["seed", "demo"]);
        let token = |args: &[&str]| {
            cli.run(&[&["token", "create"], args].concat())
                .trim()
                .to_string()
        };
        let admin = token(&["--role", "admin"]);
        let nord = token(&["--role", "moderator", "--departements", "59"]);
        let pdc = token(&["--role", "moderator", "--departements", "62"]);
        let ccas = token(&["--role", "referent", "--structure", "1"]);
        assert!(admin.starts_with("rft_") && admin.len() > 40);

        // A volunteer waiting for validation in 62, who then offers help to structure 1.
        cli.chat(
            "+33639980301",
            &[
                "Bonjour", "oui", "Anne", "Arras", "oui", "1 2 3 4", "PASSER",
            ],
        );
        let server = Server::start(&db, &[], None).await;
        let api = Api {
            base: server.base.clone(),
            client: reqwest::Client::new(),
        };

        let (status, doc) = api.call("GET", "/api/v1/openapi.json", None, None).await;
        assert_eq!(status, 200);
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/v1/missions"]["post"].is_object());

        let (status, err) = api.call("GET", "/api/v1/stats", None, None).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (401, Some("unauthorized"))
        );
        let (status, _) = api
            .call("GET", "/api/v1/stats", Some("rft_forged"), None)
            .await;
        assert_eq!(status, 401);

        let (_, queue) = api
            .call("GET", "/api/v1/moderation/queue", Some(&pdc), None)
            .await;
        let anne = queue
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "volunteer")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        // A moderator of 59 acting in 62.
        let (status, err) = api
            .call(
                "GET",
                "/api/v1/moderation/queue?departement=62",
                Some(&nord),
                None,
            )
            .await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (403, Some("forbidden"))
        );
        // Out of scope reads exactly as absent: same status, same body.
        let approve = format!("/api/v1/moderation/volunteer/{anne}/approve");
        let (status, err) = api.call("POST", &approve, Some(&nord), None).await;
        let absent = api
            .call(
                "POST",
                "/api/v1/moderation/volunteer/999999/approve",
                Some(&nord),
                None,
            )
            .await;
        assert_eq!((status, &err), (absent.0, &absent.1));
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (404, Some("not_found")),
            "{err}"
        );
        assert!(!err.to_string().contains("62"), "{err}");
        let (status, _) = api.call("POST", &approve, Some(&ccas), None).await;
        assert_eq!(status, 403, "referents do not moderate");
        let (status, done) = api.call("POST", &approve, Some(&pdc), None).await;
        assert_eq!((status, done["status"].as_str()), (200, Some("validated")));
        let (status, err) = api.call("POST", &approve, Some(&pdc), None).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (409, Some("conflict"))
        );
        let (status, _) = api
            .call(
                "POST",
                "/api/v1/moderation/volunteer/999999/approve",
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 404);

        // Referents: their structure only.
        let (_, mine) = api
            .call("GET", "/api/v1/structures", Some(&ccas), None)
            .await;
        assert_eq!(mine.as_array().unwrap().len(), 1);
        assert_eq!(mine[0]["name"], "CCAS d'Arras");
        let other = api
            .call("GET", "/api/v1/structures/2", Some(&ccas), None)
            .await;
        let absent = api
            .call("GET", "/api/v1/structures/424242", Some(&ccas), None)
            .await;
        assert_eq!(other.0, 404);
        assert_eq!(other, absent, "another structure reads as absent");
        let (status, _) = api
            .call("GET", "/api/v1/structures/424242", Some(&admin), None)
            .await;
        assert_eq!(status, 404);
        let mission = json!({"structure": "1", "domain": 4, "title": "Courses du mardi", "place": "Arras", "places": 2, "schedule": "mardi matin"});
        // Another structure's reference and an unknown one get one answer, before the rest of
        // the mission is looked at.
        let mut other = mission.clone();
        other["structure"] = json!("2");
        other["place"] = json!("Beaumetz");
        let mut unknown = mission.clone();
        unknown["structure"] = json!("no-such-structure");
        let taken = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(other))
            .await;
        let absent = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(unknown))
            .await;
        assert_eq!(taken.0, 422, "{}", taken.1);
        assert_eq!(taken, absent);
        // Inside its own structure, a place is looked for in its département only: no
        // commune of another département is named, and a mission cannot be put there.
        let mut lille = mission.clone();
        lille["place"] = json!("Lille");
        let (status, err) = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(lille))
            .await;
        assert_eq!(status, 422, "{err}");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("outside the structure's département 62"),
            "{err}"
        );
        let mut ambiguous = mission.clone();
        ambiguous["place"] = json!("Beaumetz");
        let (status, err) = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(ambiguous))
            .await;
        assert_eq!(status, 422, "{err}");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(message.contains("is ambiguous: "), "{message}");
        for code in message.split('(').skip(1) {
            assert!(code.starts_with("62"), "only communes of 62: {message}");
        }
        let mut typed = mission.clone();
        typed["title"] = json!({"a": [1, 2]});
        let (status, err) = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(typed))
            .await;
        assert_eq!(status, 422);
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("title must be a string"),
            "{err}"
        );
        let mut bad = mission.clone();
        bad["domain"] = json!(9);
        bad["place"] = json!("Atlantide");
        let (status, err) = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(bad))
            .await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (422, Some("invalid"))
        );
        let (status, created) = api
            .call("POST", "/api/v1/missions", Some(&ccas), Some(mission))
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["status"], "pending");
        assert_eq!(created["commune"], "Arras");
        let id = created["id"].as_i64().unwrap();
        let (status, _) = api
            .call(
                "POST",
                &format!("/api/v1/moderation/mission/{id}/approve"),
                Some(&pdc),
                None,
            )
            .await;
        assert_eq!(status, 200);
        let (_, m) = api
            .call("GET", &format!("/api/v1/missions/{id}"), Some(&ccas), None)
            .await;
        assert_eq!(m["status"], "validated");
        let (status, m) = api
            .call(
                "PATCH",
                &format!("/api/v1/missions/{id}"),
                Some(&ccas),
                Some(json!({"places": 0})),
            )
            .await;
        assert_eq!(status, 422, "{m}");

        // The volunteer offers help; the structure sees who, because she chose it.
        cli.chat("+33639980301", &["MISSIONS", "OUI 1"]);
        let (status, list) = api
            .call(
                "GET",
                "/api/v1/structures/1/participations",
                Some(&ccas),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(list[0]["volunteer_first_name"], "Anne", "{list}");
        assert_eq!(list[0]["volunteer_phone"], "+33639980301");
        let (status, _) = api
            .call(
                "GET",
                "/api/v1/structures/1/participations",
                Some(&nord),
                None,
            )
            .await;
        assert_eq!(status, 404);

        // Admins create structures; inputs are checked.
        let (status, err) = api
            .call(
                "POST",
                "/api/v1/structures",
                Some(&admin),
                Some(json!({"name": "X", "kind": "club", "departement": "62"})),
            )
            .await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (422, Some("invalid"))
        );
        let (status, s) = api
            .call("POST", "/api/v1/structures", Some(&nord), Some(json!({"name": "Banque alimentaire", "kind": "association", "departement": "62"})))
            .await;
        assert_eq!(status, 403, "{s}");
        let (status, s) = api
            .call("POST", "/api/v1/structures", Some(&admin), Some(json!({"name": "Banque alimentaire de Lens", "kind": "association", "departement": "62", "insee": "62498"})))
            .await;
        assert_eq!(status, 201, "{s}");
        let path = format!("/api/v1/structures/{}", s["id"]);
        // Out of scope: absent, even with an invalid body.
        let (status, _) = api
            .call("PATCH", &path, Some(&nord), Some(json!({"kind": "club"})))
            .await;
        assert_eq!(status, 404);
        let (status, _) = api
            .call("PATCH", &path, Some(&pdc), Some(json!({"kind": "club"})))
            .await;
        assert_eq!(status, 422);
        let (status, renamed) = api
            .call(
                "PATCH",
                &path,
                Some(&pdc),
                Some(json!({"name": "Banque alimentaire du Lensois"})),
            )
            .await;
        assert_eq!(
            (status, renamed["name"].as_str()),
            (200, Some("Banque alimentaire du Lensois"))
        );

        let (status, stats) = api.call("GET", "/api/v1/stats", Some(&pdc), None).await;
        assert_eq!(status, 200);
        assert_eq!(stats["departement"], "62");
        assert_eq!(stats["volunteers"]["validated"], 1);
        assert_eq!(stats["intents"]["relayed"], 1);
        let (status, _) = api
            .call("GET", "/api/v1/stats?departement=62", Some(&nord), None)
            .await;
        assert_eq!(status, 403);
    }
}
