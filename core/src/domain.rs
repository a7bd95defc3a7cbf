//! Domain vocabulary shared by the engine, the store and the channels.

use serde::{Deserialize, Serialize};

/// Where a message comes from or goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Sms,
    Telegram,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Telegram => "telegram",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "sms" => Some(Channel::Sms),
            "telegram" => Some(Channel::Telegram),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}

/// The four vital missions of the reserve, fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Domain {
    /// Food and emergency aid.
    Food = 1,
    /// Exceptional childcare for health workers' children or child-welfare structures.
    Childcare = 2,
    /// Keeping in touch with isolated fragile people; can be done remotely.
    KeepingInTouch = 3,
    /// Local solidarity: essential shopping for fragile neighbours.
    Shopping = 4,
}

impl Domain {
    pub const ALL: [Domain; 4] = [
        Domain::Food,
        Domain::Childcare,
        Domain::KeepingInTouch,
        Domain::Shopping,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: i64) -> Option<Domain> {
        Domain::ALL.into_iter().find(|d| i64::from(d.number()) == n)
    }

    pub fn bit(self) -> u8 {
        1 << (self.number() - 1)
    }
}

/// A set of domains, stored as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Domains(pub u8);

impl Domains {
    pub fn contains(self, d: Domain) -> bool {
        self.0 & d.bit() != 0
    }

    pub fn insert(&mut self, d: Domain) {
        self.0 |= d.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Domain> {
        Domain::ALL.into_iter().filter(move |d| self.contains(*d))
    }
}

macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        // Serialized as the same text as `as_str` (a lowercase rule would drop the `_` of
        // `operateur_public`).
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        // By hand, not derived: the derive does not see the renames a macro hands it, and
        // would document the variants' Rust names.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let doc: &[&str] = &[$($doc),*];
                let doc = doc.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .description((!doc.is_empty()).then_some(doc))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

string_enum!(
    /// Mission statuses of the reference platform.
    MissionStatus {
        Draft = "draft",
        Pending = "pending",
        Validated = "validated",
        Full = "full",
        Finished = "finished",
        Cancelled = "cancelled",
        Reported = "reported",
    }
);

string_enum!(
    /// A volunteer's intent for one mission.
    ParticipationStatus {
        Held = "held",
        Sent = "sent",
        Contacted = "contacted",
        Accepted = "accepted",
        Declined = "declined",
        Cancelled = "cancelled",
    }
);

string_enum!(
    VolunteerStatus {
        Registering = "registering",
        Pending = "pending",
        Validated = "validated",
        Refused = "refused",
        Erased = "erased",
    }
);

string_enum!(
    StructureStatus {
        Pending = "pending",
        Validated = "validated",
        Refused = "refused",
    }
);

string_enum!(
    /// Whether a département's moderators validate each volunteer by hand.
    ValidationRule {
        Required = "required",
        Auto = "auto",
    }
);

string_enum!(
    /// What a moderator validates or refuses.
    ItemKind {
        Volunteer = "volunteer",
        Mission = "mission",
        Structure = "structure",
    }
);

string_enum!(
    /// Who works for Renfort's users, as named in invitations.
    StaffRole {
        Referent = "referent",
        Moderator = "moderator",
    }
);

string_enum!(
    /// What a caller of the API (or the console) may do: admins everything, moderators in
    /// their départements, referents for their structure (see [`crate::principal`]).
    Role {
        Admin = "admin",
        Moderator = "moderator",
        Referent = "referent",
    }
);

string_enum!(
    /// What a structure is, as the reference platform names it.
    StructureKind {
        Association = "association",
        Ccas = "ccas",
        Mdph = "mdph",
        Collectivite = "collectivite",
        OperateurPublic = "operateur_public",
        Autre = "autre",
    }
);

string_enum!(
    /// Where an outbox row stands. `pending`: waits for its due time; `sending`: claimed by a
    /// sender (read as due once its lease ended: that sender died before recording the
    /// outcome); `checking`: the last attempt's outcome is unknown, the provider's record
    /// decides; `held`: kept aside until the contact sends START; then closed as `sent`,
    /// `failed`, `dropped` (never sent: the contact stopped or was erased) or `unknown` (maybe
    /// sent and the provider keeps no record to check: never resent).
    OutboxStatus {
        Pending = "pending",
        Sending = "sending",
        Checking = "checking",
        Held = "held",
        Sent = "sent",
        Failed = "failed",
        Dropped = "dropped",
        Unknown = "unknown",
    }
);

impl OutboxStatus {
    /// A sender may take a row in these states once it is due.
    pub const OPEN: [OutboxStatus; 3] = [
        OutboxStatus::Pending,
        OutboxStatus::Checking,
        OutboxStatus::Sending,
    ];

    /// Not closed yet: open, or held until START. A row in these states still waits to be
    /// sent, so its text and address are kept.
    pub const UNSETTLED: [OutboxStatus; 4] = [
        OutboxStatus::Pending,
        OutboxStatus::Sending,
        OutboxStatus::Checking,
        OutboxStatus::Held,
    ];

    /// The last attempt may have reached the provider (`checking`, or `sending` read back
    /// after its lease ended): its record decides what happens next.
    pub fn outcome_unknown(self) -> bool {
        matches!(self, OutboxStatus::Checking | OutboxStatus::Sending)
    }
}

/// Shown as their stored text, in messages and tables.
impl std::fmt::Display for StructureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl StructureKind {
    pub const ALL: [StructureKind; 6] = [
        StructureKind::Association,
        StructureKind::Ccas,
        StructureKind::Mdph,
        StructureKind::Collectivite,
        StructureKind::OperateurPublic,
        StructureKind::Autre,
    ];
}

impl ParticipationStatus {
    /// Intents that still hold a place: the volunteer has not withdrawn and the structure has
    /// not declined.
    pub const OPEN: [ParticipationStatus; 4] = [
        ParticipationStatus::Held,
        ParticipationStatus::Sent,
        ParticipationStatus::Contacted,
        ParticipationStatus::Accepted,
    ];

    /// How a referent may answer an alert.
    pub fn is_referent_answer(self) -> bool {
        matches!(
            self,
            ParticipationStatus::Contacted
                | ParticipationStatus::Accepted
                | ParticipationStatus::Declined
        )
    }
}

/// Volunteers choose how far they will travel; remote missions ignore it.
pub const DEFAULT_RADIUS_KM: u32 = 10;
pub const MAX_RADIUS_KM: u32 = 50;

/// Shows a French mobile number the way people write it ("06 39 98 00 01"); other numbers keep
/// their international form.
pub fn display_phone(e164: &str) -> String {
    if let Some(rest) = e164.strip_prefix("+33")
        && rest.len() == 9
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        let digits = format!("0{rest}");
        let pairs: Vec<&str> = (0..5).map(|i| &digits[i * 2..i * 2 + 2]).collect();
        return pairs.join(" ");
    }
    e164.to_string()
}

/// Keeps the last two digits only, for logs.
pub fn redact_address(address: &str) -> String {
    let n = address.chars().count();
    if n <= 2 {
        return "**".to_string();
    }
    let tail: String = address.chars().skip(n - 2).collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_display_and_redact() {
        assert_eq!(display_phone("+33639980001"), "06 39 98 00 01");
        assert_eq!(display_phone("+447700900123"), "+447700900123");
        assert_eq!(redact_address("+33639980001"), "…01");
    }

    #[test]
    fn domains_mask() {
        let mut d = Domains::default();
        d.insert(Domain::Food);
        d.insert(Domain::KeepingInTouch);
        assert_eq!(d.0, 0b101);
        assert_eq!(
            d.iter().collect::<Vec<_>>(),
            vec![Domain::Food, Domain::KeepingInTouch]
        );
        assert_eq!(MissionStatus::parse("full"), Some(MissionStatus::Full));
    }

    #[test]
    fn string_enums_serialize_as_their_text() {
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        let kind = StructureKind::OperateurPublic;
        assert_eq!(json(serde_json::to_value(kind).unwrap()), kind.as_str());
        assert_eq!(kind.as_str(), "operateur_public");
        let back: StructureKind = serde_json::from_str("\"operateur_public\"").unwrap();
        assert_eq!(back, kind);
        let status = ParticipationStatus::Cancelled;
        assert_eq!(json(serde_json::to_value(status).unwrap()), "cancelled");
        for status in OutboxStatus::UNSETTLED {
            assert_eq!(OutboxStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OutboxStatus::parse("unknown"), Some(OutboxStatus::Unknown));
        assert!(
            OutboxStatus::Sending.outcome_unknown() && !OutboxStatus::Pending.outcome_unknown()
        );
    }
}
