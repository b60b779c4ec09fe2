-- Bookings, issue 17 point 5: a space's opening hours stay within its place's hours unless a
-- manager says so ("au-delà des horaires du lieu"); the bookings of a space without this flag
-- are refused outside the place's hours as outside the space's own.
ALTER TABLE spaces ADD COLUMN beyond_place_hours BOOLEAN NOT NULL DEFAULT FALSE;
