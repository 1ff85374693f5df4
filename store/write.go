package store

import (
	"context"
	"database/sql"

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
}

// write runs fn in a durable transaction shared with any writes that arrive
// at the same time. It returns after the transaction has committed (fn's
// effects are on disk) or failed (nothing of fn's is stored). fn runs once
// and is never retried; it must not keep tx.
func (s *Store) write(ctx context.Context, fn func(tx *txn) error) error {
	if s.reqs == nil {
		return model.Errorf(model.ESTORAGE, "数据库以只读方式打开", "the database is open read-only")
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
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

func (s *Store) runBatch(batch []*writeReq) {
	results := make([]error, len(batch))
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- storageErr(err)
		}
		return
	}
	t := &txn{Tx: tx, s: s}
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if len(batch) == 1 {
			// Alone in the transaction: a failure rolls the whole of it back.
			if results[i] = r.fn(t); results[i] != nil {
				tx.Rollback()
				r.done <- storageErr(results[i])
				s.prepareLater()
				return
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
				// SQLite rolled the whole transaction back (a full disk
				// does): fail the whole batch, telling everyone in it
				// the cause when it is one a person can act on.
				tx.Rollback()
				lost := storageErr(rerr)
				if c := model.ErrorCode(results[i]); c == model.EFULL || c == model.ESTORAGE {
					lost = results[i]
				}
				for j, r2 := range batch {
					if results[j] == nil || j > i {
						results[j] = lost
					}
					r2.done <- results[j]
				}
				s.prepareLater()
				return
			}
		}
		if _, err := t.Exec("RELEASE w"); err != nil && results[i] == nil {
			results[i] = storageErr(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tx.Rollback()
		cerr := storageErr(err)
		for i := range results {
			if results[i] == nil {
				results[i] = cerr
			}
		}
	}
	for i, r := range batch {
		r.done <- results[i]
	}
	s.prepareLater()
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
}

func (t *txn) stmt(query string) (*sql.Stmt, error) {
	if st, ok := t.s.stmts[query]; ok {
		return t.Tx.Stmt(st), nil
	}
	// The writer's one connection is busy with this transaction, so prepare
	// on the transaction now and on the connection after the commit.
	t.s.toPrepare[query] = true
	return t.Tx.Prepare(query)
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
