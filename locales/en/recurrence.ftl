# Recurrence rules in words (issue 17 point 2)
event-repeats = Repeats
event-repeat = Repetition
event-repeat-kind = Repeats
event-repeat-hint = The day and the time come from the event's start: "every month, on the first Thursday" if the event starts on a first Thursday.
event-repeat-none = Does not repeat
event-repeat-daily = Every day
event-repeat-weekly = Every week
event-repeat-monthly-weekday = Every month, on the same weekday (e.g. the first Thursday)
event-repeat-monthly-date = Every month, on the same date (e.g. the 15th)
event-repeat-yearly = Every year
event-repeat-custom = Custom rule (RFC 5545)
event-repeat-interval = Every … (1: each time, 2: every other)
event-repeat-interval-hint = In days, weeks, months or years, depending on the repetition.
event-repeat-days = The days (every week)
event-repeat-end = End of the repetition
event-repeat-end-never = No end
event-repeat-end-count = After a number of times
event-repeat-end-until = Until a date
event-repeat-count = Number of times
event-repeat-until = Last day
event-repeat-except = Exceptions
event-repeat-except-hint = The days the event does not take place (holidays, bank holiday).
event-repeat-except-1 = Not on
event-repeat-except-2 = Nor on
event-repeat-except-3 = Nor on
event-repeat-advanced = Custom rule and other exceptions
event-error-repeat = Choose a repetition from the list.
event-error-repeat-interval = A whole number from 1 to 52.
event-error-repeat-count = A number of times from 1 to 1,000.
event-error-repeat-until = A date, no earlier than the start.
day-mo = Monday
day-tu = Tuesday
day-we = Wednesday
day-th = Thursday
day-fr = Friday
day-sa = Saturday
day-su = Sunday
agenda-next-dates = Next dates:
agenda-more-dates = { $n ->
    [one] and one more date
   *[other] and { $n } more dates
}
event-several-a-day = Several times a day (a guided tour every hour, for instance)
event-error-rrule-several-a-day = This rule gives several dates on the same day: tick “Several times a day” if that is what you want.
