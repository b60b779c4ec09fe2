# Agenda: additions (image, spaces, import by URL).
event-space = Space
event-space-hint = The room where it is held, among those of the hosting place (optional).
event-space-none = — No particular space —
event-error-space = Choose one of the spaces of the place hosting the event.
event-image = Image
event-image-none = No image yet.
event-image-alt-hint = What it shows, for people who cannot see the image (required if you add an image).
event-image-add = Add the image
event-image-replace = Replace the image
event-image-delete = Delete the image
flash-event-image-saved = Image saved.
flash-event-image-deleted = Image deleted.
import-url = Or the address (URL) of an iCalendar calendar
import-url-hint = An http:// or https:// address that returns an .ics file (10 MB at most). Importing again updates the same events.
import-error-url = Invalid address: it must start with http:// or https://.
import-error-url-blocked = This address leads to a private or local network: it is refused.
import-error-url-unresolved = This domain name cannot be found.
import-error-url-redirects = Too many redirects (5 at most).
import-error-url-timeout = The server did not answer within 15 seconds.
import-error-url-too-large = The file is larger than 10 MB.
import-error-url-status = The server refused to give the file.
import-error-url-network = Cannot connect to the server.
import-error-url-not-ics = The downloaded content is not an iCalendar (.ics) file.
event-error-host-place = This place does not exist.
event-error-host-place-rights = You do not manage this place: an event can only be hosted in a place you manage.
event-error-network-place = This place does not belong to this network: its event cannot appear in the network's agenda.
event-error-capacity-below-confirmed = Confirmed registrations exceed this capacity: cancel some first, or keep a capacity at least equal to the confirmed seats.
event-host-place = Host place
event-host-place-hint = For an event "at the place": the place that hosts it, if it is not the organizing place.
event-host-place-default = — The organizing place —

# Agenda emails (to the registered people, in their language).
event-mail-moved-subject = New schedule: { $title }
event-mail-moved-body =
    Hello,

    The dates of “{ $title }” have changed: now { $when }{ $recurring ->
        [yes] { " " }(then as the recurrence says)
       *[no] { "" }
    }.

    Check your registration: { $link }

    — Maillage
event-mail-dropped-subject = Registration cancelled: { $title }
event-mail-dropped-body =
    Hello,

    The organizer cancelled your registration to “{ $title }” ({ $when }).

    { $link }

    — Maillage
event-mail-cancelled-subject = Cancelled: { $title }
event-mail-cancelled-body =
    Hello,

    The event “{ $title }” is cancelled.

    Reason: { $reason }

    We are sorry for the inconvenience.

    — Maillage
event-mail-reminder-subject = Reminder: { $title } tomorrow
event-mail-reminder-body =
    Hello,

    A quick reminder: “{ $title }” takes place { $when }.

    { $link }

    If you can no longer come, cancel your registration to free the seat: { $cancel }

    — Maillage
event-mail-confirmed-subject = Registration confirmed: { $title }
event-mail-confirmed-text = Your registration to “{ $title }” ({ $when }) is confirmed. The attached file adds it to your calendar.
event-mail-waitlisted-subject = Waiting list: { $title }
event-mail-waitlisted-text = “{ $title }” ({ $when }) is full: you are on the waiting list. We will write to you if a seat becomes free.
event-mail-pending-subject = Registration received: { $title }
event-mail-pending-text = Your registration request to “{ $title }” ({ $when }) is waiting for the organizer's approval.
event-mail-refused-subject = Registration not accepted: { $title }
event-mail-refused-text = The organizer could not accept your registration to “{ $title }” ({ $when }).
event-mail-promoted-subject = A seat is free: { $title }
event-mail-promoted-text = Good news: a seat became free, your registration to “{ $title }” ({ $when }) is confirmed. The attached file adds it to your calendar.
# { $text }: one of the event-mail-…-text sentences above; { $cancel }: event-mail-cancel-with-link or event-mail-cancel.
event-mail-status-body =
    Hello,

    { $text }

    The event: { $link }

    { $cancel }

    — Maillage
event-mail-cancel-with-link =
    To cancel your registration, without signing in:
    { $link }
event-mail-cancel = To cancel your registration: { $link }
event-space-seats = Seats of the space taken
event-space-seats-hint = Leave empty: the event takes the whole space. Otherwise, how many seats it takes (the others stay bookable).
event-error-space-seats = Give a number of seats between 1 and the space's capacity.
