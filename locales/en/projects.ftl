# Projects (issue 7)
nav-projects = Projects
projects-title = Tiers-lieu projects
projects-intro = From diagnosis to opening: supported projects, their phases, canvas and funding plan.
projects-new = New project
projects-create = Create the project
projects-none = No visible project yet.
projects-private = Private
projects-status-idea = Idea
projects-status-in-progress = In progress
projects-status-opened = Opened
projects-status-abandoned = Abandoned
projects-field-communes = Municipalities
projects-field-epci = Intermunicipality (EPCI)
projects-field-holders = Holder organizations
projects-field-uses = Planned uses
projects-uses-hint = One per line: coworking, fablab, café, grocery, garden…
projects-field-intent = Intent
projects-field-network = Network supporting the project
projects-no-network = None
projects-field-public = Project visible to everyone
projects-phases = Progress by phase
projects-completion = Completion
projects-phase-done = done
projects-support-level = Support received
projects-canvas = Social Business Canvas
projects-canvas-open = See the canvas
projects-canvas-start = Start the canvas
projects-canvas-versions = Canvas versions
projects-canvas-version = Version
projects-canvas-empty = The canvas has not been filled in yet.
projects-canvas-print = Printable version
projects-canvas-save = Save a new version
projects-canvas-unknown-block = Unknown canvas block.
projects-compare = Compare
projects-compare-old = Earlier version
projects-compare-new = Later version
projects-changes = Changed blocks
projects-no-changes = No block differs between these two versions.
projects-block-social-problem = Social problem
projects-block-beneficiaries = Beneficiaries
projects-block-value-proposition = Value proposition
projects-block-solution = Solution
projects-block-key-activities = Key activities
projects-block-key-resources = Key resources
projects-block-partners = Partners
projects-block-channels = Channels
projects-block-segments = Customer segments
projects-block-costs = Cost structure
projects-block-revenues = Revenue streams
projects-block-impact = Impact measurement
projects-block-surplus = Use of surplus
projects-funding = Funding plan
projects-funding-manage = Manage the funding plan
projects-applications = Funding applications
projects-applications-none = No application yet.
projects-application-add = Add an application
projects-field-funder = Funder
projects-field-programme = Programme
projects-field-requested = Amount requested (€)
projects-field-granted = Amount granted (€)
projects-field-deadline = Deadline
projects-field-label = Label
projects-field-amount = Amount (€)
projects-programme-leader-feader = LEADER / EAFRD
projects-programme-region = Region
projects-programme-departement = Department
projects-programme-fondation-de-france = Fondation de France
projects-programme-anct-fabriques = ANCT – Fabriques de territoire
projects-programme-other = Other
projects-funding-status-draft = Draft
projects-funding-status-submitted = Submitted
projects-funding-status-granted = Granted
projects-funding-status-refused = Refused
projects-funding-status-paid = Paid
projects-budget = Budget
projects-budget-add = Add a line
projects-budget-investment = Investment
projects-budget-operation = Operation
projects-budget-total = Total budget
projects-requested-total = Total requested
projects-granted-total = Total granted
projects-cofinancing-rate = Co-financing rate
projects-by-source = Granted funding by source
projects-chart = Relative share
projects-amount-invalid = Enter a positive amount, for example 74,881.10.
projects-unknown-network = This network does not exist.
projects-completion-invalid = Completion must be between 0 and 100.
projects-dates-order = The end must come after the start.
flash-project-created = Project created with its four phases.
flash-canvas-saved = New canvas version saved.
flash-funding-saved = Funding plan updated.
# Public page, workshops and advisors' dashboard
projects-presentation = Presentation
projects-current-phase = Current phase
projects-phase-current = current
projects-step = step { $n } of { $total }
projects-all-phases-done = Every phase is complete.
projects-overall = Overall progress
projects-workshops = Next meetings and workshops
projects-workshops-none = No public meeting or workshop planned yet.
projects-next-meetings = Meetings of the project's groups
projects-online = Online
projects-workshop-full = Full: registration on the waiting list.
projects-seats-left = Seats left: { $n }
projects-register = Register
projects-join-waitlist = Join the waiting list
projects-login-to-register = Log in to register
projects-registration-confirmed = You are registered.
projects-registration-waitlisted = You are on the waiting list.
projects-registration-pending = Your registration awaits the organizers' approval.
projects-published-minutes = Published minutes
projects-minutes-none = No published minutes yet.
projects-public-documents = Documents
projects-documents-none = No public document yet.
projects-contacts = Team contacts
projects-contacts-none = The team has not published a contact yet.
projects-contact-email = Email
projects-contact-phone = Phone
projects-contact-text = People to contact
projects-contact-text-hint = Names, roles, office hours… This text is public.
projects-participate = How to take part
projects-participate-none = The team has not described how to take part yet.
projects-public-edit = Edit the public page
projects-public-edit-intro = Team contacts and "how to take part": everyone sees them when the project is public.
projects-workshop-new = Organize a workshop
projects-workshop-intro = The workshop appears on the project page and in the agenda of the network that follows it; registrations go through the agenda.
projects-workshop-title = Title
projects-workshop-date = Date
projects-workshop-start = Start (Paris time)
projects-workshop-end = End
projects-workshop-address = Address
projects-workshop-online = Video call link (optional)
projects-workshop-capacity = Seats
projects-workshop-capacity-hint = Leave empty for unlimited seats.
projects-workshop-create = Publish the workshop
projects-event-needs-network = The project must be followed by a network to publish a workshop in the agenda.
projects-dashboard = Project follow-up
projects-dashboard-intro = Projects followed by your networks: current phase, next deadlines and what is late.
projects-dashboard-count = Projects followed: { $n }
projects-dashboard-none = No followed project matches.
projects-requests-title = Follow-up requests
projects-requests-intro = These projects ask to be followed by your network. Until you accept, they appear neither in the follow-up nor in the network's agenda, and you have no rights on them.
projects-requests-network = Network asked
projects-requests-accept = Accept to follow
projects-requests-refuse = Refuse
projects-overdue-count = overdue items: { $n }
projects-overdue-count-page = overdue items on this page: { $n }
projects-requests-more = { $shown } requests shown out of { $n }, in alphabetical order.
projects-total = { $n } projects, in alphabetical order.
projects-filter-network = Network
projects-filter-all = All
projects-filter = Filter
projects-phases-done = phases complete: { $done } of { $total }
projects-overdue = Overdue
projects-late = Overdue:
projects-next-deadlines = Next deadlines
projects-no-deadline = No deadline ahead.
projects-deadline-funding = Funding application
projects-deadline-phase = End of phase
projects-deadline-action = Action
flash-project-page-saved = Public page updated.
flash-workshop-created = Workshop published.
# Workspace (holders and advisors)
projects-workspace = Workspace
projects-workspace-open = Open the workspace
projects-workspace-groups = Project groups
projects-workspace-no-groups = No group yet: create the holders' group and a focus group per planned use.
projects-workspace-next-meeting = Next meeting
projects-workspace-no-meeting = No meeting planned.
projects-workspace-create-groups = Create the groups in one click
projects-workspace-create-holders = Create the holders' group
projects-workspace-create-focus = Create the focus group
projects-workspace-actions = Next steps
projects-workspace-no-actions = No open action.
projects-workspace-action = Action
projects-workspace-group = Group
projects-workspace-owner = Owner
projects-workspace-due = Due
projects-workspace-overdue = Overdue
projects-workspace-no-documents = No document yet (initial diagnostic, studies…).
projects-workspace-library = Project library: add a document
projects-documents = Documents
projects-stakeholders = Stakeholders
projects-stakeholders-none = No stakeholder recorded.
projects-stakeholders-manage = Manage the stakeholders directory
projects-stakeholders-private = Visible to the project's holders and advisors only. Contact details are stored only with the date the person consented (GDPR).
projects-stakeholder-add = Add a stakeholder
projects-stakeholder-edit = Edit a stakeholder
projects-stakeholder-delete = Delete this stakeholder
projects-stakeholder-kind = Type
projects-stakeholder-kind-person = Person
projects-stakeholder-kind-organization = Organization
projects-stakeholder-organization = Organization
projects-stakeholder-role = Role in the project
projects-stakeholder-contact = Contact details
projects-stakeholder-consent-hint = Enter contact details only with the person's consent, and give the date of that consent.
projects-stakeholder-phone = Phone
projects-stakeholder-consent = Consent date
projects-stakeholder-notes = Notes
projects-consent-required = Give the consent date: contact details cannot be stored without it.
projects-consent-future = The consent date cannot be in the future.
projects-edit = Edit
projects-timeline = Timeline
projects-timeline-open = See the timeline
projects-timeline-hint = Everything that happened in the project, newest first (Paris time).
projects-timeline-newer = Newer
projects-timeline-older = Older
projects-event-project-created = Project “{ $a }” created
projects-event-project-updated = Project description edited
projects-event-phase-progress = Phase “{ $a }”: { $b } % done
projects-event-canvas-version = Canvas: version { $a }
projects-event-funding-created = Funding application created: { $a } ({ $b })
projects-event-funding-status = Application { $a }: status “{ $b }”
projects-event-funding-deleted = Funding application deleted: { $a }
projects-event-budget-added = Budget line added: { $a } ({ $b })
projects-event-budget-updated = Budget line edited: { $a } ({ $b })
projects-event-budget-deleted = Budget line deleted: { $a }
projects-event-meeting-held = Meeting held: { $a }
projects-event-minutes-published = Minutes published: { $a }
projects-event-document-added = Document added: { $a }
projects-event-stakeholder-added = Stakeholder added: { $a }
projects-event-member-added = Holder added: { $a }
projects-event-member-removed = Holder removed: { $a }
projects-members = Holders
projects-members-manage = Manage the holders and the project's description
projects-members-hint = Holders edit the project, its phases, canvas, funding plan and groups. The admins of the network that follows it (advisors) have the same rights.
projects-members-pending = Pending invitations
projects-member-add = Add a holder
projects-member-add-hint = A registered person is added at once; anyone else gets an invitation email (link valid for 14 days).
projects-member-remove = Remove
projects-last-member = The project's last holder cannot be removed.
projects-edit-project = Edit the project's description
projects-invitation = Invitation to hold a project
projects-invitation-to = You are invited to join the holders of the project
projects-invitation-invalid = This invitation link is no longer valid (already used or expired).
flash-stakeholder-saved = Stakeholder saved.
flash-stakeholder-deleted = Stakeholder deleted.
flash-holder-already = This person already holds the project.
flash-holder-invited = Invitation sent by email. The person will lead the project once they accept it.
flash-holder-removed = Holder removed.
flash-project-saved = Project saved.
flash-project-network-accepted = The network now follows this project.
flash-project-network-refused = Follow-up request refused.
flash-project-group-created = Project group created: plan its meetings, minutes and next steps.
flash-group-exists = This group already exists.
flash-project-invitation-accepted = Invitation accepted: you now hold this project.
projects-funding-edit-hint = Click an application or a budget line to edit or delete it.
projects-application-edit = Edit the funding application
projects-application-delete = Delete this application
projects-deadline-hint = Holders get an email reminder 7 days and 1 day before (draft or submitted applications).
projects-attachments = Attached documents
projects-attachments-none = No attached document.
projects-attachment-choose = Document of the project's library
projects-attachment-add = Attach to the application
projects-attachment-remove = Remove
projects-attachment-upload = Upload a document to the project's library
projects-document-not-in-project = Choose a document of this project's library.
projects-budget-edit = Edit the budget line
projects-budget-delete = Delete this line
flash-attachment-added = Document attached to the application.
flash-attachment-removed = Document removed from the application.
projects-phases-edit = Project phases
projects-phases-edit-hint = Objectives (one per line), dates, completion (100 % = phase done) and support level received.
projects-phase = Phase
projects-phase-title = Phase title
projects-phase-objectives = Objectives (one per line)
projects-phase-starts = Start
projects-phase-ends = End
projects-phase-add = Add a phase
projects-phase-delete = Delete the phase
projects-phases-manage = Edit the phases
projects-too-many-phases = Twenty phases at most.
projects-phase-template = Network's phase template
projects-phase-template-hint = New projects followed by this network get these phases. Leave a title empty to remove a phase.
projects-phase-template-default = Default template (four phases)
projects-phase-template-reset = Back to the default template
flash-phase-saved = Phase saved.
flash-phase-deleted = Phase deleted.
flash-phase-template-saved = Phase template saved.
projects-stakeholders-csv = Download the directory (CSV)

# Project emails
projects-mail-funding-reminder-subject = Reminder: application “{ $funder }” due { $due } ({ $when })
projects-mail-funding-reminder-body =
    Hello { $name },

    The funding application “{ $funder }” of the project “{ $project }” is due { $due }, { $when }.
    Amount requested: { $amount }.
    The application: { $link }
projects-mail-funding-reminder-tomorrow = tomorrow
projects-mail-funding-reminder-in-days = in { $days } days
projects-mail-invitation-subject = Invitation to lead the project “{ $project }”
projects-mail-invitation-body =
    Hello,

    { $inviter } invites you to join the people leading the project “{ $project }” on Maillage.

    Create your account with this address (or sign in), then accept the invitation:
    { $link }

    If you already have an account, the invitation also waits in “My invitations”:
    { $account }
    You lead the project only once you have accepted it; you may also decline it.

    This link is valid for 14 days and works only once.
projects-event-private = This project is private: its workshops would appear in no agenda. Make the project public to publish a workshop.
flash-invitation-project-accepted = Invitation accepted: you now lead this project.
flash-invitation-declined = Invitation declined.

# Where the project's request to be followed by a network stands (its workspace) and the
# holders' email when the network's admin answers.
projects-network-follow = Followed by a network
projects-network-follow-requested = Follow request sent to the network { $network } — waiting
projects-network-follow-accepted = Follow request sent to the network { $network } — accepted
projects-network-follow-refused = Follow request sent to the network { $network } — refused
projects-network-follow-none = This project asks no network to follow it.
projects-network-follow-hint = Until the network accepts, the project's workshops are not in its agenda and its admins have no rights on the project. To change networks, edit the project.
projects-mail-network-accepted-subject = The network { $network } follows the project “{ $project }”
projects-mail-network-accepted-body =
    Hello { $name },

    Follow request sent to the network { $network } — accepted.
    The network now follows the project “{ $project }”: its public workshops appear in the network's agenda.

    Project workspace: { $link }
projects-mail-network-refused-subject = The network { $network } does not follow the project “{ $project }”
projects-mail-network-refused-body =
    Hello { $name },

    Follow request sent to the network { $network } — refused.
    The project “{ $project }” is not followed by this network; you may choose another one by editing the project.

    Project workspace: { $link }
