# Invités : s'inscrire à un événement ouvert au public sans compte (issue 17 point 3).
guest-form-title = Sans compte : s'inscrire comme invité·e
guest-form-hint = Indiquez votre nom et votre adresse e-mail : vous recevrez un lien pour confirmer votre inscription. Votre adresse n'est jamais affichée.
guest-name = Votre nom
guest-email = Votre adresse e-mail
guest-submit = Recevoir le lien de confirmation
guest-check-email-title = Vérifiez vos e-mails
guest-check-email-text = Un lien pour confirmer votre inscription vient de vous être envoyé. Il est valable 48 heures ; votre place n'est réservée qu'une fois l'inscription confirmée.
guest-confirm-title = Confirmer votre inscription
guest-confirm-for = Inscription au nom de { $name }.
guest-confirm-submit = Confirmer mon inscription
guest-confirmed-title = Inscription confirmée
guest-confirmed-text = Votre place est réservée. Un e-mail de confirmation vous a été envoyé, avec le lien pour annuler sans compte et l'événement à ajouter à votre agenda.
guest-full-title = Événement complet
guest-full-text = Désolé : toutes les places ont été prises avant votre confirmation. Votre inscription n'a pas été enregistrée.
guest-already-title = Inscription déjà confirmée
guest-already-text = Ce lien a déjà servi. L'e-mail de confirmation contient le lien pour annuler.
guest-closed-title = Inscriptions fermées
guest-closed-text = Cet événement n'accepte plus d'inscriptions à cette date.
guest-see-event = Voir l'événement
guest-account-title = Créer mon compte
guest-account-offer = Avec un compte, retrouvez vos inscriptions et inscrivez-vous en un clic. Votre nom et votre adresse sont déjà remplis : il ne reste qu'à choisir un mot de passe.
guest-account-link = Créer mon compte en un clic
guest-account-intro = Votre inscription à « { $title } » sera rattachée à votre nouveau compte.
guest-account-submit = Créer mon compte
guest-account-exists = Un compte utilise déjà cette adresse : connectez-vous.
flash-guest-account = Votre compte est créé et votre inscription y est rattachée.
guest-mail-confirm-subject = Confirmez votre inscription : { $title }
guest-mail-confirm-body =
    Bonjour { $name },

    Pour confirmer votre inscription à « { $title } » ({ $when }), ouvrez ce lien (valable 48 heures) :
    { $link }

    Votre place n'est réservée qu'une fois l'inscription confirmée. Si vous n'avez rien demandé, ignorez ce message.
guest-mail-confirmed-body =
    Bonjour { $name },

    Votre inscription à « { $title } » ({ $when }) est confirmée. Le fichier joint l'ajoute à votre agenda.
    { $link }

    Pour annuler votre inscription, sans compte :
    { $cancel }

    Pour créer votre compte en un clic (votre inscription y sera rattachée) :
    { $account }
# Connexion freinée pour un compte (auth::throttle), avec le délai restant.
login-too-many-wait = Trop de tentatives pour ce compte : réessayez dans { $minutes } minute(s).
attendees-guests = Invité·es sans compte (confirmé·es)
# Mon espace (space.rs).
space-title = Mon espace
space-account = Mon compte (profil, mot de passe, données)
space-tasks = En attente de moi
space-no-task = Rien ne vous attend pour le moment.
space-pending-bookings = { $n ->
    [one] Une réservation à décider
   *[other] { $n } réservations à décider
}
space-actions = { $n ->
    [one] Une action qui vous est confiée
   *[other] { $n } actions qui vous sont confiées
}
space-registrations = Mes prochaines inscriptions
space-no-registration = Aucune inscription à venir.
space-all-registrations = Toutes mes inscriptions ({ $n })
space-bookings = Mes prochaines réservations
space-no-booking = Aucune réservation à venir.
space-all-bookings = Toutes mes réservations ({ $n })
space-managed = Lieux et réseaux que je gère
# Mon espace: the moderation queues (issue 17 point 3)
space-queue-places = { $n ->
    [one] Un lieu à modérer
   *[other] { $n } lieux à modérer
}
space-queue-proposals = { $n ->
    [one] Une modification de fiche proposée
   *[other] { $n } modifications de fiches proposées
}
space-queue-place-claims = { $n ->
    [one] Une revendication de lieu
   *[other] { $n } revendications de lieux
}
space-queue-actor-claims = { $n ->
    [one] Une revendication de fiche acteur
   *[other] { $n } revendications de fiches acteurs
}
space-queue-posts = { $n ->
    [one] Une annonce signalée
   *[other] { $n } annonces signalées
}
space-queue-messages = { $n ->
    [one] Un message signalé
   *[other] { $n } messages signalés
}
space-queue-join-requests = { $n ->
    [one] Une demande d'adhésion
   *[other] { $n } demandes d'adhésion
}
space-groups = Mes groupes
space-no-group = Vous n'êtes membre d'aucun groupe.
space-all-groups = Tous mes groupes ({ $n })
# The reminder a confirmed guest receives the day before (events::service::guests).
guest-mail-reminder-body =
    Bonjour { $name },

    Petit rappel : « { $title } » a lieu { $when }.
    { $link }

    Si vous ne pouvez plus venir, libérez votre place avec le lien d'annulation de votre courriel de confirmation.

    — Maillage
