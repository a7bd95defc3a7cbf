//! `/api/v1` end to end: bearer tokens, roles, département scope, JSON errors; the OpenAPI
//! document generated from the handlers, checked against every route the server mounts and
//! against every answer of this suite.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::fake_telegram::FakeTelegram;
use crate::support::{Renfort, Server, databases, unique};

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
        if let Some(b) = &body {
            req = req.json(b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let json = resp.json().await.unwrap_or(Value::Null);
        self.check_against_document(method, path, body.as_ref(), status, &json)
            .await;
        (status, json)
    }

    /// Every answer of this suite is checked against the schema the served OpenAPI document
    /// gives for its route, method and status: a handler drifting from the document fails here.
    /// So is every request body the server accepted (2xx) against the operation's request
    /// schema: a handler taking what the document does not describe fails too.
    async fn check_against_document(
        &self,
        method: &str,
        path: &str,
        request: Option<&Value>,
        status: u16,
        body: &Value,
    ) {
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
        if let Some(schema) = response.pointer("/content/application~1json/schema") {
            let errors = schema_errors(&doc, schema, body);
            assert!(
                errors.is_empty(),
                "{method} {path} {status} does not match the document: {errors:?}\n{body:#}"
            );
        }
        if let Some(request) = request.filter(|_| (200..300).contains(&status)) {
            let schema = operation
                .pointer("/requestBody/content/application~1json/schema")
                .unwrap_or_else(|| panic!("{method} {template} took a body it does not document"));
            let errors = schema_errors(&doc, schema, request);
            assert!(
                errors.is_empty(),
                "{method} {path} accepted a body the document does not allow: {errors:?}\n{request:#}"
            );
        }
    }
}

/// Where `instance` departs from `schema`, a schema of the document. OpenAPI 3.1 schemas are
/// JSON Schema (2020-12); the document is the root so its `#/components/...` references
/// resolve.
fn schema_errors(doc: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let mut root = doc.clone();
    let root_obj = root.as_object_mut().unwrap();
    for (k, v) in schema.as_object().unwrap() {
        root_obj.insert(k.clone(), v.clone());
    }
    let validator = jsonschema::validator_for(&root).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
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
        // A ref is its structure's own: another structure's referent may use one this
        // structure has (it got 409), the same structure may not.
        let second = token(&["--role", "referent", "--structure", "2"]);
        let mut referenced = mission.clone();
        referenced["ref"] = json!("M-12");
        for (caller, expected) in [(&ccas, 201), (&second, 201), (&ccas, 409)] {
            let mut m = referenced.clone();
            if caller == &second {
                m["structure"] = json!("2");
            }
            let (status, body) = api
                .call("POST", "/api/v1/missions", Some(caller), Some(m))
                .await;
            assert_eq!(status, expected, "{body}");
        }
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
        // Names holding what is not text (issue 25): refused, named by the character, on
        // creation and on renaming; nothing stored.
        for (name, code) in [
            ("Banque\u{1b}]8;;https://evil.test\u{1b}\\ici", "U+001B"),
            ("Banque \u{202e}ella", "U+202E"),
            ("Banque\u{200b}alimentaire", "U+200B"),
            ("\u{feff}Banque alimentaire", "U+FEFF"),
            ("Banque\u{2028}alimentaire", "U+2028"),
        ] {
            let (status, err) = api
                .call("PATCH", &path, Some(&pdc), Some(json!({ "name": name })))
                .await;
            assert_eq!(
                (status, err["error"]["code"].as_str()),
                (422, Some("invalid"))
            );
            assert!(err.to_string().contains(code), "{err}");
            let (status, err) = api
                .call(
                    "POST",
                    "/api/v1/structures",
                    Some(&admin),
                    Some(json!({"name": name, "kind": "association", "departement": "62"})),
                )
                .await;
            assert_eq!(status, 422, "{err}");
            assert!(err.to_string().contains(code), "{err}");
        }
        let (_, kept) = api.call("GET", &path, Some(&pdc), None).await;
        assert_eq!(kept["name"].as_str(), Some("Banque alimentaire du Lensois"));

        let (status, stats) = api.call("GET", "/api/v1/stats", Some(&pdc), None).await;
        assert_eq!(status, 200);
        assert_eq!(stats["departement"], "62");
        assert_eq!(stats["volunteers"]["validated"], 1);
        assert_eq!(stats["intents"]["relayed"], 1);
        // Where Renfort is open, in the figures.
        assert_eq!(stats["coverage"]["open"], true);
        assert_eq!(stats["coverage"]["validation"], "required");
        let (status, _) = api
            .call("GET", "/api/v1/stats?departement=62", Some(&nord), None)
            .await;
        assert_eq!(status, 403);
    }
}

/// Served on purpose outside the OpenAPI document: the providers' webhooks, whose requests
/// Twilio and Telegram define and sign; no API user calls them.
const OUTSIDE_THE_DOCUMENT: [&str; 3] = [
    "POST /sms/twilio",
    "POST /sms/twilio/status",
    "POST /telegram/webhook",
];

/// `METHOD /path` of every operation in the document.
fn documented_routes(doc: &Value) -> BTreeSet<String> {
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if item[method].is_object() {
                routes.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    routes
}

/// The routes a running server mounts, as it logs them at start (`HTTP routes: ...`, read
/// from its router).
fn served_routes(log: &std::path::Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(log).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.split_once("HTTP routes: ").map(|(_, routes)| routes))
        .unwrap_or_else(|| panic!("no `HTTP routes:` line in the server's log:\n{text}"));
    line.split(", ").map(str::to_string).collect()
}

/// A concrete URL path for a documented template: each `{param}` becomes the first value of
/// its schema's enum, else 1.
fn concrete_path(doc: &Value, template: &str, operation: &Value) -> String {
    let mut path = template.to_string();
    for p in operation["parameters"].as_array().into_iter().flatten() {
        if p["in"] != "path" {
            continue;
        }
        let mut schema = &p["schema"];
        if let Some(r) = schema["$ref"].as_str() {
            schema = doc.pointer(r.trim_start_matches('#')).unwrap();
        }
        let value = schema["enum"][0].as_str().unwrap_or("1").to_string();
        path = path.replace(&format!("{{{}}}", p["name"].as_str().unwrap()), &value);
    }
    path
}

/// Every route the server mounts is in the OpenAPI document (or deliberately outside it, and
/// then listed above), and every documented operation is mounted and answered by its handler.
#[tokio::test]
async fn every_served_route_is_documented_and_every_documented_one_served() {
    for db in databases() {
        let cli = Renfort {
            database_url: db.clone(),
        };
        cli.run(&["seed", "demo"]);
        let admin = cli
            .run(&["token", "create", "--role", "admin"])
            .trim()
            .to_string();
        // Every optional route on: the SMS webhook and Telegram in webhook mode.
        let fake = FakeTelegram::start().await;
        let log = std::env::temp_dir().join(format!("{}.log", unique("renfort_routes")));
        let server = Server::start_logged(
            &db,
            &[
                ("TWILIO_AUTH_TOKEN", "route-test-token".into()),
                ("TELEGRAM_BOT_TOKEN", crate::telegram::TOKEN.into()),
                ("TELEGRAM_API_URL", format!("{}/", fake.url)),
                ("TELEGRAM_MODE", "webhook".into()),
                ("TELEGRAM_WEBHOOK_SECRET", "route_test_secret".into()),
                ("RENFORT_PUBLIC_URL", "https://renfort.test".into()),
            ],
            None,
            Some(&log),
        )
        .await;
        let api = Api {
            base: server.base.clone(),
            client: reqwest::Client::new(),
        };
        let (status, doc) = api.call("GET", "/api/v1/openapi.json", None, None).await;
        assert_eq!(status, 200);
        let documented = documented_routes(&doc);
        let served = served_routes(&log);
        let _ = std::fs::remove_file(&log);
        for route in &served {
            let place = if documented.contains(route) {
                "documented"
            } else {
                "outside the document"
            };
            println!("{route:<50} {place}");
        }
        assert!(
            served.contains("GET /healthz") && served.len() > OUTSIDE_THE_DOCUMENT.len(),
            "the server's route list is not readable: {served:?}"
        );
        // The web console's pages are HTML for people, not API: outside the document, and
        // served here (the public URL is https).
        assert!(served.contains("GET /console") && served.contains("POST /console/queue/decide"));
        let undocumented: Vec<&String> = served
            .difference(&documented)
            .filter(|r| !r.split(' ').nth(1).unwrap_or("").starts_with("/console"))
            .collect();
        assert_eq!(
            undocumented,
            OUTSIDE_THE_DOCUMENT.iter().collect::<Vec<_>>(),
            "served but not in the OpenAPI document (document the handler with \
             #[utoipa::path] and mount it with routes!, or list it in OUTSIDE_THE_DOCUMENT)"
        );
        let unserved: Vec<&String> = documented.difference(&served).collect();
        assert!(
            unserved.is_empty(),
            "in the document but not served: {unserved:?}"
        );

        // Each documented operation reaches its handler (no routing 404 or 405); the answer
        // is checked against the document by `Api::call`. A 404 must be the API's own.
        for route in &documented {
            let (method, template) = route.split_once(' ').unwrap();
            let operation = &doc["paths"][template][method.to_lowercase()];
            let path = concrete_path(&doc, template, operation);
            let (status, body) = api.call(method, &path, Some(&admin), None).await;
            assert_ne!(status, 405, "{method} {path}");
            assert!(
                status != 404 || body["error"]["code"] == "not_found",
                "{method} {path}: 404 without the API's error body: {body}"
            );
        }
        // The webhooks outside the document are mounted too: refused unsigned, not unknown.
        let client = reqwest::Client::new();
        for (route, refused) in OUTSIDE_THE_DOCUMENT.iter().zip([403, 403, 401]) {
            let path = route.split_once(' ').unwrap().1;
            let status = client
                .post(format!("{}{path}", server.base))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status.as_u16(), refused, "{route}");
        }
    }
}

/// The generated document is well-formed OpenAPI 3.1: info and version, every `$ref`
/// resolves, every path parameter is declared, every security requirement names a scheme,
/// and every schema is valid JSON Schema.
#[tokio::test]
async fn openapi_document_is_valid() {
    let db = &databases()[0];
    let server = Server::start(db, &[], None).await;
    let doc: Value = reqwest::get(format!("{}/api/v1/openapi.json", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{doc}"
    );
    for field in ["title", "version", "description"] {
        assert!(
            !doc["info"][field].as_str().unwrap_or("").is_empty(),
            "info.{field}"
        );
    }

    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in &refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r}: not local"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }

    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("bearer"));
    for (template, item) in doc["paths"].as_object().unwrap() {
        let params: BTreeSet<&str> = template
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, operation) in item.as_object().unwrap() {
            let declared: BTreeSet<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(params, declared, "{method} {template}: path parameters");
            let responses = operation["responses"].as_object().unwrap();
            assert!(!responses.is_empty(), "{method} {template}: no responses");
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().unwrap().keys() {
                    assert!(
                        schemes.contains_key(scheme),
                        "{method} {template}: {scheme}"
                    );
                }
            }
            // API routes say who may call them; only the document and health are open.
            if template.starts_with("/api/v1/") && template != "/api/v1/openapi.json" {
                assert_eq!(
                    operation["security"],
                    json!([{"bearer": []}]),
                    "{method} {template}"
                );
            }
        }
    }

    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        if let Err(e) = jsonschema::meta::validate(schema) {
            panic!("schema {name} is not valid JSON Schema: {e}");
        }
    }
}

fn collect_refs(v: &Value, refs: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get("$ref") {
                refs.push(r.clone());
            }
            o.values().for_each(|x| collect_refs(x, refs));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, refs)),
        _ => {}
    }
}
