package export

import (
	"sort"

	"carekiosk/model"
)

// CheckChain checks that verified bundles of one station follow each other
// with no gap: numbered 1, 2, 3 … (or a later run of numbers, when earlier
// bundles were imported before) and each naming the SHA-256 of the one
// before it as previous_sha256. The newest must be whole (Manifest.Whole):
// only a whole bundle promises every record up to its date, so a chain
// ending in a partial bundle of an older carekiosk (a date-range export)
// does not hold the station's records; the next export, always whole,
// completes it. The county import runs it over what it received; the error
// names the missing, replaced or partial bundle.
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
	if last := bs[len(bs)-1].Manifest; !last.Whole() {
		return model.Errorf(model.EINVALID, "最新的第 %d 号数据包只含 %s 的记录，不是完整的数据包（旧版 carekiosk 按日期范围导出）；请站点再导出一次（新的数据包总是完整的）", "the newest bundle, %d, holds only the records of %s and is not whole (an older carekiosk's date-range export); ask the station to export again (new bundles are always whole)", last.Sequence, rangeOf(last))
	}
	return nil
}

// rangeOf says which dates a manifest's records cover.
func rangeOf(m Manifest) string {
	from, to := m.From, m.To
	if from == "" {
		from = "…"
	}
	if to == "" {
		to = "…"
	}
	return from + " .. " + to
}

// StationChain is one station's bundles, in sequence order, and what
// CheckChain found in them (Err nil: they follow each other).
type StationChain struct {
	StationID string
	Station   string
	Unit      string
	Bundles   []*BundleInfo
	Err       error
}

// CheckChains checks the bundles of several stations — a county inbox — one
// station's chain at a time, stations in the order they first appear.
func CheckChains(bundles []*BundleInfo) []StationChain {
	var out []StationChain
	index := map[string]int{}
	for _, b := range bundles {
		id := b.Manifest.StationID
		i, ok := index[id]
		if !ok {
			i = len(out)
			index[id] = i
			out = append(out, StationChain{StationID: id, Station: b.Manifest.Station, Unit: b.Manifest.Unit})
		}
		out[i].Bundles = append(out[i].Bundles, b)
	}
	for i := range out {
		c := &out[i]
		sort.SliceStable(c.Bundles, func(a, b int) bool { return c.Bundles[a].Manifest.Sequence < c.Bundles[b].Manifest.Sequence })
		c.Err = CheckChain(c.Bundles)
	}
	return out
}
