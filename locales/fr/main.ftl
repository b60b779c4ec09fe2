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

# Lieux : annuaire, carte, fiche, contributions, modération, import
nav-places = Lieux
nav-map = Carte
home-all-places = Voir tous les lieux
places-title = Annuaire des lieux
places-intro = Tous les tiers-lieux publiés, filtrables par typologie, territoire, service ou réseau.
places-see-map = Voir sur la carte
map-title = Carte des lieux
map-intro = La carte charge les lieux de la zone affichée ; la liste à côté les suit.
map-as-list = Voir sous forme de liste
map-label = Carte interactive des lieux
map-list = Lieux de la zone
map-count-in-view = { $count } lieux dans la zone affichée
map-count-zoom = { $count } lieux dans la zone affichée : zoomez pour les voir un par un
place-propose = Proposer un lieu
places-bad-filter = Un filtre est invalide : il n'a pas été appliqué.
places-filters = Filtrer les lieux
places-search = Rechercher
places-search-hint = Nom, commune, typologie, service… sans souci des accents ni du pluriel.
places-any = Tous
places-open-now = Ouvert maintenant
places-apply = Filtrer
places-count = Lieux trouvés : { $count }
places-none = Aucun lieu ne correspond à ces critères.
pagination = Pages de résultats
field-typology = Typologie
field-typologies = Typologies
field-region = Région
field-department = Département
field-service = Service
field-network = Réseau
field-status = Statut
field-address = Adresse
field-postal-code = Code postal
field-postal-code-hint = Cinq chiffres, par exemple 33340.
field-insee = Code INSEE de la commune
field-insee-hint = Facultatif ; cinq caractères, par exemple 33240 ou 2A004.
field-latitude = Latitude
field-longitude = Longitude
field-coordinates-hint = En degrés décimaux, par exemple 45.3126 et -0.9372.
field-description-hint = Mise en forme simple permise (gras, italique, listes, liens).
field-hours = Horaires d'ouverture
field-hours-hint = Syntaxe OpenStreetMap, par exemple : Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00
field-phone = Téléphone
field-phone-hint = Par exemple 05 56 12 34 56.
field-website = Site web
field-social = Réseaux sociaux
field-one-per-line = Un par ligne.
field-services = Services proposés
field-accessibility = Accessibilité
field-siret = SIRET de la structure porteuse
field-charter = Charte du réseau adoptée le
field-postcode-invalid = Le code postal doit compter cinq chiffres.
field-insee-invalid = Le code INSEE doit compter cinq caractères (par exemple 33240 ou 2A004).
field-coordinate-invalid = Coordonnée invalide : latitude entre -90 et 90, longitude entre -180 et 180, en degrés décimaux.
field-hours-invalid = Ces horaires ne suivent pas la syntaxe OpenStreetMap (exemple : Mo-Fr 09:00-18:00).
field-url-invalid = Saisissez une adresse web complète, par exemple https://exemple.fr.
field-phone-invalid = Ce numéro de téléphone n'est pas valide.
field-date-invalid = Saisissez une date au format AAAA-MM-JJ.
field-typology-unknown = Typologie inconnue : choisissez-la dans la liste.
field-bbox-invalid = La zone doit s'écrire ouest,sud,est,nord en degrés.
field-invalid-number = Nombre invalide.
place-status-project = En projet
place-status-open = Ouvert
place-status-closed = Fermé
place-pending = Ce lieu attend la validation des administrateurs du réseau.
place-refused = Ce lieu a été refusé par les administrateurs du réseau.
place-refusal-reason = Motif
place-open-now = Ouvert maintenant
place-closed-now = Fermé en ce moment
place-address = Adresse
place-hours = Horaires
place-contacts = Contacts
place-updated = Dernière mise à jour
place-osm-link = Voir sur OpenStreetMap
place-contribute = Contribuer
place-edit = Modifier ce lieu
place-propose-edit = Proposer une modification
place-claim-message = Vous gérez ce lieu ? Présentez-vous en quelques mots
place-claim = Revendiquer la gestion de ce lieu
place-history = Historique des modifications
history-when = Quand
history-who = Qui
history-what = Quoi
place-propose-title = Proposer un lieu
place-propose-hint = Votre proposition sera publiée après validation par les administrateurs du réseau choisi.
place-propose-submit = Proposer ce lieu
place-edit-title = Modifier le lieu
place-edit-moderated = Vos modifications seront soumises aux administrateurs du réseau avant publication.
embed-credit = Carte des tiers-lieux par Maillage
moderation-title = Modération des lieux
moderation-places = Lieux proposés
moderation-nothing = Rien à modérer.
moderation-duplicates = Doublon possible avec :
moderation-same-siret = même SIRET
moderation-reason = Motif (obligatoire pour un refus, montré à l'auteur)
moderation-publish = Publier
moderation-refuse = Refuser
moderation-proposals = Modifications proposées
moderation-field = Champ
moderation-before = Avant
moderation-after = Après
moderation-apply = Appliquer
moderation-claims = Demandes de gestion
moderation-accept-claim = Confier la gestion
import-title = Importer des lieux
import-intro = CSV (tout séparateur, UTF-8 ou Latin-1), GeoJSON, JSON GoGoCarto ou data·inclusion, CSV au schéma national des lieux de médiation numérique. Un aperçu et la correspondance des colonnes vous sont proposés avant l'import.
import-file = Fichier
import-format = Format
import-format-auto = Reconnaître automatiquement
import-preview = Voir l'aperçu
import-rows = { $count } lignes lues
import-mapping = Correspondance des colonnes
import-mapping-hint = Devinée d'après les noms de colonnes ; corrigez-la si besoin.
import-refresh = Actualiser l'aperçu
import-run = Importer
import-preview-title = Aperçu des 20 premières lignes
import-line = Ligne
import-outcome = Résultat
import-messages = Remarques
import-again = Importer un autre fichier
flash-place-proposed = Merci ! Votre proposition sera publiée après validation.
flash-place-published = Le lieu est publié.
flash-place-saved = Modifications enregistrées.
flash-edit-proposed = Merci ! Votre modification sera appliquée après validation.
flash-claim-sent = Demande envoyée aux administrateurs du réseau.
flash-moderated = Décision enregistrée.
flash-reason-required = Indiquez le motif du refus.
mail-place-published-subject = Votre contribution « { $name } » est publiée
mail-place-published-body =
    Bonjour,

    Votre contribution sur « { $name } » a été validée par les administrateurs du réseau :
    { $url }

    Merci !
mail-place-refused-subject = Votre contribution « { $name } » n'a pas été retenue
mail-place-refused-body =
    Bonjour,

    Votre contribution sur « { $name } » n'a pas été retenue par les administrateurs du réseau.

    Motif : { $reason }

    { $url }
licence-title = Licence des données des lieux
licence-hint = Les exports ouverts (GeoJSON, CSV, data·inclusion, GoGoCarto) portent la licence choisie par le réseau.
flash-licence-saved = Licence enregistrée.
