package export

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"filippo.io/age"

	"carekiosk/model"
)

// A sealed bundle is the signed station bundle encrypted with age to the
// county's X25519 recipient (from the county's plan), so a lost USB stick
// leaks nothing. Only the county's identity opens it; the bundle inside is
// byte for byte the one the station signed.

// SealedSuffix ends the name of a sealed bundle file.
const SealedSuffix = ".age"

// ageHeader starts every age file.
var ageHeader = []byte("age-encryption.org/v1\n")

// ParseRecipient reads the county's age recipient (age1…).
func ParseRecipient(s string) (*age.X25519Recipient, error) {
	r, err := age.ParseX25519Recipient(strings.TrimSpace(s))
	if err != nil {
		return nil, model.FieldErrorf("recipient", "县妇计中心的接收公钥（age1…）无效", "the county's receiving key (age1…) is invalid")
	}
	return r, nil
}

// ParseIdentity reads the county's age identity (AGE-SECRET-KEY-1…).
func ParseIdentity(s string) (*age.X25519Identity, error) {
	id, err := age.ParseX25519Identity(strings.TrimSpace(s))
	if err != nil {
		return nil, model.Errorf(model.ESTORAGE, "县妇计中心的解密密钥已损坏", "the county's decryption key is damaged")
	}
	return id, nil
}

// Seal encrypts src (a signed bundle) to recipient into dst.
func Seal(dst io.Writer, src io.Reader, recipient string) error {
	r, err := ParseRecipient(recipient)
	if err != nil {
		return err
	}
	w, err := age.Encrypt(dst, r)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, src); err != nil {
		return err
	}
	return w.Close()
}

// IsSealed reports whether a file starts like an age file.
func IsSealed(head []byte) bool { return bytes.HasPrefix(head, ageHeader) }

// Unseal decrypts a sealed bundle with the county's identity and returns
// the signed bundle inside, to read with Verify.
func Unseal(src io.ReaderAt, size int64, identity *age.X25519Identity) (io.ReaderAt, int64, error) {
	r, n, err := age.DecryptReaderAt(src, size, identity)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, 0, badBundle("这个数据包是加密给另一个县妇计中心的（不是本中心的接收密钥）", "the bundle is sealed to another county (not this center's receiving key)")
		}
		return nil, 0, badBundle("加密数据包无法解密：文件已损坏或被改动（%v）", "the sealed bundle cannot be decrypted: the file is damaged or altered (%v)", err)
	}
	return r, n, nil
}

// seal checks the signed bundle just written at path (inside the export's
// incomplete folder), encrypts it to the county's recipient as path.age
// and removes the unencrypted file: only the sealed one reaches the stick.
func (j *job) seal(path string, key ed25519.PrivateKey, recipient string) (string, error) {
	if _, err := VerifyFile(path, key.Public().(ed25519.PublicKey)); err != nil {
		return "", err
	}
	rel := filepath.ToSlash(path[len(j.out.tmp)+1:])
	err := j.out.write(rel+SealedSuffix, func(w io.Writer) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return Seal(w, f, recipient)
	})
	if err != nil {
		return "", err
	}
	if err := os.Remove(path); err != nil {
		return "", writeErr(path, err)
	}
	j.out.files = slices.DeleteFunc(j.out.files, func(f string) bool { return f == rel })
	return path + SealedSuffix, nil
}
