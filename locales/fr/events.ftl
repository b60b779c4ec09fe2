# Agenda : compléments (image, espaces, import par URL).
event-space = Espace
event-space-hint = La salle où il se tient, parmi celles du lieu qui l'accueille (facultatif).
event-space-none = — Aucun espace en particulier —
event-error-space = Choisissez un des espaces du lieu qui accueille l'événement.
event-image = Image
event-image-none = Pas encore d'image.
event-image-alt-hint = Ce qu'on y voit, pour les personnes qui ne voient pas l'image (obligatoire si vous ajoutez une image).
event-image-add = Ajouter l'image
event-image-replace = Remplacer l'image
event-image-delete = Supprimer l'image
flash-event-image-saved = Image enregistrée.
flash-event-image-deleted = Image supprimée.
import-url = Ou l'adresse (URL) d'un agenda iCalendar
import-url-hint = Une adresse http:// ou https:// qui renvoie un fichier .ics (10 Mo au plus). Réimporter met à jour les mêmes événements.
import-error-url = Adresse invalide : elle doit commencer par http:// ou https://.
import-error-url-blocked = Cette adresse mène à un réseau privé ou local : elle est refusée.
import-error-url-unresolved = Ce nom de domaine est introuvable.
import-error-url-redirects = Trop de redirections (5 au plus).
import-error-url-timeout = Le serveur n'a pas répondu dans les 15 secondes.
import-error-url-too-large = Le fichier dépasse 10 Mo.
import-error-url-status = Le serveur a refusé de donner le fichier.
import-error-url-network = Connexion au serveur impossible.
import-error-url-not-ics = Le contenu téléchargé n'est pas un fichier iCalendar (.ics).
event-error-host-place = Ce lieu n'existe pas.
event-error-host-place-rights = Vous ne gérez pas ce lieu : un événement ne peut être accueilli que dans un lieu que vous gérez.
event-error-network-place = Ce lieu n'appartient pas à ce réseau : son événement ne peut pas paraître dans l'agenda du réseau.
event-error-capacity-below-confirmed = Des inscriptions confirmées dépassent cette capacité : annulez-en d'abord, ou gardez une capacité au moins égale aux places confirmées.
event-host-place = Lieu d'accueil
event-host-place-hint = Pour un événement « au lieu » : le lieu qui l'accueille, s'il ne s'agit pas du lieu organisateur.
event-host-place-default = — Le lieu organisateur —

# E-mails de l'agenda (les inscrit·es, dans leur langue).
event-mail-moved-subject = Changement d'horaire : { $title }
event-mail-moved-body =
    Bonjour,

    Les dates de « { $title } » ont changé : désormais { $when }{ $recurring ->
        [yes] { " " }(puis selon la récurrence)
       *[no] { "" }
    }.

    Vérifiez votre inscription : { $link }

    — Maillage
event-mail-dropped-subject = Inscription annulée : { $title }
event-mail-dropped-body =
    Bonjour,

    L'organisateur a annulé votre inscription à « { $title } » ({ $when }).

    { $link }

    — Maillage
event-mail-cancelled-subject = Annulé : { $title }
event-mail-cancelled-body =
    Bonjour,

    L'événement « { $title } » est annulé.

    Motif : { $reason }

    Nous sommes désolés pour la gêne occasionnée.

    — Maillage
event-mail-reminder-subject = Rappel : { $title } demain
event-mail-reminder-body =
    Bonjour,

    Petit rappel : « { $title } » a lieu { $when }.

    { $link }

    Si vous ne pouvez plus venir, annulez votre inscription pour libérer la place : { $cancel }

    — Maillage
event-mail-confirmed-subject = Inscription confirmée : { $title }
event-mail-confirmed-text = Votre inscription à « { $title } » ({ $when }) est confirmée. Le fichier joint l'ajoute à votre agenda.
event-mail-waitlisted-subject = Liste d'attente : { $title }
event-mail-waitlisted-text = « { $title } » ({ $when }) est complet : vous êtes sur la liste d'attente. Nous vous écrirons si une place se libère.
event-mail-pending-subject = Inscription reçue : { $title }
event-mail-pending-text = Votre demande d'inscription à « { $title } » ({ $when }) attend la validation de l'organisateur.
event-mail-refused-subject = Inscription non retenue : { $title }
event-mail-refused-text = L'organisateur n'a pas pu retenir votre inscription à « { $title } » ({ $when }).
event-mail-promoted-subject = Une place s'est libérée : { $title }
event-mail-promoted-text = Bonne nouvelle : une place s'est libérée, votre inscription à « { $title } » ({ $when }) est confirmée. Le fichier joint l'ajoute à votre agenda.
# { $text } : une des phrases event-mail-…-text ci-dessus ; { $cancel } : event-mail-cancel-with-link ou event-mail-cancel.
event-mail-status-body =
    Bonjour,

    { $text }

    L'événement : { $link }

    { $cancel }

    — Maillage
event-mail-cancel-with-link =
    Pour annuler votre inscription, sans vous connecter :
    { $link }
event-mail-cancel = Pour annuler votre inscription : { $link }
event-space-seats = Places de l'espace occupées
event-space-seats-hint = Laisser vide : l'événement occupe tout l'espace. Sinon, le nombre de places qu'il prend (les autres restent réservables).
event-error-space-seats = Indiquez un nombre de places entre 1 et la capacité de l'espace.
