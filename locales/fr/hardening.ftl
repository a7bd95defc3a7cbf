# Hardening (issue 25): answers about invitations and limits.

invite-expired = Ce lien d'invitation a expiré. Demandez-en un nouveau à la personne qui vous l'a envoyé.
