-- Every version of the guardian notice (签到须知) ever shown, in full, in
-- both languages, so the words a caregiver agreed to (the version recorded
-- with the sign-in and the consent) can be shown later and travel in the
-- bundle. {unit}, {phone} and {years} stand for the unit, the station phone
-- and the retention of the settings, as the notice is shown. A new version
-- of the notice comes with a new migration that adds its words. Kept
-- forever.
CREATE TABLE consent_notices (
	version TEXT NOT NULL,
	lang    TEXT NOT NULL CHECK (lang IN ('zh','en')),
	text    TEXT NOT NULL,
	PRIMARY KEY (version, lang)
);
CREATE TRIGGER consent_notices_no_update BEFORE UPDATE ON consent_notices
BEGIN SELECT RAISE(ABORT, 'consent notices are permanent'); END;
CREATE TRIGGER consent_notices_no_delete BEFORE DELETE ON consent_notices
BEGIN SELECT RAISE(ABORT, 'consent notices are permanent'); END;

INSERT INTO consent_notices (version, lang, text) VALUES
	('2026-11-v1', 'zh', '签到须知
用途：记录孩子参加本次养育照护小组活动，统计活动情况并按规定上报。
保存内容：孩子姓名、出生日期或月龄、联系电话、与孩子的关系和您的签名。
保存多久：随活动记录保存 3 年。
谁能看到：本站健康指导员、所属卫生院和县妇计中心的工作人员；不提供给其他人，也不在其他家庭的手机上显示。
我是孩子的监护人，已阅读并同意记录孩子的以上信息'),
	('2026-11-v1', 'en', 'About your information
Purpose: to record the child''s attendance at this care group session, count sessions and report them as required.
What is kept: the child''s name, date of birth or age in months, your phone number, your relation to the child and your signature.
How long: 3 years, with the session records.
Who sees it: this station''s health instructors and the staff of its health centre and the county center; nobody else, and never on another family''s phone.
I am the child''s guardian; I have read this and agree to the child''s information above being recorded');
INSERT INTO consent_notices (version, lang, text) VALUES
	('2026-11-v2', 'zh', '签到须知
处理者：{unit}（本站）。联系方式：{phone}。
用途：记录孩子参加本次养育照护小组活动，统计活动情况并按规定上报。
保存内容：孩子姓名、出生日期或月龄、联系电话、与孩子的关系和您的签名。
保存多久：自孩子最后一次参加活动起 {years} 年，之后姓名、电话、出生日期和签名被删除，只留下不能识别个人的统计数字。
谁能看到：本站健康指导员、所属卫生院和县妇计中心的工作人员；不提供给其他人，也不在其他家庭的手机上显示。
您的权利：可随时请本站健康指导员查看并拷贝本站保存的您家全部信息、更正错误，或删除您家的信息并撤回同意；删除同样转告县妇计中心。
我是孩子的监护人，已阅读并同意记录孩子的以上信息'),
	('2026-11-v2', 'en', 'About your information
Processed by: {unit} (this station). Contact: {phone}.
Purpose: to record the child''s attendance at this care group session, count sessions and report them as required.
What is kept: the child''s name, date of birth or age in months, your phone number, your relation to the child and your signature.
How long: {years} years after the child''s last session; then names, phone numbers, birth dates and signatures are erased and only counts that identify nobody remain.
Who sees it: this station''s health instructors and the staff of its health centre and the county center; nobody else, and never on another family''s phone.
Your rights: ask this station''s health instructor at any time to see and take a copy of everything held about your family, to correct a mistake, or to erase your family''s data and withdraw consent; an erasure is passed on to the county center too.
I am the child''s guardian; I have read this and agree to the child''s information above being recorded');
