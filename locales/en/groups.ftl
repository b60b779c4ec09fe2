# Groups (clubs, commissions, boards), meetings, decisions, actions, documents.
groups-attach-one = Attach the group to exactly one place, network or project.
groups-projects-unavailable = Projects are not available yet.
groups-unknown-parent = Place, network, project or meeting not found.
groups-url-invalid = Give a web link starting with https://.
groups-instant-invalid = Invalid date or time.
groups-date-invalid = Invalid date (YYYY-MM-DD).
groups-ends-before-start = The end must follow the start (24 hours at most).
groups-unknown-user = Person not found: they need an account.
groups-rrule-invalid = Invalid recurrence rule (example: FREQ=MONTHLY;BYDAY=1TH).
documents-scope-one = Attach the document to exactly one group, place or network.
documents-file-required = Choose a file.
documents-file-too-large = File too large (10 MiB at most).
documents-file-type = File type not accepted: PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, text, CSV or Markdown.
