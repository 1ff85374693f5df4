package export

import "testing"

// TestPercentValue: the streamed sheets store a completion rate as the
// sheets set cell by cell stored it (four decimals, a tie to even).
func TestPercentValue(t *testing.T) {
	for _, c := range []struct {
		held, quota int
		want        float64
	}{{1, 32, 0.0312}, {3, 32, 0.0938}, {5, 7, 0.7143}, {7, 7, 1}, {0, 9, 0}} {
		if got := percentValue(c.held, c.quota); got != c.want {
			t.Errorf("%d/%d: %v, want %v", c.held, c.quota, got, c.want)
		}
	}
}
