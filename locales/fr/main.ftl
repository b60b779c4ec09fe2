# Maillage — messages en français (langue par défaut)

skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-admin = Administration
nav-logout = Se déconnecter
nav-login = Se connecter
nav-signup = Créer un compte
lang-switch = English
footer-text = Maillage, logiciel libre (AGPL-3.0) pour les tiers-lieux et leurs réseaux
footer-api = Documentation de l'API

home-title = Les tiers-lieux et leurs réseaux
home-intro = Trouvez un tiers-lieu près de chez vous, découvrez les réseaux qui les fédèrent et rejoignez leurs communautés.
home-networks = Réseaux
home-places = Lieux
home-no-network = Aucun réseau pour le moment.
home-no-place = Aucun lieu pour le moment.
network-places = Les lieux du réseau
place-holder = Structure porteuse
place-networks = Réseaux
manage = Gérer

error-not-found = Page introuvable
error-forbidden = Accès refusé
error-unauthorized = Connexion nécessaire
error-invalid = Certains champs sont invalides.
error-bad-request = Requête invalide.
error-conflict = Cette action entre en conflit avec l'état actuel.
error-too-many = Trop de tentatives. Patientez quelques minutes avant de réessayer.
error-internal = Une erreur interne est survenue. Réessayez dans un instant.
error-method = Méthode non permise
error-code = Code d'erreur
error-back-home = Revenir à l'accueil

form-has-errors = Le formulaire contient des erreurs : corrigez les champs signalés.
save = Enregistrer
actions = Actions
field-required = Ce champ est obligatoire.
field-email-invalid = Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.
field-name-invalid = Ce nom n'est pas valide (200 caractères au plus, sans caractère de contrôle).
field-password-too-short = Le mot de passe doit contenir au moins 10 caractères.
field-password-too-long = Le mot de passe est trop long (512 caractères au plus).
field-password-mismatch = Les deux mots de passe ne correspondent pas.
field-current-password-wrong = Le mot de passe actuel est incorrect.
field-invalid-choice = Choisissez une valeur dans la liste.
field-too-long = Ce texte est trop long.
field-siret-invalid = Le SIRET doit compter 14 chiffres et être valide.
field-email = Adresse e-mail
field-display-name = Nom affiché
field-password = Mot de passe
field-password-hint = Au moins 10 caractères. Une phrase de plusieurs mots est facile à retenir et sûre.
field-password-confirm = Confirmez le mot de passe
field-new-password = Nouveau mot de passe
field-current-password = Mot de passe actuel
field-locale = Langue
field-token-name = Nom du jeton
field-name = Nom
field-description = Description
field-kind = Type
field-siret-hint = 14 chiffres, facultatif.
field-city = Commune
field-organization = Structure porteuse
field-role = Rôle

signup-title = Créer un compte
signup-intro = Un compte vous permet de réserver, de vous inscrire aux ateliers et de participer à la vie de votre réseau.
signup-submit = Créer mon compte
signup-have-account = Vous avez déjà un compte ?
signup-done-title = Vérifiez votre boîte mail
signup-done-text = Si cette adresse peut être utilisée, un e-mail vient de vous être envoyé avec un lien pour confirmer votre compte. Le lien est valable 48 heures.
confirm-title = Confirmer votre adresse e-mail
confirm-text = Cliquez sur le bouton pour confirmer votre adresse et activer votre compte.
confirm-submit = Confirmer mon adresse
link-invalid-title = Lien invalide ou expiré
link-invalid-text = Ce lien a déjà été utilisé ou n'est plus valable. Vous pouvez en demander un nouveau.

login-title = Se connecter
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-no-account = Pas encore de compte ?
login-invalid = Adresse e-mail ou mot de passe incorrect.
login-unconfirmed = Votre adresse e-mail n'est pas encore confirmée : ouvrez le lien reçu par e-mail.

forgot-title = Mot de passe oublié
forgot-intro = Saisissez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = Recevoir le lien
forgot-done-title = Vérifiez votre boîte mail
forgot-done-text = Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé. Le lien est valable une heure et ne sert qu'une fois.
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le mot de passe

account-title = Mon compte
account-roles = Mes rôles
account-no-role = Vous n'avez pas encore de rôle dans un réseau ou un lieu.
account-profile = Profil
account-password = Changer de mot de passe
account-password-submit = Changer le mot de passe
account-tokens-link = Gérer mes jetons d'API
account-data = Mes données personnelles
account-data-text = Vous pouvez télécharger toutes les données que Maillage conserve sur vous, ou supprimer votre compte (RGPD).
account-export = Télécharger mes données (JSON)
account-delete = Supprimer mon compte
account-delete-text = La suppression est définitive : vos rôles, sessions et jetons sont effacés.
account-delete-submit = Supprimer définitivement mon compte

tokens-title = Mes jetons
tokens-intro = Un jeton personnel permet à un programme d'utiliser l'API en votre nom (en-tête « Authorization: Bearer … »). Révoquez-le dès qu'il ne sert plus.
tokens-created = Voici votre nouveau jeton. Copiez-le maintenant : il ne sera plus jamais affiché.
tokens-create = Créer un jeton
tokens-list = Jetons existants
tokens-none = Aucun jeton pour le moment.
tokens-created-at = Créé le
tokens-last-used = dernière utilisation :
tokens-revoked = Révoqué le
tokens-revoke = Révoquer

invitation-title = Invitation
invitation-role = Vous êtes invité·e avec le rôle
invitation-for = Invitation adressée à
invitation-accept = Accepter l'invitation
invitation-wrong-account = Vous êtes connecté·e avec un autre compte : connectez-vous avec l'adresse invitée.
invitation-sign-in = Connectez-vous ou créez un compte avec l'adresse invitée, puis revenez sur ce lien.
scope-instance = toute l'instance

role-instance-admin = Administrateur·rice de l'instance
role-network-admin = Administrateur·rice du réseau
role-place-manager = Gestionnaire du lieu
role-member = Membre

flash-email-confirmed = Votre adresse est confirmée. Vous pouvez vous connecter.
flash-logged-in = Vous êtes connecté·e.
flash-logged-out = Vous êtes déconnecté·e.
flash-password-reset = Votre mot de passe a été changé. Connectez-vous avec le nouveau.
flash-profile-saved = Profil enregistré.
flash-password-changed = Mot de passe changé. Vos autres sessions ont été fermées.
flash-account-deleted = Votre compte a été supprimé.
flash-token-revoked = Jeton révoqué.
flash-invitation-accepted = Invitation acceptée : votre nouveau rôle est actif.
flash-network-created = Réseau créé.
flash-organization-created = Structure créée.
flash-role-granted = Rôle attribué.
flash-invitation-sent = Invitation envoyée par e-mail.
flash-saved = Modifications enregistrées.
flash-place-created = Lieu créé.
flash-role-revoked = Rôle retiré.

admin-title = Administration
admin-network-create = Créer un réseau
admin-network-create-submit = Créer le réseau
admin-organizations = Structures porteuses
admin-no-organization = Aucune structure pour le moment.
admin-organization-create = Ajouter une structure
admin-organization-create-submit = Ajouter la structure
admin-audit = Journal des connexions et de la sécurité
admin-audit-when = Date
admin-audit-event = Événement
admin-audit-user = Compte
admin-roles = Rôles
admin-no-role = Personne n'a encore de rôle ici.
admin-revoke = Retirer
admin-invitations = Invitations en attente
admin-invitation-expires = expire le
admin-grant = Donner un rôle ou inviter
admin-grant-hint = Si l'adresse a déjà un compte, le rôle est donné tout de suite ; sinon une invitation est envoyée par e-mail.
admin-grant-submit = Donner le rôle
admin-public-page = Voir la page publique
admin-edit = Modifier
admin-place-create = Ajouter un lieu au réseau
admin-place-create-submit = Ajouter le lieu

api-docs-title = Documentation de l'API
api-docs-intro = L'API JSON de Maillage, sous /api/v1. Authentifiez-vous avec un jeton personnel : en-tête « Authorization: Bearer <jeton> ».
api-docs-auth = Jeton requis.
api-docs-params = Paramètres
api-docs-body = Corps de la requête
api-docs-responses = Réponses

mail-confirm-subject = Confirmez votre compte Maillage
mail-confirm-body =
    Bonjour { $name },

    Pour activer votre compte Maillage, ouvrez ce lien (valable 48 heures) :
    { $link }

    Si vous n'avez pas créé de compte, ignorez ce message.
mail-exists-subject = Votre compte Maillage
mail-exists-body =
    Bonjour { $name },

    Quelqu'un a essayé de créer un compte Maillage avec votre adresse, qui a déjà un compte.
    Si c'était vous et que vous avez oublié votre mot de passe : { $link }

    Sinon, ignorez ce message.
mail-reset-subject = Choisissez un nouveau mot de passe Maillage
mail-reset-body =
    Bonjour { $name },

    Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :
    { $link }

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.
mail-invite-subject = { $inviter } vous invite sur Maillage
mail-invite-body =
    Bonjour,

    { $inviter } vous invite à rejoindre « { $target } » sur Maillage avec le rôle : { $role }.

    Pour accepter, ouvrez ce lien (valable 14 jours) :
    { $link }

## Agenda (events, registrations, feeds)
nav-agenda = Agenda
agenda-title = Agenda
agenda-of = Agenda : { $name }
agenda-list-view = Vue liste
agenda-month-view = Vue mois
agenda-ics = S'abonner (iCal)
agenda-atom = Flux Atom
agenda-search = Rechercher
agenda-all-kinds = Tous les types
agenda-place = Lieu
agenda-all-places = Tous les lieux
agenda-from = Du
agenda-to = Au
agenda-online = En ligne
agenda-free = Gratuit
agenda-filter = Filtrer
agenda-month-nav = Mois précédent et suivant
agenda-prev = Mois précédent
agenda-next = Mois suivant
agenda-empty = Aucun événement à venir pour ces critères.
day-1 = Lun
day-2 = Mar
day-3 = Mer
day-4 = Jeu
day-5 = Ven
day-6 = Sam
day-7 = Dim
month-1 = Janvier
month-2 = Février
month-3 = Mars
month-4 = Avril
month-5 = Mai
month-6 = Juin
month-7 = Juillet
month-8 = Août
month-9 = Septembre
month-10 = Octobre
month-11 = Novembre
month-12 = Décembre
event-kind = Type d'événement
event-kind-atelier = Atelier
event-kind-formation = Formation
event-kind-afterwork = Afterwork
event-kind-cafe = Café des tiers-lieux
event-kind-rencontre = Rencontre régionale
event-kind-visite = Visite apprenante
event-kind-portes-ouvertes = Portes ouvertes
event-kind-reunion = Réunion publique
event-kind-autre = Autre
event-online = En ligne
event-free = Gratuit
event-cancelled = Annulé
event-draft = Brouillon
event-published = Publié
event-status = Statut
event-when = Quand
event-recurring = événement récurrent
event-organizer = Organisateur
event-where = Où
event-price = Tarif
event-audience = Public
event-accessibility = Accessibilité
event-wheelchair = Accessible en fauteuil roulant
event-sign-language = Interprétation en langue des signes
event-subtitles = Sous-titrage
event-capacity = Nombre de places
event-capacity-hint = Laissez vide si le nombre de places n'est pas limité.
event-my-registration = Mon inscription
event-cancel-registration = Annuler l'inscription
event-register = S'inscrire
event-register-submit = Je m'inscris
event-login-to-register = Se connecter pour s'inscrire
event-date = Date
event-dates = Prochaines dates
event-seats-left = { $n } place(s) restante(s)
event-full = complet (liste d'attente)
event-guests = Nombre d'accompagnants
event-approval-hint = Les inscriptions sont validées par l'organisateur : vous recevrez un e-mail.
event-organizer-tools = Organisation
event-new-title = Créer un événement
event-edit-title = Modifier l'événement
event-title = Titre
event-starts-at = Début
event-ends-at = Fin
event-time-hint = Heure de Paris. Pour un événement sur une journée entière, cochez « Toute la journée ».
event-all-day = Toute la journée
event-rrule = Récurrence (facultatif)
event-rrule-hint = Règle RFC 5545, par exemple FREQ=WEEKLY;BYDAY=TH (tous les jeudis) ou FREQ=MONTHLY;BYDAY=1TU (premier mardi du mois).
event-exdates = Dates exclues (facultatif)
event-exdates-hint = Débuts des séances annulées, séparés par des virgules : 2026-12-24T09:00
event-location-kind = Type de lieu
event-location-place = Dans le lieu organisateur
event-location-address = À une adresse
event-location-online = En ligne
event-location-hybrid = Hybride (sur place et en ligne)
event-address = Adresse
event-online-url = Lien de connexion
event-price-euros = Prix (en euros)
event-price-hint = Laissez vide si l'événement est gratuit.
event-price-info = Précisions sur le tarif
event-approval = Les inscriptions doivent être validées par l'organisateur
event-questions = Questions posées à l'inscription (facultatif)
event-questions-hint = Une question par ligne, cinq au plus.
event-create = Créer l'événement
event-cancel-event = Annuler l'événement
event-cancel-reason = Motif de l'annulation (envoyé aux inscrits)
event-error-kind = Choisissez un type d'événement dans la liste.
event-error-status = Statut inconnu : brouillon, publié ou annulé.
event-error-date = Date illisible : utilisez le format 2026-12-03T09:00.
event-error-end-before-start = La fin doit être après le début.
event-error-organizer = Choisissez un organisateur (un lieu ou un réseau) que vous gérez.
event-error-capacity = Le nombre de places doit être un nombre entier positif.
event-error-price = Le prix doit être un montant positif, par exemple 12,50.
event-error-location = Type de lieu inconnu.
event-error-url = Saisissez un lien complet commençant par https://.
event-error-rrule = Cette règle de récurrence n'est pas valide.
event-error-exdates = Dates exclues illisibles : utilisez le format 2026-12-24T09:00.
event-error-guests = Le nombre d'accompagnants doit être compris entre 0 et 20.
event-error-closed = Les inscriptions à cette date sont fermées.
reg-status-confirmed = Inscription confirmée
reg-status-waitlisted = Sur liste d'attente
reg-status-pending = En attente de validation
reg-status-cancelled = Annulée
reg-status-refused = Non retenue
mine-title = Mes inscriptions
mine-empty = Vous n'êtes inscrit·e à aucun événement à venir.
mine-feed = Mon agenda personnel
mine-feed-hint = Une adresse secrète pour voir vos inscriptions dans votre agenda (Thunderbird, Google Agenda, téléphone). Ne la partagez pas ; la renouveler invalide l'ancienne.
mine-feed-url = Adresse de votre flux
mine-feed-create = Créer mon adresse d'abonnement
mine-feed-renew = Renouveler mon adresse d'abonnement
cancel-link-title = Annuler votre inscription
cancel-link-done = Cette inscription n'est plus active.
attendees-title = Inscrits
attendees-csv = Exporter en CSV
attendees-empty = Personne n'est encore inscrit.
attendees-status = Statut
attendees-answers = Réponses
attendees-actions = Actions
attendees-accept = Valider
attendees-refuse = Refuser
import-title = Importer un agenda (iCal)
import-hint = Choisissez un fichier .ics ou collez son contenu (export de Google Agenda, Nextcloud, Outlook…). Un nouvel import du même fichier met à jour les événements déjà importés.
import-file = Fichier .ics
import-ics = Ou collez le contenu du fichier .ics
import-ics-hint = Commence par BEGIN:VCALENDAR.
import-submit = Importer
import-created = { $n } événement(s) créé(s).
import-updated = { $n } événement(s) mis à jour.
import-skipped = Événements ignorés :
import-error-unreadable = Ce contenu n'est pas un fichier iCalendar lisible.
network-agenda = L'agenda du réseau et de ses lieux
place-upcoming-events = Prochains événements
place-all-events = Tout l'agenda du lieu
flash-registered = Vous êtes inscrit·e. Un e-mail de confirmation vous a été envoyé.
flash-waitlisted = L'événement est complet : vous êtes sur la liste d'attente.
flash-pending = Votre demande d'inscription a été transmise à l'organisateur.
flash-registration-cancelled = Inscription annulée.
flash-event-cancelled = Événement annulé ; les inscrits ont été prévenus.
flash-event-created = Événement créé.
event-publish = Publier l'événement
flash-event-published = Événement publié.
