# Lieux : photos, avancement des imports, liste d'administration.
place-photos-title = Photos du lieu
place-photos-intro = Les photos apparaissent sur la fiche du lieu ; la première sert de vignette dans l'annuaire.
place-photos-manage = Gérer les photos
admin-places-title = Lieux à gérer
