//! Renfort's core: domain, sans-IO conversation engine, gazetteer, store, i18n and outbox.

pub mod clock;
pub mod delivery;
pub mod domain;
pub mod engine;
pub mod geo;
pub mod i18n;
pub mod import;
pub mod metrics;
pub mod principal;
pub mod redact;
pub mod render;
pub mod retry;
pub mod secret;
pub mod seed;
pub mod service;
pub mod store;
pub mod text;
