# Opening hours in words (crate::hours)
hours-closed = closed
hours-all-day = open all day
