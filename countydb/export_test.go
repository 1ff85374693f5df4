package countydb

// SetStreamBatch sets how many sessions ReportStream hands over at a
// time, for tests that need many batches from few sessions; it returns
// the size before.
func SetStreamBatch(n int) int {
	old := streamBatch
	streamBatch = n
	return old
}
