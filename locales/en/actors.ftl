# Local actors: profiles, showcases of places and networks.
actors-showcase-title = Showcase
actors-showcase-link = Local actors showcase
actors-showcase-intro = The craftspeople, producers, businesses, associations and resource people of the area.
actors-profile-title = Actor
actors-new-title = Add an actor
actors-edit-title = Edit the profile
actors-create = Create the profile
actors-save = Save
actors-delete = Delete this profile
actors-filters = Showcase filters
actors-search = Search
actors-search-hint = A name, a skill, a product; accents and case do not matter.
actors-bad-filter = A filter could not be read: for the distance, choose a radius and a point (latitude,longitude).
actors-count = { $count ->
    [0] No actor
    [one] 1 actor
   *[other] { $count } actors
}
actors-results = Actors found
actors-map-label = Map of the actors on this page
actors-none = No actor matches these criteria.
actors-distance = { $km } km away
actors-offers-count = { $count ->
    [one] 1 offer
   *[other] { $count } offers
}
actors-has-offers = With offers
actors-field-category = Category
actors-field-skill = Skill
actors-field-commune = Town
actors-field-radius = Maximum distance
actors-field-near = From the point
actors-field-near-hint = Latitude,longitude, e.g. 43.8186,6.0928.
actors-field-near-hint-place = Latitude,longitude; empty: from the place.
actors-field-kind = Kind of profile
actors-kind-organization = Organisation
actors-kind-person = Person
actors-kind-hint = A person's profile is yours: it is linked to your account, and you choose who sees your contact details.
actors-field-name = Name
actors-field-subtype = Type
actors-subtype-artisan = Craftsperson
actors-subtype-producteur = Producer
actors-subtype-entreprise = Business
actors-subtype-association = Association
actors-subtype-service-public = Public service
actors-subtype-collectivite = Local authority
actors-subtype-freelance = Freelancer
actors-subtype-specialiste = Specialist
actors-subtype-benevole = Volunteer
actors-field-categories = Categories
actors-field-skills = Skills
actors-field-skills-hint = Comma-separated, e.g.: carpentry, cabinetmaking.
actors-field-offers = Offers (products, services)
actors-field-offers-hint = One a line: title | description | price in euros (optional). E.g.: Made-to-measure table | local oak | 850
actors-field-languages = Languages
actors-field-languages-hint = Comma-separated codes: fr, en, oc…
actors-field-attachments = Attachment
actors-field-attachments-hint = The places and the network whose showcase presents this profile.
actors-no-network = No network
actors-section-where = Where and when
actors-section-contacts = Contact details
actors-field-address-hint = Optional for a person.
actors-field-links = Links
actors-field-siret = SIRET
actors-field-visibility = Who sees these details
actors-field-visibility-hint = Hidden by default on a person's profile.
actors-visibility-default = Default
actors-visibility-public = Everyone
actors-visibility-members = Members of the place or network
actors-visibility-hidden = Nobody (hidden)
actors-offers = Offers
actors-places = Places
actors-reader-editor = You see the whole profile, including the details hidden from the public.
actors-reader-member = As a member, you also see the details reserved to members.
actors-subtype-kind = This type does not match the kind of profile (organisation or person).
actors-category-unknown = Unknown category: choose it from the list.
actors-skill-invalid = A skill has at most 60 characters, with at least one letter or digit.
actors-too-many = Twenty at most.
actors-price-invalid = The price must be a positive number of cents.
actors-offer-price-invalid = An offer's price could not be read (e.g. 12.50).
actors-language-invalid = A language is a two- or three-letter code (fr, en, oc).
actors-place-unknown = Unknown place.
actors-network-unknown = Unknown network.
actors-attach-one = Attach the organisation to at least one place or a network.
actors-profile-exists = You already have a person profile.
actors-near-invalid = The point is written latitude,longitude in decimal degrees.
flash-actor-created = Profile created.
flash-actor-saved = Profile saved.
flash-actor-deleted = Profile deleted.

## Visitor guide
guide-title = Visitor guide
guide-link = Visitor guide
guide-intro = Where to sleep, eat, go out, breathe: the places around you, those open now first, then the nearest.
guide-toc = Guide sections
guide-map-label = Map of the guide’s addresses
guide-empty = The guide is still empty: no actor of these sections is attached here.
guide-bad-near = The starting point could not be read (expected: latitude,longitude): distances from the place.
guide-near-hint = Latitude,longitude (for example 43.82,6.09): distances are counted from this point.
guide-print-note = Printable on one page: the addresses fit on a leaflet.
guide-what-coworking = Coworking space
guide-section-dormir = Sleep
guide-section-manger = Eat
guide-section-sortir = Go out
guide-section-respirer = Breathe
guide-section-se-reperer = Getting around
guide-section-garde-enfants = Childcare
guide-section-sante = Health
guide-section-travailler = Work
guide-hint-dormir = Holiday cottages, guest rooms, campsites.
guide-hint-manger = Restaurants, producers, grocers.
guide-hint-sortir = Culture, leisure, shows.
guide-hint-respirer = Walks, nature, outdoors.
guide-hint-se-reperer = Transport, mobility, information.
guide-hint-garde-enfants = Nurseries, childminders, holiday clubs.
guide-hint-sante = Care, pharmacies, practitioners.
guide-hint-travailler = Coworkings and digital services.

## Exports and embeddable showcase
actors-export = Open data:
actors-widget-title = Embed this showcase in another website
actors-widget-intro = Paste this code into a page of your website: the showcase appears there with its map, links open the profiles here.
actors-widget-preview = Preview
actors-widget-snippet = Code to copy
actors-widget-credit = { $count } actors on Maillage

## Actor import
actors-import-title = Import actors
actors-import-intro = A CSV file (one row per actor: name, nature, categories, skills, address, postcode, commune, coordinates, hours, contacts, SIRET) or the JSON export of a GoGoCarto map. Each row is checked as the form checks it; refused values are named in the report. Importing the same file again updates the actors instead of duplicating them.
actors-import-hint = CSV (comma, semicolon or tab separated; UTF-8 or Latin-1) or GoGoCarto JSON, 2 MB at most.
actors-import-dry-run = Dry run: check without saving anything
actors-import-submit = Send
actors-import-preview = Dry run
actors-import-report = Import report
actors-import-mapping = Recognised columns
actors-import-line = Line
actors-import-outcome = Outcome
actors-import-remarks = Remarks
actors-import-no-file = Choose a file.
actors-import-too-big = The file is larger than 2 MB.
