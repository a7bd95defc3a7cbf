#!/usr/bin/env bash
# Replays the ten Telegram personas of personas-telegram.md (and the staff lines they needed),
# line by line, in the order they were played, on a freshly seeded demo database.
#
#   bash scripts/personas-telegram.sh /path/to/renfort /path/to/empty-dir
#
# Writes DIR/demo.db and one transcript per persona, DIR/NN-name.jsonl: for every line sent,
# {"in": what the engine received, "typed": what the person typed or tapped, "tap": label or null}
# followed by the `renfort chat --json` objects it caused (to, channel, text, choices).
# Every line is its own `renfort chat` process, as when it was played.
#
# On Telegram, typed /commands are sent as the bot adapter maps them (bot/src/adapter.rs,
# command(): /start -> START, /help -> AIDE, /missions -> MISSIONS, /stop -> STOP,
# /profil -> PROFIL, /delete -> SUPPRIMER), because `renfort chat` does not map them.
# A tap sends the button's data; a multi-select "Valider" sends the ticked data joined.
#
# Two pauses of 310 s stand for time passing (the flood guard counts messages and STOP/START
# within 5 minutes). REPLAY_PAUSE=0 skips them; the transcripts then differ after them
# (flood notices where the play had none).
set -euo pipefail
BIN=${1:?usage: scripts/personas-telegram.sh /path/to/renfort /path/to/empty-dir}
DIR=${2:?usage: scripts/personas-telegram.sh /path/to/renfort /path/to/empty-dir}
BIN=$(readlink -f "$BIN")
mkdir -p "$DIR"
DIR=$(readlink -f "$DIR")
if [ -n "$(ls -A "$DIR")" ]; then echo "replay.sh: $DIR is not empty" >&2; exit 1; fi
export DATABASE_URL="sqlite://$DIR/demo.db"
"$BIN" seed demo >&2
PAUSE=${REPLAY_PAUSE:-1}

# say PERSONA FROM CHANNEL LINE [TYPED] [TAP]
say() {
  local p=$1 from=$2 ch=$3 line=$4 typed=${5:-$4} tap=${6:-}
  jq -cn --arg in "$line" --arg typed "$typed" --arg tap "$tap" --arg from "$from" --arg ch "$ch" \
    '{in: $in, typed: $typed, tap: (if $tap == "" then null else $tap end), from: $from, channel: $ch}' >> "$DIR/$p.jsonl"
  printf '%s\n' "$line" | "$BIN" chat --from "$from" --channel "$ch" --json >> "$DIR/$p.jsonl"
}
pause() { if [ "$PAUSE" != 0 ]; then echo "pause $1 s: $2" >&2; sleep "$1"; fi; }


# --- 01-lucas (7770001, telegram)
say 01-lucas 7770001 telegram START /start
say 01-lucas 7770001 telegram OUI OUI Oui
say 01-lucas 7770001 telegram Lucas
say 01-lucas 7770001 telegram Arras
say 01-lucas 7770001 telegram OUI OUI Oui
say 01-lucas 7770001 telegram '1 4' '1 4' '✅ Aide alimentaire, ✅ Courses solidaires, Valider'
say 01-lucas 7770001 telegram PASSER PASSER Passer
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 2 2 'Détails 2'
say 01-lucas 7770001 telegram OUI OUI 'Je participe'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram 'OUI 6' 'OUI 6' 'J'"'"'aide (6)'
say 01-lucas 7770001 telegram PROFIL /profile

# --- 02-francoise (7770002, telegram)
say 02-francoise 7770002 telegram START /start
say 02-francoise 7770002 telegram 'Bonjour, je suis enseignante à la retraite et j'"'"'aimerais beaucoup me rendre utile pendant cette période difficile. J'"'"'ai lu vos conditions, je les accepte bien volontiers.'
say 02-francoise 7770002 telegram 'Oui, j'"'"'accepte.'
say 02-francoise 7770002 telegram 'Je m'"'"'appelle Françoise, Françoise Delattre, mais vous pouvez m'"'"'appeler Françoise.'
say 02-francoise 7770002 telegram 'Françoise'
say 02-francoise 7770002 telegram 'J'"'"'habite à Boulogne-sur-Mer, dans le quartier de la haute ville, près de la cathédrale.'
say 02-francoise 7770002 telegram 'Non, pas du tout ! Boulogne-sur-Mer, dans le Pas-de-Calais.'
say 02-francoise 7770002 telegram 62200
say 02-francoise 7770002 telegram 'Oui, j'"'"'ai 67 ans et je suis en parfaite santé, je marche une heure tous les jours.'
say 02-francoise 7770002 telegram Oui.
say 02-francoise 7770002 telegram 'Je pourrais faire du soutien scolaire aux enfants de soignants, et aussi téléphoner aux personnes âgées isolées, j'"'"'ai l'"'"'habitude.'
say 02-francoise 7770002 telegram '2 3' '2 3' '(on the keyboard above) ✅ Garde d'"'"'enfants, ✅ Lien avec les isolés, Valider'
say 02-francoise 7770002 telegram 'Je suis disponible tous les matins en semaine, et le mercredi toute la journée, mais pas le dimanche car je vais voir mes petits-enfants à Wimereux.'
say 02-francoise 7770002 telegram 'Les matins en semaine et le mercredi toute la journée, sauf le dimanche.'
say 02-francoise 7770002 telegram 'Très bien, merci. Pouvez-vous me montrer les missions proches de chez moi ?'
say 02-francoise 7770002 telegram Missions
say 02-francoise 7770002 telegram 'Je voudrais en savoir plus sur la deuxième, la garde d'"'"'enfants au Portel, s'"'"'il vous plaît.'
say 02-francoise 7770002 telegram 'La deuxième.'
say 02-francoise 7770002 telegram 'Oui, je veux bien participer à celle-ci.'
say 02-francoise 7770002 telegram OUI OUI 'Je participe'
say 02-francoise 7770002 telegram 'Je préfère qu'"'"'on m'"'"'appelle, voici mon numéro : 06 39 97 12 34.'
say 02-francoise 7770002 telegram 'Je ne comprends pas. Comment la mairie pourra-t-elle me joindre ?'

# --- 03-sandrine (7770003, telegram)
say 03-sandrine 7770003 telegram START /start
say 03-sandrine 7770003 telegram ok
say 03-sandrine 7770003 telegram sandrine
say 03-sandrine 7770003 telegram calais
say 03-sandrine 7770003 telegram OUI OUI Oui
say 03-sandrine 7770003 telegram '' '' 'Valider (nothing ticked)'
say 03-sandrine 7770003 telegram 4
say 03-sandrine 7770003 telegram 'nuits de repos, en gros 2 jours par semaine'
say 03-sandrine 7770003 telegram missions
say 03-sandrine 7770003 telegram 'rayon 30'
say 03-sandrine 7770003 telegram missions
say 03-sandrine 7770003 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'
say 03-sandrine 7770003 telegram 'c'"'"'est quels horaires ?'
say 03-sandrine 7770003 telegram 'ils m'"'"'appellent quand ?'

# --- 04-maxime (7770004, telegram)
say 04-maxime 7770004 telegram START /start
say 04-maxime 7770004 telegram OUI OUI Oui
say 04-maxime 7770004 telegram Maxime
say 04-maxime 7770004 telegram Lille
say 04-maxime 7770004 telegram 'je travaille à Arras en semaine, je peux aider là-bas ?'
say 04-maxime 7770004 telegram OUI OUI Oui
say 04-maxime 7770004 telegram 4 4 '✅ Courses solidaires, Valider'
say 04-maxime 7770004 telegram PASSER PASSER Passer
say 04-maxime 7770004 telegram MISSIONS /missions
say 04-maxime 7770004 telegram 'je peux aider à Arras ? j'"'"'y travaille tous les jours'
say 04-maxime 7770004 telegram modifier
say 04-maxime 7770004 telegram 2 2 Commune
say 04-maxime 7770004 telegram Arras
say 04-maxime 7770004 telegram PROFIL /profil
say 04-maxime 7770004 telegram MISSIONS /missions
say 04-maxime 7770004 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'

# --- 05-emily (7770005, telegram)
say 05-emily 7770005 telegram START /start
say 05-emily 7770005 telegram 'Hi! Sorry, my French isn'"'"'t great. I'"'"'d like to volunteer, I live in Saint-Omer.'
say 05-emily 7770005 telegram LANGUAGE
say 05-emily 7770005 telegram OUI OUI Yes
say 05-emily 7770005 telegram Emily
say 05-emily 7770005 telegram 'St Omer'
say 05-emily 7770005 telegram 'Yes. I don'"'"'t have a car though, is that a problem?'
say 05-emily 7770005 telegram OUI OUI Yes
say 05-emily 7770005 telegram '1 3' '1 3' '✅ Food aid, ✅ Keeping in touch, Done'
say 05-emily 7770005 telegram 'weekends, and weekday evenings after 6pm'
say 05-emily 7770005 telegram MISSIONS /missions
say 05-emily 7770005 telegram 1 1 'Details 1'
say 05-emily 7770005 telegram 'What'"'"'s an EHPAD? And do I need to write the letters in French?'
say 05-emily 7770005 telegram OUI OUI 'I'"'"'ll help'
say 05-emily 7770005 telegram 'Great. When will they contact me?'

# --- 06-sabrina (7770006, telegram)
say 06-sabrina 7770006 telegram START /start
say 06-sabrina 7770006 telegram 'c'"'"'est payant ?'
say 06-sabrina 7770006 telegram 'et vous faites quoi de mes données ?'
say 06-sabrina 7770006 telegram OUI OUI Oui
say 06-sabrina 7770006 telegram Sabrina
say 06-sabrina 7770006 telegram 'c'"'"'est quoi comme missions en fait ?'
say 06-sabrina 7770006 telegram Lens
say 06-sabrina 7770006 telegram 'j'"'"'ai 34 ans mais je suis asthmatique, ça compte ?'
say 06-sabrina 7770006 telegram NON NON Non
say 06-sabrina 7770006 telegram 'je peux appeler avec mes enfants à côté ? ils ont 4 et 7 ans'
say 06-sabrina 7770006 telegram 'pendant la sieste des petits, entre 13h et 15h'
say 06-sabrina 7770006 telegram MISSIONS /missions
say 06-sabrina 7770006 telegram 1 1 'Détails 1'
say 06-sabrina 7770006 telegram 'il faut appeler avec mon téléphone perso ? ils verront mon numéro ?'
say 06-sabrina 7770006 telegram OUI OUI 'Je participe'
say 06-sabrina 7770006 telegram 'ok merci. et si j'"'"'ai plus le temps je fais comment ?'

# --- 07-jerome (7770007, telegram)
say 07-jerome 7770007 telegram START /start
say 07-jerome 7770007 telegram OUI OUI Oui
say 07-jerome 7770007 telegram 'Jérôme'
say 07-jerome 7770007 telegram START /start
say 07-jerome 7770007 telegram AIDE /help
say 07-jerome 7770007 telegram bethune
say 07-jerome 7770007 telegram OUI OUI Oui
say 07-jerome 7770007 telegram START /start
say 07-jerome 7770007 telegram 'je veux recommencer, j'"'"'habite pas à Béthune mais à Beuvry'
say 07-jerome 7770007 telegram 1 1 '✅ Aide alimentaire, Valider'
say 07-jerome 7770007 telegram PASSER PASSER Passer
say 07-jerome 7770007 telegram START /start
say 07-jerome 7770007 telegram 'Bonjour ?'
say 07-jerome 7770007 telegram 'je veux changer de commune, c'"'"'est Beuvry pas Béthune'
say 07-jerome 7770007 telegram AIDE /help
say 07-jerome 7770007 telegram PROFIL /profil
say 07-jerome 7770007 telegram modifier
say 07-jerome 7770007 telegram 2 2 Commune
say 07-jerome 7770007 telegram Beuvry

# --- 08-anais (7770008, telegram)
say 08-anais 7770008 telegram START /start
say 08-anais 7770008 telegram oui
say 08-anais 7770008 telegram 'Anaïs'
say 08-anais 7770008 telegram OUI OUI '(the welcome message above) Oui'
say 08-anais 7770008 telegram 'Hénin-Beaumont'
say 08-anais 7770008 telegram oui
say 08-anais 7770008 telegram NON NON '(the age question above) Non'
say 08-anais 7770008 telegram '2 4'
say 08-anais 7770008 telegram 'le soir après 18h'
say 08-anais 7770008 telegram PASSER PASSER '(the availability question above) Passer'
say 08-anais 7770008 telegram missions
say 08-anais 7770008 telegram plus
say 08-anais 7770008 telegram 'OUI 2' 'OUI 2' '(the first list above) J'"'"'aide (2)'
say 08-anais 7770008 telegram missions
say 08-anais 7770008 telegram 'OUI 5' 'OUI 5' '(the second page above, '"'"'Courses pour voisins fragiles - Carvin'"'"') J'"'"'aide (5)'
say 08-anais 7770008 telegram plus
say 08-anais 7770008 telegram 'OUI 5' 'OUI 5' '(the OLD second page, two lists up, where 5 was '"'"'Courses pour voisins fragiles - Carvin'"'"') J'"'"'aide (5)'
say 08-anais 7770008 telegram 'mes missions'
say 08-anais 7770008 telegram 'mais non je voulais les courses à Carvin, pas la garde d'"'"'enfants à Avion'
say 08-anais 7770008 telegram 'annuler 1'
say 08-anais 7770008 telegram MISSIONS /missions
say 08-anais 7770008 telegram PLUS PLUS 'Plus de missions'
say 08-anais 7770008 telegram 'OUI 4' 'OUI 4' 'J'"'"'aide (4)'
say 08-anais 7770008 telegram 5
say 08-anais 7770008 telegram 6
say 08-anais 7770008 telegram OUI OUI '(on the details of mission 5, Garde d'"'"'enfants - Avion, above) Je participe'
say 08-anais 7770008 telegram 'mes missions'
say 08-anais 7770008 telegram 'annuler 1'

# --- 09-helene (7770009, telegram)
say 09-helene 7770009 telegram START /start
say 09-helene 7770009 telegram OUI OUI Oui
say 09-helene 7770009 telegram 'Hélène'
say 09-helene 7770009 telegram 62000
say 09-helene 7770009 telegram 1 1 'Arras (62)'
say 09-helene 7770009 telegram OUI OUI Oui
say 09-helene 7770009 telegram '1 3' '1 3' '✅ Aide alimentaire, ✅ Lien avec les isolés, Valider'
say 09-helene 7770009 telegram 'le mardi et le jeudi après-midi'
say 09-helene 7770009 telegram MISSIONS /missions
say 09-helene 7770009 telegram 'oui pour la 1 et la 2'
say 09-helene 7770009 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'
say 09-helene 7770009 telegram MISSIONS /missions
say 09-helene 7770009 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'

# --- 10-yasmine (7770010, telegram)
say 10-yasmine 7770010 telegram START /start
say 10-yasmine 7770010 telegram OUI OUI Oui
say 10-yasmine 7770010 telegram Yasmine
say 10-yasmine 7770010 telegram Bully-les-Mines
say 10-yasmine 7770010 telegram OUI OUI Oui
say 10-yasmine 7770010 telegram '1 4' '1 4' '✅ Aide alimentaire, ✅ Courses solidaires, Valider'
say 10-yasmine 7770010 telegram PASSER PASSER Passer
say 10-yasmine 7770010 telegram MISSIONS /missions
say 10-yasmine 7770010 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'
say 10-yasmine 7770010 telegram STOP /stop
say 10-yasmine 7770010 telegram 'Bonjour, je voudrais reprendre les missions'
say 10-yasmine 7770010 telegram START /start
say 10-yasmine 7770010 telegram 'mes missions'

# --- 11-claire-moderator (+33639989901, sms)
say 11-claire-moderator +33639989901 sms FILE
say 11-claire-moderator +33639989901 sms AIDE
say 11-claire-moderator +33639989901 sms 'MSG 2 Bonjour Françoise, la mairie vous écrira ici sur Telegram, ou partagez votre numéro avec le bouton.'
say 11-claire-moderator +33639989901 sms 'VALIDER TOUT'
say 11-claire-moderator +33639989901 sms OUI
say 11-claire-moderator +33639989901 sms FILE
say 11-claire-moderator +33639989901 sms 'valider 1, 2, 3, 4 et 5'

# --- 12-sophie-referent (+33639981000, sms)
say 12-sophie-referent +33639981000 sms 'MSG 12 Bonjour Hélène, merci ! Pouvez-vous venir mardi 9h au CCAS, 2 rue de la Paix ? Donnez-moi votre numéro pour que je vous appelle.'

# --- 09-helene (7770009, telegram)
say 09-helene 7770009 telegram 'Oui, mardi 9h c'"'"'est parfait ! Mon numéro : 06 39 97 45 12'

# --- 12-sophie-referent (+33639981000, sms)
say 12-sophie-referent +33639981000 sms 'ok 12 merci'

# --- 09-helene (7770009, telegram)
say 09-helene 7770009 telegram 'Super merci. Par contre finalement je ne pourrai pas faire les appels de Sainte-Catherine, je préfère me retirer de celle-là.'
say 09-helene 7770009 telegram 'mes missions'
say 09-helene 7770009 telegram 'annuler 1'
say 09-helene 7770009 telegram PROFIL /profil
say 09-helene 7770009 telegram modifier
say 09-helene 7770009 telegram 5 5 'Disponibilités'
say 09-helene 7770009 telegram 'le mardi matin seulement'

# --- 01-lucas (7770001, telegram)
say 01-lucas 7770001 telegram 'ils m'"'"'appellent comment ? j'"'"'ai pas mis mon numéro'

# --- 13-referent-ste-catherine (+33639981004, sms)
say 13-referent-ste-catherine +33639981004 sms 'MSG 1 Bonjour Lucas, pouvez-vous tenir le stand samedi de 10h à 13h ?'

# --- 01-lucas (7770001, telegram)
say 01-lucas 7770001 telegram oui
say 01-lucas 7770001 telegram START /start
say 01-lucas 7770001 telegram AIDE /help

# --- 07-jerome (7770007, telegram)
say 07-jerome 7770007 telegram START /start
say 07-jerome 7770007 telegram MISSIONS /missions
say 07-jerome 7770007 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'

# --- 14-referent-bethune (+33639981010, sms)
say 14-referent-bethune +33639981010 sms 'non 15, on a déjà assez de monde samedi'
say 14-referent-bethune +33639981010 sms 'NON 15'

# --- 15-referent-oye-plage (+33639981035, sms)
say 15-referent-oye-plage +33639981035 sms 'MSG 4 Bonjour Sandrine, pourriez-vous faire les courses d'"'"'une dame âgée jeudi matin ?'

# --- 03-sandrine (7770003, telegram)
say 03-sandrine 7770003 telegram 'jeudi je bosse, vendredi matin ok'

# --- 15-referent-oye-plage (+33639981035, sms)
say 15-referent-oye-plage +33639981035 sms 'OK 4'

# --- 03-sandrine (7770003, telegram)
say 03-sandrine 7770003 telegram 'top merci'

# --- 02-francoise (7770002, telegram)
say 02-francoise 7770002 telegram 'Bonjour, j'"'"'ai bien reçu la bonne nouvelle, merci beaucoup. Faut-il que je remplisse une attestation de déplacement pour aller au Portel garder les enfants ?'

# --- 16-referent-le-portel (+33639981033, sms)
say 16-referent-le-portel +33639981033 sms 'MSG 3 Bonjour Françoise, oui cochez la case « assistance aux personnes vulnérables ». Je vous attends lundi 8h en mairie.'

# --- 02-francoise (7770002, telegram)
say 02-francoise 7770002 telegram 'C'"'"'est entendu, je serai à la mairie lundi à 8 heures. Merci pour votre accueil et à lundi.'

# --- 05-emily (7770005, telegram)
say 05-emily 7770005 telegram 'Brilliant, thanks! Do I need to speak French?'

# --- 17-referent-saint-omer (+33639981016, sms)
say 17-referent-saint-omer +33639981016 sms 'MSG 6 Bonjour Emily, vous pouvez passer prendre le papier et les enveloppes à l'"'"'épicerie mercredi ?'

# --- 05-emily (7770005, telegram)
say 05-emily 7770005 telegram 'Oui, mercredi is fine! What time? Sorry my French is bad'
say 05-emily 7770005 telegram 'Sorry, bad news: I have to fly back to England on Monday, so I need to cancel.'
say 05-emily 7770005 telegram cancel
say 05-emily 7770005 telegram 'No wait, I only want to cancel the letters mission'
say 05-emily 7770005 telegram START
say 05-emily 7770005 telegram 'my missions'
say 05-emily 7770005 telegram 'withdraw 1'

# --- 06-sabrina (7770006, telegram)
say 06-sabrina 7770006 telegram 'la structure va m'"'"'appeler sur quel numéro ? j'"'"'ai pas donné le mien'
say 06-sabrina 7770006 telegram 'non vous l'"'"'avez pas !! c'"'"'est le 06 39 97 66 01'
say 06-sabrina 7770006 telegram modifier
say 06-sabrina 7770006 telegram 3 3 'Sur place ou à distance'
say 06-sabrina 7770006 telegram 'mon médecin dit que mon asthme est léger, donc oui'
say 06-sabrina 7770006 telegram OUI OUI Oui
say 06-sabrina 7770006 telegram '3 4' '3 4' '✅ Lien avec les isolés, ✅ Courses solidaires, Valider'
say 06-sabrina 7770006 telegram MISSIONS /missions

# --- 04-maxime (7770004, telegram)
say 04-maxime 7770004 telegram SUPPRIMER /delete
say 04-maxime 7770004 telegram 'et le CCAS de Beaurains sera prévenu ?'
say 04-maxime 7770004 telegram OUI OUI '(the delete question above) Oui'
say 04-maxime 7770004 telegram SUPPRIMER /delete
say 04-maxime 7770004 telegram OUI OUI Oui
say 04-maxime 7770004 telegram START /start

# --- 18-referent-bully (+33639981046, sms)
say 18-referent-bully +33639981046 sms 'MSG 14 Bonjour Yasmine, distribution vendredi 14h à la salle Dubus, ça vous va ?'

pause 310 'days pass: the flood window (5 min) must not count the earlier burst'


# --- 10-yasmine (7770010, telegram)
say 10-yasmine 7770010 telegram 'oui ça me va, à vendredi'

# --- 18-referent-bully (+33639981046, sms)
say 18-referent-bully +33639981046 sms 'OK 14'

# --- 01-lucas (7770001, telegram)
say 01-lucas 7770001 telegram 'rayon 20'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 1 1 'Détails 1'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 2 2 'Détails 2'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 3 3 'Détails 3'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram 4 4 'Détails 4'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram 6 6 'Détails 6'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram 10 10 'Détails 10'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram PLUS PLUS 'Plus de missions'
say 01-lucas 7770001 telegram 8 8 'Détails 8'
say 01-lucas 7770001 telegram OUI OUI 'Je participe'
say 01-lucas 7770001 telegram 'mes missions'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 'OUI 3' 'OUI 3' 'J'"'"'aide (3)'
say 01-lucas 7770001 telegram 'mes missions'
say 01-lucas 7770001 telegram 'annuler 3'
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 1 1 'Détails 1'
say 01-lucas 7770001 telegram OUI OUI 'Je participe'
say 01-lucas 7770001 telegram 'mes missions'

# --- 10-yasmine (7770010, telegram)
say 10-yasmine 7770010 telegram 'arrêtez de m'"'"'écrire svp, j'"'"'ai plus le temps en ce moment'

# --- 18-referent-bully (+33639981046, sms)
say 18-referent-bully +33639981046 sms 'MSG 14 Yasmine, on compte toujours sur vous vendredi ?'

pause 310 'a few minutes later: the flood pause is over'


# --- 01-lucas (7770001, telegram)
say 01-lucas 7770001 telegram 'mes missions'

# --- 10-yasmine (7770010, telegram)
say 10-yasmine 7770010 telegram 'Bonjour, c'"'"'est encore possible de reprendre ? j'"'"'ai de nouveau du temps'
say 10-yasmine 7770010 telegram START /start
say 10-yasmine 7770010 telegram 'mes missions'

# --- 01-lucas (7770001, telegram)
say 01-lucas 7770001 telegram MISSIONS /missions
say 01-lucas 7770001 telegram 'OUI 1' 'OUI 1' 'J'"'"'aide (1)'

# --- 07-jerome (7770007, telegram)
say 07-jerome 7770007 telegram 'pourquoi ils veulent plus de moi ?'

echo "transcripts in $DIR" >&2
