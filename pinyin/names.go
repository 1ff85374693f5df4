package pinyin

import (
	"math"
	"strings"
)

// surnames are common Chinese family names, roughly most common first.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

// givenChars are characters often found in the given names of young
// children and their parents, roughly most common first.
const givenChars = "子梓涵轩浩宇欣怡一诺依晨泽睿博文思雨佳可嘉俊杰明小若诗紫芷瑶琪萱然彤雅婷语汐沐辰宸煜熙铭昊天宁安乐悦心妍芯玥馨淑慧静丽美玉雪冰清晓楠航鑫磊鹏飞翔宏伟勇强刚军平华国建志永海峰成兴凯哲瀚奕皓逸锦承宥恩禾苒沫希柠乔初念星月朵果豆贝甜暖菲蕊芮桐瑾瑜琳璐露岚蓝凡帆远源霖林森杨柏松景毅恒诚信立骏驰阳旭朗帅豪斌健康福贵祥瑞仁义彦君钰灵羽翊翰墨书言程致芳秀英兰娟霞燕红梅艳敏玲桂珍凤莉萍洁琴云莲真环秋菊春亮涛辉东明波斌超刚健江浩龙泉金山茜颖晴朝琦艺嫣婉柔姗娜婧懿蕾薇筱笑萌童宝多鸣晴"

var (
	surnameRank = rankOf(surnames)
	givenRank   = rankOf(givenChars)
)

func rankOf(s string) map[rune]int {
	m := map[rune]int{}
	for i, r := range []rune(s) {
		if _, ok := m[r]; !ok {
			m[r] = i
		}
	}
	return m
}

// In a name, a listed character scores by its rank (a Zipf curve from
// nameTop), any other single character by its text frequency less
// penUnlisted, and a dictionary phrase less penPhraseInName: names are
// made of characters, not of everyday words.
const (
	nameTop         = -2.5
	penUnlisted     = 4.0
	penPhraseInName = 3.0
)

// nameBonus is what mode adds to the text frequency of word text found at
// position start of the input (0: where a surname is).
func nameBonus(mode Mode, text string, start int) float64 {
	if mode != ModeName && mode != ModeGivenName {
		return 0
	}
	rs := []rune(text)
	if len(rs) > 1 {
		return -penPhraseInName
	}
	ranks := givenRank
	if start == 0 && mode == ModeName {
		ranks = surnameRank
	}
	r, ok := ranks[rs[0]]
	if !ok {
		return -penUnlisted
	}
	// The bonus replaces the text frequency: see nameScore.
	return nameScore(r) - textLogp(rs[0])
}

func nameScore(rank int) float64 { return nameTop - math.Log(1+float64(rank)) }

// textLogp is a character's best log frequency in the dictionary.
func textLogp(c rune) float64 {
	if lp, ok := loadedDict.charLogp[c]; ok {
		return lp
	}
	return math.Log(1 / loadedDict.total)
}

// splitName separates a full name into surname and given name: a two-
// character surname when the name starts with a common one, else one.
func splitName(name string) (string, string) {
	rs := []rune(name)
	if len(rs) < 2 {
		return name, ""
	}
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) && len(rs) > 2 {
			return c, string(rs[2:])
		}
	}
	return string(rs[:1]), string(rs[1:])
}

var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯"}
