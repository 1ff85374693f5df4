package countyweb

import "carekiosk/model"

// texts are the page's words, Chinese first; the English setting swaps
// them. Keys are used by the templates as {{.T.key}}.
var texts = map[string][2]string{
	"lang":                           {"zh-CN", "en"},
	"app":                            {"县妇计中心 · 养育照护小组活动", "County center · care group sessions"},
	"board":                          {"各单位情况", "All units"},
	"otherLang":                      {"English", "中文"},
	"otherLangCode":                  {"en", "zh"},
	"year":                           {"年度", "Year"},
	"order":                          {"序号", "No."},
	"unit":                           {"单位", "Unit"},
	"quota":                          {"任务数", "Quota"},
	"held":                           {"已开展", "Held"},
	"progress":                       {"完成情况", "Progress"},
	"lastBundle":                     {"最近数据包", "Last bundle"},
	"gaps":                           {"缺号", "Missing bundles"},
	"reporting":                      {"上报", "Reporting"},
	"reportingLegend":                {"上报：单位从登记第一个站点的当月起每月应报（次月截止日前）；之前的月份不要求上报，不算逾期（“未启用”）。“某年某月起应报”：还没有到期的月份；“未登记站点”：该单位还没有登记站点，不要求上报。", "Reporting: a unit owes a monthly report (due by the plan's day of the next month) from the month its first station was registered; months before are not required and never late (“not required”). “Reports owed from …”: none is due yet; “no station registered”: the unit has no station yet and owes no report."},
	"none":                           {"无", "none"},
	"noBundle":                       {"尚未收到", "none received"},
	"covered":                        {"已由后来的数据包覆盖", "covered by a later bundle"},
	"notCovered":                     {"请向站点索取", "ask the station"},
	"stations":                       {"站点", "Stations"},
	"import":                         {"导入数据包", "Import bundles"},
	"importHelp":                     {"把U盘里的站点数据包（.zip.age 或 .zip）拖到这里，或点“选择文件”。可一次选多个。", "Drop the stations' bundles (.zip.age or .zip) from the USB stick here, or use “Choose files”. Several at once are fine."},
	"choose":                         {"选择文件", "Choose files"},
	"doImport":                       {"导入", "Import"},
	"importReport":                   {"导入结果", "Import report"},
	"file":                           {"文件", "File"},
	"station":                        {"站点", "Station"},
	"sequence":                       {"编号", "No."},
	"result":                         {"结果", "Result"},
	"refused":                        {"已拒绝，未导入任何内容", "refused, nothing imported"},
	"duplicate":                      {"已导入过，未作改动", "already imported, nothing changed"},
	"counts":                         {"新增 %d，更改 %d，未变 %d", "new %d, changed %d, unchanged %d"},
	"older":                          {"较旧未采用 %d", "older, kept the newer %d"},
	"missingNo":                      {"缺少第 %d 号", "bundle %d missing"},
	"noFiles":                        {"没有选择文件", "no file chosen"},
	"back":                           {"返回", "Back"},
	"downloads":                      {"下载", "Downloads"},
	"reportBook":                     {"全县报表（Excel）", "County report (Excel)"},
	"reportHelp":                     {"活动统计表（含单位）、任务完成情况、上报情况、每月活动图。起止日期留空：计划第一年起至今天。", "Statistics table with the unit, quota progress, reporting, monthly chart. Leave the dates empty for the plan's first year to today."},
	"from":                           {"开始日期", "From"},
	"to":                             {"结束日期", "To"},
	"download":                       {"下载", "Download"},
	"sessions":                       {"活动", "Sessions"},
	"date":                           {"活动日期", "Date"},
	"location":                       {"活动地点", "Location"},
	"title":                          {"活动标题", "Title"},
	"band":                           {"活动月龄", "Age band"},
	"families":                       {"参与家庭（组）", "Families"},
	"signIns":                        {"签到儿童", "Children"},
	"state":                          {"状态", "State"},
	"open":                           {"查看", "Open"},
	"noSessions":                     {"还没有活动记录", "no sessions yet"},
	"bundles":                        {"收到的数据包", "Bundles received"},
	"created":                        {"站点生成", "Made at station"},
	"received":                       {"导入时间", "Imported"},
	"sealed":                         {"加密", "Sealed"},
	"yes":                            {"是", "yes"},
	"no":                             {"否", "no"},
	"record":                         {"活动记录表", "Activity record"},
	"signInSheet":                    {"活动签到表", "Sign-in sheet"},
	"instructor":                     {"健康指导员", "Instructor"},
	"origin_" + model.OriginBackfill: {"纸质补录：这场活动在纸上进行，之后依据纸质活动记录和签到表录入", "Backfilled from paper (纸质补录): held on paper, entered afterwards from its record and sign-in sheet"},
	"origin_" + model.OriginImported: {"纸质记录导入：来自站点往年的签到表或统计表", "Imported from paper (纸质记录导入): from the station's old sheets"},
	"ageDist":                        {"月龄分布", "Age distribution"},
	"summary":                        {"活动总结", "Summary"},
	"corrections":                    {"更正记录", "Corrections"},
	"signInNotes":                    {"签到的撤销与更正", "Sign-ins withdrawn or corrected"},
	"seq":                            {"序号", "No."},
	"child":                          {"儿童姓名", "Child"},
	"age":                            {"儿童年龄", "Age"},
	"phone":                          {"联系电话", "Phone"},
	"relation":                       {"养育人与儿童关系", "Relation"},
	"signature":                      {"家长签字", "Signature"},
	"formsBook":                      {"本次活动的记录表和签到表（Excel）", "This session's record and sign-in sheet (Excel)"},
	"noSignIns":                      {"本次活动无人签到", "nobody signed in"},
	"notFound":                       {"找不到这个页面", "page not found"},
	"crossOrigin":                    {"请求来自其他网站，已拒绝", "a request from another site was refused"},
	"error":                          {"出错了，请重试；如果还不行，请联系技术人员", "something went wrong; try again, or contact support"},
	"tooLarge":                       {"上传的文件太大", "the upload is too large"},
	"badDate":                        {"日期格式应为 YYYY-MM-DD", "dates are written YYYY-MM-DD"},
}

// words returns the texts of a language.
func words(lang model.Lang) map[string]string {
	i := 0
	if lang.English() {
		i = 1
	}
	out := make(map[string]string, len(texts)+len(historyTexts))
	for _, m := range []map[string][2]string{texts, historyTexts} {
		for k, v := range m {
			out[k] = v[i]
		}
	}
	return out
}

var wordsZH, wordsEN = words("zh"), words("en")

// wordsFor returns the cached texts of lang.
func wordsFor(lang model.Lang) map[string]string {
	if lang.English() {
		return wordsEN
	}
	return wordsZH
}
