# Groups (clubs, commissions, boards), meetings, decisions, actions, documents.
groups-attach-one = Attach the group to exactly one place, network or project.
groups-projects-unavailable = Projects are not available yet.
groups-unknown-parent = Place, network, project or meeting not found.
groups-url-invalid = Give a web link starting with https://.
groups-instant-invalid = Invalid date or time.
groups-date-invalid = Invalid date (YYYY-MM-DD).
groups-ends-before-start = The end must follow the start (24 hours at most).
groups-mandate-end-before-start = A mandate must end after it starts.
groups-unknown-user = Person not found: they need an account.
groups-rrule-invalid = Invalid recurrence rule (example: FREQ=MONTHLY;BYDAY=1TH).
documents-scope-one = Attach the document to exactly one group, place, network or project.
documents-file-required = Choose a file.
documents-file-too-large = File too large (10 MiB at most).
documents-file-type = File type not accepted: PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, text, CSV or Markdown.
documents-total = { $n } documents, by title.
nav-groups = Groups
groups-title = Clubs, commissions and boards
groups-intro = Groups of places and networks: their meetings, minutes, decisions and next steps.
groups-none = No group yet.
groups-new = Create a group
groups-create = Create the group
groups-edit = Edit the group
groups-members-only = Members only
groups-autonomous = Autonomous
groups-interim = Interim presidency
groups-you-are-member = You are a member of this group.
groups-join = Join the group
groups-ask-join = Ask to join the group
groups-join-pending = Your request to join awaits approval.
groups-login-to-join = Log in to join this group
groups-field-scope = Attached to
groups-list-search = Search a group by name
groups-list-total = { $n } groups, in alphabetical order.
groups-none-found = No group of that name.
groups-field-scope-place = Or another of your places
groups-field-scope-place-hint = You manage more places than the list shows: paste the address of the place's page in the directory (…/lieux/place-name) or write its exact name.
groups-error-scope-place-unknown = No place at this address or with this exact name: copy the address of its page in the directory.
groups-error-scope-place-ambiguous = Several places have this name: paste the address of the place's page (…/lieux/place-name).
groups-error-scope-place-rights = You do not manage this place: you cannot create a group there.
groups-my-actions-total = { $n } actions, open ones first by due date.
groups-field-kind = Kind of group
groups-field-purpose = Purpose
groups-field-visibility = Visibility
groups-field-joining = Joining
groups-field-autonomous = Autonomous group (run by its members)
groups-field-title = Title (optional)
groups-field-date = Date
groups-field-start = Start time
groups-field-end = End time
groups-field-room = Room
groups-field-online = Video call link
groups-field-agenda = Agenda
groups-agenda-hint = One item per line, in order.
groups-rich-hint = Markdown formatting: **bold**, *italics*, “- ” at the start of a line for a list, “## ” for a heading, [text](https://…) for a link; an empty line separates paragraphs.
groups-visibility-public = Public: visible to everyone
groups-visibility-members = Members of the group only
groups-joining-open = Open
groups-joining-request = On request (approved by a leader)
groups-joining-invitation = By invitation
groups-kind-board = Board
groups-kind-commission = Commission
groups-kind-working-group = Working group
groups-kind-club = Club
groups-kind-holders = Project holders' group
groups-kind-focus-group = Focus group
groups-role-president = President
groups-role-vice-president = Vice-president
groups-role-secretary = Secretary
groups-role-treasurer = Treasurer
groups-role-animator = Facilitator
groups-role-member = Member
groups-members = Members
groups-add-member = Add a member
groups-mandate-start = Mandate start
groups-mandate-end = Mandate end
groups-col-name = Name
groups-col-role = Role
groups-col-mandate = Mandate
groups-col-actions = Manage
groups-col-action = Action
groups-col-owner = Owner
groups-col-due = Due
groups-col-status = Status
groups-pending = pending request
groups-former = mandate ended
groups-approve = Approve
groups-refuse = Refuse
groups-remove = Remove
groups-meeting = Meeting
groups-meetings = Meetings
groups-no-meetings = No meeting yet.
groups-upcoming = upcoming
groups-new-meeting = Plan a meeting
groups-plan = Plan the meeting
groups-join-online = Join the meeting online
groups-add-calendar = Add to my calendar (.ics)
groups-agenda = Agenda
groups-agenda-empty = No agenda yet.
groups-agenda-add = Add an agenda item
groups-add = Add
groups-attendees = Attendees
groups-attendees-none = No attendee.
groups-attendance-invited = invited
groups-attendance-present = present
groups-attendance-excused = excused
groups-minutes = Minutes
groups-minutes-none = No minutes published.
groups-minutes-public = Public minutes
groups-minutes-internal = Internal minutes
groups-minutes-write = Write the minutes
groups-minutes-visibility = Who reads the minutes
groups-minutes-keep-internal = Keep internal (group members)
groups-minutes-publish = Publish (visible to everyone; members are emailed)
groups-minutes-save = Save the minutes
groups-decisions = Register of decisions
groups-decisions-of-meeting = Decisions
groups-decisions-none = No decision.
groups-decision-add = Add a decision
groups-search = Search the decisions
groups-search-submit = Search
groups-actions = Next steps
groups-actions-none = No action.
groups-my-actions = My actions
groups-status-todo = To do
groups-status-doing = In progress
groups-status-done = Done
groups-slot = Regular slot
groups-slot-hint = A recurrence rule (e.g. FREQ=MONTHLY;BYDAY=1TH for the first Thursday of the month), the time and the room: the meetings of the next four months are created and members invited.
groups-slot-rule = Repeats
groups-slot-save = Save the slot
documents-title = Documents
flash-group-created = Group created.
flash-group-saved = Group saved.
flash-member-invited = Invitation sent: the person becomes a member once they accept it.
flash-member-updated = Membership updated.
flash-joined = Welcome to the group!
flash-join-requested = Request to join sent.
flash-meeting-created = Meeting planned; members are invited by email.
flash-slot-saved = Slot saved; meetings created.
flash-minutes-saved = Minutes saved (internal).
flash-minutes-published = Minutes published.
flash-agenda-added = Item added to the agenda.
flash-decision-added = Decision recorded.
flash-action-added = Action added.
flash-action-updated = Action updated.
flash-attendance-saved = Attendance saved.
documents-search = Search documents
documents-search-hint = Title, tag or content of a sheet
documents-folders = Folders
documents-folder = Folder
documents-list = Documents and sheets
documents-none = No document.
documents-tags = Tags
documents-kind-file = File
documents-kind-sheet = Toolkit sheet
documents-visibility-public = Public
documents-visibility-network = Network members
documents-visibility-managers = Managers
documents-visibility-group = Group members
documents-upload = Upload a file
documents-upload-hint = 10 MiB at most: PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, text, CSV or Markdown.
documents-upload-submit = Upload
documents-file = File
documents-new-sheet = Write a toolkit sheet
documents-sheet-body = Content of the sheet
documents-sheet-submit = Save the sheet
documents-new-folder = Create a folder
documents-versions = Versions
documents-version = Version
documents-size = Size
documents-date = Date
documents-new-version = Upload a new version
flash-document-added = Document added.
flash-version-added = New version uploaded; earlier ones stay available.
flash-folder-added = Folder created.
groups-space-invalid = Choose a space of this place.
groups-conflict-full = the room is already booked
groups-conflict-rights = booking the room needs a manager of the place
groups-slot-space = Space to book
groups-slot-space-none = None (room as free text)
groups-slot-conflicts = Bookings not possible
groups-slot-conflicts-hint = These meetings of the slot were not created, as the room could not be booked:
flash-slot-conflicts = Slot saved; some dates could not be booked (see the list).
groups-conflict-rights-field = Booking this space needs a manager of the place.
groups-conflict-full-field = This space is already booked at that time.
documents-all = All documents

# Group emails
groups-mail-invitation-subject = Invitation: { $title }
# { $where }: groups-mail-invitation-room and groups-mail-invitation-online, when there is one; { $agenda }: the agenda, when there is one.
groups-mail-invitation-body =
    Hello,

    You are invited to the meeting “{ $title }” on { $when }{ $where }.
    { $agenda }
    Details: { $link }

    The invitation is attached for your calendar.
groups-mail-invitation-room = , room: { $room }
groups-mail-invitation-online = , online: { $link }
groups-mail-invitation-agenda = Agenda:
groups-mail-minutes-subject = Minutes published: { $title }
groups-mail-minutes-body =
    Hello,

    The minutes of the meeting “{ $title }” of { $when } are published:
    { $link }
groups-mail-action-subject = Reminder: “{ $title }” due { $due }
groups-mail-action-body =
    Hello { $name },

    The action “{ $title }” ({ $group }) is due { $due }.
    Your actions: { $link }
groups-mail-slot-conflict-subject = Slot of “{ $group }”: room unavailable
# { $dates }: one groups-mail-slot-conflict-date line per date.
groups-mail-slot-conflict-body =
    Hello,

    The room of the regular slot of “{ $group }” could not be booked for:
    { $dates }
    These meetings were not created. Details: { $link }
groups-mail-slot-conflict-date = - { $when }: { $reason }
groups-mail-invited-subject = Invitation to join “{ $group }”
groups-mail-invited-body =
    Hello,

    You are invited to join the group “{ $group }” ({ $role }).
    You become a member only once you accept; you may also decline.
    Answer from “My invitations”: { $link }
groups-mail-invited-new-body =
    Hello,

    You are invited to join the group “{ $group }” ({ $role }) on Maillage.
    First create an account with this address: { $link }
    The invitation will then wait for you in “My invitations” (for 30 days): you become a member only once you accept it.
groups-visibility-capped = This group belongs to a private project: it cannot be public (only the project's holders and its members would see it).
flash-invitation-group-accepted = Invitation accepted: you are a member of the group.
# The club slot's picker (issue 17 point 2)
groups-slot-repeat = How often
groups-slot-repeat-weekly = every week
groups-slot-repeat-biweekly = every other week
groups-slot-repeat-monthly = every month
groups-slot-repeat-custom = another rule (below)
groups-slot-position = Which day of the month
groups-slot-position-hint = For “every month” only: the first Thursday, the last Monday…
groups-slot-pos-1 = the first
groups-slot-pos-2 = the second
groups-slot-pos-3 = the third
groups-slot-pos-4 = the fourth
groups-slot-pos-last = the last
groups-slot-day = Day
groups-slot-custom = Advanced rule
groups-slot-custom-rule = RFC 5545 rule (RRULE)
groups-slot-custom-hint = With “another rule”: FREQ=MONTHLY;BYMONTHDAY=15 (the 15th of each month), for instance.
groups-slot-error-day = Pick a day of the week.
groups-slot-error-position = Pick the first, second, third, fourth or last day of the month.
groups-slot-error-repeat = Pick how often from the list.
groups-list-mine = Only my groups
