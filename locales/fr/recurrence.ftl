# Recurrence rules in words (issue 17 point 2)
event-repeats = Se répète
