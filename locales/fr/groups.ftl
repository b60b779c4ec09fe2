# Groupes (clubs, commissions, conseils), réunions, décisions, actions, documents.
groups-attach-one = Rattachez le groupe à un seul lieu, réseau ou projet.
groups-projects-unavailable = Les projets ne sont pas encore disponibles (projects are not available yet).
groups-unknown-parent = Lieu, réseau, projet ou réunion introuvable.
groups-url-invalid = Indiquez un lien web commençant par https://.
groups-instant-invalid = Date ou heure invalide.
groups-date-invalid = Date invalide (format AAAA-MM-JJ).
groups-ends-before-start = La fin doit suivre le début (24 heures au plus).
groups-unknown-user = Personne introuvable : elle doit avoir un compte.
groups-rrule-invalid = Règle de récurrence invalide (exemple : FREQ=MONTHLY;BYDAY=1TH).
documents-scope-one = Rattachez le document à un seul groupe, lieu ou réseau.
documents-file-required = Choisissez un fichier.
documents-file-too-large = Fichier trop volumineux (10 Mio au plus).
documents-file-type = Type de fichier non accepté : PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, texte, CSV ou Markdown.
