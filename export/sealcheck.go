package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// SealedInfo is what can be known of a sealed bundle without the county's
// identity: its size and the SHA-256 of the sealed file as it is.
type SealedInfo struct {
	Size   int64
	SHA256 string
}

// Sizes of the age format's parts that CheckSealed reads: the payload
// starts with a nonce, then chunks of 64 KiB of the bundle, each followed
// by its 16-byte tag (the last chunk shorter, never empty).
const (
	ageNonceSize = 16
	ageTagSize   = 16
	ageChunkSize = 64 << 10
)

// CheckSealedFile checks a sealed bundle file; see CheckSealed.
func CheckSealedFile(path string) (*SealedInfo, error) {
	f, size, err := openBundle(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return CheckSealed(f, size)
}

// CheckSealed checks what can be checked of a sealed bundle without the
// county's identity: that it is sealed as a station seals it (an age file
// to one X25519 recipient, its header whole and written as age writes it)
// and that the encrypted part is long enough for its chunks. Its content,
// signature and every encrypted byte can only be checked by the county,
// which decrypts it on import (Unseal, then Verify); the station checked
// the bundle before sealing it.
func CheckSealed(r io.ReaderAt, size int64) (*SealedInfo, error) {
	header, err := age.ExtractHeader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, badSealed("文件头无法读取（%v）", "its header cannot be read (%v)", err)
	}
	head := make([]byte, len(header))
	if n, _ := r.ReadAt(head, 0); n != len(head) || !bytes.Equal(head, header) {
		return nil, badSealed("文件头不是 age 写出的样子", "its header is not as age writes it")
	}
	if _, err := age.DecryptHeader(header, stanzaCheck{}); !errors.As(err, new(*age.NoIdentityMatchError)) {
		return nil, badSealed("接收方不是县妇计中心的一个 X25519 密钥（%v）", "its recipient is not one X25519 key of a county center (%v)", err)
	}
	payload := size - int64(len(header)) - ageNonceSize
	last := payload % (ageChunkSize + ageTagSize)
	if payload <= ageTagSize || (last != 0 && last <= ageTagSize) {
		return nil, badSealed("加密部分不完整（文件被截断）", "its encrypted part is incomplete (the file was cut short)")
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, badSealed("读取失败（%v）", "read failed (%v)", err)
	}
	return &SealedInfo{Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// badSealed names what is wrong with a sealed bundle's form.
func badSealed(zh, en string, args ...any) error {
	return badBundle("加密数据包已损坏："+zh, "the sealed bundle is damaged: "+en, args...)
}

// stanzaCheck is an age identity that opens nothing: it only checks that
// the header holds the one X25519 stanza a station writes (a 32-byte
// ephemeral share, a 32-byte wrapped file key), and then says it is not
// the identity, as any identity but the county's would.
type stanzaCheck struct{}

// Unwrap implements age.Identity.
func (stanzaCheck) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	if len(stanzas) != 1 {
		return nil, fmt.Errorf("%d recipients", len(stanzas))
	}
	s := stanzas[0]
	if s.Type != "X25519" || len(s.Args) != 1 || len(s.Body) != 32 {
		return nil, fmt.Errorf("a %q recipient", s.Type)
	}
	if share, err := base64.RawStdEncoding.Strict().DecodeString(s.Args[0]); err != nil || len(share) != 32 {
		return nil, errors.New("a damaged X25519 share")
	}
	return nil, age.ErrIncorrectIdentity
}
