# Trainings (issue 19 points 1 and 2): the offer, the portal, the sessions.
training-portal-title = Trainings
training-portal-intro = The trainings of the places and their networks: objectives, programme, modality, prices per funding route and next sessions.
training-new = New training
training-edit = Edit the training
training-save = Save the training
training-csv = Download the census (CSV)
training-filters = Filter the trainings
training-bad-filter = A filter could not be read: it is ignored.
training-search = Search
training-search-hint = Words of the title, theme, objectives or programme (accents and case aside).
training-results = Results
training-count = { $count ->
    [0] No training
    [one] 1 training
   *[other] { $count } trainings
}
training-none = No training matches these criteria.
training-next = Next session
training-has-next = With a session to come
training-field-title = Title
training-field-theme = Theme
training-theme-hint = For example: digital, making, running a third place.
training-field-objectives = Learning objectives
training-field-programme = Programme
training-field-prerequisites = Prerequisites
training-field-audience = Audience
training-field-duration = Duration (hours)
training-duration-hint = In hours, for example 7 or 3.5.
training-field-modality = Modality
training-field-place = Place
training-field-department = Département
training-field-route = Funding route
training-field-certification-kind = Certification
training-field-certification = Certification code
training-certification-hint = Empty if none; else RNCP or RS followed by digits, for example RNCP35185 or RS5678.
training-field-qualiopi-on = Date of the Qualiopi certificate
training-field-referent = Disability referent
training-referent-hint = Name and a way to reach them (email or phone).
training-modality-presentiel = On site
training-modality-distanciel = Remote
training-modality-mixte = Blended
training-route-individuel = Self-funded
training-route-employeur = Employer or OPCO
training-route-demandeur-emploi = Job seeker
training-route-gratuit = Free
training-certification-none = No certification
training-certification-rncp = RNCP
training-certification-rs = Specific register (RS)
training-prices = Prices
training-prices-hint = In euros, per funding route; leave a route not offered empty.
training-no-price = Prices on request.
training-free = Free
training-accessibility = Accessibility
training-accessibility-default = Contact the disability referent to adapt the training.
training-certified = Certification
training-qualiopi = Qualiopi-certified provider
training-trainers = Trainers
training-trainers-hint = The email addresses of their accounts, one per line.
training-sessions = Next sessions
training-no-session = No session is scheduled yet.
training-session-cancelled = Cancelled
training-register = Register
training-waitlist = Waiting list
training-seats-left = { $n ->
    [0] full
    [one] 1 seat left
   *[other] { $n } seats left
}
training-session-new = Add a session
training-session-hint = A session is an agenda event: registrations, seats and the waiting list are handled there.
training-session-save = Create the session
training-field-starts-at = Start
training-field-ends-at = End
training-field-capacity = Seats
training-capacity-hint = Empty: unlimited.
training-field-session-place = Place of the session
training-session-online-only = Remote only
training-field-online-url = Address of the virtual classroom
training-field-approval = Approve each registration
training-error-title = The title must be at most 200 characters, without control characters.
training-error-text = This text holds a forbidden character.
training-error-duration = Give a duration in hours, more than 0 (for example 7 or 3.5).
training-error-price = Give a positive amount in euros (for example 250 or 12.50).
training-error-certification = The code must start with RNCP or RS, followed by 1 to 6 digits (for example RNCP35185).
training-error-date = Give a date as YYYY-MM-DD.
training-error-provider = Give either a place or a network (only one of them).
training-error-trainer = This trainer account does not exist.
training-error-trainer-email = No account has this email address.
training-error-session-where = Choose a place or give the address of the virtual classroom.
flash-training-saved = Training saved.
flash-training-session-saved = Session created: it shows in the agenda.
