# Guests: registering to an event open to the public without an account (issue 17 point 3).
guest-form-title = Without an account: register as a guest
guest-form-hint = Give your name and email address: you will receive a link to confirm your registration. Your address is never shown.
guest-name = Your name
guest-email = Your email address
guest-submit = Send me the confirmation link
guest-check-email-title = Check your email
guest-check-email-text = A link to confirm your registration has just been sent to you. It is valid for 48 hours; your seat is held only once the registration is confirmed.
guest-confirm-title = Confirm your registration
guest-confirm-for = Registration in the name of { $name }.
guest-confirm-submit = Confirm my registration
guest-confirmed-title = Registration confirmed
guest-confirmed-text = Your seat is held. A confirmation email has been sent to you, with the link to cancel without an account and the event to add to your calendar.
guest-full-title = Event full
guest-full-text = Sorry: every seat was taken before your confirmation. Your registration was not recorded.
guest-already-title = Registration already confirmed
guest-already-text = This link has already been used. The confirmation email holds the link to cancel.
guest-closed-title = Registrations closed
guest-closed-text = This event no longer accepts registrations on this date.
guest-see-event = See the event
guest-account-title = Create my account
guest-account-offer = With an account, find your registrations and register in one click. Your name and address are already filled in: just choose a password.
guest-account-link = Create my account in one click
guest-account-intro = Your registration to “{ $title }” will be attached to your new account.
guest-account-submit = Create my account
guest-account-exists = An account already uses this address: sign in.
flash-guest-account = Your account is created and your registration is attached to it.
guest-mail-confirm-subject = Confirm your registration: { $title }
guest-mail-confirm-body =
    Hello { $name },

    To confirm your registration to “{ $title }” ({ $when }), open this link (valid for 48 hours):
    { $link }

    Your seat is held only once the registration is confirmed. If you asked for nothing, ignore this message.
guest-mail-confirmed-body =
    Hello { $name },

    Your registration to “{ $title }” ({ $when }) is confirmed. The attached file adds it to your calendar.
    { $link }

    To cancel your registration, without an account:
    { $cancel }

    To create your account in one click (your registration will be attached to it):
    { $account }
# A login throttled for an account (auth::throttle), with the delay left.
login-too-many-wait = Too many attempts for this account: try again in { $minutes } minute(s).
attendees-guests = Guests without an account (confirmed)
# My space (space.rs).
space-title = My space
space-account = My account (profile, password, data)
space-tasks = Waiting for me
space-no-task = Nothing waits for you at the moment.
space-pending-bookings = { $n ->
    [one] One booking to decide
   *[other] { $n } bookings to decide
}
space-actions = { $n ->
    [one] One action item assigned to you
   *[other] { $n } action items assigned to you
}
space-registrations = My next registrations
space-no-registration = No upcoming registration.
space-all-registrations = All my registrations ({ $n })
space-bookings = My next bookings
space-no-booking = No upcoming booking.
space-all-bookings = All my bookings ({ $n })
space-managed = Places and networks I run
# Mon espace: the moderation queues (issue 17 point 3)
space-queue-places = { $n ->
    [one] One place to moderate
   *[other] { $n } places to moderate
}
space-queue-proposals = { $n ->
    [one] One proposed change to a place
   *[other] { $n } proposed changes to places
}
space-queue-place-claims = { $n ->
    [one] One claim on a place
   *[other] { $n } claims on places
}
space-queue-actor-claims = { $n ->
    [one] One claim on an actor's profile
   *[other] { $n } claims on actors' profiles
}
space-queue-posts = { $n ->
    [one] One reported post
   *[other] { $n } reported posts
}
space-queue-messages = { $n ->
    [one] One reported message
   *[other] { $n } reported messages
}
space-queue-join-requests = { $n ->
    [one] One request to join
   *[other] { $n } requests to join
}
space-groups = My groups
space-no-group = You are not a member of any group.
space-all-groups = All my groups ({ $n })
# The reminder a confirmed guest receives the day before (events::service::guests).
guest-mail-reminder-body =
    Hello { $name },

    A quick reminder: “{ $title }” takes place { $when }.
    { $link }

    If you can no longer come, free your seat with the cancellation link of your confirmation email.

    — Maillage
