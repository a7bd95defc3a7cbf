//! Keyboards: engine choices become inline buttons; share-location and share-phone become a
//! reply keyboard; multi-select choices toggle a tick on the keyboard until "Done".

use renfort_core::engine::{SHARE_LOCATION, SHARE_PHONE};
use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup,
    KeyboardButton, KeyboardMarkup, ReplyMarkup,
};

/// Payload prefix of a multi-select toggle, and the payload of its Done button.
pub const MULTI: &str = "m:";
pub const MULTI_DONE: &str = "m:done";
const TICK: &str = "✅ ";

/// Telegram limits callback data to 64 bytes.
const MAX_CALLBACK: usize = 64;

pub fn markup(choices: &[(String, String)]) -> Option<ReplyMarkup> {
    if choices.is_empty() {
        return None;
    }
    let share: Vec<&(String, String)> = choices
        .iter()
        .filter(|(_, p)| p == SHARE_LOCATION || p == SHARE_PHONE)
        .collect();
    if !share.is_empty() {
        let buttons: Vec<KeyboardButton> = share
            .iter()
            .map(|(label, payload)| {
                let request = if payload == SHARE_LOCATION {
                    ButtonRequest::Location
                } else {
                    ButtonRequest::Contact
                };
                KeyboardButton::new(label.clone()).request(request)
            })
            .collect();
        return Some(ReplyMarkup::Keyboard(
            KeyboardMarkup::new(vec![buttons])
                .resize_keyboard()
                .one_time_keyboard(),
        ));
    }
    let multi = choices.iter().any(|(_, p)| p.starts_with(MULTI));
    let per_row = if multi { 1 } else { 2 };
    let buttons: Vec<InlineKeyboardButton> = choices
        .iter()
        .filter(|(_, p)| p.len() <= MAX_CALLBACK)
        .map(|(label, payload)| InlineKeyboardButton::callback(label.clone(), payload.clone()))
        .collect();
    let rows: Vec<Vec<InlineKeyboardButton>> =
        buttons.chunks(per_row).map(|row| row.to_vec()).collect();
    Some(ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows)))
}

fn callback_data(b: &InlineKeyboardButton) -> Option<&str> {
    match &b.kind {
        InlineKeyboardButtonKind::CallbackData(d) => Some(d.as_str()),
        _ => None,
    }
}

/// Ticks or unticks the button with `payload`, the state living in the keyboard itself.
pub fn toggle(markup: &InlineKeyboardMarkup, payload: &str) -> InlineKeyboardMarkup {
    let rows = markup
        .inline_keyboard
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| {
                    if callback_data(b) != Some(payload) {
                        return b.clone();
                    }
                    let text = match b.text.strip_prefix(TICK) {
                        Some(plain) => plain.to_string(),
                        None => format!("{TICK}{}", b.text),
                    };
                    InlineKeyboardButton::new(text, b.kind.clone())
                })
                .collect()
        })
        .collect::<Vec<Vec<_>>>();
    InlineKeyboardMarkup::new(rows)
}

/// The ticked payloads, as the text answer the engine expects ("1 3").
pub fn ticked(markup: &InlineKeyboardMarkup) -> String {
    markup
        .inline_keyboard
        .iter()
        .flatten()
        .filter(|b| b.text.starts_with(TICK))
        .filter_map(|b| callback_data(b)?.strip_prefix(MULTI))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_select_keeps_its_state_in_the_keyboard() {
        let choices: Vec<(String, String)> = ["1", "2", "3", "4"]
            .iter()
            .map(|n| (format!("Domaine {n}"), format!("{MULTI}{n}")))
            .chain([("Valider".to_string(), MULTI_DONE.to_string())])
            .collect();
        let Some(ReplyMarkup::InlineKeyboard(k)) = markup(&choices) else {
            panic!()
        };
        assert_eq!(k.inline_keyboard.len(), 5, "one per row");
        let k = toggle(&k, "m:1");
        let k = toggle(&k, "m:3");
        let k = toggle(&k, "m:2");
        let k = toggle(&k, "m:2");
        assert_eq!(ticked(&k), "1 3");
        assert!(k.inline_keyboard[0][0].text.starts_with(TICK));
    }

    #[test]
    fn share_buttons_make_a_reply_keyboard() {
        let choices = vec![
            (
                "Partager ma position".to_string(),
                SHARE_LOCATION.to_string(),
            ),
            ("Partager mon numéro".to_string(), SHARE_PHONE.to_string()),
        ];
        match markup(&choices) {
            Some(ReplyMarkup::Keyboard(k)) => {
                assert_eq!(k.keyboard[0].len(), 2);
                assert_eq!(k.keyboard[0][0].request, Some(ButtonRequest::Location));
            }
            other => panic!("{other:?}"),
        }
    }
}
