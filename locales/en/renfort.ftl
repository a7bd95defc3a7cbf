# Renfort — English texts. Keep SMS texts to one segment (160 GSM-7 characters) except mission
# lists and details (three at most).

## Registration

welcome-consent = Welcome to Renfort, the civic reserve! To sign up, please accept our terms: { $url } Reply YES or NO. En français : LANGUE
consent-refused = Without your consent we cannot sign you up. Reply YES if you change your mind.
consent-reask = Reply YES to accept our terms and sign up, or NO.
ask-first-name = Thank you! What is your first name?
first-name-invalid = Sorry, I did not get that. Please send only your first name, for example: Marie
ask-place = Thank you, { $name }! Where do you live? Send your postal code or the name of your town, for example: { $example_code } or { $example_town }
place-found = Got it: { $commune } ({ $departement }).
place-choose = Several towns:
place-did-you-mean = I cannot find "{ $input }". Did you mean:
place-option = { $n } { $commune } ({ $departement })
place-option-label = { $commune } ({ $departement })
place-choose-footer = Reply with the number or the name.
place-not-found = I cannot find "{ $input }". Send your postal code or the name of your town, for example: { $example_code } or { $example_town }
place-empty = Send your postal code (5 digits) or the name of your town, for example: { $example_code } or { $example_town }
location-not-expected = Thank you! To change your town, send EDIT.
location-outside = This location is not in France. Send your postal code or the name of your town.
ask-on-site = On-site missions are for adults under 70 in good health. Is that you? Reply YES or NO.
on-site-reask = Reply YES if you are 18 to 69 and in good health. Otherwise NO: you will get remote missions.
remote-only = Thank you. To keep you safe, we will offer you remote missions: calling or writing to isolated people.
ask-domains = Which missions?
    1 Food aid
    2 Childcare for health workers
    3 Calling isolated people
    4 Shopping for fragile neighbours
    One or more numbers, e.g. 1 3
domain-name = { $domain ->
    [1] Food aid
    [2] Childcare
    [3] Keeping in touch
   *[4] Shopping for neighbours
}
domains-reask = Reply with the numbers or the names:
    1 Food aid
    2 Childcare
    3 Calling isolated people
    4 Shopping
    E.g. 1 3
ask-availability = Last question: when are you available? (e.g. evenings, weekends) Or reply SKIP.
availability-too-long = That is a bit long: your availability in a few words, or SKIP.
registered-pending = Thank you, { $name }! You are signed up. A moderator for département { $departement } will validate it. Send MISSIONS to see { $onsite ->
    [no] remote missions.
   *[yes] missions near you.
}
registered-validated = Thank you, { $name }! You are signed up. Send MISSIONS to see { $onsite ->
    [no] remote missions.
   *[yes] missions near you.
}
profile-updated = Got it, { $name }: your profile is up to date. Send MISSIONS to see missions.
registration-not-finished = Let us finish signing you up first, it is nearly done. Please answer this question:

## Keywords

help = MISSIONS: the list (a number: details). YES and the number: help. MY MISSIONS: withdraw. PROFILE: your details. A question? Just write it. STOP: no more texts.
help-registering = Renfort connects volunteers and organisations. To finish signing up, answer this question (STOP to receive nothing more):
flood-paused = You sent us a lot of messages: Renfort pauses for a few minutes before answering you again. Thank you for your patience!
staff-stopped = You will receive no more messages from Renfort: your alerts go to your colleagues, or wait for your return. Send START to resume.
staff-resumed = Welcome back to Renfort! You receive your alerts again, and those that waited for you are on their way.
staff-already-active = You already receive Renfort's alerts. Send HELP to see what to reply.
staff-console-link = Your link to the Renfort console (valid 15 minutes, once only): { $link } Do not forward it to anyone.
staff-console-unavailable = The web console is not open on this Renfort server. Send HELP for the message commands.
stopped = You will receive no more messages from Renfort. Send START to resume.
resumed = Welcome back to Renfort! Let us go on signing you up:
already-active = You already receive our messages. To go on signing up, please answer this question:
language-set = Language: English. Envoyez LANGUE pour le français.
confirm-erase = Erase all your data (profile, missions)? Reply YES to confirm, NO to keep your profile.
erased = Your data has been erased. Thank you for your help! Write to us any time to come back.
erase-cancelled = Nothing was erased, your profile is kept. Send MISSIONS to see missions.
profile = Your profile: { $name }, { $commune } ({ $departement })
    Missions: { $domains }
    { $onsite ->
        [yes] On site, up to { $radius } km
       *[no] Remote
    }
    Availability: { $has_availability ->
        [yes] { $availability }
       *[no] not given
    }
    { $status ->
        [validated] Registration validated
       *[other] Registration awaiting validation
    }
    EDIT to change, DELETE to erase everything.

text-only = I can only read text messages. Please send your answer as text, or HELP.

## Missions

missions-header = { $onsite ->
    [yes] Missions near you:
   *[no] Remote missions for you:
}
mission-line = { $n }. { $title } - { $commune } { $approx ->
    [yes] about { $km } km
   *[no] { $km } km
}
mission-line-remote = { $n }. { $title } - remote
mission-line-gone = { $n }. (no longer available)
mission-line-offered = { $n }. { $title } (you offered to help)
missions-footer-more = A number = details, YES { $first } = I will help, MORE = next.
no-missions = { $onsite ->
    [yes] No open mission within { $radius } km ({ $commune }) for now. Send RADIUS { $wider } to search further.
   *[no] No open mission for you for now. We will write when there is one. HELP for help.
}
no-more-missions = You have seen the whole list ({ $count ->
    [one] 1 mission
   *[other] { $count } missions
}). { $onsite ->
    [yes] Send RADIUS { $wider } to search further, or MISSIONS to see the list again.
   *[no] Send MISSIONS to see the list again.
}
list-first = Send MISSIONS first to see the list.
number-out-of-range = Choose a number from 1 to { $max }, the ones on the list. { $more ->
    [yes] MORE for the next ones, MISSIONS to see the list again.
   *[no] Or send MISSIONS to see the list again.
}
mission-details = { $title } ({ $structure }). { $description } When: { $schedule }. { $places ->
    [one] 1 place left
   *[other] { $places } places left
}.
mission-place = Where: { $commune }, { $approx ->
    [yes] about { $km } km
   *[no] { $km } km
} away.
mission-remote = Remote, from home.
mission-details-footer = YES to help, MISSIONS for the list.
mission-unavailable = This mission is no longer available. Send MISSIONS to see the others.
intent-sent = Thank you! We are telling { $structure }: they will call you about "{ $title }".
intent-held = Thank you! Once your registration is validated, we will tell { $structure } and they will call you.
intent-already = You already offered to help with this mission: the organisation will { $phone ->
    [no] write to you here.
   *[yes] call you.
} MISSIONS to see others.
intent-refused-volunteer = Your registration was not validated, so you cannot offer help. Send HELP to learn more.
yes-without-mission = Which mission? Send MISSIONS, then YES and the number (e.g. YES 1).
no-thanks = All right! Send MISSIONS whenever you like.
not-understood = Sorry, I did not understand. Send MISSIONS to see missions, HELP for help.
radius-set = Got it: missions up to { $radius } km. Send MISSIONS for the list.
radius-invalid = Send RADIUS and a number from 1 to { $max }, for example: RADIUS 20

## Buttons (Telegram)

choice-yes = Yes
choice-no = No
choice-skip = Skip
choice-details = Details { $n }
choice-help = I'll help ({ $n })
choice-help-this = I'll help
choice-more = More missions
choice-done = Done
choice-share-location = Share my location
choice-share-phone = Share my phone number

## Moderation and relay

volunteer-validated = Good news, { $name }: your registration is validated! Send MISSIONS to see missions near you.
volunteer-validated-relayed = Good news, { $name }: registration validated! { $count ->
    [one] The organisation of your mission has been told and will { $phone ->
        [no] write to you here.
       *[yes] call you.
    }
   *[other] The organisations of your { $count } missions have been told and will { $phone ->
        [no] write to you here.
       *[yes] call you.
    }
}
volunteer-refused = Your Renfort registration was not accepted. Thank you for wanting to help.
referent-alert = Renfort: { $name } wants to help with "{ $title }". Call { $contact }. Then reply OK { $code } if it works out, NO { $code } if not.
referent-alert-telegram = Renfort: { $name } wants to help with "{ $title }". Telegram: { $contact }. Reply OK { $code } if it works out, NO { $code } if not.

## Telegram

phone-linked = Thank you! Your number is linked: you are the same person by SMS and on Telegram.
contact-not-yours = Thank you, but please share your own number with the "Share my phone number" button.
referent-linked = Done: you will receive the alerts of your organisation ({ $structure }) here.
moderator-linked = Done: you will receive the moderation queue here ({ $departements }).
invite-invalid = This invitation link is not valid or was already used. Please ask for a new one.

## Structures

choice-contacted = Called
choice-accepted = Accepted
choice-declined = Not needed
referent-help = OK n (help accepted), NO n (not taken), CALLED n (no answer yet), MSG n text; n = alert number. WHO: who is waiting. MY MISSIONS, then FULL and its number.
referent-unknown-code = I cannot find alert { $code } for your organisation. Please check the number.
referent-answer-closed = Alert { $code } is already closed (cancelled or declined).
referent-answer-recorded = Noted for alert { $code }: { $status ->
    [accepted] help accepted
    [declined] not needed, the place is free again
   *[contacted] volunteer called
}. Thank you!
referent-answer-already = Alert { $code } was already noted: { $status ->
    [accepted] help accepted
    [declined] not needed
   *[contacted] volunteer called
}. Nothing is sent to the volunteer again.
intent-accepted = Good news: { $structure } confirms your help with "{ $title }". Thank you!
intent-declined = { $structure } no longer needs you for "{ $title }". Thank you! MISSIONS to see others.
moderator-help = Renfort moderation: QUEUE to see the items, VALIDATE n or REFUSE n reason (UNDO if mistaken), MORE for the next page. MSG n text: answer a question.
referent-reminder = Renfort reminder: { $name } has waited 2 days for your call about "{ $title }" ({ $contact }). Reply OK { $code } or NO { $code }.
mission-announce = Renfort: a new mission near you, "{ $title }", { $commune } ({ $approx ->
    [yes] about { $km } km
   *[no] { $km } km
}). MISSIONS to see it, STOP to receive nothing more.
mission-announce-remote = Renfort: a new remote mission, "{ $title }". Send MISSIONS to see it, STOP to receive nothing more.

## Moderation

moderator-escalation = Renfort: alert { $code } unanswered for 5 days ({ $structure }, "{ $title }"). Could you follow it up?
moderation-item = To validate ({ $departement }): { $kind } { $id }, { $summary }
moderation-item-volunteer = To validate ({ $departement }): volunteer { $id }, { $name }, { $commune }: { domain-set }, { $onsite ->
    [yes] on site
   *[no] remote
}{ $age_given ->
    [yes] , age { $age }
   *[no] {""}
}
choice-validate = Validate
choice-refuse = Refuse
moderation-done = Done: { $kind } { $id } { $approved ->
    [yes] validated.
   *[no] refused. { $kind ->
        [structure] UNDO to take it back.
       *[other] The refusal goes out in { $minutes } min (UNDO until then to take it back).
    }
}
moderation-not-pending = Item { $id } is no longer pending.
moderation-queue-empty = Nothing to validate for now. Thank you!

## My missions

my-missions-none = You have not offered help with any mission. Send MISSIONS to see some.
my-missions-header = Your missions:
my-missions-header-missing = Number { $n } is not among your missions. Here they are:
my-mission-line = { $n }. { $title } ({ $status ->
    [held] organisation told once you are validated
    [sent] { $phone ->
        [no] the organisation will write to you
       *[yes] the organisation will call
    }
    [contacted] called
   *[accepted] accepted
})
my-missions-footer = WITHDRAW and the number to step back (e.g. WITHDRAW 1).
intent-cancelled = Noted, you no longer take part in "{ $title }". The place is free again. Thank you!
referent-intent-withdrawn = Renfort: { $name } can no longer help with "{ $title }" (alert { $code }). The place is open again.
referent-intent-erased = Renfort: the volunteer of alert { $code } ("{ $title }") erased their data: please do not call them. The place is open again.

## Conversation (issue 11)

edit-place = Where do you live now? Send your postal code or the name of your town, for example: { $example_code } or { $example_town }
place-reask = I need the name of your town or its postal code, for example: { $example_code } or { $example_town }
place-far = "{ $input }": is it this town, far from Renfort's missions?
edit-first-name = Which first name should we use?
edit-availability = When are you available? (e.g. evenings, weekends) Or reply SKIP.
edit-menu = What would you like to change?
    1 First name
    2 Town
    3 On site or remote
    4 Chosen missions
    5 Availability
    Reply with the number, or MISSIONS for the list.
edit-option = { $n ->
    [1] First name
    [2] Town
    [3] On site or remote
    [4] Chosen missions
   *[5] Availability
}
edit-menu-reask = Reply with a number from 1 to { $max } to choose what to change, or MISSIONS to see missions.
edit-remote-domains = Remote missions are calls and letters to isolated people. For other missions (on site), reply 3.
help-editing = You are changing your profile. Answer this question, or send MISSIONS to go back to missions:
already-active-ready = You already receive our messages. Send MISSIONS to see missions, HELP for help.
resumed-ready = Welcome back to Renfort! You will receive our messages again. Send MISSIONS to see missions.
language-set-ready = Language: English. Send MISSIONS to see missions. Envoyez LANGUE pour le français.
you-are-welcome = You are welcome, and thank you! Send MISSIONS to see missions, HELP for help.
you-are-welcome-registering = You are welcome! To finish signing up, please answer this question:
greeting-ready = Hello, { $name }! Send MISSIONS to see missions near you, HELP for help.
erase-cancelled-registering = Nothing was erased. Let us go on:
profile-review = Noted. A moderator for département { $departement } will review your profile. Until then, new offers of help will wait; your current missions stay. MISSIONS for the list.
missions-footer-end = End of the list. A number = details, YES { $first } = I will help.{ $onsite ->
    [yes] {" "}RADIUS { $wider } to search further.
   *[no] {""}
}
mission-line-structure = { $n }. { $title } ({ $structure }) - { $commune } { $approx ->
    [yes] about { $km } km
   *[no] { $km } km
}
mission-line-remote-structure = { $n }. { $title } ({ $structure }) - remote


## Conversation (issue 11)

referent-alert-availability = Available: { $availability }


## Conversation (issue 11)

place-far-several = "{ $input }": no town of that name near Renfort's missions. Is it one of these?

## Staff by SMS: referents and moderators

referent-alert-relay = Renfort: { $name } wants to help with "{ $title }", no phone. Write to them: MSG { $code } your text. Then OK { $code } or NO { $code }.
referent-no-pending = No alert is waiting for your organisation. MY MISSIONS to see your missions, HELP for the commands.
referent-which-alert = Several alerts are waiting ({ $codes }). Give the number or the first name, e.g. OK { $code }. WHO for the list.
referent-missions-none = Your organisation has no open mission right now.
referent-missions-header = Your open missions ({ $count }):
referent-mission-line = { $n }. { $title }: { $places ->
    [one] 1 place left
   *[other] { $places } places left
}
referent-missions-footer = FULL and the number to close a mission (e.g. FULL 1).
referent-missions-first = Send MY MISSIONS first, then FULL and the mission's number.
referent-mission-number = That number is not in the list: choose 1 to { $max } (e.g. FULL 1).
referent-mission-closed = Noted: "{ $title }" is full, nobody else will be offered it. Thank you!
referent-mission-not-open = This mission is no longer open. Send MY MISSIONS for the current list.
relay-empty = Write your message after the number, e.g.: MSG { $code } Can you come on Tuesday?
relay-unreachable = Renfort can no longer reach this volunteer (alert { $code }): they receive no more messages.
relay-to-volunteer = Message from { $structure }: "{ $text }" Reply here, Renfort passes it on.
relay-sent = Message passed on to { $name } (alert { $code }). Their reply will come here.
relay-from-volunteer = Renfort: reply from { $name } (alert { $code }): "{ $text }" MSG { $code } to answer.
relay-delivered = Thank you, your message is passed on to { $structure }.
moderator-queue-first = Send QUEUE first to see the items, then VALIDATE or REFUSE and their number.
moderator-number = That number is not in the queue shown: choose 1 to { $max } (e.g. VALIDATE 1).
moderator-queue-header = { $count ->
    [one] 1 item to validate:
   *[other] { $count } items to validate:
}
moderator-line-volunteer = { $n }. { $name } ({ $commune }): { domain-set }, { $onsite ->
    [yes] on site
   *[no] remote
}{ $age_given ->
    [yes] , age { $age }
   *[no] {""}
}
moderator-line = { $n }. { $kind ->
    [mission] Mission
   *[structure] Organisation
}: { $summary }
moderator-queue-footer = VALIDATE { $first } or REFUSE { $first } reason (the line's number).
moderator-queue-footer-more = VALIDATE { $first } or REFUSE { $first } reason. MORE for the next ones.
moderator-queue-end = End of the queue ({ $count } waiting). QUEUE to see it again from the start.
moderator-digest = Renfort: { $count ->
    [one] 1 item awaits
   *[other] { $count } items await
} your validation ({ $departements }). Send QUEUE to see them.
volunteer-refused-reason = Your Renfort registration was not accepted: { $reason }. Thank you for wanting to help.
moderator-picked = Done: { $n }. { $label }: { $kind ->
    [volunteer] sign-up
    [mission] mission
   *[structure] structure
} { $approved ->
    [yes] validated. QUEUE for the current queue.
   *[no] refused. { $kind ->
        [structure] UNDO to take it back.
       *[other] The refusal goes out in { $minutes } min (UNDO until then to take it back).
    }
}
moderator-picked-not-pending = Line { $n } is no longer pending: already handled. QUEUE for the current queue.
