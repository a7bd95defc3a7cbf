//! What `/api/v1` reads and writes, as types: the handlers serialize these and the OpenAPI
//! document is derived from them (utoipa), so the two cannot say different things.

use renfort_core::domain::{
    ItemKind, MissionStatus, ParticipationStatus, StructureKind, StructureStatus,
};
use renfort_core::service::structures::Named;
use renfort_core::store::missions::MissionRecord;
use renfort_core::store::participations::StructureParticipation;
use renfort_core::store::structures::StructureRecord;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

/// The document's frame: title, version, the error convention and the two bearer schemes.
/// Paths and schemas are added by the router from the handlers (`utoipa_axum::routes!`).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Renfort API",
        version = "1.0.0",
        description = "Structures, missions, moderation, participations and figures of \
Renfort. Every `/api/v1` endpoint but this document needs `Authorization: Bearer <token>` \
(tokens from `renfort token create`). Admins see everything, moderators their départements, \
referents their structure. Something outside the token's scope is answered exactly as if it \
did not exist (404). Errors: `{\"error\": {\"code\": \"unauthorized|forbidden|not_found|\
invalid|conflict|internal\", \"message\": \"...\"}}`."
    ),
    // Schemas only named as path parameters' types, which `routes!` does not collect.
    components(schemas(ModerationAction, ItemKind)),
    modifiers(&BearerSchemes),
    tags(
        (name = "figures", description = "Figures per département"),
        (name = "moderation", description = "Validating volunteers, missions and structures"),
        (name = "structures", description = "Structures (associations, CCAS, ...)"),
        (name = "missions", description = "Missions offered by structures"),
        (name = "operations", description = "Health and metrics, for operators' tools"),
        (name = "document", description = "This document"),
    )
)]
pub struct ApiDoc;

/// `bearer`: an API token (`renfort token create`); `metrics_token`: `RENFORT_METRICS_TOKEN`.
struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, what) in [
            ("bearer", "an API token from `renfort token create`"),
            (
                "metrics_token",
                "`RENFORT_METRICS_TOKEN`, when the operator set one",
            ),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(what))
                        .build(),
                ),
            );
        }
    }
}

/// A stable error code: `not_found` also answers for things outside the token's scope.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthorized,
    Forbidden,
    NotFound,
    Invalid,
    Conflict,
    Internal,
}

/// Every error of the API.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// For people: what is wrong, in English.
    #[schema(example = "name must have 1 to 120 characters (0)")]
    pub message: String,
}

/// `?departement=`: needed by a moderator of several départements.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DepQuery {
    /// Département code; a moderator's own if they have one only.
    #[param(example = "62")]
    pub departement: Option<String>,
}

/// A structure (association, CCAS, ...).
#[derive(Serialize, ToSchema)]
pub struct Structure {
    pub id: i64,
    #[schema(example = "CCAS d'Arras")]
    pub name: String,
    /// As the reference platform names it.
    pub kind: StructureKind,
    #[schema(example = "62")]
    pub departement: String,
    /// The commune's INSEE code.
    #[schema(example = "62041")]
    pub insee: Option<String>,
    pub status: StructureStatus,
}

impl From<&StructureRecord> for Structure {
    fn from(r: &StructureRecord) -> Structure {
        Structure {
            id: r.id,
            name: r.name.clone(),
            kind: r.kind,
            departement: r.departement.clone(),
            insee: r.insee.clone(),
            status: r.status,
        }
    }
}

/// A new structure, validated at once (created by a moderator or an admin).
#[derive(Deserialize, ToSchema)]
pub struct NewStructure {
    #[schema(
        min_length = 1,
        max_length = 120,
        example = "Banque alimentaire de Lens"
    )]
    pub name: String,
    #[serde(deserialize_with = "kind_named")]
    #[schema(value_type = StructureKind)]
    pub kind: Named<StructureKind>,
    /// Within the moderator's scope.
    #[schema(example = "62")]
    pub departement: String,
    /// A commune of that département.
    #[schema(example = "62498")]
    pub insee: Option<String>,
}

/// Fields to change; absent ones stay.
#[derive(Deserialize, ToSchema)]
pub struct StructurePatch {
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "maybe_kind_named")]
    #[schema(value_type = Option<StructureKind>)]
    pub kind: Option<Named<StructureKind>>,
}

// A kind is read as any word and refused by the service, with the body's other faults and
// only once the caller's scope was checked: a typed field would refuse the whole body first,
// with serde's words.
fn kind_named<'de, D: Deserializer<'de>>(d: D) -> Result<Named<StructureKind>, D::Error> {
    let word = String::deserialize(d)?;
    Ok(StructureKind::parse(&word).into())
}

fn maybe_kind_named<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Named<StructureKind>>, D::Error> {
    let word = Option::<String>::deserialize(d)?;
    Ok(word.map(|w| StructureKind::parse(&w).into()))
}

/// A mission of a structure.
#[derive(Serialize, ToSchema)]
pub struct Mission {
    pub id: i64,
    pub structure_id: i64,
    /// 1 to 4: the reserve's four domains.
    #[schema(minimum = 1, maximum = 4)]
    pub domain: i64,
    #[schema(example = "Courses du mardi")]
    pub title: String,
    pub description: String,
    pub remote: bool,
    #[schema(example = "Arras")]
    pub commune: Option<String>,
    #[schema(example = "62041")]
    pub insee: Option<String>,
    #[schema(example = "62")]
    pub departement: String,
    #[schema(example = "mardi matin")]
    pub schedule: String,
    pub places: i64,
    pub places_taken: i64,
    pub status: MissionStatus,
    /// ISO date.
    #[schema(example = "2020-03-30")]
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

impl From<&MissionRecord> for Mission {
    fn from(r: &MissionRecord) -> Mission {
        Mission {
            id: r.id,
            structure_id: r.structure_id,
            domain: r.domain,
            title: r.title.clone(),
            description: r.description.clone(),
            remote: r.remote,
            commune: r.commune.clone(),
            insee: r.insee.clone(),
            departement: r.departement.clone(),
            schedule: r.schedule.clone(),
            places: r.places,
            places_taken: r.places_taken,
            status: r.status,
            starts_on: r.starts_on.clone(),
            ends_on: r.ends_on.clone(),
        }
    }
}

/// A new mission: the fields of a row of `renfort import missions`. Created by a referent it
/// waits for the département's moderators; by a moderator or an admin it is validated and
/// announced to volunteers nearby.
///
/// Documentation only: the handler reads the body as JSON and checks it with the importer's
/// own rules (`renfort_core::import::from_json`), whose messages name the column at fault.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewMission {
    /// The structure's id or reference (an integer id is accepted too).
    #[schema(example = "1")]
    pub structure: String,
    #[schema(minimum = 1, maximum = 4)]
    pub domain: i64,
    #[schema(max_length = 60, example = "Courses du mardi")]
    pub title: String,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Postal code, commune name or INSEE code, in the structure's département; required
    /// unless remote.
    #[schema(example = "Arras")]
    pub place: Option<String>,
    pub remote: Option<bool>,
    #[schema(minimum = 1, maximum = 500)]
    pub places: i64,
    #[schema(max_length = 80, example = "mardi matin")]
    pub schedule: Option<String>,
    #[schema(format = Date)]
    pub starts_on: Option<String>,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
    /// Your own reference, unique per structure (a second mission with it is a conflict).
    #[schema(rename = "ref")]
    pub reference: Option<String>,
}

/// What may change on a mission; absent fields stay.
#[derive(Deserialize, ToSchema)]
pub struct MissionPatch {
    /// Only `finished` or `cancelled`.
    #[schema(value_type = Option<MissionStatus>)]
    pub status: Option<String>,
    /// At least the places already taken, at most 500.
    #[schema(minimum = 1, maximum = 500)]
    pub places: Option<i64>,
}

/// `?structure=&status=&departement=`, each optional.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MissionQuery {
    /// A structure's id.
    pub structure: Option<i64>,
    /// A mission status (`validated`, `pending`, ...).
    pub status: Option<String>,
    #[param(example = "62")]
    pub departement: Option<String>,
}

/// A volunteer's intent for one of the structure's missions. The volunteer's first name and
/// phone are given once the intent was relayed to the structure, never before.
#[derive(Serialize, ToSchema)]
pub struct Participation {
    pub id: i64,
    pub mission_id: i64,
    pub mission_title: String,
    pub status: ParticipationStatus,
    /// Unix seconds.
    pub created_at: i64,
    pub relayed_at: Option<i64>,
    pub answered_at: Option<i64>,
    pub volunteer_first_name: Option<String>,
    #[schema(example = "+33639980301")]
    pub volunteer_phone: Option<String>,
}

impl From<StructureParticipation> for Participation {
    fn from(r: StructureParticipation) -> Participation {
        // Contacts are shown for missions the volunteer chose, and only once relayed.
        let relayed = r.relayed_at.is_some();
        Participation {
            id: r.id,
            mission_id: r.mission_id,
            mission_title: r.mission_title,
            status: r.status,
            created_at: r.created_at,
            relayed_at: r.relayed_at,
            answered_at: r.answered_at,
            volunteer_first_name: r.first_name.filter(|_| relayed),
            volunteer_phone: r.phone.filter(|_| relayed),
        }
    }
}

/// What a moderator does with a pending item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ModerationAction {
    Approve,
    Refuse,
}

impl ModerationAction {
    pub fn parse(s: &str) -> Option<ModerationAction> {
        match s {
            "approve" => Some(ModerationAction::Approve),
            "refuse" => Some(ModerationAction::Refuse),
            _ => None,
        }
    }
}

/// The API's word for the outcome, whatever the item's stored status becomes.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ModerationOutcome {
    Validated,
    Refused,
}

/// A moderation done.
#[derive(Serialize, ToSchema)]
pub struct Moderated {
    pub kind: ItemKind,
    pub id: i64,
    pub status: ModerationOutcome,
}
