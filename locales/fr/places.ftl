# How Renfort asks about a place it could not pin to one commune (issue 26).

# "Pas-de-Calais", "La Réunion", "Bretagne": a département or a region, not a commune.
place-area = { $area }, d'accord : dans quelle commune ? Envoyez son code postal ou son nom, par exemple : { $example_code } ou { $example_town }
# Homonyms or a shared postal code: how many communes, when they do not fit one message.
place-choose-count = { $count } communes possibles :
# An option found by the name of a commune merged into it.
place-option-former = { $n } { $commune } ({ $departement }), ex-{ $former }
place-option-label-former = { $commune } ({ $departement }), ex-{ $former }
# More options follow (PLUS shows them).
place-choose-more = Le numéro, ou PLUS pour les suivantes.
# Found by the name of a commune merged into it ("Huby-Saint-Leu" → Hesdin-la-Forêt).
place-found-former = C'est noté : { $commune } ({ $departement }), dont { $former }.
