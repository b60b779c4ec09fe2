# Recurrence rules in words (issue 17 point 2)
event-repeats = Se répète
event-repeat = Répétition
event-repeat-kind = Se répète
event-repeat-hint = Le jour et l’heure viennent du début de l’événement : « chaque mois, le premier jeudi » si l’événement commence un premier jeudi.
event-repeat-none = Ne se répète pas
event-repeat-daily = Chaque jour
event-repeat-weekly = Chaque semaine
event-repeat-monthly-weekday = Chaque mois, le même jour de la semaine (ex. le premier jeudi)
event-repeat-monthly-date = Chaque mois, à la même date (ex. le 15)
event-repeat-yearly = Chaque année
event-repeat-custom = Règle personnalisée (RFC 5545)
event-repeat-interval = Toutes les … (1 : chaque fois, 2 : une fois sur deux)
event-repeat-interval-hint = En jours, semaines, mois ou années selon la répétition.
event-repeat-days = Les jours (chaque semaine)
event-repeat-end = Fin de la répétition
event-repeat-end-never = Sans fin
event-repeat-end-count = Après un nombre de fois
event-repeat-end-until = Jusqu’à une date
event-repeat-count = Nombre de fois
event-repeat-until = Dernier jour
event-repeat-except = Exceptions
event-repeat-except-hint = Les jours où l’événement n’a pas lieu (vacances, jour férié).
event-repeat-except-1 = Pas le
event-repeat-except-2 = Ni le
event-repeat-except-3 = Ni le
event-repeat-advanced = Règle personnalisée et autres exceptions
event-error-repeat = Choisissez une répétition de la liste.
event-error-repeat-interval = Un nombre entier de 1 à 52.
event-error-repeat-count = Un nombre de fois de 1 à 1 000.
event-error-repeat-until = Une date, au plus tôt celle du début.
day-mo = lundi
day-tu = mardi
day-we = mercredi
day-th = jeudi
day-fr = vendredi
day-sa = samedi
day-su = dimanche
agenda-next-dates = Prochaines dates :
agenda-more-dates = { $n ->
    [one] et une autre date
   *[other] et { $n } autres dates
}
event-several-a-day = Plusieurs fois par jour (par exemple une visite guidée toutes les heures)
event-error-rrule-several-a-day = Cette règle donne plusieurs dates le même jour : cochez « Plusieurs fois par jour » si c’est voulu.
