# The map first, pins by typology, "near me" (issue 17 point 8).
places-filters-summary = Filters and search
places-filters-active = { $count ->
    [one] 1 active filter
   *[other] { $count } active filters
}
places-clear = Clear the filters
places-near = Near (town or postcode)
places-near-hint = For example “Riez” or “04500”: places are sorted from the nearest.
places-near-position = Around your position: type a town to search elsewhere.
places-radius = Within
places-radius-km = { $km } km
places-near-me = Near me
places-near-me-busy = Finding your position…
places-near-me-error = Your position could not be found: type a town or a postcode.
places-distance = { $km } km away
places-near-unknown = No known place in this town or postcode: check the spelling or try a neighbouring town.
places-radius-invalid = Choose a radius of 5, 10, 20, 50 or 100 km.
places-lat-invalid = The latitude must be a number between -90 and 90.
places-lon-invalid = The longitude must be a number between -180 and 180.
map-legend = Legend: type of place
map-legend-other = Other or not given
home-map-title = Places on the map
home-map-open = Open the map of places
home-projects = Latest projects
home-no-project = No public project yet.
home-all-projects = See all projects
