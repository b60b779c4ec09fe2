# Opening hours in words (crate::hours) and the home page
hours-closed = fermé
hours-all-day = ouvert toute la journée
# The home page (issue 17 point 8)
home-search = Trouver un tiers-lieu
home-search-placeholder = Commune, nom, fab lab, coworking…
home-map = La carte
home-agenda = L’agenda
home-events = Prochains événements
home-all-events = Tout l’agenda
# A filter form's collapsed panel (agenda)
filters-more = Plus de filtres (type, lieu, dates…)
filters-more-active = { $n ->
    [one] Filtres : un actif
   *[other] Filtres : { $n } actifs
}
