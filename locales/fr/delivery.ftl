## Accusés de réception et promesses tenues (issue 22)
## En GSM-7, un segment chacun.

intent-no-referent = Merci ! La structure { $structure } n'a aucun référent joignable : un modérateur prend le relais. MISSIONS pour d'autres missions.
intent-sent-no-phone = Merci ! Nous prévenons la structure { $structure }. Partagez votre numéro pour un appel, ou elle vous écrira ici.
intent-held-no-phone = Merci ! Après validation, la structure { $structure } sera prévenue. Partagez votre numéro pour un appel, ou elle vous écrira ici.

# Aux modérateurs : aucun référent de la structure ne peut recevoir l'alerte.
moderator-no-referent = Renfort : aucun référent de la structure { $structure } ne peut recevoir l'alerte { $code } ({ $name }, "{ $title }"). Contact : { $reach ->
    [phone] { $contact }
    [handle] Telegram { $contact }
   *[relay] Telegram, sans numéro
}. Merci de prendre le relais.
# Aux modérateurs : l'alerte n'a été remise à personne (SMS non distribués).
moderator-alert-undelivered = Renfort : l'alerte { $code } ({ $name }, "{ $title }") n'a pu parvenir à aucun référent de la structure { $structure }. Contact : { $reach ->
    [phone] { $contact }
    [handle] Telegram { $contact }
   *[relay] Telegram, sans numéro
}. Merci de prendre le relais.

# Aux référents : nos SMS ne parviennent plus au bénévole.
referent-volunteer-unreachable = Renfort : { $name } (alerte { $code }) est injoignable par SMS : nos messages ne parviennent pas à son numéro. { $telegram ->
    [yes] MSG { $code } pour lui écrire sur Telegram.
   *[no] Essayez de l'appeler.
}
# Au bénévole sur Telegram.
volunteer-sms-unreachable = Nos SMS n'arrivent plus à votre numéro : nous vous écrirons ici. Envoyez un SMS à Renfort quand il remarche.
# A l'auteur d'un MSG qui n'est pas arrivé.
relay-undelivered = Renfort : votre message à { $name } (alerte { $code }) n'a pas pu lui parvenir. Essayez de l'appeler ou réessayez plus tard.
# Ajouté au message de validation : des missions dont la structure n'a aucun référent joignable.
validated-no-referent = { $count ->
    [one] Pour une mission, la structure n'a aucun référent joignable : un modérateur prend le relais.
   *[other] Pour { $count } missions, la structure n'a aucun référent joignable : un modérateur prend le relais.
}
