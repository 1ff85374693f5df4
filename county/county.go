// Package county is the county center's side of carekiosk (县妇计中心): the
// plan it sends to every station (units and quotas of 附件3, age bands,
// reporting period), signed with its ed25519 key; the stations it
// registers; and the import of their bundles — decrypted with its age
// identity, verified against the registered key, checked along each
// station's chain and merged record by record. It holds no SQL: the
// county's database is package countydb, which implements Store.
package county

import (
	"crypto/ed25519"
	"crypto/rand"
	"time"

	"filippo.io/age"

	"carekiosk/model"
)

// Station is a station registered with the county, known by its key.
type Station struct {
	// ID is the county's id for the registration.
	ID          string
	PublicKey   string // carekiosk-ed25519:BASE64
	Fingerprint string
	UnitID      string
	Unit        string
	// StationID and Name are the station's own, from its latest bundle
	// ("" until one arrives).
	StationID    string
	Name         string
	RegisteredAt time.Time
}

// Receipt is one bundle the county stored.
type Receipt struct {
	ID             string
	Station        string // Station.ID
	Unit           string
	UnitID         string
	Sequence       int
	SHA256         string
	PreviousSHA256 string
	// CreatedAt is when the station wrote the bundle (by its clock);
	// ReceivedAt when the county imported it.
	CreatedAt  time.Time
	ReceivedAt time.Time
	From, To   string // the bundle's date range, "" for open ends
	FileName   string
	// Sealed is true when the bundle came encrypted to the county.
	Sealed bool
	// Replaced is true when another bundle with the same number came
	// before this one.
	Replaced bool
	Counts   Counts
}

// Counts says what one bundle did to the county's records, by record_id.
type Counts struct {
	// New records the county did not have.
	New int
	// Changed records whose content differed and were replaced.
	Changed int
	// Unchanged records the county already had as they are.
	Unchanged int
	// Older records: the county holds them from a newer bundle of the
	// station and kept that version.
	Older int
}

// Gap is a bundle number of a station that never arrived, though a later
// one did.
type Gap struct {
	Station  string // Station.ID
	Unit     string
	Sequence int
	// Covered is true when a later cumulative bundle over all dates has
	// arrived, so nothing of the missing one is lost.
	Covered bool
}

// Session is a session as the county holds it: the station's record with
// the unit it is registered to, and its counts.
type Session struct {
	model.Session
	// CountyStation is the registration (Station.ID) it came from.
	CountyStation string
	SignIns       int
	Families      int
	// Sequence is the bundle number the session's row comes from.
	Sequence int
}

// SessionFilter narrows Sessions. Zero fields match all.
type SessionFilter struct {
	From, To model.Date // inclusive
	UnitID   string
	// Closed lists only closed sessions (those the quota counts).
	Closed bool
}

// Withdrawn is a sign-in a later bundle no longer carried: withdrawn at the
// station after an earlier export.
type Withdrawn struct {
	ID        string
	SessionID string
	Seq       int
	ChildName string
	Relation  model.Relation
	AgeMonths int
	SignedAt  time.Time
	NoticedIn int // the bundle number that no longer held it
	NoticedAt time.Time
}

// Keys are the county's two keys: Sign signs the plan, Identity opens the
// bundles sealed to its Recipient.
type Keys struct {
	Sign     ed25519.PrivateKey
	Identity *age.X25519Identity
}

// NewKeys makes a fresh pair of county keys.
func NewKeys() (seed []byte, identity string, err error) {
	seed = make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, "", err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, "", err
	}
	return seed, id.String(), nil
}
