-- The triggers of attendance_sheet_scan.

CREATE OR REPLACE TRIGGER attendance_sheet_scan_acting_staff BEFORE INSERT ON attendance_sheet_scan FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();
