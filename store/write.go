package store

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"carekiosk/model"
)

// maxBatch bounds how many writes share one transaction.
const maxBatch = 128

// writeReq is one unit of work for the committer. fn runs inside a savepoint
// of the batch transaction; err is sent on done after the batch commits (or
// fails).
type writeReq struct {
	ctx  context.Context
	fn   func(tx *txn) error
	done chan error
	// small: fn changes only a few pages of the file (one sign-in), so the
	// copies of them its savepoint keeps may stay in memory.
	small bool
}

// write runs fn in a durable transaction shared with any writes that arrive
// at the same time. It returns after the transaction has committed (fn's
// effects are on disk) or failed (nothing of fn's is stored). fn runs once
// and is never retried; it must not keep tx.
func (s *Store) write(ctx context.Context, fn func(tx *txn) error) error {
	return s.send(&writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

// writeSmall is write for a fn that changes only a few pages of the file,
// whatever the database's size: one sign-in, never a bulk change.
func (s *Store) writeSmall(ctx context.Context, fn func(tx *txn) error) error {
	return s.send(&writeReq{ctx: ctx, fn: fn, done: make(chan error, 1), small: true})
}

func (s *Store) send(req *writeReq) error {
	if s.reqs == nil {
		return model.Errorf(model.ESTORAGE, "数据库以只读方式打开", "the database is open read-only")
	}
	select {
	case s.reqs <- req:
	case <-req.ctx.Done():
		return req.ctx.Err()
	case <-s.closed:
		return model.Errorf(model.ESTORAGE, "数据库已关闭", "the database is closed")
	}
	// Once queued the request is answered only by the committer, so the
	// caller never mistakes a committed write for a failed one. Should the
	// committer have stopped before taking it, nothing of it was written.
	select {
	case err := <-req.done:
		return err
	case <-s.closed:
		select {
		case err := <-req.done:
			return err
		default:
			return model.Errorf(model.ESTORAGE, "数据库已关闭，本次记录未保存", "the database is closed; this record was not saved")
		}
	}
}

// committer owns the writer connection. It takes one request, gathers any
// others already waiting, and runs them in one IMMEDIATE transaction, each in
// its own savepoint so one bad request does not spoil the others.
func (s *Store) committer() {
	defer close(s.closed)
	for {
		var first *writeReq
		select {
		case first = <-s.reqs:
		case <-s.done:
			s.drain()
			return
		}
		batch := []*writeReq{first}
	gather:
		for len(batch) < maxBatch {
			select {
			case r := <-s.reqs:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		s.runBatch(batch)
	}
}

func (s *Store) drain() {
	for {
		select {
		case r := <-s.reqs:
			s.runBatch([]*writeReq{r})
		default:
			return
		}
	}
}

// runBatch runs the batch in one transaction on the writer connection, each
// request in its own savepoint when there are several, and answers every
// request once the transaction has committed or failed.
func (s *Store) runBatch(batch []*writeReq) {
	defer s.prepareLater()
	ctx := context.Background()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		answer(batch, nil, storageErr(err))
		return
	}
	defer release(ctx, conn, smallJournal(ctx, conn, batch))
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		answer(batch, nil, storageErr(err))
		return
	}
	t := &txn{Tx: tx, s: s, stmts: map[string]*sql.Stmt{}}
	results, rolledBack := t.runAll(batch)
	if rolledBack {
		return
	}
	var cerr error
	if err := tx.Commit(); err != nil {
		_ = tx.Rollback()
		cerr = storageErr(err)
	}
	answer(batch, results, cerr)
}

// runAll runs the batch's requests in the transaction. When the
// transaction as a whole is lost (a request alone in it fails, or SQLite
// rolls it all back) it has been rolled back and every request answered:
// rolledBack is true. Otherwise results holds each request's error, nil for
// those to commit.
func (t *txn) runAll(batch []*writeReq) (results []error, rolledBack bool) {
	results = make([]error, len(batch))
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if len(batch) == 1 {
			// Alone in the transaction: a failure rolls the whole of it back.
			if err := r.fn(t); err != nil {
				_ = t.Rollback()
				r.done <- storageErr(err)
				return nil, true
			}
			continue
		}
		if _, err := t.Exec("SAVEPOINT w"); err != nil {
			results[i] = storageErr(err)
			continue
		}
		if err := r.fn(t); err != nil {
			results[i] = storageErr(err)
			if _, rerr := t.Exec("ROLLBACK TO w"); rerr != nil {
				t.lost(batch, results, i, rerr)
				return nil, true
			}
		}
		if _, err := t.Exec("RELEASE w"); err != nil && results[i] == nil {
			results[i] = storageErr(err)
		}
	}
	return results, false
}

// lost answers a batch whose transaction SQLite rolled back as a whole (a
// full disk does) while undoing request i: everyone in it is told the
// cause when it is one a person can act on.
func (t *txn) lost(batch []*writeReq, results []error, i int, rerr error) {
	_ = t.Rollback()
	lost := storageErr(rerr)
	if c := model.ErrorCode(results[i]); c == model.EFULL || c == model.ESTORAGE {
		lost = results[i]
	}
	for j, r := range batch {
		if results[j] == nil || j > i {
			results[j] = lost
		}
		r.done <- results[j]
	}
}

// answer sends each request its result, or err where it has none.
func answer(batch []*writeReq, results []error, err error) {
	for i, r := range batch {
		e := err
		if results != nil && results[i] != nil {
			e = results[i]
		}
		r.done <- e
	}
}

// smallJournal makes SQLite keep, for a batch of small writes only, the
// copies of the pages each savepoint changes in memory instead of in a
// temporary file, which costs a system call per page (a third of a
// sign-in's time in a burst). A sign-in changes a few pages and the copies
// are dropped at each RELEASE. SQLite reads the setting as the transaction
// begins; release puts the default back, so VACUUM and bulk writes still
// spill to disk. It reports whether it changed the setting.
func smallJournal(ctx context.Context, conn *sql.Conn, batch []*writeReq) bool {
	if len(batch) == 1 {
		return false // alone in its transaction: no savepoint (runAll)
	}
	for _, r := range batch {
		if !r.small {
			return false
		}
	}
	_, err := conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY")
	return err == nil
}

// release gives the writer connection back to its pool, with the default
// temporary storage when smallJournal changed it; a connection that cannot
// be reset is discarded, and the next one starts with the default.
func release(ctx context.Context, conn *sql.Conn, reset bool) {
	if reset {
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = DEFAULT"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	_ = conn.Close()
}

// prepareLater prepares, on the now idle writer connection, the statements
// the last batch had to prepare inside its transaction.
func (s *Store) prepareLater() {
	for q := range s.toPrepare {
		if st, err := s.w.Prepare(q); err == nil {
			s.stmts[q] = st
		}
		delete(s.toPrepare, q)
	}
}

// txn is the batch transaction handed to write functions. Its Exec, Query
// and QueryRow reuse statements prepared once on the writer connection:
// preparing costs more than running most of the kiosk's statements.
type txn struct {
	*sql.Tx
	s *Store
	// stmts are the transaction's own handles on those statements, made
	// once per transaction (Tx.Stmt makes a new one on every call) and
	// closed with it.
	stmts map[string]*sql.Stmt
}

func (t *txn) stmt(query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if ps, ok := t.s.stmts[query]; ok {
		st = t.Tx.Stmt(ps)
	} else {
		// The writer's one connection is busy with this transaction, so
		// prepare on the transaction now and on the connection after the
		// commit.
		t.s.toPrepare[query] = true
		var err error
		if st, err = t.Tx.Prepare(query); err != nil {
			return nil, err
		}
	}
	t.stmts[query] = st
	return st, nil
}

// Exec runs a cached statement in the transaction.
func (t *txn) Exec(query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.Exec(args...)
}

// Query runs a cached query in the transaction.
func (t *txn) Query(query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.Query(args...)
}

// QueryRow runs a cached single-row query in the transaction.
func (t *txn) QueryRow(query string, args ...any) *sql.Row {
	st, err := t.stmt(query)
	if err != nil {
		// Surface the prepare error through the row, as database/sql does.
		return t.Tx.QueryRow(query, args...)
	}
	return st.QueryRow(args...)
}
