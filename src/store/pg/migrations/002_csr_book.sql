-- The CSR book (what was asked of the carriers and what they sent back, by BTN) is a state row
-- like the inventory: one JSON document with a revision.
ALTER TABLE portwiz_state DROP CONSTRAINT portwiz_state_kind_check;
ALTER TABLE portwiz_state ADD CONSTRAINT portwiz_state_kind_check
    CHECK (kind IN ('inventory', 'clock', 'csr'));
