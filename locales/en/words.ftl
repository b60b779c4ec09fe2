# Opening hours in words (crate::hours) and the home page
hours-closed = closed
hours-all-day = open all day
# The home page (issue 17 point 8)
home-search = Find a tiers-lieu
home-search-placeholder = Town, name, fab lab, coworking…
home-map = The map
home-agenda = The agenda
home-events = Upcoming events
home-all-events = The whole agenda
# A filter form's collapsed panel (agenda)
filters-more = More filters (kind, place, dates…)
filters-more-active = { $n ->
    [one] Filters: one active
   *[other] Filters: { $n } active
}
