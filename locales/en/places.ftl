# How Renfort asks about a place it could not pin to one commune (issue 26).

# "Pas-de-Calais", "La Réunion", "Bretagne": a département or a region, not a commune.
place-area = { $area }, fine: which town? Send its postal code or its name, for example: { $example_code } or { $example_town }
# Homonyms or a shared postal code: how many communes, when they do not fit one message.
place-choose-count = { $count } possible towns:
# An option found by the name of a commune merged into it.
place-option-former = { $n } { $commune } ({ $departement }), formerly { $former }
place-option-label-former = { $commune } ({ $departement }), formerly { $former }
# More options follow (MORE shows them).
place-choose-more = The number, or MORE for the next ones.
# Found by the name of a commune merged into it ("Huby-Saint-Leu" → Hesdin-la-Forêt).
place-found-former = Noted: { $commune } ({ $departement }), which includes { $former }.
