package checkin

import (
	"context"
	"sync"
	"time"

	"carekiosk/model"
)

// cacheTTL is how long the session header and the language are reused. Every
// phone of a burst reads the same session; the store still checks the
// session's state inside the write, so a session closed a moment ago never
// takes a sign-in, whatever the cache says.
const cacheTTL = 2 * time.Second

// cache keeps the few things every request reads.
type cache struct {
	mu       sync.Mutex
	sessions map[string]cachedSession
	lang     model.Lang
	langAt   time.Time
	// contact is what the consent notice names from the settings (the
	// station phone, the retention), read with the language.
	contact model.ConsentContact
	// reading holds the reads of sessions under way: the phones of a burst
	// that all miss the cache at once wait for one read instead of each
	// reading the session.
	reading map[string]*sessionRead
}

// sessionRead is one read of a session, shared by whoever asks meanwhile.
type sessionRead struct {
	done chan struct{} // closed once s and err are set
	s    *model.Session
	err  error
}

type cachedSession struct {
	s  *model.Session
	at time.Time
}

// maxCachedSessions bounds the cache; a kiosk has one or two open sessions.
const maxCachedSessions = 16

// cachedSession returns a session that accepts sign-ins from the cache, or reads
// it (a session in any other state is never cached, so opening one shows at
// once).
func (s *Server) cachedSession(ctx context.Context, id string) (*model.Session, error) {
	now := time.Now()
	s.cache.mu.Lock()
	c, ok := s.cache.sessions[id]
	if ok && now.Sub(c.at) < cacheTTL {
		s.cache.mu.Unlock()
		return c.s, nil
	}
	if rd, ok := s.cache.reading[id]; ok {
		s.cache.mu.Unlock()
		select {
		case <-rd.done:
			return rd.s, rd.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	rd := &sessionRead{done: make(chan struct{})}
	if s.cache.reading == nil {
		s.cache.reading = map[string]*sessionRead{}
	}
	s.cache.reading[id] = rd
	s.cache.mu.Unlock()
	// The read is shared: it does not stop when this phone goes away.
	rd.s, rd.err = s.st.Session(context.WithoutCancel(ctx), id)
	s.cache.mu.Lock()
	delete(s.cache.reading, id)
	if rd.err == nil && rd.s.State.AcceptsSignIns() {
		if s.cache.sessions == nil || len(s.cache.sessions) >= maxCachedSessions {
			s.cache.sessions = map[string]cachedSession{}
		}
		s.cache.sessions[id] = cachedSession{s: rd.s, at: now}
	}
	s.cache.mu.Unlock()
	close(rd.done)
	return rd.s, rd.err
}

// lang is the page language: Options.Lang, else the saved settings (read at
// most every cacheTTL).
func (s *Server) lang(ctx context.Context) model.Lang {
	now := time.Now()
	s.cache.mu.Lock()
	l, at := s.cache.lang, s.cache.langAt
	s.cache.mu.Unlock()
	if l != "" && now.Sub(at) < cacheTTL {
		if s.opt.Lang != "" {
			return s.opt.Lang
		}
		return l
	}
	l = model.LangZH
	var contact model.ConsentContact
	if set, err := s.st.Settings(ctx); err == nil {
		if set.Lang.English() {
			l = model.LangEN
		}
		contact = model.ContactOf(set, "")
	}
	s.cache.mu.Lock()
	s.cache.lang, s.cache.langAt, s.cache.contact = l, now, contact
	s.cache.mu.Unlock()
	if s.opt.Lang != "" {
		return s.opt.Lang
	}
	return l
}

// cachedIDs lists the sessions in the cache.
func (s *Server) cachedIDs() []string {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	ids := make([]string, 0, len(s.cache.sessions))
	for id := range s.cache.sessions {
		ids = append(ids, id)
	}
	return ids
}

// consent returns the notice's paragraphs for a session's page: its unit
// processes the data; the station phone and retention come from the
// settings (read at most every cacheTTL, with the language).
func (s *Server) consent(lang model.Lang, sess *model.Session) []string {
	s.lang(context.Background())
	s.cache.mu.Lock()
	c := s.cache.contact
	s.cache.mu.Unlock()
	if sess != nil {
		c.Unit = sess.Unit
	}
	return model.ConsentFor(lang, c).Lines()
}
