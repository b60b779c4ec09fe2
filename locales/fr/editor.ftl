# The rich-text editor (templates/rich_editor.html, static/editor.js).
rich-toolbar = Mise en forme
rich-bold = Gras
rich-italic = Italique
rich-heading = Intertitre
rich-list = Liste
rich-numbered = Liste numérotée
rich-link = Lien
rich-preview = Aperçu
rich-preview-label = Aperçu du texte mis en forme
rich-text-placeholder = texte
rich-link-placeholder = texte du lien
rich-loading = Préparation de l'aperçu…
rich-empty = Rien à afficher : le texte est vide.
rich-error = L'aperçu n'a pas pu être préparé ; le texte sera mis en forme à l'enregistrement.
