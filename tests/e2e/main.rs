//! End-to-end tests of the `renfort` binary. One test binary with modules, so it links once.

mod api;
mod check;
mod cli;
mod console;
mod delivery;
mod fake_telegram;
mod fake_twilio;
mod hostile_text;
mod outage;
mod receipts;
mod security;
mod sms;
mod staff;
mod support;
mod telegram;
