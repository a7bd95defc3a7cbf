## Where Renfort is open

departement-not-open = { $served_count ->
    [0] Renfort is not open in département { $departement } yet. Finish signing up: it will wait until it opens.
   *[other] Renfort is open in: { $served }, not yet in département { $departement }. Finish signing up: it will be kept.
}
registered-not-open = Thank you, { $name }! Your sign-up is kept. Renfort is not open in département { $departement } yet: it will be reviewed when it opens.
profile-review-not-open = Renfort is not open in département { $departement } yet: your profile will be reviewed when it opens. Your current missions stay.
intent-not-open = Renfort is not open in département { $departement } yet: nobody can validate your sign-up, so we cannot tell the structure. Sorry!
no-missions-not-open = { $served_count ->
    [0] Renfort is not open in département { $departement } yet. We have no missions for now.
   *[other] Renfort is not open in département { $departement } yet (only: { $served }). If you help there, EDIT to change your town.
}

## Frequent questions (short answers, depending on where the person stands)

faq-call-registering = First finish signing up. Then choose a mission: the structure { $phone ->
    [no] will write to you here.
   *[yes] will call you.
}
faq-call-pending = Your sign-up is waiting for a moderator for département { $departement } to validate it, usually within a few days. Then the structure you chose { $phone ->
    [no] will write to you here.
   *[yes] will call you.
}
faq-call-not-open = Renfort is not open in département { $departement } yet: nobody can validate your sign-up or call you yet. Sorry!
faq-call-relayed = { $phone ->
    [no] The structure { $structure } will write to you here: it does not have your number.
   *[yes] The structure { $structure } has your number: it will call you.
} If it has not answered within 48 hours, we remind it.
faq-call-accepted = The structure { $structure } accepted your help for "{ $title }": it will contact you about what comes next.
faq-call-none = You have not offered to help yet. Send MISSIONS, then YES and a mission's number: the structure { $phone ->
    [no] will write to you here.
   *[yes] will call you.
}
faq-bring = To come with someone, ask the structure. If they are { $min_age } or older, they can also sign up by writing to Renfort.
faq-language = Renfort answers you in English. Structures mostly speak French: tell them which languages you speak; some missions need little French.
faq-cost = Renfort is free, and missions are voluntary: they are not paid.
faq-what = Renfort connects volunteers with structures that need help near them: food aid, childcare, keeping in touch with isolated people, shopping.

## A question for a person

question-to-structure = Your question was passed on to the structure { $structure }: it will answer you.
question-to-moderators = Your question was passed on to the moderators for département { $departement }: one of them will answer you.
question-nobody = Renfort is not open in département { $departement } yet: nobody can answer you for now. Sorry!
question-registering = First finish signing up: we will then know whom to pass your question to.
question-empty = Write your question after the word QUESTION, for example: QUESTION do I need gloves?
not-understood-again = I still did not understand. To write to a person, send QUESTION and your message. Otherwise: MISSIONS or HELP.
question-from-volunteer = Renfort: question from { $name } (alert { $code }): "{ $text }" Call them, or answer with MSG { $code } and your text.
question-to-moderator = Renfort: question from { $name } ({ $commune }): "{ $text }" { $reachable ->
    [no] No number: answer with MSG { $code } and your text.
   *[yes] Answer them at { $contact }, or with MSG { $code } and your text.
}
moderator-answer-sent = Sent to { $name }, by Renfort.
moderator-answer-unknown = No volunteer { $n } in your départements. Use the number given with their question: MSG n and your text.
answer-from-moderator = Renfort, a moderator for département { $departement } answers you: "{ $text }"

## Referents: free text is not a yes

referent-unclear = Nothing recorded for alert { $code }. After the call: OK { $code } if you accept their help, NO { $code } otherwise, CALLED { $code } if you are waiting for their answer.
referent-unclear-which = Nothing recorded. Reply OK, NO or CALLED followed by the alert number, for example: OK 12. WHO for the list of alerts.

## Referents: who is waiting for an answer, and a first name instead of the number

referent-who-none = No offer of help is waiting for your answer. MY MISSIONS to see your missions.
referent-who-header = { $count ->
    [one] 1 volunteer is waiting for your answer:
   *[other] { $count } volunteers are waiting for your answer:
}
referent-who-line = { $code }: { $name }, { $title }
referent-who-footer = Answer with the number or the first name: OK { $code }, NO { $code }, CALLED { $code }, or OK { $name }.
referent-name-several = Several volunteers are called { $name } (alerts { $codes }). Answer with the number, for example: OK { $code }
referent-name-reserved = For { $name } (alert { $code }), nothing is recorded. Answer NO { $code } if you do not take their help.
referent-name-unknown = I cannot find { $name } among the waiting alerts: nothing is recorded. WHO for the list.

## Moderators: several items at once, reasons kept whole

moderator-confirm-all = Validate { $count ->
    [one] the item shown
   *[other] the { $count } items shown
}? Reply YES to confirm, anything else to cancel.
moderator-approved-many = { $count ->
    [0] No item validated.
    [one] 1 item validated{ $has_done ->
        [yes] : { $done }.
       *[no] .
    }
   *[other] { $count } items validated{ $has_done ->
        [yes] : { $done }.
       *[no] .
    }
} { $has_skipped ->
    [yes] Not done (not in the queue, or decided already): { $skipped }. QUEUE for the queue as it is now.
   *[no] QUEUE for the rest.
}
moderator-reason-too-long = Reason too long ({ $length } characters): { $max } at most, to fit the volunteer's SMS. Nothing refused. Send REFUSE { $n } again with a shorter reason.
referent-mission-refused = { $has_reason ->
    [yes] Renfort: your mission "{ $title }" was refused by the moderators. Reason: { $reason }
   *[no] Renfort: your mission "{ $title }" was refused by the moderators.
}

## A first message that already says who and where

intro-noted = Thank you! Noted: { $noted }.

## An age under the minimum

age-under-min = At { $age }, no missions on site: you must be { $min_age }. You can help remotely; the moderator will see your age and decide.

## The alert says the volunteer's language

referent-alert-english = Speaks English: Renfort writes to them in English.

## Moderators: a refusal taken back

moderator-undone = Refusal undone: { $kind ->
    [volunteer] the sign-up
    [mission] the mission
   *[structure] the structure
} awaits your decision again. QUEUE for the queue.
moderator-undone-heard = The refusal had already gone out: the person has just been told of the mistake.
moderator-undo-nothing = Nothing to undo: UNDO only takes back a refusal you have just made, right after it and within { $minutes } minutes.
volunteer-refusal-undone = { $name }, sorry: refusing your sign-up was a mistake. It awaits a moderator's decision again, who will write to you.
referent-mission-refusal-undone = Renfort: sorry, refusing the mission "{ $title }" was a mistake. It awaits a moderator's decision again.
moderator-confirm-dropped = Cancelled: nothing validated. QUEUE for the queue.
referent-alert-minor = Said they are { $age }: a minor.
availability-first = Let us finish your sign-up first: when are you available? (e.g. evenings, weekends) Or SKIP. Then MISSIONS to choose.

## What moderators see of an item: everything, in words

# The chosen missions by name ($domains_mask: 1 food, 2 childcare, 4 in touch, 8 shopping,
# added up).
domain-set = { $domains_mask ->
    [1] food aid
    [2] childcare
    [3] food aid, childcare
    [4] keeping in touch
    [5] food aid, keeping in touch
    [6] childcare, keeping in touch
    [7] food aid, childcare, keeping in touch
    [8] shopping
    [9] food aid, shopping
    [10] childcare, shopping
    [11] food aid, childcare, shopping
    [12] keeping in touch, shopping
    [13] food aid, keeping in touch, shopping
    [14] childcare, keeping in touch, shopping
   *[15] food aid, childcare, keeping in touch, shopping
}
structure-type = { $type ->
    [association] association
    [ccas] municipal social action centre
    [mdph] disability centre of the département
    [collectivite] local authority
    [operateur_public] public operator
   *[autre] other
}
moderator-line-mission = { $n }. Mission: { $title } ({ $structure }, { $remote ->
    [yes] remote
   *[no] { $commune }
})
moderator-line-structure = { $n }. Organisation: { $name } ({ structure-type })
moderation-item-mission = To validate ({ $departement }): mission { $id }, { $title } ({ $structure }, { $remote ->
    [yes] remote
   *[no] { $commune }
})
moderation-item-structure = To validate ({ $departement }): organisation { $id }, { $name } ({ structure-type })
domains-noted = Noted: { domain-set }.
name-corrected = Sorry, { $name }: corrected.
name-corrected-ready = Sorry, { $name }: corrected. Send PROFILE to check everything.

availability-numbers = When you are available, in a few words, for example: evenings, weekends, Tuesday mornings. Or SKIP.

## Telegram: the same, with buttons

welcome-consent-tap = Welcome to Renfort, the civic reserve! To sign up, please accept our terms: { $url } Tap Yes or No below. En français : LANGUE
consent-reask-tap = Tap Yes to accept our terms and sign up, or No.
ask-place-tap = Thank you, { $name }! Where do you live? Write your postal code or your town, for example: { $example_code } or { $example_town }. Or share your location.
ask-on-site-tap = On-site missions are for adults under 70 in good health. Is that you? Tap Yes or No.
on-site-reask-tap = Tap Yes if you are between 18 and 69 and in good health. Otherwise No: you will get remote missions.
ask-domains-tap = Which missions? Tap one or more, then Done.
domains-reask-tap = Tap one or more missions below, then Done. You can also write their names.
ask-availability-tap = Last question: when are you available? Write it (e.g. evenings, weekends), or tap Skip.
edit-availability-tap = When are you available? Write it (e.g. evenings, weekends), or tap Skip.
missions-footer-more-tap = Tap Details to learn more, I'll help to take part, or More missions.
missions-footer-end-tap = End of the list. Tap Details to learn more, I'll help to take part.{ $onsite ->
    [yes] {" "}RADIUS { $wider } to search further.
   *[no] {""}
}
place-choose-footer-tap = Tap your town, or write its name.
confirm-erase-tap = Erase all your data (profile, missions)? Tap Yes to confirm, No to keep your profile.
