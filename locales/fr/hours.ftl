# Opening hours in words (crate::hours)
hours-closed = fermé
hours-all-day = ouvert toute la journée
