# Projets (issue 7)
nav-projects = Projets
projects-title = Projets de tiers-lieux
projects-intro = Du diagnostic à l'ouverture : les projets accompagnés, leurs phases, leur canevas et leur plan de financement.
projects-new = Nouveau projet
projects-create = Créer le projet
projects-none = Aucun projet visible pour le moment.
projects-private = Privé
projects-status-idea = Idée
projects-status-in-progress = En cours
projects-status-opened = Ouvert
projects-status-abandoned = Abandonné
projects-field-communes = Communes
projects-field-epci = EPCI
projects-field-holders = Structures porteuses
projects-field-uses = Usages envisagés
projects-uses-hint = Un par ligne : coworking, fablab, café, épicerie, jardin…
projects-field-intent = Intention
projects-field-network = Réseau qui accompagne le projet
projects-no-network = Aucun
projects-field-public = Projet visible par tout le monde
projects-phases = Avancement par phases
projects-completion = Avancement
projects-phase-done = terminée
projects-support-level = Accompagnement reçu
projects-canvas = Social Business Canvas
projects-canvas-open = Voir le canevas
projects-canvas-start = Commencer le canevas
projects-canvas-versions = Versions du canevas
projects-canvas-version = Version
projects-canvas-empty = Le canevas n'a pas encore été rempli.
projects-canvas-print = Version imprimable
projects-canvas-save = Enregistrer une nouvelle version
projects-canvas-unknown-block = Bloc de canevas inconnu.
projects-compare = Comparer
projects-compare-old = Version précédente
projects-compare-new = Version suivante
projects-changes = Blocs modifiés
projects-no-changes = Aucun bloc ne diffère entre ces deux versions.
projects-block-social-problem = Problème social
projects-block-beneficiaries = Bénéficiaires
projects-block-value-proposition = Proposition de valeur
projects-block-solution = Solution
projects-block-key-activities = Activités clés
projects-block-key-resources = Ressources clés
projects-block-partners = Partenaires
projects-block-channels = Canaux
projects-block-segments = Segments de clientèle
projects-block-costs = Structure de coûts
projects-block-revenues = Sources de revenus
projects-block-impact = Mesure d'impact
projects-block-surplus = Utilisation des excédents
projects-funding = Plan de financement
projects-funding-manage = Gérer le plan de financement
projects-applications = Dossiers de financement
projects-applications-none = Aucun dossier pour le moment.
projects-application-add = Ajouter un dossier
projects-field-funder = Financeur
projects-field-programme = Programme
projects-field-requested = Montant demandé (€)
projects-field-granted = Montant accordé (€)
projects-field-deadline = Date limite
projects-field-label = Libellé
projects-field-amount = Montant (€)
projects-programme-leader-feader = LEADER / FEADER
projects-programme-region = Région
projects-programme-departement = Département
projects-programme-fondation-de-france = Fondation de France
projects-programme-anct-fabriques = ANCT – Fabriques de territoire
projects-programme-other = Autre
projects-funding-status-draft = Brouillon
projects-funding-status-submitted = Déposé
projects-funding-status-granted = Accordé
projects-funding-status-refused = Refusé
projects-funding-status-paid = Versé
projects-budget = Budget
projects-budget-add = Ajouter une ligne
projects-budget-investment = Investissement
projects-budget-operation = Fonctionnement
projects-budget-total = Budget total
projects-requested-total = Total demandé
projects-granted-total = Total accordé
projects-cofinancing-rate = Taux de cofinancement
projects-by-source = Financements accordés par source
projects-chart = Part relative
projects-amount-invalid = Saisissez un montant positif, par exemple 74 881,10.
projects-unknown-network = Ce réseau n'existe pas.
projects-completion-invalid = L'avancement doit être compris entre 0 et 100.
projects-dates-order = La fin doit suivre le début.
flash-project-created = Projet créé avec ses quatre phases.
flash-canvas-saved = Nouvelle version du canevas enregistrée.
flash-funding-saved = Plan de financement mis à jour.
# Page publique, ateliers et tableau de bord des conseillers
projects-presentation = Présentation
projects-current-phase = Phase en cours
projects-phase-current = en cours
projects-step = étape { $n } sur { $total }
projects-all-phases-done = Toutes les phases sont terminées.
projects-overall = Avancement global
projects-workshops = Prochaines réunions et ateliers
projects-workshops-none = Aucune réunion ni aucun atelier public prévu pour le moment.
projects-next-meetings = Réunions des groupes du projet
projects-online = En ligne
projects-workshop-full = Complet : inscription sur liste d'attente.
projects-seats-left = Places restantes : { $n }
projects-register = S'inscrire
projects-join-waitlist = S'inscrire sur la liste d'attente
projects-login-to-register = Se connecter pour s'inscrire
projects-registration-confirmed = Vous êtes inscrit·e.
projects-registration-waitlisted = Vous êtes sur liste d'attente.
projects-registration-pending = Votre inscription attend la validation des organisateurs.
projects-published-minutes = Comptes-rendus publiés
projects-minutes-none = Aucun compte-rendu publié pour le moment.
projects-public-documents = Documents
projects-documents-none = Aucun document public pour le moment.
projects-contacts = Contacts de l'équipe
projects-contacts-none = L'équipe n'a pas encore publié de contact.
projects-contact-email = Courriel
projects-contact-phone = Téléphone
projects-contact-text = Personnes à contacter
projects-contact-text-hint = Noms, rôles, permanences… Ce texte est public.
projects-participate = Comment participer
projects-participate-none = L'équipe n'a pas encore décrit comment participer.
projects-public-edit = Modifier la page publique
projects-public-edit-intro = Contacts de l'équipe et « comment participer » : ces informations sont visibles par tout le monde quand le projet est public.
projects-workshop-new = Organiser un atelier
projects-workshop-intro = L'atelier paraît sur la page du projet et dans l'agenda du réseau qui l'accompagne ; les inscriptions passent par l'agenda.
projects-workshop-title = Titre
projects-workshop-date = Date
projects-workshop-start = Début (heure de Paris)
projects-workshop-end = Fin
projects-workshop-address = Adresse
projects-workshop-online = Lien de visioconférence (facultatif)
projects-workshop-capacity = Nombre de places
projects-workshop-capacity-hint = Laisser vide pour un nombre illimité.
projects-workshop-create = Publier l'atelier
projects-event-needs-network = Le projet doit être accompagné par un réseau pour publier un atelier dans l'agenda.
projects-dashboard = Suivi des projets
projects-dashboard-intro = Les projets accompagnés par vos réseaux : phase en cours, prochaines échéances et retards.
projects-dashboard-count = Projets suivis : { $n }
projects-dashboard-none = Aucun projet suivi ne correspond.
projects-requests-title = Demandes de suivi
projects-requests-intro = Ces projets demandent à être suivis par votre réseau. Tant que vous n'avez pas accepté, ils n'apparaissent ni dans le suivi, ni dans l'agenda du réseau, et vous n'avez aucun droit sur eux.
projects-requests-network = Réseau demandé
projects-requests-accept = Accepter le suivi
projects-requests-refuse = Refuser
projects-overdue-count = éléments en retard : { $n }
projects-overdue-count-page = éléments en retard sur cette page : { $n }
projects-requests-more = { $shown } demandes affichées sur { $n }, par ordre alphabétique.
projects-total = { $n } projets, par ordre alphabétique.
projects-filter-network = Réseau
projects-filter-all = Tous
projects-filter = Filtrer
projects-phases-done = phases terminées : { $done } sur { $total }
projects-overdue = En retard
projects-late = En retard :
projects-next-deadlines = Prochaines échéances
projects-no-deadline = Aucune échéance à venir.
projects-deadline-funding = Dossier de financement
projects-deadline-phase = Fin de phase
projects-deadline-action = Action
flash-project-page-saved = Page publique mise à jour.
flash-workshop-created = Atelier publié.
# Espace de travail (porteurs et conseillers)
projects-workspace = Espace de travail
projects-workspace-open = Ouvrir l'espace de travail
projects-workspace-groups = Groupes du projet
projects-workspace-no-groups = Aucun groupe pour le moment : créez le groupe des porteurs et un focus groupe par usage envisagé.
projects-workspace-next-meeting = Prochaine réunion
projects-workspace-no-meeting = Aucune réunion prévue.
projects-workspace-create-groups = Créer les groupes en un clic
projects-workspace-create-holders = Créer le groupe des porteurs
projects-workspace-create-focus = Créer le focus groupe
projects-workspace-actions = Prochaines étapes
projects-workspace-no-actions = Aucune action ouverte.
projects-workspace-action = Action
projects-workspace-group = Groupe
projects-workspace-owner = Responsable
projects-workspace-due = Échéance
projects-workspace-overdue = En retard
projects-workspace-no-documents = Aucun document pour le moment (diagnostic initial, études…).
projects-workspace-library = Bibliothèque du projet : ajouter un document
projects-documents = Documents
projects-stakeholders = Parties prenantes
projects-stakeholders-none = Aucune partie prenante enregistrée.
projects-stakeholders-manage = Gérer l'annuaire des parties prenantes
projects-stakeholders-private = Annuaire visible des seuls porteurs et conseillers du projet. Les coordonnées ne sont enregistrées qu'avec la date du consentement de la personne (RGPD).
projects-stakeholder-add = Ajouter une partie prenante
projects-stakeholder-edit = Modifier une partie prenante
projects-stakeholder-delete = Supprimer cette partie prenante
projects-stakeholder-kind = Type
projects-stakeholder-kind-person = Personne
projects-stakeholder-kind-organization = Structure
projects-stakeholder-organization = Structure d'appartenance
projects-stakeholder-role = Rôle dans le projet
projects-stakeholder-contact = Coordonnées
projects-stakeholder-consent-hint = Ne saisissez des coordonnées qu'avec l'accord de la personne, et indiquez la date de ce consentement.
projects-stakeholder-phone = Téléphone
projects-stakeholder-consent = Date du consentement
projects-stakeholder-notes = Notes
projects-consent-required = Indiquez la date du consentement : sans elle, les coordonnées ne peuvent pas être enregistrées.
projects-consent-future = La date du consentement ne peut pas être dans le futur.
projects-edit = Modifier
projects-timeline = Chronologie
projects-timeline-open = Voir la chronologie
projects-timeline-hint = Tout ce qui s'est passé dans le projet, du plus récent au plus ancien (heure de Paris).
projects-timeline-newer = Plus récents
projects-timeline-older = Plus anciens
projects-event-project-created = Projet « { $a } » créé
projects-event-project-updated = Présentation du projet modifiée
projects-event-phase-progress = Phase « { $a } » : avancement { $b } %
projects-event-canvas-version = Canevas : version n° { $a }
projects-event-funding-created = Dossier de financement créé : { $a } ({ $b })
projects-event-funding-status = Dossier { $a } : statut « { $b } »
projects-event-funding-deleted = Dossier de financement supprimé : { $a }
projects-event-budget-added = Ligne de budget ajoutée : { $a } ({ $b })
projects-event-budget-updated = Ligne de budget modifiée : { $a } ({ $b })
projects-event-budget-deleted = Ligne de budget supprimée : { $a }
projects-event-meeting-held = Réunion tenue : { $a }
projects-event-minutes-published = Compte-rendu publié : { $a }
projects-event-document-added = Document ajouté : { $a }
projects-event-stakeholder-added = Partie prenante ajoutée : { $a }
projects-event-member-added = Porteur ajouté : { $a }
projects-event-member-removed = Porteur retiré : { $a }
projects-members = Porteurs
projects-members-manage = Gérer les porteurs et la présentation du projet
projects-members-hint = Les porteurs modifient le projet, ses phases, son canevas, son plan de financement et ses groupes. Les administrateurs du réseau qui l'accompagne (conseillers) ont les mêmes droits.
projects-members-pending = Invitations en attente
projects-member-add = Ajouter un porteur
projects-member-add-hint = Une personne déjà inscrite est ajoutée tout de suite ; sinon, elle reçoit une invitation par courriel (lien valable 14 jours).
projects-member-remove = Retirer
projects-last-member = Le dernier porteur du projet ne peut pas être retiré.
projects-edit-project = Modifier la présentation du projet
projects-invitation = Invitation à porter un projet
projects-invitation-to = Vous êtes invité·e à rejoindre les porteurs du projet
projects-invitation-invalid = Ce lien d'invitation n'est plus valable (déjà utilisé ou expiré).
flash-stakeholder-saved = Partie prenante enregistrée.
flash-stakeholder-deleted = Partie prenante supprimée.
flash-holder-already = Cette personne porte déjà le projet.
flash-holder-invited = Invitation envoyée par courriel. La personne portera le projet quand elle l'aura acceptée.
flash-holder-removed = Porteur retiré.
flash-project-saved = Projet enregistré.
flash-project-network-accepted = Le réseau suit désormais ce projet.
flash-project-network-refused = Demande de suivi refusée.
flash-project-group-created = Groupe du projet créé : planifiez ses réunions, comptes-rendus et prochaines étapes.
flash-group-exists = Ce groupe existe déjà.
flash-project-invitation-accepted = Invitation acceptée : vous portez maintenant ce projet.
projects-funding-edit-hint = Cliquez sur un dossier ou une ligne de budget pour le modifier ou le supprimer.
projects-application-edit = Modifier le dossier de financement
projects-application-delete = Supprimer ce dossier
projects-deadline-hint = Les porteurs reçoivent un rappel par courriel 7 jours puis 1 jour avant (dossiers en brouillon ou déposés).
projects-attachments = Pièces jointes
projects-attachments-none = Aucune pièce jointe.
projects-attachment-choose = Document de la bibliothèque du projet
projects-attachment-add = Joindre au dossier
projects-attachment-remove = Retirer
projects-attachment-upload = Téléverser un document dans la bibliothèque du projet
projects-document-not-in-project = Choisissez un document de la bibliothèque de ce projet.
projects-budget-edit = Modifier la ligne de budget
projects-budget-delete = Supprimer cette ligne
flash-attachment-added = Pièce jointe ajoutée au dossier.
flash-attachment-removed = Pièce jointe retirée du dossier.
projects-phases-edit = Phases du projet
projects-phases-edit-hint = Objectifs (un par ligne), dates, avancement (100 % = phase terminée) et niveau d'accompagnement reçu.
projects-phase = Phase
projects-phase-title = Intitulé de la phase
projects-phase-objectives = Objectifs (un par ligne)
projects-phase-starts = Début
projects-phase-ends = Fin
projects-phase-add = Ajouter une phase
projects-phase-delete = Supprimer la phase
projects-phases-manage = Modifier les phases
projects-too-many-phases = Vingt phases au plus.
projects-phase-template = Modèle de phases du réseau
projects-phase-template-hint = Les nouveaux projets accompagnés par ce réseau reçoivent ces phases. Laissez un intitulé vide pour retirer une phase.
projects-phase-template-default = Modèle par défaut (quatre phases)
projects-phase-template-reset = Revenir au modèle par défaut
flash-phase-saved = Phase enregistrée.
flash-phase-deleted = Phase supprimée.
flash-phase-template-saved = Modèle de phases enregistré.
projects-stakeholders-csv = Télécharger l'annuaire (CSV)

# E-mails des projets
projects-mail-funding-reminder-subject = Rappel : dossier « { $funder } » à rendre le { $due } ({ $when })
projects-mail-funding-reminder-body =
    Bonjour { $name },

    Le dossier de financement « { $funder } » du projet « { $project } » est à rendre le { $due }, { $when }.
    Montant demandé : { $amount }.
    Le dossier : { $link }
projects-mail-funding-reminder-tomorrow = demain
projects-mail-funding-reminder-in-days = dans { $days } jours
projects-mail-invitation-subject = Invitation à porter le projet « { $project } »
projects-mail-invitation-body =
    Bonjour,

    { $inviter } vous invite à rejoindre les porteurs du projet « { $project } » sur Maillage.

    Créez votre compte avec cette adresse (ou connectez-vous), puis acceptez l'invitation :
    { $link }

    Si vous avez déjà un compte, l'invitation vous attend aussi dans « Mes invitations » :
    { $account }
    Vous ne porterez le projet qu'après l'avoir acceptée ; vous pouvez aussi la refuser.

    Ce lien est valable 14 jours et ne sert qu'une fois.
projects-event-private = Ce projet est privé : ses ateliers ne paraîtraient dans aucun agenda. Rendez le projet public pour publier un atelier.
flash-invitation-project-accepted = Invitation acceptée : vous portez maintenant ce projet.
flash-invitation-declined = Invitation refusée.

# Where the project's request to be followed by a network stands (its workspace) and the
# holders' email when the network's admin answers.
projects-network-follow = Suivi par un réseau
projects-network-follow-requested = Demande de suivi envoyée au réseau { $network } — en attente
projects-network-follow-accepted = Demande de suivi envoyée au réseau { $network } — acceptée
projects-network-follow-refused = Demande de suivi envoyée au réseau { $network } — refusée
projects-network-follow-none = Ce projet ne demande le suivi d'aucun réseau.
projects-network-follow-hint = Tant que le réseau n'a pas accepté, les ateliers du projet ne paraissent pas dans son agenda et ses administrateur·rices n'ont aucun droit sur le projet. Pour changer de réseau, modifiez le projet.
projects-mail-network-accepted-subject = Le réseau { $network } suit le projet « { $project } »
projects-mail-network-accepted-body =
    Bonjour { $name },

    Demande de suivi envoyée au réseau { $network } — acceptée.
    Le réseau suit désormais le projet « { $project } » : ses ateliers publics paraissent dans l'agenda du réseau.

    Espace du projet : { $link }
projects-mail-network-refused-subject = Le réseau { $network } ne suit pas le projet « { $project } »
projects-mail-network-refused-body =
    Bonjour { $name },

    Demande de suivi envoyée au réseau { $network } — refusée.
    Le projet « { $project } » n'est pas suivi par ce réseau ; vous pouvez en choisir un autre en modifiant le projet.

    Espace du projet : { $link }
