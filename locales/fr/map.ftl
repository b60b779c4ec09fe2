# The map first, pins by typology, "près de moi" (issue 17 point 8).
places-filters-summary = Filtres et recherche
places-filters-active = { $count ->
    [one] 1 filtre actif
   *[other] { $count } filtres actifs
}
places-clear = Effacer les filtres
places-near = Près de (commune ou code postal)
places-near-hint = Par exemple « Riez » ou « 04500 » : les lieux sont classés du plus proche au plus lointain.
places-near-position = Autour de votre position : tapez une commune pour chercher ailleurs.
places-radius = Dans un rayon de
places-radius-km = { $km } km
places-near-me = Près de moi
places-near-me-busy = Recherche de votre position…
places-near-me-error = Votre position n’a pas pu être obtenue : indiquez une commune ou un code postal.
places-distance = à { $km } km
places-near-unknown = Aucun lieu connu dans cette commune ou ce code postal : vérifiez l’orthographe ou essayez une commune voisine.
places-radius-invalid = Choisissez un rayon de 5, 10, 20, 50 ou 100 km.
places-lat-invalid = La latitude doit être un nombre entre -90 et 90.
places-lon-invalid = La longitude doit être un nombre entre -180 et 180.
map-legend = Légende : typologie des lieux
map-legend-other = Autre ou non précisée
home-map-title = Les lieux sur la carte
home-map-open = Ouvrir la carte des lieux
home-projects = Derniers projets
home-no-project = Aucun projet public pour le moment.
home-all-projects = Voir tous les projets
