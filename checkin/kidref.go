package checkin

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
)

// A one-tap page names each child by an opaque reference, never by its id:
// the child's id sealed (AES-GCM) to the family the page is for. The nonce
// is derived from the family and the child, so one child always gets the
// same reference (the ticks a page keeps after an error match), and a
// reference opens only with the family it was made for.

// kidRef seals childID for the one-tap page of familyID.
func kidRef(key []byte, familyID, childID string) string {
	aead := kidAEAD(key)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(familyID + "|" + childID))
	nonce := m.Sum(nil)[:aead.NonceSize()]
	return b64.EncodeToString(aead.Seal(nonce, nonce, []byte(childID), []byte(familyID)))
}

// openKid returns the child id a reference made for familyID holds.
func openKid(key []byte, familyID, ref string) (string, bool) {
	if len(ref) > 200 {
		return "", false
	}
	b, err := b64.DecodeString(ref)
	aead := kidAEAD(key)
	if err != nil || len(b) < aead.NonceSize()+aead.Overhead() {
		return "", false
	}
	id, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], []byte(familyID))
	if err != nil || len(id) == 0 {
		return "", false
	}
	return string(id), true
}

// kidAEAD is AES-256-GCM under a 32-byte key derived from the check-in
// secret (one per purpose).
func kidAEAD(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // the key is always 32 bytes
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}

// sealText encrypts and authenticates text under key with a random nonce.
func sealText(key []byte, text string) string {
	aead := kidAEAD(key)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return b64.EncodeToString(aead.Seal(nonce, nonce, []byte(text), nil))
}

// openText returns the text sealed by sealText under key.
func openText(key []byte, v string) (string, bool) {
	if len(v) > 600 {
		return "", false
	}
	b, err := b64.DecodeString(v)
	aead := kidAEAD(key)
	if err != nil || len(b) < aead.NonceSize()+aead.Overhead() {
		return "", false
	}
	text, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	return string(text), err == nil
}
