package export

import (
	"sort"

	"carekiosk/model"
)

// CheckChain checks that verified bundles of one station follow each other
// with no gap: numbered 1, 2, 3 … (or a later run of numbers, when earlier
// bundles were imported before) and each naming the SHA-256 of the one
// before it as previous_sha256. The county import runs it over what it
// received; the error names the missing or replaced bundle.
func CheckChain(bundles []*BundleInfo) error {
	if len(bundles) == 0 {
		return nil
	}
	bs := append([]*BundleInfo(nil), bundles...)
	sort.Slice(bs, func(i, j int) bool { return bs[i].Manifest.Sequence < bs[j].Manifest.Sequence })
	station := bs[0].Manifest.StationID
	for i, b := range bs {
		m := b.Manifest
		if m.StationID != station {
			return model.Errorf(model.EINVALID, "数据包来自不同站点（%s 与 %s），请按站点分别检查", "the bundles come from different stations (%s and %s); check each station's on its own", station, m.StationID)
		}
		if i == 0 {
			if m.Sequence == 1 && m.PreviousSHA256 != "" {
				return model.Errorf(model.EINVALID, "第 1 号数据包不应有上一个数据包", "bundle 1 must not name a previous bundle")
			}
			continue
		}
		prev := bs[i-1]
		switch {
		case m.Sequence == prev.Manifest.Sequence:
			return model.Errorf(model.EINVALID, "有两个第 %d 号数据包", "there are two bundles numbered %d", m.Sequence)
		case m.Sequence != prev.Manifest.Sequence+1:
			return model.Errorf(model.EINVALID, "缺少第 %d 号数据包（收到第 %d 号之后是第 %d 号）", "bundle %d is missing (after %d comes %d)", prev.Manifest.Sequence+1, prev.Manifest.Sequence, m.Sequence)
		case m.PreviousSHA256 != prev.SHA256:
			return model.Errorf(model.EINVALID, "第 %d 号数据包的上一个不是收到的第 %d 号（被替换或另有一份）", "bundle %d does not follow the bundle %d received (it was replaced, or there is another copy)", m.Sequence, prev.Manifest.Sequence)
		}
	}
	return nil
}
