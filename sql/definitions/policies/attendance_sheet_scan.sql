-- Row-level security on attendance_sheet_scan: who reads and writes which rows.
ALTER TABLE attendance_sheet_scan ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance_sheet_scan FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS attendance_sheet_scan_add ON attendance_sheet_scan;
CREATE POLICY attendance_sheet_scan_add ON attendance_sheet_scan FOR INSERT TO parcours_app
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS attendance_sheet_scan_read ON attendance_sheet_scan;
CREATE POLICY attendance_sheet_scan_read ON attendance_sheet_scan FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
