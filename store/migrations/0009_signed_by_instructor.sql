-- A family signing in at the kiosk (a family card scanned, or a family
-- found by phone or name) signs with a typed name; when the instructor signs
-- for a caregiver who cannot, the sign-in says so, and the 签到表 writes
-- 指导员代签 in 家长签字.
ALTER TABLE sign_ins ADD COLUMN signed_by_instructor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE withdrawn_sign_ins ADD COLUMN signed_by_instructor INTEGER NOT NULL DEFAULT 0;
