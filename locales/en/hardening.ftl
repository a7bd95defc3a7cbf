# Hardening (issue 25): answers about invitations and limits.

invite-expired = This invitation link has expired. Please ask the person who sent it for a new one.
