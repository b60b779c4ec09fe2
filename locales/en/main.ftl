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

# Places: directory, map, page, contributions, moderation, import
nav-places = Places
nav-map = Map
home-all-places = See every place
places-title = Directory of places
places-intro = Every published place, filtered by typology, territory, service or network.
places-see-map = See on the map
map-title = Map of places
map-intro = The map loads the places of the visible area; the list beside it follows.
map-as-list = See as a list
map-label = Interactive map of places
map-list = Places in view
map-count-in-view = { $count } places in the visible area
map-count-zoom = { $count } places in the visible area: zoom in to see them one by one
place-propose = Suggest a place
places-bad-filter = A filter is invalid: it was not applied.
places-filters = Filter places
places-search = Search
places-search-hint = Name, town, typology, service… accents and plurals do not matter.
places-any = All
places-open-now = Open now
places-apply = Filter
places-count = Places found: { $count }
places-none = No place matches these criteria.
pagination = Result pages
field-typology = Typology
field-typologies = Typologies
field-region = Region
field-department = Department
field-service = Service
field-network = Network
field-status = Status
field-address = Address
field-postal-code = Postcode
field-postal-code-hint = Five digits, e.g. 33340.
field-insee = INSEE code of the town
field-insee-hint = Optional; five characters, e.g. 33240 or 2A004.
field-latitude = Latitude
field-longitude = Longitude
field-coordinates-hint = Decimal degrees, e.g. 45.3126 and -0.9372.
field-description-hint = Simple formatting allowed (bold, italics, lists, links).
field-hours = Opening hours
field-hours-hint = OpenStreetMap syntax, e.g.: Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00
field-phone = Phone
field-phone-hint = E.g. 05 56 12 34 56.
field-website = Website
field-social = Social networks
field-one-per-line = One per line.
field-services = Services offered
field-accessibility = Accessibility
field-siret = SIRET of the holder
field-charter = Network charter adopted on
field-postcode-invalid = A postcode has five digits.
field-insee-invalid = An INSEE code has five characters (e.g. 33240 or 2A004).
field-coordinate-invalid = Invalid coordinate: latitude between -90 and 90, longitude between -180 and 180, in decimal degrees.
field-hours-invalid = These hours do not follow the OpenStreetMap syntax (e.g. Mo-Fr 09:00-18:00).
field-url-invalid = Enter a full web address, e.g. https://example.org.
field-phone-invalid = This phone number is not valid.
field-date-invalid = Enter a date as YYYY-MM-DD.
field-typology-unknown = Unknown typology: pick one from the list.
field-bbox-invalid = The area must read west,south,east,north in degrees.
field-invalid-number = Invalid number.
place-status-project = Planned
place-status-open = Open
place-status-closed = Closed
place-pending = This place awaits approval by the network's administrators.
place-refused = This place was refused by the network's administrators.
place-refusal-reason = Reason
place-open-now = Open now
place-closed-now = Closed now
place-address = Address
place-hours = Opening hours
place-contacts = Contacts
place-updated = Last updated
place-osm-link = See on OpenStreetMap
place-contribute = Contribute
place-edit = Edit this place
place-propose-edit = Suggest a change
place-claim-message = Do you run this place? Introduce yourself in a few words
place-claim = Claim the management of this place
place-history = History of changes
history-when = When
history-who = Who
history-what = What
place-propose-title = Suggest a place
place-propose-hint = Your suggestion is published once the chosen network's administrators approve it.
place-propose-submit = Suggest this place
place-edit-title = Edit the place
place-edit-moderated = Your changes go to the network's administrators before publication.
embed-credit = Map of places by Maillage
moderation-title = Moderation of places
moderation-places = Suggested places
moderation-nothing = Nothing to moderate.
moderation-duplicates = Possible duplicate of:
moderation-same-siret = same SIRET
moderation-reason = Reason (required to refuse, shown to the author)
moderation-publish = Publish
moderation-refuse = Refuse
moderation-proposals = Suggested changes
moderation-field = Field
moderation-before = Before
moderation-after = After
moderation-apply = Apply
moderation-claims = Management requests
moderation-accept-claim = Grant management
import-title = Import places
import-intro = CSV (any delimiter, UTF-8 or Latin-1), GeoJSON, GoGoCarto or data·inclusion JSON, CSV in the national digital-inclusion places schema. You see a preview and the column mapping before importing.
import-file = File
import-format = Format
import-format-auto = Detect automatically
import-preview = Preview
import-rows = { $count } rows read
import-mapping = Column mapping
import-mapping-hint = Guessed from the column names; correct it if needed.
import-refresh = Refresh the preview
import-run = Import
import-preview-title = Preview of the first 20 rows
import-line = Line
import-outcome = Outcome
import-messages = Notes
import-again = Import another file
flash-place-proposed = Thank you! Your suggestion will be published once approved.
flash-place-published = The place is published.
flash-place-saved = Changes saved.
flash-edit-proposed = Thank you! Your change will be applied once approved.
flash-claim-sent = Request sent to the network's administrators.
flash-moderated = Decision saved.
flash-reason-required = Give the reason for the refusal.
mail-place-published-subject = Your contribution "{ $name }" is published
mail-place-published-body =
    Hello,

    Your contribution about "{ $name }" was approved by the network's administrators:
    { $url }

    Thank you!
mail-place-refused-subject = Your contribution "{ $name }" was not accepted
mail-place-refused-body =
    Hello,

    Your contribution about "{ $name }" was not accepted by the network's administrators.

    Reason: { $reason }

    { $url }
licence-title = Licence of the places' data
licence-hint = Open exports (GeoJSON, CSV, data·inclusion, GoGoCarto) carry the licence the network chose.
flash-licence-saved = Licence saved.
