package countydb

// SetStreamBatch sets how many sessions ReportStream hands over at a
// time, for tests that need many batches from few sessions; it returns
// the size before.
func SetStreamBatch(n int) int {
	old := streamBatch
	streamBatch = n
	return old
}

// ExecForTest runs a statement on the writer connection, for tests that
// must make a state no import makes.
func (d *DB) ExecForTest(q string, args ...any) error {
	_, err := d.w.Exec(q, args...)
	return err
}
