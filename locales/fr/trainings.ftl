# Formations (issue 19 points 1 et 2) : l'offre, le portail, les sessions.
training-portal-title = Formations
training-portal-intro = Les formations des tiers-lieux et de leurs réseaux : objectifs, programme, modalités, tarifs par voie de financement et prochaines sessions.
training-new = Nouvelle formation
training-edit = Modifier la formation
training-save = Enregistrer la formation
training-csv = Télécharger le recensement (CSV)
training-filters = Filtrer les formations
training-bad-filter = Un filtre n'a pas pu être lu : il est ignoré.
training-search = Rechercher
training-search-hint = Mots du titre, du thème, des objectifs ou du programme (accents et majuscules indifférents).
training-results = Résultats
training-count = { $count ->
    [0] Aucune formation
    [one] 1 formation
   *[other] { $count } formations
}
training-none = Aucune formation ne correspond à ces critères.
training-next = Prochaine session
training-has-next = Avec une session à venir
training-field-title = Intitulé
training-field-theme = Thème
training-theme-hint = Par exemple : numérique, fabrication, animation de tiers-lieux.
training-field-objectives = Objectifs pédagogiques
training-field-programme = Programme
training-field-prerequisites = Prérequis
training-field-audience = Public visé
training-field-duration = Durée (heures)
training-duration-hint = En heures, par exemple 7 ou 3,5.
training-field-modality = Modalité
training-field-place = Lieu
training-field-department = Département
training-field-route = Voie de financement
training-field-certification-kind = Certification
training-field-certification = Code de certification
training-certification-hint = Vide s'il n'y en a pas ; sinon RNCP ou RS suivi de chiffres, par exemple RNCP35185 ou RS5678.
training-field-qualiopi-on = Date de la certification Qualiopi
training-field-referent = Référent handicap
training-referent-hint = Nom et moyen de contact (courriel ou téléphone).
training-modality-presentiel = Présentiel
training-modality-distanciel = Distanciel
training-modality-mixte = Mixte
training-route-individuel = Financement individuel
training-route-employeur = Employeur ou OPCO
training-route-demandeur-emploi = Demandeur d'emploi
training-route-gratuit = Gratuit
training-certification-none = Sans certification
training-certification-rncp = RNCP
training-certification-rs = Répertoire spécifique (RS)
training-prices = Tarifs
training-prices-hint = En euros, par voie de financement ; laissez vide une voie non proposée.
training-no-price = Tarifs sur demande.
training-free = Gratuit
training-accessibility = Accessibilité
training-accessibility-default = Contactez le référent handicap pour adapter la formation.
training-certified = Certification
training-qualiopi = Organisme certifié Qualiopi
training-trainers = Formateurs et formatrices
training-trainers-hint = Les adresses de courriel de leurs comptes, une par ligne.
training-sessions = Prochaines sessions
training-no-session = Aucune session n'est programmée pour l'instant.
training-session-cancelled = Annulée
training-register = S'inscrire
training-waitlist = Liste d'attente
training-seats-left = { $n ->
    [0] complet
    [one] 1 place restante
   *[other] { $n } places restantes
}
training-session-new = Ajouter une session
training-session-hint = Une session est un événement de l'agenda : les inscriptions, la jauge et la liste d'attente y sont gérées.
training-session-save = Créer la session
training-field-starts-at = Début
training-field-ends-at = Fin
training-field-capacity = Nombre de places
training-capacity-hint = Vide : sans limite.
training-field-session-place = Lieu de la session
training-session-online-only = À distance uniquement
training-field-online-url = Adresse de la classe virtuelle
training-field-approval = Valider chaque inscription
training-error-title = L'intitulé doit faire au plus 200 caractères, sans caractère de contrôle.
training-error-text = Ce texte contient un caractère interdit.
training-error-duration = Indiquez une durée en heures, supérieure à 0 (par exemple 7 ou 3,5).
training-error-price = Indiquez un montant positif en euros (par exemple 250 ou 12,50).
training-error-certification = Le code doit commencer par RNCP ou RS, suivi de 1 à 6 chiffres (par exemple RNCP35185).
training-error-date = Indiquez une date au format AAAA-MM-JJ.
training-error-provider = Indiquez soit un lieu, soit un réseau (un seul des deux).
training-error-trainer = Ce compte de formateur n'existe pas.
training-error-trainer-email = Aucun compte n'a cette adresse de courriel.
training-error-session-where = Choisissez un lieu ou indiquez l'adresse de la classe virtuelle.
flash-training-saved = Formation enregistrée.
flash-training-session-saved = Session créée : elle apparaît dans l'agenda.
