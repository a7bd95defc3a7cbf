## Où Renfort est ouvert

departement-not-open = { $served_count ->
    [0] Renfort n'est pas encore ouvert dans le { $departement }. Finissez l'inscription : elle attendra son ouverture.
   *[other] Renfort est ouvert dans : { $served }, pas encore dans le { $departement }. Finissez l'inscription : elle sera gardée.
}
registered-not-open = Merci, { $name } ! Votre inscription est gardée. Renfort n'est pas encore ouvert dans le { $departement } : elle sera examinée à son ouverture.
profile-review-not-open = Renfort n'est pas encore ouvert dans le { $departement } : votre profil sera examiné à son ouverture. Vos missions en cours restent.
intent-not-open = Renfort n'est pas encore ouvert dans le { $departement } : personne ne peut valider votre inscription, nous ne pouvons donc pas prévenir la structure. Désolé !
no-missions-not-open = { $served_count ->
    [0] Renfort n'est pas encore ouvert dans le { $departement }. Nous n'avons aucune mission pour l'instant.
   *[other] Renfort n'est pas encore ouvert dans le { $departement } (seulement : { $served }). Si vous aidez là-bas, MODIFIER pour changer de commune.
}

## Questions fréquentes (réponses courtes, selon où en est la personne)

faq-call-registering = Finissez d'abord votre inscription. Ensuite, choisissez une mission : la structure { $phone ->
    [no] vous écrira ici.
   *[yes] vous appellera.
}
faq-call-pending = Votre inscription attend la validation d'un modérateur du { $departement }, en général sous quelques jours. Ensuite, la structure choisie { $phone ->
    [no] vous écrira ici.
   *[yes] vous appellera.
}
faq-call-not-open = Renfort n'est pas encore ouvert dans le { $departement } : personne ne peut encore valider votre inscription ni vous appeler. Désolé !
faq-call-relayed = { $phone ->
    [no] La structure { $structure } va vous écrire ici : elle n'a pas votre numéro.
   *[yes] La structure { $structure } a votre numéro : elle va vous appeler.
} Sans réponse de sa part sous 48 h, nous le lui rappelons.
faq-call-accepted = La structure { $structure } a accepté votre aide pour "{ $title }" : elle vous contacte pour la suite.
faq-call-none = Vous n'avez pas encore proposé votre aide. Envoyez MISSIONS, puis OUI et le numéro d'une mission : la structure { $phone ->
    [no] vous écrira ici.
   *[yes] vous appellera.
}
faq-bring = Pour venir avec un proche, demandez-le à la structure. S'il a { $min_age } ans ou plus, il peut aussi s'inscrire en écrivant à Renfort.
faq-language = Renfort peut vous répondre en anglais : envoyez LANGUAGE. Sur place, dites à la structure quelles langues vous parlez.
faq-cost = Renfort est gratuit, et les missions sont bénévoles : elles ne sont pas payées.
faq-what = Renfort relie des bénévoles aux structures qui ont besoin d'aide près de chez eux : aide alimentaire, garde d'enfants, lien avec des isolés, courses.

## Une question pour une personne

question-to-structure = Votre question est transmise à la structure { $structure } : elle vous répondra.
question-to-moderators = Votre question est transmise aux modérateurs du { $departement } : l'un d'eux vous répondra.
question-nobody = Renfort n'est pas encore ouvert dans le { $departement } : personne ne peut vous répondre pour l'instant. Désolé !
question-registering = Finissez d'abord votre inscription : nous saurons alors à qui transmettre votre question.
question-empty = Écrivez votre question après le mot QUESTION, par exemple : QUESTION faut-il des gants ?
not-understood-again = Je n'ai toujours pas compris. Pour écrire à une personne, envoyez QUESTION puis votre message. Sinon : MISSIONS ou AIDE.
question-from-volunteer = Renfort : question { $elide ->
    [yes] d'{ $name }
   *[no] de { $name }
} (alerte { $code }) : "{ $text }" Appelez ce bénévole, ou répondez par MSG { $code } et votre texte.
question-to-moderator = Renfort : question { $elide ->
    [yes] d'{ $name }
   *[no] de { $name }
} ({ $commune }) : "{ $text }" { $reachable ->
    [no] Sans numéro : répondez par MSG { $code } et votre texte.
   *[yes] Répondez-lui au { $contact }, ou par MSG { $code } et votre texte.
}
moderator-answer-sent = C'est envoyé à { $name }, par Renfort.
moderator-answer-unknown = Pas de bénévole { $n } dans vos départements. Reprenez le numéro donné avec sa question : MSG n et votre texte.
answer-from-moderator = Renfort, un modérateur du { $departement } vous répond : "{ $text }"

## Référents : un texte libre n'est pas un oui

referent-unclear = Rien n'est enregistré pour l'alerte { $code }. Après l'appel : OK { $code } si vous acceptez son aide, NON { $code } sinon, APPELE { $code } si vous attendez sa réponse.
referent-unclear-which = Rien n'est enregistré. Répondez OK, NON ou APPELE suivi du numéro de l'alerte, par exemple : OK 12. QUI pour la liste des alertes.

## Référents : qui attend une réponse, et un prénom à la place du numéro

referent-who-none = Aucune proposition d'aide n'attend votre réponse. MES MISSIONS pour voir vos missions.
referent-who-header = { $count ->
    [one] 1 bénévole attend votre réponse :
   *[other] { $count } bénévoles attendent votre réponse :
}
referent-who-line = { $code } : { $name }, { $title }
referent-who-footer = Répondez avec le numéro ou le prénom : OK { $code }, NON { $code }, APPELE { $code }, ou OK { $name }.
referent-name-several = Plusieurs bénévoles s'appellent { $name } (alertes { $codes }). Répondez avec le numéro, par exemple : OK { $code }
referent-name-reserved = Pour { $name } (alerte { $code }), rien n'est enregistré. Répondez NON { $code } si vous ne retenez pas son aide.
referent-name-unknown = Je ne trouve pas { $name } parmi les alertes en attente : rien n'est enregistré. QUI pour la liste.

## Modérateurs : plusieurs dossiers à la fois, motifs entiers

moderator-confirm-all = Valider { $count ->
    [one] le dossier affiché
   *[other] les { $count } dossiers affichés
} ? Répondez OUI pour confirmer, autre chose pour annuler.
moderator-approved-many = { $count ->
    [0] Aucun dossier validé.
    [one] 1 dossier validé{ $has_done ->
        [yes] {" "}: { $done }.
       *[no] .
    }
   *[other] { $count } dossiers validés{ $has_done ->
        [yes] {" "}: { $done }.
       *[no] .
    }
} { $has_skipped ->
    [yes] Pas traités (hors de la file ou déjà traités) : { $skipped }. FILE pour la file à jour.
   *[no] FILE pour la suite.
}
moderator-reason-too-long = Motif trop long ({ $length } caractères) : { $max } au plus, pour tenir dans le SMS au bénévole. Rien n'est refusé. Renvoyez REFUSER { $n } et un motif plus court.
referent-mission-refused = { $has_reason ->
    [yes] Renfort : votre mission "{ $title }" est refusée par les modérateurs. Motif : { $reason }
   *[no] Renfort : votre mission "{ $title }" est refusée par les modérateurs.
}

## Premier message qui dit déjà qui et où

intro-noted = Merci ! C'est noté : { $noted }.

## Un âge sous le minimum

age-under-min = Vous avez { $age } ans : pas de mission sur place, il faut { $min_age } ans. Vous pouvez aider à distance ; le modérateur le verra et décidera.

## L'alerte dit la langue du bénévole

referent-alert-english = Parle anglais : Renfort lui écrit en anglais.

## Modérateurs : un refus qui se reprend

moderator-undone = Refus annulé : { $kind ->
    [volunteer] l'inscription
    [mission] la mission
   *[structure] la structure
} attend de nouveau votre décision. FILE pour la file.
moderator-undone-heard = Le refus avait déjà été envoyé : nous venons de dire à la personne que c'était une erreur.
moderator-undo-nothing = Rien à annuler : ANNULER ne reprend qu'un refus que vous venez de faire, juste après et dans les { $minutes } minutes.
volunteer-refusal-undone = { $name }, pardon : le refus de votre inscription était une erreur. Elle attend de nouveau la décision d'un modérateur, qui vous écrira.
referent-mission-refusal-undone = Renfort : pardon, le refus de la mission "{ $title }" était une erreur. Elle attend de nouveau la décision d'un modérateur.
moderator-confirm-dropped = C'est annulé : rien n'est validé. FILE pour la file.
referent-alert-minor = A indiqué avoir { $age } ans : mineur.
availability-first = Finissons d'abord votre inscription : vos disponibilités ? (ex : soirs, week-end) Ou PASSER. Ensuite, MISSIONS pour choisir.

## Ce que les modérateurs voient d'un dossier : tout, en mots

# Les missions choisies, par leurs noms ($domains_mask : 1 alimentaire, 2 enfants, 4 isolés,
# 8 courses, additionnés).
domain-set = { $domains_mask ->
    [1] aide alimentaire
    [2] garde d'enfants
    [3] aide alimentaire, garde d'enfants
    [4] lien avec les isolés
    [5] aide alimentaire, lien avec les isolés
    [6] garde d'enfants, lien avec les isolés
    [7] aide alimentaire, garde d'enfants, lien avec les isolés
    [8] courses
    [9] aide alimentaire, courses
    [10] garde d'enfants, courses
    [11] aide alimentaire, garde d'enfants, courses
    [12] lien avec les isolés, courses
    [13] aide alimentaire, lien avec les isolés, courses
    [14] garde d'enfants, lien avec les isolés, courses
   *[15] aide alimentaire, garde d'enfants, lien avec les isolés, courses
}
structure-type = { $type ->
    [association] association
    [ccas] centre communal d'action sociale
    [mdph] maison départementale des personnes handicapées
    [collectivite] collectivité
    [operateur_public] opérateur public
   *[autre] autre
}
moderator-line-mission = { $n }. Mission : { $title } ({ $structure }, { $remote ->
    [yes] à distance
   *[no] { $commune }
})
moderator-line-structure = { $n }. Structure : { $name } ({ structure-type })
moderation-item-mission = A valider ({ $departement }) : mission { $id }, { $title } ({ $structure }, { $remote ->
    [yes] à distance
   *[no] { $commune }
})
moderation-item-structure = A valider ({ $departement }) : structure { $id }, { $name } ({ structure-type })
domains-noted = C'est noté : { domain-set }.
name-corrected = Pardon, { $name } : c'est corrigé.
name-corrected-ready = Pardon, { $name } : c'est corrigé. Envoyez PROFIL pour tout revoir.

availability-numbers = Vos disponibilités en quelques mots, par exemple : soirs, week-end, mardi matin. Ou PASSER.

## Telegram : la même chose, avec des boutons

welcome-consent-tap = Bienvenue sur Renfort, la réserve civique ! Pour vous inscrire, acceptez nos conditions : { $url } Touchez Oui ou Non ci-dessous. English: LANGUAGE
consent-reask-tap = Touchez Oui pour accepter nos conditions et vous inscrire, ou Non.
ask-place-tap = Merci, { $name } ! Où habitez-vous ? Écrivez votre code postal ou votre commune, par exemple : { $example_code } ou { $example_town }. Ou partagez votre position.
ask-on-site-tap = Missions sur place : entre 18 et 69 ans, en bonne santé. Est-ce votre cas ? Touchez Oui ou Non.
on-site-reask-tap = Touchez Oui si vous avez entre 18 et 69 ans et une bonne santé. Sinon Non : vous aurez des missions à distance.
ask-domains-tap = Quelles missions ? Touchez-en une ou plusieurs, puis Valider.
domains-reask-tap = Touchez une ou plusieurs missions ci-dessous, puis Valider. Vous pouvez aussi écrire leurs noms.
ask-availability-tap = Dernière question : vos disponibilités ? Écrivez-les (ex : soirs, week-end), ou touchez Passer.
edit-availability-tap = Vos disponibilités ? Écrivez-les (ex : soirs, week-end), ou touchez Passer.
missions-footer-more-tap = Touchez Détails pour en savoir plus, J'aide pour participer, ou Plus de missions.
missions-footer-end-tap = Fin de la liste. Touchez Détails pour en savoir plus, J'aide pour participer.{ $onsite ->
    [yes] {" "}RAYON { $wider } pour chercher plus loin.
   *[no] {""}
}
place-choose-footer-tap = Touchez votre commune, ou écrivez son nom.
confirm-erase-tap = Effacer toutes vos données (profil, missions) ? Touchez Oui pour confirmer, Non pour garder votre profil.
