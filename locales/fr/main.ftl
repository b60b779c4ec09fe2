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

# Réservations : espaces, équipements, réservations
delete = Supprimer
booking-spaces-title = Espaces et équipements
booking-space-title = Espace
booking-admin-spaces-title = Espaces et réservations
booking-admin-space-title = Gérer l'espace
booking-calendar-title = Calendrier du lieu
booking-occupancy-title = Taux d'occupation
booking-mine-title = Mes réservations
booking-mine-none = Vous n'avez aucune réservation à venir.
booking-no-space = Aucun espace pour le moment.
booking-capacity = { $n } place(s)
booking-price-member = Tarif adhérent
booking-price-public = Tarif non-adhérent
booking-price-member-input = Tarif adhérent par unité et par place (en euros, ex. 12,50)
booking-price-public-input = Tarif non-adhérent par unité et par place (en euros)
booking-opening-hours = Horaires d'ouverture
booking-opening-hours-hint = Syntaxe OpenStreetMap, par exemple « Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00 ». Vide : 8 h – 20 h tous les jours.
booking-cancel-deadline = Annulation possible jusqu'à
booking-hours-before = { $n } h avant le début
booking-qualification = Habilitation
booking-qualification-required = Réservable seulement par les personnes habilitées par un·e gérant·e
booking-equipment = Équipements
booking-equipment-hint = Un équipement par ligne (vidéoprojecteur, tableau blanc…).
booking-feed = Calendrier iCal de cet espace (abonnement)
booking-week-of = Semaine du { $date }
booking-week-nav = Changer de semaine
booking-prev-week = ← Semaine précédente
booking-this-week = Cette semaine
booking-next-week = Semaine suivante →
booking-prev-day = ← Jour précédent
booking-next-day = Jour suivant →
booking-day-view = Vue jour
booking-week-view = Vue semaine
booking-month-nav = Changer de mois
booking-prev-month = ← Mois précédent
booking-next-month = Mois suivant →
booking-login-to-book = Connectez-vous pour réserver.
booking-closed-day = Fermé
booking-full = Complet
booking-left = { $n } place(s) restante(s)
booking-book = Réserver
booking-detailed = Réserver un autre créneau
booking-date = Date
booking-start = Début
booking-end = Fin
booking-seats = Places
booking-seats-n = { $n } place(s)
booking-for-email = Réserver pour (adresse e-mail du compte)
booking-for-email-hint = Réservé aux gérant·es : laissez vide pour réserver pour vous.
booking-series = Réservation récurrente
booking-series-hint = Chaque semaine le même jour jusqu'à une date, ou le même jour du mois (par exemple le premier jeudi) pendant plusieurs mois. Les créneaux libres sont réservés, les autres sont listés.
booking-first-date = Première date
booking-freq = Fréquence
booking-freq-weekly = Chaque semaine, jusqu'à la date de fin
booking-freq-monthly = Chaque mois, le même jour de la semaine (ex. le 1er jeudi)
booking-until = Date de fin (chaque semaine)
booking-count = Nombre de mois (chaque mois)
booking-series-submit = Réserver la série
booking-series-title = Réservation récurrente
booking-series-booked = { $n } créneau(x) réservé(s)
booking-series-conflicts = { $n } créneau(x) en conflit, non réservé(s)
booking-cancel = Annuler
booking-move = Changer d'horaire
booking-move-submit = Déplacer la réservation
booking-deadline-passed = Le délai d'annulation est dépassé : contactez le lieu.
booking-status = Statut
booking-status-confirmed = Confirmée
booking-status-pending = En attente de validation
booking-status-cancelled = Annulée
booking-status-refused = Refusée
booking-hours = Horaires
booking-space = Espace
booking-who = Pour
booking-print-hint = Imprimez cette page pour l'afficher à l'accueil.
booking-pending-title = Demandes à valider
booking-approve = Valider
booking-refuse = Refuser
booking-none-that-day = Aucune réservation ce jour-là.
booking-occupancy-hint = Heures-places réservées divisées par les heures-places ouvertes (capacité × heures d'ouverture), par mois et par semaine.
booking-csv = Exporter en CSV
booking-period = Période
booking-booked-hours = Heures-places réservées
booking-open-hours = Heures-places ouvertes
booking-rate = Taux
booking-space-create = Ajouter un espace ou un équipement
booking-kinds-spaces = Espaces
booking-kinds-equipment = Équipements et machines
booking-field-capacity-label = Capacité (places)
booking-field-mode = Mode de réservation
booking-field-unit = Unité de réservation
booking-field-min-units = Durée minimale (en unités)
booking-field-max-units = Durée maximale (en unités)
booking-field-lead-time = Délai de prévenance (minutes)
booking-field-cancel-deadline = Délai d'annulation (heures avant le début)
booking-field-access = Qui peut réserver
booking-field-capacity = La capacité doit être comprise entre 1 et 500 places.
booking-field-units = Les durées vont de 1 à 100 unités, la minimale ne dépassant pas la maximale.
booking-field-opening-hours = Ces horaires ne sont pas compris : utilisez la syntaxe OpenStreetMap, par exemple « Mo-Fr 09:00-18:00 ».
booking-field-number = Saisissez un nombre entier positif.
booking-field-price = Saisissez un montant en euros, par exemple 12,50.
booking-closures = Fermetures
booking-no-closure = Aucune fermeture prévue.
booking-closure-from = Du
booking-closure-to = Au (inclus)
booking-closure-reason = Motif
booking-closure-add = Ajouter la fermeture
booking-qualified-people = Personnes habilitées
booking-no-qualified = Personne n'est encore habilité.
booking-qualify = Habiliter
booking-archive = Retirer cet espace
booking-error-full = Il ne reste plus assez de places sur ce créneau : choisissez un autre horaire ou moins de places.
booking-error-deadline = Le délai d'annulation ou de modification de cette réservation est dépassé.
booking-error-not-active = Cette réservation n'est plus active.
booking-error-order = La fin doit être après le début.
booking-error-seats = Le nombre de places demandé dépasse la capacité de l'espace.
booking-error-unit = La durée doit être un multiple de l'unité de réservation de l'espace.
booking-error-duration = La durée demandée est hors des durées minimale et maximale de l'espace.
booking-error-lead-time = Ce créneau commence trop tôt : respectez le délai de prévenance de l'espace.
booking-error-closed = L'espace est fermé sur une partie de ce créneau (horaires d'ouverture).
booking-error-closure = L'espace est fermé à cette date.
booking-error-instant = Date ou heure invalide.
booking-error-range = La période doit durer au plus 62 jours, la fin après le début.
booking-error-rrule = Cette règle de récurrence n'est pas valide.
booking-error-series-form = Vérifiez la première date, les heures et la fin de la série.
booking-error-unknown-user = Aucun compte avec cette adresse e-mail.
booking-error-forbidden = Vous ne pouvez pas réserver cet espace (réservé aux adhérents ou aux personnes habilitées).
booking-error-capacity-lowered = Des réservations à venir dépassent la nouvelle capacité : annulez-les ou déplacez-les d'abord.
booking-error-closure-form = Saisissez deux dates, la seconde après la première.
booking-feed-summary = Réservé ({ $seats } place(s))
booking-mail-confirmed-subject = Réservation confirmée : { $space }
booking-mail-confirmed-text = Votre réservation de « { $space } » est confirmée : { $when }. Le fichier joint l'ajoute à votre agenda.
booking-mail-pending-subject = Demande de réservation reçue : { $space }
booking-mail-pending-text = Votre demande de réservation de « { $space } » ({ $when }) attend la validation d'un·e gérant·e du lieu. Les places sont retenues pour vous en attendant.
booking-mail-cancelled-subject = Réservation annulée : { $space }
booking-mail-cancelled-text = Votre réservation de « { $space } » ({ $when }) est annulée.
booking-mail-series-subject = Réservations récurrentes : { $space }
booking-mail-series-text = { $count } créneau(x) de « { $space } » sont réservés pour vous :
    { $list }
booking-mail-footer = Vos réservations : { $link }
booking-mail-approval-subject = Réservation à valider : { $space }
booking-mail-approval-text = { $who } demande « { $space } » ({ $when }). Validez ou refusez la demande : { $link }
flash-booking-confirmed = Réservation confirmée. Un e-mail de confirmation vous est envoyé.
flash-booking-pending = Demande enregistrée : elle attend la validation du lieu.
flash-booking-cancelled = Réservation annulée.
flash-booking-moved = Réservation déplacée.
flash-booking-approved = Réservation validée.
flash-booking-refused = Réservation refusée.
flash-space-created = Espace créé.
flash-space-archived = Espace retiré.
space-kind-coworking = Open space coworking
space-kind-bureau = Bureau
space-kind-salle_reunion = Salle de réunion
space-kind-salle_seminaire = Salle de séminaire
space-kind-atelier = Atelier / fab lab
space-kind-cuisine = Cuisine
space-kind-jardin = Jardin
space-kind-boutique = Boutique partagée
space-kind-imprimante_3d = Imprimante 3D
space-kind-decoupe_laser = Découpeuse laser
space-kind-fraiseuse = Fraiseuse numérique
space-kind-brodeuse = Brodeuse numérique
space-kind-autre_machine = Autre machine
space-mode-seat = à la place
space-mode-room = salle entière
space-unit-hour = heure
space-unit-half_day = demi-journée (4 h)
space-unit-day = journée (8 h)
space-access-signed_in = toute personne connectée
space-access-members = adhérents du lieu
space-access-approval = sur validation
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche

# Prestations
service-catalogue-title = Services et prestations
service-admin-title = Gérer les prestations
service-none = Aucune prestation pour le moment.
service-ht = HT
service-ttc = TTC
service-vat = TVA
service-category = Catégorie
service-unit = Unité
service-price-ht = Prix HT (en euros, ex. 12,50)
service-create = Ajouter une prestation
service-request = Demander cette prestation
service-request-submit = Envoyer la demande
service-message = Votre message
service-mail-subject = Demande de prestation : { $service }
service-mail-text = { $name } ({ $email }) demande la prestation « { $service } » de { $place }.

    { $message }
flash-service-requested = Votre demande a été transmise à l'équipe du lieu.
flash-service-saved = Prestation enregistrée.
flash-service-deleted = Prestation retirée du catalogue.
service-category-pass_coworking = Pass coworking
service-category-domiciliation = Domiciliation
service-category-impression = Impression
service-category-accompagnement = Accompagnement
service-category-formation = Formation
service-category-location_salle = Location de salle
service-category-soutien_informatique = Soutien informatique
service-category-restauration = Restauration
service-category-autre = Autre
service-unit-forfait = forfait
service-unit-heure = heure
service-unit-demi_journee = demi-journée
service-unit-jour = jour
service-unit-mois = mois
service-unit-an = an
service-unit-page = page
