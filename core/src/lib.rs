//! Renfort's core: domain, sans-IO conversation engine, gazetteer, store, i18n and outbox.

pub mod geo;
pub mod text;
