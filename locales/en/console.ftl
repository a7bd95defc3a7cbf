# The web console of referents and moderators. Read on a screen: these texts are not held
# to the SMS alphabet and budget.

console-skip = Skip to content
console-nav-label = Main menu
console-nav-home = To do
console-nav-queue = Validation queue
console-nav-structures = Structures
console-nav-figures = Figures
console-nav-journal = Journal
console-nav-missions = Missions
console-nav-intents = Offers to help
console-logout = Sign out

console-ago = { $unit ->
    [now] just now
    [days] { $n } d ago
    [hours] { $n } h ago
   *[minutes] { $n } min ago
}

console-signed-out-title = Sign in to the console
console-signed-out-body = You are not signed in. Send CONSOLE to Renfort by SMS or on Telegram: you will get a sign-in link, valid for 15 minutes.
console-not-found-title = Page not found
console-not-found-body = This page does not exist, or it is not yours to see. Go back to the console's home.
console-forbidden-title = Action refused
console-forbidden-body = This form did not come from the console, or it expired. Reload the page and try again.
console-internal-title = Server error
console-internal-body = An error keeps us from showing this page. Try again in a moment; nothing was lost.

console-login-title = Sign in to the Renfort console
console-login-body = This link works once. Press the button to open your session on this device.
console-login-button = Open my session
console-link-gone-title = Link expired or already used
console-link-gone-body = This sign-in link was already used or has expired (it lasts 15 minutes). Send CONSOLE to Renfort again to get another one.

console-home-title = To do
console-home-departements = Your départements: { $list }
console-count-volunteers = { $n ->
    [0] No volunteer waiting
    [one] 1 volunteer waiting
   *[other] { $n } volunteers waiting
}
console-count-missions = { $n ->
    [0] No mission waiting
    [one] 1 mission waiting
   *[other] { $n } missions waiting
}
console-count-structures = { $n ->
    [0] No structure waiting
    [one] 1 structure waiting
   *[other] { $n } structures waiting
}
console-waiting-since = the oldest has waited since { $ago }
console-count-unanswered = { $n ->
    [0] No offer to help unanswered for 48 h
    [one] 1 offer to help unanswered for 48 h
   *[other] { $n } offers to help unanswered for 48 h
}
console-count-undelivered = { $n ->
    [0] No undelivered message
    [one] 1 undelivered message
   *[other] { $n } undelivered messages
}

console-queue-title = Validation queue
console-queue-caption = Waiting for validation, oldest first
console-queue-count = { $n ->
    [0] Nothing waiting with these filters.
    [one] 1 item waiting (page { $page } of { $pages }).
   *[other] { $n } items waiting (page { $page } of { $pages }).
}
console-queue-empty = Nothing to validate for now.
console-filter-kind = Kind
console-filter-all = All
console-filter-commune = Commune
console-filter-domain = Domain
console-filter-days = Waiting for at least (days)
console-filter-apply = Filter
console-kind-volunteer = Volunteer
console-kind-mission = Mission
console-kind-structure = Structure
console-col-select = Select
console-col-kind = Kind
console-col-who = Who
console-col-where = Where
console-col-domains = Domains
console-col-waiting = Waiting
console-col-name = Name
console-col-departement = Département
console-col-status = Status
console-col-title = Title
console-col-places = Places taken
console-col-when = When
console-col-path = Through
console-col-action = Action
console-col-what = What
console-col-detail = Detail
console-remote-only = remote only
console-remote = Remote
console-on-site = on site possible
console-queue-age = aged { $age }
console-queue-availability = Free: { $availability }
console-bulk-legend = For the ticked items
console-reason = Reason (sent to the person if refused)
console-validate-selected = Validate the selection
console-refuse-selected = Refuse the selection
console-validate = Validate
console-refuse = Refuse
console-undo = Undo this refusal (it only goes out after { $minutes } min)
console-decided = { $action ->
    [validated] { $n ->
        [0] Nothing validated: those items were already dealt with.
        [one] 1 item validated. The person has been told.
       *[other] { $n } items validated. Each person has been told.
    }
    [undone] Refusal undone before it went out: nobody received it. The item awaits a decision again.
    [undone-heard] Refusal undone: it had already gone out, and the person has been told of the mistake. The item awaits a decision again.
    [too-late] This refusal can no longer be undone here: it is more than { $minutes } min old, or another decision has been made since.
   *[refused] { $n ->
        [0] Nothing refused: those items were already dealt with.
        [one] 1 item refused. The refusal goes out in { $minutes } min: until then, you can undo it.
       *[other] { $n } items refused. The refusals go out in { $minutes } min.
    }
}
console-table-region = Table, scrolling on a small screen
console-pages = Pages
console-previous = Previous page
console-next = Next page
console-older = Older

console-volunteer-title = Volunteer: { $name }
console-field-status = Status
console-field-commune = Commune
console-field-on-site = On site
console-field-domains = Domains
console-field-availability = Availability
console-field-language = Language
console-field-channels = Channels
console-field-registered = Registered on
console-field-consent = Consent
console-status-registering = registering
console-status-pending = waiting for validation
console-status-validated = validated
console-status-refused = refused
console-status-erased = data erased
console-thread-title = Messages exchanged
console-thread-empty = No message.
console-thread-from = received
console-thread-to = sent
console-delivery-pending = queued
console-delivery-sending = being sent
console-delivery-checking = being checked
console-delivery-held = held (the person sent STOP)
console-delivery-sent = sent
console-delivery-failed = not delivered
console-delivery-dropped = given up
console-delivery-unknown = unknown
console-receipt-queued = accepted by the carrier
console-receipt-sent = on its way to the phone
console-receipt-delivered = delivered
console-receipt-undelivered = not delivered
console-receipt-failed = sending failed
console-receipt-error = { $code ->
    [30003] 30003: phone unreachable or off
    [30005] 30005: unknown or inactive number
    [30006] 30006: landline or unreachable carrier
    [30007] 30007: filtered by the carrier
   *[other] code { $code }
}
console-erase-title = Erase the data
console-erase-body = The first name, commune, availability and contact details will be erased for good. Structures already told are warned. Only anonymous figures remain.
console-erase-confirm = I confirm the erasure
console-erase-button = Erase the data

console-structures-title = Structures
console-structures-caption = Structures of your départements
console-referents-title = Referents
console-referents-empty = No referent for this structure.
console-invite = Invite { $name } on Telegram
console-invite-made = Invitation made, valid 7 days and once only. Pass this message to the referent, who sends it to the Renfort bot on Telegram:
console-missions-title = Your structure's missions
console-missions-caption = Missions
console-missions-empty = No mission yet.
console-mission-pending = waiting for validation
console-mission-validated = open
console-mission-full = full
console-mission-finished = finished
console-mission-cancelled = cancelled
console-mission-draft = draft
console-mission-reported = reported

console-figures-title = Figures
console-figures-caption = Figures per département
console-figures-as-of = Figures counted at { $time } (counted again at most every minute).
console-figures-csv = Download these figures (CSV)
console-figure-registered = Volunteers registered
console-figure-validated = Validated
console-figure-pending = Waiting
console-figure-stopped = Opted out (STOP)
console-figure-erased = Data erased
console-figure-relayed = Offers relayed
console-figure-accepted = Help accepted
console-figure-declined = Not taken

console-journal-title = Journal
console-journal-caption = Who did what, newest first
console-journal-empty = Nothing in the journal yet.
console-action-validated = validated
console-action-refused = refused
console-action-undone = refusal undone
console-action-erased = data erased
console-action-answered = answered
console-action-created = created
console-action-changed = changed

console-referent-structure = Structure: { $name }
console-count-intents = { $n ->
    [0] No offer to help waits for your answer
    [one] 1 offer to help waits for your answer
   *[other] { $n } offers to help wait for your answer
}
console-count-open-missions = { $n ->
    [0] No open mission
    [one] 1 open mission
   *[other] { $n } open missions
}
console-mission-new = Post a mission
console-mission-create = Post the mission
console-mission-errors = The mission is not posted. To correct:
console-field-title = Title
console-field-domain = Domain
console-field-description = Description
console-field-place = Commune or postal code
console-field-place-help = For example: Béthune, or 62400. Leave empty for a remote mission.
console-field-remote = Remote mission
console-field-places = Number of places
console-field-schedule = Hours
console-field-starts = Start
console-field-ends = End
console-save-places = Save the places
console-mission-finish = Mark finished
console-mission-cancel = Cancel the mission
console-import-title = Import a CSV file
console-import-help = A CSV file, one mission a line, with these columns (the first line names them; the structure column may be left out). Nothing is saved while a line needs fixing.
console-import-file = CSV file
console-import-send = Check and import
console-import-errors = Nothing imported. To fix:
console-import-line = Line { $line }:
console-import-not-text = the file is not text (a CSV saved as UTF-8?)
console-mission-imported = { $n ->
    [0] No mission added
    [one] 1 mission added: it awaits a moderator's validation
   *[other] { $n } missions added: they await a moderator's validation
}{ $skipped ->
    [0] .
   *[other] . Already imported (same ref), left out: { $skipped } line(s).
}
console-mission-edit = Change the title or the description
console-mission-save-text = Save the text
console-mission-text-saved = Saved: volunteers will see the new text.
console-mission-text-refused = Text not saved: the title must have 1 to 60 characters, the description at most 500, with no invisible character.

console-intents-title = Offers to help
console-intents-empty = No offer to help yet.
console-intent-held = waiting for the volunteer's validation
console-intent-sent = waiting for your answer
console-intent-contacted = called
console-intent-accepted = help accepted
console-intent-declined = not taken
console-intent-cancelled = withdrawn
console-alert-age = alert { $ago }
console-call = Call { $phone }
console-answer-ok = Help accepted
console-answer-called = I called them
console-answer-no = Not taken
console-relay-label = Write to the volunteer (they do not see your number, and their answer reaches you by SMS or Telegram)
console-relay-send = Send the message
console-relay-thread = { $n ->
    [one] 1 message exchanged
   *[other] { $n } messages exchanged
}
console-relay-from-structure = Your structure
console-relay-from-volunteer = The volunteer
console-answered-relayed = Message sent to the volunteer. Their answer will reach you by SMS or Telegram.
console-answered-unreachable = This volunteer can no longer receive messages (they sent STOP or erased their data).
console-answered-refused = Message not sent: this offer to help is closed, or the message was empty.
console-answered-accepted = Noted: help accepted. The volunteer has been told.
console-answered-contacted = Noted: you called them.
console-answered-declined = Noted: not taken. The volunteer has been told and the place is free again.
