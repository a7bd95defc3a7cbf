# La console web des référents et des modérateurs. Lue à l'écran : ces textes ne sont pas
# tenus à l'alphabet ni au budget des SMS.

console-skip = Aller au contenu
console-nav-label = Menu principal
console-nav-home = À traiter
console-nav-queue = File de validation
console-nav-structures = Structures
console-nav-figures = Chiffres
console-nav-journal = Journal
console-nav-missions = Missions
console-nav-intents = Propositions d'aide
console-logout = Se déconnecter

console-ago = { $unit ->
    [now] à l'instant
    [days] il y a { $n } j
    [hours] il y a { $n } h
   *[minutes] il y a { $n } min
}

console-signed-out-title = Connexion à la console
console-signed-out-body = Vous n'êtes pas connecté. Envoyez CONSOLE à Renfort par SMS ou sur Telegram : vous recevrez un lien de connexion, valable 15 minutes.
console-not-found-title = Page introuvable
console-not-found-body = Cette page n'existe pas, ou elle n'est pas de votre ressort. Revenez à l'accueil de la console.
console-forbidden-title = Action refusée
console-forbidden-body = Ce formulaire ne vient pas de la console ou a expiré. Rechargez la page et recommencez.
console-internal-title = Erreur du serveur
console-internal-body = Une erreur nous empêche d'afficher cette page. Réessayez dans un instant ; rien n'a été perdu.

console-login-title = Connexion à la console Renfort
console-login-body = Ce lien ne sert qu'une fois. Appuyez sur le bouton pour ouvrir votre session sur cet appareil.
console-login-button = Ouvrir ma session
console-link-gone-title = Lien expiré ou déjà utilisé
console-link-gone-body = Ce lien de connexion a déjà servi ou a expiré (il vaut 15 minutes). Envoyez de nouveau CONSOLE à Renfort pour en recevoir un autre.

console-home-title = À traiter
console-home-departements = Vos départements : { $list }
console-count-volunteers = { $n ->
    [0] Aucun bénévole en attente
    [one] 1 bénévole en attente
   *[other] { $n } bénévoles en attente
}
console-count-missions = { $n ->
    [0] Aucune mission en attente
    [one] 1 mission en attente
   *[other] { $n } missions en attente
}
console-count-structures = { $n ->
    [0] Aucune structure en attente
    [one] 1 structure en attente
   *[other] { $n } structures en attente
}
console-waiting-since = la plus ancienne attend depuis { $ago }
console-count-unanswered = { $n ->
    [0] Aucune proposition d'aide sans réponse depuis 48 h
    [one] 1 proposition d'aide sans réponse depuis 48 h
   *[other] { $n } propositions d'aide sans réponse depuis 48 h
}
console-count-undelivered = { $n ->
    [0] Aucun message non remis
    [one] 1 message non remis
   *[other] { $n } messages non remis
}

console-queue-title = File de validation
console-queue-caption = En attente de validation, les plus anciens d'abord
console-queue-count = { $n ->
    [0] Rien en attente avec ces filtres.
    [one] 1 élément en attente (page { $page } sur { $pages }).
   *[other] { $n } éléments en attente (page { $page } sur { $pages }).
}
console-queue-empty = Rien à valider pour le moment.
console-filter-kind = Type
console-filter-all = Tous
console-filter-commune = Commune
console-filter-domain = Domaine
console-filter-days = En attente depuis au moins (jours)
console-filter-apply = Filtrer
console-kind-volunteer = Bénévole
console-kind-mission = Mission
console-kind-structure = Structure
console-col-select = Choisir
console-col-kind = Type
console-col-who = Qui
console-col-where = Où
console-col-domains = Domaines
console-col-waiting = En attente
console-col-name = Nom
console-col-departement = Département
console-col-status = État
console-col-title = Intitulé
console-col-places = Places prises
console-col-when = Quand
console-col-path = Par
console-col-action = Action
console-col-what = Quoi
console-col-detail = Détail
console-remote-only = à distance seulement
console-remote = À distance
console-on-site = sur place possible
console-queue-age = { $age } ans
console-queue-availability = Dispo : { $availability }
console-bulk-legend = Pour les éléments cochés
console-reason = Motif (envoyé à la personne en cas de refus)
console-validate-selected = Valider la sélection
console-refuse-selected = Refuser la sélection
console-validate = Valider
console-undo = Annuler ce refus (il n'est envoyé qu'au bout de { $minutes } min)
console-refuse = Refuser
console-decided = { $action ->
    [validated] { $n ->
        [0] Aucun élément validé : ils avaient déjà été traités.
        [one] 1 élément validé. La personne est prévenue.
       *[other] { $n } éléments validés. Chaque personne est prévenue.
    }
    [undone] Refus annulé avant son envoi : personne ne l'a reçu. L'élément attend de nouveau une décision.
    [undone-heard] Refus annulé : il était déjà parti, la personne est prévenue de l'erreur. L'élément attend de nouveau une décision.
    [too-late] Ce refus ne peut plus être annulé ici : il date de plus de { $minutes } min, ou une autre décision a été prise depuis.
   *[refused] { $n ->
        [0] Aucun élément refusé : ils avaient déjà été traités.
        [one] 1 élément refusé. Le refus part dans { $minutes } min : d'ici là, vous pouvez l'annuler.
       *[other] { $n } éléments refusés. Les refus partent dans { $minutes } min.
    }
}
console-table-region = Tableau, défilant sur un petit écran
console-pages = Pages
console-previous = Page précédente
console-next = Page suivante
console-older = Plus anciens

console-volunteer-title = Bénévole : { $name }
console-field-status = État
console-field-commune = Commune
console-field-on-site = Sur place
console-field-domains = Domaines
console-field-availability = Disponibilités
console-field-language = Langue
console-field-channels = Canaux
console-field-registered = Inscrit le
console-field-consent = Consentement
console-status-registering = inscription en cours
console-status-pending = en attente de validation
console-status-validated = validé
console-status-refused = refusé
console-status-erased = données effacées
console-thread-title = Messages échangés
console-thread-empty = Aucun message.
console-thread-from = reçu
console-thread-to = envoyé
console-delivery-pending = en file d'attente
console-delivery-sending = en cours d'envoi
console-delivery-checking = vérification en cours
console-delivery-held = en attente (la personne a demandé STOP)
console-delivery-sent = envoyé
console-delivery-failed = non remis
console-delivery-dropped = abandonné
console-delivery-unknown = état inconnu
console-receipt-queued = accepté par l'opérateur
console-receipt-sent = parti vers le téléphone
console-receipt-delivered = remis
console-receipt-undelivered = non remis
console-receipt-failed = échec de l'envoi
console-receipt-error = { $code ->
    [30003] 30003 : téléphone injoignable ou éteint
    [30005] 30005 : numéro inconnu ou inactif
    [30006] 30006 : ligne fixe ou opérateur injoignable
    [30007] 30007 : filtré par l'opérateur
   *[other] code { $code }
}
console-erase-title = Effacer les données
console-erase-body = Le prénom, la commune, les disponibilités et les coordonnées seront effacés pour de bon. Les structures déjà prévenues sont averties. Seuls des chiffres anonymes restent.
console-erase-confirm = Je confirme l'effacement
console-erase-button = Effacer les données

console-structures-title = Structures
console-structures-caption = Structures de vos départements
console-referents-title = Référents
console-referents-empty = Aucun référent pour cette structure.
console-invite = Inviter { $name } sur Telegram
console-invite-made = Invitation créée, valable 7 jours et une seule fois. Transmettez ce message au référent, qui l'envoie au bot Renfort sur Telegram :
console-missions-title = Missions de votre structure
console-missions-caption = Missions
console-missions-empty = Aucune mission pour le moment.
console-mission-pending = en attente de validation
console-mission-validated = ouverte
console-mission-full = complète
console-mission-finished = terminée
console-mission-cancelled = annulée
console-mission-draft = brouillon
console-mission-reported = signalée

console-figures-title = Chiffres
console-figures-caption = Chiffres par département
console-figures-as-of = Chiffres comptés le { $time } (recomptés au plus toutes les minutes).
console-figures-csv = Télécharger ces chiffres (CSV)
console-figure-registered = Bénévoles inscrits
console-figure-validated = Validés
console-figure-pending = En attente
console-figure-stopped = Désinscrits (STOP)
console-figure-erased = Données effacées
console-figure-relayed = Propositions transmises
console-figure-accepted = Aides acceptées
console-figure-declined = Non retenues

console-journal-title = Journal
console-journal-caption = Qui a fait quoi, les plus récents d'abord
console-journal-empty = Rien au journal pour le moment.
console-action-validated = validé
console-action-refused = refusé
console-action-undone = refus annulé
console-action-erased = données effacées
console-action-answered = réponse donnée
console-action-created = créé
console-action-changed = modifié

console-referent-structure = Structure : { $name }
console-count-intents = { $n ->
    [0] Aucune proposition d'aide n'attend votre réponse
    [one] 1 proposition d'aide attend votre réponse
   *[other] { $n } propositions d'aide attendent votre réponse
}
console-count-open-missions = { $n ->
    [0] Aucune mission ouverte
    [one] 1 mission ouverte
   *[other] { $n } missions ouvertes
}
console-mission-new = Publier une mission
console-mission-create = Publier la mission
console-mission-errors = La mission n'est pas publiée. À corriger :
console-field-title = Intitulé
console-field-domain = Domaine
console-field-description = Description
console-field-place = Commune ou code postal
console-field-place-help = Par exemple : Béthune, ou 62400. Laissez vide pour une mission à distance.
console-field-remote = Mission à distance
console-field-places = Nombre de places
console-field-schedule = Horaires
console-field-starts = Début
console-field-ends = Fin
console-save-places = Enregistrer les places
console-mission-finish = Marquer terminée
console-mission-cancel = Annuler la mission
console-import-title = Importer un fichier CSV
console-import-help = Un fichier CSV, une mission par ligne, avec ces colonnes (la première ligne les nomme ; la colonne structure peut être omise). Rien n'est enregistré tant qu'une ligne est à corriger.
console-import-file = Fichier CSV
console-import-send = Vérifier et importer
console-import-errors = Rien n'est importé. À corriger :
console-import-line = Ligne { $line } :
console-import-not-text = le fichier n'est pas un texte (CSV enregistré en UTF-8 ?)
console-mission-imported = { $n ->
    [0] Aucune mission ajoutée
    [one] 1 mission ajoutée : elle attend la validation d'un modérateur
   *[other] { $n } missions ajoutées : elles attendent la validation d'un modérateur
}{ $skipped ->
    [0] .
   *[other] . Déjà importées (même ref), laissées de côté : { $skipped } ligne(s).
}
console-mission-edit = Modifier l'intitulé ou la description
console-mission-save-text = Enregistrer le texte
console-mission-text-saved = C'est enregistré : les bénévoles verront le nouveau texte.
console-mission-text-refused = Texte non enregistré : l'intitulé doit avoir de 1 à 60 caractères, la description au plus 500, sans caractère invisible.

console-intents-title = Propositions d'aide
console-intents-empty = Aucune proposition d'aide pour le moment.
console-intent-held = en attente de validation du bénévole
console-intent-sent = attend votre réponse
console-intent-contacted = appelé
console-intent-accepted = aide acceptée
console-intent-declined = pas retenue
console-intent-cancelled = retirée
console-alert-age = alerte { $ago }
console-call = Appeler le { $phone }
console-answer-ok = Aide acceptée
console-answer-called = Je l'ai appelé
console-answer-no = Pas retenu
console-relay-label = Écrire au bénévole (il ne voit pas votre numéro, et sa réponse vous arrive par SMS ou Telegram)
console-relay-send = Envoyer le message
console-relay-thread = { $n ->
    [one] 1 message échangé
   *[other] { $n } messages échangés
}
console-relay-from-structure = Votre structure
console-relay-from-volunteer = Le bénévole
console-answered-relayed = Message envoyé au bénévole. Sa réponse vous arrivera par SMS ou Telegram.
console-answered-unreachable = Ce bénévole ne peut plus recevoir de message (il a demandé STOP ou effacé ses données).
console-answered-refused = Message non envoyé : cette proposition d'aide est close, ou le message était vide.
console-answered-accepted = C'est noté : aide acceptée. Le bénévole est prévenu.
console-answered-contacted = C'est noté : vous l'avez appelé.
console-answered-declined = C'est noté : pas retenu. Le bénévole est prévenu et la place est libérée.
