-- The triggers of carrier_event.

CREATE OR REPLACE TRIGGER carrier_event_acting_staff BEFORE INSERT ON carrier_event FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();
