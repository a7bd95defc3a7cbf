# Renfort — textes en français (langue par défaut).
# Par SMS, ces textes restent dans l'alphabet GSM-7 : pas de ê â î ô û ç ë ï œ « » ’ …
# (ils doubleraient le prix du SMS). É, é, è, à, ù sont permis. Un message = un SMS (160 signes),
# sauf les listes et détails de missions (3 SMS au plus).

## Inscription

welcome-consent = Bienvenue sur Renfort, la réserve civique ! Pour vous inscrire, acceptez nos conditions : { $url } Répondez OUI ou NON. English: LANGUAGE
consent-refused = Sans votre accord, nous ne pouvons pas vous inscrire. Répondez OUI si vous changez d'avis.
consent-reask = Répondez OUI pour accepter nos conditions et vous inscrire, ou NON.
ask-first-name = Merci ! Quel est votre prénom ?
first-name-invalid = Je n'ai pas compris. Envoyez seulement votre prénom, par exemple : Marie
ask-place = Merci, { $name } ! Où habitez-vous ? Envoyez votre code postal ou le nom de votre commune, par exemple : { $example_code } ou { $example_town }
place-found = C'est noté : { $commune } ({ $departement }).
place-choose = Plusieurs communes :
place-did-you-mean = Je ne trouve pas "{ $input }". Vouliez-vous dire :
place-option = { $n } { $commune } ({ $departement })
place-option-label = { $commune } ({ $departement })
place-choose-footer = Répondez par le numéro ou le nom.
place-not-found = Je ne trouve pas "{ $input }". Envoyez votre code postal ou le nom de votre commune, par exemple : { $example_code } ou { $example_town }
place-empty = Envoyez votre code postal (5 chiffres) ou le nom de votre commune, par exemple : { $example_code } ou { $example_town }
location-not-expected = Merci ! Pour changer de commune, envoyez MODIFIER.
location-outside = Cette position n'est pas en France. Envoyez votre code postal ou le nom de votre commune.
ask-on-site = Missions sur place : entre 18 et 69 ans, en bonne santé. Est-ce votre cas ? Répondez OUI ou NON.
on-site-reask = Répondez OUI si vous avez entre 18 et 69 ans et une bonne santé. Sinon NON : vous aurez des missions à distance.
remote-only = Merci. Pour vous protéger, nous vous proposerons des missions à distance : appeler ou écrire à des personnes isolées.
ask-domains = Quelles missions ?
    1 Aide alimentaire
    2 Garde d'enfants de soignants
    3 Lien avec des isolés
    4 Courses pour voisins fragiles
    Un ou plusieurs numéros, ex : 1 3
domain-name = { $domain ->
    [1] Aide alimentaire
    [2] Garde d'enfants
    [3] Lien avec les isolés
   *[4] Courses solidaires
}
domains-reask = Répondez par les numéros ou les noms :
    1 Aide alimentaire
    2 Garde d'enfants
    3 Lien avec des isolés
    4 Courses
    Ex : 1 3
ask-availability = Dernière question : vos disponibilités ? (ex : soirs, week-end) Ou PASSER.
availability-too-long = C'est un peu long : vos disponibilités en quelques mots, ou PASSER.
registered-pending = Merci, { $name } ! Votre inscription est faite. Un modérateur du { $departement } va la valider. Envoyez MISSIONS pour voir les missions { $onsite ->
    [no] à distance.
   *[yes] proches.
}
registered-validated = Merci, { $name } ! Votre inscription est faite. Envoyez MISSIONS pour voir les missions { $onsite ->
    [no] à distance.
   *[yes] près de chez vous.
}
profile-updated = C'est noté, { $name } : votre profil est à jour. Envoyez MISSIONS pour voir les missions.
registration-not-finished = Finissons d'abord votre inscription. Répondez à cette question :

## Mots-clés

help = MISSIONS : la liste. OUI et le numéro : aider. MES MISSIONS : annuler. PROFIL : vos infos. Une question ? Posez-la. STOP : plus de SMS.
help-registering = Renfort relie bénévoles et structures. Pour finir votre inscription, répondez à cette question (STOP pour ne plus rien recevoir) :
flood-paused = Vous nous avez envoyé beaucoup de messages : Renfort fait une pause de quelques minutes avant de vous répondre. Merci de votre patience !
staff-stopped = Vous ne recevrez plus de messages de Renfort : vos alertes iront à vos collègues, ou attendront votre retour. Envoyez START pour reprendre.
staff-resumed = Bon retour sur Renfort ! Vous recevez de nouveau vos alertes, et celles qui vous attendaient arrivent.
staff-already-active = Vous recevez déjà les alertes de Renfort. Envoyez AIDE pour savoir quoi répondre.
staff-console-link = Votre lien pour la console Renfort (valable 15 minutes, une seule fois) : { $link } Ne le transférez à personne.
staff-console-unavailable = La console web n'est pas ouverte sur ce serveur Renfort. Envoyez AIDE pour les commandes par message.
stopped = Vous ne recevrez plus de messages de Renfort. Envoyez START pour reprendre.
resumed = Bon retour sur Renfort ! Reprenons votre inscription :
already-active = Vous recevez déjà nos messages. Pour continuer votre inscription, répondez à cette question :
language-set = Langue : français. Send LANGUAGE for English.
confirm-erase = Effacer toutes vos données (profil, missions) ? Répondez OUI pour confirmer, NON pour garder votre profil.
erased = Vos données sont effacées. Merci pour votre aide ! Écrivez-nous quand vous voulez pour revenir.
erase-cancelled = Rien n'est effacé, votre profil est gardé. Envoyez MISSIONS pour voir les missions.
profile = Votre profil : { $name }, { $commune } ({ $departement })
    Missions : { $domains }
    { $onsite ->
        [yes] Sur place, à { $radius } km au plus
       *[no] A distance
    }
    Disponibilités : { $has_availability ->
        [yes] { $availability }
       *[no] non précisées
    }
    { $status ->
        [validated] Inscription validée
       *[other] Inscription en attente de validation
    }
    MODIFIER pour changer, SUPPRIMER pour tout effacer.

text-only = Je ne lis que les messages écrits. Envoyez votre réponse en texte, ou AIDE.

## Missions

missions-header = { $onsite ->
    [yes] Missions près de chez vous :
   *[no] Missions à distance pour vous :
}
mission-line = { $n }. { $title } - { $commune } { $approx ->
    [yes] environ { $km } km
   *[no] { $km } km
}
mission-line-remote = { $n }. { $title } - à distance
mission-line-gone = { $n }. (mission plus disponible)
mission-line-offered = { $n }. { $title } (vous avez proposé votre aide)
missions-footer-more = Un numéro = détails, OUI { $first } = je participe, PLUS = la suite.
no-missions = { $onsite ->
    [yes] Pas de mission ouverte dans un rayon de { $radius } km ({ $commune }) pour le moment. Envoyez RAYON { $wider } pour chercher plus loin.
   *[no] Pas de mission ouverte pour vous pour le moment. Nous vous écrirons s'il y en a une. AIDE pour l'aide.
}
no-more-missions = Vous avez vu toute la liste ({ $count ->
    [one] 1 mission
   *[other] { $count } missions
}). { $onsite ->
    [yes] Envoyez RAYON { $wider } pour chercher plus loin, ou MISSIONS pour revoir la liste.
   *[no] Envoyez MISSIONS pour revoir la liste.
}
list-first = Envoyez d'abord MISSIONS pour voir la liste.
number-out-of-range = Choisissez un numéro de 1 à { $max }, ceux de la liste. { $more ->
    [yes] PLUS pour la suite, MISSIONS pour revoir la liste.
   *[no] Ou envoyez MISSIONS pour revoir la liste.
}
mission-details = { $title } ({ $structure }). { $description } Quand : { $schedule }. { $places ->
    [one] 1 place libre
   *[other] { $places } places libres
}.
mission-place = Lieu : { $commune }, à { $approx ->
    [yes] environ { $km } km
   *[no] { $km } km
}.
mission-remote = A distance, depuis chez vous.
mission-details-footer = OUI pour participer, MISSIONS pour la liste.
mission-unavailable = Cette mission n'est plus disponible. Envoyez MISSIONS pour voir les autres.
intent-sent = Merci ! Nous prévenons la structure { $structure } : elle va vous appeler pour "{ $title }".
intent-held = Merci ! Dès que votre inscription sera validée, nous préviendrons la structure { $structure } et elle vous appellera.
intent-already = Vous avez déjà proposé votre aide pour cette mission : la structure va vous { $phone ->
    [no] écrire ici.
   *[yes] appeler.
} MISSIONS pour voir les autres.
intent-refused-volunteer = Votre inscription n'a pas été validée, vous ne pouvez pas proposer votre aide. Envoyez AIDE pour en savoir plus.
yes-without-mission = Pour quelle mission ? Envoyez MISSIONS, puis OUI et le numéro (ex : OUI 1).
no-thanks = D'accord ! Envoyez MISSIONS quand vous voulez.
not-understood = Je n'ai pas compris. Envoyez MISSIONS pour voir les missions, AIDE pour l'aide.
radius-set = C'est noté : missions jusqu'à { $radius } km. Envoyez MISSIONS pour la liste.
radius-invalid = Envoyez RAYON et un nombre de 1 à { $max }, par exemple : RAYON 20

## Boutons (Telegram)

choice-yes = Oui
choice-no = Non
choice-skip = Passer
choice-details = Détails { $n }
choice-help = J'aide ({ $n })
choice-help-this = Je participe
choice-more = Plus de missions
choice-done = Valider
choice-share-location = Partager ma position
choice-share-phone = Partager mon numéro

## Modération et relais

volunteer-validated = Bonne nouvelle, { $name } : votre inscription est validée ! Envoyez MISSIONS pour voir les missions près de chez vous.
volunteer-validated-relayed = Bonne nouvelle, { $name } : inscription validée ! { $count ->
    [one] La structure de votre mission est prévenue et va vous { $phone ->
        [no] écrire ici.
       *[yes] appeler.
    }
   *[other] Les structures de vos { $count } missions sont prévenues et vont vous { $phone ->
        [no] écrire ici.
       *[yes] appeler.
    }
}
volunteer-refused = Votre inscription à Renfort n'a pas été retenue. Merci pour votre envie d'aider.
referent-alert = Renfort : { $name } veut aider pour "{ $title }". Appelez au { $contact }. Puis répondez OK { $code } si c'est bon, NON { $code } sinon.
referent-alert-telegram = Renfort : { $name } veut aider pour "{ $title }". Contact : Telegram { $contact }. Répondez OK { $code } si c'est bon, NON { $code } sinon.

## Telegram

phone-linked = Merci ! Votre numéro est lié : un seul profil, par SMS comme sur Telegram.
contact-not-yours = Merci, mais partagez votre propre numéro avec le bouton "Partager mon numéro".
referent-linked = C'est fait : vous recevrez ici les alertes de votre structure ({ $structure }).
moderator-linked = C'est fait : vous recevrez ici la file de modération ({ $departements }).
invite-invalid = Ce lien d'invitation n'est pas valable ou a déjà servi. Demandez-en un nouveau.

## Structures

choice-contacted = Appelé(e)
choice-accepted = Accepté(e)
choice-declined = Pas retenu(e)
referent-help = OK n (acceptée), NON n (pas retenue), APPELE n (sans réponse), MSG n texte ; n = numéro d'alerte. QUI : qui attend. MES MISSIONS puis COMPLET et son numéro.
referent-unknown-code = Je ne trouve pas l'alerte { $code } pour votre structure. Vérifiez le numéro.
referent-answer-closed = L'alerte { $code } est déjà close (annulée ou refusée).
referent-answer-recorded = C'est noté pour l'alerte { $code } : { $status ->
    [accepted] aide acceptée
    [declined] pas retenue, la place est libérée
   *[contacted] bénévole appelé(e)
}. Merci !
referent-answer-already = C'était déjà noté pour l'alerte { $code } : { $status ->
    [accepted] aide acceptée
    [declined] pas retenue
   *[contacted] bénévole appelé(e)
}. Rien n'est renvoyé au bénévole.
intent-accepted = Bonne nouvelle : la structure { $structure } confirme votre aide pour "{ $title }". Merci !
intent-declined = La structure { $structure } n'a plus besoin de vous pour "{ $title }". Merci ! MISSIONS pour les autres.
moderator-help = Modération : FILE pour voir les dossiers, VALIDER n ou REFUSER n motif (ANNULER si erreur), SUITE pour la suite. MSG n texte : répondre à une question.
referent-reminder = Rappel Renfort : { $name } attend votre appel pour "{ $title }" depuis 2 jours ({ $contact }). Répondez OK { $code } ou NON { $code }.
mission-announce = Renfort : nouvelle mission près de chez vous, "{ $title }", { $commune } ({ $approx ->
    [yes] environ { $km } km
   *[no] { $km } km
}). MISSIONS pour la voir, STOP pour ne plus rien recevoir.
mission-announce-remote = Renfort : nouvelle mission à distance, "{ $title }". Envoyez MISSIONS pour la voir, STOP pour ne plus rien recevoir.

## Modération

moderator-escalation = Renfort : alerte { $code } sans réponse depuis 5 jours ({ $structure }, "{ $title }"). Pouvez-vous relancer ?
moderation-item = A valider ({ $departement }) : { $kind ->
    [volunteer] bénévole
    [mission] mission
   *[structure] structure
} { $id }, { $summary }
moderation-item-volunteer = A valider ({ $departement }) : bénévole { $id }, { $name }, { $commune } : { domain-set }, { $onsite ->
    [yes] sur place
   *[no] à distance
}{ $age_given ->
    [yes] , { $age } ans
   *[no] {""}
}
choice-validate = Valider
choice-refuse = Refuser
moderation-done = C'est fait : { $kind ->
    [volunteer] inscription
    [mission] mission
   *[structure] structure
} { $id } { $approved ->
    [yes] validée.
   *[no] refusée. { $kind ->
        [structure] ANNULER pour revenir dessus.
       *[other] Le refus part dans { $minutes } min (ANNULER d'ici là pour le reprendre).
    }
}
moderation-not-pending = Le dossier { $id } n'est plus en attente.
moderation-queue-empty = Rien à valider pour le moment. Merci !

## Mes missions

my-missions-none = Vous n'avez proposé votre aide pour aucune mission. Envoyez MISSIONS pour en voir.
my-missions-header = Vos missions :
my-missions-header-missing = Le { $n } n'est pas dans vos missions. Les voici :
my-mission-line = { $n }. { $title } ({ $status ->
    [held] structure prévenue après votre validation
    [sent] { $phone ->
        [no] la structure va vous écrire
       *[yes] la structure va appeler
    }
    [contacted] appelé(e)
   *[accepted] acceptée
})
my-missions-footer = ANNULER et le numéro pour vous retirer (ex : ANNULER 1).
intent-cancelled = C'est noté, vous ne participez plus à "{ $title }". La place est libérée. Merci !
referent-intent-withdrawn = Renfort : { $name } ne peut plus aider pour "{ $title }" (alerte { $code }). La place est de nouveau ouverte.
referent-intent-erased = Renfort : le bénévole de l'alerte { $code } ("{ $title }") a effacé ses données : ne l'appelez plus. La place est de nouveau ouverte.

## Conversation (issue 11)

edit-place = Où habitez-vous maintenant ? Envoyez votre code postal ou le nom de votre commune, par exemple : { $example_code } ou { $example_town }
place-reask = Il me faut le nom de votre commune ou son code postal, par exemple : { $example_code } ou { $example_town }
place-far = "{ $input }" : est-ce bien cette commune, loin des missions de Renfort ?
edit-first-name = Quel prénom voulez-vous que l'on utilise ?
edit-availability = Vos disponibilités ? (ex : soirs, week-end) Ou répondez PASSER.
edit-menu = Que voulez-vous changer ?
    1 Prénom
    2 Commune
    3 Sur place ou à distance
    4 Missions choisies
    5 Disponibilités
    Répondez par le numéro, ou MISSIONS pour la liste.
edit-option = { $n ->
    [1] Prénom
    [2] Commune
    [3] Sur place ou à distance
    [4] Missions choisies
   *[5] Disponibilités
}
edit-menu-reask = Répondez par un numéro de 1 à { $max } pour choisir quoi changer, ou MISSIONS pour voir les missions.
edit-remote-domains = A distance, les missions sont des appels et lettres à des personnes isolées. Pour d'autres missions (sur place), répondez 3.
help-editing = Vous modifiez votre profil. Répondez à cette question, ou envoyez MISSIONS pour revenir aux missions :
already-active-ready = Vous recevez déjà nos messages. Envoyez MISSIONS pour voir les missions, AIDE pour l'aide.
resumed-ready = Bon retour sur Renfort ! Vous recevrez de nouveau nos messages. Envoyez MISSIONS pour voir les missions.
language-set-ready = Langue : français. Envoyez MISSIONS pour voir les missions. Send LANGUAGE for English.
you-are-welcome = Avec plaisir, merci à vous ! Envoyez MISSIONS pour voir les missions, AIDE pour l'aide.
you-are-welcome-registering = Avec plaisir ! Pour finir votre inscription, répondez à cette question :
greeting-ready = Bonjour, { $name } ! Envoyez MISSIONS pour voir les missions près de chez vous, AIDE pour l'aide.
erase-cancelled-registering = Rien n'est effacé. Reprenons :
profile-review = C'est noté. Un modérateur du { $departement } va revoir votre profil. D'ici là, vos nouvelles offres d'aide attendront ; vos missions en cours restent. Envoyez MISSIONS.
missions-footer-end = Fin de la liste. Un numéro = détails, OUI { $first } = je participe.{ $onsite ->
    [yes] {" "}RAYON { $wider } pour chercher plus loin.
   *[no] {""}
}
mission-line-structure = { $n }. { $title } ({ $structure }) - { $commune } { $approx ->
    [yes] environ { $km } km
   *[no] { $km } km
}
mission-line-remote-structure = { $n }. { $title } ({ $structure }) - à distance


## Conversation (issue 11)

referent-alert-availability = Ses disponibilités : { $availability }


## Conversation (issue 11)

place-far-several = "{ $input }" : aucune commune de ce nom près des missions de Renfort. Est-ce l'une de celles-ci ?

## Equipes par SMS : référents et modérateurs

referent-alert-relay = Renfort : { $name } veut aider pour "{ $title }", sans téléphone. Écrivez-lui : MSG { $code } votre texte. Puis OK { $code } ou NON { $code }.
referent-no-pending = Aucune alerte en attente pour votre structure. MES MISSIONS pour voir vos missions, AIDE pour les commandes.
referent-which-alert = Plusieurs alertes en attente ({ $codes }). Précisez le numéro ou le prénom, par ex. OK { $code }. QUI pour la liste.
referent-missions-none = Aucune mission ouverte pour votre structure en ce moment.
referent-missions-header = Vos missions ouvertes ({ $count }) :
referent-mission-line = { $n }. { $title } : { $places ->
    [one] 1 place libre
   *[other] { $places } places libres
}
referent-missions-footer = COMPLET et le numéro pour fermer une mission (ex : COMPLET 1).
referent-missions-first = Envoyez d'abord MES MISSIONS, puis COMPLET et le numéro de la mission.
referent-mission-number = Ce numéro n'est pas dans la liste : choisissez de 1 à { $max } (ex : COMPLET 1).
referent-mission-closed = C'est noté : "{ $title }" est complète, plus personne ne sera proposé. Merci !
referent-mission-not-open = Cette mission n'est plus ouverte. Envoyez MES MISSIONS pour la liste à jour.
relay-empty = Écrivez votre message après le numéro, par ex. : MSG { $code } Pouvez-vous venir mardi ?
relay-unreachable = Renfort ne peut plus joindre ce bénévole (alerte { $code }) : il a demandé à ne plus rien recevoir.
relay-to-volunteer = Message de la structure { $structure } : "{ $text }" Répondez ici, Renfort transmet.
relay-sent = Message transmis à { $name } (alerte { $code }). Sa réponse vous arrivera ici.
relay-from-volunteer = Renfort : réponse { $elide ->
    [yes] d'{ $name }
   *[no] de { $name }
} (alerte { $code }) : "{ $text }" MSG { $code } pour répondre.
relay-delivered = Merci, votre message est transmis à la structure { $structure }.
moderator-queue-first = Envoyez d'abord FILE pour voir les dossiers, puis VALIDER ou REFUSER et leur numéro.
moderator-number = Ce numéro n'est pas dans la file affichée : choisissez de 1 à { $max } (ex : VALIDER 1).
moderator-queue-header = { $count ->
    [one] 1 dossier à valider :
   *[other] { $count } dossiers à valider :
}
moderator-line-volunteer = { $n }. { $name } ({ $commune }) : { domain-set }, { $onsite ->
    [yes] sur place
   *[no] à distance
}{ $age_given ->
    [yes] , { $age } ans
   *[no] {""}
}
moderator-line = { $n }. { $kind ->
    [mission] Mission
   *[structure] Structure
} : { $summary }
moderator-queue-footer = VALIDER { $first } ou REFUSER { $first } motif (le numéro de la ligne).
moderator-queue-footer-more = VALIDER { $first } ou REFUSER { $first } motif. SUITE pour les suivants.
moderator-queue-end = Fin de la file ({ $count } en attente). FILE pour la revoir depuis le début.
moderator-digest = Renfort : { $count ->
    [one] 1 dossier attend
   *[other] { $count } dossiers attendent
} votre validation ({ $departements }). Envoyez FILE pour les voir.
volunteer-refused-reason = Votre inscription à Renfort n'a pas été retenue : { $reason }. Merci pour votre envie d'aider.
moderator-picked = C'est fait : { $n }. { $label } : { $kind ->
    [volunteer] inscription
    [mission] mission
   *[structure] structure
} { $approved ->
    [yes] validée. FILE pour la file à jour.
   *[no] refusée. { $kind ->
        [structure] ANNULER pour revenir dessus.
       *[other] Le refus part dans { $minutes } min (ANNULER d'ici là pour le reprendre).
    }
}
moderator-picked-not-pending = La ligne { $n } n'est plus en attente : déjà traitée. FILE pour la file à jour.
