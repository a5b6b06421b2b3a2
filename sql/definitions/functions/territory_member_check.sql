CREATE OR REPLACE FUNCTION territory_member_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    grouping_kind text;
    member_kind text;
BEGIN
    SELECT kind INTO grouping_kind FROM territory WHERE id = NEW.grouping_id;
    SELECT kind INTO member_kind FROM territory WHERE id = NEW.member_id;
    -- Only Pays, Parcs and EPCIs group, only EPCIs and communes are grouped, an EPCI only communes:
    -- no cycle can form.
    IF grouping_kind NOT IN ('pays', 'park', 'epci') OR member_kind NOT IN ('epci', 'commune')
       OR (grouping_kind = 'epci' AND member_kind <> 'commune') THEN
        RAISE EXCEPTION 'a % cannot group a %', grouping_kind, member_kind
            USING ERRCODE = 'PA001', DETAIL = 'territory_grouping_kind';
    END IF;
    RETURN NEW;
END
$$;
