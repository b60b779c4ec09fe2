# Acteurs locaux : profils, vitrines des lieux et des réseaux.
actors-showcase-title = Vitrine
actors-showcase-link = Vitrine des acteurs
actors-showcase-intro = Les artisans, producteurs, entreprises, associations et personnes ressources du territoire.
actors-profile-title = Acteur
actors-new-title = Ajouter un acteur
actors-edit-title = Modifier le profil
actors-create = Créer le profil
actors-save = Enregistrer
actors-delete = Supprimer ce profil
actors-filters = Filtres de la vitrine
actors-search = Rechercher
actors-search-hint = Un nom, une compétence, un produit ; accents et majuscules indifférents.
actors-bad-filter = Un filtre n'a pas pu être lu : pour la distance, choisissez un rayon et un point (latitude,longitude).
actors-count = { $count ->
    [0] Aucun acteur
    [one] 1 acteur
   *[other] { $count } acteurs
}
actors-results = Acteurs trouvés
actors-map-label = Carte des acteurs de cette page
actors-none = Aucun acteur ne correspond à ces critères.
actors-distance = à { $km } km
actors-offers-count = { $count ->
    [one] 1 offre
   *[other] { $count } offres
}
actors-has-offers = Avec des offres
actors-field-category = Catégorie
actors-field-skill = Compétence
actors-field-commune = Commune
actors-field-radius = Distance maximale
actors-field-near = Depuis le point
actors-field-near-hint = Latitude,longitude, par exemple 43.8186,6.0928.
actors-field-near-hint-place = Latitude,longitude ; vide : depuis le lieu.
actors-field-kind = Type de profil
actors-kind-organization = Organisation
actors-kind-person = Personne
actors-kind-hint = Un profil de personne est le vôtre : il est lié à votre compte, et vous choisissez qui voit vos coordonnées.
actors-field-name = Nom
actors-field-subtype = Nature
actors-subtype-artisan = Artisan
actors-subtype-producteur = Producteur
actors-subtype-entreprise = Entreprise
actors-subtype-association = Association
actors-subtype-service-public = Service public
actors-subtype-collectivite = Collectivité
actors-subtype-freelance = Indépendant·e
actors-subtype-specialiste = Spécialiste
actors-subtype-benevole = Bénévole
actors-field-categories = Catégories
actors-field-skills = Compétences
actors-field-skills-hint = Séparées par des virgules, par exemple : menuiserie, ébénisterie.
actors-field-offers = Offres (produits, services)
actors-field-offers-hint = Une par ligne : titre | description | prix en euros (facultatif). Par exemple : Table sur mesure | chêne local | 850
actors-field-languages = Langues
actors-field-languages-hint = Codes séparés par des virgules : fr, en, oc…
actors-field-attachments = Rattachement
actors-field-attachments-hint = Les lieux et le réseau dont la vitrine présente ce profil.
actors-no-network = Aucun réseau
actors-section-where = Où et quand
actors-section-contacts = Coordonnées
actors-field-address-hint = Facultatif pour une personne.
actors-field-links = Liens
actors-field-siret = SIRET
actors-field-visibility = Qui voit ces coordonnées
actors-field-visibility-hint = Pour un profil de personne, masquées par défaut.
actors-visibility-default = Par défaut
actors-visibility-public = Tout le monde
actors-visibility-members = Les membres du lieu ou du réseau
actors-visibility-hidden = Personne (masqué)
actors-offers = Offres
actors-places = Lieux
actors-reader-editor = Vous voyez ce profil en entier, y compris les coordonnées masquées au public.
actors-reader-member = En tant que membre, vous voyez aussi les coordonnées réservées aux membres.
actors-subtype-kind = Cette nature ne correspond pas au type de profil (organisation ou personne).
actors-category-unknown = Catégorie inconnue : choisissez-la dans la liste.
actors-skill-invalid = Une compétence compte au plus 60 caractères, avec au moins une lettre ou un chiffre.
actors-too-many = Vingt au plus.
actors-price-invalid = Le prix doit être un nombre positif de centimes.
actors-offer-price-invalid = Un prix d'offre n'a pas pu être lu (exemple : 12,50).
actors-language-invalid = Une langue s'écrit en code de deux ou trois lettres (fr, en, oc).
actors-place-unknown = Lieu inconnu.
actors-network-unknown = Réseau inconnu.
actors-attach-one = Rattachez l'organisation à au moins un lieu ou un réseau.
actors-profile-exists = Vous avez déjà un profil de personne.
actors-near-invalid = Le point s'écrit latitude,longitude en degrés décimaux.
flash-actor-created = Profil créé.
flash-actor-saved = Profil enregistré.
flash-actor-deleted = Profil supprimé.

## Guide du visiteur
guide-title = Guide du visiteur
guide-link = Guide du visiteur
guide-intro = Où dormir, manger, sortir, respirer : les adresses autour de vous, les lieux ouverts maintenant d’abord, puis les plus proches.
guide-toc = Rubriques du guide
guide-map-label = Carte des adresses du guide
guide-empty = Le guide est encore vide : aucun acteur de ces rubriques n’est rattaché ici.
guide-bad-near = Le point de départ n’a pas pu être lu (attendu : latitude,longitude) : distances depuis le lieu.
guide-near-hint = Latitude,longitude (par exemple 43.82,6.09) : les distances sont comptées depuis ce point.
guide-print-note = Imprimable sur une page : les adresses tiennent sur un dépliant.
guide-what-coworking = Espace de coworking
guide-section-dormir = Dormir
guide-section-manger = Manger
guide-section-sortir = Sortir
guide-section-respirer = Respirer
guide-section-se-reperer = Se repérer
guide-section-garde-enfants = Garde d’enfants
guide-section-sante = Santé
guide-section-travailler = Travailler
guide-hint-dormir = Gîtes, chambres d’hôtes, campings.
guide-hint-manger = Restaurants, producteurs, épiceries.
guide-hint-sortir = Culture, loisirs, spectacles.
guide-hint-respirer = Balades, nature, plein air.
guide-hint-se-reperer = Transports, mobilité, information.
guide-hint-garde-enfants = Crèches, assistantes maternelles, accueil de loisirs.
guide-hint-sante = Soins, pharmacies, praticiens.
guide-hint-travailler = Coworkings et services numériques.

## Exports et vitrine à intégrer
actors-export = Données ouvertes :
actors-widget-title = Intégrer cette vitrine à un autre site
actors-widget-intro = Copiez ce code dans une page de votre site : la vitrine s’y affiche avec sa carte, les liens ouvrent les fiches ici.
actors-widget-preview = Aperçu
actors-widget-snippet = Code à copier
actors-widget-credit = { $count } acteurs sur Maillage

## Import d'acteurs
actors-import-title = Importer des acteurs
actors-import-intro = Un fichier CSV (une ligne par acteur : nom, nature, catégories, compétences, adresse, code postal, commune, coordonnées, horaires, contacts, SIRET) ou l’export JSON d’une carte GoGoCarto. Chaque ligne est vérifiée comme le formulaire ; les valeurs refusées sont nommées dans le rapport. Réimporter le même fichier met à jour les acteurs au lieu de les dupliquer.
actors-import-hint = CSV (séparateur virgule, point-virgule ou tabulation ; UTF-8 ou Latin-1) ou JSON GoGoCarto, 2 Mo au plus.
actors-import-dry-run = Essai à blanc : vérifier sans rien enregistrer
actors-import-submit = Envoyer
actors-import-preview = Essai à blanc
actors-import-report = Rapport d’import
actors-import-mapping = Colonnes reconnues
actors-import-line = Ligne
actors-import-outcome = Résultat
actors-import-remarks = Remarques
actors-import-no-file = Choisissez un fichier.
actors-import-too-big = Le fichier dépasse 2 Mo.
