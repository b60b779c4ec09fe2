# Places: photos, import progress, administration list.
place-photos-title = Photos of the place
place-photos-intro = Photos appear on the place's page; the first one is the thumbnail in the directory.
place-photos-manage = Manage photos
admin-places-title = Places to manage
