//! Settings from the environment (PRODUCT.md §7).

use renfort_core::service::Config as CoreConfig;

pub struct Settings {
    pub database_url: String,
    pub core: CoreConfig,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    pub fn from_env() -> Settings {
        let defaults = CoreConfig::default();
        Settings {
            database_url: env("DATABASE_URL").unwrap_or_else(|| "sqlite://renfort.db".into()),
            core: CoreConfig {
                terms_version: env("RENFORT_TERMS_VERSION").unwrap_or(defaults.terms_version),
                terms_url: env("RENFORT_TERMS_URL").unwrap_or(defaults.terms_url),
                home_departement: env("RENFORT_DEPARTEMENT").or(Some("62".into())),
            },
        }
    }
}
