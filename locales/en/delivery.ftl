## Delivery receipts and promises kept (issue 22)
## GSM-7, one segment each.

intent-no-referent = Thank you! { $structure } cannot be reached right now: our moderators are taking over. MISSIONS for other missions.
intent-sent-no-phone = Thank you! We are telling { $structure }. Share your number to get a call, or they will write to you here.
intent-held-no-phone = Thank you! Once you are validated, we will tell { $structure }. Share your number to get a call, or they will write to you here.

# To moderators: no referent of the structure can receive the alert.
moderator-no-referent = Renfort: no referent of { $structure } can receive alert { $code } ({ $name }, "{ $title }"). Contact: { $reach ->
    [phone] { $contact }
    [handle] Telegram { $contact }
   *[relay] Telegram, no number
}. Please take over.
# To moderators: the alert reached no referent (SMS not delivered).
moderator-alert-undelivered = Renfort: alert { $code } ({ $name }, "{ $title }") could not reach any referent of { $structure }. Contact: { $reach ->
    [phone] { $contact }
    [handle] Telegram { $contact }
   *[relay] Telegram, no number
}. Please take over.

# To referents: the volunteer's number no longer gets SMS.
referent-volunteer-unreachable = Renfort: { $name } (alert { $code }) cannot be reached by SMS: their number does not get our messages. { $telegram ->
    [yes] MSG { $code } to write to them on Telegram.
   *[no] Try calling them.
}
# To the volunteer on Telegram.
volunteer-sms-unreachable = Our SMS no longer reach your number: we will write to you here. Send Renfort an SMS when it works again.
# To the author of a MSG that did not arrive.
relay-undelivered = Renfort: your message to { $name } (alert { $code }) could not be delivered. Try calling them or try again later.
# Added to the validation message: missions whose structure has no referent to reach.
validated-no-referent = { $count ->
    [one] For one mission, the organisation has no referent to reach: a moderator is taking over.
   *[other] For { $count } missions, the organisations have no referent to reach: a moderator is taking over.
}
