# Maillage — English messages

skip-to-content = Skip to content
nav-label = Main navigation
nav-home = Home
nav-admin = Administration
nav-logout = Log out
nav-login = Log in
nav-signup = Sign up
lang-switch = Français
footer-text = Maillage, free software (AGPL-3.0) for tiers-lieux and their networks
footer-api = API documentation

home-title = Tiers-lieux and their networks
home-intro = Find a tiers-lieu near you, discover the networks that federate them and join their communities.
home-networks = Networks
home-places = Places
home-no-network = No network yet.
home-no-place = No place yet.
network-places = Places of the network
place-holder = Holding organization
place-networks = Networks
manage = Manage

error-not-found = Page not found
error-forbidden = Access denied
error-unauthorized = Please log in
error-invalid = Some fields are invalid.
error-bad-request = Invalid request.
error-conflict = This action conflicts with the current state.
error-too-many = Too many attempts. Wait a few minutes before trying again.
error-internal = An internal error occurred. Please try again shortly.
error-method = Method not allowed
error-code = Error code
error-back-home = Back to the home page

form-has-errors = The form has errors: please correct the highlighted fields.
save = Save
actions = Actions
field-required = This field is required.
field-email-invalid = Enter a valid email address, for example first.last@example.org.
field-name-invalid = This name is not valid (200 characters at most, no control character).
field-password-too-short = The password must be at least 10 characters long.
field-password-too-long = The password is too long (512 characters at most).
field-password-mismatch = The two passwords do not match.
field-current-password-wrong = The current password is incorrect.
field-invalid-choice = Choose a value from the list.
field-too-long = This text is too long.
field-siret-invalid = A SIRET has 14 digits and must be valid.
field-email = Email address
field-display-name = Display name
field-password = Password
field-password-hint = At least 10 characters. A phrase of several words is easy to remember and safe.
field-password-confirm = Confirm the password
field-new-password = New password
field-current-password = Current password
field-locale = Language
field-token-name = Token name
field-name = Name
field-description = Description
field-kind = Kind
field-siret-hint = 14 digits, optional.
field-city = Town
field-organization = Holding organization
field-role = Role

signup-title = Sign up
signup-intro = An account lets you book, register for workshops and take part in your network's life.
signup-submit = Create my account
signup-have-account = Already have an account?
signup-done-title = Check your inbox
signup-done-text = If this address can be used, an email has just been sent to you with a link to confirm your account. The link is valid for 48 hours.
confirm-title = Confirm your email address
confirm-text = Click the button to confirm your address and activate your account.
confirm-submit = Confirm my address
link-invalid-title = Invalid or expired link
link-invalid-text = This link has already been used or is no longer valid. You can ask for a new one.

login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
login-no-account = No account yet?
login-invalid = Wrong email address or password.
login-unconfirmed = Your email address is not confirmed yet: open the link we emailed you.

forgot-title = Forgotten password
forgot-intro = Enter your account's email address: we will send you a link to choose a new password.
forgot-submit = Send me the link
forgot-done-title = Check your inbox
forgot-done-text = If an account exists with this address, an email has just been sent to it. The link is valid for one hour and works once.
reset-title = Choose a new password
reset-submit = Save the password

account-title = My account
account-roles = My roles
account-no-role = You have no role in a network or a place yet.
account-profile = Profile
account-password = Change password
account-password-submit = Change the password
account-tokens-link = Manage my API tokens
account-data = My personal data
account-data-text = You can download all the data Maillage keeps about you, or delete your account (GDPR).
account-export = Download my data (JSON)
account-delete = Delete my account
account-delete-text = Deletion is final: your roles, sessions and tokens are erased.
account-delete-submit = Delete my account for good

tokens-title = My tokens
tokens-intro = A personal token lets a program use the API on your behalf ("Authorization: Bearer …" header). Revoke it as soon as it is no longer needed.
tokens-created = Here is your new token. Copy it now: it will never be shown again.
tokens-create = Create a token
tokens-list = Existing tokens
tokens-none = No token yet.
tokens-created-at = Created on
tokens-last-used = last used:
tokens-revoked = Revoked on
tokens-revoke = Revoke

invitation-title = Invitation
invitation-role = You are invited with the role
invitation-for = Invitation sent to
invitation-accept = Accept the invitation
invitation-wrong-account = You are logged in with another account: log in with the invited address.
invitation-sign-in = Log in or sign up with the invited address, then come back to this link.
scope-instance = the whole instance

role-instance-admin = Instance administrator
role-network-admin = Network administrator
role-place-manager = Place manager
role-member = Member

flash-email-confirmed = Your address is confirmed. You can log in.
flash-logged-in = You are logged in.
flash-logged-out = You are logged out.
flash-password-reset = Your password has been changed. Log in with the new one.
flash-profile-saved = Profile saved.
flash-password-changed = Password changed. Your other sessions were closed.
flash-account-deleted = Your account has been deleted.
flash-token-revoked = Token revoked.
flash-invitation-accepted = Invitation accepted: your new role is active.
flash-network-created = Network created.
flash-organization-created = Organization created.
flash-role-granted = Role granted.
flash-invitation-sent = Invitation sent by email.
flash-saved = Changes saved.
flash-place-created = Place created.
flash-role-revoked = Role removed.

admin-title = Administration
admin-network-create = Create a network
admin-network-create-submit = Create the network
admin-organizations = Holding organizations
admin-no-organization = No organization yet.
admin-organization-create = Add an organization
admin-organization-create-submit = Add the organization
admin-audit = Login and security log
admin-audit-when = Date
admin-audit-event = Event
admin-audit-user = Account
admin-roles = Roles
admin-no-role = Nobody has a role here yet.
admin-revoke = Remove
admin-invitations = Pending invitations
admin-invitation-expires = expires on
admin-grant = Grant a role or invite
admin-grant-hint = If the address already has an account, the role is granted at once; otherwise an invitation is emailed.
admin-grant-submit = Grant the role
admin-public-page = See the public page
admin-edit = Edit
admin-place-create = Add a place to the network
admin-place-create-submit = Add the place

api-docs-title = API documentation
api-docs-intro = Maillage's JSON API, under /api/v1. Authenticate with a personal token: "Authorization: Bearer <token>" header.
api-docs-auth = Token required.
api-docs-params = Parameters
api-docs-body = Request body
api-docs-responses = Responses

mail-confirm-subject = Confirm your Maillage account
mail-confirm-body =
    Hello { $name },

    To activate your Maillage account, open this link (valid for 48 hours):
    { $link }

    If you did not create an account, ignore this message.
mail-exists-subject = Your Maillage account
mail-exists-body =
    Hello { $name },

    Someone tried to create a Maillage account with your address, which already has one.
    If it was you and you forgot your password: { $link }

    Otherwise, ignore this message.
mail-reset-subject = Choose a new Maillage password
mail-reset-body =
    Hello { $name },

    To choose a new password, open this link (valid for one hour, once):
    { $link }

    If you did not ask for anything, ignore this message: your password does not change.
mail-invite-subject = { $inviter } invites you to Maillage
mail-invite-body =
    Hello,

    { $inviter } invites you to join "{ $target }" on Maillage with the role: { $role }.

    To accept, open this link (valid for 14 days):
    { $link }

# Bookings: spaces, equipment, bookings
delete = Delete
booking-spaces-title = Spaces and equipment
booking-space-title = Space
booking-admin-spaces-title = Spaces and bookings
booking-admin-space-title = Manage the space
booking-calendar-title = Place calendar
booking-occupancy-title = Occupancy rate
booking-mine-title = My bookings
booking-mine-none = You have no upcoming booking.
booking-no-space = No space yet.
booking-capacity = { $n } seat(s)
booking-price-member = Member price
booking-price-public = Non-member price
booking-price-member-input = Member price per unit and seat (euros, e.g. 12.50)
booking-price-public-input = Non-member price per unit and seat (euros)
booking-opening-hours = Opening hours
booking-opening-hours-hint = OpenStreetMap syntax, e.g. "Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00". Empty: 8 am – 8 pm every day.
booking-cancel-deadline = Cancellation possible until
booking-hours-before = { $n } h before the start
booking-qualification = Qualification
booking-qualification-required = Bookable only by people a manager has qualified
booking-equipment = Equipment
booking-equipment-hint = One item per line (projector, whiteboard…).
booking-feed = iCal calendar of this space (subscribe)
booking-week-of = Week of { $date }
booking-week-nav = Change week
booking-prev-week = ← Previous week
booking-this-week = This week
booking-next-week = Next week →
booking-prev-day = ← Previous day
booking-next-day = Next day →
booking-day-view = Day view
booking-week-view = Week view
booking-month-nav = Change month
booking-prev-month = ← Previous month
booking-next-month = Next month →
booking-login-to-book = Log in to book.
booking-closed-day = Closed
booking-full = Full
booking-left = { $n } seat(s) left
booking-book = Book
booking-detailed = Book another time
booking-date = Date
booking-start = Start
booking-end = End
booking-seats = Seats
booking-seats-n = { $n } seat(s)
booking-for-email = Book for (account email address)
booking-for-email-hint = Managers only: leave empty to book for yourself.
booking-series = Recurring booking
booking-series-hint = Every week on the same day until a date, or the same weekday of the month (e.g. the first Thursday) for several months. Free slots are booked, the others are listed.
booking-first-date = First date
booking-freq = Frequency
booking-freq-weekly = Every week, until the end date
booking-freq-monthly = Every month, same weekday (e.g. the 1st Thursday)
booking-until = End date (weekly)
booking-count = Number of months (monthly)
booking-series-submit = Book the series
booking-series-title = Recurring booking
booking-series-booked = { $n } slot(s) booked
booking-series-conflicts = { $n } conflicting slot(s), not booked
booking-cancel = Cancel
booking-move = Change time
booking-move-submit = Move the booking
booking-deadline-passed = The cancellation deadline has passed: contact the place.
booking-status = Status
booking-status-confirmed = Confirmed
booking-status-pending = Waiting for approval
booking-status-cancelled = Cancelled
booking-status-refused = Refused
booking-hours = Time
booking-space = Space
booking-who = For
booking-print-hint = Print this page to put it up at the front desk.
booking-pending-title = Requests to approve
booking-approve = Approve
booking-refuse = Refuse
booking-none-that-day = No booking that day.
booking-occupancy-hint = Booked seat-hours divided by open seat-hours (capacity × opening hours), per month and per week.
booking-csv = Export as CSV
booking-period = Period
booking-booked-hours = Booked seat-hours
booking-open-hours = Open seat-hours
booking-rate = Rate
booking-space-create = Add a space or equipment
booking-kinds-spaces = Spaces
booking-kinds-equipment = Equipment and machines
booking-field-capacity-label = Capacity (seats)
booking-field-mode = Booking mode
booking-field-unit = Booking unit
booking-field-min-units = Minimum duration (units)
booking-field-max-units = Maximum duration (units)
booking-field-lead-time = Lead time (minutes)
booking-field-cancel-deadline = Cancellation deadline (hours before the start)
booking-field-access = Who may book
booking-field-capacity = Capacity must be between 1 and 500 seats.
booking-field-units = Durations range from 1 to 100 units, the minimum not above the maximum.
booking-field-opening-hours = These opening hours are not understood: use the OpenStreetMap syntax, e.g. "Mo-Fr 09:00-18:00".
booking-field-number = Enter a positive whole number.
booking-field-price = Enter an amount in euros, e.g. 12.50.
booking-closures = Closures
booking-no-closure = No closure planned.
booking-closure-from = From
booking-closure-to = To (included)
booking-closure-reason = Reason
booking-closure-add = Add the closure
booking-qualified-people = Qualified people
booking-no-qualified = Nobody is qualified yet.
booking-qualify = Qualify
booking-archive = Remove this space
booking-error-full = Not enough seats are left for this time slot: choose another time or fewer seats.
booking-error-deadline = The deadline to cancel or change this booking has passed.
booking-error-not-active = This booking is no longer active.
booking-error-order = The end must be after the start.
booking-error-seats = The number of seats asked exceeds the space's capacity.
booking-error-unit = The duration must be a multiple of the space's booking unit.
booking-error-duration = The duration asked is outside the space's minimum and maximum.
booking-error-lead-time = This slot starts too soon: respect the space's lead time.
booking-error-closed = The space is closed during part of this slot (opening hours).
booking-error-closure = The space is closed on that date.
booking-error-instant = Invalid date or time.
booking-error-range = The period must last at most 62 days, its end after its start.
booking-error-rrule = This recurrence rule is not valid.
booking-error-series-form = Check the first date, the times and the end of the series.
booking-error-unknown-user = No account with this email address.
booking-error-forbidden = You cannot book this space (members or qualified people only).
booking-error-capacity-lowered = Upcoming bookings exceed the new capacity: cancel or move them first.
booking-error-closure-form = Enter two dates, the second after the first.
booking-feed-summary = Booked ({ $seats } seat(s))
booking-mail-confirmed-subject = Booking confirmed: { $space }
booking-mail-confirmed-text = Your booking of "{ $space }" is confirmed: { $when }. The attached file adds it to your calendar.
booking-mail-pending-subject = Booking request received: { $space }
booking-mail-pending-text = Your booking request for "{ $space }" ({ $when }) is waiting for a manager's approval. The seats are held for you meanwhile.
booking-mail-cancelled-subject = Booking cancelled: { $space }
booking-mail-cancelled-text = Your booking of "{ $space }" ({ $when }) is cancelled.
booking-mail-series-subject = Recurring bookings: { $space }
booking-mail-series-text = { $count } slot(s) of "{ $space }" are booked for you:
    { $list }
booking-mail-footer = Your bookings: { $link }
booking-mail-approval-subject = Booking to approve: { $space }
booking-mail-approval-text = { $who } asks for "{ $space }" ({ $when }). Approve or refuse: { $link }
flash-booking-confirmed = Booking confirmed. A confirmation email is on its way.
flash-booking-pending = Request recorded: it is waiting for the place's approval.
flash-booking-cancelled = Booking cancelled.
flash-booking-moved = Booking moved.
flash-booking-approved = Booking approved.
flash-booking-refused = Booking refused.
flash-space-created = Space created.
flash-space-archived = Space removed.
space-kind-coworking = Coworking open space
space-kind-bureau = Office
space-kind-salle_reunion = Meeting room
space-kind-salle_seminaire = Seminar room
space-kind-atelier = Workshop / fab lab
space-kind-cuisine = Kitchen
space-kind-jardin = Garden
space-kind-boutique = Shared shop
space-kind-imprimante_3d = 3D printer
space-kind-decoupe_laser = Laser cutter
space-kind-fraiseuse = CNC mill
space-kind-brodeuse = Embroidery machine
space-kind-autre_machine = Other machine
space-mode-seat = per seat
space-mode-room = whole room
space-unit-hour = hour
space-unit-half_day = half-day (4 h)
space-unit-day = day (8 h)
space-access-signed_in = anyone signed in
space-access-members = members of the place
space-access-approval = on approval
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

# Services
service-catalogue-title = Services
service-admin-title = Manage services
service-none = No service yet.
service-ht = excl. VAT
service-ttc = incl. VAT
service-vat = VAT
service-category = Category
service-unit = Unit
service-price-ht = Price excl. VAT (euros, e.g. 12.50)
service-create = Add a service
service-request = Ask for this service
service-request-submit = Send the request
service-message = Your message
service-mail-subject = Service request: { $service }
service-mail-text = { $name } ({ $email }) asks for the service "{ $service }" of { $place }.

    { $message }
flash-service-requested = Your request was sent to the place's team.
flash-service-saved = Service saved.
flash-service-deleted = Service removed from the catalogue.
service-category-pass_coworking = Coworking pass
service-category-domiciliation = Business address
service-category-impression = Printing
service-category-accompagnement = Support
service-category-formation = Training
service-category-location_salle = Room rental
service-category-soutien_informatique = IT help
service-category-restauration = Food
service-category-autre = Other
service-unit-forfait = flat fee
service-unit-heure = hour
service-unit-demi_journee = half-day
service-unit-jour = day
service-unit-mois = month
service-unit-an = year
service-unit-page = page
