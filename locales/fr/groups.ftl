# Groupes (clubs, commissions, conseils), réunions, décisions, actions, documents.
groups-attach-one = Rattachez le groupe à un seul lieu, réseau ou projet.
groups-projects-unavailable = Les projets ne sont pas encore disponibles (projects are not available yet).
groups-unknown-parent = Lieu, réseau, projet ou réunion introuvable.
groups-url-invalid = Indiquez un lien web commençant par https://.
groups-instant-invalid = Date ou heure invalide.
groups-date-invalid = Date invalide (format AAAA-MM-JJ).
groups-ends-before-start = La fin doit suivre le début (24 heures au plus).
groups-mandate-end-before-start = La fin du mandat doit suivre son début.
groups-unknown-user = Personne introuvable : elle doit avoir un compte.
groups-rrule-invalid = Règle de récurrence invalide (exemple : FREQ=MONTHLY;BYDAY=1TH).
documents-scope-one = Rattachez le document à un seul groupe, lieu, réseau ou projet.
documents-file-required = Choisissez un fichier.
documents-file-too-large = Fichier trop volumineux (10 Mio au plus).
documents-file-type = Type de fichier non accepté : PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, texte, CSV ou Markdown.
documents-total = { $n } documents, par titre.
nav-groups = Groupes
groups-title = Clubs, commissions et conseils
groups-intro = Les groupes des lieux et des réseaux : leurs réunions, comptes-rendus, décisions et prochaines étapes.
groups-none = Aucun groupe pour l'instant.
groups-new = Créer un groupe
groups-create = Créer le groupe
groups-edit = Modifier le groupe
groups-members-only = Réservé aux membres
groups-autonomous = Autonome
groups-interim = Présidence par intérim
groups-you-are-member = Vous êtes membre de ce groupe.
groups-join = Rejoindre le groupe
groups-ask-join = Demander à rejoindre le groupe
groups-join-pending = Votre demande d'adhésion attend la validation d'un·e responsable.
groups-login-to-join = Connectez-vous pour rejoindre ce groupe
groups-field-scope = Rattaché à
groups-list-search = Rechercher un groupe par son nom
groups-list-total = { $n } groupes, par ordre alphabétique.
groups-none-found = Aucun groupe de ce nom.
groups-field-scope-place = Ou un autre de vos lieux
groups-field-scope-place-hint = Vous gérez plus de lieux que la liste n'en montre : collez l'adresse de la page du lieu dans l'annuaire (…/lieux/nom-du-lieu) ou écrivez son nom exact.
groups-error-scope-place-unknown = Aucun lieu à cette adresse ni de ce nom exact : copiez l'adresse de sa page dans l'annuaire.
groups-error-scope-place-ambiguous = Plusieurs lieux portent ce nom : collez l'adresse de la page du lieu (…/lieux/nom-du-lieu).
groups-error-scope-place-rights = Vous ne gérez pas ce lieu : vous ne pouvez pas y créer de groupe.
groups-my-actions-total = { $n } actions, les ouvertes en premier par échéance.
groups-field-kind = Type de groupe
groups-field-purpose = Objet du groupe
groups-field-visibility = Visibilité
groups-field-joining = Adhésion
groups-field-autonomous = Groupe autonome (animé par ses membres)
groups-field-title = Intitulé (facultatif)
groups-field-date = Date
groups-field-start = Heure de début
groups-field-end = Heure de fin
groups-field-room = Salle
groups-field-online = Lien de visioconférence
groups-field-agenda = Ordre du jour
groups-agenda-hint = Un point par ligne, dans l'ordre.
groups-rich-hint = Mise en forme Markdown : **gras**, *italique*, « - » en début de ligne pour une liste, « ## » pour un intertitre, [texte](https://…) pour un lien ; une ligne vide sépare les paragraphes.
groups-visibility-public = Public : visible de toutes et tous
groups-visibility-members = Réservé aux membres du groupe
groups-joining-open = Libre
groups-joining-request = Sur demande (validée par un·e responsable)
groups-joining-invitation = Sur invitation
groups-kind-board = Conseil d'administration / bureau
groups-kind-commission = Commission
groups-kind-working-group = Groupe de travail
groups-kind-club = Club
groups-kind-holders = Groupe de porteurs de projet
groups-kind-focus-group = Focus groupe
groups-role-president = Président·e
groups-role-vice-president = Vice-président·e
groups-role-secretary = Secrétaire
groups-role-treasurer = Trésorier·e
groups-role-animator = Animateur·rice
groups-role-member = Membre
groups-members = Membres
groups-add-member = Ajouter un·e membre
groups-mandate-start = Début du mandat
groups-mandate-end = Fin du mandat
groups-col-name = Nom
groups-col-role = Rôle
groups-col-mandate = Mandat
groups-col-actions = Gestion
groups-col-action = Action
groups-col-owner = Responsable
groups-col-due = Échéance
groups-col-status = État
groups-pending = demande en attente
groups-former = mandat terminé
groups-approve = Valider
groups-refuse = Refuser
groups-remove = Retirer
groups-meeting = Réunion
groups-meetings = Réunions
groups-no-meetings = Aucune réunion pour l'instant.
groups-upcoming = à venir
groups-new-meeting = Planifier une réunion
groups-plan = Planifier la réunion
groups-join-online = Rejoindre la réunion en ligne
groups-add-calendar = Ajouter à mon agenda (.ics)
groups-agenda = Ordre du jour
groups-agenda-empty = Pas encore d'ordre du jour.
groups-agenda-add = Ajouter un point à l'ordre du jour
groups-add = Ajouter
groups-attendees = Participant·es
groups-attendees-none = Aucun·e participant·e.
groups-attendance-invited = invité·e
groups-attendance-present = présent·e
groups-attendance-excused = excusé·e
groups-minutes = Compte-rendu
groups-minutes-none = Pas de compte-rendu publié.
groups-minutes-public = Compte-rendu public
groups-minutes-internal = Compte-rendu interne
groups-minutes-write = Rédiger le compte-rendu
groups-minutes-visibility = Diffusion du compte-rendu
groups-minutes-keep-internal = Garder interne (membres du groupe)
groups-minutes-publish = Publier (visible de toutes et tous, les membres sont prévenus par courriel)
groups-minutes-save = Enregistrer le compte-rendu
groups-decisions = Relevé de décisions
groups-decisions-of-meeting = Décisions
groups-decisions-none = Aucune décision.
groups-decision-add = Ajouter une décision
groups-search = Rechercher dans les décisions
groups-search-submit = Rechercher
groups-actions = Prochaines étapes
groups-actions-none = Aucune action.
groups-my-actions = Mes actions
groups-status-todo = À faire
groups-status-doing = En cours
groups-status-done = Fait
groups-slot = Créneau régulier
groups-slot-hint = Une règle de récurrence (par exemple FREQ=MONTHLY;BYDAY=1TH pour le premier jeudi du mois), l'heure et la salle : les réunions des quatre prochains mois sont créées et les membres invités.
groups-slot-rule = Répétition
groups-slot-save = Enregistrer le créneau
documents-title = Documents
flash-group-created = Groupe créé.
flash-group-saved = Groupe enregistré.
flash-member-invited = Invitation envoyée : la personne sera membre quand elle l'aura acceptée.
flash-member-updated = Adhésion mise à jour.
flash-joined = Bienvenue dans le groupe !
flash-join-requested = Demande d'adhésion envoyée.
flash-meeting-created = Réunion planifiée ; les membres sont invités par courriel.
flash-slot-saved = Créneau enregistré ; les réunions sont créées.
flash-minutes-saved = Compte-rendu enregistré (interne).
flash-minutes-published = Compte-rendu publié.
flash-agenda-added = Point ajouté à l'ordre du jour.
flash-decision-added = Décision enregistrée.
flash-action-added = Action ajoutée.
flash-action-updated = Action mise à jour.
flash-attendance-saved = Présence enregistrée.
documents-search = Rechercher des documents
documents-search-hint = Titre, mot-clé ou contenu d'une fiche
documents-folders = Dossiers
documents-folder = Dossier
documents-list = Documents et fiches
documents-none = Aucun document.
documents-tags = Mots-clés
documents-kind-file = Fichier
documents-kind-sheet = Fiche thématique
documents-visibility-public = Public
documents-visibility-network = Membres du réseau
documents-visibility-managers = Gestionnaires
documents-visibility-group = Membres du groupe
documents-upload = Déposer un fichier
documents-upload-hint = 10 Mio au plus : PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, texte, CSV ou Markdown.
documents-upload-submit = Déposer
documents-file = Fichier
documents-new-sheet = Écrire une fiche thématique
documents-sheet-body = Contenu de la fiche
documents-sheet-submit = Enregistrer la fiche
documents-new-folder = Créer un dossier
documents-versions = Versions
documents-version = Version
documents-size = Taille
documents-date = Date
documents-new-version = Déposer une nouvelle version
flash-document-added = Document ajouté.
flash-version-added = Nouvelle version déposée ; les précédentes restent disponibles.
flash-folder-added = Dossier créé.
groups-space-invalid = Choisissez un espace de ce lieu.
groups-conflict-full = la salle est déjà réservée
groups-conflict-rights = la réservation de la salle demande un·e gestionnaire du lieu
groups-slot-space = Espace à réserver
groups-slot-space-none = Aucun (salle en texte libre)
groups-slot-conflicts = Réservations impossibles
groups-slot-conflicts-hint = Ces réunions du créneau n'ont pas été créées, la salle n'ayant pas pu être réservée :
flash-slot-conflicts = Créneau enregistré ; certaines dates n'ont pas pu être réservées (voir la liste).
groups-conflict-rights-field = Réserver cet espace demande un·e gestionnaire du lieu.
groups-conflict-full-field = Cet espace est déjà réservé sur ce créneau.
documents-all = Tous les documents

# E-mails des groupes
groups-mail-invitation-subject = Invitation : { $title }
# { $where } : groups-mail-invitation-room et groups-mail-invitation-online, s'il y a lieu ; { $agenda } : l'ordre du jour, s'il y en a un.
groups-mail-invitation-body =
    Bonjour,

    Vous êtes invité·e à la réunion « { $title } » le { $when }{ $where }.
    { $agenda }
    Détails : { $link }

    L'invitation est jointe pour votre agenda.
groups-mail-invitation-room = , salle : { $room }
groups-mail-invitation-online = , en ligne : { $link }
groups-mail-invitation-agenda = Ordre du jour :
groups-mail-minutes-subject = Compte-rendu publié : { $title }
groups-mail-minutes-body =
    Bonjour,

    Le compte-rendu de la réunion « { $title } » du { $when } est publié :
    { $link }
groups-mail-action-subject = Rappel : « { $title } » pour le { $due }
groups-mail-action-body =
    Bonjour { $name },

    L'action « { $title } » ({ $group }) est à faire pour le { $due }.
    Vos actions : { $link }
groups-mail-slot-conflict-subject = Créneau de « { $group } » : salle indisponible
# { $dates } : une ligne groups-mail-slot-conflict-date par date.
groups-mail-slot-conflict-body =
    Bonjour,

    La salle du créneau régulier de « { $group } » n'a pas pu être réservée pour :
    { $dates }
    Ces réunions n'ont pas été créées. Détails : { $link }
groups-mail-slot-conflict-date = - { $when } : { $reason }
groups-mail-invited-subject = Invitation à rejoindre « { $group } »
groups-mail-invited-body =
    Bonjour,

    Vous êtes invité·e à rejoindre le groupe « { $group } » ({ $role }).
    Vous n'en serez membre qu'après avoir accepté ; vous pouvez aussi refuser.
    Répondez depuis « Mes invitations » : { $link }
groups-mail-invited-new-body =
    Bonjour,

    Vous êtes invité·e à rejoindre le groupe « { $group } » ({ $role }) sur Maillage.
    Créez d'abord un compte avec cette adresse : { $link }
    L'invitation vous attendra ensuite dans « Mes invitations » (pendant 30 jours) : vous n'y serez membre qu'après l'avoir acceptée.
groups-visibility-capped = Ce groupe appartient à un projet privé : il ne peut pas être public (il ne serait visible que des porteurs du projet et de ses membres).
flash-invitation-group-accepted = Invitation acceptée : vous êtes membre du groupe.
# The club slot's picker (issue 17 point 2)
groups-slot-repeat = Fréquence
groups-slot-repeat-weekly = chaque semaine
groups-slot-repeat-biweekly = une semaine sur deux
groups-slot-repeat-monthly = chaque mois
groups-slot-repeat-custom = autre règle (ci-dessous)
groups-slot-position = Quel jour du mois
groups-slot-position-hint = Pour « chaque mois » seulement : le premier jeudi, le dernier lundi…
groups-slot-pos-1 = le premier
groups-slot-pos-2 = le deuxième
groups-slot-pos-3 = le troisième
groups-slot-pos-4 = le quatrième
groups-slot-pos-last = le dernier
groups-slot-day = Jour
groups-slot-custom = Règle avancée
groups-slot-custom-rule = Règle RFC 5545 (RRULE)
groups-slot-custom-hint = Avec la fréquence « autre règle » : par exemple FREQ=MONTHLY;BYMONTHDAY=15 (le 15 de chaque mois).
groups-slot-error-day = Choisissez un jour de la semaine.
groups-slot-error-position = Choisissez le premier, deuxième, troisième, quatrième ou dernier jour du mois.
groups-slot-error-repeat = Choisissez une fréquence de la liste.
groups-list-mine = Seulement mes groupes
