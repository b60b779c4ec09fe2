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

## Agenda (events, registrations, feeds)
nav-agenda = Events
agenda-title = Events
agenda-of = Events: { $name }
agenda-list-view = List view
agenda-month-view = Month view
agenda-ics = Subscribe (iCal)
agenda-atom = Atom feed
agenda-search = Search
agenda-all-kinds = All kinds
agenda-place = Place
agenda-all-places = All places
agenda-from = From
agenda-to = To
agenda-online = Online
agenda-free = Free
agenda-filter = Filter
agenda-month-nav = Previous and next month
agenda-prev = Previous month
agenda-next = Next month
agenda-empty = No upcoming event matches.
day-1 = Mon
day-2 = Tue
day-3 = Wed
day-4 = Thu
day-5 = Fri
day-6 = Sat
day-7 = Sun
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
event-kind = Kind of event
event-kind-atelier = Workshop
event-kind-formation = Training
event-kind-afterwork = Afterwork
event-kind-cafe = Tiers-lieux café
event-kind-rencontre = Regional meeting
event-kind-visite = Learning visit
event-kind-portes-ouvertes = Open day
event-kind-reunion = Public meeting
event-kind-autre = Other
event-online = Online
event-free = Free
event-cancelled = Cancelled
event-draft = Draft
event-published = Published
event-status = Status
event-when = When
event-recurring = recurring event
event-organizer = Organizer
event-where = Where
event-price = Price
event-audience = Audience
event-accessibility = Accessibility
event-wheelchair = Wheelchair accessible
event-sign-language = Sign language interpreting
event-subtitles = Subtitles
event-capacity = Seats
event-capacity-hint = Leave empty when seats are not limited.
event-my-registration = My registration
event-cancel-registration = Cancel registration
event-register = Register
event-register-submit = Register
event-login-to-register = Log in to register
event-date = Date
event-dates = Next dates
event-seats-left = { $n } seat(s) left
event-full = full (waiting list)
event-guests = Number of guests
event-approval-hint = Registrations are approved by the organizer: you will get an email.
event-organizer-tools = Organizing
event-new-title = Create an event
event-edit-title = Edit the event
event-title = Title
event-starts-at = Start
event-ends-at = End
event-time-hint = Paris time. For a whole-day event, tick "All day".
event-all-day = All day
event-rrule = Recurrence (optional)
event-rrule-hint = RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TH (every Thursday) or FREQ=MONTHLY;BYDAY=1TU (first Tuesday of the month).
event-exdates = Excluded dates (optional)
event-exdates-hint = Starts of cancelled sessions, comma-separated: 2026-12-24T09:00
event-location-kind = Kind of location
event-location-place = At the organizing place
event-location-address = At an address
event-location-online = Online
event-location-hybrid = Hybrid (on site and online)
event-address = Address
event-online-url = Online link
event-price-euros = Price (euros)
event-price-hint = Leave empty when the event is free.
event-price-info = Price details
event-approval = Registrations must be approved by the organizer
event-questions = Questions asked at registration (optional)
event-questions-hint = One question per line, at most five.
event-create = Create the event
event-cancel-event = Cancel the event
event-cancel-reason = Reason for cancelling (sent to registrants)
event-error-kind = Choose a kind of event from the list.
event-error-status = Unknown status: draft, published or cancelled.
event-error-date = Unreadable date: use the format 2026-12-03T09:00.
event-error-end-before-start = The end must be after the start.
event-error-organizer = Choose an organizer (a place or a network) you manage.
event-error-capacity = Seats must be a positive whole number.
event-error-price = The price must be a positive amount, e.g. 12.50.
event-error-location = Unknown kind of location.
event-error-url = Enter a full link starting with https://.
event-error-rrule = This recurrence rule is not valid.
event-error-exdates = Unreadable excluded dates: use the format 2026-12-24T09:00.
event-error-guests = Guests must be between 0 and 20.
event-error-closed = Registrations for this date are closed.
reg-status-confirmed = Registration confirmed
reg-status-waitlisted = On the waiting list
reg-status-pending = Awaiting approval
reg-status-cancelled = Cancelled
reg-status-refused = Not accepted
mine-title = My registrations
mine-empty = You are not registered to any upcoming event.
mine-feed = My personal calendar
mine-feed-hint = A secret address to see your registrations in your calendar app. Do not share it; renewing it disables the old one.
mine-feed-url = Your feed address
mine-feed-create = Create my subscription address
mine-feed-renew = Renew my subscription address
cancel-link-title = Cancel your registration
cancel-link-done = This registration is no longer active.
attendees-title = Registrations
attendees-csv = Export as CSV
attendees-empty = Nobody has registered yet.
attendees-status = Status
attendees-answers = Answers
attendees-actions = Actions
attendees-accept = Approve
attendees-refuse = Refuse
import-title = Import a calendar (iCal)
import-hint = Choose an .ics file or paste its content (Google Calendar, Nextcloud, Outlook export…). Importing the same file again updates the events already imported.
import-file = .ics file
import-ics = Or paste the content of the .ics file
import-ics-hint = Starts with BEGIN:VCALENDAR.
import-submit = Import
import-created = { $n } event(s) created.
import-updated = { $n } event(s) updated.
import-skipped = Events left out:
import-error-unreadable = This content is not a readable iCalendar file.
network-agenda = Events of the network and its places
place-upcoming-events = Upcoming events
place-all-events = The place's full calendar
flash-registered = You are registered. A confirmation email is on its way.
flash-waitlisted = The event is full: you are on the waiting list.
flash-pending = Your registration request was sent to the organizer.
flash-registration-cancelled = Registration cancelled.
flash-event-cancelled = Event cancelled; registrants have been told.
flash-event-created = Event created.
event-publish = Publish the event
flash-event-published = Event published.
